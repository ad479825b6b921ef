"""Replay: the logged canonical inputs through the active model and a candidate, nothing recorded.

Both models are loaded by the scoring code (which verifies a bundle whatever its origin) and
score the same rows: those whose logged inputs both read (a row from an older model whose
inputs a model does not take is counted as not replayed). Each model's decision is its own
threshold's on its own probability. The swap set: `swap_in`, refused by the active model and
approved by the candidate; `swap_out`, the reverse. Where outcomes have matured, the observed
default rate of each side of the swap and both models' AUC on the same decisions.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from pad_desktop.monitoring.performance import MIN_EACH_CLASS, MIN_OUTCOMES, auc

if TYPE_CHECKING:
    import pandas as pd

    from pad_desktop.decisions import DecisionLog
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.runtime.tasks import TaskState

CHUNK = 50_000  # rows validated and scored at a time (memory stays flat on a large log)
# a model replays this many rows or more through its probability graph (`Scorer.probabilities`,
# ~3x faster): below, compiling it (~0.3-0.6 s once) costs more than it saves (100k decisions:
# 1.13x slower with it, `benchmarks/bench_compare.py`). A function of the log alone, so the
# same log always gives the same report (its hash).
PROBABILITY_GRAPH_ROWS = 500_000


@dataclass(slots=True)
class Side:
    """One model's figures on the replayed rows."""

    model_id: str
    sha256: str
    threshold: float
    approval_rate: float | None
    expected_default_rate_approved: float | None  # mean P(default) of its approvals
    auc: float | None  # on the decisions with a matured outcome
    observed_default_rate_approved: float | None
    label: str = ""  # name, version and short hash, for people

    def as_json(self) -> dict[str, Any]:
        return {
            "model_id": self.model_id, "label": self.label, "sha256": self.sha256,
            "threshold": self.threshold,
            "approval_rate": self.approval_rate,
            "expected_default_rate_approved": self.expected_default_rate_approved,
            "auc": self.auc, "observed_default_rate_approved": self.observed_default_rate_approved,
        }  # fmt: skip


@dataclass(slots=True)
class Swap:
    """One side of the swap set: its decisions, and what became of those with an outcome."""

    count: int
    outcomes: int
    defaults: int
    cases: list[dict[str, Any]] = field(default_factory=list)

    @property
    def observed_default_rate(self) -> float | None:
        return self.defaults / self.outcomes if self.outcomes else None

    def as_json(self) -> dict[str, Any]:
        return {
            "count": self.count, "outcomes": self.outcomes, "defaults": self.defaults,
            "observed_default_rate": self.observed_default_rate, "cases": self.cases,
        }  # fmt: skip


