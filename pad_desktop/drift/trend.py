"""The weekly trend, from the decision log itself: one point per ISO calendar week (UTC).

A week counts when it holds at least `MIN_WEEK_ROWS` decisions (PSI on fewer is mostly noise, see
`psi`); decisions time-stamped after `now` (a workstation's clock ahead) are left out, so the
trend never reaches into the future. Each point measures the week against the reference with
the same bins as the whole period: the score's PSI, how many inputs shifted significantly
(PSI > 0.25) and the share of refusals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from pad_desktop.drift.psi import SIGNIFICANT, Bins

if TYPE_CHECKING:
    import pandas as pd

MIN_WEEK_ROWS = 100


@dataclass(frozen=True)
class WeekPoint:
    week: str  # ISO week, e.g. "2026-W47"
    start: date  # its Monday
    n_rows: int
    score_psi: float | None  # None when the reference holds no scores
    refusal_rate: float | None  # None when the decisions were not read from the log
    drifted_inputs: int  # inputs whose PSI over the week is above 0.25

    def to_dict(self) -> dict[str, object]:
        return {**self.__dict__, "start": self.start.isoformat()}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> WeekPoint:
        return cls(**{**data, "start": date.fromisoformat(str(data["start"]))})  # type: ignore[arg-type]


def iso_week(day: date) -> tuple[str, date]:
    """("YYYY-Www", its Monday) of a day; ISO years start on the week holding 4 January."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}", date.fromisocalendar(year, week, 1)


def weekly_trend(
    moments: pd.Series,
    inputs: pd.DataFrame,
    bins: dict[str, Bins],
    now: datetime,
    *,
    scores: pd.Series | None = None,
    score_bins: Bins | None = None,
    refused: pd.Series | None = None,
    min_rows: int = MIN_WEEK_ROWS,
) -> list[WeekPoint]:
    """The weeks of the period, oldest first; `moments` are tz-aware UTC times aligned on rows."""
    import pandas as pd

    times = pd.to_datetime(moments, utc=True).reset_index(drop=True)
    past = (times <= pd.Timestamp(now)).to_numpy()
    days = times.dt.date
    labels = pd.Series([iso_week(d)[0] if ok else None for d, ok in zip(days, past, strict=True)])
    points = []
    for label, rows in labels.dropna().groupby(labels.dropna()).groups.items():
        if len(rows) < min_rows:
            continue
        week = inputs.iloc[rows]
        score_psi = None
        if scores is not None and score_bins is not None:
            score_psi = score_bins.psi(scores.iloc[rows])
        points.append(
            WeekPoint(
                week=str(label),
                start=iso_week(days.iloc[rows[0]])[1],
                n_rows=len(rows),
                score_psi=score_psi,
                refusal_rate=None if refused is None else float(refused.iloc[rows].mean()),
                drifted_inputs=sum(b.psi(week[c]) > SIGNIFICANT for c, b in bins.items()),
            )
        )
    return sorted(points, key=lambda p: p.start)
