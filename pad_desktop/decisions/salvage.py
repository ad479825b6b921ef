"""`db salvage`: the records a damaged outbox still holds, moved into a sound outbox.

Decided:
- The damaged file is first moved aside (renamed with its WAL, to `outbox-….damaged-<time>`),
  never written, overwritten or deleted; a new outbox can then start at its place at once.
  Reading it in place would not do: SQLite writes to a file when its last connection closes
  (a checkpoint), and an acknowledgement must never go into a file known to be damaged.
- Its entries are read one by one in `seq` order through a read-only connection. Past an
  unreadable page, each next `seq` is looked up on its own until one reads again, so that one
  bad page costs the entries on it, not those after it; an entry must also decompress and hold
  as many well-formed COPY lines as it says. What cannot be read is counted and reported (the
  places it held show as missing in `db verify`).
- The entries read are added, as they are (chained already), to the outbox at the usual place,
  which delivers them like any other (a record delivered twice is a no-op by its uuid, so
  salvaging the same file again delivers nothing twice); refused ones stay refused. The new
  outbox carries on the damaged one's stream when it has chained nothing yet.
- It is a command, not something done at start: moving a file other pad-desktop processes may
  hold open is for a person who closed them, and who reads what was lost.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pad_desktop.decisions import chain_head, sqlite_files
from pad_desktop.decisions.encode import PRE_CHAIN_COLUMNS, TABLES, later_widths
from pad_desktop.decisions.outbox import Entry, Outbox, OutboxDamaged

# Entries added to the sound outbox per transaction (bounded memory, few fsyncs).
ADOPT_BATCH = 200
# When the damaged file no longer says its highest seq, how far past the last one read to look.
PROBE_REACH = 100_000
_COLUMNS = "seq, table_name, rows, size, payload"


@dataclass(slots=True)
class Salvaged:
    """What one damaged file gave."""

    source: Path  # the file, as moved aside
    records: int = 0  # waiting records taken into the sound outbox
    refused: int = 0  # refused records taken (kept refused)
    unreadable: int = 0  # entries that could not be read: their records are lost here


def damaged_outbox(path: Path) -> str | None:
    """SQLite's words if the outbox file at `path` is damaged; None if sound or absent."""
    if not path.exists():
        return None
    try:
        Outbox(path, for_delivery=False).close()
    except OutboxDamaged as exc:
        return exc.reason
    return None


def move_aside(path: Path, now: datetime) -> Path:
    """Rename a damaged outbox and its WAL (the WAL first: a file opened meanwhile never
    meets the old WAL); an existing name is never replaced."""
    stamp = now.strftime("%Y%m%dT%H%M%S")
    for n in range(1000):
        aside = path.with_name(f"{path.stem}.damaged-{stamp}{f'-{n}' if n else ''}{path.suffix}")
        if not any(Path(f"{aside}{s}").exists() for s in ("", "-wal", "-shm")):
            break
    for suffix in ("-wal", "-shm", ""):
        if Path(f"{path}{suffix}").exists():
            os.rename(f"{path}{suffix}", f"{aside}{suffix}")
    return aside


def aside_files(path: Path) -> list[Path]:
    """The damaged files moved aside from the outbox at `path`, oldest first."""
    return sorted(path.parent.glob(f"{path.stem}.damaged-*{path.suffix}"))


def salvage_into(outbox: Outbox, source: Path) -> Salvaged:
    """Add every readable entry of `source` (a damaged outbox moved aside) to `outbox`."""
    found = Salvaged(source)
    conn = sqlite_files.connect_read_only(source)
    try:
        head = _stream_head(conn)
        if head is not None:
            outbox.continue_stream(head)
        for table in ("outbox", "rejected"):
            waiting: list[Entry] = []
            refused: list[tuple[Entry, str]] = []
            for entry, error in _readable(conn, table, found):
                if table == "outbox":
                    waiting.append(entry)
                    found.records += entry.rows
                else:
                    refused.append((entry, error))
                    found.refused += entry.rows
                if len(waiting) + len(refused) >= ADOPT_BATCH:
                    outbox.adopt(waiting, refused)
                    waiting, refused = [], []
            outbox.adopt(waiting, refused)
    finally:
        conn.close()
    outbox.mark_salvaged(source)
    return found


def _stream_head(conn: sqlite3.Connection) -> chain_head.StreamHead | None:
    try:
        row = conn.execute("SELECT stream_id, seq, hash FROM pad_chain_head").fetchone()
    except sqlite3.DatabaseError:
        return None
    if row is None:
        return None
    return chain_head.StreamHead(row[0], int(row[1]), bytes.fromhex(row[2]))


def _readable(conn: sqlite3.Connection, table: str, found: Salvaged) -> Iterator[tuple[Entry, str]]:
    """Each entry of `table` that reads whole, with its error text (refused ones)."""
    error = ", error" if table == "rejected" else ", ''"
    scan = f"SELECT {_COLUMNS}{error} FROM {table} WHERE seq > ? ORDER BY seq"
    lookup = f"SELECT {_COLUMNS}{error} FROM {table} WHERE seq = ?"
    last, top = 0, _top_seq(conn, table)
    while True:
        try:
            for row in conn.execute(scan, (last,)):
                last = row[0]
                yield from _checked(row, found)
            return
        except sqlite3.DatabaseError:
            top = max(top, last + PROBE_REACH) if top <= last else top
            last = yield from _probe(conn, lookup, last, top, found)
            if last >= top:
                return


def _probe(
    conn: sqlite3.Connection, lookup: str, last: int, top: int, found: Salvaged
) -> Iterator[tuple[Entry, str]]:
    """Past an unreadable page: each seq on its own until one reads; returns where it stopped."""
    for seq in range(last + 1, top + 1):
        try:
            row = conn.execute(lookup, (seq,)).fetchone()
        except sqlite3.DatabaseError:
            found.unreadable += 1
            continue
        if row is not None:
            yield from _checked(row, found)
            return seq
    return top


def _top_seq(conn: sqlite3.Connection, table: str) -> int:
    """The highest seq the file names for `table` (0 if it can say none)."""
    top = 0
    for query in (
        f"SELECT max(seq) FROM {table}",
        "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'",
    ):
        try:
            row = conn.execute(query).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row is not None and row[0] is not None:
            top = max(top, int(row[0]))
    return top


def _checked(row: tuple, found: Salvaged) -> Iterator[tuple[Entry, str]]:
    """The entry of `row` if it is whole: a known table, a payload that decompresses into as
    many lines as it says, each with the fields of its table."""
    seq, table, rows, size, payload, error = row
    if table in TABLES and isinstance(rows, int) and isinstance(payload, bytes):
        entry = Entry(seq, table, rows, payload, size)
        if _whole(entry):
            yield entry, str(error or "")
            return
    found.unreadable += 1


def _whole(entry: Entry) -> bool:
    try:
        data = entry.copy_data()
        data.decode("utf-8")
    except (RuntimeError, UnicodeDecodeError):
        return False
    lines = data.split(b"\n")
    fields = {len(columns) for columns in later_widths(entry.table)}
    if entry.table in PRE_CHAIN_COLUMNS:  # tables older than the chain
        fields.add(len(PRE_CHAIN_COLUMNS[entry.table]))
    return (
        lines[-1] == b""
        and len(lines) - 1 == entry.rows
        and all(line.count(b"\t") + 1 in fields for line in lines[:-1])
    )
