"""Training: deterministic, parity-checked, audited, tracked; the shipped bundle is its output."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from pad_desktop.model.bundle import load_bundle
from pad_desktop.model.training import best_threshold, decision_cost, train
from tests.core.quick_training import QUICK, quick_training


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory):
    return quick_training(tmp_path_factory.mktemp("train"))


def test_a_trained_bundle_scores_raw_applicants(quick_run) -> None:
    from pad_desktop.model.scoring import Scorer

    result, _ = quick_run
    scorer = Scorer.from_path(str(result.bundle_dir), threads=1)
    assert scorer.threshold == result.threshold
    assert result.metrics["onnx_parity_max_abs"] <= 1e-5
    outcome = scorer.score(dict(scorer.signature.example))
    assert 0.0 < outcome.probability < 1.0 and outcome.reasons


def test_the_run_is_tracked_in_mlflow(quick_run) -> None:
    from mlflow.tracking import MlflowClient

    result, uri = quick_run
    run = MlflowClient(tracking_uri=uri).get_run(result.run_id)
    assert run.data.params["iterations"] == "25"
    assert {"test_auc", "test_cost", "threshold", "cv_auc"} <= set(run.data.metrics)
    artifacts = {a.path for a in MlflowClient(tracking_uri=uri).list_artifacts(result.run_id)}
    assert {"fairness.json", "confusion.json", "README.md"} <= artifacts
    logged = MlflowClient(tracking_uri=uri).get_logged_model(result.model_id)
    assert logged.source_run_id == result.run_id
    assert load_bundle(result.bundle_dir).id == result.model_id


def test_fairness_audit_covers_protected_groups(quick_run) -> None:
    result, _ = quick_run
    assert set(result.fairness) == {"personal_status_and_sex", "foreign_worker", "age_band"}
    groups = result.fairness["foreign_worker"]["by_group"]
    assert set(groups) == {"yes", "no"}
    assert {"approval_rate", "tpr", "fpr", "count"} <= set(groups["yes"])
    assert sum(g["count"] for g in groups.values()) == 200  # the whole test split


def test_training_is_deterministic(quick_run, tmp_path: Path) -> None:
    result, uri = quick_run
    again = train(out_dir=tmp_path / "again", params=QUICK, tracking_uri=uri)
    assert again.onnx_sha256 == result.onnx_sha256


def test_threshold_minimises_the_datasets_cost() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 500)
    p = np.clip(y * 0.3 + rng.uniform(0, 0.7, 500), 0, 1)
    threshold, cost = best_threshold(y, p)
    assert cost == pytest.approx(decision_cost(y, p, threshold))
    for other in np.arange(0.01, 1.0, 0.01):
        assert decision_cost(y, p, float(other)) >= cost - 1e-12


@pytest.mark.slow
def test_the_shipped_bundle_is_this_commands_output(default_bundle_dir: Path, tmp_path) -> None:
    result = train(out_dir=tmp_path / "full", tracking_uri=f"sqlite:///{tmp_path / 'mlflow.db'}")
    shipped = hashlib.sha256((default_bundle_dir / "model.onnx").read_bytes()).hexdigest()
    assert result.onnx_sha256 == shipped
    assert result.threshold == load_bundle(default_bundle_dir).threshold
