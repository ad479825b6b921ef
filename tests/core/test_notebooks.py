"""The training notebook runs top to bottom against the package."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]


def test_training_notebook_executes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PAD_NOTEBOOK_OUT", str(tmp_path))
    notebook = nbformat.read(ROOT / "notebooks" / "training.ipynb", as_version=4)
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    printed = "".join(
        out.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )
    assert "same model.onnx as resources/model: True" in printed
    assert "P(default) = " in printed
    assert (tmp_path / "bundle" / "model.onnx").exists()
