"""Records the decision database would refuse, refused before they are acknowledged.

A record is acknowledged once it is in the local outbox; if PostgreSQL then refused it, it
would sit aside as "rejected" while the caller believes it logged. So everything PostgreSQL
(or the embedded SQLite store) refuses is checked while encoding, with one clear line:
NUL bytes and unencodable characters in any text (JSONB refuses `\\u0000` too), texts longer
than their column, ids that are not uuids, numbers out of range (NaN and infinities as well:
a decision with no score is no decision, and SQLite stores NaN as NULL).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from pad_desktop.texts import Phrase, Worded

INT64 = (-(1 << 63), (1 << 63) - 1)
_HEX = frozenset(b"0123456789abcdef")
_DASHES = (8, 13, 18, 23)


class RecordRefused(Worded, ValueError):
    """A record the decision log will not acknowledge: the sentence says which field and why
    (`what`: a `log.what_*` phrase; `where`: the row, if any; `problem`: a `log.problem_*`)."""

    def __init__(self, what: Phrase, problem: Phrase, where: Phrase | str = "") -> None:
        super().__init__("log.refused", what=what, where=where, problem=problem)


def what(part: str, /, **values: Any) -> Phrase:
    """The part of a record at fault, as a sentence names it (`log.what_<part>`)."""
    return Phrase(f"log.what_{part}", values)


def of_row(row: int) -> Phrase:
    return Phrase("log.of_row", {"row": row})


NUL = Phrase("log.problem_nul")


def text_problem(value: str) -> Phrase | None:
    """Why PostgreSQL would refuse this text, or None."""
    if "\x00" in value:
        return NUL
    if value.isascii():
        return None
    try:  # below U+0100 (French text, mostly), there is no surrogate: a copy, not an encoding
        value.encode("latin-1")
        return None
    except UnicodeEncodeError:
        pass
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return Phrase("log.problem_surrogate")
    return None


def check_text(
    value: str | None, what: Phrase, max_length: int | None = None, where: Phrase | str = ""
) -> None:
    if value is None:
        return
    problem = text_problem(value)
    if problem is None and max_length is not None and len(value) > max_length:
        problem = Phrase("log.problem_too_long", {"length": len(value), "limit": max_length})
    if problem is not None:
        raise RecordRefused(what, problem, where)


def check_text_lazily(
    value: str | None, part: str, max_length: int | None = None, **values: Any
) -> None:
    """`check_text(value, what(part, **values), max_length)`, the phrase built only when the
    text is refused (a single decision's record checks a dozen texts that all pass)."""
    if value is None:
        return
    if text_problem(value) is not None or (max_length is not None and len(value) > max_length):
        check_text(value, what(part, **values), max_length)


def check_json_text(text: str, what: Phrase, where: Phrase | str = "") -> None:
    """Canonical JSON (see `canonical.py`): a NUL can only be the escape `\\u0000`."""
    if "\\u0000" in text.replace("\\\\", ""):
        raise RecordRefused(what, NUL, where)
    check_text(text, what, where=where)


# 36 characters: lower-case hex digits, dashes at 8, 13, 18 and 23 (one regex match in C
# instead of a generator over the bytes: a single decision's record checks two of them)
_UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _is_uuid_text(text: str) -> bool:
    return _UUID_TEXT.fullmatch(text) is not None


def check_uuids(ids: Sequence[str], what: Phrase) -> None:
    """Canonical (lower-case) uuids, checked with numpy for a batch."""
    if len(ids) < 64:
        bad = next((i for i, text in enumerate(ids) if not _is_uuid_text(text)), None)
    else:
        bad = _first_bad_uuid(ids)
    if bad is not None:
        raise RecordRefused(what, Phrase("log.problem_not_uuid", {"value": repr(ids[bad])}))


def _first_bad_uuid(ids: Sequence[str]) -> int | None:
    import numpy as np

    lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
    if (lengths != 36).any():
        return int(np.flatnonzero(lengths != 36)[0])
    joined = "".join(ids)
    if not joined.isascii():
        return next(i for i, t in enumerate(ids) if not t.isascii())
    chars = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(len(ids), 36)
    table = np.zeros(256, dtype=bool)
    table[list(_HEX)] = True
    ok = table[chars]
    ok[:, list(_DASHES)] = chars[:, list(_DASHES)] == 0x2D
    bad = np.flatnonzero(~ok.all(axis=1))
    return int(bad[0]) if len(bad) else None


def check_finite(values: Sequence[float], what: Phrase, where: Sequence[Any] | None = None) -> None:
    if all(map(math.isfinite, values)):
        return
    i = next(i for i, v in enumerate(values) if not math.isfinite(v))
    at = of_row(where[i]) if where is not None and len(values) > 1 else ""
    raise RecordRefused(what, Phrase("log.problem_not_finite", {"value": repr(values[i])}), at)


def check_int64(values: Sequence[int | None], what: Phrase) -> None:
    present = [v for v in values if v is not None] if None in values else values
    if present and (min(present) < INT64[0] or max(present) > INT64[1]):
        raise RecordRefused(what, Phrase("log.problem_int64"))
