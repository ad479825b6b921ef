"""Background delivery of the outbox to PostgreSQL, in batches, exactly once by uuid.

Each worker thread owns one psycopg connection and takes the oldest entries nobody else in
this process is delivering. A transaction COPYs them straight into the tables; if a uuid is
already there (a crash between PostgreSQL's commit and the outbox removal, or another process
of the same user delivering the same outbox) it rolls back and merges instead, through a
temporary table and `INSERT ... ON CONFLICT (id) DO NOTHING`. Only committed entries leave
the outbox; while PostgreSQL is unreachable they wait there, retried with a backoff.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator

import psycopg
from psycopg import errors as pg_errors

from pad_desktop.decisions.encode import PRE_CHAIN_COLUMNS, TABLES, later_widths
from pad_desktop.decisions.outbox import Entry, Outbox, is_pre_chain
from pad_desktop.decisions.schema import (
    CONNECT_TIMEOUT_S,
    IDENTITY_SQL,
    VERSION_TABLE,
    SchemaBehind,
    check_known,
)

log = logging.getLogger(__name__)

APPLICATION_NAME = "pad-desktop decision delivery"  # in pg_stat_activity, for the DBA
MAX_ROWS = 50_000  # per transaction: large enough for COPY to pay, small enough to retry
MAX_BYTES = 64 << 20
COPY_CHUNK = 1 << 20
IDLE_CHECK_S = 5.0  # how stale the connected flag may get while there is nothing to send
MIN_BACKOFF_S, MAX_BACKOFF_S = 0.2, 2.0
# After an idle spell, records arriving together leave in one transaction, and the UI thread
# recording them does not compete with a delivery per record.
LINGER_S = 0.02
SECONDARY_POLL_S = 0.1
# The database refused the data itself: retrying will not help, set the entry aside.
REFUSED = (pg_errors.DataError, pg_errors.IntegrityError)
# ... except an override arriving before its decision, which another process sharing the
# outbox may be delivering right now: it is retried this many times first.
MISSING_DECISION_RETRIES = 5


class Deferred(Exception):
    """An entry to retry later, after the usual backoff."""


class Unreadable(Exception):
    """An entry whose payload cannot be read back (damaged on disk): set aside, as a refused
    one is, so that it does not hold up the others."""


class Delivery:
    """The delivery threads of one outbox; their state is what `DecisionLog.health()` reports."""

    def __init__(
        self, outbox: Outbox, conninfo: str, target: str, head: str, workers: int = 2
    ) -> None:
        self._outbox = outbox
        self._conninfo = conninfo
        self._target = target
        self._head = head
        self._in_flight: set[int] = set()
        self._missing_decision_tries: dict[int, int] = {}
        self._lock = threading.Lock()
        self._progress = threading.Condition(self._lock)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.connected = False
        self.last_error: str | None = None
        self.identity: str | None = outbox.identity  # of the target, once reached
        self.workers = workers
        self._threads = [
            threading.Thread(
                target=self._run, args=(i == 0,), name=f"pad-decision-delivery-{i}", daemon=True
            )
            for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def sibling(self, outbox: Outbox) -> Delivery:
        """One worker delivering another outbox to the same database (`db deliver-other`)."""
        return Delivery(outbox, self._conninfo, self._target, self._head, workers=1)

    def wake(self) -> None:
        self._wake.set()

    def wait_for_progress(self, timeout: float) -> None:
        with self._progress:
            self._progress.wait(timeout)

    def stop(self, timeout: float) -> None:
        self._stop.set()
        self._wake.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(deadline - time.monotonic(), 0.0))
        if not any(thread.is_alive() for thread in self._threads):
            self._outbox.close()  # else a thread stuck on the network still holds it

    # -- worker thread -------------------------------------------------------------------------

    def _run(self, primary: bool) -> None:
        """One worker. Only the primary one keeps its connection while idle (for `connected`);
        the others hold one during bursts only, so that a fleet of workstations does not use
        up the server's connections."""
        conn: psycopg.Connection | None = None
        backoff = MIN_BACKOFF_S
        idle_since = time.monotonic()
        while not self._stop.is_set():
            try:
                entries = self._claim()
                if entries:
                    idle_since = time.monotonic()
                    try:
                        if conn is None or conn.closed:
                            conn = self._connect()
                        self._deliver(conn, entries)
                    finally:
                        self._release(entries)
                elif primary:
                    if conn is None or conn.closed:
                        conn = self._connect()
                    self._idle(conn)
                else:  # polls: a claim on an empty outbox is one small local read
                    self._stop.wait(SECONDARY_POLL_S)
                    if conn is not None and time.monotonic() - idle_since > IDLE_CHECK_S:
                        conn = _close(conn)
                backoff = MIN_BACKOFF_S
            except (
                psycopg.OperationalError,
                psycopg.InterfaceError,
                SchemaBehind,
                Deferred,
            ) as exc:
                self._set_state(isinstance(exc, SchemaBehind | Deferred), _one_line(exc))
                conn = _close(conn)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
            except sqlite3.DatabaseError as exc:  # the outbox file itself: said once, no trace
                if self.last_error is None or "outbox" not in self.last_error:
                    log.error("the outbox %s cannot be read: %s", self._outbox.path, exc)
                self._set_state(False, f"the outbox {self._outbox.path} is damaged: {exc}")
                conn = _close(conn)
                self._stop.wait(MAX_BACKOFF_S)
            except Exception as exc:  # a bug or an odd server: keep the records, keep trying
                log.exception("decision delivery failed")
                self._set_state(False, _one_line(exc))
                conn = _close(conn)
                self._stop.wait(MAX_BACKOFF_S)
        _close(conn)

    def _connect(self) -> psycopg.Connection:
        conn = psycopg.connect(
            self._conninfo,
            connect_timeout=CONNECT_TIMEOUT_S,
            autocommit=True,
            application_name=APPLICATION_NAME,
        )
        try:
            current = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
        except pg_errors.UndefinedTable:
            current = None
        if current is None or current[0] != self._head:
            conn.close()
            if current is not None:
                check_known(self._target, current[0])
            raise SchemaBehind(self._target, current[0] if current else None, self._head)
        identity, name = conn.execute(IDENTITY_SQL).fetchone()
        self.identity = identity
        self._outbox.learn_identity(identity, name)
        self._set_state(True, None)
        return conn

    def _idle(self, conn: psycopg.Connection) -> None:
        if self._wake.wait(IDLE_CHECK_S):
            self._wake.clear()
            self._stop.wait(LINGER_S)
        elif not self._stop.is_set():
            conn.execute("SELECT 1")  # keeps the connected flag honest while idle

    def _claim(self) -> list[Entry]:
        with self._lock:
            entries = self._outbox.take(MAX_ROWS, MAX_BYTES, exclude=self._in_flight)
            self._in_flight.update(e.seq for e in entries)
        return entries

    def _release(self, entries: list[Entry]) -> None:
        with self._progress:
            self._in_flight.difference_update(e.seq for e in entries)
            self._progress.notify_all()

    def _set_state(self, connected: bool, error: str | None) -> None:
        self.connected, self.last_error = connected, error
        with self._progress:
            self._progress.notify_all()

    def _deliver(self, conn: psycopg.Connection, entries: list[Entry]) -> None:
        try:
            self._write(conn, entries)
        except (*REFUSED, Unreadable) as exc:
            refused = exc
        else:
            self._outbox.remove(entries)
            return
        if len(entries) == 1:
            self._set_aside(entries[0], refused)
        else:
            self._deliver_one_by_one(conn, entries)

    def _deliver_one_by_one(self, conn: psycopg.Connection, entries: list[Entry]) -> None:
        """Find the entries the database refuses, deliver the others."""
        deferred = None
        for entry in entries:
            try:
                self._deliver(conn, [entry])
            except Deferred as exc:
                deferred = exc
        if deferred is not None:
            raise deferred

    def _set_aside(self, entry: Entry, exc: Exception) -> None:
        if isinstance(exc, pg_errors.ForeignKeyViolation):
            tries = self._missing_decision_tries.get(entry.seq, 0) + 1
            self._missing_decision_tries[entry.seq] = tries
            if tries <= MISSING_DECISION_RETRIES:
                raise Deferred(f"waiting for a decision: {_one_line(exc)}")
        log.error("decision database refused outbox entry %s: %s", entry.seq, exc)
        self._outbox.reject(entry, _one_line(exc))
        self.last_error = (
            f"{self._outbox.rejected()} record(s) refused by the database: {_one_line(exc)}"
        )

    def _write(self, conn: psycopg.Connection, entries: list[Entry]) -> None:
        try:
            self._write_as(conn, entries, merge=False)
        except pg_errors.UniqueViolation:  # delivered before: merge, skipping known uuids
            self._write_as(conn, entries, merge=True)

    def _write_as(self, conn: psycopg.Connection, entries: list[Entry], merge: bool) -> None:
        with conn.transaction(), conn.cursor() as cur:
            for table in TABLES:  # decisions first: overrides point at them
                by_columns: dict[tuple[str, ...], list[bytes]] = {}
                for e in entries:
                    if e.table == table:
                        payload = _readable(e)
                        if is_pre_chain(table, payload):  # the database wants a chain
                            payload = self._outbox.chain_pre_chain(e)
                        by_columns.setdefault(_columns_of(table, payload), []).append(payload)
                for columns, payloads in by_columns.items():
                    _copy(cur, table, ", ".join(columns), payloads, merge)


