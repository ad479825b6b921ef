"""A horizontal score bar (pyqtgraph): green below the threshold, red above, the score marked."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from pad_desktop.gui.i18n import pct

APPROVE_ZONE = QColor(46, 160, 67, 60)
REFUSE_ZONE = QColor(218, 54, 51, 60)
# The bar's colours keep a 4.5:1 contrast against their zone (tests/gui/test_accessibility.py).
APPROVE_BAR = QColor("#116329")
REFUSE_BAR = QColor("#a40e26")
INK = QColor(40, 44, 52)


translate = QCoreApplication.translate
# Text anchors of a vertical line's label: the text to the line's right, or to its left.
RIGHT, LEFT = (0.0, 0.5), (1.0, 0.5)
MARKER_SPAN = (0.2, 0.72)  # the bar is 0.3-0.7; the threshold's label lives above 0.76
MARKER_LABEL_Y = 0.12


def percent_ticks(step: float = 0.1) -> list[list[tuple[float, str]]]:
    n = round(1 / step)
    return [[(i * step, pct(i * step, 0)) for i in range(n + 1)]]


class ScoreGauge(pg.PlotWidget):
    """P(default) on [0, 1] with the threshold line; `set_score(None)` shows only the zones."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("scoreGauge")
        self.setMinimumHeight(96)
        self.setMaximumHeight(120)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setMenuEnabled(False)
        item = self.getPlotItem()
        item.hideAxis("left")
        axis = item.getAxis("bottom")
        axis.setTicks(percent_ticks())
        axis.setStyle(hideOverlappingLabels=False)
        item.layout.setContentsMargins(10, 4, 16, 4)  # room for the 0 % and 100 % labels
        axis.setPen(INK)
        axis.setTextPen(INK)
        self.setXRange(-0.015, 1.035, padding=0)
        self.setYRange(0, 1, padding=0)
        self._approve = pg.LinearRegionItem((0, 0.5), movable=False, brush=APPROVE_ZONE, pen=None)
        self._refuse = pg.LinearRegionItem((0.5, 1), movable=False, brush=REFUSE_ZONE, pen=None)
        for region in (self._approve, self._refuse):
            for line in region.lines:
                line.setPen(pg.mkPen(None))
            self.addItem(region)
        self._bar = pg.BarGraphItem(x0=[0], y0=[0.3], width=[0], height=[0.4], brush=APPROVE_BAR)
        self.addItem(self._bar)
        self._threshold = pg.InfiniteLine(
            pos=0.5,
            angle=90,
            pen=pg.mkPen(INK, width=2, style=Qt.PenStyle.DashLine),
            label="",
            labelOpts={"position": 0.87, "color": INK, "fill": (255, 255, 255, 220)},
        )
        self.addItem(self._threshold)
        # The score's marker spans the bar only, below the threshold's label (which sits in
        # the top band): it can never cross that label, wherever the score falls.
        self._marker = pg.PlotCurveItem(x=[0, 0], y=list(MARKER_SPAN), pen=pg.mkPen(INK, width=3))
        self._marker.hide()
        self.addItem(self._marker)
        self._marker_label = pg.TextItem("", color=INK, fill=(255, 255, 255, 230), anchor=RIGHT)
        self._marker_label.hide()
        self.addItem(self._marker_label)
        self.score: float | None = None
        self.threshold = 0.5

    def set_threshold(self, threshold: float) -> None:
        self.threshold = threshold
        self._approve.setRegion((0, threshold))
        self._refuse.setRegion((threshold, 1))
        self._threshold.setValue(threshold)
        self._threshold.label.setFormat(
            translate("ScoreGauge", "threshold {0}").format(pct(threshold, 0))
        )
        font = QFont()
        font.setPointSize(8)
        self._threshold.label.textItem.setFont(font)
        self.set_score(self.score)

    def set_score(self, score: float | None) -> None:
        self.score = score
        width = 0.0 if score is None else score
        brush = REFUSE_BAR if score is not None and score >= self.threshold else APPROVE_BAR
        self._bar.setOpts(width=[width], brush=brush)
        self._bar.setVisible(score is not None)
        self._marker.setVisible(score is not None)
        self._marker_label.setVisible(score is not None)
        if score is not None:
            self._marker.setData(x=[score, score], y=list(MARKER_SPAN))
            self._marker.setPen(pg.mkPen(brush, width=3))
            self._marker_label.setText(pct(score))
        self._place_labels()

    def _place_labels(self) -> None:
        """The threshold's label on the side away from the score where it fits, else on the
        other; the score's label towards the middle (it always fits inside the gauge)."""
        score = self.score
        threshold_side = LEFT if score is not None and score >= self.threshold else RIGHT
        width = self._threshold.label.boundingRect().width()
        room = self.getPlotItem().getViewBox().width() or 1.0  # pixels for the [0, 1] span
        if threshold_side == LEFT and self.threshold * room < width:
            threshold_side = RIGHT
        elif threshold_side == RIGHT and (1 - self.threshold) * room < width:
            threshold_side = LEFT
        self._threshold.label.anchors = [threshold_side, threshold_side]
        self._threshold.label.updatePosition()
        if score is not None:
            self._marker_label.setAnchor(RIGHT if score < 0.5 else LEFT)
            self._marker_label.setPos(score, MARKER_LABEL_Y)
