"""A quick training (25 trees, 2 folds) tracked in its own SQLite MLflow store."""

from __future__ import annotations

from pathlib import Path

from pad_desktop.model.training import TrainParams, TrainResult, train

QUICK = TrainParams(iterations=25, cv_folds=2)


def quick_training(root: Path) -> tuple[TrainResult, str]:
    uri = f"sqlite:///{root / 'mlflow.db'}"
    return train(out_dir=root / "bundle", params=QUICK, tracking_uri=uri), uri
