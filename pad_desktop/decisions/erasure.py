"""Erasure that keeps the proof: a decision's personal inputs made unreadable, its record kept.

The personal part of a decision is `inputs`, `typed_inputs` and the `inputs` member of
`policy` (income, charges); everything else (ids, times, model, score, decision, reasons,
rules fired, place and hash in its stream) is the record of the decision and stays. Erasing
sets the personal part to the mark `{"_erased": true}` in place, in every store that holds it
(the shared database, the embedded store, this machine's outbox), and records one chained
`decision_erasures` row per decision with what `db verify` needs to keep accepting it:

- `former_hash`: the decision's chain hash, which stays stored in the row (the next record of
  its stream is chained to it, so it cannot change without breaking the chain there);
- `residual_sha256`: the sha256 of the decision's canonical line after the erasure.

`db verify` then accepts an erased decision when its stored hash is the attested one and its
canonical line as it now stands hashes to the attested digest: any later edit of the score,
the decision or any column kept is still found. What cannot be checked any more is that the
erased inputs were the ones the hash was made from: that was checked when the erasure was
made (the decision's link to its predecessor is verified before it is erased), and the
erasure record itself is chained. The same holds for records written before this revision:
there is one mechanism for all of them.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pad_desktop.decisions.canonical import NULL, canonical_json, copy_escaped, link, sqlite_time
from pad_desktop.decisions.encode import (
    COLUMNS,
    HASH_COLUMN,
    PRE_CHAIN_COLUMNS,
    TABLES,
    later_widths,
    record_line,
)
from pad_desktop.decisions.records import ERASED_KEY, is_erased

__all__ = ["ERASED_KEY", "is_erased"]

ERASED: dict[str, Any] = {ERASED_KEY: True}
ERASED_JSON = canonical_json(ERASED)  # '{"_erased":true}'
PERSONAL = ("inputs", "typed_inputs", "policy")
_NAMES = COLUMNS["decisions"]
_AT = {name: _NAMES.index(name) for name in (*PERSONAL, "case_ref", "stream_id", "stream_seq")}


def erased_policy(policy: Any) -> Any:
    """A policy verdict without its inputs: the rules fired and the effect stay."""
    if isinstance(policy, dict) and "inputs" in policy:
        return {**policy, "inputs": dict(ERASED)}
    return policy


def erased_values(values: Sequence[Any]) -> list[Any]:
    """A decision's `COLUMNS` values (JSON as objects) with its personal part erased; a NULL
    later column stays NULL (it is not in the canonical line: `encode.record_line`)."""
    out = list(values)
    out[_AT["inputs"]] = dict(ERASED)
    if out[_AT["typed_inputs"]] is not None:
        out[_AT["typed_inputs"]] = dict(ERASED)
    out[_AT["policy"]] = erased_policy(out[_AT["policy"]])
    return out


def residual_sha256(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Erased:
    """One decision to erase (or erased), with what its erasure record attests."""

    decision_id: str
    case_ref: str | None
    former_hash: str | None
    residual_sha256: str
    policy: Any  # the erased policy verdict to store (JSON object or None)
    typed: bool  # typed_inputs is not NULL


def stored_row(values: Sequence[Any], stored_hash: str | None) -> Erased:
    """The erasure of a decision read back from a database (`COLUMNS` values, JSON parsed)."""
    erased = erased_values(values)
    return Erased(
        decision_id=str(values[0]),
        case_ref=values[_AT["case_ref"]],
        former_hash=stored_hash,
        residual_sha256=residual_sha256(record_line("decisions", erased)),
        policy=erased[_AT["policy"]],
        typed=values[_AT["typed_inputs"]] is not None,
    )


def links(prev: bytes, values: Sequence[Any], stored_hash: str, table: str = "decisions") -> bool:
    """Whether a stored record still gives its chain hash after `prev` (checked before it is
    erased, so that an erasure never attests an edited record)."""
    return link(prev, record_line(table, values)).hex() == stored_hash


# The free texts written about a case (revision 0010), personal too: the table and its column.
# An override's justification, a request's text (the applicant's point of view in a review),
# a supervisor's answer's reason. Erased the same way: the text set to `ERASED_JSON` in place,
# one chained `text_erasures` row per record attesting its former hash and residual digest.
TEXTS: dict[str, str] = {
    "decision_overrides": "justification",
    "oversight_requests": "text",
    "oversight_answers": "reason",
}


@dataclass(frozen=True, slots=True)
class ErasedText:
    """One record whose free text is to be erased (or was), with what its erasure attests."""

    table: str
    record_id: str
    decision_id: str
    case_ref: str | None
    former_hash: str | None
    residual_sha256: str


def is_erased_text(value: Any) -> bool:
    return value == ERASED_JSON


def erased_text_values(table: str, values: Sequence[Any]) -> list[Any]:
    """A record's `COLUMNS` values with its free text erased."""
    out = list(values)
    out[COLUMNS[table].index(TEXTS[table])] = ERASED_JSON
    return out


