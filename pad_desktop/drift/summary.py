"""What one drift report found, as saved in its JSON summary and shown by every face."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pad_desktop.drift.texts import band_name, drift_text, source_names
from pad_desktop.drift.trend import WeekPoint
from pad_desktop.texts.locale_text import format_datetime, format_number, format_percent, normalize

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
    label_fr: str = ""  # the field's French label, when the bundle has one

    @property
    def name(self) -> str:
        return self.label or self.column

    def name_in(self, lang: str = "en") -> str:
        """The input's name for people in `lang` (the English label when there is no French)."""
        return self.label_fr if normalize(lang) == "fr" and self.label_fr else self.name


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

    def drifted_labels_in(self, lang: str = "en") -> list[str]:
        return [f.name_in(lang) for f in self.features if f.drifted]

    def headline(self, lang: str = "en") -> str:
        """One or two sentences for the CLI and the notebook (the GUI words its own), in `lang`."""
        text = drift_text(
            "headline",
            lang,
            verdict=drift_text("drift" if self.dataset_drift else "no_drift", lang),
            drifted=self.n_drifted,
            columns=self.n_columns,
            share=format_percent(self.drift_share, lang, 0),
            alert=format_percent(self.threshold, lang, 0),
            rows=format_number(self.n_rows, lang),
            sources=source_names(self.sources, lang),
            model=self.model_name,
            since=day_text(self.since, lang),
            until=day_text(self.until, lang),
        )
        if self.score_psi is not None:
            psi = format_number(self.score_psi, lang, 3)
            psi_band = band_name(self.score_psi_band, lang)
            text += drift_text("score_psi", lang, psi=psi, band=psi_band)
        if self.refusal_rate is not None:
            text += drift_text("refused", lang, share=format_percent(self.refusal_rate, lang, 0))
        named, more = name_some(self.drifted_labels_in(lang))
        if named:
            text += drift_text("drifted", lang, names=", ".join(named))
            text += drift_text("more", lang, more=more) if more else ""
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


def day_text(moment: datetime, lang: str = "en") -> str:
    """A period bound, in UTC (reports compare machines in several time zones)."""
    utc = moment.astimezone(UTC)
    if normalize(lang) == "fr":
        return f"{format_datetime(utc, 'fr')} UTC"
    return utc.strftime("%Y-%m-%d %H:%M UTC")
