"""The head of this machine's stream, kept in the local file that acknowledges records.

A stream is one outbox file (a user's workstation, an API process's data folder) or one
embedded store: its id is created with the file, and the last record's sequence number and
chain hash are updated in the same SQLite transaction that acknowledges the next records, so
several processes sharing the file extend one chain without a gap or a fork.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from pad_desktop.decisions import sqlite_files
from pad_desktop.decisions.canonical import GENESIS, chain
from pad_desktop.decisions.encode import DecisionRows, RecordRows, rows_text

ChainableRows = DecisionRows | RecordRows

SCHEMA = """
CREATE TABLE IF NOT EXISTS pad_chain_head (
    stream_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class StreamHead:
    stream_id: str
    seq: int  # of the last record written, 0 before the first
    hash: bytes  # its chain hash


def create(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def read(conn: sqlite3.Connection) -> StreamHead:
    """The head, inside the caller's write transaction (a new stream on first use)."""
    row = conn.execute("SELECT stream_id, seq, hash FROM pad_chain_head").fetchone()
    if row is None:
        head = StreamHead(str(uuid.uuid4()), 0, GENESIS)
        conn.execute(
            "INSERT INTO pad_chain_head (stream_id, seq, hash) VALUES (?, ?, ?)",
            (head.stream_id, 0, GENESIS.hex()),
        )
        return head
    return StreamHead(row[0], int(row[1]), bytes.fromhex(row[2]))


def stored(path: Path) -> StreamHead | None:
    """The head kept in an outbox or store file, read without creating anything."""
    if not path.is_file():
        return None
    conn = sqlite_files.connect_read_only(path)
    try:
        row = conn.execute("SELECT stream_id, seq, hash FROM pad_chain_head").fetchone()
    except sqlite3.OperationalError:  # a file written before the hash chain
        return None
    finally:
        conn.close()
    return None if row is None else StreamHead(row[0], int(row[1]), bytes.fromhex(row[2]))


def current(conn: sqlite3.Connection) -> StreamHead:
    """The head, in a transaction of its own."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        return read(conn)
    finally:
        conn.execute("COMMIT")


@dataclass(frozen=True, slots=True)
class Chained:
    """Rows placed in the stream: where they start, their canonical lines and chain hashes."""

    stream_id: str
    first_seq: int
    lines: list[str]
    hashes: list[str]

    def copy_text(self) -> str:
        return rows_text(self.lines, self.hashes)

    @property
    def head(self) -> StreamHead:
        """The stream's head after these rows."""
        return StreamHead(self.stream_id, self.first_seq + len(self.lines) - 1, self.last)

    @property
    def last(self) -> bytes:
        return bytes.fromhex(self.hashes[-1])


def place(rows: ChainableRows, head: StreamHead) -> Chained:
    """`rows` chained after `head`, a pure function of both: a stream the caller keeps itself
    (a cluster partition's, `DecisionLog.record_in_stream`) gives the same lines and hashes
    however often the same rows are placed after the same head."""
    first = head.seq + 1
    lines = rows.canonical_lines(head.stream_id, first)
    hashes, _ = chain(head.hash, lines)
    return Chained(head.stream_id, first, lines, hashes)


def advance(conn: sqlite3.Connection, rows: ChainableRows) -> Chained:
    """Chain `rows` after the head, inside the caller's write transaction."""
    placed = place(rows, read(conn))
    if placed.lines:
        last = placed.head
        conn.execute("UPDATE pad_chain_head SET seq = ?, hash = ?", (last.seq, last.hash.hex()))
    return placed
