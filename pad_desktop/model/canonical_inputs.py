"""What the model saw: the canonical inputs a record keeps, and the texts as typed beside them.

A field's canonical input is its value in the model's terms, as the value table read it
(`values.read_cell`): a category in the bundle's own vocabulary, a whole number as an int, a
number as a float, a boolean, None for no value. The same applicant gives the same canonical
inputs from every face, language and file dialect, so drift, History, exports and replay read
one kind of record.

Where a cell's text is not a plain spelling of its canonical value (a French label, a decimal
comma, thousands separators, "n/a"), the text as typed is kept beside it for the audit
(`typed_inputs`, field -> text); a plain spelling ("2241", "2241.0", "own", "true") is not.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from json.encoder import encode_basestring as json_string  # C-accelerated, keeps accents
from typing import TYPE_CHECKING, Any

from pad_desktop.cells.values import COMMA, POINT, Verdict, cell_text, read_cell, verdicts_of

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from pad_desktop.cells.field_specs import FieldSpec
    from pad_desktop.model.signature import Signature

NO_TYPED_INPUTS = "{}"


def is_plain(text: str, value: Any) -> bool:
    """True when `text` (stripped) spells `value` as a plain JSON-like value would: nothing
    worth keeping for the audit beside the canonical value."""
    if value is None:
        return text == ""
    if isinstance(value, bool):
        return text.lower() == ("true" if value else "false")
    if isinstance(value, str):
        return text == value
    try:
        number = float(text)  # "2241", "2241.0", "2.241e3"; not "2241,00" nor "2 241"
    except ValueError:
        return False
    return math.isfinite(number) and number == value and "_" not in text


def _spells_itself(raw: Any, value: Any) -> bool:
    """A JSON value that is its canonical value (the API's usual cell): `is_plain` of its
    `cell_text` would say so, without writing and reading it back."""
    kind = type(raw)
    if kind is not type(value) or raw != value:
        return False
    if kind is str:
        return raw == _stripped(raw)
    if kind is int:
        return -(2**53) <= raw <= 2**53  # beyond, its float may differ: `is_plain` decides
    if kind is float:
        return math.isfinite(raw)
    return kind is bool


def _stripped(text: str) -> str:
    return text.strip(" \t\r\n\u00a0\u202f")


def typed_inputs(signature: Signature, values: Mapping[str, Any], clean: Mapping[str, Any]) -> dict:
    """The texts as typed of one applicant where they differ from the canonical `clean`."""
    typed = {}
    for spec in signature.fields:
        raw = values.get(spec.name)
        if _spells_itself(raw, clean.get(spec.name)):
            continue
        text = cell_text(raw)
        if text is not None and not is_plain(_stripped(text), clean.get(spec.name)):
            typed[spec.name] = text
    return typed


def canonical_frame(
    signature: Signature, cells: pa.Table | pd.DataFrame, decimal: str = POINT
) -> tuple[pd.DataFrame, list[str]]:
    """The canonical inputs of rows already validated (every cell reads), and each row's typed
    inputs as canonical JSON ("{}" when every cell is a plain spelling).

    Each column's distinct texts are read once (the value table's cache makes a batch chunk's
    second reading cheap); a row's values are then picked by its codes."""
    import numpy as np
    import pandas as pd

    n = cells.num_rows if hasattr(cells, "num_rows") else len(cells)
    present = set(getattr(cells, "column_names", None) or cells.columns)
    columns: dict[str, Any] = {}
    typed_members: list[Any] = []
    for spec in sorted(signature.fields, key=lambda s: s.name):
        if spec.name in present:
            codes, uniques, verdicts = verdicts_of(spec, cells[spec.name], decimal)
        else:
            codes, uniques, verdicts = np.full(n, -1), [], []
        verdicts = [*verdicts, read_cell(spec, None, decimal)]  # code -1: no value
        values = np.empty(len(verdicts), dtype=object)
        values[:] = [v.value for v in verdicts]
        columns[spec.name] = values[codes]
        members = _typed_members(spec, [*uniques, None], verdicts)
        if members is not None:
            typed_members.append(members[codes])
    frame = pd.DataFrame(
        {f.name: columns[f.name] for f in signature.fields}, index=range(n), copy=False
    )
    return frame, _typed_json(typed_members, n)


def _typed_members(spec: FieldSpec, texts: list[str | None], verdicts: list[Verdict]) -> Any:
    """Per distinct text, its JSON member (`"name":"text"`) where it is not a plain spelling,
    else ""; None when no text of the column needs keeping."""
    import numpy as np

    key = json_string(spec.name) + ":"
    members = np.array(
        [
            ""
            if text is None or is_plain(_stripped(text), verdict.value)
            else key + json_string(text)
            for text, verdict in zip(texts, verdicts, strict=True)
        ],
        dtype=object,
    )
    return members if any(members) else None


def _typed_json(columns: list[Any], n: int) -> list[str]:
    if not columns:
        return [NO_TYPED_INPUTS] * n
    return ["{" + ",".join(filter(None, row)) + "}" for row in zip(*columns, strict=True)]


def older_inputs(
    signature: Signature, recorded: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str], str] | None:
    """The canonical inputs, texts as typed and a note for a record written before revision
    0003 (see its migration), or None when its inputs are canonical already or no dialect
    reads them."""
    import json

    readings: dict[str, dict[str, Any]] = {}
    for decimal in (POINT, COMMA):
        verdicts = {s.name: read_cell(s, recorded.get(s.name), decimal) for s in signature.fields}
        if all(v.ok for v in verdicts.values()):
            readings[decimal] = {name: v.value for name, v in verdicts.items()}
    if not readings:
        return None
    decimal = POINT if POINT in readings else COMMA
    if len(readings) == 2 and readings[POINT] != readings[COMMA]:
        labelled = any(
            not is_plain(_stripped(cell_text(recorded.get(s.name)) or ""), readings[POINT][s.name])
            for s in signature.fields
            if s.categories
        )
        decimal = COMMA if labelled else POINT
    clean = readings[decimal]
    if json.dumps(clean, sort_keys=True) == json.dumps(dict(recorded), sort_keys=True):
        return None
    typed = typed_inputs(signature, recorded, clean)
    dialect = "decimal comma" if decimal == COMMA else "decimal point"
    return clean, typed, f"read by revision 0003 in the {dialect} dialect"
