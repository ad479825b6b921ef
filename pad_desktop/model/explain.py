"""One applicant's decision explained: contributions, standing in the population, similar
applicants and the smallest change that would turn a refusal into an approval.

Everything here is core (no Qt, no FastAPI); the form, the CLI (`pad-desktop explain`) and the
API (`POST /explain`) show the same `Explanation`.

Definitions (the ones the faces and the tests rely on):

- **contributions**: per field, in log-odds of default. For our tree bundles they are the exact
  path-dependent TreeSHAP values tabled in the ONNX graph (`trees.shap_tables`): they add up,
  with `base_log_odds`, to the applicant's log-odds (`exact=True`). For a foreign model without
  a `contributions` output they are occlusion differences `logit p - logit p(field at the
  reference median or mode)`, which do not add up (`exact=False`). Sorted by |value|, largest
  first.
- **standing**: for numbers, `percentile` is the mid-rank of the applicant's value among the
  reference applicants (share below + half the share equal, 0..100); for categories and flags it
  is the share of reference applicants in the same category. `good`/`bad` count the reference
  applicants who repaid / defaulted per bin (`bins_labels`; `edges` are the numeric bin edges,
  empty for categories).
- **neighbours**: the five reference applicants nearest by the distance
  `sum over numeric fields |a - b| / std(field)` + `number of categories that differ`
  (encoded values, reference standard deviation; a constant field counts 0).
- **counterfactual** (refused applicants only): over the bundle's actionable fields
  (`metadata.pad_desktop.actionable`), the change with the fewest fields changed, then the
  smallest normalised distance (same scale as the neighbours' distance), that the model scores
  below the threshold; see `counterfactual.search`. None for an approved applicant.
- **review band**: `|p - threshold| <= band` (band from Settings.review_band, else the bundle's
  `review_band`, else 0) means "refer for review".
"""

from __future__ import annotations

import itertools
import math
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from pad_desktop.cells.field_specs import FieldSpec, Kind
from pad_desktop.decisions.records import Outcome
from pad_desktop.model.counterfactual import Counterfactual
from pad_desktop.model.reasons import reference_baseline
from pad_desktop.texts.locale_text import format_number

if TYPE_CHECKING:
    from pad_desktop.model.scoring import Scorer

N_NEIGHBOURS = 5


@dataclass(frozen=True)
class Contribution:
    name: str
    label: str
    value_text: str
    log_odds: float


@dataclass(frozen=True)
class Standing:
    """Where the applicant's value of one field stands among the reference applicants."""

    name: str
    label: str
    value_text: str
    percentile: float  # 0..100, see the module docstring
    edges: list[float]  # numeric bin edges (len(bins) + 1), empty for categories
    good: list[int]  # reference applicants who repaid, per bin
    bad: list[int]  # reference applicants who defaulted, per bin
    bins_labels: list[str]


@dataclass(frozen=True)
class Neighbour:
    values: dict[str, Any]  # raw values as in the reference sample
    probability: float  # the model's P(default) for them
    defaulted: bool  # their true outcome
    distance: float


