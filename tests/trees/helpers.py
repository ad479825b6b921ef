"""Seeded training data and CatBoost fits for the tree tests."""

from __future__ import annotations

import numpy as np
from catboost import CatBoostClassifier

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
    options = {
        "iterations": 150,
        "depth": 6,
        "random_seed": 0,
        "verbose": 0,
        "thread_count": 1,
        "allow_writing_files": False,
        **params,
    }
    return CatBoostClassifier(**options).fit(X, y)
