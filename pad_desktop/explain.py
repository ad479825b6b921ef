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

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pad_desktop.records import Outcome

if TYPE_CHECKING:
    from pad_desktop.scoring import Scorer

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
class Counterfactual:
    """`changes`: field -> (current value, proposed value); None when no change within the
    allowed ranges crosses the threshold (`message` then says so)."""

    changes: dict[str, tuple[Any, Any]] | None
    probability: float  # the re-scored P(default) with the changes (current one if none)
    outcome: Outcome
    distance: float = 0.0
    message: str = ""


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

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types; contributions keyed by the field's own name (CLI --json, API)."""
        raise NotImplementedError


def explain(scorer: Scorer, values: Mapping[str, Any], lang: str = "en", **how: Any) -> Explanation:
    """Validate one applicant (ApplicantError as for scoring) and explain its decision."""
    raise NotImplementedError
