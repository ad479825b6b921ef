"""The distribution of a batch's scores (pyqtgraph), with the threshold line; updated per chunk."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from pad_desktop.gui.batch_table import HISTOGRAM_BINS
from pad_desktop.gui.gauge import APPROVE_BAR, INK, REFUSE_BAR, percent_ticks

translate = QCoreApplication.translate


class ScoreHistogram(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("scoreHistogram")
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        item = self.getPlotItem()
        item.setTitle(translate("ScoreHistogram", "Scores of this batch"), color=INK, size="10pt")
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setPen(INK)
            axis.setTextPen(INK)
        item.getAxis("bottom").setTicks(percent_ticks(0.2))
        item.getAxis("bottom").setStyle(hideOverlappingLabels=False)
        item.layout.setContentsMargins(6, 4, 18, 4)  # room for the 100 % label
        item.setLabel("left", translate("ScoreHistogram", "applicants"), color=INK)
        item.setLabel("bottom", translate("ScoreHistogram", "probability of default"), color=INK)
        self.edges = np.linspace(0.0, 1.0, HISTOGRAM_BINS + 1)
        self.counts = np.zeros(HISTOGRAM_BINS, dtype=np.int64)
        width = self.edges[1] - self.edges[0]
        self._bars = pg.BarGraphItem(
            x0=self.edges[:-1], width=width * 0.92, height=self.counts, brush=APPROVE_BAR
        )
        self.addItem(self._bars)
        self._line = pg.InfiniteLine(
            pos=0.5, angle=90, pen=pg.mkPen(INK, width=2, style=Qt.PenStyle.DashLine)
        )
        self.addItem(self._line)
        self.setXRange(0, 1, padding=0.02)
        self.threshold = 0.5
        self._redraw()

    def set_threshold(self, threshold: float) -> None:
        self.threshold = threshold
        self._line.setValue(threshold)
        self._redraw()

    def reset(self) -> None:
        self.counts[:] = 0
        self._redraw()

    def add(self, counts: np.ndarray, redraw: bool = True) -> None:
        self.counts += counts
        if redraw:
            self._redraw()

    def redraw(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        centres = (self.edges[:-1] + self.edges[1:]) / 2
        brushes = [REFUSE_BAR if c >= self.threshold else APPROVE_BAR for c in centres]
        self._bars.setOpts(height=self.counts, brushes=brushes)
        self.setYRange(0, max(int(self.counts.max()), 1) * 1.08, padding=0)
