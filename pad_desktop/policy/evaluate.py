"""Running a policy over applicants: which rules fire, and what they do to the model's decision.

Everything is column-wise: a batch chunk of 50,000 rows costs each rule a few numpy operations
(see `expressions.py`), and one applicant is a chunk of one row. The result of each row is what
its record keeps (`record_json`): the policy's id, version and hash, the policy inputs as read,
the rules fired in their order with their outcome and reasons, and the policy's effect.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from pad_desktop.decisions.records import JsonLines
from pad_desktop.policy.expressions import NUMBER, TEXT
from pad_desktop.policy.model import SCORE, Policy, Rule

REFUSE, REFER = "refuse", "refer"  # a row's effect; None: the model's decision stands
NO_POLICY_JSON = "{}"


@dataclass
class Verdicts:
    """A policy's verdict on n rows: `fired[i]` the rows rule i fired for (policy order)."""

    policy: Policy
    fired: np.ndarray  # bool [n_rules, n]
    grouped: tuple[np.ndarray, np.ndarray] | None = None  # `_groups`, once

    @property
    def refused(self) -> np.ndarray:
        rows = [f for f, r in zip(self.fired, self.policy.rules, strict=True) if r.outcome.refuses]
        return np.any(rows, axis=0) if rows else np.zeros(self.fired.shape[1], dtype=bool)

    @property
    def referred(self) -> np.ndarray:
        rows = [
            f for f, r in zip(self.fired, self.policy.rules, strict=True) if not r.outcome.refuses
        ]
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
    needed = set().union(
        *(r.when.names for r in policy.rules), *(d.expr.names for d in policy.derived)
    )
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
        if rule.outcome == "approve_only_if":  # fires when its condition does not hold
            result = ~result
        fired[i] = np.broadcast_to(result, (n,))
    return Verdicts(policy, fired)


def effect_of(verdicts: Verdicts) -> np.ndarray:
    """Per row: "refuse", "refer" or "" (the model's decision stands)."""
    out = np.full(verdicts.fired.shape[1], "", dtype=object)
    out[verdicts.referred] = REFER
    out[verdicts.refused] = REFUSE
    return out


def _groups(verdicts: Verdicts) -> tuple[np.ndarray, np.ndarray]:
    """Rows grouped by the set of rules fired: (a representative row per group, each row's
    group); a batch has a handful of groups, so per-group work is done once."""
    if verdicts.grouped is not None:
        return verdicts.grouped
    fired = verdicts.fired
    n_rules, n = fired.shape
    if n_rules <= 20:  # a code per row, counted in a table of 2**n_rules (no sort)
        codes = np.zeros(n, dtype=np.int64)
        for i in range(n_rules):
            codes |= fired[i].astype(np.int64) << i
        present = np.flatnonzero(np.bincount(codes, minlength=1 << n_rules))
        remap = np.zeros(1 << n_rules, dtype=np.int64)
        remap[present] = np.arange(len(present))
        group = remap[codes]
        first = np.empty(len(present), dtype=np.int64)
        first[group[::-1]] = np.arange(n - 1, -1, -1)  # the last write per group: its first row
    else:
        packed = np.ascontiguousarray(np.packbits(fired.T, axis=1))
        keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
        _, first, group = np.unique(keys, return_index=True, return_inverse=True)
        group = group.ravel()
    verdicts.grouped = (first, group)
    return verdicts.grouped


def verdict_dict(policy: Policy, fired: list[Rule], inputs: dict[str, Any]) -> dict[str, Any]:
    """The record's policy part of one applicant, as a dict (`verdict_of` is its JSON)."""
    refuse = any(r.outcome.refuses for r in fired)
    return {
        "effect": REFUSE if refuse else REFER if fired else None,
        "fired": [
            {"outcome": str(r.outcome), "reason": dict(r.reason), "rule": r.id} for r in fired
        ],
        "id": policy.id,
        "inputs": inputs,
        "sha256": policy.sha256,
        "version": policy.version,
    }


