"""Build a model shaped like the original service's `exported_model/`, for tests.

The original API served a CatBoost model on 15 Home Credit features, exported by CatBoost's own
ONNX exporter (TreeEnsembleClassifier + ZipMap: outputs `label`, `probabilities`) inside an
MLflow directory whose `MLmodel` has a column signature of double/long/boolean columns and
`metadata.best_threshold`. We train one on synthetic data of that shape.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import yaml

# The original service's 15 features and their MLflow column types.
FEATURES: dict[str, str] = {
    "FE_EXT_SOURCE_MEAN": "double",
    "BURO_MONTHS_BALANCE_SIZE_MEAN": "double",
    "CODE_GENDER": "long",
    "INSTAL_DPD_MEAN": "double",
    "BURO_MONTHS_BALANCE_MAX_MIN": "double",
    "FE_GOODS_CREDIT_RATE": "double",
    "APPROVED_CNT_PAYMENT_MEAN": "double",
    "YEARS_BIRTH": "double",
    "YEARS_EMPLOYED": "double",
    "AMT_ANNUITY": "double",
    "NAME_FAMILY_STATUS_Married": "boolean",
    "INSTAL_AMT_PAYMENT_SUM": "double",
    "FE_EXT_SOURCE_MIN": "double",
    "PREV_CNT_PAYMENT_MEAN": "double",
    "FE_EXT_SOURCE_MAX": "double",
}

# The original service's example request body (its README's payload).
EXAMPLE_PAYLOAD: dict[str, float | int | bool] = {
    "FE_EXT_SOURCE_MEAN": 0.5184,
    "BURO_MONTHS_BALANCE_SIZE_MEAN": 23.5,
    "CODE_GENDER": 1,
    "INSTAL_DPD_MEAN": 0.37,
    "BURO_MONTHS_BALANCE_MAX_MIN": -41.0,
    "FE_GOODS_CREDIT_RATE": 0.893,
    "APPROVED_CNT_PAYMENT_MEAN": 14.5,
    "YEARS_BIRTH": 43.2,
    "YEARS_EMPLOYED": 6.1,
    "AMT_ANNUITY": 24700.5,
    "NAME_FAMILY_STATUS_Married": True,
    "INSTAL_AMT_PAYMENT_SUM": 219625.7,
    "FE_EXT_SOURCE_MIN": 0.262,
    "PREV_CNT_PAYMENT_MEAN": 12.0,
    "FE_EXT_SOURCE_MAX": 0.729,
}


def synthetic_applicants(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Rows in signature order and a default label that depends on the external sources."""
    rng = np.random.default_rng(seed)
    ext = rng.uniform(0.0, 1.0, size=(n, 3))
    x = np.column_stack(
        [
            ext.mean(axis=1),
            rng.gamma(2.0, 10.0, n),
            rng.integers(0, 2, n),
            rng.exponential(0.5, n),
            -rng.uniform(0, 96, n),
            rng.uniform(0.6, 1.2, n),
            rng.uniform(6, 48, n),
            rng.uniform(20, 70, n),
            rng.uniform(0, 40, n),
            rng.uniform(2000, 60000, n),
            rng.integers(0, 2, n),
            rng.uniform(0, 1e6, n),
            ext.min(axis=1),
            rng.uniform(6, 48, n),
            ext.max(axis=1),
        ]
    )
    logit = 2.5 - 6.0 * x[:, 0] + 0.4 * x[:, 3] - 0.02 * x[:, 8]
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(int)
    return x.astype(np.float32), y


def build_original_service_bundle(folder: Path, threshold: float | None = 0.42) -> Path:
    """Write `MLmodel` + `model.onnx` as the original service had them; return the folder."""
    from catboost import CatBoostClassifier

    x, y = synthetic_applicants(2000)
    model = CatBoostClassifier(
        iterations=60, depth=4, random_seed=0, verbose=0, allow_writing_files=False
    )
    model.fit(x, y)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_model(str(folder / "model.onnx"), format="onnx")  # CatBoost's own export
    columns = [{"type": t, "name": n, "required": True} for n, t in FEATURES.items()]
    mlmodel = {
        "artifact_path": "model",
        "flavors": {
            "onnx": {
                "data": "model.onnx",
                "onnx_version": "1.14.1",
                "providers": ["CPUExecutionProvider"],
            },
            "python_function": {
                "data": "model.onnx",
                "loader_module": "mlflow.onnx",
                "python_version": "3.10.12",
            },
        },
        "mlflow_version": "2.9.2",
        "model_uuid": "0d6f9a3b2c4e4b5fa1c2d3e4f5a6b7c8",
        "run_id": "5b0e1f2a3c4d4e5f8a9b0c1d2e3f4a5b",
        "signature": {
            "inputs": json.dumps(columns),
            "outputs": json.dumps([{"type": "long", "name": "label"}]),
        },
        "utc_time_created": "2024-03-14 10:22:31.123456",
    }
    if threshold is not None:
        mlmodel["metadata"] = {"best_threshold": threshold}
    (folder / "MLmodel").write_text(yaml.safe_dump(mlmodel, sort_keys=False), encoding="utf-8")
    model.save_model(str(folder / "catboost.cbm"))
    return folder
