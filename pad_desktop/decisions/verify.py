"""`db verify`: walk every stream's hash chain in the database and report what breaks it.

The three tables are read ordered by (stream, place), merged, and checked in one pass with
constant memory: each record must sit at the next place of its stream and its hash must be
sha256(previous hash || its canonical line) (`canonical.py`). Reported, each with its id:
- edited: the content no longer gives the stored hash (or the record before it was rewritten
  with a recomputed hash: then this record no longer follows it);
- missing: places with no record (deleted, or refused / not delivered yet: see `db status`);
- inserted: a second record at a place already held, or a record with no chain at all after
  revision 0002, or (with this machine's own stream head) beyond what this machine wrote.
Records from before revision 0002 carry no chain and no server time: they are counted apart.
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
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)  # stream -> (seq, hash)
    findings: list[Finding] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.findings


@dataclass(frozen=True, slots=True)
class _Row:
    stream: str
    seq: int
    table: str
    id: str
    line: str
    hash: str | None


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
                sa.false(),
                *(
                    sa.and_(table.c.stream_id == s, table.c.stream_seq >= q)
                    for s, q in since_starts.items()
                ),
            )
        )
    return query.order_by(table.c.stream_id, table.c.stream_seq)


def _rows(engine: Engine, table_name: str, since_starts: dict[str, int] | None,
          report: VerifyReport) -> Iterator[_Row]:  # fmt: skip
    names = COLUMNS[table_name]
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
                    report.unchained += 1
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
            yield _Row(str(stream), int(seq), table_name, str(values[0]),
                       record_line(table_name, values), stored_hash)  # fmt: skip


def _name(table: str, record_id: Any) -> str:
    kinds = {"decisions": "decision", "decision_overrides": "override",
             "decision_notices": "notice"}  # fmt: skip
    kind = kinds.get(table, "model event")
    return f"{kind} {record_id}"


def _starts(engine: Engine, since: datetime) -> dict[str, int]:
    """Each stream's first place with a record created at or after `since`."""
    starts: dict[str, int] = {}
    with engine.connect() as conn:
        for name in COLUMNS:
            t = Base.metadata.tables[name]
            query = (
                sa.select(t.c.stream_id, sa.func.min(t.c.stream_seq))
                .where(t.c.created_at >= since, t.c.stream_id.is_not(None))
                .group_by(t.c.stream_id)
            )
            for stream, seq in conn.execute(query):
                starts[str(stream)] = min(starts.get(str(stream), seq), seq)
    return starts


def _predecessor(engine: Engine, stream: str, seq: int) -> tuple[int, bytes]:
    """The place and hash of the last record of `stream` before `seq` (0, genesis if none)."""
    best = (0, GENESIS)
    with engine.connect() as conn:
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
            linking = [r for r in group if r.hash and link(self.prev, r.line).hex() == r.hash]
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
    merged = heapq.merge(
        *(_rows(engine, name, starts, report) for name in COLUMNS),
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
    if local_head is not None:
        _check_local(report, local_head, beyond)
    return report


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