def verdict_of(policy: Policy, fired: list[Rule], inputs_json: str = "{}") -> str:
    """The record's policy JSON of one row (canonical: sorted keys, compact)."""
    from pad_desktop.decisions.canonical import canonical_json, json_string

    refuse = any(r.outcome.refuses for r in fired)
    effect = REFUSE if refuse else REFER if fired else None
    entries = canonical_json(
        [{"rule": r.id, "outcome": str(r.outcome), "reason": dict(r.reason)} for r in fired]
    )
    return (
        f'{{"effect":{"null" if effect is None else json_string(effect)},"fired":{entries},'
        f'"id":{json_string(policy.id)},"inputs":{inputs_json},'
        f'"sha256":{json_string(policy.sha256)},"version":{json_string(policy.version)}}}'
    )


def record_json(verdicts: Verdicts, inputs_json: list[str]) -> list[str]:
    """One canonical JSON object per row for the record's `policy` column (sorted keys, as
    `canonical_json` writes them and `db verify` reads them back), each distinct combination of
    fired rules encoded once."""
    n = verdicts.fired.shape[1]
    if n == 0:
        return []
    policy = verdicts.policy
    first, group = _groups(verdicts)
    marker = "\x00"
    heads, tail = [], ""
    for row in first:
        head, _, tail = verdict_of(policy, verdicts.rules_of(int(row)), marker).partition(marker)
        heads.append(head)
    distinct = set(inputs_json) if len(inputs_json) < 64 else None
    if distinct is not None and len(distinct) == 1:  # no policy inputs in this chunk
        (only,) = distinct
        lines = np.array([h + only + tail for h in heads], dtype=object)
        return JsonLines(lines[group].tolist(), [*heads, only, tail])
    head_of = np.array(heads, dtype=object)[group].tolist()
    rows = [f"{h}{i}{tail}" for h, i in zip(head_of, inputs_json, strict=True)]
    return JsonLines(rows, [*heads, tail, *inputs_json])


@dataclass(frozen=True)
class RowGroups:
    """A chunk's verdicts, compactly: each row's group (the set of rules fired) and, per group,
    its effect ("refuse", "refer", "") and its rules' ids (space-separated)."""

    group: np.ndarray  # int64 per row
    effects: tuple[str, ...]
    rules: tuple[str, ...]

    def take(self, keep: np.ndarray) -> RowGroups:
        return RowGroups(self.group[keep], self.effects, self.rules)

    def rules_of_rows(self) -> np.ndarray:
        return np.asarray(self.rules, dtype=object)[self.group]


def row_groups(verdicts: Verdicts) -> RowGroups:
    first, group = _groups(verdicts)
    effects, rules = [], []
    for row in first:
        fired = verdicts.rules_of(int(row))
        refuse = any(r.outcome.refuses for r in fired)
        effects.append(REFUSE if refuse else REFER if fired else "")
        rules.append(" ".join(r.id for r in fired))
    return RowGroups(group.astype(np.int64), tuple(effects), tuple(rules))


def rules_text(verdicts: Verdicts) -> list[str]:
    """Per row, the ids of the rules fired, space-separated (a results file's column)."""
    n = verdicts.fired.shape[1]
    if n == 0:
        return []
    first, group = _groups(verdicts)
    texts = np.array(
        [" ".join(r.id for r in verdicts.rules_of(int(row))) for row in first], dtype=object
    )
    return texts[group].tolist()


def evaluate_one(policy: Policy, values: Mapping[str, Any], score: float) -> list[Rule]:
    """The rules fired for one applicant (`values`: canonical inputs and policy inputs, None or
    absent when not given), in the policy's order; the same expressions on scalars."""
    env: dict[str, Any] = dict(policy.constants)
    for name, kind in policy.reads:
        value = values.get(name)
        if kind == NUMBER:
            env[name] = math.nan if value is None else float(value)
        else:
            env[name] = value
    env[SCORE] = float(score)
    for derived in policy.derived:
        env[derived.name] = derived.expr.run(env)
    fired = []
    for rule in policy.rules:
        holds = bool(rule.when.run(env))
        if holds != (rule.outcome == "approve_only_if"):
            fired.append(rule)
    return fired
