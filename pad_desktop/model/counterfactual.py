"""The smallest change of an applicant's actionable fields that turns a refusal into an approval.

The fields and their allowed ranges are the bundle's (`Bundle.actionable`): a number may move
`down`, `up` or either way (`any`) within `[min, max]` (and the field's own range); a category
may become one of `to`. "Smallest" is ordered: first the fewest fields changed, then the
smallest normalised distance (`|new - old| / std` per number over the reference sample, 1 per
changed category, the neighbours' scale), then the lowest probability.

Candidates. Trees compare each field with fixed borders, so the model is constant between two
consecutive borders: for a number, the values worth trying are, for each border inside the
allowed range, the nearest value on each side of it (for integers `floor(b)` and
`floor(b) + 1`, as the graph compares `x > b`). Searching them is exact: no value in between
gives another score, so no smaller change on the same fields crosses the threshold. A graph
without readable borders (foreign models) gets a grid of reference quantiles instead.

Search: for k = 1, 2, ... fields, every combination of k actionable fields and every product
of their candidates, scored in batched ONNX Runtime calls; the first k with an approval wins.
The winner is re-scored through `Scorer.score` (validation included) to prove it.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from pad_desktop.cells.field_specs import FieldSpec, Kind
from pad_desktop.decisions.records import Outcome
from pad_desktop.texts import text

if TYPE_CHECKING:
    from pad_desktop.model.scoring import Scorer

MAX_ROWS = 400_000  # candidate rows scored per combination at most (longest lists thinned)
BATCH_ROWS = 100_000
QUANTILE_GRID = 40


@dataclass(frozen=True)
class Counterfactual:
    """`changes`: field -> (current value, proposed value); None when no change within the
    allowed ranges crosses the threshold (`message` then says so)."""

    changes: dict[str, tuple[Any, Any]] | None
    probability: float  # the re-scored P(default) with the changes (current one if none)
    outcome: Outcome
    distance: float = 0.0
    message: str = ""


class Reference(Protocol):
    """What the search reads of the reference sample (`explain.Population` holds it)."""

    matrix: np.ndarray  # the reference applicants' encoded inputs
    borders: dict[int, np.ndarray]  # per field, the model's split points
    inverse_spread: np.ndarray  # per field, 1 / its spread: the cost of one unit of change


def candidates(
    spec: FieldSpec,
    rule: dict[str, Any],
    current: float,
    borders: np.ndarray | None,
    reference: np.ndarray,
) -> np.ndarray:
    """The encoded values field `spec` may take instead of `current` (see the module doc)."""
    if spec.kind is Kind.CATEGORY:
        allowed = [spec.code_map[c] for c in rule.get("to", spec.categories) if c in spec.code_map]
        values = np.float32(allowed).astype(np.float64)
        return values[values != current]
    if spec.kind is Kind.BOOLEAN:
        return np.array([v for v in (0.0, 1.0) if v != current])
    low = max(_number(rule.get("min"), -math.inf), _number(spec.minimum, -math.inf))
    high = min(_number(rule.get("max"), math.inf), _number(spec.maximum, math.inf))
    direction = rule.get("direction", "any")
    if not math.isfinite(current):
        return np.zeros(0)
    if direction == "down":
        high = min(high, current)
    elif direction == "up":
        low = max(low, current)
    if borders is not None and len(borders):
        if spec.kind is Kind.INTEGER:
            below = np.floor(borders)
            above = below + 1
        else:
            below = borders
            above = np.nextafter(borders.astype(np.float32), np.float32(np.inf)).astype(np.float64)
        values = np.concatenate([below, above])
    else:
        known = reference[np.isfinite(reference)]
        values = np.quantile(known, np.linspace(0, 1, QUANTILE_GRID)) if len(known) else []
        values = np.asarray(values, dtype=np.float64)
        if spec.kind is Kind.INTEGER:
            values = np.round(values)
        values = np.concatenate([values, [low, high]])
    values = np.unique(values[(values >= low) & (values <= high) & np.isfinite(values)])
    return values[values != current]


def _number(value: Any, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def search(
    scorer: Scorer, clean: dict[str, Any], row: np.ndarray, pop: Reference, lang: str = "en"
) -> Counterfactual:
    """The smallest approving change of a refused applicant's actionable fields (module doc)."""
    signature = scorer.signature
    threshold = scorer.threshold
    probability = float(scorer.predict(row[None, :]).probabilities[0])
    index = {name: j for j, name in enumerate(signature.names)}
    fields, options, costs = [], [], []
    for rule in scorer.bundle.actionable:
        j = index[rule["name"]]
        spec = signature.fields[j]
        values = candidates(
            spec, rule, float(row[j]), pop.borders.get(j), pop.matrix[:, j].astype(np.float64)
        )
        if not len(values):
            continue
        if spec.kind in (Kind.NUMBER, Kind.INTEGER):
            cost = np.abs(values - float(row[j])) * float(pop.inverse_spread[j])
        else:
            cost = np.ones(len(values))
        fields.append(j)
        options.append(values)
        costs.append(cost)
    language = "fr" if lang == "fr" else "en"
    if not fields:
        message = text("explain.nothing_actionable", language)
        return Counterfactual(None, probability, Outcome.REFUSED, message=message)
    for k in range(1, len(fields) + 1):
        best: tuple[float, float, tuple[int, ...], np.ndarray] | None = None
        for combo in itertools.combinations(range(len(fields)), k):
            values, cost = _grid([options[c] for c in combo], [costs[c] for c in combo])
            matrix = np.repeat(row[None, :], len(values), axis=0)
            for i, c in enumerate(combo):
                matrix[:, fields[c]] = values[:, i]
            # the grid needs no reasons: the probability graph (`Scorer.probabilities`)
            probs = np.concatenate(
                [
                    scorer.probabilities(matrix[s : s + BATCH_ROWS])
                    for s in range(0, len(matrix), BATCH_ROWS)
                ]
            )
            hits = np.flatnonzero((probs >= 0.0) & (probs < threshold))  # -1.0 approves no one
            if not len(hits):
                continue
            # smallest distance, then lowest probability; ties keep the first (stable) order
            winner = hits[np.lexsort((probs[hits], cost[hits]))[0]]
            candidate = (float(cost[winner]), float(probs[winner]), combo, values[winner])
            if best is None or candidate[:2] < best[:2]:
                best = candidate
        if best is not None:
            return _proved(scorer, clean, [fields[c] for c in best[2]], best[3], best[0], lang)
    names = ", ".join(signature.fields[j].label_in(language) for j in fields)
    message = text("explain.no_change", language, fields=names)
    return Counterfactual(None, probability, Outcome.REFUSED, message=message)


