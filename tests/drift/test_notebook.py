"""`notebooks/drift_analysis.ipynb` runs top to bottom on a small decision log."""

from __future__ import annotations

import sys
from pathlib import Path

from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.records import Source
from pad_desktop.model.scoring import Scorer
from pad_desktop.service.simulate import simulate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from notebook_runner import run_notebook


def test_drift_notebook_executes_and_writes_the_report(
    scorer: Scorer, decision_log: DecisionLog, tmp_path: Path
) -> None:
    # PAD_DATA_DIR / PAD_CACHE_DIR point at this test's folders; the kernel inherits them.
    simulate(scorer, decision_log, 600, 0.5, seed=21, days=10, source=Source.FORM)
    workdir = tmp_path / "run"
    workdir.mkdir()
    printed = run_notebook("drift_analysis.ipynb", workdir)
    assert "DRIFT: " in printed and "in 600 decisions" in printed
    report = workdir / "data_drift_report.html"
    assert report.stat().st_size > 1_000_000
    assert "credit_amount" in report.read_text(encoding="utf-8")
