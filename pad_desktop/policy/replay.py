"""Replaying logged decisions under another policy: how many each rule would change.

Reads the canonical inputs, policy inputs and scores the log keeps (through the log's public
queries) and runs the candidate policy over them, column-wise; records nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pad_desktop.policy.evaluate import evaluate
from pad_desktop.policy.model import Policy


@dataclass
class RuleReplay:
    rule: str
    outcome: str
    fired: int = 0
    changed: int = 0  # decisions whose outcome this rule would change


@dataclass
class Replay:
    count: int = 0
    changed: int = 0
    rules: list[RuleReplay] = field(default_factory=list)


def replay(policy: Policy, decisions: Iterable[Any]) -> Replay:
    """`decisions`: recorded decisions (`DecisionRecord`s). A decision changes when the new
    policy's effect (refuse, refer, none) differs from the one recorded; a rule changes it when
    it fires for it with an effect the recorded decision did not have."""
    records = [r for r in decisions if not r.inputs_erased]  # erased: nothing to replay
    result = Replay(
        count=len(records), rules=[RuleReplay(r.id, str(r.outcome)) for r in policy.rules]
    )
    if not records:
        return result
    names = {n for r in policy.rules for n in r.when.names} | {
        n for d in policy.derived for n in d.expr.names
    }
    columns: dict[str, list] = {}
    for name in names:
        values = []
        for rec in records:
            if name in rec.inputs:
                values.append(rec.inputs[name])
            else:
                given = ((rec.policy or {}).get("inputs") or {}).get(name)
                values.append(np.nan if given is None else given)
        columns[name] = values
    verdicts = evaluate(policy, columns, [rec.score for rec in records])
    old = np.array([(rec.policy or {}).get("effect") or "" for rec in records], dtype=object)
    new = np.full(len(records), "", dtype=object)
    new[verdicts.referred] = "refer"
    new[verdicts.refused] = "refuse"
    changed = new != old
    result.changed = int(changed.sum())
    for i, rule in enumerate(policy.rules):
        fired = verdicts.fired[i]
        effect = "refuse" if rule.outcome.refuses else "refer"
        result.rules[i].fired = int(fired.sum())
        result.rules[i].changed = int((fired & changed & (old != effect)).sum())
    return result
