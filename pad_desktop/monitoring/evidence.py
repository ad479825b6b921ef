"""The evidence a model switch is made on: the last 90 days replayed through the model in use
and the one switched to, the report saved in the user data directory, its sha256 returned for
the switch's model event to record (CLI `model use|pull`, the window's Hub dialog)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pad_desktop.decisions import DecisionLog

EVIDENCE_DAYS = 90  # the decisions a switch is compared on


@dataclass(frozen=True, slots=True)
class Evidence:
    sha256: str
    html_path: Path
    headline: str


def report_path(sha256: str) -> Path:
    from pad_desktop.runtime.paths import private_dir, user_data_dir

    return private_dir(user_data_dir() / "reports") / f"compare-{sha256[:16]}.html"


def compare_for_switch(
    log: DecisionLog, active_folder: Path, folder: Path, now: datetime, lang: str = "en"
) -> Evidence | None:
    """Compare the bundle at `folder` with the one at `active_folder` over the 90 days before
    `now` (outcomes matured by then), save the report (HTML and JSON); None if they are the
    same model."""
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.monitoring.compare_report import headline, html_report
    from pad_desktop.monitoring.replay import compare

    active = Scorer.from_path(str(active_folder))
    candidate = Scorer.from_path(str(folder))
    if candidate.bundle.sha256 == active.bundle.sha256:
        return None
    result = compare(log, active, candidate, now.date(), now - timedelta(days=EVIDENCE_DAYS))
    sha = result.sha256()
    page = report_path(sha)
    page.write_text(html_report(result, lang), encoding="utf-8")
    page.with_suffix(".json").write_text(
        json.dumps(result.as_json(), indent=2, ensure_ascii=False), encoding="utf-8"
    )
    return Evidence(sha, page, headline(result, lang))
