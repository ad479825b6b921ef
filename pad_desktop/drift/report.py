"""Drift: is today's applicant population still the one the model was trained on?

`run_drift` compares the decisions a model made over a period (default: the last 30 days) from
the chosen sources (form, batch and API; simulated traffic only when asked for) with the
bundle's reference sample (its training inputs, model input columns only):
- Evidently's report: `DataDriftPreset` (one statistical test per input) plus
  `DataSummaryPreset`, saved as self-contained HTML that runs no script but its own
  (`safe_html`: data escaped, a Content-Security-Policy);
- score stability: the PSI (`psi`) of the score and of every input, with the standard bands,
  and the share of refusals, beside the reference's;
- the weekly trend of the period (`trend`), from the decision log itself.
A JSON summary is saved next to the HTML, and one history row per report.

The alert rule is Evidently's dataset-drift rule: the report is "drifted" when the share of
drifted inputs is at or above `threshold` (default 0.5), which is passed to Evidently as its
`drift_share`, so our flag and the report's headline always agree.

Evidently takes ~5 s to import and cannot be interrupted inside `Report.run`: it is imported in
functions only (never at import time), and cancellation is checked between steps. A cancelled
run raises `Cancelled` and leaves no report, no history row behind.

`lang` ("en" or "fr") words the errors, the steps and the headline; in French the inputs of
the HTML report are named by their French labels (Evidently's own text stays English).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pad_desktop.decisions.records import Source
from pad_desktop.drift.cache import append_history, prune_reports, reports_dir
from pad_desktop.drift.defaults import (
    DEFAULT_DAYS,
    DEFAULT_SOURCES,
    DEFAULT_THRESHOLD,
    MIN_ROWS,
    DriftError,
)
from pad_desktop.drift.evidently_run import (
    drifted_count,
    evidently_report,
    feature_drifts,
    public_output,
)
from pad_desktop.drift.psi import Bins, band, fit_categorical, fit_numeric
from pad_desktop.drift.safe_html import inert, secure_report
from pad_desktop.drift.summary import DriftSummary, FeatureDrift, day_text
from pad_desktop.drift.texts import drift_text, source_names
from pad_desktop.drift.trend import weekly_trend
from pad_desktop.runtime.tasks import TaskState
from pad_desktop.texts import LANGUAGES, Localized

if TYPE_CHECKING:  # pandas and the signature load with the work, not with the CLI's parser
    import pandas as pd

    from pad_desktop.cells.field_specs import Kind
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.model.bundle import Bundle
    from pad_desktop.model.signature import Signature


def default_period(
    days: int = DEFAULT_DAYS, now: datetime | None = None
) -> tuple[datetime, datetime]:
    """The last `days` days up to now, in UTC."""
    until = now or datetime.now(UTC)
    return until - timedelta(days=days), until


# -- the data ---------------------------------------------------------------------------------


def _numeric(kind: Kind) -> bool:
    from pad_desktop.cells.field_specs import Kind

    return kind in (Kind.NUMBER, Kind.INTEGER)


def _typed(frame: pd.DataFrame, signature: Signature, columns: list[str]) -> pd.DataFrame:
    """Numbers as float64 and categories as text, whatever JSON or CSV made of them."""
    import pandas as pd

    typed = {}
    for spec in signature.fields:
        if spec.name not in columns:
            continue
        values = frame[spec.name]
        if _numeric(spec.kind):
            typed[spec.name] = pd.to_numeric(values, errors="coerce").astype("float64")
        else:
            typed[spec.name] = values.where(values.isna(), values.astype(str)).astype(object)
    return pd.DataFrame(typed, index=frame.index)


def comparable_frames(
    bundle: Bundle, production: pd.DataFrame, lang: str = "en"
) -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[str]]:
    """(current, reference, numerical columns, categorical columns) over the model's inputs."""
    reference = bundle.reference()
    if reference is None or reference.empty:
        raise DriftError("drift.no_reference", model=bundle.name)
    signature = bundle.signature
    columns = [n for n in signature.names if n in reference.columns]
    if not columns:
        raise DriftError("drift.reference_without_inputs", model=bundle.name)
    missing = [c for c in columns if c not in production.columns]
    if missing:
        raise DriftError("drift.missing_inputs", count=len(missing), names=", ".join(missing[:5]))
    numerical = [s.name for s in signature.fields if s.name in columns and _numeric(s.kind)]
    categorical = [c for c in columns if c not in numerical]
    current = _typed(production, signature, columns).reset_index(drop=True)
    return current, _typed(reference, signature, columns), numerical, categorical


# -- score stability --------------------------------------------------------------------------