@dataclass(slots=True)
class Comparison:
    """The whole comparison, its JSON and the hash of that JSON (what a switch records)."""

    active: Side
    candidate: Side
    n: int
    not_replayed: int
    with_outcomes: int
    defaults: int
    swap_in: Swap
    swap_out: Swap
    period: dict[str, str | None]
    from_shadow: int = 0  # candidate scores read from its shadow scores rather than replayed

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "n": self.n,
            "not_replayed": self.not_replayed,
            "with_outcomes": self.with_outcomes,
            "defaults": self.defaults,
            "active": self.active.as_json(),
            "candidate": self.candidate.as_json(),
            "swap_in": self.swap_in.as_json(),
            "swap_out": self.swap_out.as_json(),
            "from_shadow": self.from_shadow,
        }

    def sha256(self) -> str:
        """The hash of the canonical JSON (sorted keys, no spaces): the report's identity."""
        text = json.dumps(self.as_json(), sort_keys=True, separators=(",", ":"), allow_nan=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def inputs_frame(texts: list[str]) -> pd.DataFrame:
    """The logged canonical inputs (JSON objects) as a frame, one column per input."""
    import pandas as pd

    loads = json.loads
    return pd.DataFrame.from_records([loads(t) for t in texts])


def probabilities(scorer: Scorer, inputs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(P(default) per row, NaN where the row does not read; which rows read)."""
    n = len(inputs)
    graph = n >= PROBABILITY_GRAPH_ROWS
    probs = np.full(n, np.nan)
    valid = np.zeros(n, dtype=bool)
    for start in range(0, n, CHUNK):
        part = inputs.iloc[start : start + CHUNK].reset_index(drop=True)
        checked = scorer.signature.validate_frame(part)
        rows = np.flatnonzero(checked.valid) + start
        if len(rows):
            probs[rows] = scorer.probabilities(checked.matrix, graph)
        valid[rows] = True
    usable = valid & np.isfinite(probs) & (probs >= 0) & (probs <= 1)
    return probs, usable


def _auc_or_none(scores: np.ndarray, flags: np.ndarray) -> float | None:
    n, defaults = len(flags), int(flags.sum())
    if n < MIN_OUTCOMES or defaults < MIN_EACH_CLASS or n - defaults < MIN_EACH_CLASS:
        return None
    return auc(scores, flags)


def _mean(values: np.ndarray) -> float | None:
    return float(values.mean()) if len(values) else None


def _side(scorer: Scorer, p: np.ndarray, approve: np.ndarray, flags: np.ndarray) -> Side:
    known = flags >= 0
    return Side(
        model_id=scorer.bundle.id,
        sha256=scorer.bundle.sha256,
        threshold=float(scorer.threshold),
        approval_rate=_mean(approve.astype(float)),
        expected_default_rate_approved=_mean(p[approve]),
        auc=_auc_or_none(p[known], flags[known]),
        observed_default_rate_approved=_mean(flags[approve & known].astype(float)),
        label=scorer.bundle.short(),
    )


def _swap(rows: np.ndarray, frame: pd.DataFrame, pa: np.ndarray, pc: np.ndarray) -> Swap:
    flags = frame["defaulted"].to_numpy()[rows]
    known = flags >= 0
    ids, refs = frame["decision_id"].to_numpy()[rows], frame["case_ref"].to_numpy()[rows]
    cases = [
        {"decision_id": str(i), "case_ref": None if r is None else str(r),
         "active_score": float(a), "candidate_score": float(c),
         "defaulted": None if f < 0 else int(f)}
        for i, r, a, c, f in zip(ids, refs, pa[rows], pc[rows], flags, strict=True)
    ]  # fmt: skip
    return Swap(len(rows), int(known.sum()), int(flags[known].sum()), cases)


def compare_frames(
    active: Scorer, candidate: Scorer, texts: list[str], frame: pd.DataFrame,
    period: dict[str, str | None] | None = None, state: TaskState | None = None,
    shadow: dict[str, float] | None = None,
) -> Comparison:  # fmt: skip
    """The comparison of two models on logged rows (`DecisionLog.replay_rows`). `shadow`:
    the candidate's shadow scores by decision id (it was the challenger): those rows are not
    replayed through it."""
    inputs = inputs_frame(texts)
    if state is not None:
        state.set_progress(0.2, "active model")
    pa, ok_a = probabilities(active, inputs)
    if state is not None:
        state.set_progress(0.6, "candidate")
    known = np.zeros(len(frame), dtype=bool)
    pc = np.full(len(frame), np.nan)
    if shadow:
        held = frame["decision_id"].map(shadow)
        known = held.notna().to_numpy()
        pc[known] = held[known].to_numpy(dtype=np.float64)
    ok_c = known.copy()
    rest = np.flatnonzero(~known)
    if len(rest):
        part = inputs if len(rest) == len(inputs) else inputs.iloc[rest]  # no copy if none
        replayed, ok_rest = probabilities(candidate, part)
        pc[rest], ok_c[rest] = replayed, ok_rest
    both = ok_a & ok_c
    rows = np.flatnonzero(both)
    kept = frame.iloc[rows].reset_index(drop=True)
    pa, pc = pa[rows], pc[rows]
    approve_a = active.decide(pa) == "approved"
    approve_c = candidate.decide(pc) == "approved"
    flags = kept["defaulted"].to_numpy()
    return Comparison(
        active=_side(active, pa, approve_a, flags),
        candidate=_side(candidate, pc, approve_c, flags),
        n=len(rows),
        not_replayed=int(len(frame) - len(rows)),
        with_outcomes=int((flags >= 0).sum()),
        defaults=int((flags == 1).sum()),
        swap_in=_swap(np.flatnonzero(~approve_a & approve_c), kept, pa, pc),
        swap_out=_swap(np.flatnonzero(approve_a & ~approve_c), kept, pa, pc),
        period=period or {},
        from_shadow=int((known & both).sum()),
    )


def compare(
    log: DecisionLog, active: Scorer, candidate: Scorer, as_of: Any,
    since: Any = None, until: Any = None, state: TaskState | None = None,
) -> Comparison:  # fmt: skip
    """Replay the log's real decisions of a period through both models; records nothing.
    `as_of` (a date) is the clock: outcomes observed after it are not used."""
    texts, frame = log.replay_rows(since, until, matured_by=as_of.isoformat())
    recorded = log.shadow_scores()
    mine = recorded[recorded["model_sha256"] == candidate.bundle.sha256]
    shadow = dict(zip(mine["decision_id"], mine["score"].astype(float), strict=True))
    period = {
        "since": None if since is None else since.isoformat(),
        "until": None if until is None else until.isoformat(),
        "as_of": as_of.isoformat(),
    }
    return compare_frames(active, candidate, texts, frame, period, state, shadow)
