"""The probability graph (issue 32): a forest's label and probabilities without contributions.

It must give CatBoost's probabilities to 1e-6 on rows spanning every border, values exactly on
borders and NaN (per feature's nan mode, as the dense graph), in both its branches (the dense
chunks and the tree walk of up to 8 rows); compiled from a bundle's own `model.onnx` it is the
very graph compiled from `model.cbm`; and the paths that now score with it (`Scorer.
probabilities`: replay and `model compare`, the challenger's shadow scores, the counterfactual
grid, the reference population) give the figures they gave with the bundle's dense graph.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import onnx
import pandas as pd
import pytest
from catboost import CatBoostClassifier

from pad_desktop.model import onnx_graphs
from pad_desktop.model.counterfactual import search
from pad_desktop.model.explain import Population
from pad_desktop.model.onnx_graphs import (
    WALK_MAX_ROWS,
    dense_graph,
    forest_from_graph,
    probability_graph,
    probability_graph_of,
    random_rows,
    session,
    standard_graph,
)
from pad_desktop.model.scoring import Scorer
from pad_desktop.model.trees import ObliviousForest, UnsupportedForest, forest_from_catboost
from tests.trees.helpers import fit, training_data

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "resources" / "model"


@pytest.fixture(scope="module", params=["shipped", "depth6-Min", "depth6-Max"])
def model(request: pytest.FixtureRequest) -> tuple[CatBoostClassifier, ObliviousForest]:
    """The shipped bundle's model (500 trees of depth 4, 18 inputs), and depth-6 models shaped
    like the original service's (15 inputs, NaN in training) with either nan mode."""
    if request.param == "shipped":
        fitted = CatBoostClassifier()
        fitted.load_model(str(SHIPPED / "model.cbm"))
    else:
        X, y = training_data(3000, 15, seed=6)
        fitted = fit(X, y, depth=6, iterations=60, nan_mode=request.param.split("-")[1])
    return fitted, forest_from_catboost(fitted)


def test_probabilities_equal_catboosts_in_both_branches(model) -> None:
    fitted, forest = model
    X = random_rows(forest, 20_000, np.random.default_rng(3))  # borders, on-border values, NaN
    assert np.isnan(X).any()
    run = session(probability_graph(forest)).run
    expected = fitted.predict_proba(X)
    label, probabilities = run(None, {"features": X})
    assert np.abs(probabilities - expected).max() <= 1e-6
    clear = np.abs(expected[:, 1] - 0.5) > 1e-6
    np.testing.assert_array_equal(label[clear], (expected[clear, 1] > 0.5).astype(np.int64))
    few = np.concatenate(
        [run(None, {"features": X[i : i + WALK_MAX_ROWS]})[1] for i in range(0, 400, WALK_MAX_ROWS)]
    )
    assert np.abs(few - expected[: len(few)]).max() <= 1e-6
    assert run(None, {"features": X[:0]})[1].shape == (0, 2)


def test_every_border_row_width_gives_catboosts_probabilities(model, monkeypatch) -> None:
    """All borders are compared in rows of one feature (width chosen per forest, padded with
    +inf); whatever the width, every split reads its own border's bit."""
    fitted, forest = model
    X = random_rows(forest, 3_000, np.random.default_rng(7))
    expected = fitted.predict_proba(X)
    for width in onnx_graphs.BORDER_ROW_WIDTHS:
        monkeypatch.setattr(onnx_graphs, "BORDER_ROW_WIDTHS", (width,))
        probabilities = session(probability_graph(forest)).run(None, {"features": X})[1]
        assert np.abs(probabilities - expected).max() <= 1e-6, width


def test_any_batch_size_scores_each_row_alike(model) -> None:
    """Rows are padded to chunks of a multiple of 8 rows; the padding never shows."""
    fitted, forest = model
    X = random_rows(forest, 3_001, np.random.default_rng(8))
    run = session(probability_graph(forest, chunk_rows=1000)).run
    whole = run(None, {"features": X})[1]
    assert np.abs(whole - fitted.predict_proba(X)).max() <= 1e-6
    for n in (9, 999, 1001, 2049):  # 1, 1, 2 and 3 chunks, of 1000, 1000, 504 and 688 rows
        label, probabilities = run(None, {"features": X[:n]})
        assert label.shape == (n,) and probabilities.shape == (n, 2)
        assert np.abs(probabilities - whole[:n]).max() <= 2e-7


def test_the_forest_read_back_from_a_dense_graph_compiles_the_same_graph(model) -> None:
    fitted, forest = model
    again = forest_from_graph(dense_graph(forest))
    assert probability_graph(again).SerializeToString() == (
        probability_graph(forest).SerializeToString()
    )
    with pytest.raises(UnsupportedForest):
        forest_from_graph(standard_graph(fitted, forest))


