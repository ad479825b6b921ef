"""The weekly chart draws nothing in the future, whatever the day and hour `now` is.

`now` is an input here (never the wall clock): each case logs a week of decisions ending at
`now`, takes the weekly trend as the report does, and draws it as seen at `now`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from pad_desktop.drift import DriftSummary
from pad_desktop.drift.psi import fit_numeric
from pad_desktop.drift.trend import weekly_trend
from pad_desktop.gui.drift_chart import WEEK_S, DriftChart, week_start

MOMENTS = [
    datetime(2026, 11, 22, 23, 30, tzinfo=UTC),  # Sunday 23:30: one week only, the old failure
    datetime(2026, 11, 22, 23, 59, 59, tzinfo=UTC),  # the last second of a week
    datetime(2026, 11, 23, 0, 0, tzinfo=UTC),  # Monday 00:00: a week has just ended
    datetime(2026, 11, 23, 0, 30, tzinfo=UTC),  # Monday, the new week too young to count
    datetime(2026, 11, 25, 12, 0, tzinfo=UTC),  # Wednesday noon: two weeks
    datetime(2026, 11, 28, 18, 45, tzinfo=UTC),  # Saturday evening
    datetime(2026, 12, 31, 23, 30, tzinfo=UTC),  # the ISO year's last week (2026-W53)
]


def _summary(now: datetime, days: float = 7.0, rows: int = 1_000) -> DriftSummary:
    """A report of `rows` decisions spread evenly over the `days` before `now`."""
    since = now - timedelta(days=days)
    moments = pd.Series(pd.date_range(since, now, periods=rows))
    rng = np.random.default_rng(0)
    inputs = pd.DataFrame({"x": rng.normal(size=rows)})
    bins = {"x": fit_numeric(pd.Series(rng.normal(size=1_000)))}
    scores = pd.Series(rng.uniform(size=rows))
    weeks = weekly_trend(
        moments,
        inputs,
        bins,
        now,
        scores=scores,
        score_bins=fit_numeric(pd.Series(rng.uniform(size=1_000))),
        refused=scores > 0.5,
    )
    return DriftSummary(
        "m",
        "Model",
        since,
        now,
        rows,
        1_000,
        0.5,
        0.0,
        0,
        1,
        False,
        (),
        reference_refusal_rate=0.3,
        weeks=tuple(weeks),
    )


@pytest.fixture
def chart(qtbot) -> DriftChart:
    widget = DriftChart(clock=lambda: MOMENTS[0])
    qtbot.addWidget(widget)
    return widget


@pytest.mark.parametrize("now", MOMENTS, ids=lambda m: m.strftime("%a-%H%M%S"))
def test_nothing_is_drawn_after_now(chart: DriftChart, now: datetime) -> None:
    summary = _summary(now)
    assert summary.weeks
    chart.set_summary(summary, now=now)
    first, last = week_start(summary.weeks[0]), week_start(summary.weeks[-1])
    start, end = chart.x_span()
    assert start == first
    assert end == min(last + WEEK_S, now.timestamp())  # end of the last week, or now if earlier
    shown_start, shown_end = chart.psi_plot.viewRange()[0]
    assert shown_end <= now.timestamp() + 1e-3 and shown_start == pytest.approx(first)
    bar_ends = [x + w for x, w in zip(chart.bars.opts["x0"], chart.bars.opts["width"], strict=True)]
    assert len(bar_ends) == len(summary.weeks) and max(bar_ends) <= now.timestamp()
    points, _ = chart.refusals.getData()
    assert len(points) == len(summary.weeks) and max(points) <= now.timestamp()


def test_the_chart_is_drawn_for_the_moment_it_is_told(chart: DriftChart) -> None:
    """Without a `now`, the chart's own clock decides (here a fixed one), never the machine's."""
    chart.set_summary(_summary(MOMENTS[0]))
    assert chart.now == MOMENTS[0]
    assert chart.x_span()[1] == MOMENTS[0].timestamp()


def test_a_week_after_now_is_not_drawn(chart: DriftChart) -> None:
    """A report saved by a machine whose clock was ahead, shown on one whose clock is right."""
    wednesday = datetime(2026, 11, 25, 12, tzinfo=UTC)
    summary = _summary(wednesday, days=14)
    earlier = wednesday - timedelta(days=3)  # Sunday of the week before: its last week is ahead
    chart.set_summary(summary, now=earlier)
    assert chart.weeks == summary.weeks[:-1]
    assert chart.x_span()[1] <= earlier.timestamp()
    chart.set_summary(None, now=earlier)
    assert chart.weeks == () and chart.x_span() == (
        earlier.timestamp() - 8 * WEEK_S,
        earlier.timestamp(),
    )
