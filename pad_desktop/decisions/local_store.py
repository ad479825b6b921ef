"""The embedded decision store: with no PostgreSQL configured, a SQLite file is the log itself.

Writes go through the standard library (one executemany per chunk) rather than SQLAlchemy, for
the batch path's speed; reads go through SQLAlchemy like PostgreSQL's (see `queries.py`).
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from pad_desktop.decisions import (
    batch_runs,
    case_keys,
    chain_head,
    outcome_keys,
    sqlite_files,
)
from pad_desktop.decisions.encode import TABLES, DecisionRows, RecordRows

STORE_FILE = "decisions.sqlite3"


def store_path(data_dir: Path) -> Path:
    return data_dir / STORE_FILE


class SQLiteStore:
    """Thread-safe writer of the embedded store (already migrated by `schema.upgrade`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn = sqlite_files.connect(path)
        chain_head.create(self._conn)
        case_keys.create(self._conn)
        batch_runs.create(self._conn)
        outcome_keys.create(self._conn)
        self._syncer = sqlite_files.WalSyncer(path)
        self._inserts = {
            table: f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT (id) DO NOTHING"
            for table, columns in TABLES.items()
        }
        self._ignoring = {
            table: f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})"
            for table, columns in TABLES.items()
        }

    def write(
        self, rows: DecisionRows | RecordRows, repeat_window_s: float | None = None
    ) -> list[case_keys.Claim] | list[outcome_keys.OutcomeClaim] | None:
        """One transaction for the whole chunk, the repeat rule applied (`case_keys`), chained
        after the stream's head; durable as `sqlite_files` explains."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                rows, claims = case_keys.claim(self._conn, rows, repeat_window_s)
                if rows.table == "outcomes":
                    rows, claims = outcome_keys.claim(self._conn, rows)  # type: ignore[arg-type]
                if isinstance(rows, DecisionRows) and rows.run_key and len(rows):
                    last = max(r for r in rows.row_numbers if r is not None)
                    batch_runs.advance(self._conn, rows.run_key, str(rows.batch_id), last)
                if len(rows):
                    placed = chain_head.advance(self._conn, rows)
                    values = rows.sqlite_rows(placed.stream_id, placed.first_seq, placed.hashes)
                    self._conn.executemany(self._inserts[rows.table], values)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        self._syncer.written()
        return claims

    def erase(self, erased: list, rows: RecordRows, case_refs: frozenset[str]) -> None:
        """Chain the erasure records and erase the decisions they point at, in one transaction
        (`erasing.py`); the space the old values held is zeroed (`secure_delete`)."""
        from pad_desktop.decisions.erasure import erase_in_sqlite

        with self._lock:
            self._conn.execute("PRAGMA secure_delete = ON")
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                placed = chain_head.advance(self._conn, rows)
                values = rows.sqlite_rows(placed.stream_id, placed.first_seq, placed.hashes)
                self._conn.executemany(self._inserts[rows.table], values)
                erase_in_sqlite(self._conn, erased, case_refs)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        self._syncer.written()

    def erase_texts(self, texts: list, rows: RecordRows) -> None:
        """Chain the text erasure records and erase the texts they point at (revision 0010),
        in one transaction, the old values' space zeroed; `scrub` empties the WAL after."""
        from pad_desktop.decisions.erasure import erase_texts_in_sqlite

        with self._lock:
            self._conn.execute("PRAGMA secure_delete = ON")
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                placed = chain_head.advance(self._conn, rows)
                values = rows.sqlite_rows(placed.stream_id, placed.first_seq, placed.hashes)
                self._conn.executemany(self._inserts[rows.table], values)
                erase_texts_in_sqlite(self._conn, texts)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        self._syncer.written()

    def scrub(self, case_refs: frozenset[str], before: datetime | None = None) -> None:
        """After an erasure: no repeat key of the cases left, no old page image in the WAL."""
        from pad_desktop.decisions import erasure
        from pad_desktop.decisions.erasure import forget_case_keys, purge_case_keys_before

        with self._lock:
            forget_case_keys(self._conn, case_refs)
            if before is not None:
                purge_case_keys_before(self._conn, before)
            erasure.scrub_sqlite(self._conn)
            self._conn.execute("PRAGMA secure_delete = OFF")

    def write_placed(self, rows: DecisionRows | RecordRows, placed: chain_head.Chained) -> None:
        """Rows already placed in a stream the caller keeps (a cluster partition's), inserted
        or ignored: the same partition written again finds its rows and adds none; this file's
        own head is left as it is."""
        if not placed.lines:
            return
        values = rows.sqlite_rows(placed.stream_id, placed.first_seq, placed.hashes)
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(self._ignoring[rows.table], values)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        self._syncer.written()

    def batch_run(self, key: str) -> batch_runs.BatchRun | None:
        """The latest run recorded here of a file with a model (`batch_runs`)."""
        with self._lock:
            return batch_runs.find(self._conn, key)

    def note_run(self, key: str, batch_id: str) -> None:
        """A run whose rows others record (a cluster's workers), noted here (`batch_runs`)."""
        with self._lock:
            batch_runs.note(self._conn, key, batch_id)

    def head(self) -> chain_head.StreamHead:
        """This stream's id and last record (for `db verify`)."""
        with self._lock:
            return chain_head.current(self._conn)

    def close(self) -> None:
        self._syncer.close()
        with self._lock:
            self._conn.close()
