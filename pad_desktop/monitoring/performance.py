"""How well the model ranked and calibrated the decisions whose outcome has matured.

Over decisions joined to their outcomes: `n`, `defaults`, `auc` (the Mann-Whitney statistic,
ties counted half), `gini` (2·AUC − 1), `ks` (the largest gap between the defaulters' and the
others' score distributions), `approval_rate`, `default_rate_approved`, a calibration table by
score band, and a 95 % confidence interval on the AUC by Hanley & McNeil (1982). The same
figures by month of decision and by model version; a group with too few outcomes (fewer than
`MIN_OUTCOMES`, or without both defaulters and others) is marked `too_few`, with no figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from pad_desktop.decisions import DecisionLog

MIN_OUTCOMES = 30  # a group's figures need at least this many outcomes...
MIN_EACH_CLASS = 5  # ...and this many defaulters and non-defaulters
MIN_BAND = 10  # a calibration band with fewer outcomes shows no rates
BANDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
DEFAULT_TOLERANCE = 0.05  # an AUC this far below the model card's is an alert
Z95 = 1.959963984540054
CI_METHOD = "Hanley-McNeil 1982, 95 %"


def auc(scores: np.ndarray, defaulted: np.ndarray) -> float:
    """P(a defaulter scores above a non-defaulter), ties half: the area under the ROC curve."""
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(defaulted).astype(bool)
    n1 = int(positive.sum())
    n0 = len(positive) - n1
    ranks = average_ranks(scores)  # ties share their average rank: they count half
    return float((ranks[positive].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1, tied values sharing their average rank (scipy's `rankdata`, without the
    seconds scipy.stats takes to import)."""
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    edges = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1], True])
    starts, ends = edges[:-1], edges[1:]
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[order] = np.repeat((starts + ends + 1) / 2.0, ends - starts)
    return ranks


def ks(scores: np.ndarray, defaulted: np.ndarray) -> float:
    """Kolmogorov-Smirnov: max over thresholds of |share of defaulters above − share of others
    above| (= max |TPR − FPR| on the ROC curve)."""
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(defaulted).astype(bool)
    order = np.argsort(-scores, kind="mergesort")
    s, p = scores[order], positive[order]
    tp, fp = np.cumsum(p), np.cumsum(~p)
    last_of_tie = np.r_[s[1:] != s[:-1], True]  # a threshold sits between distinct scores
    tpr = tp[last_of_tie] / max(int(p.sum()), 1)
    fpr = fp[last_of_tie] / max(int((~p).sum()), 1)
    return float(np.max(np.abs(tpr - fpr))) if len(tpr) else 0.0


def auc_interval(value: float, n_defaults: int, n_others: int) -> tuple[float, float]:
    """Hanley & McNeil's (1982) standard error of an AUC, as a 95 % interval within [0, 1]."""
    q1 = value / (2 - value)
    q2 = 2 * value * value / (1 + value)
    var = (
        value * (1 - value)
        + (n_defaults - 1) * (q1 - value * value)
        + (n_others - 1) * (q2 - value * value)
    ) / (n_defaults * n_others)
    se = math.sqrt(max(var, 0.0))
    return max(0.0, value - Z95 * se), min(1.0, value + Z95 * se)


def calibration(scores: np.ndarray, defaulted: np.ndarray) -> list[dict[str, Any]]:
    """Predicted (mean score) against observed default rate per fixed score band."""
    scores = np.asarray(scores, dtype=np.float64)
    defaulted = np.asarray(defaulted, dtype=np.float64)
    band = np.clip(np.searchsorted(BANDS, scores, side="right") - 1, 0, len(BANDS) - 2)
    table = []
    for i in range(len(BANDS) - 1):
        inside = band == i
        n = int(inside.sum())
        row: dict[str, Any] = {"band": [BANDS[i], BANDS[i + 1]], "n": n}
        if n < MIN_BAND:
            row["too_few"] = True
        else:
            row["predicted"] = float(scores[inside].mean())
            row["observed"] = float(defaulted[inside].mean())
        table.append(row)
    return table


