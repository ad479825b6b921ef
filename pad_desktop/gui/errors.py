"""Errors as an officer reads them: one plain sentence, the technical part behind "Show Details".

No dialog ever shows a traceback: unexpected exceptions are written to the log file with their
traceback and the dialog shows the exception's class and message only.
"""

from __future__ import annotations

import json
import logging
import sys
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)


translate = QCoreApplication.translate


def describe(exc: BaseException) -> tuple[str, str]:
    """(the sentence for the officer, the technical details) of an exception."""
    from pad_desktop.decisions import StoreUnreadable
    from pad_desktop.gui.i18n import ui_language
    from pad_desktop.hub import HubError
    from pad_desktop.model.bundle import BundleError
    from pad_desktop.model.signature import ApplicantError
    from pad_desktop.policy import PolicyError
    from pad_desktop.texts import Worded
    from pad_desktop.texts import describe as word

    details = f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}"
    if isinstance(exc, ApplicantError):
        return "\n".join(e.message for e in exc.errors), details
    if isinstance(exc, PolicyError):  # PAD_POLICY names a policy that cannot be used
        return exc.one_line(ui_language()), details
    # Worded by the core: CsvFormatError, LogClosed, SettingsError, the batch process's...
    if isinstance(exc, HubError | StoreUnreadable | BundleError | Worded):
        return word(exc, ui_language()), details
    if isinstance(exc, json.JSONDecodeError):
        return translate("errors", "The file is not valid JSON (line {0}).").format(
            exc.lineno
        ), details
    if isinstance(exc, PermissionError):
        return translate("errors", "The file cannot be opened: permission denied."), details
    if isinstance(exc, FileNotFoundError):
        return translate("errors", "The file does not exist (any more)."), details
    if isinstance(exc, OSError):
        return translate("errors", "The file could not be read or written."), details
    module = type(exc).__module__
    if module.startswith(("sqlalchemy", "psycopg", "sqlite3")):
        return translate(
            "errors", "The decision database could not be reached or refused the request."
        ), details
    return translate(
        "errors", "Something went wrong. The details below help IT find the cause."
    ), details


def show_error(parent: QWidget | None, title: str, exc_or_text: BaseException | str) -> QMessageBox:
    """A window-modal message with the readable sentence and a details expander.

    It opens without blocking (`open`, not `exec`): workers keep reporting meanwhile.
    """
    if isinstance(exc_or_text, BaseException):
        text, details = describe(exc_or_text)
    else:
        text, details = exc_or_text, ""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorDialog")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if details:
        box.setDetailedText(details)
    box.open()
    return box


def install_excepthook() -> None:
    """Unexpected exceptions in slots: full traceback to the log, a readable dialog on screen."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, exc, tb))
        if isinstance(exc, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        show_error(None, translate("errors", "Unexpected error"), exc)

    sys.excepthook = hook
