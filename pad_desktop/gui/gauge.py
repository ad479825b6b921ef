"""A horizontal score bar: green below the threshold, red above, the score marked.

Painted with QPainter rather than pyqtgraph: the gauge is on the empty form the officer sees
first, and pyqtgraph takes a second or two to import here (the charts load it after the form).
`parts()` is what `paintEvent` draws, so tests can check where every label lands.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from pad_desktop.gui.i18n import pct

APPROVE_ZONE = QColor(46, 160, 67, 60)
REFUSE_ZONE = QColor(218, 54, 51, 60)
# The bar's colours keep a 4.5:1 contrast against their zone (tests/gui/test_accessibility.py).
APPROVE_BAR = QColor("#116329")
REFUSE_BAR = QColor("#a40e26")
INK = QColor(40, 44, 52)
LABEL_FILL = QColor(255, 255, 255, 225)

translate = QCoreApplication.translate
X_SPAN = (-0.015, 1.035)  # the [0, 1] scale with room for the 0 % and 100 % ticks
BAR_BAND = (0.3, 0.7)  # of the plot's height, from the bottom
MARKER_SPAN = (0.2, 0.72)
MARGINS = (10, 4, 16, 4)  # left, top, right, bottom (px)
TICK_PX = 5
LABEL_PAD = 2.0


def percent_ticks(step: float = 0.1) -> list[list[tuple[float, str]]]:
    """pyqtgraph's tick format, for the charts that share the gauge's percent axis."""
    n = round(1 / step)
    return [[(i * step, pct(i * step, 0)) for i in range(n + 1)]]


@dataclass(frozen=True)
class GaugeGeometry:
    """Where `paintEvent` draws each part, in widget pixels."""

    plot: QRectF  # the zones; the axis is below it
    threshold_x: float
    threshold_label: QRectF
    bar: QRectF | None  # None without a score
    marker: QRectF | None
    score_label: QRectF | None


class ScoreGauge(QWidget):
    """P(default) on [0, 1] with the threshold line; `set_score(None)` shows only the zones."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreGauge")
        self.setMinimumHeight(96)
        self.setMaximumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.score: float | None = None
        self.threshold = 0.5
        self.threshold_text = ""
        self.score_text = ""
        self.set_threshold(self.threshold)

    # -- state --------------------------------------------------------------------------------
    def set_threshold(self, threshold: float) -> None:
        self.threshold = threshold
        self.threshold_text = translate("ScoreGauge", "threshold {0}").format(pct(threshold, 0))
        self.update()

    def set_score(self, score: float | None) -> None:
        self.score = score
        self.score_text = "" if score is None else pct(score)
        self.update()

    def bar_colour(self) -> QColor:
        refused = self.score is not None and self.score >= self.threshold
        return REFUSE_BAR if refused else APPROVE_BAR

    # -- layout -------------------------------------------------------------------------------
    def _fonts(self) -> tuple[QFont, QFont]:
        """(the axis and threshold font, the score label's font)."""
        small = QFont(self.font())
        small.setPointSize(8)
        return small, QFont(self.font())

    def _axis_px(self) -> float:
        return QFontMetricsF(self._fonts()[0]).height() + TICK_PX + 4

    def x_of(self, value: float) -> float:
        left, _top, right, _bottom = MARGINS
        lo, hi = X_SPAN
        return left + (value - lo) / (hi - lo) * max(self.width() - left - right, 1)

    def parts(self) -> GaugeGeometry:
        left, top, right, bottom = MARGINS
        plot = QRectF(
            left, top, max(self.width() - left - right, 1.0),
            max(self.height() - top - bottom - self._axis_px(), 1.0),
        )  # fmt: skip
        small, normal = self._fonts()

        def y_of(fraction: float) -> float:
            return plot.bottom() - fraction * plot.height()

        def label_rect(text: str, font: QFont, x: float, side: str, y: float) -> QRectF:
            metrics = QFontMetricsF(font)
            w = metrics.horizontalAdvance(text) + 2 * LABEL_PAD
            h = metrics.height() + LABEL_PAD
            rect = QRectF(x + 4 if side == "right" else x - 4 - w, y, w, h)
            # Kept inside the plot whatever the width: a label never leaves the gauge.
            rect.moveLeft(min(max(rect.left(), plot.left()), plot.right() - w))
            rect.moveTop(min(max(rect.top(), plot.top()), plot.bottom() - h))
            return rect

        score, threshold = self.score, self.threshold
        tx = self.x_of(threshold)
        # The threshold's label on the side away from the score where it fits, else the other;
        # it sits in the top band, the score's label in the bottom one: they never meet.
        side = "left" if score is not None and score >= threshold else "right"
        width = QFontMetricsF(small).horizontalAdvance(self.threshold_text) + 2 * LABEL_PAD + 4
        if side == "left" and tx - plot.left() < width:
            side = "right"
        elif side == "right" and plot.right() - tx < width:
            side = "left"
        threshold_label = label_rect(self.threshold_text, small, tx, side, plot.top() + 1)
        if score is None:
            return GaugeGeometry(plot, tx, threshold_label, None, None, None)
        sx = self.x_of(score)
        bar = QRectF(QPointF(self.x_of(0.0), y_of(BAR_BAND[1])), QPointF(sx, y_of(BAR_BAND[0])))
        marker_top = max(y_of(MARKER_SPAN[1]), threshold_label.bottom() + 2)
        marker = QRectF(sx - 1.5, marker_top, 3.0, y_of(MARKER_SPAN[0]) - marker_top)
        h = QFontMetricsF(normal).height() + LABEL_PAD
        score_side = "right" if score < 0.5 else "left"
        score_label = label_rect(self.score_text, normal, sx, score_side, plot.bottom() - h - 1)
        return GaugeGeometry(plot, tx, threshold_label, bar, marker, score_label)

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        g = self.parts()
        small, normal = self._fonts()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        plot = g.plot
        p.fillRect(QRectF(QPointF(self.x_of(0.0), plot.top()),
                          QPointF(g.threshold_x, plot.bottom())), APPROVE_ZONE)  # fmt: skip
        p.fillRect(QRectF(QPointF(g.threshold_x, plot.top()),
                          QPointF(self.x_of(1.0), plot.bottom())), REFUSE_ZONE)  # fmt: skip
        colour = self.bar_colour()
        if g.bar is not None and g.marker is not None:
            p.fillRect(g.bar, colour)
            p.fillRect(g.marker, colour)
        p.setPen(QPen(INK, 2, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(g.threshold_x, plot.top()), QPointF(g.threshold_x, plot.bottom()))
        self._paint_axis(p, plot, small)
        self._paint_label(p, g.threshold_label, self.threshold_text, small)
        if g.score_label is not None:
            self._paint_label(p, g.score_label, self.score_text, normal)
        p.end()

    def _paint_axis(self, p: QPainter, plot: QRectF, font: QFont) -> None:
        p.setPen(QPen(INK, 1))
        p.setFont(font)
        y = plot.bottom()
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        metrics = QFontMetricsF(font)
        ticks = percent_ticks()[0]
        widest = max(metrics.horizontalAdvance(text) for _, text in ticks) + 6
        spacing = self.x_of(0.1) - self.x_of(0.0)
        every = 1 if spacing >= widest else 2  # a narrow gauge labels every other tick
        for i, (value, text) in enumerate(ticks):
            x = self.x_of(value)
            p.drawLine(QPointF(x, y), QPointF(x, y + TICK_PX))
            if i % every == 0:
                w = metrics.horizontalAdvance(text)
                p.drawText(QPointF(x - w / 2, y + TICK_PX + metrics.ascent() + 1), text)

    def _paint_label(self, p: QPainter, rect: QRectF, text: str, font: QFont) -> None:
        p.fillRect(rect, LABEL_FILL)
        p.setPen(INK)
        p.setFont(font)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
