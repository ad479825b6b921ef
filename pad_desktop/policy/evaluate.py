"""Running a policy over applicants: which rules fire, and what they do to the model's decision.

Everything is column-wise: a batch chunk of 50,000 rows costs each rule a few numpy operations
(see `expressions.py`), and one applicant is a chunk of one row. The result of each row is what
its record keeps (`record_json`): the policy's id, version and hash, the policy inputs as read,
the rules fired in their order with their outcome and reasons, and the policy's effect.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from pad_desktop.policy.expressions import NUMBER, TEXT
from pad_desktop.policy.model import SCORE, Policy, Rule

REFUSE, REFER = "refuse", "refer"  # a row's effect; None: the model's decision stands
NO_POLICY_JSON = "{}"


@dataclass
class Verdicts:
    """A policy's verdict on n rows: `fired[i]` the rows rule i fired for (policy order)."""

    policy: Policy
    fired: np.ndarray  # bool [n_rules, n]

    @property
    def refused(self) -> np.ndarray:
        rows = [f for f, r in zip(self.fired, self.policy.rules, strict=True) if r.outcome.refuses]
        return np.any(rows, axis=0) if rows else np.zeros(self.fired.shape[1], dtype=bool)

    @property
    def referred(self) -> np.ndarray:
        rows = [f for f, r in zip(self.fired, self.policy.rules, strict=True) if not r.outcome.refuses]
        refer = np.any(rows, axis=0) if rows else np.zeros(self.fired.shape[1], dtype=bool)
        return refer & ~self.refused

    def rules_of(self, row: int) -> list[Rule]:
        return [r for r, f in zip(self.policy.rules, self.fired[:, row], strict=True) if f]


def _column(values: Any, kind: str) -> np.ndarray:
    """A column as the expressions read it: float64 with NaN, or objects with None."""
    if kind == NUMBER:
        try:
            return np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError):
            return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    array = np.array(values, dtype=object)
    if kind == TEXT and array.size:
        import pandas as pd

        array[pd.isna(array)] = None  # pandas' NaN for an empty category
    return array


def evaluate(
    policy: Policy,
    columns: Mapping[str, Any],
    scores: Any,
) -> Verdicts:
    """Run `policy` over n rows: `columns` maps the model's fields (canonical values) and the
    policy inputs (floats, NaN when not given) to one value per row; `scores` the model's
    probabilities."""
    scores = np.asarray(scores, dtype=np.float64)
    n = len(scores)
    env: dict[str, Any] = dict(policy.constants)
    env[SCORE] = scores
    needed = set().union(*(r.when.names for r in policy.rules), *(d.expr.names for d in policy.derived))
    for name in needed:
        if name in env or name in {d.name for d in policy.derived}:
            continue
        kind = policy.variables[name].kind
        if name in columns:
            env[name] = _column(columns[name], kind)
        else:  # a policy input not given: missing on every row
            env[name] = np.full(n, np.nan) if kind == NUMBER else np.full(n, None, dtype=object)
    for derived in policy.derived:
        env[derived.name] = derived.expr.run(env)
    fired = np.zeros((len(policy.rules), n), dtype=bool)
    for i, rule in enumerate(policy.rules):
        result = np.asarray(rule.when.run(env), dtype=bool)
        if rule.outcome.refuses and rule.outcome != "refuse":  # approve_only_if: fires when false
            result = ~result
        fired[i] = np.broadcast_to(result, (n,))
    return Verdicts(policy, fired)


def effect_of(verdicts: Verdicts) -> np.ndarray:
    """Per row: "refuse", "refer" or "" (the model's decision stands)."""
    out = np.full(verdicts.fired.shape[1], "", dtype=object)
    out[verdicts.referred] = REFER
    out[verdicts.refused] = REFUSE
    return out


def _fired_json(policy: Policy, mask_row: np.ndarray) -> str:
    from pad_desktop.decisions.canonical import canonical_json

    fired = [
        {"rule": r.id, "outcome": str(r.outcome), "reason": dict(r.reason)}
        for r, f in zip(policy.rules, mask_row, strict=True)
        if f
    ]
    return canonical_json(fired)


def record_json(verdicts: Verdicts, inputs_json: list[str]) -> list[str]:
    """One canonical JSON object per row for the record's `policy` column, encoding each
    distinct combination of fired rules once."""
    from pad_desktop.decisions.canonical import json_string

    policy = verdicts.policy
    n = verdicts.fired.shape[1]
    head = (
        f'{{"id":{json_string(policy.id)},"version":{json_string(policy.version)},'
        f'"sha256":{json_string(policy.sha256)},'
    )
    if n == 0:
        return []
    fired = verdicts.fired.T
    if len(policy.rules) <= 62:
        weights = np.left_shift(np.int64(1), np.arange(len(policy.rules), dtype=np.int64))
        codes = fired.astype(np.int64) @ weights if len(policy.rules) else np.zeros(n, np.int64)
    else:
        packed = np.ascontiguousarray(np.packbits(fired, axis=1))
        codes = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    uniques, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    effects = effect_of(verdicts)
    tails = np.empty(len(uniques), dtype=object)
    for k, row in enumerate(first):
        effect = "null" if not effects[row] else json_string(effects[row])
        fired_text = _fired_json(policy, verdicts.fired[:, row])
        tails[k] = f',"fired":{fired_text},"effect":{effect}}}'
    head += '"inputs":'
    return [f"{head}{i}{t}" for i, t in zip(inputs_json, tails[inverse.ravel()].tolist(), strict=True)]
