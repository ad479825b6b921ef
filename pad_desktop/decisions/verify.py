"""`db verify`: walk every stream's hash chain in the database and report what breaks it.

The three tables are read ordered by (stream, place), merged, and checked in one pass with
constant memory: each record must sit at the next place of its stream and its hash must be
sha256(previous hash || its canonical line) (`canonical.py`). Reported, each with its id:
- edited: the content no longer gives the stored hash (or the record before it was rewritten
  with a recomputed hash: then this record no longer follows it);
- missing: places with no record (deleted, or refused / not delivered yet: see `db status`);
- inserted: a second record at a place already held, or a record with no chain at all after
  revision 0002, or (with this machine's own stream head) beyond what this machine wrote.
Records from before revision 0002 carry no chain and no server time: they are counted apart,
up to the number the database held when its chain was guarded (`pad_chain_guard`, revision
0005); any more were inserted since, by a role that could bypass the guard.
With this machine's stream head, a stream this machine wrote that is absent is reported too.

`--since` chooses where each stream's walk starts by the chain, not by a time alone (the
editor controls every column): from the record before the first one created or received from
then on, and at least from the stream's last record, so that moving a record's `created_at`
back takes it out of nothing but puts it at the edge of the walk, where its hash is checked.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from pad_desktop.decisions import erasure
from pad_desktop.decisions.canonical import GENESIS, link
from pad_desktop.decisions.chain_head import StreamHead
from pad_desktop.decisions.encode import COLUMNS, HASH_COLUMN, JSON_COLUMNS, record_line
from pad_desktop.decisions.models import Base


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # "edited" | "missing" | "inserted" | "rewritten"
    record_id: str | None
    message: str


@dataclass(slots=True)
class VerifyReport:
    checked: int = 0  # chained records checked
    unchained: int = 0  # records from before revision 0002 (no chain, no server time)
    erased: int = 0  # decisions whose personal inputs were erased, accepted by attestation
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)  # stream -> (seq, hash)
    findings: list[Finding] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.findings


# The ids of unexpected chainless records listed one by one, per table; the rest are counted.
LISTED_CHAINLESS = 100


@dataclass(slots=True)
class _Chainless:
    """One table's records without a chain and without a server time."""

    count: int = 0
    ids: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Row:
    stream: str
    seq: int
    table: str
    id: str
    line: str
    hash: str | None
    attested: bool = False  # erased, as a chained erasure record attests (`erasure.py`)


def _select(table_name: str, since_starts: dict[str, int] | None) -> sa.Select:
    table = Base.metadata.tables[table_name]
    columns = [
        sa.cast(table.c[name], sa.Text) if name in JSON_COLUMNS else table.c[name]
        for name in COLUMNS[table_name]
    ]
    query = sa.select(*columns, table.c[HASH_COLUMN], table.c.received_at)
    if since_starts is not None:
        query = query.where(
            sa.or_(
                table.c.stream_id.is_(None),  # few, cheap, and not placed in time by anyone
                *(
                    sa.and_(table.c.stream_id == s, table.c.stream_seq >= q)
                    for s, q in since_starts.items()
                ),
            )
        )
    return query.order_by(table.c.stream_id, table.c.stream_seq)


def _rows(
    engine: Engine,
    table_name: str,
    since_starts: dict[str, int] | None,
    report: VerifyReport,
    chainless: _Chainless,
    attestations: dict[str, set[tuple[str | None, str]]] | None = None,
) -> Iterator[_Row]:
    names = COLUMNS[table_name]
    inputs_at = names.index("inputs") if table_name == "decisions" else -1
    text = erasure.TEXTS.get(table_name)
    text_at = names.index(text) if text is not None else -1
    json_at = [i for i, n in enumerate(names) if n in JSON_COLUMNS]
    stream_at = names.index("stream_id")
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=2000).execute(
            _select(table_name, since_starts)
        )
        for row in result:
            values: list[Any] = list(row[: len(names)])
            stored_hash, received_at = row[len(names)], row[len(names) + 1]
            stream, seq = values[stream_at], values[stream_at + 1]
            if stream is None or seq is None:
                if stored_hash is None and received_at is None:
                    chainless.count += 1
                    if len(chainless.ids) < LISTED_CHAINLESS:
                        chainless.ids.append(str(values[0]))
                else:
                    report.findings.append(
                        Finding("inserted", str(values[0]), f"{_name(table_name, values[0])} "
                                "carries no place in a chain: inserted outside pad-desktop "
                                "(or acknowledged before the hash chain, delivered since)")
                    )  # fmt: skip
                continue
            for i in json_at:
                if values[i] is not None:
                    values[i] = json.loads(values[i])
            line = record_line(table_name, values)
            attested = False
            erased = (inputs_at >= 0 and erasure.is_erased(values[inputs_at])) or (
                text_at >= 0 and erasure.is_erased_text(values[text_at])
            )
            if attestations is not None and erased:
                claims = attestations.get(str(values[0]), ())
                attested = (stored_hash, erasure.residual_sha256(line)) in claims
            yield _Row(str(stream), int(seq), table_name, str(values[0]), line, stored_hash,
                       attested)  # fmt: skip


