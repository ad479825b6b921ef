"""The waterfall's pyqtgraph drawing (`waterfall.ContributionWaterfall` builds it on first use)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QWidget

from pad_desktop.gui.gauge import INK
from pad_desktop.gui.i18n import pct
from pad_desktop.gui.static_plot import StaticPlot
from pad_desktop.gui.waterfall_bars import (
    LABEL_MAX_PX,
    PROBABILITY_TICKS,
    TEXT_PX,
    TOTAL,
    WaterfallBars,
    logit,
    translate,
)


class WaterfallPlot(StaticPlot):
    """`draw(bars)` on a log-odds axis labelled in probabilities; `clear_bars()` empties."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        item = self.getPlotItem()
        item.layout.setContentsMargins(4, 4, 28, 4)
        for side in ("left", "bottom"):
            self.ink_axis(side)
        item.getAxis("left").setStyle(tickLength=0, hideOverlappingLabels=False)
        small = QFont()
        small.setPointSize(8)
        item.getAxis("bottom").setStyle(hideOverlappingLabels=True, tickFont=small)
        item.setLabel("bottom", translate("Waterfall", "probability of default"), color=INK)
        self._items: list[pg.GraphicsObject] = []
        self._span: tuple[float, float] | None = None  # log-odds the bars cover

    def clear_bars(self) -> None:
        for it in self._items:
            self.removeItem(it)
        self._items = []
        self._span = None
        self.getPlotItem().getAxis("left").setTicks([[]])

    def draw(self, bars: WaterfallBars) -> None:
        self.clear_bars()
        labels, texts, brushes = bars.labels, bars.texts, bars.colours
        starts, widths = bars.starts, bars.widths
        base, final = bars.base, bars.final
        n = len(labels)
        ys = list(range(n - 1, -1, -1))  # first row at the top
        bar_items = pg.BarGraphItem(
            x0=[s + min(w, 0) for s, w in zip(starts, widths, strict=True)],
            y=ys,
            width=[abs(w) for w in widths],
            height=0.62,
            brushes=brushes,
            pens=[pg.mkPen(b) for b in brushes],
        )
        self._add(bar_items)
        for y, x in ((ys[0], base), (ys[-1], final)):  # the two totals are markers
            marker = pg.ScatterPlotItem([x], [y], symbol="d", size=13, brush=TOTAL, pen=INK)
            self._add(marker)
        dotted = pg.mkPen(TOTAL, style=Qt.PenStyle.DotLine)
        self._add(pg.InfiniteLine(pos=base, angle=90, pen=dotted))
        font = QFont()
        font.setPointSize(8)
        lo = min(min(starts), min(s + w for s, w in zip(starts, widths, strict=True)))
        hi = max(max(starts), max(s + w for s, w in zip(starts, widths, strict=True)))
        pad = max((hi - lo) * 0.02, 0.02)
        for y, s, w, text, brush in zip(ys, starts, widths, texts, brushes, strict=True):
            label = pg.TextItem(text, color=brush if brush != TOTAL else INK, anchor=(0, 0.5))
            label.setFont(font)
            label.setPos(max(s, s + w) + pad, y)
            self._add(label)
        axis = self.getPlotItem().getAxis("left")
        metrics = QFontMetrics(QFont())
        shown = [metrics.elidedText(t, Qt.TextElideMode.ElideMiddle, LABEL_MAX_PX) for t in labels]
        axis.setTicks([[(y, lab) for y, lab in zip(ys, shown, strict=True)]])
        axis.setWidth(max(metrics.horizontalAdvance(t) for t in shown) + 14)
        self._span = (lo - pad * 4, hi)
        self._fit()
        self.setYRange(-0.6, n - 0.4, padding=0)

    def _fit(self) -> None:
        """The x range: the bars, and on the right the pixels their texts need, whatever the
        width the window gives the chart."""
        span_of = getattr(self, "_span", None)  # pyqtgraph resizes before __init__ ends
        if span_of is None:
            return
        lo, hi = span_of
        span = max(hi - lo, 0.5)
        plot_px = max(self.getPlotItem().vb.width(), TEXT_PX * 2.5)
        right = span * TEXT_PX / (plot_px - TEXT_PX)
        shown_p = [p for p in PROBABILITY_TICKS if lo < logit(p) < hi + right]
        ticks = [(logit(p), _percent(p)) for p in shown_p]
        self.getPlotItem().getAxis("bottom").setTicks([ticks])
        self.setXRange(lo, lo + span + right, padding=0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _add(self, item: pg.GraphicsObject) -> None:
        self.addItem(item)
        self._items.append(item)


def _percent(p: float) -> str:
    return pct(p, 1) if p < 0.01 else pct(p, 0)
