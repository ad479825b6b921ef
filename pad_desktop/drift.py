"""Drift: is today's applicant population still the one the model was trained on?

`run_drift` compares the inputs of a model's logged decisions over a period (default: the last
30 days) with the bundle's reference sample (its training inputs, model input columns only) in
an Evidently report: `DataDriftPreset` (one statistical test per input) plus `DataSummaryPreset`.
It saves the self-contained HTML, a JSON summary of it and one history row per report in the
user cache, so that the drift share can be drawn week by week.

The alert rule is Evidently's dataset-drift rule: the report is "drifted" when the share of
drifted inputs is at or above `threshold` (default 0.5), which is passed to Evidently as its
`drift_share`, so our flag and the report's headline always agree.

Evidently takes ~5 s to import and cannot be interrupted inside `Report.run`: it is imported in
this module's functions only (never at import time), and cancellation is checked between
steps. A cancelled run raises `Cancelled` and leaves no report, no history row behind.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pad_desktop.paths import user_cache_dir
from pad_desktop.tasks import TaskState

if TYPE_CHECKING:  # pandas and the signature load with the work, not with the CLI's parser
    import pandas as pd

    from pad_desktop.bundle import Bundle
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.signature import Kind, Signature

DEFAULT_DAYS = 30
DEFAULT_THRESHOLD = 0.5
MIN_ROWS = 30  # fewer decisions than this make the statistical tests meaningless
REPORTS_DIR = "drift"
HISTORY_FILE = "history.jsonl"
KEEP_REPORTS = 30  # reports are ~5 MB each; the history keeps every summary row


class DriftError(Exception):
    """Drift cannot be measured; the message says why, in words an officer or IT can act on."""


@dataclass(frozen=True)
class FeatureDrift:
    """The drift test of one model input, as Evidently's drift table shows it."""

    column: str
    kind: str  # "num" or "cat", Evidently's column type
    method: str  # e.g. "K-S p_value", "chi-square p_value", "Wasserstein distance (normed)"
    threshold: float
    score: float
    drifted: bool


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

    @property
    def drifted_columns(self) -> list[str]:
        return [f.column for f in self.features if f.drifted]

    def headline(self) -> str:
        """One sentence for the status bar, the CLI and the notebook."""
        verdict = "DRIFT" if self.dataset_drift else "no drift"
        return (
            f"{verdict}: {self.n_drifted} of {self.n_columns} inputs drifted "
            f"({self.drift_share:.0%}, alert at {self.threshold:.0%}) in {self.n_rows:,} "
            f"decisions of {self.model_name} from {_day(self.since)} to {_day(self.until)}"
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("since", "until", "created_at"):
            data[key] = data[key].isoformat()
        for key in ("html_path", "json_path"):
            data[key] = None if data[key] is None else str(data[key])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DriftSummary:
        values = dict(data)
        for key in ("since", "until", "created_at"):
            values[key] = datetime.fromisoformat(values[key])
        for key in ("html_path", "json_path"):
            values[key] = None if values.get(key) is None else Path(values[key])
        values["features"] = tuple(FeatureDrift(**f) for f in values["features"])
        return cls(**values)


@dataclass(frozen=True)
class HistoryRow:
    """One line of the drift history: enough to draw the trend and find the report again."""

    created_at: datetime
    model_id: str
    since: datetime
    until: datetime
    n_rows: int
    drift_share: float
    drifted: bool
    threshold: float
    html_path: str | None = None

    @classmethod
    def of(cls, summary: DriftSummary) -> HistoryRow:
        return cls(
            created_at=summary.created_at,
            model_id=summary.model_id,
            since=summary.since,
            until=summary.until,
            n_rows=summary.n_rows,
            drift_share=summary.drift_share,
            drifted=summary.dataset_drift,
            threshold=summary.threshold,
            html_path=None if summary.html_path is None else str(summary.html_path),
        )


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def default_period(
    days: int = DEFAULT_DAYS, now: datetime | None = None
) -> tuple[datetime, datetime]:
    """The last `days` days up to now, in UTC."""
    until = now or datetime.now(UTC)
    return until - timedelta(days=days), until


def reports_dir() -> Path:
    path = user_cache_dir() / REPORTS_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def history_path() -> Path:
    return reports_dir() / HISTORY_FILE


# -- the data ---------------------------------------------------------------------------------


def _numeric(kind: Kind) -> bool:
    from pad_desktop.signature import Kind

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
    bundle: Bundle, production: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[str]]:
    """(current, reference, numerical columns, categorical columns) over the model's inputs."""
    reference = bundle.reference()
    if reference is None or reference.empty:
        raise DriftError(
            f"The model {bundle.name} ships no reference sample of its training data, "
            "so drift cannot be measured for it."
        )
    signature = bundle.signature
    columns = [n for n in signature.names if n in reference.columns]
    if not columns:
        raise DriftError(f"The reference sample of {bundle.name} holds none of the model's inputs.")
    missing = [c for c in columns if c not in production.columns]
    if missing:
        raise DriftError(
            f"The logged decisions lack {len(missing)} input(s) the model uses "
            f"({', '.join(missing[:5])}); they cannot be compared with the training data."
        )
    numerical = [s.name for s in signature.fields if s.name in columns and _numeric(s.kind)]
    categorical = [c for c in columns if c not in numerical]
    current = _typed(production, signature, columns).reset_index(drop=True)
    return current, _typed(reference, signature, columns), numerical, categorical


