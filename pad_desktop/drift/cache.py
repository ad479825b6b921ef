"""The reports saved in the user cache, and the history row each report leaves behind.

The history (one JSON line per report) is an audit of the reports generated on this workstation;
the weekly trend comes from the decision log (`trend`), not from it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from pad_desktop.drift.summary import DriftSummary
from pad_desktop.runtime.paths import user_cache_dir

REPORTS_DIR = "drift"
HISTORY_FILE = "history.jsonl"
KEEP_REPORTS = 30  # reports are ~5 MB each; the history keeps every summary row


@dataclass(frozen=True)
class HistoryRow:
    """One line of the drift history: enough to list the reports and find one again."""

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


def reports_dir() -> Path:
    path = user_cache_dir() / REPORTS_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def history_path() -> Path:
    return reports_dir() / HISTORY_FILE


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


def latest_summary(model_id: str) -> DriftSummary | None:
    """The newest saved report of a model whose files are still in the cache (and readable:
    a summary written by an older version of the app is passed over)."""
    for row in reversed(read_history(model_id)):
        if row.html_path and Path(row.html_path).exists():
            json_path = Path(row.html_path).with_suffix(".json")
            if json_path.exists():
                try:
                    return DriftSummary.from_dict(json.loads(json_path.read_text("utf-8")))
                except (ValueError, TypeError, KeyError):
                    continue
    return None


def prune_reports(keep: int = KEEP_REPORTS) -> None:
    """Drop all but the newest `keep` reports from the cache (their history rows stay)."""
    reports = sorted(reports_dir().glob("drift-*.html"))
    for html in reports[:-keep] if keep > 0 else reports:
        html.unlink(missing_ok=True)
        html.with_suffix(".json").unlink(missing_ok=True)
