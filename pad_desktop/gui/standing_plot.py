"""The population panel's small chart, drawn with pyqtgraph (built on first use)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from pad_desktop.gui.population_data import (
    DEFAULTED,
    MARK,
    REPAID,
    FieldStanding,
    shares,
    short_label,
)
from pad_desktop.gui.static_plot import StaticPlot


class StandingPlot(StaticPlot):
    """Repaid vs defaulted share per bin, the applicant's bin marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        item = self.getPlotItem()
        item.hideAxis("left")
        axis = self.ink_axis("bottom")
        small = QFont()
        small.setPointSize(8)
        axis.setStyle(tickFont=small)
        item.layout.setContentsMargins(4, 2, 10, 2)

    def set_standing(self, s: FieldStanding) -> None:
        self.clear()
        n = len(s.bins)
        xs = list(range(n))
        good, bad = shares(s.good), shares(s.bad)
        width = 0.38
        self.addItem(pg.BarGraphItem(x=[x - width / 2 for x in xs], height=good, width=width,
                                     brush=REPAID, pen=pg.mkPen(REPAID)))  # fmt: skip
        self.addItem(pg.BarGraphItem(x=[x + width / 2 for x in xs], height=bad, width=width,
                                     brush=DEFAULTED, pen=pg.mkPen(DEFAULTED)))  # fmt: skip
        if 0 <= s.applicant_bin < n:
            mark = pg.InfiniteLine(pos=s.applicant_bin, angle=90, pen=pg.mkPen(MARK, width=2))
            self.addItem(mark)
        step = max(1, n // 6)  # at most ~6 tick labels: long category names stay legible
        limit = max(6, 54 // max(n, 1))  # the axis is ~300 px wide: labels must not overlap
        ticks = [(i, short_label(label, limit)) for i, label in enumerate(s.bins) if i % step == 0]
        self.getPlotItem().getAxis("bottom").setTicks([ticks])
        self.setXRange(-0.6, n - 0.4, padding=0)
        self.setYRange(0, max([*good, *bad, 0.01]) * 1.1, padding=0)
