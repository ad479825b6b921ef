"""The table of value rules: how one cell of text becomes a model input, or which rule it breaks.

Every face hands applicant values here, one cell at a time: the form's editors, a CSV cell, a
JSON value of `/individual_score` or `/multiple_score`. A typed JSON value is read as its text
would be (`1` as "1", `true` as "true"), so the same text gets the same verdict and the same
message on every path. The frame path (`read_column`) reads each distinct text of a column with
`read_cell` itself, so one bad cell never changes how its neighbours are read.

Numbers follow a dialect's decimal mark: "." (JSON, US CSV) or "," (French Excel). Thousands
separators are accepted only in well-formed groups: a first group of 1 to 3 digits not starting
with 0, then groups of exactly three digits, separated by spaces (also the no-break spaces
French Excel writes) in both dialects, "," in the "." dialect, "." in the "," dialect. In the ","
dialect a lone "." that is not a thousands group is still read as a decimal point ("0.589").
In the "." dialect a comma that is not in well-formed groups is never read as thousands: a text
that would be a number with a decimal comma ("0,589", "-0,589", "1,5", "12,34", "1 234,50") is
refused as `AMBIGUOUS_COMMA`, a message that names the two readings. "2,241" stays 2241 there
(the dialect says "," separates thousands); only a file whose dialect is decimal comma reads it
as 2.241. Exponents are accepted ("1.169e3"), underscores and NUL bytes are refused with their
own message.

Booleans are words (yes/no, oui/non, true/false, vrai/faux) or the numbers 0 and 1, written as
the dialect writes numbers: "1", "1.0" and, in the "," dialect, "1,0" too (`boolean_words`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pad_desktop.cells.field_specs import FieldSpec, Kind

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


class Rule(StrEnum):
    MISSING = "missing"
    NOT_A_NUMBER = "not_a_number"
    UNDERSCORE = "underscore"
    NUL_BYTE = "nul_byte"
    TOO_LONG = "too_long"
    NOT_FINITE = "not_finite"
    NOT_WHOLE = "not_whole"
    BELOW_MIN = "below_min"
    ABOVE_MAX = "above_max"
    UNKNOWN_CATEGORY = "unknown_category"
    NOT_BOOLEAN = "not_boolean"
    AMBIGUOUS_COMMA = "ambiguous_comma"  # a decimal comma where "." is the decimal mark


# The "." dialect's booleans; the "," dialect adds "1,0" and "0,0" (`boolean_words`).
TRUE_WORDS = frozenset({"true", "yes", "1", "1.0", "oui", "vrai"})
FALSE_WORDS = frozenset({"false", "no", "0", "0.0", "non", "faux"})
# Cells that mean "no value" (spreadsheet and pandas habits), compared case-insensitively.
NA_TOKENS = frozenset({"", "na", "n/a", "null", "none", "#n/a"})
# Not finite numbers, as Python, pandas and JSON extensions spell them ("nan" included: a cell
# that says NaN is a computation gone wrong, not an empty cell).
NOT_FINITE_WORDS = frozenset(
    {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
)
MAX_CELL_CHARS = 200  # no accepted value is longer; a longer cell is refused, not parsed
FLOAT32_MAX = 3.4028234663852886e38  # the model takes float32: a larger number is not finite there
POINT, COMMA = ".", ","
_BOOLEAN_WORDS = {
    POINT: (TRUE_WORDS, FALSE_WORDS),
    COMMA: (TRUE_WORDS | {"1,0"}, FALSE_WORDS | {"0,0"}),  # a lone "." is a decimal there too
}

# Surrounding white space includes the no-break spaces that French Excel puts in numbers.
_SPACE_CHARS = " \t\r\n\u00a0\u202f"
_GROUP_SPACES = "[ \u00a0\u202f]"
_EXPONENT = r"(?:[eE][+-]?\d+)?"
_FIRST_GROUP = r"[1-9]\d{0,2}"  # "0,589" or "012,345" are not thousands groups


def _number_patterns(decimal: str) -> list[tuple[re.Pattern[str], str]]:
    """(pattern, thousands characters to delete) in the order they are tried."""
    point = re.escape(POINT)
    comma = re.escape(COMMA)
    mark = point if decimal == POINT else comma
    thousands = COMMA if decimal == POINT else POINT
    other = re.escape(thousands)
    patterns = [
        (rf"[+-]?{_FIRST_GROUP}(?:{_GROUP_SPACES}\d{{3}})+(?:{mark}\d+)?", " \u00a0\u202f"),
        (rf"[+-]?{_FIRST_GROUP}(?:{other}\d{{3}})+(?:{mark}\d+)?", thousands),
        (rf"[+-]?(?:\d+(?:{mark}\d*)?|{mark}\d+){_EXPONENT}", ""),
    ]
    if decimal == COMMA:  # a decimal point that is not a thousands group, as in "0.5"
        patterns.append((rf"[+-]?(?:\d+(?:{point}\d*)?|{point}\d+){_EXPONENT}", ""))
    return [(re.compile(p), strip) for p, strip in patterns]


_PATTERNS = {POINT: _number_patterns(POINT), COMMA: _number_patterns(COMMA)}


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one cell is: its value in the model's terms (None: empty), or the rule it breaks."""

    value: Any
    rule: Rule | None
    text: str  # the cell as text, stripped, as messages show it

    @property
    def ok(self) -> bool:
        return self.rule is None


