"""Reading oversight back: requests still waiting, a request's answers, the stop switch."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pad_desktop.decisions.models import (
    ControlEventRow,
    Decision,
    OversightAnswerRow,
    OversightRequestRow,
)
from pad_desktop.decisions.records import (
    ControlEvent,
    Outcome,
    OversightAnswer,
    OversightRequest,
    RequestKind,
    Verdict,
)


@dataclass(frozen=True, slots=True)
class RequestState:
    """A request and its answers (oldest first): waiting while it has none."""

    request: OversightRequest
    answers: tuple[OversightAnswer, ...] = ()
    case_ref: str | None = None  # the case reference of the decision it is about

    @property
    def waiting(self) -> bool:
        return not self.answers

    @property
    def verdict(self) -> Verdict | None:
        return self.answers[-1].verdict if self.answers else None


def request_record(row: OversightRequestRow) -> OversightRequest:
    return OversightRequest(
        kind=RequestKind(row.kind), officer=row.officer, workstation=row.workstation,
        text=row.text, db_user=row.db_user, decision_id=row.decision_id,
        new_decision=None if row.new_decision is None else Outcome(row.new_decision),
        target=row.target, os_account=row.os_account, id=row.id, created_at=row.created_at,
    )  # fmt: skip


def _answer(row: OversightAnswerRow) -> OversightAnswer:
    return OversightAnswer(
        request_id=row.request_id, verdict=Verdict(row.verdict), reason=row.reason,
        officer=row.officer, workstation=row.workstation, db_user=row.db_user,
        override_id=row.override_id, os_account=row.os_account, id=row.id,
        created_at=row.created_at,
    )  # fmt: skip


def requests(
    engine: Engine,
    *,
    waiting_only: bool = False,
    decision_id: uuid.UUID | None = None,
    request_id: uuid.UUID | None = None,
    limit: int = 500,
) -> list[RequestState]:
    """Requests with their answers, oldest first."""
    r, a = OversightRequestRow, OversightAnswerRow
    query = sa.select(r).order_by(r.created_at, r.id).limit(limit)
    if waiting_only:
        query = query.where(~sa.exists().where(a.request_id == r.id))
    if decision_id is not None:
        query = query.where(r.decision_id == decision_id)
    if request_id is not None:
        query = query.where(r.id == request_id)
    with Session(engine) as session:
        rows = list(session.scalars(query))
        answers: dict[uuid.UUID, list[OversightAnswer]] = {row.id: [] for row in rows}
        cases: dict[uuid.UUID, str | None] = {}
        if rows:
            found = session.scalars(
                sa.select(a).where(a.request_id.in_(list(answers))).order_by(a.created_at)
            )
            for answer in found:
                answers[answer.request_id].append(_answer(answer))
            decided = {row.decision_id for row in rows if row.decision_id is not None}
            if decided:
                d = Decision
                query = sa.select(d.id, d.case_ref).where(d.id.in_(list(decided)))
                cases = {key: ref for key, ref in session.execute(query).all()}
        return [
            RequestState(request_record(row), tuple(answers[row.id]), cases.get(row.decision_id))
            for row in rows
        ]


def latest_control(engine: Engine) -> ControlEvent | None:
    """The stop switch's last event (by the server's clock, then the client's), if any."""
    c = ControlEventRow
    query = sa.select(c).order_by(
        c.received_at.desc().nulls_last(), c.created_at.desc(), c.id.desc()
    )
    with Session(engine) as session:
        row = session.scalars(query.limit(1)).first()
        if row is None:
            return None
        return ControlEvent(
            kind=row.kind, reason=row.reason, officer=row.officer, workstation=row.workstation,
            db_user=row.db_user, os_account=row.os_account, id=row.id, created_at=row.created_at,
        )  # fmt: skip


def delegation_band(engine: Engine) -> float | None:
    """The officers' delegation the shared database sets (revision 0009), else None."""
    if engine.url.get_backend_name() == "sqlite":
        return None
    with engine.connect() as conn:
        value = conn.execute(sa.text("SELECT review_band FROM pad_delegation WHERE id = 1"))
        found = value.scalar_one_or_none()
    return None if found is None else float(found)