def _grid(options: list[np.ndarray], costs: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Every combination of the options ([rows, k]) and its summed cost; lists thinned evenly
    (keeping the cheapest end) when the product would pass MAX_ROWS."""
    options, costs = list(options), list(costs)
    while math.prod(len(o) for o in options) > MAX_ROWS:
        longest = max(range(len(options)), key=lambda i: len(options[i]))
        keep = np.argsort(costs[longest], kind="stable")[::2]
        options[longest], costs[longest] = options[longest][keep], costs[longest][keep]
    mesh = np.meshgrid(*options, indexing="ij")
    values = np.stack([m.reshape(-1) for m in mesh], axis=1)
    cost_mesh = np.meshgrid(*costs, indexing="ij")
    return values, np.sum([m.reshape(-1) for m in cost_mesh], axis=0)


def _proved(
    scorer: Scorer,
    clean: dict[str, Any],
    fields: list[int],
    values: np.ndarray,
    distance: float,
    lang: str,
) -> Counterfactual:
    """Apply the change to the applicant's clean values and score them again, validation
    included: the counterfactual shown is what the model says of it, not what the grid said."""
    signature = scorer.signature
    changed = dict(clean)
    changes: dict[str, tuple[Any, Any]] = {}
    for j, value in zip(fields, values.tolist(), strict=True):
        spec = signature.fields[j]
        new = _raw(spec, value)
        changes[spec.name] = (clean.get(spec.name), new)
        changed[spec.name] = new
    result = scorer.score(changed, lang=lang)
    return Counterfactual(changes, result.probability, result.decision, distance)


def _raw(spec: FieldSpec, encoded: float) -> Any:
    """An encoded candidate back in the applicant's terms."""
    if spec.kind is Kind.CATEGORY:
        return spec.label_map[float(np.float32(encoded))]
    if spec.kind is Kind.BOOLEAN:
        return bool(encoded)
    if spec.kind is Kind.INTEGER:
        return int(encoded)
    return float(encoded)