# -- the report -------------------------------------------------------------------------------


def evidently_report(
    current: pd.DataFrame,
    reference: pd.DataFrame,
    numerical: list[str],
    categorical: list[str],
    threshold: float = DEFAULT_THRESHOLD,
) -> Any:
    """Evidently's drift and summary presets run on the two frames; returns the snapshot."""
    import numpy as np
    from evidently import DataDefinition, Dataset, Report
    from evidently.presets import DataDriftPreset, DataSummaryPreset

    definition = DataDefinition(numerical_columns=numerical, categorical_columns=categorical)
    report = Report([DataDriftPreset(drift_share=threshold), DataSummaryPreset()])
    # A value never seen in the reference makes scipy's chi-square divide by zero: the test
    # still says "drifted", the warning only clutters the console (errstate is per thread).
    with np.errstate(divide="ignore", invalid="ignore"):
        return report.run(
            Dataset.from_pandas(current, data_definition=definition),
            Dataset.from_pandas(reference, data_definition=definition),
        )


def feature_drifts(snapshot: Any) -> list[FeatureDrift]:
    """Per-input results, read from the drift table the report's HTML shows.

    Evidently 0.7's `ValueDrift` metrics give the score but not whether it means drift (a p-value
    drifts when small, a distance when large); the preset renders its table from the legacy
    `DataDriftTable`, which the snapshot's context has cached: asking for it again costs nothing
    and gives exactly the verdicts the HTML shows.
    """
    from evidently.legacy.metrics import DataDriftTable

    table, _widgets = snapshot.context.get_legacy_metric(DataDriftTable(), None, None)
    return [
        FeatureDrift(
            column=name,
            kind=str(col.column_type),
            method=str(col.stattest_name),
            threshold=float(col.stattest_threshold),
            score=float(col.drift_score),
            drifted=bool(col.drift_detected),
        )
        for name, col in table.drift_by_columns.items()
    ]


