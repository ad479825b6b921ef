"""`optimize_bundle`: dense graph written into a bundle, recorded, refused when unfaithful."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
import yaml

from pad_desktop.model import onnx_graphs
from pad_desktop.model.onnx_graphs import (
    ParityError,
    graph_kind,
    optimize_bundle,
    random_rows,
    session,
    standard_graph,
)
from pad_desktop.model.trees import UnsupportedForest, forest_from_catboost
from tests.trees.helpers import fit


def _bundle(root: Path, model) -> Path:
    bundle = root / "bundle"
    bundle.mkdir()
    model.save_model(str(bundle / "model.cbm"))
    proto = standard_graph(model, forest_from_catboost(model))
    proto.metadata_props.add(key="lead.threshold", value="0.42")
    onnx.save(proto, str(bundle / "model.onnx"))
    (bundle / "MLmodel").write_text(
        yaml.safe_dump(
            {"flavors": {"onnx": {"data": "model.onnx"}}, "metadata": {"pad_desktop": {"t": 1}}}
        )
    )
    return bundle


@pytest.fixture()
def bundle(tmp_path: Path, fitted) -> Path:
    return _bundle(tmp_path, fitted[0])


def test_optimize_in_place_writes_the_dense_graph_and_records_it(bundle: Path, fitted) -> None:
    assert optimize_bundle(bundle) == bundle
    proto = onnx.load(str(bundle / "model.onnx"))
    assert graph_kind(proto) == "dense"
    assert {p.key: p.value for p in proto.metadata_props}["lead.threshold"] == "0.42"
    metadata = yaml.safe_load((bundle / "MLmodel").read_text())["metadata"]["pad_desktop"]
    assert metadata == {"t": 1, "graph": "dense"}
    X = random_rows(fitted[1], 2000, np.random.default_rng(3))
    probabilities = session(proto).run(["probabilities"], {"features": X})[0]
    assert np.abs(probabilities - fitted[0].predict_proba(X)).max() <= 1e-6


def test_optimize_into_a_copy_leaves_the_original(bundle: Path, tmp_path: Path) -> None:
    before = (bundle / "model.onnx").read_bytes()
    out = optimize_bundle(bundle, tmp_path / "optimized")
    assert (bundle / "model.onnx").read_bytes() == before
    assert graph_kind(onnx.load(str(out / "model.onnx"))) == "dense"
    assert (out / "model.cbm").is_file()


def test_parity_failure_writes_nothing(bundle: Path, monkeypatch) -> None:
    before = (bundle / "model.onnx").read_bytes()
    monkeypatch.setattr(onnx_graphs, "PARITY_TOLERANCE", -1.0)
    with pytest.raises(ParityError, match="nothing written"):
        optimize_bundle(bundle)
    assert (bundle / "model.onnx").read_bytes() == before


def test_unsupported_model_keeps_the_standard_graph(tmp_path: Path, data) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    fit(*data, iterations=5, grow_policy="Lossguide").save_model(str(bundle / "model.cbm"))
    with pytest.raises(UnsupportedForest, match="non-symmetric"):
        optimize_bundle(bundle)
    assert not (bundle / "model.onnx").exists()


def test_missing_cbm_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"model\.cbm"):
        optimize_bundle(tmp_path)
