"""Drift monitoring: the logged decisions of a model against its training data.

`report` builds a report (Evidently's tests, PSI score stability, the weekly trend); `psi` and
`trend` hold the measures; `summary` what a report found; `cache` the saved reports; `defaults`
what a run compares unless told otherwise. The names below are the package's public face (the
GUI, the CLI, the notebook and the tests use them), each imported when first asked for.
"""

from __future__ import annotations

from pad_desktop.runtime.lazy_names import lazy_names

# Imported on first use: the measures need numpy (and pandas, Evidently), which the command
# line's parser, reading only `defaults`, must not pay at every start of the window.
_HOMES = {
    "HistoryRow": "pad_desktop.drift.cache",
    "append_history": "pad_desktop.drift.cache",
    "history_path": "pad_desktop.drift.cache",
    "latest_summary": "pad_desktop.drift.cache",
    "prune_reports": "pad_desktop.drift.cache",
    "read_history": "pad_desktop.drift.cache",
    "reports_dir": "pad_desktop.drift.cache",
    "DEFAULT_DAYS": "pad_desktop.drift.defaults",
    "DEFAULT_SOURCES": "pad_desktop.drift.defaults",
    "DEFAULT_THRESHOLD": "pad_desktop.drift.defaults",
    "DriftError": "pad_desktop.drift.defaults",
    "MIN_ROWS": "pad_desktop.drift.defaults",
    "parse_sources": "pad_desktop.drift.defaults",
    "evidently_report": "pad_desktop.drift.evidently_run",
    "feature_drifts": "pad_desktop.drift.evidently_run",
    "public_output": "pad_desktop.drift.evidently_run",
    "Band": "pad_desktop.drift.psi",
    "band": "pad_desktop.drift.psi",
    "build_report": "pad_desktop.drift.report",
    "comparable_frames": "pad_desktop.drift.report",
    "default_period": "pad_desktop.drift.report",
    "run_drift": "pad_desktop.drift.report",
    "DriftSummary": "pad_desktop.drift.summary",
    "FeatureDrift": "pad_desktop.drift.summary",
    "name_some": "pad_desktop.drift.summary",
    "MIN_WEEK_ROWS": "pad_desktop.drift.trend",
    "WeekPoint": "pad_desktop.drift.trend",
}


__getattr__ = lazy_names(__name__, _HOMES)


__all__ = [
    "DEFAULT_DAYS", "DEFAULT_SOURCES", "DEFAULT_THRESHOLD", "MIN_ROWS", "MIN_WEEK_ROWS", "Band",
    "DriftError", "DriftSummary", "FeatureDrift", "HistoryRow", "WeekPoint", "append_history",
    "band", "build_report", "comparable_frames", "default_period", "evidently_report",
    "feature_drifts", "history_path", "latest_summary", "name_some", "parse_sources",
    "prune_reports", "public_output", "read_history", "reports_dir", "run_drift",
]  # fmt: skip
