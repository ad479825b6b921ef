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


# The refused applicant the form screenshots show (explained, in French, in error).
REFUSED_APPLICANT = {
    "credit_amount": 7500,
    "duration_in_month": 36,
    "status_of_existing_checking_account": "... < 0 DM",
    "age_in_years": 24,
    "savings_account_and_bonds": "... < 100 DM",
    "purpose": "car (new)",
    "housing": "rent",
}


class ReadyWindow:
    """A main window at `size`, shown and ready, and ways to let its event loop run."""

    def __init__(self, prefs, size: tuple[int, int]) -> None:
        from PySide6.QtCore import QEventLoop

        from pad_desktop.gui.main_window import MainWindow

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


class Session(ReadyWindow):
    """The application in `language` and its ready main window at `size`."""

    def __init__(self, language: str, size: tuple[int, int]) -> None:
        from pad_desktop.gui.app import create_application
        from pad_desktop.gui.i18n import install_translators

        self.app, prefs = create_application()
        if language == "fr":
            self.translators = install_translators(self.app, "fr")
        super().__init__(prefs, size)
