"""The outbox: records acknowledged to the caller and not yet delivered to PostgreSQL.

One SQLite file per target database in the user data directory, shared by every process of
that user: entries are chunks of rows already in COPY text format, compressed (one per
`record()` call, one per batch chunk), removed only after PostgreSQL committed them. A crash
between that commit and the removal redelivers the chunk, which the uuid primary key turns
into a no-op.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pad_desktop.decisions import (
    batch_runs,
    case_keys,
    chain_head,
    outcome_keys,
    sqlite_files,
)
from pad_desktop.decisions.canonical import NULL
from pad_desktop.decisions.encode import (
    COLUMNS,
    LATER_COLUMNS,
    PRE_CHAIN_COLUMNS,
    TABLES,
    DecisionRows,
    RecordRows,
)
from pad_desktop.decisions.sqlite_files import StoreUnreadable

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    rows INTEGER NOT NULL,
    size INTEGER NOT NULL,
    payload BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS rejected (
    seq INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    rows INTEGER NOT NULL,
    size INTEGER NOT NULL,
    payload BLOB NOT NULL,
    error TEXT NOT NULL,
    rejected_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now'))
);
CREATE TABLE IF NOT EXISTS target (
    url TEXT NOT NULL,
    identity TEXT,
    name TEXT
);
CREATE TABLE IF NOT EXISTS salvaged (
    file TEXT PRIMARY KEY,
    salvaged_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now'))
);
"""


class OutboxDamaged(StoreUnreadable):
    """The outbox file is damaged: nothing more is acknowledged into it until `db salvage` has
    moved it aside and taken the records it still holds (`salvage.py`)."""

    def __init__(self, path: Path, reason: str, target: str | None = None) -> None:
        self.target = target or "?"
        super().__init__(path, reason)

    def text(self, lang: str) -> str:
        from pad_desktop.texts import text

        return text(
            "log.outbox_damaged", lang, path=self.path, reason=self.reason, target=self.target
        )


def compress(copy_text: str) -> tuple[bytes, int]:
    """LZ4 frames: inputs repeat a lot, a payload shrinks ~8x for ~0.1 s of CPU per 100k rows,
    less than writing, fsyncing and checkpointing it whole would cost (zlib costs 4x more).
    The same frame format as pyarrow's `lz4` codec, which wrote older outboxes; python-lz4 is
    0.3 MB where pyarrow would add 112 MB to the standalone build."""
    import lz4.frame

    data = copy_text.encode("utf-8")
    # The content checksum makes a payload damaged on disk fail to decompress, not deliver.
    return lz4.frame.compress(data, store_size=True, content_checksum=True), len(data)


# Rows pointing at decisions: never delivered ahead of an older entry still in flight.
REFERRING = frozenset(
    {
        "decision_overrides",
        "decision_notices",
        "outcomes",
        "shadow_scores",
        "switch_evidence",
        "decision_erasures",
        "oversight_requests",
        "oversight_answers",
        "text_erasures",
    }
)


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    table: str
    rows: int
    payload: bytes  # LZ4-compressed COPY text
    size: int  # of the COPY text

    def copy_data(self) -> bytes:
        import lz4.frame

        return lz4.frame.decompress(self.payload)


def is_pre_chain(table: str, copy_data: bytes) -> bool:
    """Whether COPY text holds the lines of the first version (0.1), without any chain."""
    fields = copy_data[: copy_data.find(b"\n")].count(b"\t") + 1
    return table in PRE_CHAIN_COLUMNS and fields == len(PRE_CHAIN_COLUMNS[table])


@dataclass(frozen=True, slots=True)
class _PreChainRows:
    """An entry acknowledged by the first version, to be placed in this outbox's stream: the
    columns it lacks are NULL, as the database fills them."""

    table: str
    lines: list[str]

    def __len__(self) -> int:
        return len(self.lines)

    @property
    def _columns(self) -> tuple[str, ...]:
        """The chained columns but those added later (`record_line` leaves them out)."""
        later = LATER_COLUMNS.get(self.table, ())
        return tuple(c for c in COLUMNS[self.table] if c not in later)

    def canonical_lines(self, stream_id: str, first_seq: int) -> list[str]:
        names = PRE_CHAIN_COLUMNS[self.table]
        placed = []
        for offset, line in enumerate(self.lines):
            values = dict(zip(names, line.split("\t"), strict=True))
            values.update(stream_id=stream_id, stream_seq=str(first_seq + offset))
            placed.append("\t".join(values.get(name, NULL) for name in self._columns))
        return placed