def stored_text(
    table: str, values: Sequence[Any], stored_hash: str | None, decision_id: str, case_ref: Any
) -> ErasedText:
    """The erasure of a record's text read back from a database (`COLUMNS` values)."""
    return ErasedText(
        table=table,
        record_id=str(values[0]),
        decision_id=decision_id,
        case_ref=case_ref,
        former_hash=stored_hash,
        residual_sha256=residual_sha256(record_line(table, erased_text_values(table, values))),
    )


@dataclass(slots=True)
class TextTargets:
    """Which texts of an outbox to erase: those about these decisions (id -> case reference),
    of these requests (id -> (decision id, case reference)), or, for a purge, written before
    `before` (COPY text of `created_at`)."""

    decisions: dict[str, str | None]
    requests: dict[str, tuple[str, str | None]]
    before: str | None = None
    erased: list[ErasedText] = field(default_factory=list)  # erased in the outbox


def erase_text_copy(
    table: str, data: bytes, targets: TextTargets
) -> tuple[bytes, list[ErasedText]]:
    """The COPY text of an outbox entry of `table` (one of `TEXTS`) with the free text of the
    lines `targets` matches erased, and what was erased; the requests found are added to
    `targets` (their answers are matched next). An entry from before the hash chain is erased
    too; its erasure attests no former hash."""
    text = data.decode("utf-8")
    lines = text.split("\n")[:-1]
    if not lines:
        return data, []
    width = lines[0].count("\t") + 1
    columns = next(
        (c for c in (TABLES[table], PRE_CHAIN_COLUMNS.get(table, ())) if len(c) == width), None
    )
    if columns is None:
        return data, []
    at_text, at_created = columns.index(TEXTS[table]), columns.index("created_at")
    key = "request_id" if table == "oversight_answers" else "decision_id"
    at_key = columns.index(key)
    found: list[ErasedText] = []
    for i, line in enumerate(lines):
        fields = line.split("\t")
        ref = fields[at_key]
        about: tuple[str, str | None] | None = None
        if key == "request_id":
            about = targets.requests.get(ref)
        elif ref in targets.decisions:
            about = (ref, targets.decisions[ref])
        if about is None and targets.before is not None and fields[at_created] < targets.before:
            about = (ref if key == "decision_id" else "", None)
        if about is None or not about[0] or ref == NULL:
            continue
        if table == "oversight_requests":
            targets.requests[fields[0]] = about
        if is_erased_text(fields[at_text]):
            continue
        fields[at_text] = ERASED_JSON
        lines[i] = "\t".join(fields)
        chained = HASH_COLUMN in columns
        hash_at = columns.index(HASH_COLUMN) if chained else len(fields)
        found.append(
            ErasedText(
                table=table,
                record_id=fields[0],
                decision_id=about[0],
                case_ref=about[1],
                former_hash=fields[hash_at] if chained else None,
                residual_sha256=residual_sha256("\t".join(fields[:hash_at])),
            )
        )
    if not found:
        return data, []
    return ("\n".join(lines) + "\n").encode("utf-8"), found


def erase_texts_in_sqlite(conn: sqlite3.Connection, texts: Sequence[ErasedText]) -> None:
    """Inside the caller's transaction, after the text erasure records: the embedded store's."""
    for e in texts:
        conn.execute(
            f"UPDATE {e.table} SET {TEXTS[e.table]} = ? WHERE id = ?", (ERASED_JSON, e.record_id)
        )


