"""Erasing decisions from every store of the log: the flow around `erasure.py`.

Which decisions: those of some case references (an applicant's request), or those created
before a moment (the retention period). Where:
- the shared database (PostgreSQL): each decision's link to its predecessor is checked, the
  erasure records are chained in this machine's outbox and delivered first, then one
  transaction sets the personal columns to the erased mark and deletes revision 0003's side
  rows; the database lets only `pad_supervisor` do that (privilege), and only for a decision
  with an erasure record (trigger). The privilege is checked before anything is changed;
- this machine's outbox: the lines of the decisions not delivered yet (and those the database
  refused) are erased in their payloads, in the transaction that chains their erasure records;
  the case's repeat keys (an unsalted hash of its inputs) are deleted; the file is vacuumed, so
  that no page of it keeps the old payloads;
- the embedded store: the erasure records and the erasure itself in one transaction, with
  SQLite's `secure_delete` on, then the WAL emptied.
An unreachable database leaves its part undone (said so); running the erasure again finishes it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from pad_desktop.decisions import erasure
from pad_desktop.decisions.canonical import PG_UTC, sqlite_time
from pad_desktop.decisions.encode import (
    COLUMNS,
    HASH_COLUMN,
    JSON_COLUMNS,
    erasure_rows,
    text_erasure_rows,
)
from pad_desktop.decisions.models import Base
from pad_desktop.decisions.records import ErasureRecord, TextErasureRecord
from pad_desktop.texts import Worded

# `log` below is a `decisions.log.DecisionLog` (not imported: the log's writers use this module's
# rule, `erasure.py`, and the log is above them).
DecisionLog = Any
PAGE = 1000  # decisions erased per transaction by a retention purge


class ErasureRefused(Worded):
    """An erasure that cannot be made as asked; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Who:
    officer: str
    workstation: str
    os_account: str


@dataclass(slots=True)
class ErasureReport:
    found: int = 0  # decisions matching (erased before included)
    erased: int = 0  # erased now
    already: int = 0  # erased before
    waiting: int = 0  # erased in this machine's outbox, not delivered yet
    database_pending: bool = False  # the shared database could not be reached or updated
    decision_ids: list[str] = field(default_factory=list)  # erased now
    texts: int = 0  # free texts (overrides, requests, answers) erased now (revision 0010)


@dataclass(frozen=True, slots=True)
class Selection:
    """Which decisions: of these case references, or created before `before`."""

    case_refs: frozenset[str] = frozenset()
    before: datetime | None = None

    def where(self, table: sa.Table) -> sa.ColumnElement[bool]:
        if self.before is not None:
            return table.c.created_at < self.before
        return table.c.case_ref.in_(sorted(self.case_refs))

    def matches_line(self, case_ref: str | None, created_at: str) -> bool:
        """For an outbox line: its case reference and its `created_at` as COPY text."""
        if self.before is not None:
            return created_at < sqlite_time(self.before) + PG_UTC
        return case_ref is not None and case_ref in self.case_refs


def _stored(conn: sa.Connection, selection: Selection) -> tuple[list[erasure.Erased], int]:
    """The decisions of `selection` in a database not erased yet (each checked against its
    chain), and how many were erased before."""
    from pad_desktop.decisions.verify import predecessor_hash

    t = Base.metadata.tables["decisions"]
    names = COLUMNS["decisions"]
    columns = [sa.cast(t.c[n], sa.Text) if n in JSON_COLUMNS else t.c[n] for n in names]
    query = (
        sa.select(*columns, t.c[HASH_COLUMN])
        .where(selection.where(t))
        .order_by(t.c.stream_id, t.c.stream_seq, t.c.id)
    )
    found: list[erasure.Erased] = []
    already = 0
    at_stream, at_seq = names.index("stream_id"), names.index("stream_seq")
    last: tuple[str, int, str] | None = None  # the row before: a batch's rows follow each other
    for row in conn.execute(query):
        values: list[Any] = list(row[: len(names)])
        stored_hash = row[len(names)]
        place = None
        if stored_hash is not None and values[at_stream] is not None:
            place = (str(values[at_stream]), int(values[at_seq]), stored_hash)
        before, last = last, place
        for i, name in enumerate(names):
            if name in JSON_COLUMNS and values[i] is not None:
                values[i] = json.loads(values[i])
        if erasure.is_erased(values[names.index("inputs")]):
            already += 1
            continue
        if place is not None:
            if before is not None and before[:2] == (place[0], place[1] - 1):
                prev = bytes.fromhex(before[2])
            else:
                prev = predecessor_hash(conn, place[0], place[1])
            if not erasure.links(prev, values, place[2]):
                raise ErasureRefused("privacy.edited", decision_id=str(values[0]))
        found.append(erasure.stored_row(values, stored_hash))
        if selection.before is not None and len(found) >= PAGE:
            break
    return found, already


