"""Exact contributions: the tabled TreeSHAP values equal CatBoost's own ShapValues.

Checked on the numpy tables and on the ONNX graphs' `contributions` output, for the shipped
bundle (18 German Credit fields, depth 4), for a bundle shaped like the original service's (15
numeric fields) and for deeper trees that split one feature at several levels and send NaN
either way. `ShapValues`' last column is CatBoost's expected value: the bundle's must agree.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from catboost import CatBoostClassifier, Pool

from pad_desktop.model.bundle import load_bundle
from pad_desktop.model.onnx_graphs import (
    EXPECTED_VALUE_KEY,
    dense_graph,
    optimize_bundle,
    random_rows,
    session,
    standard_graph,
)
from pad_desktop.model.scoring import Scorer
from pad_desktop.model.trees import forest_from_catboost, forest_predict, shap_tables
from tests.foreign_model import build_original_service_bundle, synthetic_applicants

TOLERANCE = 1e-6
RANDOM_ROWS = 100_000


def catboost_shap(model: CatBoostClassifier, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    values = model.get_feature_importance(data=Pool(X), type="ShapValues", thread_count=1)
    return values[:, :-1], values[:, -1]


def graph_contributions(proto, X: np.ndarray) -> np.ndarray:
    run = session(proto).run
    return run(["contributions"], {"features": X})[0].astype(np.float64)


def check_exact(
    model: CatBoostClassifier, X: np.ndarray, graphs: list, relative: bool = False
) -> None:
    forest = forest_from_catboost(model)
    expected, base = catboost_shap(model, X)
    raw, tabled = forest_predict(forest, X)
    assert np.abs(tabled - expected).max() <= TOLERANCE
    assert shap_tables(forest).expected_value == pytest.approx(base[0], abs=1e-12)
    assert np.abs(tabled.sum(axis=1) + base - raw).max() <= 1e-9
    # the graphs' output is float32: `relative` allows its rounding for values above 1
    scale = np.maximum(np.abs(expected), 1.0) if relative else 1.0
    for proto in graphs:
        got = graph_contributions(proto, X)
        assert (np.abs(got - expected) / scale).max() <= TOLERANCE, proto.graph.name
        # the few-rows branch of the dense graph walks the trees: the same values
        few = graph_contributions(proto, X[:5])
        assert np.abs(few - expected[:5]).max() <= TOLERANCE


@pytest.fixture(scope="module")
def shipped(default_bundle_dir: Path) -> tuple[CatBoostClassifier, Scorer]:
    model = CatBoostClassifier()
    model.load_model(str(default_bundle_dir / "model.cbm"))
    return model, Scorer.from_path(str(default_bundle_dir), threads=1)


def test_the_shipped_bundle_gives_catboosts_shap_values(shipped) -> None:
    model, scorer = shipped
    forest = forest_from_catboost(model)
    reference = scorer.bundle.reference()
    X = scorer.signature.validate_frame(reference[scorer.signature.names]).matrix
    shipped_graph = __import__("onnx").load(str(scorer.bundle.onnx_path))
    for rows in (X, random_rows(forest, RANDOM_ROWS, np.random.default_rng(7))):
        check_exact(model, rows, [shipped_graph, standard_graph(model, forest)])
    # what the app shows: Scorer.predict's contributions, and the bundle's expected value
    expected, base = catboost_shap(model, X)
    assert np.abs(scorer.predict(X).contributions - expected).max() <= TOLERANCE
    assert scorer.bundle.meta["expected_value"] == pytest.approx(base[0], abs=1e-12)
    metadata = session(shipped_graph).get_modelmeta().custom_metadata_map
    assert float(metadata[EXPECTED_VALUE_KEY]) == pytest.approx(base[0], abs=1e-12)


def test_a_bundle_shaped_like_the_original_services(tmp_path: Path) -> None:
    folder = build_original_service_bundle(tmp_path / "exported_model")
    shutil.copy(folder / "catboost.cbm", folder / "model.cb")
    optimize_bundle(folder)  # CatBoost's export replaced by the dense graph
    model = CatBoostClassifier()
    model.load_model(str(folder / "model.cb"))
    forest = forest_from_catboost(model)
    proto = __import__("onnx").load(str(folder / "model.onnx"))
    X, _ = synthetic_applicants(1000, seed=3)
    for rows in (X, random_rows(forest, RANDOM_ROWS, np.random.default_rng(8))):
        check_exact(model, rows, [proto, standard_graph(model, forest)])
    scorer = Scorer(load_bundle(folder), threads=1)
    expected, _ = catboost_shap(model, X)
    assert np.abs(scorer.predict(X).contributions - expected).max() <= TOLERANCE


def test_deep_trees_with_repeated_features_and_nans(fitted, data) -> None:
    model, forest = fitted
    assert any(len(set(t.features)) < t.depth for t in forest.trees)  # repeated features
    X, _ = data
    rows = np.concatenate([X, random_rows(forest, 20_000, np.random.default_rng(9))])
    check_exact(model, rows, [dense_graph(forest), standard_graph(model, forest)], relative=True)
