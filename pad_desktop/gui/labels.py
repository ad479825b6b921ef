"""Small labels the tabs share: a message line that stays hidden until it has something to say."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def message_label(name: str, style: str) -> QLabel:
    """A hidden, word-wrapped label named `name` (tests and style sheets find it by name)."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(style)
    label.setWordWrap(True)
    label.hide()
    return label
