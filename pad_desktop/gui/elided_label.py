"""A one-line label for the status bar: a text too long for its room ends in "…" and is
shown whole in its tooltip, so that the bar never wraps or grows a second line."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

MIN_CHARS = 12  # what it keeps when the bar is crowded: enough to know what it is about


class ElidedLabel(QLabel):
    """`filler`: it asks only for its minimum and takes the room the others leave (the drift
    alert: it is the one cut first, the model and the log's state keep their words)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, filler: bool = False) -> None:
        super().__init__(parent)
        self._tip = ""
        self.filler = filler
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._show_tip()
        self.updateGeometry()

    def setToolTip(self, tip: str) -> None:
        """A tooltip of its own (a database address, an error): shown under the full text."""
        self._tip = tip
        self._show_tip()

    def _show_tip(self) -> None:
        parts = dict.fromkeys(part for part in (self.text(), self._tip) if part)
        super().setToolTip("\n".join(parts))

    def full_width(self) -> int:
        """The width its whole text needs, with the padding a style sheet gives it."""
        padding = self.width() - self.contentsRect().width()
        return self.fontMetrics().horizontalAdvance(self.text()) + padding + 2

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def sizeHint(self) -> QSize:
        if self.filler:
            return self.minimumSizeHint()
        return QSize(self.full_width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        width = self.fontMetrics().averageCharWidth() * MIN_CHARS if self.text() else 0
        width += self.width() - self.contentsRect().width()
        return QSize(min(width, self.full_width()), super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, int(align), text)
