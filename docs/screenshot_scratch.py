"""Throwaway user folders for the screenshot scripts: imported first, before Qt or the app.

Every screenshot runs on its own data, settings and decision log, never the user's.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SCRATCH = Path(tempfile.mkdtemp(prefix="pad-shots-"))
os.environ["PAD_DATA_DIR"] = str(SCRATCH / "data")
os.environ["PAD_CACHE_DIR"] = str(SCRATCH / "cache")
os.environ.pop("DATABASE_URL", None)

from PySide6.QtCore import QSettings  # noqa: E402

QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(SCRATCH))


class Session:
    """A ready main window at `size` in `language`, and ways to let its event loop run."""

    def __init__(self, language: str, size: tuple[int, int]) -> None:
        from PySide6.QtCore import QEventLoop

        from pad_desktop.gui.app import create_application
        from pad_desktop.gui.i18n import install_translators
        from pad_desktop.gui.main_window import MainWindow

        self.app, prefs = create_application()
        if language == "fr":
            self.translators = install_translators(self.app, "fr")
        self.window = MainWindow(None, prefs)
        self.window.resize(*size)
        self.window.show()
        self.loop = QEventLoop()
        self.window.sig_ready.connect(self.loop.quit)
        self.loop.exec()

    def wait(self, ms: int) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(ms, self.loop.quit)
        self.loop.exec()

    def until(self, predicate, timeout_s: float = 240) -> None:
        import time

        start = time.time()
        while not predicate() and time.time() - start < timeout_s:
            self.wait(100)
