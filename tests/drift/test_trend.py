"""The weekly trend: ISO weeks from the decision log, with enough decisions, never the future."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd

from pad_desktop.drift.psi import fit_categorical, fit_numeric
from pad_desktop.drift.trend import WeekPoint, iso_week, weekly_trend


def test_iso_weeks_cross_the_year_as_iso_8601_says() -> None:
    assert iso_week(date(2026, 12, 31)) == ("2026-W53", date(2026, 12, 28))
    assert iso_week(date(2027, 1, 3)) == ("2026-W53", date(2026, 12, 28))  # a Sunday
    assert iso_week(date(2027, 1, 4)) == ("2027-W01", date(2027, 1, 4))


def test_one_point_per_week_with_enough_decisions_and_none_in_the_future() -> None:
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)  # a Wednesday, week 48
    monday = datetime(2026, 11, 9, tzinfo=UTC)  # week 46
    moments = (
        [monday + timedelta(hours=i) for i in range(120)]  # week 46: 120 decisions
        + [monday + timedelta(days=7, hours=i) for i in range(40)]  # week 47: too few
        + [now - timedelta(hours=1)] * 110  # week 48, so far
        + [now + timedelta(days=7)] * 200  # a clock ahead: next week, in the future
    )
    n = len(moments)
    rng = np.random.default_rng(0)
    inputs = pd.DataFrame({"x": rng.normal(size=n), "c": ["a"] * n})
    reference = pd.DataFrame({"x": rng.normal(size=1000), "c": ["a"] * 500 + ["b"] * 500})
    bins = {"x": fit_numeric(reference["x"]), "c": fit_categorical(reference["c"])}
    refused = pd.Series([i % 4 == 0 for i in range(n)])
    points = weekly_trend(pd.Series(moments), inputs, bins, now, refused=refused, min_rows=100)
    assert [(p.week, p.start, p.n_rows) for p in points] == [
        ("2026-W46", date(2026, 11, 9), 120),
        ("2026-W48", date(2026, 11, 23), 110),
    ]
    assert points[0].refusal_rate == 30 / 120
    assert all(p.drifted_inputs == 1 for p in points)  # "c" is all "a": PSI ~ 2.4; "x" stable
    assert all(p.score_psi is None for p in points)  # no scores given
    assert WeekPoint.from_dict(points[0].to_dict()) == points[0]