def figures(frame: pd.DataFrame) -> dict[str, Any]:
    """The figures of one group of joined rows (`score`, `defaulted`, `decision`)."""
    n = len(frame)
    defaults = int(frame["defaulted"].sum()) if n else 0
    out: dict[str, Any] = {"n": n, "defaults": defaults}
    if n < MIN_OUTCOMES or defaults < MIN_EACH_CLASS or n - defaults < MIN_EACH_CLASS:
        out["too_few"] = True
        return out
    scores = frame["score"].to_numpy(dtype=np.float64)
    flags = frame["defaulted"].to_numpy(dtype=np.int64)
    value = auc(scores, flags)
    approved = (frame["decision"] == "approved").to_numpy()
    out.update(
        auc=value,
        auc_ci=list(auc_interval(value, defaults, n - defaults)),
        gini=2 * value - 1,
        ks=ks(scores, flags),
        approval_rate=float(approved.mean()),
        default_rate_approved=float(flags[approved].mean()) if approved.any() else None,
        default_rate=defaults / n,
        calibration=calibration(scores, flags),
    )
    return out


@dataclass(frozen=True, slots=True)
class Reference:
    """The model card's validation figures a live AUC is held against."""

    model_id: str
    auc: float | None
    tolerance: float = DEFAULT_TOLERANCE


@dataclass(slots=True)
class Performance:
    """The whole report: overall, by month of decision, by model version, and the alert."""

    overall: dict[str, Any]
    by_month: dict[str, dict[str, Any]]
    by_model: dict[str, dict[str, Any]]
    period: dict[str, str | None]
    reference: Reference | None = None
    alert: bool = False
    scored_by: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        ref = self.reference
        return {
            **self.overall,
            "auc_ci_method": CI_METHOD,
            "period": self.period,
            "by_month": self.by_month,
            "by_model": self.by_model,
            "reference": None
            if ref is None
            else {"model_id": ref.model_id, "auc": ref.auc, "tolerance": ref.tolerance},
            "alert": self.alert,
        }


def measure(
    frame: pd.DataFrame,
    reference: Reference | None = None,
    period: dict[str, str | None] | None = None,
) -> Performance:
    """Figures of the joined rows overall, by month (of decision) and by model version."""
    overall = figures(frame)
    months = frame["created_at"].dt.strftime("%Y-%m") if len(frame) else frame["created_at"]
    by_month = {str(m): figures(g) for m, g in frame.groupby(months, sort=True)}
    names = frame["model_id"].astype(str) + " (" + frame["model_sha256"].astype(str).str[:8] + ")"
    by_model = {str(m): figures(g) for m, g in frame.groupby(names, sort=True)}
    alert = bool(
        reference is not None
        and reference.auc is not None
        and not overall.get("too_few")
        and overall["auc"] < reference.auc - reference.tolerance
    )
    return Performance(overall, by_month, by_model, period or {}, reference, alert)


def performance(
    log: DecisionLog,
    as_of: date,
    since: datetime | None = None,
    until: datetime | None = None,
    model_id: str | None = None,
    reference: Reference | None = None,
) -> Performance:
    """The report over the log's decisions whose outcome was observed by `as_of` (the clock is
    the caller's: nothing here reads today's date)."""
    frame = log.scored_outcomes(since, until, model_id, matured_by=as_of.isoformat())
    period = {
        "since": None if since is None else since.isoformat(),
        "until": None if until is None else until.isoformat(),
        "as_of": as_of.isoformat(),
        "model": model_id,
    }
    return measure(frame, reference, period)


def card_reference(meta: dict[str, Any], model_id: str, tolerance: float) -> Reference:
    """The validation AUC a bundle's metadata carries (`training.metrics.test_auc`)."""
    metrics = (meta.get("training") or {}).get("metrics") or {}
    value = metrics.get("test_auc")
    try:
        number = float(value) if value is not None else None
    except (TypeError, ValueError):
        number = None
    if number is not None and not (0.0 <= number <= 1.0):
        number = None
    return Reference(model_id, number, tolerance)