def outbox_path(data_dir: Path, target: str) -> Path:
    """The outbox of one target: records meant for one database never go to another."""
    digest = hashlib.sha256(target.encode("utf-8")).hexdigest()[:12]
    return data_dir / "decision_outbox" / f"outbox-{digest}.sqlite3"


@dataclass(frozen=True, slots=True)
class Manifest:
    """What an outbox file says of its target: the address it was made for (without secrets)
    and, once delivery reached it, the database's identity (`schema.database_identity`)."""

    url: str | None  # None: a file from before the manifest
    identity: str | None  # None: never reached
    name: str | None  # the database's name when reached


def manifest(path: Path) -> Manifest:
    """An outbox file's manifest, read without creating anything."""
    conn = sqlite_files.connect_read_only(path)
    try:
        row = conn.execute("SELECT url, identity, name FROM target").fetchone()
    except sqlite3.OperationalError:  # a file from before the manifest
        row = None
    finally:
        conn.close()
    return Manifest(*row) if row else Manifest(None, None, None)


@dataclass(frozen=True, slots=True)
class OtherOutbox:
    """An outbox made for another address than the configured one, with records waiting."""

    path: Path
    manifest: Manifest
    pending: int
    rejected: int


def other_outboxes(data_dir: Path, own: Path) -> list[OtherOutbox]:
    """The outboxes of `data_dir` other than `own` that still hold records (damaged files
    moved aside are `db salvage`'s, not these)."""
    found = []
    for path in sorted((data_dir / "decision_outbox").glob("outbox-*.sqlite3")):
        if path == own or ".damaged-" in path.name:
            continue
        try:
            pending, rejected = local_counts(path)
            if pending or rejected:
                found.append(OtherOutbox(path, manifest(path), pending, rejected))
        except sqlite3.DatabaseError:  # damaged: `db salvage` with that address deals with it
            found.append(OtherOutbox(path, Manifest(None, None, None), -1, -1))
    return found


def local_counts(path: Path) -> tuple[int, int]:
    """(pending, rejected) records of an outbox file, read without creating it; (0, 0) if none."""
    if not path.exists():
        return 0, 0
    conn = sqlite_files.connect_read_only(path)
    try:
        return tuple(  # type: ignore[return-value]
            int(conn.execute(f"SELECT coalesce(sum(rows), 0) FROM {table}").fetchone()[0])
            for table in ("outbox", "rejected")
        )
    except sqlite3.OperationalError:  # an outbox from before the rejected table
        return 0, 0
    finally:
        conn.close()


def _open(path: Path, check: bool, target: str | None) -> sqlite3.Connection:
    conn = None
    try:
        conn = sqlite_files.connect(path)
        problem = conn.execute("PRAGMA quick_check(1)").fetchone()[0] if check else "ok"
        if problem != "ok":  # SQLite's report, on one line
            one_line = " ".join(problem.replace("*** in database main ***", "").split())
            raise OutboxDamaged(path, one_line, target)
        conn.executescript(SCHEMA)
        chain_head.create(conn)
        case_keys.create(conn)
        batch_runs.create(conn)
        outcome_keys.create(conn)
        return conn
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        reason = sqlite_files.damage(exc)
        if reason is None:
            raise
        raise OutboxDamaged(path, reason, target) from exc
    except OutboxDamaged:
        if conn is not None:
            conn.close()
        raise


_write_locks: dict[Path, threading.Lock] = {}
_write_locks_guard = threading.Lock()


def _write_lock(path: Path) -> threading.Lock:
    """One lock per outbox file in this process: a writer waiting on SQLite's own lock would
    poll with sleeps of several milliseconds, on this lock it wakes as soon as it is free."""
    with _write_locks_guard:
        return _write_locks.setdefault(path.resolve(), threading.Lock())


