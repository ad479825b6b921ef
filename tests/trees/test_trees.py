"""The forest parser, the numpy reference scorer and the Saabas tables against CatBoost."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pad_desktop.model.trees import (
    ObliviousForest,
    ObliviousTree,
    UnsupportedForest,
    forest_from_catboost,
    forest_predict,
    saabas_tables,
)
from tests.trees.helpers import fit


def test_reference_scorer_reproduces_catboost_raw(fitted, data) -> None:
    model, forest = fitted
    X, _ = data
    raw, _ = forest_predict(forest, X)
    np.testing.assert_allclose(
        raw, model.predict(X, prediction_type="RawFormulaVal"), rtol=0, atol=1e-12
    )


def test_nan_mode_is_read_per_feature(fitted) -> None:
    model, forest = fitted
    assert set(forest.nan_modes) == {model.get_all_params()["nan_mode"]}
    assert forest.n_features == len(model.feature_names_)


def test_contributions_add_up_to_raw(fitted, data) -> None:
    model, forest = fitted
    X, _ = data
    _, contributions = forest_predict(forest, X)
    expected_value = saabas_tables(forest).expected_value
    np.testing.assert_allclose(
        contributions.sum(axis=1) + expected_value,
        model.predict(X, prediction_type="RawFormulaVal"),
        atol=1e-9,
    )


def test_saabas_follows_weighted_means_and_empty_nodes_inherit() -> None:
    # depth 2: level 0 on feature 0 (bit 0), level 1 on feature 1 (bit 1)
    tree = ObliviousTree(
        features=(0, 1),
        borders=(0.0, 0.0),
        leaf_values=(1.0, 3.0, 5.0, 7.0),
        leaf_weights=(1.0, 0.0, 3.0, 0.0),
    )
    forest = ObliviousForest((tree,), scale=2.0, bias=0.5, nan_modes=("Min", "Min"), n_features=2)
    tables = saabas_tables(forest)
    root = (1 * 1 + 5 * 3) / 4  # weighted mean 4.0
    assert tables.expected_value == pytest.approx(2 * root + 0.5)
    # leaf 1 (bit0=1, bit1=0): node "bit0=1" has no weight -> takes the root's value
    np.testing.assert_allclose(tables.contributions[0][:, 1], [0.0, 2 * (3.0 - root)])
    # leaf 2 (bit0=0, bit1=1): node "bit0=0" has mean (1*1+5*3)/4 = 4 as well
    np.testing.assert_allclose(tables.contributions[0][:, 2], [0.0, 2 * (5.0 - 4.0)])


def _unsupported_cases(data):
    X, y = data
    frame = pd.DataFrame(X[:, :3], columns=["a", "b", "c"]).assign(
        city=np.where(y == 1, "Lyon", "Paris")
    )
    yield "non-symmetric", lambda: fit(X, y, iterations=5, grow_policy="Depthwise")
    yield "binary", lambda: fit(X, np.arange(len(y)) % 3, iterations=5, loss_function="MultiClass")
    yield "categorical", lambda: fit(frame, y, iterations=5, cat_features=["city"])


@pytest.mark.parametrize("case", ["non-symmetric", "binary", "categorical"])
def test_unsupported_models_raise_with_a_message(case: str, data) -> None:
    make = dict(_unsupported_cases(data))[case]
    with pytest.raises(UnsupportedForest, match=case):
        forest_from_catboost(make())