def cell_text(raw: Any) -> str | None:
    """A cell as text (None for no value); typed JSON values as JSON writes them."""
    if raw is None:
        return None
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, int):
        try:
            return str(raw)
        except ValueError:  # more digits than Python converts: no model input is that long
            return "9" * (MAX_CELL_CHARS + 1)
    if isinstance(raw, float):  # JSON's spellings of the non-finite numbers some encoders write
        if math.isnan(raw):
            return "NaN"
        return repr(raw) if math.isfinite(raw) else ("Infinity" if raw > 0 else "-Infinity")
    if hasattr(raw, "item") and not isinstance(raw, list | dict | tuple):  # numpy scalars
        return cell_text(raw.item())
    return str(raw)[: MAX_CELL_CHARS + 1]  # nested JSON and other objects: refused below


def parse_number(text: str, decimal: str = POINT) -> float | Rule:
    """A stripped, non-empty cell -> a float, or the rule it breaks (no range check here)."""
    if "_" in text:
        return Rule.UNDERSCORE
    if text.lower() in NOT_FINITE_WORDS:
        return Rule.NOT_FINITE
    for pattern, separators in _PATTERNS[decimal]:
        if pattern.fullmatch(text):
            cleaned = text
            for ch in separators:
                cleaned = cleaned.replace(ch, "")
            number = float(cleaned.replace(COMMA, POINT))
            return number if abs(number) <= FLOAT32_MAX else Rule.NOT_FINITE
    if decimal == POINT and COMMA in text and not isinstance(parse_number(text, COMMA), Rule):
        return Rule.AMBIGUOUS_COMMA  # a decimal comma: never guess it away as thousands
    return Rule.NOT_A_NUMBER


def boolean_words(decimal: str = POINT) -> tuple[frozenset[str], frozenset[str]]:
    """(true, false) words of a dialect, lower case."""
    return _BOOLEAN_WORDS[decimal]


def _category(spec: FieldSpec, text: str) -> str | None:
    if text in spec.code_map:
        return text
    folded = _folded_categories(spec).get(text.casefold())
    return folded if folded is not None else spec.input_aliases.get(text.casefold())


def _folded_categories(spec: FieldSpec) -> dict[str, str]:
    """Case-insensitive matches, only where unambiguous."""
    cached = spec.__dict__.get("_folded")
    if cached is None:
        counts: dict[str, list[str]] = {}
        for c in spec.categories:
            counts.setdefault(c.casefold(), []).append(c)
        cached = {k: v[0] for k, v in counts.items() if len(v) == 1}
        object.__setattr__(spec, "_folded", cached)
    return cached


SLOW = object()  # `quick_value`: this cell needs `read_cell`
_WHOLE_EXACT = 2**53  # below it, an int and its float are the same number


