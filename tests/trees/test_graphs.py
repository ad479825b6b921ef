"""Standard and dense ONNX graphs in ONNX Runtime against CatBoost and the numpy reference."""

from __future__ import annotations

import hashlib

import numpy as np
import onnx
import pytest

from pad_desktop.model.onnx_graphs import (
    CHUNK_ROWS,
    EXPECTED_VALUE_KEY,
    WALK_MAX_ROWS,
    best_graph,
    dense_graph,
    graph_kind,
    random_rows,
    session,
    standard_graph,
)
from pad_desktop.model.trees import forest_from_catboost, forest_predict, saabas_tables
from tests.trees.helpers import fit

TOLERANCE_P = 1e-6
TOLERANCE_LOGIT = 1e-5


@pytest.fixture(scope="module")
def graphs(fitted):
    model, forest = fitted
    return {
        "standard": standard_graph(model, forest),
        "dense": dense_graph(forest, chunk_rows=CHUNK_ROWS),
    }


@pytest.fixture(scope="module")
def random_100k(fitted) -> np.ndarray:
    return random_rows(fitted[1], 100_000, np.random.default_rng(7))


def _check_against_catboost(model, forest, proto: onnx.ModelProto, X: np.ndarray) -> None:
    label, probabilities, contributions = session(proto).run(None, {"features": X})
    assert probabilities.dtype == np.float32 and probabilities.shape == (len(X), 2)
    assert contributions.dtype == np.float32 and contributions.shape == (len(X), forest.n_features)
    worst = np.abs(probabilities - model.predict_proba(X)).max()
    assert worst <= TOLERANCE_P, f"{graph_kind(proto)}: max |dp| = {worst}"
    raw = model.predict(X, prediction_type="RawFormulaVal")
    np.testing.assert_array_equal(label, (raw > 0).astype(np.int64))
    total = contributions.sum(axis=1, dtype=np.float64) + saabas_tables(forest).expected_value
    np.testing.assert_allclose(total, raw, rtol=0, atol=TOLERANCE_LOGIT)
    _, reference = forest_predict(forest, X)
    np.testing.assert_allclose(contributions, reference, rtol=0, atol=TOLERANCE_LOGIT)


@pytest.mark.parametrize("kind", ["standard", "dense"])
def test_parity_on_training_data(kind: str, fitted, graphs, data) -> None:
    _check_against_catboost(*fitted, graphs[kind], data[0])


@pytest.mark.parametrize("kind", ["standard", "dense"])
def test_parity_on_100k_random_rows(kind: str, fitted, graphs, random_100k) -> None:
    _check_against_catboost(*fitted, graphs[kind], random_100k)


@pytest.mark.parametrize(
    "n_rows",
    [1, WALK_MAX_ROWS, WALK_MAX_ROWS + 1, CHUNK_ROWS - 1, CHUNK_ROWS + 1, 3 * CHUNK_ROWS + 7],
)
def test_dense_batch_sizes_around_branch_and_chunk_edges(
    n_rows: int, fitted, graphs, random_100k
) -> None:
    _check_against_catboost(*fitted, graphs["dense"], random_100k[:n_rows])


def test_dense_walk_branch_on_many_small_batches(fitted, graphs, random_100k) -> None:
    """Batches of at most WALK_MAX_ROWS rows walk the trees (float64 sums) instead."""
    model, forest = fitted
    run = session(graphs["dense"]).run
    X = random_100k[:4000]
    parts = [
        run(None, {"features": X[i : i + WALK_MAX_ROWS]}) for i in range(0, len(X), WALK_MAX_ROWS)
    ]
    label, probabilities, contributions = (np.concatenate(p) for p in zip(*parts, strict=True))
    assert np.abs(probabilities - model.predict_proba(X)).max() <= TOLERANCE_P
    raw, reference = forest_predict(forest, X)
    np.testing.assert_array_equal(label, (raw > 0).astype(np.int64))
    np.testing.assert_allclose(contributions, reference, rtol=0, atol=TOLERANCE_LOGIT)


def test_standard_graph_is_right_with_a_bias(data) -> None:
    # CatBoost's export puts the bias in base_values, which ONNX Runtime mis-signs
    model = fit(*data, iterations=30, boost_from_average=True)
    forest = forest_from_catboost(model)
    assert forest.bias != 0.0
    _check_against_catboost(model, forest, standard_graph(model, forest), data[0])
    _check_against_catboost(model, forest, dense_graph(forest), data[0])


def test_dense_handles_an_empty_batch(fitted, graphs) -> None:
    X = np.zeros((0, fitted[1].n_features), dtype=np.float32)
    label, probabilities, contributions = session(graphs["dense"]).run(None, {"features": X})
    assert label.shape == (0,) and probabilities.shape == (0, 2)
    assert contributions.shape == (0, fitted[1].n_features)


def test_contributions_equal_between_graphs(graphs, random_100k) -> None:
    X = random_100k[:5000]
    standard = session(graphs["standard"]).run(["contributions"], {"features": X})[0]
    dense = session(graphs["dense"], threads=2).run(["contributions"], {"features": X})[0]
    np.testing.assert_allclose(standard, dense, rtol=0, atol=TOLERANCE_LOGIT)


def test_graphs_record_their_kind_and_expected_value(fitted, graphs) -> None:
    expected = saabas_tables(fitted[1]).expected_value
    for kind, proto in graphs.items():
        assert graph_kind(proto) == kind
        metadata = {p.key: p.value for p in proto.metadata_props}
        assert float(metadata[EXPECTED_VALUE_KEY]) == expected
        assert "train_finish_time" not in metadata


def test_two_trainings_give_byte_identical_graphs(data) -> None:
    digests = []
    for _ in range(2):
        model = fit(*data, iterations=40)
        forest = forest_from_catboost(model)
        digests.append(
            tuple(
                hashlib.sha256(proto.SerializeToString()).hexdigest()
                for proto in (standard_graph(model, forest), dense_graph(forest))
            )
        )
    assert digests[0] == digests[1]


def test_best_graph_falls_back_to_standard_with_the_reason(data) -> None:
    proto, reason = best_graph(fit(*data, iterations=5, depth=10))
    assert graph_kind(proto) == "standard"
    assert reason is not None and "deeper than 8" in reason
    proto, reason = best_graph(fit(*data, iterations=5))
    assert (graph_kind(proto), reason) == ("dense", None)
