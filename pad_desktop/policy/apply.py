"""The policy around the model's decision, for one applicant or a chunk of rows.

The decision service calls these after scoring: the policy inputs are read with the same value
table as the model's fields (`values.read_cell`, the same words for the same mistakes), the
rules run over the canonical inputs, the policy inputs and the score, and the outcome is
- refused by the policy when a `refuse` rule fires or an `approve_only_if` condition fails,
- the model's decision, referred to a person, when only `refer` rules fire,
- the model's decision otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from pad_desktop.cells.messages import field_message
from pad_desktop.cells.values import read_cell
from pad_desktop.decisions.records import Outcome
from pad_desktop.model.signature import ApplicantError, FieldError
from pad_desktop.policy.evaluate import Verdicts, evaluate, evaluate_one, verdict_dict
from pad_desktop.policy.model import Policy


def read_inputs(
    policy: Policy, values: Mapping[str, Any], decimal: str = ".", lang: str = "en"
) -> dict[str, float | None]:
    """One applicant's policy inputs (None: not given); `ApplicantError` for a bad cell."""
    read, errors = {}, []
    plain = _PLAIN_ONE.get(decimal, _PLAIN_ONE["."])
    for spec in policy.inputs:
        raw = values.get(spec.name)
        if type(raw) is str and plain.fullmatch(raw):  # a plain number reads as it is written
            number = float(raw.replace(",", "."))
            low, high = spec.minimum, spec.maximum
            if (low is None or number >= low) and (high is None or number <= high):
                read[spec.name] = number
                continue
        verdict = read_cell(spec, raw, decimal)
        if verdict.ok:
            read[spec.name] = None if verdict.value is None else float(verdict.value)
        else:
            message = field_message(spec, verdict.rule, verdict.text, lang)
            errors.append(FieldError(spec.name, verdict.text, verdict.rule, message))
    if errors:
        raise ApplicantError(errors)
    return read


def _inputs_json(read: Mapping[str, float | None]) -> str:
    from pad_desktop.decisions.canonical import canonical_json

    return canonical_json(dict(read))


def apply_one(
    policy: Policy,
    inputs: Mapping[str, Any],
    policy_inputs: Mapping[str, float | None],
    score: float,
    decision: Outcome,
) -> tuple[Outcome, dict[str, Any]]:
    """The decision after the policy, and the policy's part of the record."""
    fired = evaluate_one(policy, {**inputs, **policy_inputs}, score)
    if any(rule.outcome.refuses for rule in fired):
        decision = Outcome.REFUSED
    return decision, verdict_dict(policy, fired, dict(policy_inputs))


# A number with nothing to interpret: digits, and a decimal mark of the dialect's own ("," in
# the French dialect: there a "." may be a thousands separator, "1.234" is 1234, so any "."
# goes through the value table).
_PLAIN_ONE = {
    ".": re.compile(r"[+-]?[0-9]{1,15}(\.[0-9]{1,15})?"),
    ",": re.compile(r"[+-]?[0-9]{1,15}(,[0-9]{1,15})?"),
}