class Outbox:
    """Thread-safe access to one outbox file.

    The writer side syncs acknowledgements to disk (`WalSyncer`); the delivery side
    (`for_delivery=True`) need not: losing a removal only means delivering again, a no-op.
    """

    def __init__(self, path: Path, for_delivery: bool = False, target: str | None = None) -> None:
        """The acknowledging side checks the whole file first: records are never acknowledged
        into a damaged one (`OutboxDamaged`)."""
        self.path = path
        self._lock = threading.Lock()  # this connection
        self._write_lock = _write_lock(path)  # write transactions on this file
        self._conn = _open(path, check=not for_delivery, target=target)
        if target is not None:  # the address it is made for, once: see `Manifest`
            self._conn.execute(
                "INSERT INTO target (url) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM target)",
                (target,),
            )
        self.identity = self._stored_identity()
        self._syncer = None if for_delivery else sqlite_files.WalSyncer(path)
        import lz4.frame  # noqa: F401  (loaded now rather than on the first record's clock)

    def write(
        self, rows: DecisionRows | RecordRows, repeat_window_s: float | None = None
    ) -> list[case_keys.Claim] | list[outcome_keys.OutcomeClaim] | None:
        """Acknowledge rows: durable here when it returns (a process crash at once, a power cut
        soon after: `WalSyncer`), delivered later. The repeat rule is applied (`case_keys`) and
        the rows chained after the stream's head in the same transaction, so that processes
        sharing this file extend one chain and record a repeated case once."""
        assert rows.table in TABLES, rows.table
        with self._write_lock, self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                rows, claims = case_keys.claim(self._conn, rows, repeat_window_s)
                if rows.table == "outcomes":
                    rows, claims = outcome_keys.claim(self._conn, rows)  # type: ignore[arg-type]
                if isinstance(rows, DecisionRows) and rows.run_key and len(rows):
                    last = max(r for r in rows.row_numbers if r is not None)
                    batch_runs.advance(self._conn, rows.run_key, str(rows.batch_id), last)
                if len(rows):
                    payload, size = compress(chain_head.advance(self._conn, rows).copy_text())
                    self._conn.execute(
                        "INSERT INTO outbox (table_name, rows, size, payload) VALUES (?, ?, ?, ?)",
                        (rows.table, len(rows), size, payload),
                    )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        if self._syncer is not None:
            self._syncer.written()
        return claims

    def erase(
        self,
        selection: Any,
        stored: list,
        build: Callable[[list], RecordRows],
        texts: list | None = None,
        build_texts: Callable[[list], RecordRows] | None = None,
        targets: Any = None,
    ) -> list:
        """Erase the matching decisions waiting here (and those set aside as refused) in their
        payloads, and chain the erasure records of those and of `stored` (the database's) in
        the same transaction; returns what was erased here (`erasing.py`). Likewise the free
        texts about them (`targets`, `erasure.TextTargets`: what was erased here is added to
        its `erased`) and those of `texts` (the database's)."""
        from pad_desktop.decisions import erasure
        from pad_desktop.decisions.erasure import forget_case_keys, purge_case_keys_before

        local: list = []
        with self._write_lock, self._lock:
            self._conn.execute("PRAGMA secure_delete = ON")
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                for table in ("outbox", "rejected"):
                    entries = self._conn.execute(
                        f"SELECT seq, payload FROM {table} WHERE table_name = 'decisions'"
                    ).fetchall()
                    for seq, payload in entries:
                        data = Entry(seq, "decisions", 0, payload, 0).copy_data()
                        changed, found = erasure.erase_copy_text(data, selection)
                        if found:
                            packed, size = compress(changed.decode("utf-8"))
                            self._conn.execute(
                                f"UPDATE {table} SET payload = ?, size = ? WHERE seq = ?",
                                (packed, size, seq),
                            )
                            local.extend(found)
                if targets is not None:
                    for e in local:
                        targets.decisions.setdefault(e.decision_id, e.case_ref)
                    self._erase_texts(targets)
                entries = []
                if local or stored:
                    entries.append(build(local + stored))
                if build_texts is not None and (targets.erased or texts):
                    entries.append(build_texts(targets.erased + (texts or [])))
                for records in entries:
                    payload, size = compress(chain_head.advance(self._conn, records).copy_text())
                    self._conn.execute(
                        "INSERT INTO outbox (table_name, rows, size, payload) VALUES (?, ?, ?, ?)",
                        (records.table, len(records), size, payload),
                    )
                forget_case_keys(self._conn, selection.case_refs)
                if selection.before is not None:
                    purge_case_keys_before(self._conn, selection.before)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            # no page of the file keeps the old payloads, nor of delivered ones
            self._conn.execute("VACUUM")
            erasure.scrub_sqlite(self._conn)
            self._conn.execute("PRAGMA secure_delete = OFF")
        if self._syncer is not None:
            self._syncer.written()
        return local

    def _erase_texts(self, targets: Any) -> None:
        """The free texts of `targets` waiting here or refused, erased in their payloads, in
        the order requests are found before their answers (inside `erase`'s transaction)."""
        from pad_desktop.decisions import erasure

        for name in erasure.TEXTS:
            for table in ("outbox", "rejected"):
                entries = self._conn.execute(
                    f"SELECT seq, payload FROM {table} WHERE table_name = ?", (name,)
                ).fetchall()
                for seq, payload in entries:
                    data = Entry(seq, name, 0, payload, 0).copy_data()
                    changed, found = erasure.erase_text_copy(name, data, targets)
                    if found:
                        packed, size = compress(changed.decode("utf-8"))
                        self._conn.execute(
                            f"UPDATE {table} SET payload = ?, size = ? WHERE seq = ?",
                            (packed, size, seq),
                        )
                        targets.erased.extend(found)

    def write_placed(self, placed: chain_head.Chained, table: str) -> None:
        """Acknowledge rows already placed in a stream the caller keeps (a cluster partition's:
        `DecisionLog.record_in_stream`): this file's own head is left as it is. Delivery merges
        them like any redelivered entry, so a partition run twice is kept once."""
        if not placed.lines:
            return
        payload, size = compress(placed.copy_text())
        with self._write_lock, self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.execute(
                    "INSERT INTO outbox (table_name, rows, size, payload) VALUES (?, ?, ?, ?)",
                    (table, len(placed.lines), size, payload),
                )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        if self._syncer is not None:
            self._syncer.written()

    def batch_run(self, key: str) -> batch_runs.BatchRun | None:
        """The latest run recorded here of a file with a model (`batch_runs`)."""
        with self._lock:
            return batch_runs.find(self._conn, key)

    def note_run(self, key: str, batch_id: str) -> None:
        """A run whose rows others record (a cluster's workers), noted here (`batch_runs`)."""
        with self._write_lock, self._lock:
            batch_runs.note(self._conn, key, batch_id)

    def chain_pre_chain(self, entry: Entry) -> bytes:
        """The COPY text of an entry the first version acknowledged, placed in this stream (and
        kept so in the outbox, so that a redelivery sends the same records): the database
        refuses records without a chain. An entry chained already is returned as it is."""
        with self._write_lock, self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                found = self._conn.execute(
                    "SELECT payload FROM outbox WHERE seq = ?", (entry.seq,)
                ).fetchone()
                data = Entry(entry.seq, entry.table, entry.rows, found[0], entry.size).copy_data()
                if is_pre_chain(entry.table, data):
                    lines = data.decode("utf-8").split("\n")[:-1]  # COPY escapes \n only
                    placed = chain_head.advance(self._conn, _PreChainRows(entry.table, lines))
                    payload, size = compress(placed.copy_text())
                    self._conn.execute(
                        "UPDATE outbox SET payload = ?, size = ? WHERE seq = ?",
                        (payload, size, entry.seq),
                    )
                    data = placed.copy_text().encode("utf-8")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        return data

    def adopt(self, entries: list[Entry], rejected: list[tuple[Entry, str]]) -> None:
        """Take entries salvaged from another outbox file, as they are (chained already): in
        line after those waiting here; refused ones kept aside as they were."""
        with self._write_lock, self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(
                    "INSERT INTO outbox (table_name, rows, size, payload) VALUES (?, ?, ?, ?)",
                    [(e.table, e.rows, e.size, e.payload) for e in entries],
                )
                for e, error in rejected:  # a seq of this file's own, as `reject` keeps
                    seq = self._conn.execute(
                        "INSERT INTO outbox (table_name, rows, size, payload) VALUES (?, ?, ?, ?)",
                        (e.table, e.rows, e.size, e.payload),
                    ).lastrowid
                    self._conn.execute(
                        "INSERT INTO rejected (seq, table_name, rows, size, payload, error) "
                        "SELECT seq, table_name, rows, size, payload, ? FROM outbox WHERE seq = ?",
                        (error, seq),
                    )
                    self._conn.execute("DELETE FROM outbox WHERE seq = ?", (seq,))
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        if self._syncer is not None:
            self._syncer.written()

    def continue_stream(self, head: chain_head.StreamHead) -> bool:
        """Carry on `head`'s stream here if this file has chained nothing yet (a salvaged
        outbox's successor): `db verify` then still knows what this machine wrote."""
        with self._write_lock, self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                fresh = chain_head.read(self._conn).seq == 0
                if fresh:
                    self._conn.execute(
                        "UPDATE pad_chain_head SET stream_id = ?, seq = ?, hash = ?",
                        (head.stream_id, head.seq, head.hash.hex()),
                    )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        return fresh

    def salvaged(self, file: Path) -> bool:
        """Whether the entries of `file` (a damaged outbox moved aside) were taken already."""
        with self._lock:
            found = self._conn.execute("SELECT 1 FROM salvaged WHERE file = ?", (file.name,))
            return found.fetchone() is not None

    def mark_salvaged(self, file: Path) -> None:
        with self._write_lock, self._lock:
            self._conn.execute("INSERT OR IGNORE INTO salvaged (file) VALUES (?)", (file.name,))

    def _stored_identity(self) -> str | None:
        row = self._conn.execute("SELECT identity FROM target").fetchone()
        return None if row is None else row[0]

    def learn_identity(self, identity: str, name: str) -> None:
        """Delivery reached the target: keep what it is, beside the address it was made for."""
        if identity == self.identity:
            return
        with self._write_lock, self._lock:
            self._conn.execute("UPDATE target SET identity = ?, name = ?", (identity, name))
        self.identity = identity

    def head(self) -> chain_head.StreamHead:
        """This stream's id and last record (for `db verify`)."""
        with self._write_lock, self._lock:
            return chain_head.current(self._conn)

    def take(self, max_rows: int, max_bytes: int, exclude: Collection[int] = ()) -> list[Entry]:
        """The oldest entries not in `exclude`: at least one, up to `max_rows` and `max_bytes`."""
        chosen: list[tuple[int, str, int, int]] = []
        total_rows = total_bytes = 0
        with self._lock:
            self._conn.execute("BEGIN")  # one snapshot: another process may remove entries
            try:
                cursor = self._conn.execute(
                    "SELECT seq, table_name, rows, size FROM outbox ORDER BY seq"
                )
                oldest_excluded = min(exclude, default=None)
                for seq, table, rows, size in cursor:
                    if seq in exclude:
                        continue
                    if table in REFERRING and seq > (oldest_excluded or seq):
                        break  # the decision it points at may be among those in flight
                    if chosen and (total_rows + rows > max_rows or total_bytes + size > max_bytes):
                        break
                    chosen.append((seq, table, rows, size))
                    total_rows += rows
                    total_bytes += size
                cursor.close()
                return [
                    Entry(seq, t, rows, self._payload(seq), size) for seq, t, rows, size in chosen
                ]
            finally:
                self._conn.execute("COMMIT")  # ends the read transaction, even after an error

    def _payload(self, seq: int) -> bytes:
        return self._conn.execute("SELECT payload FROM outbox WHERE seq = ?", (seq,)).fetchone()[0]

    def remove(self, entries: list[Entry]) -> None:
        seqs = ",".join(str(int(e.seq)) for e in entries)
        with self._write_lock, self._lock:
            self._conn.execute(f"DELETE FROM outbox WHERE seq IN ({seqs})")

    def reject(self, entry: Entry, error: str) -> None:
        """Set aside an entry the database refuses (so that it does not block the others)."""
        with self._write_lock, self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.execute(
                    "INSERT OR IGNORE INTO rejected (seq, table_name, rows, size, payload, error) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (entry.seq, entry.table, entry.rows, entry.size, entry.payload, error),
                )
                self._conn.execute("DELETE FROM outbox WHERE seq = ?", (entry.seq,))
                self._conn.execute("COMMIT")
            except sqlite3.Error:
                self._conn.execute("ROLLBACK")
                raise

    def requeue_rejected(self) -> int:
        """Put every rejected entry back in line, at its old place (after the cause was fixed);
        returns the number of records requeued."""
        with self._write_lock, self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                count = self._conn.execute("SELECT coalesce(sum(rows), 0) FROM rejected")
                requeued = int(count.fetchone()[0])
                self._conn.execute(
                    "INSERT OR IGNORE INTO outbox (seq, table_name, rows, size, payload) "
                    "SELECT seq, table_name, rows, size, payload FROM rejected"
                )
                self._conn.execute("DELETE FROM rejected")
                self._conn.execute("COMMIT")
            except sqlite3.Error:
                self._conn.execute("ROLLBACK")
                raise
        return requeued

    def pending(self) -> int:
        with self._lock:
            return int(
                self._conn.execute("SELECT coalesce(sum(rows), 0) FROM outbox").fetchone()[0]
            )

    def rejected(self) -> int:
        with self._lock:
            return int(
                self._conn.execute("SELECT coalesce(sum(rows), 0) FROM rejected").fetchone()[0]
            )

    def close(self) -> None:
        if self._syncer is not None:
            self._syncer.close()
        with self._lock:
            self._conn.close()
