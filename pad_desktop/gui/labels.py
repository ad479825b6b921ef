"""Small labels the tabs share: a message line that stays hidden until it has something to say."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from pad_desktop.decisions.records import Outcome


def message_label(name: str, style: str) -> QLabel:
    """A hidden, word-wrapped label named `name` (tests and style sheets find it by name)."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(style)
    label.setWordWrap(True)
    label.hide()
    return label


NOTE_STYLE = "color: #116329;"


def show_written(label: QLabel, text: str, path: str) -> None:
    """Confirm an export where the officer looks: `text` names the file; the full path is in
    the tooltip and selectable (to paste it into Explorer)."""
    label.setText(text)
    label.setToolTip(path)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.show()


def describe(control: QWidget, name: str, description: str, error: str = "") -> None:
    """What a screen reader says for a control: its name, then its error or what it does."""
    control.setAccessibleName(name)
    control.setAccessibleDescription(error or description)


def outcome_label(outcome: Outcome) -> str:
    """A decision's outcome in the window's language."""
    if outcome is Outcome.APPROVED:
        return QCoreApplication.translate("Outcome", "Approved")
    return QCoreApplication.translate("Outcome", "Refused")