def _plain_numbers(texts: Any, decimal: str) -> tuple[np.ndarray, np.ndarray]:
    """(values, read) of an Arrow string column: the cells Arrow's own number parser reads the
    way the value table does, all at once; `read` is False where the value table must look."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(texts)
    other = "." if decimal == "," else ","
    # A cell with the other mark goes to the value table ("1.234" is 1234 in French).
    suspect = pc.fill_null(pc.match_substring(texts, other), True).to_numpy(zero_copy_only=False)
    candidates = _comma_to_point(texts) if decimal == "," else texts
    try:
        values = np.array(pc.cast(candidates, pa.float64()).to_numpy(zero_copy_only=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # a word somewhere: cell by cell
        return np.full(n, np.nan), np.zeros(n, dtype=bool)
    read = np.isfinite(values) & ~suspect  # "nan", "inf": the value table's to word
    return values, read


def _comma_to_point(texts: Any) -> Any:
    """An Arrow string column with every "," a "." (one byte each in UTF-8, never part of
    another character's bytes: replaced in the data buffer, without a per-cell copy)."""
    import pyarrow as pa

    texts = texts.cast(pa.string())
    validity, offsets, data = texts.buffers()
    if data is None:
        return texts
    raw = np.frombuffer(data, dtype=np.uint8).copy()
    raw[raw == ord(",")] = ord(".")
    return pa.StringArray.from_buffers(
        len(texts), offsets, pa.py_buffer(raw), validity, texts.null_count, texts.offset
    )


def read_input_columns(
    policy: Policy, cells: Mapping[str, Any], n: int, decimal: str
) -> dict[str, np.ndarray]:
    """The policy inputs of n rows from their cells (a name absent: not given). A column of
    plain numbers ("2450,50", "610") is read by Arrow at once; any other text goes through the
    value table one distinct text at a time (`values.verdicts_of`), which reads a plain number
    the same way. A cell the table refuses counts as not given (a batch row is not lost for a
    policy input)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from pad_desktop.cells.values import verdicts_of

    columns = {}
    for spec in policy.inputs:
        raw = cells.get(spec.name)
        if raw is None:
            continue
        if isinstance(raw, pa.ChunkedArray):
            raw = raw.combine_chunks()
        texts = (
            raw.cast(pa.string())
            if isinstance(raw, pa.Array)
            else pa.array([None if v is None or v != v else str(v) for v in raw], pa.string())
        )
        values, read = _plain_numbers(texts, decimal)
        other = ~read & pc.is_valid(texts).to_numpy(zero_copy_only=False)
        if other.any():
            codes, _, verdicts = verdicts_of(spec, pc.filter(texts, pa.array(other)), decimal)
            table = [float(v.value) if v.ok and v.value is not None else np.nan for v in verdicts]
            values[other] = np.asarray([*table, np.nan], dtype=np.float64)[codes]
        values[~read & ~other] = np.nan
        low, high = spec.minimum, spec.maximum
        with np.errstate(invalid="ignore"):
            outside = np.zeros(len(values), dtype=bool)
            if low is not None:
                outside |= values < low
            if high is not None:
                outside |= values > high
        values[outside] = np.nan
        columns[spec.name] = values
    return columns


def apply_frame(
    policy: Policy,
    inputs: Mapping[str, Any],
    policy_columns: Mapping[str, np.ndarray],
    scores: np.ndarray,
    decisions: np.ndarray,
) -> tuple[np.ndarray, Verdicts]:
    """A chunk's decisions after the policy, and the policy's verdicts (`record_json`,
    `rules_text`, `effect_of` turn them into the record's and the file's columns).
    `inputs`: the model's fields the policy reads, canonical values, one per row."""
    columns: dict[str, Any] = dict(inputs)
    columns.update(policy_columns)
    verdicts = evaluate(policy, columns, scores)
    out = np.asarray(decisions)
    refused = verdicts.refused
    if refused.any():
        out = out.copy()
        out[refused] = Outcome.REFUSED
    return out, verdicts


def policy_inputs_json(policy_columns: Mapping[str, np.ndarray], n: int) -> list[str]:
    """Each row's policy inputs as canonical JSON ("{}" when the file has none): the text
    `canonical_json` writes for the same dict, built column-wise (every value is a float or
    not given; a batch's incomes are all distinct, so encoding distinct values once does not
    help: this was half the policy's cost on a recorded batch)."""
    if not policy_columns:
        return ["{}"] * n
    from pad_desktop.decisions.canonical import json_string

    members = []
    for name in sorted(policy_columns):
        key = json_string(name) + ":"
        members.append([key + text for text in number_texts(policy_columns[name])])
    return ["{" + ",".join(row) + "}" for row in zip(*members, strict=True)]


def number_texts(values: np.ndarray) -> list[str]:
    """`canonical_json` of each float of a column (NaN: null), with `repr` doing the common
    case and `canonical_float`'s exceptions (zero, exponent of a whole number) fixed after."""
    from pad_desktop.decisions.canonical import canonical_float

    values = np.asarray(values, dtype=np.float64)
    texts = list(map(repr, values.tolist()))
    with np.errstate(invalid="ignore"):
        # repr writes an exponent from 1e16 up (and below 1e-4, which canonical_float keeps)
        odd = ~np.isfinite(values) | (values == 0) | (np.abs(values) >= 1e16)
    for i in np.flatnonzero(odd).tolist():
        value = float(values[i])
        texts[i] = canonical_float(value) if np.isfinite(value) else "null"
    return texts