@dataclass(frozen=True)
class Explanation:
    base_log_odds: float
    base_probability: float
    probability: float
    threshold: float
    outcome: Outcome
    in_review_band: bool
    contributions: list[Contribution]  # every field, signed, largest |value| first
    standings: list[Standing]  # same order as contributions
    neighbours: list[Neighbour]
    counterfactual: Counterfactual | None
    exact: bool = True  # contributions + base == log-odds (tree SHAP tables)
    review_band: float = 0.0
    inputs: dict[str, Any] = field(default_factory=dict)
    # The lending policy's verdict on these inputs (`policy.evaluate`), None without a policy;
    # `outcome` stays the model's: the faces show the policy's reasons first.
    policy: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types; contributions keyed by the field's own name (CLI --json, API).
        With a lending policy, its verdict ("policy") beside the model's fields."""
        out = self._model_json()
        if self.policy:
            out["policy"] = self.policy
        return out

    def _model_json(self) -> dict[str, Any]:
        cf = self.counterfactual
        return {
            "probability": self.probability,
            "threshold": self.threshold,
            "decision": self.outcome.value,
            "in_review_band": self.in_review_band,
            "review_band": self.review_band,
            "base_log_odds": self.base_log_odds,
            "base_probability": self.base_probability,
            "exact": self.exact,
            "contributions": {c.name: c.log_odds for c in self.contributions},
            "fields": {
                c.name: {"label": c.label, "value": c.value_text} for c in self.contributions
            },
            "standings": {
                s.name: {
                    "percentile": s.percentile,
                    "edges": s.edges,
                    "bins": s.bins_labels,
                    "good": s.good,
                    "bad": s.bad,
                }
                for s in self.standings
            },
            "neighbours": [
                {
                    "values": _plain(n.values),
                    "probability": n.probability,
                    "defaulted": n.defaulted,
                    "distance": n.distance,
                }
                for n in self.neighbours
            ],
            "counterfactual": None
            if cf is None
            else {
                "changes": None
                if cf.changes is None
                else {k: {"from": _plain(a), "to": _plain(b)} for k, (a, b) in cf.changes.items()},
                "probability": cf.probability,
                "decision": cf.outcome.value,
                "distance": cf.distance,
                "message": cf.message,
            },
        }


def _plain(value: Any) -> Any:
    """numpy scalars and containers -> JSON-ready Python values (NaN -> None)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# --------------------------------------------------------------------------- the reference


class Population:
    """What explanations need from a bundle's reference sample, computed once per scorer."""

    def __init__(self, scorer: Scorer) -> None:
        signature = scorer.signature
        bundle = scorer.bundle
        frame = bundle.reference()
        self.matrix = np.zeros((0, len(signature.fields)), dtype=np.float32)
        self.raw = pd.DataFrame(columns=signature.names)
        self.defaulted: np.ndarray | None = None
        self.probabilities = np.zeros(0)
        if frame is not None and set(signature.names) <= set(frame.columns):
            checked = signature.validate_frame(frame[signature.names])
            self.matrix = checked.matrix.astype(np.float32)
            self.raw = frame.loc[checked.valid, signature.names].reset_index(drop=True)
            column = bundle.outcome_column
            if column in frame.columns:
                outcome = pd.to_numeric(frame.loc[checked.valid, column], errors="coerce")
                if outcome.notna().all():
                    self.defaulted = outcome.to_numpy(dtype=np.float64) > 0.5
            if len(self.matrix):
                self.probabilities = scorer.probabilities(self.matrix)  # no reasons needed
        self.numeric = np.array(
            [f.kind in (Kind.NUMBER, Kind.INTEGER) for f in signature.fields], dtype=bool
        )
        with np.errstate(invalid="ignore"):
            spread = np.nanstd(self.matrix.astype(np.float64), axis=0) if len(self.matrix) else None
        if spread is None:
            spread = np.ones(len(signature.fields))
        # a constant (or all-missing) field cannot tell applicants apart: it counts 0
        self.inverse_spread = np.where(
            np.isfinite(spread) & (spread > 0), 1.0 / np.where(spread > 0, spread, 1.0), 0.0
        )
        self.baseline = reference_baseline(signature, self.raw) if len(self.raw) else np.zeros(0)
        self.borders = split_points(scorer)

    def distances(self, row: np.ndarray) -> np.ndarray:
        """The documented distance of every reference applicant to the encoded `row`."""
        gap = np.abs(self.matrix.astype(np.float64) - row.astype(np.float64))
        both_missing = np.isnan(self.matrix) & np.isnan(row)
        gap = np.where(both_missing, 0.0, gap)
        numeric = np.nan_to_num(gap * self.inverse_spread, nan=1.0)
        mismatch = (gap != 0).astype(np.float64)
        return np.where(self.numeric, numeric, mismatch).sum(axis=1)


_populations: weakref.WeakKeyDictionary[Scorer, Population] = weakref.WeakKeyDictionary()
_populations_lock = threading.Lock()