def test_compiled_from_the_dense_graph_it_scores_the_same(model) -> None:
    """`probability_graph_of` reads the dense graph's groups and walk back (no regrouping).

    A tree whose splits all lie in an earlier group joins that group when read back, which
    scores it identically; the float32 block sums may then round differently (1 ulp)."""
    fitted, forest = model
    X = random_rows(forest, 5_000, np.random.default_rng(4))
    ours = session(probability_graph_of(dense_graph(forest))).run
    regrouped = session(probability_graph(forest)).run
    probabilities = ours(None, {"features": X})[1]
    assert np.abs(probabilities - regrouped(None, {"features": X})[1]).max() <= 2e-7
    assert np.abs(probabilities - fitted.predict_proba(X)).max() <= 1e-6
    few = ours(None, {"features": X[:WALK_MAX_ROWS]})[1]
    assert np.abs(few - fitted.predict_proba(X[:WALK_MAX_ROWS])).max() <= 1e-6


def test_the_shipped_bundles_graph_gives_its_probability_graph() -> None:
    fitted = CatBoostClassifier()
    fitted.load_model(str(SHIPPED / "model.cbm"))
    shipped = forest_from_graph(onnx.load(str(SHIPPED / "model.onnx")))
    assert probability_graph(shipped).SerializeToString() == (
        probability_graph(forest_from_catboost(fitted)).SerializeToString()
    )


def _as_before(scorer: Scorer) -> Scorer:
    """The scorer with `probabilities` through the bundle's own (dense) graph, as before."""
    scorer._probability_graph._compiled = True  # no probability graph: the fallback
    return scorer


@pytest.fixture(scope="module")
def scorers() -> tuple[Scorer, Scorer]:
    return Scorer.from_path(str(SHIPPED), threads=1), _as_before(Scorer.from_path(str(SHIPPED)))


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return pd.read_csv(SHIPPED / "reference.csv")


def test_scorer_probabilities_run_the_probability_graph(scorers, reference) -> None:
    new, old = scorers
    matrix = new.signature.validate_frame(reference[new.signature.names]).matrix
    forest = forest_from_graph(onnx.load(str(SHIPPED / "model.onnx")))
    rows = np.concatenate([matrix, random_rows(forest, 10_000, np.random.default_rng(5))])
    probabilities = new.probabilities(rows)
    assert new._probability_graph.session() is not None  # compiled on that first call
    assert np.abs(probabilities - old.probabilities(rows)).max() <= 1e-6
    assert np.abs(probabilities - new.predict(rows).probabilities).max() <= 1e-6
    for i in range(0, 64, 8):  # the walk branch too
        assert np.abs(new.probabilities(rows[i : i + 3]) - probabilities[i : i + 3]).max() <= 1e-6
    copy = new.with_signature(new.signature)  # copies share the compiled graph
    assert copy._probability_graph is new._probability_graph


def test_a_standard_graph_bundle_keeps_its_own_graph(tmp_path: Path, reference) -> None:
    bundle = tmp_path / "standard"
    shutil.copytree(SHIPPED, bundle)
    fitted = CatBoostClassifier()
    fitted.load_model(str(SHIPPED / "model.cbm"))
    onnx.save(standard_graph(fitted, forest_from_catboost(fitted)), str(bundle / "model.onnx"))
    scorer = Scorer.from_path(str(bundle), threads=1)
    matrix = scorer.signature.validate_frame(reference[scorer.signature.names]).matrix
    probabilities = scorer.probabilities(matrix)
    assert scorer._probability_graph.session() is None
    np.testing.assert_array_equal(probabilities, scorer.predict(matrix).probabilities)


def test_the_counterfactual_and_the_population_are_unchanged(scorers, reference) -> None:
    new, old = scorers
    names = new.signature.names
    assert np.abs(Population(new).probabilities - Population(old).probabilities).max() <= 1e-6
    matrix = new.signature.validate_frame(reference[names]).matrix
    refused = np.flatnonzero(old.probabilities(matrix) >= old.threshold)[:8]
    assert len(refused) == 8
    pop_new, pop_old = Population(new), Population(old)
    found = 0
    for i in refused:
        clean = new.signature.validate(reference.iloc[i][names].to_dict())
        row = new.signature.encode_row(clean)[0]
        a, b = search(new, clean, row, pop_new), search(old, clean, row, pop_old)
        assert (a.changes, a.outcome, a.message) == (b.changes, b.outcome, b.message)
        found += a.changes is not None
        assert a.probability == pytest.approx(b.probability, abs=1e-6)
        assert a.distance == pytest.approx(b.distance, abs=1e-9)
    assert found >= 3  # changes found: the grids were scored