def input_bins(reference: pd.DataFrame, numerical: list[str]) -> dict[str, Bins]:
    """PSI bins per input, fitted on the reference: quantiles for numbers, else categories."""
    return {
        c: fit_numeric(reference[c]) if c in numerical else fit_categorical(reference[c])
        for c in reference.columns
    }


def reference_scores(bundle: Bundle) -> pd.Series | None:
    """The model's scores of its reference sample, when the bundle ships them."""
    from pad_desktop.model.bundle import EXPECTED_COLUMN

    reference = bundle.reference()
    if reference is None or EXPECTED_COLUMN not in reference.columns:
        return None
    return reference[EXPECTED_COLUMN].astype("float64")


def _labelled(
    features: list[FeatureDrift], signature: Signature, bins: dict[str, Bins], current: Any
) -> list[FeatureDrift]:
    """Each input's verdict with its field label and its PSI over the period."""
    out = []
    for f in features:
        value = bins[f.column].psi(current[f.column]) if f.column in bins else None
        known = f.column in signature.names
        label = signature[f.column].label if known else f.column
        label_fr = signature[f.column].label_in("fr") if known else ""
        psi_band = None if value is None else str(band(value))
        out.append(replace(f, label=label, label_fr=label_fr, psi=value, psi_band=psi_band))
    return out


def _shown(frame: pd.DataFrame, signature: Signature, names: dict[str, str], lang: str) -> Any:
    """`frame` as the HTML report shows it: columns renamed, categories by their labels in
    `lang` (one label per category, so the tests' verdicts do not change), every text made
    `inert` (it comes from the bundle or the log: data, never markup)."""
    out = frame.rename(columns=names)
    for column in frame.columns:
        values = frame[column]
        if lang == "fr" and column in signature.names and signature[column].categories:
            spec = signature[column]
            labels = {c: spec.category_label(c, "fr") for c in spec.categories}
            if len(set(labels.values())) == len(labels):
                values = values.map(lambda v, m=labels: m.get(v, v))
        if values.dtype == object:
            values = values.map(lambda v: inert(v) if isinstance(v, str) else v)
        out[names[column]] = values
    return out


def _report_names(signature: Signature, columns: list[str], lang: str) -> dict[str, str]:
    """Column -> the name the HTML report shows (`inert`): the field's label in French, the
    column itself in English; columns themselves when two labels would collide."""
    names = {c: c for c in columns}
    if lang == "fr":
        labels = {c: signature[c].label_in("fr") if c in signature.names else c for c in columns}
        if len(set(labels.values())) == len(labels):
            names = labels
    return {c: inert(name) for c, name in names.items()}


# -- the report -------------------------------------------------------------------------------


