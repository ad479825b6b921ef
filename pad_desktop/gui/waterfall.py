"""The contribution waterfall: from the population's base rate to this applicant.

Contributions are additive in log-odds, so the bars are laid out on a log-odds axis whose ticks
are labelled in probabilities (what the officer reads). One horizontal bar per field, sorted by
|contribution|, the field and its value on the left; a bar raising the risk is red and reads
"▲ +0.42", one lowering it is green and reads "▼ −0.31": the direction never rests on colour
alone. Past `MAX_BARS` fields, the smallest are summed into one "other fields" bar.

The rows are worked out in `waterfall_bars`; `waterfall_plot` draws them with pyqtgraph,
imported on the first drawing (see `lazy_chart`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from pad_desktop.gui.lazy_chart import LazyChart
from pad_desktop.gui.waterfall_bars import (  # noqa: F401 (the widget's names, for its users)
    LOWERS,
    MAX_BARS,
    RAISES,
    ROW_PX,
    Contribution,
    logit,
    sigmoid,
    translate,
    waterfall_bars,
)

if TYPE_CHECKING:
    from pad_desktop.gui.waterfall_plot import WaterfallPlot


class ContributionWaterfall(LazyChart["WaterfallPlot"]):
    """`set_contributions(base, probability, contributions)`; `clear_contributions()` empties."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waterfall")
        self.setAccessibleName(translate("Waterfall", "Contribution of each field"))
        self.rows: list[tuple[str, str]] = []  # (label, text) per row, top to bottom
        self.setMinimumHeight(200)

    def _make(self) -> WaterfallPlot:
        from pad_desktop.gui.waterfall_plot import WaterfallPlot

        return WaterfallPlot(self)

    def clear_contributions(self) -> None:
        self.rows = []
        self.setAccessibleDescription("")
        if self.built:
            self.chart().clear_bars()

    def set_contributions(
        self, base_probability: float, probability: float, contributions: Sequence[Contribution]
    ) -> None:
        """Draw base rate -> each field (largest first) -> the applicant's probability."""
        bars = waterfall_bars(base_probability, probability, contributions)
        self.chart().draw(bars)
        self.rows = list(zip(bars.labels, bars.texts, strict=True))
        # A chart is pixels to a screen reader: the same rows, as text.
        self.setAccessibleDescription("; ".join(f"{lab} {text}" for lab, text in self.rows))
        self.setMinimumHeight(max(200, ROW_PX * len(self.rows) + 50))

    def sizeHint(self) -> QSize:
        """As tall as the rows need: a scroll area asks this, and must not scroll for more."""
        return QSize(420, self.minimumHeight())
