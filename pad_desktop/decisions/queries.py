"""Reading the log back: history with filters and paging, CSV export, inputs for drift.

The same SQLAlchemy queries serve PostgreSQL and the embedded SQLite store.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pad_desktop.decisions.models import (
    CanonicalInputs,
    Decision,
    ModelEventRow,
    NoticeRow,
    Override,
    OversightRequestRow,
)
from pad_desktop.decisions.records import (
    DecisionRecord,
    ModelEvent,
    NoticeKind,
    NoticeRecord,
    Outcome,
    OverrideRecord,
    OversightRequest,
    Source,
)

if TYPE_CHECKING:
    import pandas as pd

EXPORT_PAGE = 5_000
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """What the history shows; every field left as None does not filter."""

    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    officer: str | None = None
    decision: Outcome | None = None
    model_id: str | None = None
    source: Source | None = None
    score_min: float | None = None
    score_max: float | None = None
    case_ref: str | None = None  # the case or applicant number, as recorded
    # Part of it ("0002" finds "DOSSIER-2024-0002"), case forgiven: what an officer remembers.
    case_ref_part: str | None = None
    include_simulated: bool = False  # simulated traffic is hidden unless asked for

    def where(self) -> list[sa.ColumnElement[bool]]:
        d = Decision
        equal_to = {
            d.officer: self.officer,
            d.decision: None if self.decision is None else str(self.decision),
            d.model_id: self.model_id,
            d.source: None if self.source is None else str(self.source),
        }
        clauses = [column == value for column, value in equal_to.items() if value is not None]
        if self.since is not None:
            clauses.append(d.created_at >= self.since)
        if self.until is not None:
            clauses.append(d.created_at < self.until)
        if self.score_min is not None:
            clauses.append(d.score >= self.score_min)
        if self.score_max is not None:
            clauses.append(d.score <= self.score_max)
        if self.case_ref is not None:
            clauses.append(d.case_ref == self.case_ref.strip())
        if self.case_ref_part is not None and self.case_ref_part.strip():
            part = self.case_ref_part.strip()
            # The officer's % and _ are characters, not wildcards.
            escaped = part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            clauses.append(d.case_ref.ilike(f"%{escaped}%", escape="\\"))
        if not self.include_simulated and self.source is None:
            clauses.append(d.source != str(Source.SIMULATION))
        return clauses


@dataclass(frozen=True, slots=True)
class StoredDecision(DecisionRecord):
    """A decision as the log holds it, with the overrides, reviews and notices recorded since."""

    overrides: tuple[OverrideRecord, ...] = field(default=())
    notices: tuple[NoticeRecord, ...] = field(default=())
    # Requests for a second person about it: a pending override, the applicant's request for
    # human review (revision 0009); their answers are overrides or reviews above.
    requests: tuple[OversightRequest, ...] = field(default=())

    @property
    def final_decision(self) -> Outcome:
        """The decision in force: the latest override's, else the model's."""
        for o in reversed(self.overrides):
            if o.new_decision is not None:
                return o.new_decision
        return self.decision


def _decision(
    row: Decision,
    canonical: CanonicalInputs | None,
    overrides: tuple[OverrideRecord, ...],
    notices: tuple[NoticeRecord, ...] = (),
    requests: tuple[OversightRequest, ...] = (),
) -> StoredDecision:
    """A stored decision with its canonical inputs: its own, or those revision 0003 gave an
    older record whose `inputs` were the cells as typed."""
    values = {f.name: getattr(row, f.name) for f in fields(DecisionRecord)}  # same names
    values.update(
        source=Source(row.source),
        decision=Outcome(row.decision),
        reasons=list(row.reasons),
        os_account=row.os_account or "",
        typed_inputs=dict(row.typed_inputs or {}),
        policy=dict(row.policy) if row.policy else None,
    )
    if canonical is not None:
        values.update(inputs=dict(canonical.inputs), typed_inputs=dict(canonical.typed_inputs))
    return StoredDecision(**values, overrides=overrides, notices=notices, requests=requests)


def not_erased(d: Any) -> sa.ColumnElement[bool]:
    """Decisions whose inputs were not erased (the mark's canonical text starts so in both
    databases; a prefix match, cheap)."""
    return sa.cast(d.inputs, sa.Text).not_like('{"_erased"%')


def _with_canonical(query: sa.Select) -> sa.Select:
    return query.add_columns(CanonicalInputs).outerjoin(
        CanonicalInputs, CanonicalInputs.decision_id == Decision.id
    )


def _override(row: Override) -> OverrideRecord:
    return OverrideRecord(
        decision_id=row.decision_id,
        officer=row.officer,
        workstation=row.workstation,
        kind=row.kind,
        new_decision=None if row.new_decision is None else Outcome(row.new_decision),
        justification=row.justification,
        os_account=row.os_account or "",
        id=row.id,
        created_at=row.created_at,
    )


def _pointing_at(
    session: Session, table: Any, convert: Any, ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    """The rows of `table` (overrides, notices) pointing at each decision of `ids`, oldest
    first, converted to records."""
    found: dict[uuid.UUID, list[Any]] = {i: [] for i in ids}
    if ids:
        query = (
            sa.select(table).where(table.decision_id.in_(ids)).order_by(table.created_at, table.id)
        )
        for row in session.scalars(query):
            found[row.decision_id].append(convert(row))
    return found


def _overrides_of(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[OverrideRecord]]:
    return _pointing_at(session, Override, _override, ids)


def _notice(row: NoticeRow) -> NoticeRecord:
    return NoticeRecord(
        decision_id=row.decision_id,
        kind=NoticeKind(row.kind),
        lang=row.lang,
        content_sha256=row.content_sha256,
        officer=row.officer,
        workstation=row.workstation,
        override_id=row.override_id,
        os_account=row.os_account,
        id=row.id,
        created_at=row.created_at,
    )


def _notices_of(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[NoticeRecord]]:
    return _pointing_at(session, NoticeRow, _notice, ids)


def _requests_of(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
    from pad_desktop.decisions.oversight_queries import request_record

    return _pointing_at(session, OversightRequestRow, request_record, ids)


def history(
    engine: Engine, f: HistoryFilter, offset: int = 0, limit: int = 100
) -> list[StoredDecision]:
    query = (
        _with_canonical(sa.select(Decision))
        .where(*f.where())
        .order_by(Decision.created_at.desc(), Decision.id.desc())
        .offset(offset)
        .limit(limit)
    )
    with Session(engine) as session:
        rows = list(session.execute(query))
        overrides = _overrides_of(session, [r.id for r, _ in rows])
        notices = _notices_of(session, [r.id for r, _ in rows])
        requests = _requests_of(session, [r.id for r, _ in rows])
    return [
        _decision(r, c, tuple(overrides[r.id]), tuple(notices[r.id]), tuple(requests[r.id]))
        for r, c in rows
    ]


def count(engine: Engine, f: HistoryFilter) -> int:
    query = sa.select(sa.func.count()).select_from(Decision).where(*f.where())
    with engine.connect() as conn:
        return int(conn.scalar(query) or 0)


def get(engine: Engine, decision_id: uuid.UUID | str) -> StoredDecision | None:
    key = uuid.UUID(str(decision_id))
    query = _with_canonical(sa.select(Decision)).where(Decision.id == key)
    with Session(engine) as session:
        found = session.execute(query).first()
        if found is None:
            return None
        row, canonical = found
        overrides = tuple(_overrides_of(session, [key])[key])
        notices = tuple(_notices_of(session, [key])[key])
        requests = tuple(_requests_of(session, [key])[key])
        return _decision(row, canonical, overrides, notices, requests)


def overrides_for(engine: Engine, decision_id: uuid.UUID | str) -> list[OverrideRecord]:
    key = uuid.UUID(str(decision_id))
    with Session(engine) as session:
        return _overrides_of(session, [key])[key]


def notices_for(engine: Engine, decision_id: uuid.UUID | str) -> list[NoticeRecord]:
    key = uuid.UUID(str(decision_id))
    with Session(engine) as session:
        return _notices_of(session, [key])[key]


def model_events(engine: Engine, limit: int = 50) -> list[ModelEvent]:
    query = (
        sa.select(ModelEventRow)
        .order_by(ModelEventRow.created_at.desc(), ModelEventRow.id.desc())
        .limit(limit)
    )
    with Session(engine) as session:
        return [
            ModelEvent(
                kind=r.kind,
                officer=r.officer,
                workstation=r.workstation,
                from_model=r.from_model,
                to_model=r.to_model,
                repo=r.repo,
                commit=r.repo_commit,
                os_account=r.os_account or "",
                id=r.id,
                created_at=r.created_at,
            )
            for r in session.scalars(query)
        ]


EXPORT_COLUMNS = (
    "id", "created_at", "case_ref", "officer", "os_account", "workstation", "source",
    "batch_id", "row_number", "previous_id",
    "model_id", "model_sha256", "score", "threshold", "decision", "final_decision", "reasons",
    "latency_ms", "inputs", "typed_inputs",
)  # fmt: skip


def _neutralised(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _export_row(d: StoredDecision) -> list[Any]:
    return [
        str(d.id), d.created_at.isoformat(), d.case_ref or "", d.officer, d.os_account,
        d.workstation, str(d.source), "" if d.batch_id is None else str(d.batch_id),
        "" if d.row_number is None else d.row_number,
        "" if d.previous_id is None else str(d.previous_id),
        d.model_id, d.model_sha256, d.score, d.threshold, str(d.decision), str(d.final_decision),
        "; ".join(d.reasons), d.latency_ms,
        "erased" if d.inputs_erased else json.dumps(d.inputs, ensure_ascii=False),
        "erased" if d.inputs_erased else
        json.dumps(d.typed_inputs, ensure_ascii=False) if d.typed_inputs else "",
    ]  # fmt: skip


def _pages(engine: Engine, f: HistoryFilter) -> Iterator[list[StoredDecision]]:
    offset = 0
    while page := history(engine, f, offset, EXPORT_PAGE):
        yield page
        offset += len(page)


def export_csv(engine: Engine, f: HistoryFilter, path: Path | str, delimiter: str = ",") -> int:
    """Write the filtered history as CSV (UTF-8 with BOM so Excel reads accents); rows written."""
    written = 0
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(EXPORT_COLUMNS)
        for page in _pages(engine, f):
            writer.writerows([_neutralised(v) for v in _export_row(d)] for d in page)
            written += len(page)
    return written


# The columns `production_inputs` adds beside the input keys, named so as not to meet one.
LOGGED_AT, LOGGED_SOURCE, LOGGED_SCORE, LOGGED_DECISION = (
    "logged_at", "logged_source", "logged_score", "logged_decision",
)  # fmt: skip
REAL_SOURCES = (Source.FORM, Source.BATCH, Source.API)  # what drift reads unless told otherwise


def production_inputs(
    engine: Engine,
    model_id: str | None,
    since: datetime | None,
    until: datetime | None,
    sources: Collection[Source] = REAL_SOURCES,
) -> pd.DataFrame:
    """Inputs of every decision of a model from `sources` over a period, oldest first: one column
    per input key, plus when, from which source, the score and the model's decision."""
    import pandas as pd

    f = HistoryFilter(since=since, until=until, model_id=model_id, include_simulated=True)
    d, c = Decision, CanonicalInputs
    inputs = sa.func.coalesce(sa.cast(c.inputs, sa.Text), sa.cast(d.inputs, sa.Text))
    query = (
        sa.select(inputs, d.created_at, d.source, d.score, d.decision)
        .outerjoin(c, c.decision_id == d.id)
        .where(*f.where(), d.source.in_([str(s) for s in sources]), not_erased(d))
        .order_by(d.created_at, d.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame([json.loads(r[0]) for r in rows])
    logged = (LOGGED_AT, LOGGED_SOURCE, LOGGED_SCORE, LOGGED_DECISION)
    for i, name in enumerate(logged, start=1):
        frame[name] = [r[i] for r in rows]
    frame[LOGGED_AT] = pd.to_datetime(frame[LOGGED_AT], utc=True)
    return frame
