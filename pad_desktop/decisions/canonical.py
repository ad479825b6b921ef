"""The canonical form of a stored record, and the hash chain computed over it.

Every record (decision, override, model event) carries `chain_hash`:

    chain_hash[i] = sha256(chain_hash[i-1] as 32 bytes || canonical_line(record i) as UTF-8)

where i runs over the records of one stream (one outbox or embedded store: a workstation, an
API process) in `stream_seq` order, and the first record's predecessor is 32 zero bytes.

`canonical_line` is THE definition: each column of `COLUMNS[table]` (every stored column but
`chain_hash` itself and the server's `received_at`), in that order, as `canonical_field`
writes it, joined by tabs. A new column is added to the canonical form by adding it to the
table's columns in `encode.py` (and to the migration that creates it); nothing else changes.
It is PostgreSQL's COPY text format, so that the client sends each canonical line followed by
its hash as the COPY line itself; `encode.py` builds the same text column-wise for speed, and
`tests/decisions/test_hash_chain.py` proves both ways agree, after a round trip through
PostgreSQL (JSONB normalises JSON) and SQLite.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

SQLITE_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; a naive one is taken as UTC already (as numpy's are)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def sqlite_time(value: datetime) -> str:
    return as_utc(value).strftime(SQLITE_TIME_FORMAT)


GENESIS = bytes(32)  # the predecessor of a stream's first record
PG_UTC = "+00"  # a time is UTC ISO text to the microsecond, then this offset
NULL = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
json_string = json.encoder.encode_basestring  # C-accelerated, keeps non-ASCII letters


def canonical_float(value: float) -> str:
    """A JSON number that reads back as the same text after PostgreSQL's JSONB: JSONB keeps
    the decimal digits (`1e-05` comes back `0.00001`, still the float 1e-05) but writes an
    exponent float (always a whole number) as an integer and has no negative zero."""
    if value == 0:
        return "0.0"
    text = repr(value)
    return str(int(value)) if "e+" in text else text


def canonical_json(value: Any) -> str:
    """Compact JSON with sorted keys; missing and non-finite numbers are null (JSONB has no NaN)."""
    kind = type(value)
    if kind is str:
        return json_string(value)
    if value is None or kind is bool:
        return {None: "null", True: "true", False: "false"}[value]
    if kind is int:
        return str(value)
    if kind is float:
        return canonical_float(value) if math.isfinite(value) else "null"
    if isinstance(value, dict):
        members = sorted((str(k), v) for k, v in value.items())
        return "{" + ",".join(f"{json_string(k)}:{canonical_json(v)}" for k, v in members) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(canonical_json(v) for v in value) + "]"
    if hasattr(value, "item") and not hasattr(value, "isoformat"):  # numpy scalar
        return canonical_json(value.item())
    if hasattr(value, "isoformat"):  # dates and times, pandas Timestamps included
        return json_string(value.isoformat())
    if isinstance(value, int | float):  # subclasses (IntEnum...) as plain numbers
        return canonical_json(float(value) if isinstance(value, float) else int(value))
    return json_string(str(value))


def copy_escaped(text: str) -> str:
    return text.translate(_COPY_ESCAPES)


def canonical_field(value: Any) -> str:
    """One stored value as canonical text (PostgreSQL COPY text format)."""
    if value is None:
        return NULL
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime):
        return sqlite_time(value) + PG_UTC
    if isinstance(value, dict | list):  # a JSON column, read back from the database
        return copy_escaped(canonical_json(value))
    if isinstance(value, uuid.UUID | int):
        return str(value)
    return copy_escaped(str(value))


def canonical_line(values: Iterable[Any]) -> str:
    """The canonical form of one record: its `COLUMNS[table]` values, in that order."""
    return "\t".join(canonical_field(v) for v in values)


def chain(prev: bytes, lines: Sequence[str]) -> tuple[list[str], bytes]:
    """The chain hashes (hex) of canonical lines following `prev`, and the last one as bytes."""
    hashes = []
    for line in lines:
        prev = link(prev, line)
        hashes.append(prev.hex())
    return hashes, prev


def link(prev: bytes, line: str) -> bytes:
    """One step of the chain."""
    return hashlib.sha256(prev + line.encode("utf-8")).digest()