def quick_value(spec: FieldSpec, raw: Any) -> Any:
    """`read_cell(spec, raw).value` in the "." dialect for the cells an API client usually
    sends, without the text round trip: an exact category, a finite JSON number in range, no
    value for an optional field. Anything else (an error, a spelling to forgive) is `SLOW`:
    `read_cell` decides it. Same value as `read_cell` by construction (a number's text is its
    `repr`, which every number pattern reads back as the same float)."""
    kind = type(raw)
    if kind is str:
        return raw if raw in _plain_categories(spec) else SLOW
    if kind is float:
        if not (math.isfinite(raw) and abs(raw) <= FLOAT32_MAX):
            return SLOW
        number = raw
    elif kind is int:
        if not -_WHOLE_EXACT < raw < _WHOLE_EXACT:
            return SLOW
        number = float(raw)
    elif raw is None:
        return SLOW if spec.required else None
    else:
        return SLOW
    field_kind = spec.kind
    if field_kind is Kind.NUMBER:
        value: Any = number
    elif field_kind is Kind.INTEGER and number.is_integer() and abs(number) < _WHOLE_EXACT:
        value = int(number)
    else:  # a number for a category or a boolean field, or a fraction for a whole one
        return SLOW
    if (spec.minimum is not None and number < spec.minimum) or (
        spec.maximum is not None and number > spec.maximum
    ):
        return SLOW
    return value


def _plain_categories(spec: FieldSpec) -> frozenset[str]:
    """The categories `read_cell` takes as they are: nothing to strip, fold or refuse."""
    cached = spec.__dict__.get("_plain")
    if cached is None:
        cached = frozenset(
            c
            for c in spec.code_map
            if spec.kind is Kind.CATEGORY
            and "\x00" not in c
            and len(c) <= MAX_CELL_CHARS
            and c.strip(_SPACE_CHARS) == c
        )
        object.__setattr__(spec, "_plain", cached)
    return cached


def read_cell(spec: FieldSpec, raw: Any, decimal: str = POINT) -> Verdict:
    """The verdict of the value table on one cell for one field."""
    text = cell_text(raw)
    if text is None:
        return _empty(spec, "")
    if "\x00" in text:
        return Verdict(None, Rule.NUL_BYTE, text.replace("\x00", "\\0")[:40])
    if len(text) > MAX_CELL_CHARS:
        return Verdict(None, Rule.TOO_LONG, text[:20] + "…")
    text = text.strip(_SPACE_CHARS)
    if spec.kind is Kind.CATEGORY:
        category = _category(spec, text)
        if category is not None:
            return Verdict(category, None, text)
        if text.lower() in NA_TOKENS:
            return _empty(spec, text)
        return Verdict(None, Rule.UNKNOWN_CATEGORY, text)
    lowered = text.lower()
    if lowered in NA_TOKENS:
        return _empty(spec, text)
    if spec.kind is Kind.BOOLEAN:
        true_words, false_words = boolean_words(decimal)
        if lowered in true_words:
            return Verdict(True, None, text)
        if lowered in false_words:
            return Verdict(False, None, text)
        return Verdict(None, Rule.NOT_BOOLEAN, text)
    number = parse_number(text, decimal)
    if isinstance(number, Rule):
        return Verdict(None, number, text)
    if spec.kind is Kind.INTEGER and not number.is_integer():
        return Verdict(None, Rule.NOT_WHOLE, text)
    if spec.minimum is not None and number < spec.minimum:
        return Verdict(None, Rule.BELOW_MIN, text)
    if spec.maximum is not None and number > spec.maximum:
        return Verdict(None, Rule.ABOVE_MAX, text)
    if spec.kind is Kind.INTEGER and abs(number) < 2**53:
        return Verdict(int(number), None, text)
    return Verdict(number, None, text)


def _empty(spec: FieldSpec, text: str) -> Verdict:
    return Verdict(None, Rule.MISSING if spec.required else None, text)


class CaseRefError(ValueError):
    """A case reference that cannot be recorded; `rule` says why (`messages.case_ref_message`)."""

    def __init__(self, rule: str) -> None:
        super().__init__(rule)
        self.rule = rule


def read_case_ref(raw: Any, required: bool = False) -> str | None:
    """A case reference (the case or applicant number) as recorded: a text or a whole number,
    stripped, at most `MAX_CELL_CHARS` characters, no NUL; None when empty and not required."""
    if raw is None or (isinstance(raw, str) and not raw.strip(_SPACE_CHARS)):
        if required:
            raise CaseRefError("missing")
        return None
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        raise CaseRefError("invalid")
    text = cell_text(raw) or ""
    if len(text) > MAX_CELL_CHARS or "\x00" in text:
        raise CaseRefError("invalid")
    return text.strip(_SPACE_CHARS)


