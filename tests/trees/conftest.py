"""Fitted CatBoost models shared by the tree tests (trained once per session, seeded)."""

from __future__ import annotations

import numpy as np
import pytest
from catboost import CatBoostClassifier

from pad_desktop.trees import ObliviousForest, forest_from_catboost

N_FEATURES = 12


def training_data(n_rows: int, n_features: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_rows, n_features)).astype(np.float32)
    X[:, -1] = rng.integers(0, 4, n_rows)  # an encoded category: few distinct values
    X[rng.random(X.shape) < 0.05] = np.nan
    clean = np.nan_to_num(X)
    signal = clean[:, 0] + clean[:, 1 % n_features] ** 2 - clean[:, -1]
    y = (signal + rng.normal(size=n_rows) > 0.5).astype(int)
    return X, y


def fit(X: np.ndarray, y: np.ndarray, **params: object) -> CatBoostClassifier:
    options = {"iterations": 150, "depth": 6, "random_seed": 0, "verbose": 0,
               "thread_count": 1, "allow_writing_files": False, **params}
    return CatBoostClassifier(**options).fit(X, y)


@pytest.fixture(scope="session")
def data() -> tuple[np.ndarray, np.ndarray]:
    return training_data(4000, N_FEATURES, seed=1)


@pytest.fixture(scope="session", params=["Min", "Max"])
def fitted(request: pytest.FixtureRequest, data) -> tuple[CatBoostClassifier, ObliviousForest]:
    model = fit(*data, nan_mode=request.param)
    return model, forest_from_catboost(model)
