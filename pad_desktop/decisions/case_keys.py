"""The repeat rule, kept by the store: one decision per case, model, inputs and predecessor.

A single decision with a case reference claims a row in `pad_case_keys` inside the local
transaction that acknowledges it (the embedded store's, or the outbox's that every process of
the user on this machine shares). Its primary key is (case, model, canonical inputs, previous
decision): two submissions of the same case that both saw the same latest decision cannot both
be recorded, whatever thread or process they come from. Within that transaction:

- the case's latest decision, with the same model and inputs, within the repeat window: the
  submission is that decision again (nothing is written; the caller gets it back);
- otherwise the submission is recorded as a new decision pointing at the latest one
  (`previous_id`), which is how a re-score of the case is linked.

Batch rows are not claimed here: a batch file is its own operation (`batch_runs`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from pad_desktop.decisions.encode import PER_ROW_FIELDS, DecisionRows, RecordRows

SCHEMA = """
CREATE TABLE IF NOT EXISTS pad_case_keys (
    repeat_key TEXT PRIMARY KEY,
    case_ref TEXT NOT NULL,
    inputs_key TEXT NOT NULL,
    decision_id TEXT NOT NULL,
    previous_id TEXT,
    officer TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pad_case_keys_latest ON pad_case_keys (case_ref, created_at);
"""


@dataclass(frozen=True, slots=True)
class Claim:
    """What the store made of one submitted decision."""

    decision_id: str
    created_at: str  # UTC ISO text
    previous_id: str | None
    officer: str
    repeated: bool  # True: the decision already recorded, returned again


def create(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def inputs_key(model_sha256: str, inputs_json: str) -> str:
    """What makes a submission the same: the model and the canonical inputs."""
    return hashlib.sha256(f"{model_sha256}\n{inputs_json}".encode()).hexdigest()


def _repeat_key(case_ref: str, key: str, previous_id: str | None) -> str:
    return hashlib.sha256(f"{case_ref}\n{key}\n{previous_id or ''}".encode()).hexdigest()


def claim(
    conn: sqlite3.Connection, rows: DecisionRows | RecordRows, window_s: float | None
) -> tuple[DecisionRows | RecordRows, list[Claim] | None]:
    """Apply the repeat rule to single decisions with a case reference, inside the caller's
    write transaction; returns the rows still to write and one `Claim` per submitted row
    (None when nothing was claimed: overrides, events, batches, no case references)."""
    if (
        not isinstance(rows, DecisionRows)
        or rows.batch_id is not None
        or window_s is None
        or all(c is None for c in rows.case_refs)
    ):
        return rows, None
    claims: list[Claim] = []
    keep: list[int] = []
    for i, case_ref in enumerate(rows.case_refs):
        decision_id, created_at = rows.ids[i], rows.created_at[i]
        if case_ref is None:
            keep.append(i)
            claims.append(Claim(decision_id, created_at, None, rows.officer, False))
            continue
        key = inputs_key(rows.model_sha256, rows.inputs[i])
        latest = conn.execute(
            "SELECT decision_id, inputs_key, created_at, previous_id, officer FROM pad_case_keys"
            " WHERE case_ref = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
            (case_ref,),
        ).fetchone()
        if latest is not None and latest[1] == key and _within(latest[2], created_at, window_s):
            claims.append(Claim(latest[0], latest[2], latest[3], latest[4], True))
            continue
        previous = latest[0] if latest is not None else rows.previous_ids[i]
        rows.previous_ids[i] = previous
        conn.execute(
            "INSERT INTO pad_case_keys (repeat_key, case_ref, inputs_key, decision_id,"
            " previous_id, officer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                _repeat_key(case_ref, key, previous),
                case_ref,
                key,
                decision_id,
                previous,
                rows.officer,
                created_at,
            ),
        )
        keep.append(i)
        claims.append(Claim(decision_id, created_at, previous, rows.officer, False))
    return _subset(rows, keep), claims


def _within(earlier: str, later: str, window_s: float) -> bool:
    seconds = (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()
    return seconds <= window_s


def _subset(rows: DecisionRows, keep: list[int]) -> DecisionRows:
    if len(keep) == len(rows):
        return rows
    return dataclasses.replace(
        rows, **{name: [getattr(rows, name)[i] for i in keep] for name in PER_ROW_FIELDS}
    )