def _stored_texts(conn: sa.Connection, selection: Selection) -> list[erasure.ErasedText]:
    """The free texts about the decisions of `selection` in a database not erased yet (each
    checked against its chain), whether the decision itself was erased before or not."""
    from pad_desktop.decisions.verify import predecessor_hash

    d = Base.metadata.tables["decisions"]
    requests = Base.metadata.tables["oversight_requests"]
    found: list[erasure.ErasedText] = []
    for table_name, column in erasure.TEXTS.items():
        t = Base.metadata.tables[table_name]
        names = COLUMNS[table_name]
        if table_name == "oversight_answers":
            about = t.join(requests, t.c.request_id == requests.c.id).join(
                d, requests.c.decision_id == d.c.id
            )
        else:
            about = t.join(d, t.c.decision_id == d.c.id)
        query = (
            sa.select(*(t.c[n] for n in names), t.c[HASH_COLUMN], d.c.id, d.c.case_ref)
            .select_from(about)
            .where(selection.where(d), t.c[column] != erasure.ERASED_JSON)
            .order_by(t.c.stream_id, t.c.stream_seq, t.c.id)
        )
        at_stream = names.index("stream_id")
        for row in conn.execute(query):
            values = list(row[: len(names)])
            stored_hash, decision_id, case_ref = row[len(names) :]
            if stored_hash is not None and values[at_stream] is not None:
                prev = predecessor_hash(conn, str(values[at_stream]), int(values[at_stream + 1]))
                if not erasure.links(prev, values, stored_hash, table_name):
                    raise ErasureRefused("privacy.edited_text", record_id=str(values[0]))
            found.append(
                erasure.stored_text(table_name, values, stored_hash, str(decision_id), case_ref)
            )
    return found


def _text_records(
    texts: list[erasure.ErasedText], who: Who, kind: str, reason: str, now: datetime
) -> list[TextErasureRecord]:
    return [
        TextErasureRecord(
            decision_id=uuid.UUID(e.decision_id),
            record_table=e.table,
            record_id=uuid.UUID(e.record_id),
            kind=kind,
            reason=reason,
            officer=who.officer,
            workstation=who.workstation,
            case_ref=e.case_ref,
            former_hash=e.former_hash,
            residual_sha256=e.residual_sha256,
            os_account=who.os_account,
            created_at=now,
        )
        for e in texts
    ]


def _records(
    erased: list[erasure.Erased], who: Who, kind: str, reason: str, now: datetime
) -> list[ErasureRecord]:
    return [
        ErasureRecord(
            decision_id=uuid.UUID(e.decision_id),
            kind=kind,
            reason=reason,
            officer=who.officer,
            workstation=who.workstation,
            case_ref=e.case_ref,
            former_hash=e.former_hash,
            residual_sha256=e.residual_sha256,
            os_account=who.os_account,
            created_at=now,
        )
        for e in erased
    ]


def erase(
    log: DecisionLog,
    selection: Selection,
    who: Who,
    kind: str,
    reason: str,
    now: datetime,
    deliver_timeout: float = 30.0,
) -> ErasureReport:
    """Erase the decisions of `selection` wherever this log holds them (see the module)."""
    report = ErasureReport()
    build: Callable[[list[erasure.Erased]], Any] = lambda found: erasure_rows(  # noqa: E731
        _records(found, who, kind, reason, now)
    )

    def build_texts(found: list[erasure.ErasedText]) -> Any:
        return text_erasure_rows(_text_records(found, who, kind, reason, now))

    if log.embedded:
        with log._engine.connect() as conn:
            texts = _stored_texts(conn, selection)
        if texts:
            log._writer.erase_texts(texts, build_texts(texts))
            report.texts += len(texts)
        first = True
        while True:
            with log._engine.connect() as conn:
                stored, already = _stored(conn, selection)
            if first:
                report.already, first = already, False
            if stored:
                log._writer.erase(stored, build(stored), selection.case_refs)
            _count(report, stored)
            if len(stored) < PAGE or selection.before is None:
                break
        log._writer.scrub(selection.case_refs, selection.before)
        report.found = report.erased + report.already
        return report
    # the shared database, with this machine's outbox before it
    first = True
    while True:
        texts: list[erasure.ErasedText] = []
        targets = _targets(None, selection, [])
        try:
            with log._engine.connect() as conn:
                stored, already = _stored(conn, selection)
                if first:
                    texts = _stored_texts(conn, selection)
                    targets = _targets(conn, selection, texts)
                if (stored or texts) and not _may_erase(conn, texts=bool(texts)):
                    raise ErasureRefused("privacy.not_allowed")
        except sa.exc.OperationalError:
            stored, already, report.database_pending = [], 0, True
            texts, targets = [], _targets(None, selection, [])
        if first:
            report.already = already
        local = (
            log._writer.erase(selection, stored, build, texts, build_texts, targets)
            if first or stored
            else []
        )
        first = False
        report.waiting += len(local)
        report.texts += len(targets.erased) + len(texts)
        _count(report, local)
        _count(report, stored)
        if stored or texts:
            if not log.flush(timeout=deliver_timeout):
                report.database_pending = True
                break
            try:
                _update_database(log, stored, texts)
            except sa.exc.OperationalError:  # gone since: its part is done by the next run
                report.database_pending = True
                break
        if len(stored) < PAGE or selection.before is None:
            break
    report.found = report.erased + report.already
    return report


