"""Which batch files this store has recorded, so that a file run again is not decided twice.

A run is keyed by the file's content hash and the model's: `pad_batch_runs` holds its batch id
and the last data row recorded, advanced in the same local transaction that acknowledges each
chunk (a killed or cancelled run stops exactly after its last recorded chunk). Batch decision
ids are derived from the batch id and the row (`records.batch_decision_ids`), so a later run
names the decisions of an earlier one without reading them back.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS pad_batch_runs (
    run_key TEXT PRIMARY KEY,
    batch_id TEXT NOT NULL,
    last_row INTEGER NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class BatchRun:
    """The latest run of a file with a model: its batch id and the last data row recorded."""

    batch_id: uuid.UUID
    last_row: int


def create(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def run_key(file_sha256: str, model_sha256: str) -> str:
    return f"{file_sha256}:{model_sha256}"


def file_sha256(path: Path) -> str:
    import hashlib

    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def advance(conn: sqlite3.Connection, key: str, batch_id: str, last_row: int) -> None:
    """Inside the caller's write transaction: this run has recorded up to `last_row`."""
    conn.execute(
        "INSERT INTO pad_batch_runs (run_key, batch_id, last_row) VALUES (?, ?, ?) "
        "ON CONFLICT (run_key) DO UPDATE SET batch_id = excluded.batch_id, "
        "last_row = CASE WHEN pad_batch_runs.batch_id = excluded.batch_id "
        "THEN max(pad_batch_runs.last_row, excluded.last_row) ELSE excluded.last_row END",
        (key, batch_id, last_row),
    )


def note(conn: sqlite3.Connection, key: str, batch_id: str) -> None:
    """In a write transaction of its own: a run whose rows others record (a cluster's
    workers) is known here, before any of them has recorded a row."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        advance(conn, key, batch_id, 0)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def find(conn: sqlite3.Connection, key: str) -> BatchRun | None:
    row = conn.execute(
        "SELECT batch_id, last_row FROM pad_batch_runs WHERE run_key = ?", (key,)
    ).fetchone()
    return None if row is None else BatchRun(uuid.UUID(row[0]), int(row[1]))
