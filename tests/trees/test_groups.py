"""Trees merged into groups in the dense graph (issue 32): fewer table lookups, same results.

A group of oblivious trees is scored as one wider oblivious tree (its distinct splits are its
levels, at most 8): one table lookup per (group, feature) instead of one per (tree, feature).
Checked on a depth-4 model shaped like the shipped one (18 inputs), on a depth-6 model shaped
like the original service's (15 numeric inputs), and on synthetic trees sharing splits in
another level order, against CatBoost and the numpy reference.
"""

from __future__ import annotations

import numpy as np
import pytest
from catboost import CatBoostClassifier

from pad_desktop.model.onnx_graphs import (
    MAX_CHUNK_ROWS,
    MIN_CHUNK_ROWS,
    _DenseTables,
    _grouping,
    chunk_rows_for,
    dense_graph,
    random_rows,
    session,
)
from pad_desktop.model.trees import (
    ObliviousForest,
    ObliviousTree,
    forest_from_catboost,
    forest_predict,
    sigmoid,
)
from tests.trees.helpers import fit, training_data


def _lookups(forest: ObliviousForest) -> int:
    """Table lookups per row of the dense graph, padding included."""
    return len(_DenseTables.build(forest).arrays["pair_trees"])


def _check(model: CatBoostClassifier, forest: ObliviousForest, X: np.ndarray) -> None:
    label, probabilities, contributions = session(dense_graph(forest)).run(None, {"features": X})
    assert np.abs(probabilities - model.predict_proba(X)).max() <= 1e-6
    raw, reference = forest_predict(forest, X)
    np.testing.assert_array_equal(label, (raw > 0).astype(np.int64))
    np.testing.assert_allclose(contributions, reference, rtol=0, atol=1e-5)


@pytest.fixture(scope="module")
def depth4() -> tuple[CatBoostClassifier, ObliviousForest, np.ndarray]:
    X, y = training_data(3000, 18, seed=4)
    model = fit(X, y, depth=4, iterations=200)
    return model, forest_from_catboost(model), X


@pytest.fixture(scope="module")
def depth6() -> tuple[CatBoostClassifier, ObliviousForest, np.ndarray]:
    rng = np.random.default_rng(6)
    X = rng.normal(size=(3000, 15)).astype(np.float32)
    y = (X[:, 0] + X[:, 1] ** 2 - X[:, 2] * X[:, 3] + rng.normal(size=len(X)) > 1).astype(int)
    model = fit(X, y, depth=6, iterations=80)
    return model, forest_from_catboost(model), X


def test_depth4_trees_are_merged_into_groups_of_at_most_8_splits(depth4) -> None:
    _, forest, _ = depth4
    groups = _grouping(forest)
    members = sorted(t for g in groups for t in g.members)
    assert members == [t for t, tree in enumerate(forest.trees) if tree.depth]
    assert all(len(g.splits) <= 8 for g in groups)
    assert len(groups) < len(forest.trees) / 2
    # one lookup per (tree, feature) before; grouped, well under that even with padding
    per_tree_pairs = sum(len(set(tree.features)) for tree in forest.trees)
    assert _lookups(forest) < 0.75 * per_tree_pairs


def test_depth4_grouped_graph_matches_catboost(depth4) -> None:
    model, forest, X = depth4
    rows = np.vstack([X, random_rows(forest, 20_000, np.random.default_rng(1))])
    _check(model, forest, rows)


def test_depth6_service_shape_matches_catboost(depth6) -> None:
    model, forest, X = depth6
    assert forest.max_depth == 6 and forest.n_features == 15
    # depth-6 trees only merge with trees sharing splits (a group stays at 64 leaves)
    assert all(len(g.splits) <= 6 for g in _grouping(forest))
    rows = np.vstack([X, random_rows(forest, 20_000, np.random.default_rng(2))])
    _check(model, forest, rows)


def test_trees_sharing_splits_in_another_order_are_scored_exactly() -> None:
    # tree 1 splits on tree 0's borders in reverse order, plus one of its own; tree 2 repeats
    # a split at two levels: the group's bits must map back to each tree's own leaf index
    rng = np.random.default_rng(3)

    def tree(features: tuple[int, ...], borders: tuple[float, ...]) -> ObliviousTree:
        n = 1 << len(features)
        return ObliviousTree(
            features,
            borders,
            tuple(float(v) for v in rng.normal(size=n)),
            tuple(float(w) for w in rng.integers(1, 9, size=n)),
        )

    forest = ObliviousForest(
        trees=(
            tree((0, 1, 2), (0.0, 0.5, -0.25)),
            tree((2, 1, 0, 3), (-0.25, 0.5, 0.0, 1.0)),
            tree((1, 1, 3), (0.5, 0.5, -1.0)),
        ),
        scale=0.5,
        bias=0.1,
        nan_modes=("Min", "Max", "Min", "Min"),
        n_features=4,
    )
    groups = _grouping(forest)
    assert len(groups) == 1 and len(groups[0].splits) == 5  # 9 levels, 5 distinct splits
    X = rng.choice(
        np.array([-2, -1, -0.25, 0, 0.3, 0.5, 1, 2, np.nan], dtype=np.float32), size=(500, 4)
    )
    raw, reference = forest_predict(forest, X)
    _, probabilities, contributions = session(dense_graph(forest)).run(None, {"features": X})
    np.testing.assert_allclose(probabilities[:, 1], sigmoid(raw), rtol=0, atol=1e-6)
    np.testing.assert_allclose(contributions, reference, rtol=0, atol=1e-5)


def test_groups_are_deterministic(depth4) -> None:
    _, forest, _ = depth4
    assert _grouping(forest) == _grouping(forest)


@pytest.mark.parametrize(
    ("pairs", "rows"), [(1, MAX_CHUNK_ROWS), (900, 1024), (2500, 256), (10**6, MIN_CHUNK_ROWS)]
)
def test_chunk_rows_follow_the_lookups_per_row(pairs: int, rows: int) -> None:
    assert chunk_rows_for(pairs) == rows
