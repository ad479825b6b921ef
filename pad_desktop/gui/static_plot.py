"""The base of the result's pyqtgraph charts: to read, not to explore."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from pad_desktop.gui.gauge import INK


class StaticPlot(pg.PlotWidget):
    """White, without mouse zoom, context menu or auto-range button; axes in the gauge's ink."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()

    def ink_axis(self, side: str) -> pg.AxisItem:
        axis = self.getPlotItem().getAxis(side)
        axis.setPen(INK)
        axis.setTextPen(INK)
        return axis