def build_report(
    bundle: Bundle,
    production: pd.DataFrame,
    since: datetime,
    until: datetime,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    sources: Collection[Source] = DEFAULT_SOURCES,
    out_dir: Path | None = None,
    state: TaskState | None = None,
    now: datetime | None = None,
    lang: str = "en",
) -> DriftSummary:
    """The report of `production` (as `DecisionLog.production_inputs` reads it) against the
    bundle's reference, saved in `out_dir`. A frame of inputs alone (no logged score, time or
    decision) gets no score PSI, refusal rate or weeks."""
    from pad_desktop.decisions.queries import LOGGED_AT, LOGGED_DECISION, LOGGED_SCORE
    from pad_desktop.decisions.records import Outcome

    state = state or TaskState()
    if not 0.0 < threshold <= 1.0:
        raise DriftError("drift.bad_threshold", threshold=threshold)
    if len(production) < MIN_ROWS:
        raise DriftError(
            "drift.too_few",
            rows=len(production),
            model=bundle.name,
            sources=_in_both(source_names, [str(s) for s in sources]),
            since=_in_both(day_text, since),
            until=_in_both(day_text, until),
            minimum=MIN_ROWS,
        )
    current, reference, numerical, categorical = comparable_frames(bundle, production, lang)
    state.set_progress(0.1, drift_text("step_psi", lang))
    bins = input_bins(reference, numerical)
    ref_scores = reference_scores(bundle)
    score_bins = None if ref_scores is None else fit_numeric(ref_scores)
    scores = production[LOGGED_SCORE].reset_index(drop=True) if LOGGED_SCORE in production else None
    refused = None
    if LOGGED_DECISION in production:
        refused = (production[LOGGED_DECISION] == str(Outcome.REFUSED)).reset_index(drop=True)
    score_psi = None if scores is None or score_bins is None else score_bins.psi(scores)
    weeks = ()
    if LOGGED_AT in production:
        weeks = tuple(
            weekly_trend(
                production[LOGGED_AT],
                current,
                bins,
                now or datetime.now(UTC),
                scores=scores,
                score_bins=score_bins,
                refused=refused,
            )
        )
    state.check()
    state.set_progress(0.15, drift_text("step_import", lang))
    import evidently  # noqa: F401  (the ~5 s import, made visible as its own step)

    state.check()
    state.set_progress(0.25, drift_text("step_compare", lang))
    shown = _report_names(bundle.signature, list(current.columns), lang)
    column_of = {name: column for column, name in shown.items()}
    snapshot = evidently_report(
        _shown(current, bundle.signature, shown, lang),
        _shown(reference, bundle.signature, shown, lang),
        [shown[c] for c in numerical],
        [shown[c] for c in categorical],
        threshold,
    )
    state.check()  # Evidently cannot be stopped mid-run: a late cancel drops its result here
    state.set_progress(0.85, drift_text("step_verdicts", lang))
    output = public_output(snapshot)
    verdicts = [
        replace(f, column=column_of.get(f.column, f.column))
        for f in feature_drifts(output, [shown[c] for c in numerical])
    ]
    features = _labelled(verdicts, bundle.signature, bins, current)
    n_drifted, share = drifted_count(output)
    state.set_progress(0.9, drift_text("step_save", lang))
    out = out_dir or reports_dir()
    out.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC)
    stem = f"drift-{created:%Y%m%dT%H%M%S%f}"
    summary = DriftSummary(
        model_id=bundle.id,
        model_name=bundle.name,
        since=since,
        until=until,
        n_rows=len(current),
        n_reference=len(reference),
        threshold=threshold,
        drift_share=share,
        n_drifted=n_drifted,
        n_columns=len(features),
        dataset_drift=share >= threshold,
        features=tuple(features),
        html_path=out / f"{stem}.html",
        json_path=out / f"{stem}.json",
        created_at=created,
        sources=tuple(str(s) for s in sources),
        score_psi=score_psi,
        score_psi_band=None if score_psi is None else str(band(score_psi)),
        refusal_rate=None if refused is None else float(refused.mean()),
        reference_refusal_rate=(
            None if ref_scores is None else float((ref_scores >= bundle.threshold).mean())
        ),
        weeks=weeks,
    )
    page = secure_report(snapshot.get_html_str(as_iframe=False))
    _write_atomically(
        summary.html_path, lambda tmp: Path(tmp).write_text(page, encoding="utf-8", newline="")
    )
    _write_atomically(
        summary.json_path,
        lambda tmp: Path(tmp).write_text(json.dumps(summary.to_dict(), indent=2), encoding="utf-8"),
    )
    return summary


def _write_atomically(path: Path, write: Any) -> None:
    """Write through a temporary name so that a viewer never opens a half-written file."""
    tmp = path.with_name(path.name + ".part")
    write(str(tmp))  # Evidently's save_html silently ignores anything but a str
    os.replace(tmp, path)


def run_drift(
    bundle: Bundle,
    log: DecisionLog,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    sources: Collection[Source] = DEFAULT_SOURCES,
    out_dir: Path | None = None,
    record_history: bool = True,
    state: TaskState | None = None,
    lang: str = "en",
    now: datetime | None = None,
) -> DriftSummary:
    """The drift report of the bundle's logged decisions from `sources` over a period (default
    the last 30 days before `now`, the wall clock unless given; the weekly trend stops at `now`).
    The long task shared by the GUI (on a worker), the CLI and the notebook.
    """
    state = state or TaskState()
    if not sources:
        raise DriftError("drift.no_sources")
    default_since, default_until = default_period(now=now)
    since = since or (until - timedelta(days=DEFAULT_DAYS) if until else default_since)
    until = until or default_until
    if since >= until:
        period = {"since": _in_both(day_text, since), "until": _in_both(day_text, until)}
        raise DriftError("drift.empty_period", **period)
    state.set_progress(0.02, drift_text("step_read", lang))
    production = log.production_inputs(bundle.id, since, until, tuple(sources))
    state.check()
    summary = build_report(
        bundle,
        production,
        since,
        until,
        threshold=threshold,
        sources=sources,
        out_dir=out_dir,
        state=state,
        now=now,
        lang=lang,
    )
    if record_history:
        append_history(summary)
        prune_reports()
    state.set_progress(1.0, drift_text("step_done", lang))
    return summary


def _in_both(wording: Callable[..., str], value: Any) -> Localized:
    """`value` as `wording` writes it in each language (a blank of a `DriftError`)."""
    return Localized.of(**{lang: wording(value, lang) for lang in LANGUAGES})
