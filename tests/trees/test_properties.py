"""Property tests: random small forests, CatBoost-trained and synthetic (mixed depths, bias)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pad_desktop.model.onnx_graphs import dense_graph, random_rows, session, standard_graph
from pad_desktop.model.trees import (
    ObliviousForest,
    ObliviousTree,
    forest_from_catboost,
    forest_predict,
    sigmoid,
)
from tests.trees.helpers import fit, training_data

PROPERTY_SETTINGS = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(
    depth=st.integers(1, 6),
    iterations=st.integers(1, 30),
    n_features=st.integers(1, 20),
    nan_mode=st.sampled_from(["Min", "Max"]),
    seed=st.integers(0, 2**16),
)
def test_catboost_forests_compile_exactly(depth, iterations, n_features, nan_mode, seed) -> None:
    X, y = training_data(400, n_features, seed)
    model = fit(
        X, y, depth=depth, iterations=iterations, nan_mode=nan_mode, boost_from_average=True
    )
    forest = forest_from_catboost(model)
    rows = np.vstack([X, random_rows(forest, 300, np.random.default_rng(seed))])
    expected = model.predict_proba(rows)
    _, reference = forest_predict(forest, rows)
    for proto in (standard_graph(model, forest), dense_graph(forest, chunk_rows=64)):
        _, probabilities, contributions = session(proto).run(None, {"features": rows})
        assert np.abs(probabilities - expected).max() <= 1e-6
        np.testing.assert_allclose(contributions, reference, rtol=0, atol=1e-5)


@st.composite
def forests(draw) -> ObliviousForest:
    n_features = draw(st.integers(1, 20))
    trees = []
    for _ in range(draw(st.integers(1, 12))):
        depth = draw(st.integers(0, 6))
        values = np.random.default_rng(draw(st.integers(0, 2**16))).normal(size=1 << depth)
        trees.append(
            ObliviousTree(
                features=tuple(draw(st.integers(0, n_features - 1)) for _ in range(depth)),
                borders=tuple(
                    float(np.float32(draw(st.sampled_from([-1.0, -0.25, 0.0, 0.5]))))
                    for _ in range(depth)
                ),
                leaf_values=tuple(float(v) for v in values),
                leaf_weights=tuple(
                    float(w)
                    for w in draw(
                        st.lists(
                            st.sampled_from([0.0, 1.0, 5.0]),
                            min_size=1 << depth,
                            max_size=1 << depth,
                        )
                    )
                ),
            )
        )
    if not any(tree.depth for tree in trees):
        trees.append(ObliviousTree((0,), (0.0,), (0.3, -0.2), (1.0, 1.0)))
    return ObliviousForest(
        trees=tuple(trees),
        scale=draw(st.sampled_from([1.0, 0.5])),
        bias=draw(st.floats(-2, 2)),
        n_features=n_features,
        nan_modes=tuple(draw(st.sampled_from(["Min", "Max"])) for _ in range(n_features)),
    )


@settings(max_examples=40, deadline=None)
@given(forest=forests(), seed=st.integers(0, 2**16))
def test_dense_graph_matches_reference_on_synthetic_forests(forest, seed) -> None:
    rng = np.random.default_rng(seed)
    X = rng.choice(
        np.array([-2, -1, -0.25, 0, 0.3, 0.5, 2, np.nan], dtype=np.float32),
        size=(70, forest.n_features),
    )
    raw, reference = forest_predict(forest, X)
    for n_rows in (1, 70):  # the tree-walking branch and the dense branch
        label, probabilities, contributions = session(dense_graph(forest, chunk_rows=16)).run(
            None, {"features": X[:n_rows]}
        )
        np.testing.assert_allclose(probabilities[:, 1], sigmoid(raw[:n_rows]), atol=1e-6)
        np.testing.assert_allclose(contributions, reference[:n_rows], atol=1e-5)
        np.testing.assert_array_equal(label, (raw[:n_rows] > 0).astype(np.int64))
