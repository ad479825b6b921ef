"""Start the application: QApplication, language, style, error hook, main window."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from pad_desktop.gui import pyside_probe
from pad_desktop.gui.errors import install_excepthook
from pad_desktop.gui.i18n import pick_language, switch_language
from pad_desktop.gui.preferences import Preferences, use_preferences
from pad_desktop.runtime.paths import APP_AUTHOR, APP_NAME, resources_dir, user_data_dir
from pad_desktop.runtime.settings import SettingsError
from pad_desktop.texts import describe, text

pyside_probe.install()  # before the window's modules: PySide's probe of each, made cheap
GIL_SWITCH_S = 0.001
STYLE = """
QMainWindow, QDialog { background: #f6f8fa; }
QTabWidget::pane { border-top: 1px solid #d0d7de; }
QTabBar::tab { padding: 8px 18px; font-weight: 600; }
QStatusBar QLabel { padding: 0 10px; }
QLineEdit, QComboBox { padding: 3px 4px; }
QGroupBox { font-weight: 600; }
"""


def log_to_file() -> None:
    """Tracebacks go to a file in the user data folder, never to the screen."""
    handler = RotatingFileHandler(
        user_data_dir() / "pad_desktop.log", maxBytes=2_000_000, backupCount=2, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def create_application(argv: list[str] | None = None) -> tuple[QApplication, Preferences]:
    """The QApplication with names, language and style set (reuses a running one in tests)."""
    QCoreApplication.setOrganizationName(APP_AUTHOR)
    QCoreApplication.setApplicationName(APP_NAME)
    # The drift tab's web view shares OpenGL contexts; Qt wants this before the application.
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName("Prêt à dépenser")
    icon = resources_dir() / "icons" / "pad_desktop.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    prefs = Preferences.load()
    try:
        settings = use_preferences(prefs)
    except SettingsError as exc:  # started from a menu, the window has no console to say it
        lang = pick_language(prefs.language or None)
        switch_language(app, lang)
        error = describe(exc, lang)
        QMessageBox.critical(None, "Prêt à dépenser", text("settings.unusable", lang, error=error))
        raise
    language = pick_language(settings.language)
    switch_language(app, language)
    # Workers hold the GIL in turns of this length; the UI thread waits up to one turn each
    # time it gets the GIL back from a Qt call. 5 ms (Python's default) made slots crawl
    # during a batch.
    sys.setswitchinterval(GIL_SWITCH_S)
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    return app, prefs


def run(model_path: str | None = None) -> int:
    app, prefs = create_application()
    log_to_file()
    install_excepthook()
    from pad_desktop.gui.main_window import MainWindow

    window = MainWindow(model_path, prefs)
    window.show()
    return app.exec()
