"""The policy around the model's decision, for one applicant or a chunk of rows.

The decision service calls these after scoring: the policy inputs are read with the same value
table as the model's fields (`values.read_cell`, the same words for the same mistakes), the
rules run over the canonical inputs, the policy inputs and the score, and the outcome is
- refused by the policy when a `refuse` rule fires or an `approve_only_if` condition fails,
- the model's decision, referred to a person, when only `refer` rules fire,
- the model's decision otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import numpy as np

from pad_desktop.policy.evaluate import evaluate, record_json
from pad_desktop.policy.model import Policy
from pad_desktop.records import Outcome


def read_inputs(policy: Policy, values: Mapping[str, Any], decimal: str = ".", lang: str = "en") -> dict[str, float | None]:
    """One applicant's policy inputs (None: not given); `ApplicantError` for a bad cell."""
    from pad_desktop.signature import ApplicantError, FieldError
    from pad_desktop.values import read_cell

    read, errors = {}, []
    for spec in policy.inputs:
        verdict = read_cell(spec, values.get(spec.name), decimal)
        if verdict.ok:
            read[spec.name] = None if verdict.value is None else float(verdict.value)
        else:
            message = spec.message(verdict.rule, verdict.text, lang)
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
    columns: dict[str, Any] = {name: [value] for name, value in inputs.items()}
    for name, value in policy_inputs.items():
        columns[name] = [np.nan if value is None else value]
    verdicts = evaluate(policy, columns, [score])
    record = json.loads(record_json(verdicts, [_inputs_json(policy_inputs)])[0])
    if verdicts.refused[0]:
        decision = Outcome.REFUSED
    return decision, record


def read_input_columns(policy: Policy, cells: Mapping[str, Any], n: int, decimal: str) -> dict[str, np.ndarray]:
    """The policy inputs of n rows from their cells (a name absent: not given). A cell the value
    table refuses counts as not given; its text is kept in the record's `inputs_as_typed`."""
    from pad_desktop.values import verdicts_of

    columns = {}
    for spec in policy.inputs:
        raw = cells.get(spec.name)
        if raw is None:
            continue
        codes, _, verdicts = verdicts_of(spec, raw, decimal)
        table = [float(v.value) if v.ok and v.value is not None else np.nan for v in verdicts]
        columns[spec.name] = np.asarray(table + [np.nan], dtype=np.float64)[codes]
    return columns


def apply_frame(
    policy: Policy,
    inputs: Any,
    policy_columns: Mapping[str, np.ndarray],
    scores: np.ndarray,
    decisions: np.ndarray,
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """A chunk's decisions after the policy, the records' policy JSON per row, and the effect
    per row ("refuse", "refer" or "")."""
    from pad_desktop.decisions.encode import frame_json_lines
    from pad_desktop.policy.evaluate import effect_of

    n = len(scores)
    columns: dict[str, Any] = {name: inputs[name].to_numpy() for name in inputs.columns}
    columns.update(policy_columns)
    verdicts = evaluate(policy, columns, scores)
    if policy_columns:
        import pandas as pd

        frame = pd.DataFrame({k: v for k, v in policy_columns.items()})
        lines = frame_json_lines(frame)
    else:
        lines = ["{}"] * n
    policy_json = record_json(verdicts, lines)
    out = np.asarray(decisions).copy()
    refused = verdicts.refused
    if refused.any():
        out = out.astype(object)
        out[refused] = Outcome.REFUSED.value if out.dtype == object else Outcome.REFUSED
    return out, policy_json, effect_of(verdicts)
