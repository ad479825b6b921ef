"""Fitted CatBoost models shared by the tree tests (trained once per session, seeded)."""

from __future__ import annotations

import numpy as np
import pytest
from catboost import CatBoostClassifier

from pad_desktop.model.trees import ObliviousForest, forest_from_catboost
from tests.trees.helpers import N_FEATURES, fit, training_data


@pytest.fixture(scope="session")
def data() -> tuple[np.ndarray, np.ndarray]:
    return training_data(4000, N_FEATURES, seed=1)


@pytest.fixture(scope="session", params=["Min", "Max"])
def fitted(request: pytest.FixtureRequest, data) -> tuple[CatBoostClassifier, ObliviousForest]:
    model = fit(*data, nan_mode=request.param)
    return model, forest_from_catboost(model)
