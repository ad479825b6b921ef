"""A bundle as an MLflow model whose signature tells the truth.

The signature declares the applicant's raw columns (category labels as officers type them,
whole numbers), while `model.onnx` takes encoded floats. MLflow's own ONNX loader would feed
the raw frame to the graph and fail; the `python_function` flavor of our bundles therefore
names this module, which validates and encodes exactly as the app does:

    mlflow.pyfunc.load_model(bundle).predict(frame)  ->  the app's P(default), one per row

`save_model` is the flavor's writer, used by training through `mlflow.models.Model.log`.
MLflow is imported only by `save_model`: loading needs the app's scorer alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

OUTPUT = "probability_of_default"
# Files of a bundle that MLflow's ONNX writer does not produce itself.
EXTRA_FILES = ("reference.csv", "README.md", "model.cbm", "model.cb")


class BundleModel:
    """What `mlflow.pyfunc.load_model` wraps: the app's scorer over one bundle folder."""

    def __init__(self, bundle_dir: Path) -> None:
        from pad_desktop.model.scoring import Scorer

        self.scorer = Scorer.from_path(str(bundle_dir), threads=1)

    def predict(self, frame: pd.DataFrame, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """P(default) per row; a row the app would refuse to score raises with its reasons."""
        frame = pd.DataFrame(frame).reset_index(drop=True)
        scored = self.scorer.score_frame(frame)
        if not scored.valid.all():
            first = scored.errors.head(3)
            problems = "; ".join(
                f"row {int(i)}: {message}"
                for i, message in zip(first["index"], first["message"], strict=True)
            )
            raise ValueError(f"{int((~scored.valid).sum())} row(s) cannot be scored: {problems}")
        return pd.DataFrame({OUTPUT: np.asarray(scored.probabilities, dtype=np.float64)})


def _load_pyfunc(data_path: str) -> BundleModel:
    """MLflow's hook: `data_path` is the flavor's `data` entry, `model.onnx` in the bundle."""
    path = Path(data_path)
    return BundleModel(path.parent if path.is_file() else path)


def save_model(
    path: str,
    mlflow_model: Any,
    onnx_bytes: bytes,
    staging: Path,
    signature: Any,
    input_example: pd.DataFrame,
    pip_requirements: list[str],
) -> None:
    """Write an MLflow model directory that is a complete bundle (`Model.log`'s flavor hook).

    MLflow's ONNX writer lays out `MLmodel`, the environment files and the example; the exact
    graph bytes and the app's files from `staging` are added, and `python_function` is
    pointed at this module."""
    import mlflow.onnx
    import onnx

    mlflow.onnx.save_model(
        onnx.load_from_string(onnx_bytes),
        path,
        mlflow_model=mlflow_model,
        signature=signature,
        input_example=input_example,
        pip_requirements=pip_requirements,
        onnx_execution_providers=["CPUExecutionProvider"],
        save_as_external_data=False,
    )
    target = Path(path)
    (target / "model.onnx").write_bytes(onnx_bytes)  # exactly the bytes that were tested
    for name in EXTRA_FILES:
        if (staging / name).is_file():
            shutil.copy2(staging / name, target / name)
    mlflow_model.flavors["python_function"]["loader_module"] = __name__
    mlflow_model.save(str(target / "MLmodel"))
