"""Reading outcomes back: the decisions an outcome file names, and decisions joined to outcomes.

The same SQLAlchemy queries serve PostgreSQL and the embedded SQLite store.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from pad_desktop.decisions.models import Decision, OutcomeRow, ShadowScoreRow

if TYPE_CHECKING:
    import pandas as pd

_IN_CHUNK = 500  # parameters per IN (...): well under SQLite's and psycopg's limits


def _chunks(values: list, size: int = _IN_CHUNK) -> list[list]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def decisions_named(
    engine: Engine, case_refs: Collection[str], ids: Collection[uuid.UUID]
) -> list[tuple[uuid.UUID, str | None, datetime]]:
    """(id, case reference, created_at) of every decision of these cases and of these ids."""
    d = Decision
    found: list[tuple[uuid.UUID, str | None, datetime]] = []
    with engine.connect() as conn:
        for part in _chunks(sorted(case_refs)):
            query = sa.select(d.id, d.case_ref, d.created_at).where(d.case_ref.in_(part))
            found.extend(tuple(r) for r in conn.execute(query))
        for part in _chunks(sorted(ids)):
            query = sa.select(d.id, d.case_ref, d.created_at).where(d.id.in_(part))
            found.extend(tuple(r) for r in conn.execute(query))
    return found


def outcomes_held(
    engine: Engine, decision_ids: Collection[uuid.UUID]
) -> dict[str, tuple[int, str]]:
    """Decision id (text) -> (defaulted, observed_on) of the outcomes the database holds."""
    o = OutcomeRow
    held: dict[str, tuple[int, str]] = {}
    with engine.connect() as conn:
        for part in _chunks(sorted(decision_ids)):
            query = sa.select(o.decision_id, o.defaulted, o.observed_on).where(
                o.decision_id.in_(part)
            )
            for decision_id, defaulted, observed in conn.execute(query):
                held[str(decision_id)] = (int(defaulted), str(observed))
    return held


def scored_outcomes(
    engine: Engine,
    since: datetime | None = None,
    until: datetime | None = None,
    model_id: str | None = None,
    matured_by: str | None = None,
) -> pd.DataFrame:
    """One row per decision with an outcome: decision_id, created_at, model_id, model_sha256,
    score, threshold, decision, source, case_ref, defaulted, observed_on. `matured_by` (ISO
    date): only outcomes observed on or before it. With `model_id`, the decisions that model
    made live and, if it was a challenger, its shadow scores of the others' decisions (its
    decision then being its own threshold's)."""
    import pandas as pd

    d, o, sh = Decision, OutcomeRow, ShadowScoreRow
    live = sa.select(
        d.id.label("decision_id"), d.created_at, d.model_id, d.model_sha256, d.score,
        d.threshold, d.decision, d.source, d.case_ref, o.defaulted, o.observed_on,
    ).join(o, o.decision_id == d.id)  # fmt: skip
    shadow_decision = sa.case((sh.score >= sh.threshold, "refused"), else_="approved")
    shadow = (
        sa.select(
            d.id.label("decision_id"),
            d.created_at,
            sh.model_id,
            sh.model_sha256,
            sh.score,
            sh.threshold,
            shadow_decision.label("decision"),
            d.source,
            d.case_ref,
            o.defaulted,
            o.observed_on,
        )
        .join(o, o.decision_id == d.id)
        .join(sh, sh.decision_id == d.id)
    )
    parts = [live]
    if model_id is not None:  # an id, or a sha256 (a prefix of 8 or more)
        is_live = _is_model(d.model_id, d.model_sha256, model_id)
        is_shadow = _is_model(sh.model_id, sh.model_sha256, model_id)
        parts = [live.where(is_live), shadow.where(is_shadow, sa.not_(is_live))]
    for i, part in enumerate(parts):
        if since is not None:
            part = part.where(d.created_at >= since)
        if until is not None:
            part = part.where(d.created_at < until)
        if matured_by is not None:
            part = part.where(o.observed_on <= matured_by)
        parts[i] = part
    query = parts[0] if len(parts) == 1 else sa.union_all(*parts)
    columns = [c.name for c in parts[0].selected_columns]
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    frame = _one_outcome_each(pd.DataFrame([tuple(r) for r in rows], columns=columns))
    if len(frame):
        frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
        frame["decision_id"] = frame["decision_id"].astype(str)
        frame = frame.sort_values(["created_at", "decision_id"], ignore_index=True)
    frame["score"] = frame["score"].astype(float)
    frame["defaulted"] = frame["defaulted"].astype(int)
    return frame