def erase_copy_text(data: bytes, selection: Any) -> tuple[bytes, list[Erased]]:
    """The COPY text of an outbox entry of decisions with the personal part of the lines
    `selection` (`erasing.Selection`) matches erased, and what was erased. Entries from before
    the case references (0.1) have no case column: they are matched by time alone."""
    text = data.decode("utf-8")
    lines = text.split("\n")[:-1]  # COPY escapes \n in values
    if not lines:
        return data, []
    width = lines[0].count("\t") + 1
    columns = next((c for c in later_widths("decisions") if len(c) == width), None)
    if columns is None:
        return data, []
    at = {name: columns.index(name) for name in (*PERSONAL, "case_ref") if name in columns}
    wanted = {copy_escaped(c): c for c in selection.case_refs}
    found: list[Erased] = []
    for i, line in enumerate(lines):
        fields = line.split("\t")
        ref = fields[at["case_ref"]]
        if fields[at["inputs"]] == ERASED_JSON or not (
            ref in wanted or selection.matches_line(None, fields[1])
        ):
            continue
        fields[at["inputs"]] = ERASED_JSON
        policy: Any = None
        if "typed_inputs" in at and fields[at["typed_inputs"]] != NULL:
            fields[at["typed_inputs"]] = ERASED_JSON
        if "policy" in at and fields[at["policy"]] != NULL:
            policy = erased_policy(json.loads(fields[at["policy"]].replace("\\\\", "\\")))
            fields[at["policy"]] = copy_escaped(canonical_json(policy))
        hash_at = columns.index(HASH_COLUMN)
        lines[i] = "\t".join(fields)
        residual = "\t".join(fields[:hash_at])
        found.append(
            Erased(
                decision_id=fields[0],
                case_ref=None if ref == NULL else wanted.get(ref, ref),
                former_hash=fields[hash_at],
                residual_sha256=residual_sha256(residual),
                policy=policy,
                typed="typed_inputs" in at and fields[at["typed_inputs"]] != NULL,
            )
        )
    if not found:
        return data, []
    return ("\n".join(lines) + "\n").encode("utf-8"), found


def sqlite_updates(erased: Sequence[Erased]) -> list[tuple[Any, ...]]:
    """Parameters of `SQLITE_UPDATE`, one per decision (canonical JSON, as the store writes)."""
    return [
        (
            ERASED_JSON,
            ERASED_JSON if e.typed else None,
            None if e.policy is None else canonical_json(e.policy),
            e.decision_id,
        )
        for e in erased
    ]


SQLITE_UPDATE = "UPDATE decisions SET inputs = ?, typed_inputs = ?, policy = ? WHERE id = ?"
SQLITE_SIDE_DELETE = "DELETE FROM decision_canonical_inputs WHERE decision_id = ?"


def scrub_sqlite(conn: Any) -> None:
    """After an erasure in an SQLite file (its connection has `secure_delete` on, so the
    space the old values held is zeroed): copy the WAL into the file and empty it, so that no
    older page image of them stays there. Best effort: a reader holding a snapshot delays it
    to the next checkpoint."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def erase_in_sqlite(
    conn: sqlite3.Connection, erased: list[Erased], case_refs: frozenset[str]
) -> None:
    """Inside the caller's transaction, after the erasure records: the embedded store's rows."""
    conn.executemany(SQLITE_UPDATE, sqlite_updates(erased))
    conn.executemany(SQLITE_SIDE_DELETE, [(e.decision_id,) for e in erased])
    forget_case_keys(conn, case_refs)


def forget_case_keys(conn: sqlite3.Connection, case_refs: frozenset[str]) -> None:
    """The repeat keys of these cases (`case_keys`: an unsalted hash of the inputs)."""
    if case_refs:
        conn.executemany(
            "DELETE FROM pad_case_keys WHERE case_ref = ?", [(c,) for c in sorted(case_refs)]
        )


def purge_case_keys_before(conn: sqlite3.Connection, before: datetime) -> None:
    conn.execute("DELETE FROM pad_case_keys WHERE created_at < ?", (sqlite_time(before),))
