"""`notebooks/drift_analysis.ipynb` runs top to bottom on a small decision log."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from pad_desktop.decisions import DecisionLog
from pad_desktop.scoring import Scorer
from pad_desktop.simulate import simulate

ROOT = Path(__file__).resolve().parents[2]


def test_drift_notebook_executes_and_writes_the_report(
    scorer: Scorer, decision_log: DecisionLog, tmp_path: Path
) -> None:
    # PAD_DATA_DIR / PAD_CACHE_DIR point at this test's folders; the kernel inherits them.
    simulate(scorer, decision_log, 600, 0.5, seed=21, days=10)
    notebook = nbformat.read(ROOT / "notebooks" / "drift_analysis.ipynb", as_version=4)
    workdir = tmp_path / "run"
    workdir.mkdir()
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    ).execute()
    printed = "".join(
        out.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )
    assert "DRIFT: " in printed and "in 600 decisions" in printed
    report = workdir / "data_drift_report.html"
    assert report.stat().st_size > 1_000_000
    assert "credit_amount" in report.read_text(encoding="utf-8")
