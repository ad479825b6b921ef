"""`policy check`: what a policy that loads may still get wrong, found by probing it.

A policy that builds (`model.build_policy`) has no unknown name and no type error. This looks
for rules that can never fire for an applicant the value table accepts (unreachable), rules
that fire for everyone, and refer rules that a refuse rule always overrides (contradictory in
effect): by running every rule over a grid of probe applicants, built from each field's range
edges, the numbers the rules compare with (and their neighbours), and every category.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

from pad_desktop.policy.evaluate import evaluate
from pad_desktop.policy.expressions import NUMBER, TEXT
from pad_desktop.policy.model import SCORE, Policy
from pad_desktop.policy.texts import word

if TYPE_CHECKING:
    from pad_desktop.model.signature import Signature

MAX_PROBES = 200_000


def _probe_values(policy: Policy, signature: Signature, name: str) -> list:
    variable = policy.variables[name]
    if variable.kind == TEXT:
        return [*variable.categories, None]
    if variable.kind != NUMBER:
        return [True, False]
    widened = policy.widen(signature)
    spec = next((s for s in (*widened.fields, *policy.inputs) if s.name == name), None)
    low, high = (0.0, 1.0) if name == SCORE else (None, None)
    if spec is not None:
        low, high = spec.minimum, spec.maximum
    literals = {v for r in policy.rules for v in r.when.literals}
    literals |= set(policy.constants.values())
    if name in policy.accepts:  # both sides of the model's own edges
        model = signature[name]
        literals |= {v for v in (model.minimum, model.maximum) if v is not None}
    points = {p for v in literals for p in (v - 1, v, v + 1, v * 1.01, v * 0.99)}
    points |= {p for p in (low, high) if p is not None}
    if low is not None:
        points = {p for p in points if p >= low}
    if high is not None:
        points = {p for p in points if p <= high}
    if spec is not None and not spec.required:
        points.add(float("nan"))
    return sorted(points, key=lambda p: (p != p, p))


def check_policy(policy: Policy, signature: Signature, lang: str = "en") -> list[str]:
    """The problems found (one sentence each, in `lang`); empty: none."""
    derived = {d.name for d in policy.derived}
    names = sorted(
        n
        for r in policy.rules
        for n in _reads(policy, r.when.names, derived)
        if n not in policy.constants
    )
    names = sorted(set(names))
    grids = [_probe_values(policy, signature, n) for n in names]
    while int(np.prod([len(g) for g in grids], dtype=np.float64)) > MAX_PROBES:
        longest = max(range(len(grids)), key=lambda i: len(grids[i]))
        grids[longest] = grids[longest][::2] if len(grids[longest]) > 2 else grids[longest]
        if all(len(g) <= 2 for g in grids):
            break
    rows = list(itertools.product(*grids)) if names else [()]
    columns = {n: [row[i] for row in rows] for i, n in enumerate(names)}
    scores = columns.pop(SCORE, [0.5] * len(rows))
    verdicts = evaluate(policy, columns, scores)
    problems = _uncovered(policy, signature, names, columns, verdicts.refused, lang)
    for i, rule in enumerate(policy.rules):
        fired = verdicts.fired[i]
        if not fired.any():
            problems.append(word("check_unreachable", lang, rule=rule.id))
        elif fired.all():
            problems.append(word("check_always", lang, rule=rule.id))
        elif not rule.outcome.refuses:
            for j, other in enumerate(policy.rules):
                if other.outcome.refuses and verdicts.fired[j][fired].all():
                    outcome = word("outcome_" + str(rule.outcome), lang)
                    problems.append(
                        word("check_shadowed", lang, rule=rule.id, outcome=outcome, by=other.id)
                    )
                    break
    return problems


def _uncovered(policy, signature, names, columns, refused, lang: str) -> list[str]:
    """The widened ranges (`accepts`) where a value outside the model's own range is not always
    refused: there the model would decide on values it never saw."""
    problems = []
    for name in policy.accepts:
        model = signature[name]
        if name not in names:
            problems.append(word("check_uncovered", lang, field=name))
            continue
        values = np.asarray(columns[name], dtype=np.float64)
        outside = np.zeros(len(values), dtype=bool)
        if model.minimum is not None:
            outside |= values < model.minimum
        if model.maximum is not None:
            outside |= values > model.maximum
        if not outside.any() or not refused[outside].all():
            problems.append(word("check_uncovered", lang, field=name))
    return problems


def uncovered_fields(policy: Policy, signature: Signature) -> list[str]:
    """Widened fields (`accepts`) not refused, outside the model's range, by a refuse rule that
    reads that field alone: the cheap proof made whenever a policy is loaded (`policy check`
    probes combinations too)."""
    from pad_desktop.policy.model import Outcome

    derived = {d.name for d in policy.derived}
    missing = []
    for name, (low, high) in policy.accepts.items():
        model = signature[name]
        alone = [
            i
            for i, r in enumerate(policy.rules)
            if r.outcome is Outcome.REFUSE
            and _reads(policy, r.when.names, derived) - set(policy.constants) <= {name}
        ]
        probes: set[float] = set()
        literals = {v for r in policy.rules for v in r.when.literals} | set(
            policy.constants.values()
        )
        if model.minimum is not None and low is not None and low < model.minimum:
            edge = model.minimum
            floor = low
            probes |= {floor, edge - 1, edge - 0.5, (floor + edge) / 2}
            probes |= {v - d for v in literals for d in (0, 0.5, 1) if floor <= v - d < edge}
        if model.maximum is not None and high is not None and high > model.maximum:
            edge = model.maximum
            ceiling = high
            probes |= {ceiling, edge + 1, edge + 0.5, (ceiling + edge) / 2}
            probes |= {v + d for v in literals for d in (0, 0.5, 1) if edge < v + d <= ceiling}
        probes = {
            p
            for p in probes
            if (model.minimum is not None and p < model.minimum)
            or (model.maximum is not None and p > model.maximum)
        }
        if not probes:
            continue
        values = sorted(probes)
        verdicts = evaluate(policy, {name: values}, [0.0] * len(values))
        refused = np.zeros(len(values), dtype=bool)
        for i in alone:
            refused |= verdicts.fired[i]
        if not refused.all():
            missing.append(name)
    return missing


def has_errors(problems: list[str], lang: str = "en") -> bool:
    """Whether `problems` include an uncovered range (an error, not a warning)."""
    marker = word("check_uncovered", lang, field="\0").split("\0")[0]
    return any(p.startswith(marker) for p in problems)


def _reads(policy: Policy, names: frozenset[str], derived: set[str]) -> set[str]:
    """The inputs a set of names reads, derived values followed to what they read."""
    out: set[str] = set()
    for name in names:
        if name in derived:
            expr = next(d.expr for d in policy.derived if d.name == name)
            out |= _reads(policy, expr.names, derived)
        else:
            out.add(name)
    return out