def population(scorer: Scorer) -> Population:
    """The scorer's `Population`, built on first use (models come and go, caches with them)."""
    with _populations_lock:
        found = _populations.get(scorer)
    if found is None:
        found = Population(scorer)
        with _populations_lock:
            _populations[scorer] = found
    return found


def split_points(scorer: Scorer) -> dict[int, np.ndarray]:
    """Field index -> the sorted borders the trees compare it with, read from the dense graph
    (the model is constant between them); empty for other graphs."""
    import onnx

    try:
        proto = onnx.load(str(scorer.bundle.onnx_path), load_external_data=False)
    except Exception:  # a graph ORT loads but onnx cannot parse: no borders, grid search
        return {}
    tensors = {t.name: t for t in proto.graph.initializer}
    out: dict[int, list[float]] = {}
    for group in ("gt", "nan_gt"):
        if f"{group}_features" not in tensors:
            continue
        features = onnx.numpy_helper.to_array(tensors[f"{group}_features"]).reshape(-1)
        borders = onnx.numpy_helper.to_array(tensors[f"{group}_borders"]).reshape(-1)
        for f, b in zip(features.tolist(), borders.tolist(), strict=True):
            if math.isfinite(b) and abs(b) < 1e30:
                out.setdefault(int(f), []).append(b)
    return {f: np.unique(np.array(b, dtype=np.float64)) for f, b in out.items()}


# --------------------------------------------------------------------------- explain


def _label(spec: FieldSpec, lang: str) -> str:
    return spec.label_in(lang)


def _base_log_odds(scorer: Scorer, pop: Population) -> float:
    """The graph's expected value, else the bundle's, else the logit of the mean reference
    score (a foreign model)."""
    from pad_desktop.model.onnx_graphs import EXPECTED_VALUE_KEY

    meta = scorer.session.get_modelmeta().custom_metadata_map
    for value in (meta.get(EXPECTED_VALUE_KEY), scorer.bundle.meta.get("expected_value")):
        try:
            base = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if math.isfinite(base):
            return base
    mean = float(np.mean(pop.probabilities)) if len(pop.probabilities) else 0.5
    return _logit(mean)


def _logit(p: Any) -> Any:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def explain(
    scorer: Scorer,
    values: Mapping[str, Any],
    lang: str = "en",
    *,
    review_band: float | None = None,
    decimal: str = ".",
    counterfactual: bool = True,
) -> Explanation:
    """Validate one applicant (ApplicantError as for scoring) and explain its decision.

    `review_band`: the band's half-width (the service passes Preferences' or the bundle's);
    `counterfactual=False` skips the search (a what-if slider that only needs the waterfall)."""
    signature = scorer.signature
    clean = signature.validate(dict(values), decimal, lang)
    row = signature.encode_row(clean)
    prediction = scorer.predict(row)
    probability = scorer.probability_of(prediction)  # no explanation of a non-probability
    threshold = scorer.threshold
    outcome = Outcome(scorer.decide(prediction.probabilities)[0])
    band = scorer.bundle.review_band if review_band is None else float(review_band)
    pop = population(scorer)
    base = _base_log_odds(scorer, pop)
    exact = scorer.has_contributions
    if exact and prediction.contributions is not None:
        values_lo = np.asarray(prediction.contributions[0], dtype=np.float64)
    elif len(pop.baseline):
        values_lo = _occlusion_log_odds(scorer, row[0], pop.baseline, probability)
    else:
        values_lo = np.zeros(len(signature.fields))
    order = sorted(range(len(signature.fields)), key=lambda j: -abs(values_lo[j]))
    contributions, standings = [], []
    for j in order:
        spec = signature.fields[j]
        text = spec.display_encoded(float(row[0, j]), lang)
        contributions.append(Contribution(spec.name, _label(spec, lang), text, float(values_lo[j])))
        standings.append(_standing(spec, j, float(row[0, j]), text, pop, lang))
    change = None
    if counterfactual and outcome is Outcome.REFUSED:
        from pad_desktop.model.counterfactual import search

        change = search(scorer, clean, row[0], pop, lang)
    return Explanation(
        base_log_odds=base,
        base_probability=float(1.0 / (1.0 + math.exp(-base))),
        probability=probability,
        threshold=threshold,
        outcome=outcome,
        in_review_band=abs(probability - threshold) <= band,
        contributions=contributions,
        standings=standings,
        neighbours=_neighbours(row[0], pop),
        counterfactual=change,
        exact=exact,
        review_band=band,
        inputs=clean,
    )


