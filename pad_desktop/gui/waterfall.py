"""The contribution waterfall (pyqtgraph): from the population's base rate to this applicant.

Contributions are additive in log-odds, so the bars are laid out on a log-odds axis whose ticks
are labelled in probabilities (what the officer reads). One horizontal bar per field, sorted by
|contribution|, the field and its value on the left; a bar raising the risk is red and reads
"▲ +0.42", one lowering it is green and reads "▼ −0.31": the direction never rests on colour
alone. Past `MAX_BARS` fields, the smallest are summed into one "other fields" bar.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QWidget

from pad_desktop.gui.gauge import INK
from pad_desktop.gui.i18n import num, pct

translate = QCoreApplication.translate

# Text colours with >= 4.5:1 contrast on white (WCAG AA): #b31d28 is 6.4:1, #1a7f37 is 5.1:1.
RAISES = QColor("#b31d28")
LOWERS = QColor("#1a7f37")
TOTAL = QColor("#57606a")
MAX_BARS = 12
LABEL_MAX_PX = 210  # a longer field label is cut rather than squeezing the bars
TEXT_PX = 64  # the width of a bar's "▲ +0.42" at 8 pt
ROW_PX = 20  # per bar: the labels stay legible for 18 fields and more
PROBABILITY_TICKS = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99)


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True)
class Contribution:
    """One field's share of the decision: `label` ("Credit duration: 36 months"), log-odds."""

    label: str
    value: float


def arrow_text(value: float) -> str:
    """The bar's own words: its direction by an arrow and a sign, besides its colour."""
    size = num(abs(value), 2)  # in the window's writing: "+0,87" in French
    return f"▲ +{size}" if value > 0 else f"▼ −{size}"


def fold(contributions: Sequence[Contribution], limit: int = MAX_BARS) -> list[Contribution]:
    """Sorted by |value|, largest first; beyond `limit`, the rest summed into one row."""
    ranked = sorted(contributions, key=lambda c: -abs(c.value))
    if len(ranked) <= limit:
        return ranked
    rest = ranked[limit - 1 :]
    other = translate("Waterfall", "{0} other fields").format(len(rest))  # always 2 or more
    return [*ranked[: limit - 1], Contribution(other, sum(c.value for c in rest))]


class ContributionWaterfall(pg.PlotWidget):
    """`set_contributions(base, probability, contributions)`; `clear_contributions()` empties."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("waterfall")
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setAccessibleName(translate("Waterfall", "Contribution of each field"))
        item = self.getPlotItem()
        item.layout.setContentsMargins(4, 4, 28, 4)
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setPen(INK)
            axis.setTextPen(INK)
        item.getAxis("left").setStyle(tickLength=0, hideOverlappingLabels=False)
        small = QFont()
        small.setPointSize(8)
        item.getAxis("bottom").setStyle(hideOverlappingLabels=True, tickFont=small)
        item.setLabel("bottom", translate("Waterfall", "probability of default"), color=INK)
        self.rows: list[tuple[str, str]] = []  # (label, text) per row, top to bottom
        self._items: list[pg.GraphicsObject] = []
        self._span: tuple[float, float] | None = None  # log-odds the bars cover
        self.setMinimumHeight(200)

    def clear_contributions(self) -> None:
        for it in self._items:
            self.removeItem(it)
        self._items = []
        self.rows = []
        self._span = None
        self.setAccessibleDescription("")
        self.getPlotItem().getAxis("left").setTicks([[]])

    def set_contributions(
        self, base_probability: float, probability: float, contributions: Sequence[Contribution]
    ) -> None:
        """Draw base rate -> each field (largest first) -> the applicant's probability."""
        self.clear_contributions()
        bars = fold(contributions)
        base = logit(base_probability)
        labels = [translate("Waterfall", "Population average")]
        texts = [pct(base_probability)]
        starts, widths, brushes = [base], [0.0], [TOTAL]
        level = base
        for c in bars:
            starts.append(level)
            widths.append(c.value)
            brushes.append(RAISES if c.value > 0 else LOWERS)
            labels.append(c.label)
            texts.append(arrow_text(c.value))
            level += c.value
        labels.append(translate("Waterfall", "This applicant"))
        texts.append(pct(probability))
        final = logit(probability)
        starts.append(final)
        widths.append(0.0)
        brushes.append(TOTAL)
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
        self.rows = list(zip(labels, texts, strict=True))
        # A chart is pixels to a screen reader: the same rows, as text.
        self.setAccessibleDescription("; ".join(f"{lab} {text}" for lab, text in self.rows))
        axis = self.getPlotItem().getAxis("left")
        metrics = QFontMetrics(QFont())
        shown = [metrics.elidedText(t, Qt.TextElideMode.ElideMiddle, LABEL_MAX_PX) for t in labels]
        axis.setTicks([[(y, lab) for y, lab in zip(ys, shown, strict=True)]])
        axis.setWidth(max(metrics.horizontalAdvance(t) for t in shown) + 14)
        self._span = (lo - pad * 4, hi)
        self._fit()
        self.setYRange(-0.6, n - 0.4, padding=0)
        self.setMinimumHeight(max(200, ROW_PX * n + 50))

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

    def sizeHint(self) -> QSize:
        """As tall as the rows need: a scroll area asks this, and must not scroll for more."""
        return QSize(420, self.minimumHeight())

    def _add(self, item: pg.GraphicsObject) -> None:
        self.addItem(item)
        self._items.append(item)


def _percent(p: float) -> str:
    return pct(p, 1) if p < 0.01 else pct(p, 0)