def _one_outcome_each(frame: pd.DataFrame) -> pd.DataFrame:
    """A decision judged by two workstations at once counts once (its earliest observation);
    one whose outcomes disagree is left out: which of them is true is not known."""
    if not len(frame):
        return frame
    per = ["decision_id", "model_sha256", "score"]
    disputed = frame.groupby(per)["defaulted"].transform("nunique") > 1
    frame = frame[~disputed].sort_values("observed_on", kind="stable")
    return frame.drop_duplicates(per).reset_index(drop=True)


def _is_model(id_column: Any, sha_column: Any, model: str) -> Any:
    """A model named by its id, or by its sha256 or a prefix of it (8 characters or more)."""
    named = id_column == model
    if len(model) >= 8 and all(c in "0123456789abcdef" for c in model.lower()):
        named = sa.or_(named, sha_column.like(f"{model.lower()}%"))
    return named


def shadow_scores(engine: Engine, model_id: str | None = None) -> pd.DataFrame:
    """The shadow scores recorded (decision_id, model_id, model_sha256, threshold, score)."""
    import pandas as pd

    sh = ShadowScoreRow
    query = sa.select(sh.decision_id, sh.model_id, sh.model_sha256, sh.threshold, sh.score)
    if model_id is not None:
        query = query.where(sh.model_id == model_id)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(sh.created_at, sh.id)).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=[c.name for c in query.selected_columns])
    frame["decision_id"] = frame["decision_id"].astype(str)
    return frame


def replay_rows(
    engine: Engine,
    since: datetime | None = None,
    until: datetime | None = None,
    sources: Collection[str] = ("form", "batch", "api"),
    matured_by: str | None = None,
) -> tuple[list[str], pd.DataFrame]:
    """What a replay needs of every decision of a period from `sources`, oldest first: the
    canonical inputs (JSON text, the side table's where revision 0003 set one), and a frame of
    decision_id, case_ref, created_at, model_id, score, decision and, where an outcome was
    observed by `matured_by` (ISO date), defaulted (else -1)."""
    import pandas as pd

    from pad_desktop.decisions.models import CanonicalInputs
    from pad_desktop.decisions.queries import not_erased

    d, c = Decision, CanonicalInputs
    # One row per decision judged (two workstations may have judged it at once; a decision
    # whose outcomes disagree counts as not judged).
    observed = OutcomeRow.observed_on
    o = sa.select(
        OutcomeRow.decision_id,
        sa.func.min(OutcomeRow.defaulted).label("low"),
        sa.func.max(OutcomeRow.defaulted).label("high"),
        sa.func.min(observed).label("observed_on"),
    )
    if matured_by is not None:
        o = o.where(observed <= matured_by)
    o = o.group_by(OutcomeRow.decision_id).subquery()
    agreed = sa.and_(o.c.decision_id.is_not(None), o.c.low == o.c.high)
    defaulted = sa.case((agreed, o.c.low), else_=-1)
    inputs = sa.func.coalesce(sa.cast(c.inputs, sa.Text), sa.cast(d.inputs, sa.Text))
    query = (
        sa.select(
            inputs, d.id, d.case_ref, d.created_at, d.model_id, d.score, d.decision, defaulted
        )
        .outerjoin(c, c.decision_id == d.id)
        .outerjoin(o, o.c.decision_id == d.id)
        .where(d.source.in_(list(sources)), not_erased(d))  # erased: nothing to replay
        .order_by(d.created_at, d.id)
    )
    if since is not None:
        query = query.where(d.created_at >= since)
    if until is not None:
        query = query.where(d.created_at < until)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    texts = [r[0] for r in rows]
    names = ["decision_id", "case_ref", "created_at", "model_id", "score", "decision", "defaulted"]
    frame = pd.DataFrame([tuple(r[1:]) for r in rows], columns=names)
    frame["decision_id"] = frame["decision_id"].astype(str)
    frame["defaulted"] = frame["defaulted"].astype(int)
    return texts, frame


def switch_evidence(engine: Engine) -> list[tuple[str, str, str]]:
    from pad_desktop.decisions.models import SwitchEvidenceRow as e

    query = sa.select(e.event_id, e.report_sha256, e.candidate_sha256).order_by(e.created_at)
    with engine.connect() as conn:
        return [(str(a), str(b), str(c)) for a, b, c in conn.execute(query)]
