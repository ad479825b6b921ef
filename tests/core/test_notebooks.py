"""The training notebook runs top to bottom against the package."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from notebook_runner import run_notebook


def test_training_notebook_executes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PAD_NOTEBOOK_OUT", str(tmp_path))
    printed = run_notebook("training.ipynb", tmp_path)
    assert "same model.onnx as resources/model: True" in printed
    assert "P(default) = " in printed
    assert (tmp_path / "bundle" / "model.onnx").exists()