def build_report(
    bundle: Bundle,
    production: pd.DataFrame,
    since: datetime,
    until: datetime,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    out_dir: Path | None = None,
    state: TaskState | None = None,
) -> DriftSummary:
    """The report of `production` inputs against the bundle's reference, saved in `out_dir`."""
    state = state or TaskState()
    if not 0.0 < threshold <= 1.0:
        raise DriftError(f"The alert threshold {threshold} must be a share between 0 and 1.")
    if len(production) < MIN_ROWS:
        raise DriftError(
            f"Only {len(production)} decisions of {bundle.name} were logged from {_day(since)} "
            f"to {_day(until)}; at least {MIN_ROWS} are needed for a meaningful comparison. "
            "Choose a longer period."
        )
    current, reference, numerical, categorical = comparable_frames(bundle, production)
    state.set_progress(0.15, "Loading Evidently")
    import evidently  # noqa: F401  (the ~5 s import, made visible as its own step)

    state.check()
    state.set_progress(0.25, "Comparing distributions")
    snapshot = evidently_report(current, reference, numerical, categorical, threshold)
    state.check()  # Evidently cannot be stopped mid-run: a late cancel drops its result here
    features = feature_drifts(snapshot)
    n_drifted = sum(f.drifted for f in features)
    share = n_drifted / len(features) if features else 0.0
    state.set_progress(0.9, "Saving the report")
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
    )
    _write_atomically(summary.html_path, snapshot.save_html)
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
    out_dir: Path | None = None,
    record_history: bool = True,
    state: TaskState | None = None,
) -> DriftSummary:
    """The drift report of the bundle's logged decisions over a period (default last 30 days).

    The long task shared by the GUI (on a worker), the CLI and the notebook.
    """
    state = state or TaskState()
    default_since, default_until = default_period()
    since = since or (until - timedelta(days=DEFAULT_DAYS) if until else default_since)
    until = until or default_until
    if since >= until:
        raise DriftError(f"The period is empty: {_day(since)} is not before {_day(until)}.")
    state.set_progress(0.02, "Reading logged decisions")
    production = log.production_inputs(bundle.id, since, until)
    state.check()
    summary = build_report(
        bundle, production, since, until, threshold=threshold, out_dir=out_dir, state=state
    )
    if record_history:
        append_history(summary)
        prune_reports()
    state.set_progress(1.0, "Done")
    return summary


# -- the history ------------------------------------------------------------------------------


def append_history(summary: DriftSummary, path: Path | None = None) -> None:
    data = asdict(HistoryRow.of(summary))
    for key in ("created_at", "since", "until"):
        data[key] = data[key].isoformat()
    with (path or history_path()).open("a", encoding="utf-8") as out:
        out.write(json.dumps(data) + "\n")


def read_history(model_id: str | None = None, path: Path | None = None) -> list[HistoryRow]:
    """Every report's summary row, oldest first; a damaged line is skipped, not fatal."""
    source = path or history_path()
    if not source.exists():
        return []
    rows = []
    for line in source.read_text(encoding="utf-8").splitlines():
        try:
            data = json.loads(line)
            for key in ("created_at", "since", "until"):
                data[key] = datetime.fromisoformat(data[key])
            row = HistoryRow(**data)
        except (ValueError, TypeError, KeyError):
            continue
        if model_id is None or row.model_id == model_id:
            rows.append(row)
    return sorted(rows, key=lambda r: r.created_at)


def weekly_trend(rows: list[HistoryRow]) -> list[tuple[date, float]]:
    """(Monday, drift share) per week: the latest report whose period ends in that week."""
    latest: dict[date, HistoryRow] = {}
    for row in rows:
        end = row.until.astimezone(UTC).date()
        week = end - timedelta(days=end.weekday())
        if week not in latest or row.created_at >= latest[week].created_at:
            latest[week] = row
    return [(week, latest[week].drift_share) for week in sorted(latest)]


def latest_summary(model_id: str) -> DriftSummary | None:
    """The newest saved report of a model whose files are still in the cache."""
    for row in reversed(read_history(model_id)):
        if row.html_path and Path(row.html_path).exists():
            json_path = Path(row.html_path).with_suffix(".json")
            if json_path.exists():
                return DriftSummary.from_dict(json.loads(json_path.read_text(encoding="utf-8")))
    return None


def prune_reports(keep: int = KEEP_REPORTS) -> None:
    """Drop all but the newest `keep` reports from the cache (their history rows stay)."""
    reports = sorted(reports_dir().glob("drift-*.html"))
    for html in reports[:-keep] if keep > 0 else reports:
        html.unlink(missing_ok=True)
        html.with_suffix(".json").unlink(missing_ok=True)