def _occlusion_log_odds(
    scorer: Scorer, row: np.ndarray, baseline: np.ndarray, probability: float
) -> np.ndarray:
    """logit p - logit p(field j at the reference median or mode), one model call."""
    variants = np.repeat(row[None, :], len(row), axis=0)
    variants[np.arange(len(row)), np.arange(len(row))] = baseline
    others = scorer.predict(variants).probabilities
    return np.asarray(_logit(probability) - _logit(others), dtype=np.float64)


def _neighbours(row: np.ndarray, pop: Population) -> list[Neighbour]:
    if pop.defaulted is None or not len(pop.matrix):
        return []
    distance = pop.distances(row)
    nearest = np.argsort(distance, kind="stable")[:N_NEIGHBOURS]
    return [
        Neighbour(
            values=_plain(pop.raw.iloc[i].to_dict()),
            probability=float(pop.probabilities[i]),
            defaulted=bool(pop.defaulted[i]),
            distance=float(distance[i]),
        )
        for i in nearest.tolist()
    ]


MAX_VALUE_BINS = 12  # a number with at most this many distinct values gets one bin per value
NUMERIC_BINS = 10


def _standing(
    spec: FieldSpec, j: int, value: float, text: str, pop: Population, lang: str
) -> Standing:
    column = pop.matrix[:, j].astype(np.float64)
    known = column[np.isfinite(column)]
    label = _label(spec, lang)
    empty = Standing(spec.name, label, text, 0.0, [], [], [], [])
    if not len(known):
        return empty
    bad_mask = pop.defaulted if pop.defaulted is not None else np.zeros(len(column), bool)
    bad_mask = bad_mask[np.isfinite(column)]
    if spec.kind in (Kind.NUMBER, Kind.INTEGER):
        percentile = (
            100.0 * (np.sum(known < value) + 0.5 * np.sum(known == value)) / len(known)
            if math.isfinite(value)
            else 0.0
        )
        distinct = np.unique(known)
        if len(distinct) <= MAX_VALUE_BINS:
            edges = np.concatenate(
                [[distinct[0] - 0.5], (distinct[1:] + distinct[:-1]) / 2, [distinct[-1] + 0.5]]
            )
            bins = [spec.display_encoded(float(v), lang) for v in distinct]
        else:
            edges = np.histogram_bin_edges(known, bins=NUMERIC_BINS)
            bins = [
                f"{format_number(a, lang, 0)}-{format_number(b, lang, 0)}"
                for a, b in itertools.pairwise(edges)
            ]
        good = np.histogram(known[~bad_mask], bins=edges)[0]
        bad = np.histogram(known[bad_mask], bins=edges)[0]
        edge_list = [float(e) for e in edges]
    else:
        codes = list(spec.codes) if spec.kind is Kind.CATEGORY else [0.0, 1.0]
        bins = (
            spec.category_labels(lang)
            if spec.kind is Kind.CATEGORY
            else [spec.display(False, lang), spec.display(True, lang)]
        )
        keys = np.float32(codes).astype(np.float64)
        good = np.array([np.sum(known[~bad_mask] == c) for c in keys])
        bad = np.array([np.sum(known[bad_mask] == c) for c in keys])
        percentile = 100.0 * float(np.mean(known == value)) if math.isfinite(value) else 0.0
        edge_list = []
    if pop.defaulted is None:  # no true outcomes in the reference: no good/bad split
        good, bad = np.zeros(0, int), np.zeros(0, int)
    return Standing(
        spec.name,
        label,
        text,
        float(percentile),
        edge_list,
        [int(g) for g in good],
        [int(b) for b in bad],
        bins,
    )
