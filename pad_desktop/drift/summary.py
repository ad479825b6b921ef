"""What one drift report found, as saved in its JSON summary and shown by every face."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pad_desktop.drift.trend import WeekPoint

NAMED_INPUTS = 6  # the headline names this many drifted inputs, then "and N more"


@dataclass(frozen=True)
class FeatureDrift:
    """The drift of one model input: Evidently's test, and its PSI against the reference."""

    column: str
    kind: str  # "num" or "cat"
    method: str  # e.g. "K-S p_value", "chi-square p_value", "Wasserstein distance (normed)"
    threshold: float
    score: float
    drifted: bool  # Evidently's verdict
    label: str = ""  # the field's label (FieldSpec.label), for people
    psi: float | None = None
    psi_band: str | None = None  # "stable", "moderate" or "significant"

    @property
    def name(self) -> str:
        return self.label or self.column


def name_some(names: list[str], limit: int = NAMED_INPUTS) -> tuple[list[str], int]:
    """The first `limit` names and how many more there are (all of them when one more fits)."""
    if len(names) <= limit + 1:
        return list(names), 0
    return names[:limit], len(names) - limit


@dataclass(frozen=True)
class DriftSummary:
    """What one report found; saved as JSON next to its HTML."""

    model_id: str
    model_name: str
    since: datetime
    until: datetime
    n_rows: int  # production decisions compared
    n_reference: int
    threshold: float  # alert when drift_share >= threshold
    drift_share: float
    n_drifted: int
    n_columns: int
    dataset_drift: bool
    features: tuple[FeatureDrift, ...]
    html_path: Path | None = None
    json_path: Path | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    sources: tuple[str, ...] = ()  # the decision sources read, e.g. ("form", "batch", "api")
    score_psi: float | None = None  # None when the reference sample holds no scores
    score_psi_band: str | None = None
    refusal_rate: float | None = None  # the period's share of refusals (the model's decisions)
    reference_refusal_rate: float | None = None  # the same rule applied to the reference
    weeks: tuple[WeekPoint, ...] = ()

    @property
    def drifted_columns(self) -> list[str]:
        return [f.column for f in self.features if f.drifted]

    @property
    def drifted_labels(self) -> list[str]:
        return [f.name for f in self.features if f.drifted]

    def headline(self) -> str:
        """One or two sentences for the CLI and the notebook (the GUI words its own)."""
        verdict = "DRIFT" if self.dataset_drift else "no drift"
        text = (
            f"{verdict}: {self.n_drifted} of {self.n_columns} inputs drifted "
            f"({self.drift_share:.0%}, alert at {self.threshold:.0%}) in {self.n_rows:,} "
            f"decisions ({', '.join(self.sources) or 'every source'}) of {self.model_name} "
            f"from {day_text(self.since)} to {day_text(self.until)}"
        )
        if self.score_psi is not None:
            text += f"; score PSI {self.score_psi:.3f} ({self.score_psi_band})"
        if self.refusal_rate is not None:
            text += f"; {self.refusal_rate:.0%} refused"
        named, more = name_some(self.drifted_labels)
        if named:
            text += ". Drifted: " + ", ".join(named) + (f" and {more} more" if more else "")
        return text

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("since", "until", "created_at"):
            data[key] = data[key].isoformat()
        for key in ("html_path", "json_path"):
            data[key] = None if data[key] is None else str(data[key])
        data["sources"] = list(self.sources)
        data["weeks"] = [w.to_dict() for w in self.weeks]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DriftSummary:
        values = dict(data)
        for key in ("since", "until", "created_at"):
            values[key] = datetime.fromisoformat(values[key])
        for key in ("html_path", "json_path"):
            values[key] = None if values.get(key) is None else Path(values[key])
        values["features"] = tuple(FeatureDrift(**f) for f in values["features"])
        values["sources"] = tuple(values.get("sources", ()))
        values["weeks"] = tuple(WeekPoint.from_dict(w) for w in values.get("weeks", ()))
        return cls(**values)


def day_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