def encode(spec: FieldSpec, value: Any) -> float:
    """A value accepted by `read_cell` -> the float the model takes (NaN for no value)."""
    if value is None:
        return math.nan
    if spec.kind is Kind.CATEGORY:
        return spec.code_map[value]
    return float(value)


@dataclass
class ColumnReading:
    """`read_cell` applied to every cell of a column."""

    encoded: np.ndarray  # float32 [n]
    failed: np.ndarray  # bool [n]
    rules: list[Rule]  # per failed cell, in row order
    texts: list[str]  # per failed cell, as messages show it


def cells_frame(rows: list[dict[str, Any]], names: list[str]) -> pd.DataFrame:
    """JSON applicants as a frame whose cells keep their own type (pandas would turn a column
    of `0` and `0.5` into floats, and `0` would then read as "0.0")."""
    import pandas as pd

    return pd.DataFrame(
        {n: pd.Series([row.get(n) for row in rows], dtype=object) for n in names},
        index=range(len(rows)),
    )


def verdicts_of(spec: FieldSpec, cells: Any, decimal: str = POINT) -> tuple[Any, list, list]:
    """A column's codes into its distinct texts, those texts, and their verdicts (each distinct
    text read once: columns repeat a lot). Code -1: no value.

    `cells`: texts or typed values (JSON), None or NaN for no value, or an Arrow string column
    (a batch chunk, read without a Python object per cell). Distinct texts are found by
    Arrow, which keeps a NUL byte as a character (pandas' hash tables would cut the text there).
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(cells, pa.ChunkedArray):  # a CSV column as Arrow read it: no Python objects
        cells = cells.chunk(0) if cells.num_chunks == 1 else cells.combine_chunks()
    if isinstance(cells, pa.Array):
        arrow_cells = cells.cast(pa.string())
    else:
        values = np.asarray(cells, dtype=object)
        if not _all_text(values):  # JSON cells: NaN must stay "NaN", not become a missing value
            values = np.array([cell_text(v) for v in values], dtype=object)
        arrow_cells = pa.array(values, type=pa.string(), from_pandas=True)
    encoded_cells = pc.dictionary_encode(arrow_cells)
    indices = encoded_cells.indices
    codes = (indices.fill_null(-1) if indices.null_count else indices).to_numpy(
        zero_copy_only=False
    )
    uniques = encoded_cells.dictionary.to_pylist()
    known = _verdict_cache(spec, decimal)
    verdicts = []
    for u in uniques:
        verdict = known.get(u)
        if verdict is None:
            verdict = known[u] = read_cell(spec, u, decimal)
        verdicts.append(verdict)
    return codes, uniques, verdicts


def read_column(spec: FieldSpec, cells: Any, decimal: str = POINT) -> ColumnReading:
    """Read a column cell by cell (`verdicts_of`)."""
    import numpy as np

    codes, _, verdicts = verdicts_of(spec, cells, decimal)
    verdicts.append(read_cell(spec, None, decimal))  # code -1: no value
    table = np.array([math.nan if v.value is None else encode(spec, v.value) for v in verdicts])
    bad = np.array([not v.ok for v in verdicts], dtype=bool)
    failed = bad[codes]
    rules = [verdicts[c].rule for c in codes[failed]]
    texts = [verdicts[c].text for c in codes[failed]]
    return ColumnReading(table[codes].astype(np.float32), failed, rules, texts)  # type: ignore[arg-type]


VERDICT_CACHE_TEXTS = 100_000  # per field and dialect; a batch's chunks repeat their texts


def _verdict_cache(spec: FieldSpec, decimal: str) -> dict[str, Verdict]:
    """The verdicts already given for this field (read_cell is a pure function of the text)."""
    caches = spec.__dict__.get("_verdicts")
    if caches is None:
        caches = {}
        object.__setattr__(spec, "_verdicts", caches)
    cache = caches.setdefault(decimal, {})
    if len(cache) > VERDICT_CACHE_TEXTS:
        cache.clear()
    return cache


def _all_text(values: np.ndarray) -> bool:
    """True when every cell is a str (a CSV column): Arrow takes them as they are."""
    import pandas as pd

    return pd.api.types.infer_dtype(values, skipna=False) in ("string", "empty")
