"""Drift monitoring: the logged decisions of a model against its training data.

`report` builds a report (Evidently's tests, PSI score stability, the weekly trend); `psi` and
`trend` hold the measures; `summary` what a report found; `cache` the saved reports. The names
below are the package's public face (the GUI, the CLI, the notebook and the tests use them).
"""

from pad_desktop.drift.cache import (
    HistoryRow,
    append_history,
    history_path,
    latest_summary,
    prune_reports,
    read_history,
    reports_dir,
)
from pad_desktop.drift.evidently_run import evidently_report, feature_drifts, public_output
from pad_desktop.drift.psi import Band, band
from pad_desktop.drift.report import (
    DEFAULT_DAYS,
    DEFAULT_SOURCES,
    DEFAULT_THRESHOLD,
    MIN_ROWS,
    DriftError,
    build_report,
    comparable_frames,
    default_period,
    parse_sources,
    run_drift,
)
from pad_desktop.drift.summary import DriftSummary, FeatureDrift, name_some
from pad_desktop.drift.trend import MIN_WEEK_ROWS, WeekPoint

__all__ = [
    "DEFAULT_DAYS", "DEFAULT_SOURCES", "DEFAULT_THRESHOLD", "MIN_ROWS", "MIN_WEEK_ROWS", "Band",
    "DriftError", "DriftSummary", "FeatureDrift", "HistoryRow", "WeekPoint", "append_history",
    "band", "build_report", "comparable_frames", "default_period", "evidently_report",
    "feature_drifts", "history_path", "latest_summary", "name_some", "parse_sources",
    "prune_reports", "public_output", "read_history", "reports_dir", "run_drift",
]  # fmt: skip
