"""One outcome per decision, kept by the store: a second one is refused, not written twice.

Inside the local transaction that acknowledges outcomes (the embedded store's, or the outbox's
that every process of the user shares), each outcome claims its decision in `pad_outcome_keys`.
A decision already claimed with the same outcome (defaulted and date) is that outcome again:
nothing is written. With a different one it is a conflict: nothing is written either, and the
caller is told what the store holds. The shared database's unique index on `decision_id` does
the same between machines.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from typing import Literal

from pad_desktop.decisions.encode import COLUMNS, RecordRows

SCHEMA = """
CREATE TABLE IF NOT EXISTS pad_outcome_keys (
    decision_id TEXT PRIMARY KEY,
    defaulted INTEGER NOT NULL,
    observed_on TEXT NOT NULL
);
"""
_DECISION = COLUMNS["outcomes"].index("decision_id")
_DEFAULTED = COLUMNS["outcomes"].index("defaulted")
_OBSERVED = COLUMNS["outcomes"].index("observed_on")


@dataclass(frozen=True, slots=True)
class OutcomeClaim:
    """What the store made of one submitted outcome, and what it holds for that decision."""

    decision_id: str
    status: Literal["recorded", "same", "conflict"]
    defaulted: int
    observed_on: str


def create(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def claim(conn: sqlite3.Connection, rows: RecordRows) -> tuple[RecordRows, list[OutcomeClaim]]:
    """Inside the caller's write transaction: the rows still to write, one claim per row."""
    keep, claims = [], []
    for row in rows.rows:
        decision_id, defaulted, observed = row[_DECISION], row[_DEFAULTED], row[_OBSERVED]
        held = conn.execute(
            "SELECT defaulted, observed_on FROM pad_outcome_keys WHERE decision_id = ?",
            (decision_id,),
        ).fetchone()
        if held is None:
            conn.execute(
                "INSERT INTO pad_outcome_keys (decision_id, defaulted, observed_on) "
                "VALUES (?, ?, ?)",
                (decision_id, defaulted, observed),
            )
            keep.append(row)
            claims.append(OutcomeClaim(decision_id, "recorded", defaulted, observed))
        else:
            same = (held[0], held[1]) == (defaulted, observed)
            status: Literal["same", "conflict"] = "same" if same else "conflict"
            claims.append(OutcomeClaim(decision_id, status, int(held[0]), str(held[1])))
    return dataclasses.replace(rows, rows=keep), claims
