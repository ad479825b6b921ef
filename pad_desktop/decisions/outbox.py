"""The outbox: records acknowledged to the caller and not yet delivered to PostgreSQL.

One SQLite file per target database in the user data directory, shared by every process of
that user: entries are chunks of rows already in COPY text format (one per `record()` call, one
per batch chunk), removed only after PostgreSQL committed them. A crash between that commit
and the removal redelivers the chunk, which the uuid primary key turns into a no-op.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from pad_desktop.decisions import sqlite_files
from pad_desktop.decisions.encode import TABLES

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    rows INTEGER NOT NULL,
    payload BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS rejected (
    seq INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    rows INTEGER NOT NULL,
    payload BLOB NOT NULL,
    error TEXT NOT NULL,
    rejected_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now'))
);
"""


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    table: str
    rows: int
    payload: bytes


def outbox_path(data_dir: Path, target: str) -> Path:
    """The outbox of one target: records meant for one database never go to another."""
    digest = hashlib.sha256(target.encode("utf-8")).hexdigest()[:12]
    return data_dir / "decision_outbox" / f"outbox-{digest}.sqlite3"


class Outbox:
    """Thread-safe access to one outbox file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn = sqlite_files.connect(path)
        self._conn.executescript(SCHEMA)

    def put(self, table: str, rows: int, payload: bytes) -> None:
        """Durable when it returns (one fsynced transaction)."""
        assert table in TABLES, table
        with self._lock:
            self._conn.execute(
                "INSERT INTO outbox (table_name, rows, payload) VALUES (?, ?, ?)",
                (table, rows, payload),
            )

    def take(self, max_rows: int, max_bytes: int, exclude: Collection[int] = ()) -> list[Entry]:
        """The oldest entries not in `exclude`: at least one, up to `max_rows` and `max_bytes`."""
        chosen: list[tuple[int, str, int]] = []
        total_rows = total_bytes = 0
        with self._lock:
            self._conn.execute("BEGIN")  # one snapshot: another process may remove entries
            cursor = self._conn.execute(
                "SELECT seq, table_name, rows, length(payload) FROM outbox ORDER BY seq"
            )
            for seq, table, rows, size in cursor:
                if seq in exclude:
                    continue
                if chosen and (total_rows + rows > max_rows or total_bytes + size > max_bytes):
                    break
                chosen.append((seq, table, rows))
                total_rows += rows
                total_bytes += size
            cursor.close()
            try:
                return [Entry(seq, table, rows, self._payload(seq)) for seq, table, rows in chosen]
            finally:
                self._conn.execute("COMMIT")

    def _payload(self, seq: int) -> bytes:
        return self._conn.execute("SELECT payload FROM outbox WHERE seq = ?", (seq,)).fetchone()[0]

    def remove(self, entries: list[Entry]) -> None:
        with self._lock:
            self._conn.executemany("DELETE FROM outbox WHERE seq = ?", [(e.seq,) for e in entries])

    def reject(self, entry: Entry, error: str) -> None:
        """Set aside an entry the database refuses (so that it does not block the others)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.execute(
                    "INSERT OR IGNORE INTO rejected (seq, table_name, rows, payload, error) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (entry.seq, entry.table, entry.rows, entry.payload, error),
                )
                self._conn.execute("DELETE FROM outbox WHERE seq = ?", (entry.seq,))
                self._conn.execute("COMMIT")
            except sqlite3.Error:
                self._conn.execute("ROLLBACK")
                raise

    def pending(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT coalesce(sum(rows), 0) FROM outbox").fetchone()[0])

    def rejected(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT coalesce(sum(rows), 0) FROM rejected").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()
