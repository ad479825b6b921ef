"""The window's Preferences: the dialog, and the officer's changes put to work at once (the
name on the next record, a new database reopened on a worker, a new language spoken)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from pad_desktop.gui import jobs, window_start
from pad_desktop.gui.i18n import pick_language
from pad_desktop.gui.preferences import Preferences, use_preferences

translate = QCoreApplication.translate

if TYPE_CHECKING:
    from pad_desktop.gui.main_window import MainWindow
    from pad_desktop.gui.preferences_dialog import PreferencesDialog


def open_preferences(window: MainWindow) -> PreferencesDialog:
    from pad_desktop.gui.preferences_dialog import PreferencesDialog

    read_hub_token(window)
    dialog = PreferencesDialog(window.prefs, window.runner, window)
    dialog.sig_saved.connect(window.apply_preferences)
    dialog.open()
    return dialog


def read_hub_token(window: MainWindow) -> None:
    """The keyring's Hub token, read the first time it is needed (see `with_hub_token`)."""
    if window.prefs.hub_token is None:
        apply_preferences(window, window.prefs.with_hub_token())


def apply_preferences(window: MainWindow, prefs: Preferences) -> None:
    old_language = window.settings.language
    window.prefs = prefs.with_defaults()
    reopen = window.ws.use_settings(use_preferences(window.prefs))
    window.status.show_officer(window.ws.identity)
    if reopen:
        window.status.show_log(translate("MainWindow", "Decision log: reconnecting…"))
        previous = window.set_log(None)  # nothing is decided while the log reopens
        window.runner.start(
            jobs.reopen_log,
            window.ws,
            previous,
            on_result=lambda opened: window_start.log_opened(window, opened),
            on_error=lambda exc: window_start.log_failed(window, exc),
        )
    if window.settings.language != old_language:
        window.set_language(pick_language(window.settings.language))