def _name(table: str, record_id: Any) -> str:
    kinds = {"decisions": "decision", "decision_overrides": "override",
             "decision_erasures": "erasure", "text_erasures": "text erasure",
             "decision_notices": "notice", "outcomes": "outcome",
             "shadow_scores": "shadow score", "switch_evidence": "switch evidence",
             "oversight_requests": "oversight request", "oversight_answers": "oversight answer",
             "control_events": "control event"}  # fmt: skip
    kind = kinds.get(table, "model event")
    return f"{kind} {record_id}"


def _starts(engine: Engine, since: datetime) -> dict[str, int]:
    """Where each stream's walk starts: the place before its first record created or received
    at or after `since`, or before its last record if none was."""
    firsts: dict[str, int] = {}
    lasts: dict[str, int] = {}
    with engine.connect() as conn:
        for name in COLUMNS:
            t = Base.metadata.tables[name]
            recent = sa.or_(t.c.created_at >= since, t.c.received_at >= since)
            query = (
                sa.select(
                    t.c.stream_id,
                    sa.func.min(t.c.stream_seq).filter(recent),
                    sa.func.max(t.c.stream_seq),
                )
                .where(t.c.stream_id.is_not(None))
                .group_by(t.c.stream_id)
            )
            for stream, first, last in conn.execute(query):
                key = str(stream)
                if first is not None:
                    firsts[key] = min(firsts.get(key, first), first)
                lasts[key] = max(lasts.get(key, last), last)
    return {key: max(1, firsts.get(key, last) - 1) for key, last in lasts.items()}


def _predecessor(engine: Engine, stream: str, seq: int) -> tuple[int, bytes]:
    """The place and hash of the last record of `stream` before `seq` (0, genesis if none)."""
    with engine.connect() as conn:
        return _predecessor_on(conn, stream, seq)


def _predecessor_on(conn: sa.Connection, stream: str, seq: int) -> tuple[int, bytes]:
    best = (0, GENESIS)
    for name in COLUMNS:
        t = Base.metadata.tables[name]
        found = conn.execute(
            sa.select(t.c.stream_seq, t.c[HASH_COLUMN])
            .where(t.c.stream_id == stream, t.c.stream_seq < seq)
            .order_by(t.c.stream_seq.desc())
            .limit(1)
        ).first()
        if found is not None and found[0] > best[0] and found[1]:
            best = (int(found[0]), bytes.fromhex(found[1]))
    return best


def predecessor_hash(conn: sa.Connection, stream: str, seq: int) -> bytes:
    """The chain hash a record at place `seq` of `stream` follows (what an erasure checks)."""
    return _predecessor_on(conn, stream, seq)[1]


def _attestations(engine: Engine) -> dict[str, set[tuple[str | None, str]]]:
    """record id -> (former chain hash, residual sha256) of its erasure records (`erasure`):
    a decision's (`decision_erasures`), an override's, request's or answer's text's
    (`text_erasures`, revision 0010)."""
    t = Base.metadata.tables["decision_erasures"]
    texts = Base.metadata.tables["text_erasures"]
    found: dict[str, set[tuple[str | None, str]]] = {}
    with engine.connect() as conn:
        for query in (
            sa.select(t.c.decision_id, t.c.former_hash, t.c.residual_sha256),
            sa.select(texts.c.record_id, texts.c.former_hash, texts.c.residual_sha256),
        ):
            for record_id, former, residual in conn.execute(query):
                found.setdefault(str(record_id), set()).add((former, residual))
    return found


class _Walk:
    """The state of the pass over one stream."""

    def __init__(self, stream: str, after: int, prev: bytes, report: VerifyReport) -> None:
        self.stream, self.expected, self.prev, self.report = stream, after + 1, prev, report
        self.last_id: str | None = None

    def place(self, group: list[_Row]) -> None:
        """The records found at one place of the stream (more than one: all but one inserted)."""
        seq = group[0].seq
        if seq > self.expected:  # the hash before this place is gone: take the stored one
            after = f"after {self.last_id}" if self.last_id else "at the start"
            self._find("missing", group[0].id,
                       f"{seq - self.expected} record(s) of stream {self.stream} missing {after}, "
                       f"before {_name(group[0].table, group[0].id)} (places {self.expected}"
                       f"-{seq - 1}): deleted, or not delivered (see `db status`)")  # fmt: skip
            linking = [r for r in group if r.hash] or group
        else:
            linking = [
                r
                for r in group
                if r.hash and (r.attested or link(self.prev, r.line).hex() == r.hash)
            ]
            self.report.erased += sum(1 for r in linking if r.attested and r.table == "decisions")
        genuine = linking[0] if linking else group[0]
        for row in group:
            self.report.checked += 1
            if row is genuine and linking:
                continue
            if len(group) > 1 and row is not genuine:
                self._find("inserted", row.id,
                           f"{_name(row.table, row.id)} claims place {seq} of stream "
                           f"{self.stream}, held by {genuine.id}: inserted")  # fmt: skip
            else:
                self._find("edited", row.id,
                           f"{_name(row.table, row.id)} does not match its chain hash: edited "
                           "(or the record before it was rewritten)")  # fmt: skip
        self.prev = bytes.fromhex(genuine.hash) if genuine.hash else self.prev
        self.expected, self.last_id = seq + 1, genuine.id
        self.report.heads[self.stream] = (seq, self.prev.hex())

    def _find(self, kind: str, record_id: str | None, message: str) -> None:
        self.report.findings.append(Finding(kind, record_id, message))


