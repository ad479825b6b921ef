"""The Drift tab's weekly trend: one point per ISO week of the report, from the decision log.

Above, the score's PSI per week, a bar coloured by its band (green stable, amber moderate, red
significant) with the 0.1 and 0.25 band lines; below, the share of refusals per week and, dashed,
the reference's. The x axis spans the report's weeks and stops at the end of the last one, or
at now if earlier (the current week's bar covers its days so far): nothing is drawn in the
future.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from pad_desktop.drift import Band, DriftSummary, WeekPoint, band
from pad_desktop.drift.psi import MODERATE, SIGNIFICANT
from pad_desktop.gui.gauge import APPROVE_BAR, INK, REFUSE_BAR, percent_ticks
from pad_desktop.gui.i18n import ui_language
from pad_desktop.texts.locale_text import date_words

WEEK_S = 7 * 24 * 3600
MODERATE_BAR = QColor(219, 142, 0)
BAND_BRUSH = {Band.STABLE: APPROVE_BAR, Band.MODERATE: MODERATE_BAR, Band.SIGNIFICANT: REFUSE_BAR}
GRID = QColor(150, 150, 150)


class LocaleDateAxis(pg.DateAxisItem):
    """pyqtgraph's date axis, its month and day names in the window's language (it writes
    them with strftime, in English whatever the officer chose)."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        texts = super().tickStrings(values, scale, spacing)
        return [date_words(t, ui_language()) for t in texts]


def utc_now() -> datetime:
    return datetime.now(UTC)


def week_start(point: WeekPoint) -> float:
    return datetime.combine(point.start, time.min, UTC).timestamp()


class DriftChart(pg.GraphicsLayoutWidget):
    def __init__(
        self, parent: QWidget | None = None, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(parent)
        self.clock = clock or utc_now  # what "now" is when a drawing is not told
        self.setObjectName("driftChart")
        self.setBackground("w")
        title = self.tr("Score PSI per week (0.1 moderate, 0.25 significant)")
        self.psi_plot = self._plot(0, title)
        self.refusal_plot = self._plot(1, self.tr("Share of refusals per week"))
        self.refusal_plot.setXLink(self.psi_plot)
        self.refusal_plot.getAxis("left").setTicks(percent_ticks(0.25))
        self.bars = pg.BarGraphItem(x0=[], width=[], height=[], brush=APPROVE_BAR)
        self.psi_plot.addItem(self.bars)
        for level in (MODERATE, SIGNIFICANT):
            color = MODERATE_BAR if level == MODERATE else REFUSE_BAR
            line = pg.InfiniteLine(
                pos=level, angle=0, pen=pg.mkPen(color, width=1, style=Qt.PenStyle.DashLine)
            )
            self.psi_plot.addItem(line)
        self.refusals = pg.PlotDataItem(
            pen=pg.mkPen(INK, width=2), symbol="o", symbolSize=6, symbolBrush=INK
        )
        self.refusal_plot.addItem(self.refusals)
        self.reference_line = pg.InfiniteLine(
            angle=0, pen=pg.mkPen(GRID, width=1, style=Qt.PenStyle.DashLine)
        )
        self.reference_line.setVisible(False)
        self.refusal_plot.addItem(self.reference_line)
        self.refusal_plot.setYRange(0, 1, padding=0.05)
        self.weeks: tuple[WeekPoint, ...] = ()  # the weeks drawn
        self.now = self.clock()  # the moment the drawing was made for
        self.set_summary(None)

    def _plot(self, row: int, title: str) -> pg.PlotItem:
        plot = self.addPlot(row=row, col=0, axisItems={"bottom": LocaleDateAxis()})
        plot.setTitle(title, color=INK, size="9pt")
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        for side in ("left", "bottom"):
            plot.getAxis(side).setPen(INK)
            plot.getAxis(side).setTextPen(INK)
        plot.getAxis("left").setWidth(44)
        return plot

    def set_summary(self, summary: DriftSummary | None, now: datetime | None = None) -> None:
        """Draw the weeks of `summary` (none for None or a report without weeks) as seen at
        `now` (default: the chart's clock): a week that starts at or after `now` is not drawn,
        and the current week's bar covers its days so far."""
        self.now = now or self.clock()
        current = self.now.timestamp()
        weeks = () if summary is None else summary.weeks
        self.weeks = tuple(w for w in weeks if week_start(w) < current)
        starts = [week_start(w) for w in self.weeks]
        spans = [min(WEEK_S, current - s) for s in starts]  # > 0: each week started before now
        psis = [w.score_psi or 0.0 for w in self.weeks]
        self.bars.setOpts(
            x0=[s + 0.1 * span for s, span in zip(starts, spans, strict=True)],
            width=[0.8 * span for span in spans],
            height=psis,
            brushes=[BAND_BRUSH[band(p)] for p in psis],
        )
        middles = [s + span / 2 for s, span in zip(starts, spans, strict=True)]
        rates = [(x, w.refusal_rate) for x, w in zip(middles, self.weeks, strict=True)]
        rates = [(x, y) for x, y in rates if y is not None]
        self.refusals.setData(x=[x for x, _ in rates], y=[y for _, y in rates])
        reference = None if summary is None else summary.reference_refusal_rate
        self.reference_line.setVisible(reference is not None)
        if reference is not None:
            self.reference_line.setValue(reference)
        self.psi_plot.setYRange(0, max([0.3, *psis]) * 1.1, padding=0)
        self.psi_plot.setXRange(*self.x_span(), padding=0)

    def x_span(self) -> tuple[float, float]:
        """From the first week's Monday to the end of the last week, or to the drawing's `now`
        if that is earlier; the 8 weeks before `now` when there is no week to draw."""
        current = self.now.timestamp()
        if not self.weeks:
            return current - 8 * WEEK_S, current
        first, last = week_start(self.weeks[0]), week_start(self.weeks[-1])
        return first, min(last + WEEK_S, current)