def _targets(
    conn: sa.Connection | None, selection: Selection, texts: list[erasure.ErasedText]
) -> erasure.TextTargets:
    """Which texts waiting in this machine's outbox are about the selection: those about its
    decisions in the database (a case's, all of them; a purge's, those with texts) or in the
    outbox (added as they are found), or of its requests; for a purge, also those written
    before the moment."""
    targets = erasure.TextTargets(decisions={}, requests={})
    if selection.before is not None:
        targets.before = sqlite_time(selection.before) + PG_UTC
    for e in texts:
        targets.decisions[e.decision_id] = e.case_ref
        if e.table == "oversight_requests":
            targets.requests[e.record_id] = (e.decision_id, e.case_ref)
    if conn is None or not selection.case_refs:
        return targets
    d = Base.metadata.tables["decisions"]
    r = Base.metadata.tables["oversight_requests"]
    for decision_id, case_ref in conn.execute(
        sa.select(d.c.id, d.c.case_ref).where(selection.where(d))
    ):
        targets.decisions[str(decision_id)] = case_ref
    query = (
        sa.select(r.c.id, d.c.id, d.c.case_ref)
        .select_from(r.join(d, r.c.decision_id == d.c.id))
        .where(selection.where(d))
    )
    for request_id, decision_id, case_ref in conn.execute(query):
        targets.requests[str(request_id)] = (str(decision_id), case_ref)
    return targets


def _count(report: ErasureReport, erased: list[erasure.Erased]) -> None:
    report.erased += len(erased)
    report.decision_ids.extend(e.decision_id for e in erased)


def _may_erase(conn: sa.Connection, texts: bool = False) -> bool:
    """Whether this role holds the erasure privilege (`pad_supervisor`, app_role.sql), for
    the free texts too when there are some (revision 0010)."""
    checks = [
        "has_column_privilege('decisions', 'inputs', 'UPDATE')",
        "has_table_privilege('decision_canonical_inputs', 'DELETE')",
    ]
    if texts:
        checks += [
            f"has_column_privilege('{table}', '{column}', 'UPDATE')"
            for table, column in erasure.TEXTS.items()
        ]
    return bool(conn.execute(sa.text("SELECT " + " AND ".join(checks))).scalar_one())


PG_UPDATE = sa.text(
    "UPDATE decisions SET inputs = CAST(:mark AS jsonb), "
    "typed_inputs = CASE WHEN typed_inputs IS NULL THEN NULL ELSE CAST(:mark AS jsonb) END, "
    "policy = CASE WHEN policy ? 'inputs' THEN jsonb_set(policy, '{inputs}', CAST(:mark AS jsonb)) "
    "ELSE policy END WHERE id = CAST(:id AS uuid)"
)
PG_SIDE_DELETE = sa.text(
    "DELETE FROM decision_canonical_inputs WHERE decision_id = CAST(:id AS uuid)"
)


def _update_database(
    log: DecisionLog, stored: list[erasure.Erased], texts: list[erasure.ErasedText]
) -> None:
    """The erasure in the shared database, its erasure records delivered already."""
    with log._engine.begin() as conn:
        conn.execute(sa.text("SET LOCAL pad.erasure = 'on'"))  # see revision 0008's triggers
        if stored:
            params = [{"mark": erasure.ERASED_JSON, "id": e.decision_id} for e in stored]
            conn.execute(PG_UPDATE, params)
            conn.execute(PG_SIDE_DELETE, [{"id": e.decision_id} for e in stored])
        for table, column in erasure.TEXTS.items():  # revision 0010's triggers
            params = [
                {"mark": erasure.ERASED_JSON, "id": e.record_id} for e in texts if e.table == table
            ]
            if params:
                conn.execute(
                    sa.text(f"UPDATE {table} SET {column} = :mark WHERE id = CAST(:id AS uuid)"),
                    params,
                )