def verify(engine: Engine, since: datetime | None = None,
           local_head: StreamHead | None = None) -> VerifyReport:  # fmt: skip
    """Check every chain (records created from `since` on, and everything after them in their
    stream); with `local_head`, also this machine's stream against what it wrote."""
    report = VerifyReport()
    starts = _starts(engine, since) if since is not None else None
    chainless = {name: _Chainless() for name in COLUMNS}
    attested = _attestations(engine)
    merged = heapq.merge(
        *(_rows(engine, name, starts, report, chainless[name], attested) for name in COLUMNS),
        key=lambda r: (r.stream, r.seq),
    )
    walk: _Walk | None = None
    group: list[_Row] = []
    beyond: list[_Row] = []
    for row in merged:
        if group and (row.stream, row.seq) != (group[0].stream, group[0].seq):
            walk = _advance(engine, walk, group, starts, report)
            group = []
        group.append(row)
        # this machine's last record, and any it never wrote
        if local_head and row.stream == local_head.stream_id and row.seq >= local_head.seq:
            beyond.append(row)
    if group:
        _advance(engine, walk, group, starts, report)
    _check_chainless(report, chainless, _pre_chain_rows(engine))
    if local_head is not None:
        _check_local(report, local_head, beyond)
    return report


def _pre_chain_rows(engine: Engine) -> dict[str, int]:
    """Per table, the chainless records the database held when its chain was guarded."""
    guard = sa.table("pad_chain_guard", sa.column("table_name"), sa.column("pre_chain_rows"))
    with engine.connect() as conn:
        return {str(t): int(n) for t, n in conn.execute(sa.select(guard.c[0], guard.c[1]))}


def _check_chainless(
    report: VerifyReport, found: dict[str, _Chainless], allowed: dict[str, int]
) -> None:
    """Chainless records up to those from before the chain are counted apart; more are not."""
    for table, chainless in found.items():
        before = allowed.get(table, 0)
        report.unchained += min(chainless.count, before)
        extra = chainless.count - before
        if extra <= 0:
            continue
        if before == 0:  # none can be from before the chain: each one is named
            for record_id in chainless.ids:
                message = (
                    f"{_name(table, record_id)} carries no place in a chain and no server "
                    "time, in a database that held none from before the chain: inserted "
                    "outside pad-desktop"
                )
                report.findings.append(Finding("inserted", record_id, message))
            extra -= len(chainless.ids)
        if extra > 0:
            message = (
                f"{extra} more record(s) of {table} carry no place in a chain than the "
                f"{before} the database held from before the chain: inserted outside pad-desktop"
            )
            report.findings.append(Finding("inserted", None, message))


def _advance(engine: Engine, walk: _Walk | None, group: list[_Row],
             starts: dict[str, int] | None, report: VerifyReport) -> _Walk:  # fmt: skip
    first = group[0]
    if walk is None or walk.stream != first.stream:
        after, prev = (0, GENESIS)
        if starts is not None and first.seq > 1:
            after, prev = _predecessor(engine, first.stream, starts.get(first.stream, first.seq))
        walk = _Walk(first.stream, after, prev, report)
    walk.place(group)
    return walk


def _check_local(report: VerifyReport, head: StreamHead, tail: list[_Row]) -> None:
    for row in tail:
        if row.seq > head.seq:
            report.findings.append(
                Finding("inserted", row.id, f"{_name(row.table, row.id)} is in this machine's "
                        f"stream at place {row.seq}, beyond the {head.seq} it wrote: inserted")
            )  # fmt: skip
    found = report.heads.get(head.stream_id)
    if found is None and head.seq > 0:
        message = (
            f"none of the {head.seq} record(s) this machine wrote (stream {head.stream_id}) is "
            "in the database: deleted, or not delivered yet (see `db status`)"
        )
        report.findings.append(Finding("missing", None, message))
    if found is not None and found[0] < head.seq:
        report.findings.append(
            Finding("missing", None, f"the last {head.seq - found[0]} record(s) this machine "
                    f"wrote (places {found[0] + 1}-{head.seq} of stream {head.stream_id}) are not "
                    "in the database: deleted, or not delivered yet (see `db status`)")
        )  # fmt: skip
    last = [row for row in tail if row.seq == head.seq]
    if last and all(row.hash != head.hash.hex() for row in last):
        report.findings.append(
            Finding("rewritten", last[0].id, f"{_name(last[0].table, last[0].id)}, the last "
                    "record this machine wrote, has another chain hash: the chain was recomputed")
        )  # fmt: skip
