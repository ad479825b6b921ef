"""Simulated production traffic, so that drift monitoring can be shown and tested.

Applicants are drawn (whole rows, with replacement) from the bundle's reference sample, so that
at `drift=0` they follow the training distribution, correlations included. A drift factor in
0..1 then shifts them: every numeric input moves up by `drift` standard deviations and spreads
by up to 50 % (kept within the field's allowed range), and every categorical input takes, with
probability `drift`, a value drawn from the reference frequencies turned upside down (the rarest
category becomes the most common). The rows are scored by the model and logged as decisions
with source `simulation`, spread over the last `days` days; the history hides them by default.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pad_desktop.cells.field_specs import FieldSpec, Kind
from pad_desktop.decisions.records import Outcome, Source, new_id
from pad_desktop.model.bundle import EXPECTED_COLUMN
from pad_desktop.model.signature import Signature
from pad_desktop.runtime.tasks import Cancelled, TaskState
from pad_desktop.texts import text
from pad_desktop.texts.locale_text import format_number

if TYPE_CHECKING:
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.model.scoring import Scorer

SHIFT_STDS = 1.0  # numeric mean shift at drift=1, in reference standard deviations
SPREAD = 0.5  # numeric spread increase at drift=1
DEFAULT_CHUNK_ROWS = 20_000


@dataclass(frozen=True)
class SimulationSummary:
    rows: int
    approved: int
    refused: int
    invalid: int  # generated rows the model refused to score (not logged); 0 for our bundles
    since: datetime
    until: datetime
    seconds: float
    cancelled: bool = False


def _shift_numeric(values: pd.Series, spec: FieldSpec, drift: float) -> pd.Series:
    numbers = values.astype("float64")
    mean, std = numbers.mean(), numbers.std(ddof=0) or 1.0
    shifted = mean + (numbers - mean) * (1.0 + SPREAD * drift) + drift * SHIFT_STDS * std
    shifted = shifted.clip(lower=spec.minimum, upper=spec.maximum)
    return shifted.round() if spec.kind is Kind.INTEGER else shifted


def _tilt_categories(values: pd.Series, drift: float, rng: np.random.Generator) -> pd.Series:
    counts = values.value_counts(normalize=True, sort=True)  # most frequent first
    upside_down = pd.Series(counts.to_numpy()[::-1], index=counts.index)
    swap = rng.random(len(values)) < drift
    drawn = rng.choice(upside_down.index.to_numpy(), size=int(swap.sum()), p=upside_down.to_numpy())
    out = values.to_numpy(dtype=object).copy()
    out[swap] = drawn
    return pd.Series(out, index=values.index)


def traffic(
    reference: pd.DataFrame,
    signature: Signature,
    n: int,
    drift: float = 0.0,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """`n` applicants like the reference sample's, shifted by `drift` (0 = none, 1 = strong)."""
    if not 0.0 <= drift <= 1.0:
        raise ValueError(f"the drift factor must be between 0 and 1, not {drift}")
    rng = rng or np.random.default_rng()
    base = reference.drop(columns=[EXPECTED_COLUMN], errors="ignore")
    picked = base.iloc[rng.integers(0, len(base), size=n)].reset_index(drop=True)
    if drift == 0.0:
        return picked
    for spec in signature.fields:
        if spec.name not in picked.columns:
            continue
        if spec.kind in (Kind.NUMBER, Kind.INTEGER):
            picked[spec.name] = _shift_numeric(picked[spec.name], spec, drift)
            if spec.kind is Kind.INTEGER:
                picked[spec.name] = picked[spec.name].astype("int64")
        else:
            picked[spec.name] = _tilt_categories(picked[spec.name], drift, rng)
    return picked


def _times(n: int, since: datetime, until: datetime, rng: np.random.Generator) -> np.ndarray:
    """`n` sorted moments spread uniformly over the period (naive UTC, as DecisionBatch wants)."""
    start = np.datetime64(since.astimezone(UTC).replace(tzinfo=None), "us")
    span = int((until - since) / timedelta(microseconds=1))
    offsets = np.sort(rng.integers(0, max(span, 1), size=n))
    return start + offsets.astype("timedelta64[us]")


def simulate(
    scorer: Scorer,
    log: DecisionLog,
    n: int,
    drift: float = 0.0,
    *,
    seed: int | None = None,
    days: float = 7.0,
    until: datetime | None = None,
    officer: str | None = None,
    workstation: str | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    source: Source = Source.SIMULATION,
    state: TaskState | None = None,
) -> SimulationSummary:
    """Generate, score and log `n` simulated decisions spread over the `days` before `until`.

    Cancelling stops between chunks; the chunks already logged stay logged. `source` other than
    simulation is for tests and demonstrations of the drift report's source filter.
    """
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.runtime.settings import get_settings
    from pad_desktop.service.decision_service import DecisionService, Identity

    reference = scorer.bundle.reference()
    if reference is None or reference.empty:
        raise ValueError(f"the model {scorer.bundle.name} ships no reference sample to draw from")
    state = state or TaskState()
    settings = get_settings()
    identity = Identity(
        settings.os_account, workstation or settings.workstation, officer or settings.officer_name
    )
    service = DecisionService(ActiveModel.of(scorer), log, identity, settings)
    rng = np.random.default_rng(seed)
    until = until or datetime.now(UTC)
    since = until - timedelta(days=days)
    frame = traffic(reference, scorer.signature, n, drift, rng)
    moments = _times(n, since, until, rng)
    batch_id = new_id()
    approved = refused = invalid = 0
    start = time.perf_counter()
    cancelled = False
    for first in range(0, n, chunk_rows):
        try:
            state.check()
        except Cancelled:
            cancelled = True
            break
        chunk = frame.iloc[first : first + chunk_rows]
        decided = service.decide_frame(
            chunk,
            source=source,
            row_numbers=np.arange(first, first + len(chunk)),
            created_at=moments[first : first + len(chunk)],
            batch_id=batch_id,
        )
        valid = decided.valid
        refused_now = int((decided.scores.decisions == Outcome.REFUSED).sum())
        refused += refused_now
        approved += len(decided.scores.decisions) - refused_now
        invalid += int((~valid).sum())
        done = first + len(chunk)
        logged = text(
            "file.progress_logged",
            state.lang,
            done=format_number(done, state.lang),
            total=format_number(n, state.lang),
        )
        state.set_progress(done / n, logged)
    return SimulationSummary(
        rows=approved + refused,
        approved=approved,
        refused=refused,
        invalid=invalid,
        since=since,
        until=until,
        seconds=time.perf_counter() - start,
        cancelled=cancelled,
    )
