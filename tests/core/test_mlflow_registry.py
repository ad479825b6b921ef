"""MLflow as IT uses it: every trained model registered, the data set logged as the run's
input, an explicit promotion to `champion`, the bundle rebuilt from the run alone, and a
signature that MLflow's own pyfunc loader can predict with."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from pad_desktop.cli import main
from pad_desktop.model.bundle import load_bundle
from pad_desktop.model.scoring import Scorer
from pad_desktop.model.training import REGISTERED_MODEL, train
from tests.core.quick_training import QUICK, quick_training


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory):
    return quick_training(tmp_path_factory.mktemp("registry"))


def _client(uri: str):
    from mlflow import MlflowClient

    return MlflowClient(tracking_uri=uri)


def _from_run(run_id: str, out: Path, uri: str) -> int:
    return main(["model", "from-run", run_id, "-o", str(out), "--tracking-uri", uri])


def _inputs(bundle_dir: Path) -> pd.DataFrame:
    return load_bundle(bundle_dir).reference().drop(columns=["expected_probability", "defaulted"])


def test_training_registers_a_version_and_logs_its_data_set(trained) -> None:
    result, uri = trained
    client = _client(uri)
    version = client.get_model_version(REGISTERED_MODEL, result.registered_version)
    assert (result.registered_name, version.run_id) == (REGISTERED_MODEL, result.run_id)
    assert result.model_id in version.source  # models:/<the run's logged model>
    assert client.get_registered_model(REGISTERED_MODEL).aliases == {}  # nobody promoted it
    inputs = client.get_run(result.run_id).inputs.dataset_inputs
    assert [(i.dataset.name, i.tags[0].value) for i in inputs] == [("german_credit", "training")]
    data = Path(__file__).resolve().parents[2] / "resources" / "data" / "german_credit.csv"
    assert inputs[0].dataset.source == json.dumps({"uri": str(data)})
    assert '"num_rows": 1000' in inputs[0].dataset.profile


def test_promote_sets_the_champion_alias(trained, capsys: pytest.CaptureFixture[str]) -> None:
    result, uri = trained
    again = train(
        out_dir=Path(uri.removeprefix("sqlite:///")).parent / "v2", params=QUICK, tracking_uri=uri
    )
    assert int(again.registered_version) == int(result.registered_version) + 1
    assert main(["model", "promote", result.registered_version, "--tracking-uri", uri]) == 0
    assert f"champion -> version {result.registered_version}" in capsys.readouterr().out
    client = _client(uri)
    assert client.get_model_version_by_alias(REGISTERED_MODEL, "champion").run_id == result.run_id
    assert main(["model", "promote", "--tracking-uri", uri]) == 0  # the newest by default
    assert client.get_model_version_by_alias(REGISTERED_MODEL, "champion").run_id == again.run_id
    assert f"(was version {result.registered_version})" in capsys.readouterr().out
    assert main(["model", "promote", "99", "--tracking-uri", uri]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "version 99" in err


def test_from_run_rebuilds_the_bundle_that_scores_the_same(trained, tmp_path: Path) -> None:
    result, uri = trained
    rebuilt = tmp_path / "rebuilt"
    assert _from_run(result.run_id, rebuilt, uri) == 0
    files = {p.name for p in result.bundle_dir.iterdir()}
    assert {"MLmodel", "model.onnx", "reference.csv", "README.md", "model.cbm"} <= files
    from mlflow.artifacts import download_artifacts

    in_run = download_artifacts(
        f"runs:/{result.run_id}/model", dst_path=str(tmp_path / "run"), tracking_uri=uri
    )
    assert {p.name for p in Path(in_run).iterdir()} >= files - {"registered_model_meta"}
    assert {p.name for p in rebuilt.iterdir()} == files
    for name in files:
        assert (rebuilt / name).read_bytes() == (result.bundle_dir / name).read_bytes(), name
    frame = _inputs(rebuilt)
    original = Scorer.from_path(str(result.bundle_dir)).score_frame(frame).probabilities
    again = Scorer.from_path(str(rebuilt)).score_frame(frame).probabilities
    np.testing.assert_array_equal(again, original)
    assert _from_run("0" * 32, tmp_path / "x", uri) == 1


def _no_temporary_path(bundle_dir: Path) -> None:
    doc = yaml.safe_load((bundle_dir / "MLmodel").read_text(encoding="utf-8"))
    assert "artifact_path" not in doc
    assert "/tmp" not in (bundle_dir / "MLmodel").read_text(encoding="utf-8")


@pytest.mark.parametrize("which", ["trained", "shipped"])
def test_mlflow_pyfunc_predicts_the_apps_probabilities(which, trained, default_bundle_dir) -> None:
    import mlflow.pyfunc

    bundle_dir = trained[0].bundle_dir if which == "trained" else default_bundle_dir
    _no_temporary_path(bundle_dir)
    frame = _inputs(bundle_dir).head(200)
    model = mlflow.pyfunc.load_model(str(bundle_dir))
    names = [c.name for c in model.metadata.get_input_schema().inputs]
    assert names == list(frame.columns)  # the raw columns officers type, as declared
    predicted = model.predict(frame)["probability_of_default"].to_numpy()
    expected = Scorer.from_path(str(bundle_dir)).score_frame(frame).probabilities
    np.testing.assert_allclose(predicted, expected, rtol=0, atol=1e-12)
    reference = load_bundle(bundle_dir).reference()["expected_probability"].head(200)
    np.testing.assert_allclose(predicted, reference, atol=1e-6)
    broken = frame.head(2).assign(purpose="holidays")
    with pytest.raises(Exception, match="holidays"):
        model.predict(broken)


@pytest.mark.slow
def test_full_training_chain_reproduces_the_shipped_bundle(default_bundle_dir, tmp_path) -> None:
    """Train as shipped, register, promote, rebuild from the run: the shipped model's scores."""
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    result = train(out_dir=tmp_path / "full", tracking_uri=uri)
    assert main(["model", "promote", "--tracking-uri", uri]) == 0
    champion = _client(uri).get_model_version_by_alias(REGISTERED_MODEL, "champion")
    rebuilt = tmp_path / "rebuilt"
    assert _from_run(champion.run_id, rebuilt, uri) == 0
    shipped = (default_bundle_dir / "model.onnx").read_bytes()
    assert hashlib.sha256((rebuilt / "model.onnx").read_bytes()).hexdigest() == result.onnx_sha256
    assert (rebuilt / "model.onnx").read_bytes() == shipped
    frame = _inputs(default_bundle_dir)
    np.testing.assert_array_equal(
        Scorer.from_path(str(rebuilt)).score_frame(frame).probabilities,
        Scorer.from_path(str(default_bundle_dir)).score_frame(frame).probabilities,
    )