def _readable(entry: Entry) -> bytes:
    try:
        return entry.copy_data()
    except RuntimeError as exc:  # lz4: a damaged frame, or a content checksum that differs
        raise Unreadable(f"outbox entry {entry.seq} cannot be read back: {exc}") from exc


def _columns_of(table: str, payload: bytes) -> tuple[str, ...]:
    """The columns of an entry, by its width: an outbox written by an earlier version may still
    hold entries without the stream columns and hash (before the chain), or chained without
    the columns added since (`LATER_COLUMNS`), which the database then leaves NULL."""
    fields = payload[: payload.find(b"\n")].count(b"\t") + 1
    for columns in later_widths(table):
        if fields == len(columns):
            return columns
    return PRE_CHAIN_COLUMNS[table]


def _copy(
    cur: psycopg.Cursor, table: str, columns: str, payloads: list[bytes], merge: bool
) -> None:
    target = f"pad_incoming_{table}" if merge else table
    if merge:
        cur.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {target} (LIKE {table}) ON COMMIT DELETE ROWS"
        )
    with cur.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
        for chunk in _chunks(payloads):
            copy.write(chunk)
    if merge:
        cur.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target} "
            "ON CONFLICT (id) DO NOTHING"
        )


def _chunks(payloads: list[bytes]) -> Iterator[memoryview]:
    for payload in payloads:
        view = memoryview(payload)
        for start in range(0, len(view), COPY_CHUNK):
            yield view[start : start + COPY_CHUNK]


def _close(conn: psycopg.Connection | None) -> None:
    if conn is not None:
        try:
            conn.close()
        except Exception:  # closing a broken connection may fail; it is gone either way
            log.debug("closing a broken connection", exc_info=True)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
