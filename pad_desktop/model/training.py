"""Training: German Credit -> CatBoost -> ONNX bundle, tracked in MLflow.

`train()` is deterministic: the same data and parameters give the same `model.onnx` bytes
(fixed seeds, one CatBoost thread, a stable split), so the shipped default bundle can be proven
to be this function's output. CatBoost, MLflow and fairlearn are imported here only, lazily.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from pad_desktop.model.bundle import OUTCOME_COLUMN
from pad_desktop.model.card_text import CARD_FR, fairness_lines, model_card_fr
from pad_desktop.runtime.paths import resources_dir, user_data_dir
from pad_desktop.runtime.tasks import TaskState

log = logging.getLogger(__name__)

COST_ACCEPT_BAD = 5.0  # the dataset's cost matrix: accepting a bad applicant
COST_REFUSE_GOOD = 1.0  # refusing a good one
PARITY_TOLERANCE = 1e-5
AGE_BANDS = (0, 25, 40, 60, 200)
EXPERIMENT = "pad_desktop-german-credit"
REGISTERED_MODEL = "pad_desktop-german-credit"  # the model registry's name for our models
REVIEW_BAND = 0.03  # decisions within +-3 points of the threshold are referred for review
# What an applicant can change for the counterfactual search (see pad_desktop.model.counterfactual):
# amount only down, duration within the data's range, the instalment band, a guarantor.
ACTIONABLE = [
    {"name": "credit_amount", "direction": "down", "min": 250},
    {"name": "duration_in_month", "direction": "any", "min": 4, "max": 72},
    {
        "name": "installment_rate_in_percentage_of_disposable_income",
        "direction": "any",
        "min": 1,
        "max": 4,
    },
    {"name": "other_debtors_or_guarantors", "to": ["guarantor", "co-applicant"]},
]


@dataclass(frozen=True)
class TrainParams:
    iterations: int = 500
    depth: int = 4
    learning_rate: float = 0.03
    l2_leaf_reg: float = 3.0
    seed: int = 0
    test_size: float = 0.2
    cv_folds: int = 5


@dataclass
class TrainResult:
    bundle_dir: Path
    onnx_sha256: str
    run_id: str
    model_id: str
    metrics: dict[str, float]
    threshold: float
    fairness: dict[str, Any] = field(default_factory=dict)
    registered_name: str = ""
    registered_version: str = ""  # the model registry's version of this run's model


def default_data_path() -> Path:
    return resources_dir() / "data" / "german_credit.csv"


def feature_catalogue() -> dict[str, Any]:
    return yaml.safe_load(
        (resources_dir() / "data" / "german_credit_features.yaml").read_text("utf-8")
    )


# -- category encoding --------------------------------------------------------------------
def fit_category_codes(x: pd.Series, y: np.ndarray) -> tuple[list[str], list[float]]:
    """Order categories by smoothed default rate (ties by label): code = rank.

    A single ordered column per field keeps contributions per applicant field, and ranks are
    unique, so a code always maps back to one label.
    """
    prior, weight = float(np.mean(y)), 10.0
    stats = pd.DataFrame({"x": x.astype(str), "y": y}).groupby("x")["y"].agg(["sum", "count"])
    rate = (stats["sum"] + prior * weight) / (stats["count"] + weight)
    ordered = sorted(rate.index, key=lambda label: (round(float(rate[label]), 12), label))
    return list(ordered), [float(i) for i in range(len(ordered))]


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """The threshold on P(default) minimising the dataset's cost; returns (threshold, mean cost)."""
    grid = np.round(np.arange(0.01, 1.0, 0.01), 2)
    costs = [
        (
            COST_ACCEPT_BAD * np.sum((p < t) & (y == 1))
            + COST_REFUSE_GOOD * np.sum((p >= t) & (y == 0))
        )
        / len(y)
        for t in grid
    ]
    i = int(np.argmin(costs))
    return float(grid[i]), float(costs[i])


def decision_cost(y: np.ndarray, p: np.ndarray, threshold: float) -> float:
    refused = p >= threshold
    return float(
        (
            COST_ACCEPT_BAD * np.sum(~refused & (y == 1))
            + COST_REFUSE_GOOD * np.sum(refused & (y == 0))
        )
        / len(y)
    )


def _fit(x: np.ndarray, y: np.ndarray, params: TrainParams):
    from catboost import CatBoostClassifier

    model = CatBoostClassifier(
        iterations=params.iterations,
        depth=params.depth,
        learning_rate=params.learning_rate,
        l2_leaf_reg=params.l2_leaf_reg,
        random_seed=params.seed,
        thread_count=1,  # determinism: the same bytes whatever the machine's cores
        allow_writing_files=False,
        verbose=0,
    )
    return model.fit(x, y)


def fairness_audit(frame: pd.DataFrame, y: np.ndarray, refused: np.ndarray) -> dict[str, Any]:
    """Approval rate, TPR and FPR by group (fairlearn's MetricFrame) for protected attributes."""
    from fairlearn.metrics import (
        MetricFrame,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )

    bands = pd.cut(
        frame["age_in_years"],
        bins=list(AGE_BANDS),
        right=False,
        labels=["under 25", "25-39", "40-59", "60 and over"],
    )
    groups = {
        "personal_status_and_sex": frame["personal_status_and_sex"],
        "foreign_worker": frame["foreign_worker"],
        "age_band": bands.astype(str),
    }
    audit: dict[str, Any] = {}
    for name, sensitive in groups.items():
        mf = MetricFrame(
            metrics={
                "count": lambda t, p: len(t),
                "approval_rate": lambda t, p: 1.0 - selection_rate(t, p),
                "tpr": true_positive_rate,
                "fpr": false_positive_rate,
            },
            y_true=y,
            y_pred=refused.astype(int),
            sensitive_features=sensitive.to_numpy(),
        )
        table = mf.by_group.astype(float).round(4)
        audit[name] = {
            "by_group": {str(k): v for k, v in table.to_dict(orient="index").items()},
            "approval_rate_difference": round(float(mf.difference()["approval_rate"]), 4),
        }
    return audit


def _features_metadata(
    catalogue: dict[str, Any],
    frame: pd.DataFrame,
    inputs: list[str],
    codes: dict[str, tuple[list[str], list[float]]],
) -> list[dict[str, Any]]:
    described = {f["name"]: f for f in catalogue["features"]}
    out = []
    for name in inputs:
        info = {k: v for k, v in described.get(name, {}).items() if k != "protected"}
        info["name"] = name
        if name in codes:
            info["categories"], info["codes"] = codes[name]
        out.append(info)
    return out


def _mlflow_signature(frame: pd.DataFrame):
    from mlflow.models import ModelSignature
    from mlflow.types import ColSpec, Schema

    types = {"object": "string", "int64": "long", "float64": "double", "bool": "boolean"}
    inputs = Schema([ColSpec(types[str(frame[c].dtype)], c) for c in frame.columns])
    outputs = Schema([ColSpec("double", "probability_of_default")])
    return ModelSignature(inputs=inputs, outputs=outputs)


def model_card(meta: dict[str, Any], fairness: dict[str, Any]) -> str:
    t = meta["training"]
    lines = [
        f"# {meta['name']} {meta['version']}",
        "",
        "Scores consumer-credit applicants: the output is the probability of default.",
        f"Positive class: {meta['positive_meaning']}",
        f"At or above the threshold **{meta['threshold']:.2f}** the application is refused.",
        "",
        "## Data",
        f"Statlog (German Credit Data), UCI, CC BY 4.0: {t['rows']} applications "
        f"({t['bad_rate']:.0%} bad). Split {t['train_rows']} train / {t['test_rows']} test "
        "(stratified, seed 0).",
        "",
        "## Model",
        f"CatBoost, {t['params']['iterations']} oblivious trees of depth {t['params']['depth']}, "
        "learning rate "
        f"{t['params']['learning_rate']}. Categories are encoded before the trees (rank of the "
        "smoothed "
        "default rate on the training split; codes in `MLmodel`). Protected attributes "
        "(`personal_status_and_sex`, `foreign_worker`) are not inputs.",
        "",
        "## Threshold",
        "Chosen on 5-fold out-of-fold predictions of the training split to minimise the dataset's "
        f"cost (accepting a bad applicant 5, refusing a good one 1): {meta['threshold']:.2f}.",
        "",
        "## Test metrics",
        f"- AUC: {t['metrics']['test_auc']:.3f}",
        f"- Mean cost per applicant: {t['metrics']['test_cost']:.3f} "
        f"(refusing everybody: {t['metrics']['cost_refuse_all']:.3f})",
        f"- Confusion (rows actual good/bad, columns approved/refused): {t['confusion']}",
        "",
        "## Fairness audit (test split)",
    ]
    lines += fairness_lines(fairness, "en")  # the French card's tables come from there too
    lines += [
        "",
        "## Reason codes",
        "Per-field exact TreeSHAP contributions in log-odds (tabled per leaf at export, summed in",
        "the ONNX graph); the up to four largest positive ones are shown as reasons.",
        "",
        "## Limits",
        "1,000 historical applications from one German bank (amounts in DM): a demonstration",
        "model,not validated for production lending.",
    ]
    return "\n".join(lines) + "\n"


def resolve_tracking_uri(explicit: str | None) -> str:
    from pad_desktop.runtime.settings import get_settings

    uri = explicit or get_settings().mlflow_tracking_uri
    if uri:
        return uri
    return f"sqlite:///{(user_data_dir() / 'mlflow.db').as_posix()}"


def _use_tracking(uri: str) -> None:
    """Point MLflow at `uri`; keep artifacts beside a local store, never in the working dir."""
    import mlflow

    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    mlflow.set_tracking_uri(uri)
    if mlflow.get_experiment_by_name(EXPERIMENT) is None:
        location = None
        if uri.startswith("sqlite:///"):
            location = (Path(uri.removeprefix("sqlite:///")).parent / "mlartifacts").as_uri()
        mlflow.create_experiment(EXPERIMENT, artifact_location=location)
    mlflow.set_experiment(EXPERIMENT)


def train(
    data_path: Path | None = None,
    out_dir: Path | None = None,
    params: TrainParams | None = None,
    tracking_uri: str | None = None,
    version: str | None = None,
    state: TaskState | None = None,
) -> TrainResult:
    """Train, audit, export and log a model; write the bundle to `out_dir`."""
    import mlflow
    from sklearn.metrics import confusion_matrix, roc_auc_score
    from sklearn.model_selection import StratifiedKFold, train_test_split

    from pad_desktop.model.onnx_graphs import EXPECTED_VALUE_KEY, GRAPH_KEY, best_graph, session

    params = params or TrainParams()
    state = state or TaskState()
    data_path = data_path or default_data_path()
    out_dir = Path(out_dir or user_data_dir() / "trained" / "bundle")
    catalogue = feature_catalogue()
    data = pd.read_csv(data_path)
    protected = {f["name"] for f in catalogue["features"] if f.get("protected")}
    inputs = [c for c in data.columns if c != catalogue["target"] and c not in protected]
    y_all = (data[catalogue["target"]] == catalogue["positive_label"]).to_numpy(dtype=int)
    train_idx, test_idx = train_test_split(
        np.arange(len(data)), test_size=params.test_size, stratify=y_all, random_state=params.seed
    )
    train_rows = data.iloc[np.sort(train_idx)].reset_index(drop=True)
    test_rows = data.iloc[np.sort(test_idx)].reset_index(drop=True)
    y_train, y_test = y_all[np.sort(train_idx)], y_all[np.sort(test_idx)]

    categorical = [c for c in inputs if data[c].dtype == object]
    codes = {c: fit_category_codes(train_rows[c], y_train) for c in categorical}

    def encode(frame: pd.DataFrame) -> np.ndarray:
        cols = []
        for c in inputs:
            if c in codes:
                mapping = dict(zip(*codes[c], strict=True))
                cols.append(frame[c].astype(str).map(mapping).to_numpy(dtype=np.float64))
            else:
                cols.append(frame[c].to_numpy(dtype=np.float64))
        return np.column_stack(cols).astype(np.float32)

    x_train, x_test, x_all = encode(train_rows), encode(test_rows), encode(data)

    state.set_progress(0.05, "cross-validating the threshold")
    oof = np.zeros(len(y_train))
    folds = StratifiedKFold(params.cv_folds, shuffle=True, random_state=params.seed)
    for k, (fit_i, val_i) in enumerate(folds.split(x_train, y_train)):
        state.check()
        fold_model = _fit(x_train[fit_i], y_train[fit_i], params)
        oof[val_i] = fold_model.predict_proba(x_train[val_i])[:, 1]
        state.set_progress(0.05 + 0.12 * (k + 1), "cross-validating the threshold")
    threshold, oof_cost = best_threshold(y_train, oof)

    state.set_progress(0.7, "fitting the final model")
    model = _fit(x_train, y_train, params)
    p_test = model.predict_proba(x_test)[:, 1]
    refused_test = p_test >= threshold
    metrics = {
        "cv_auc": float(roc_auc_score(y_train, oof)),
        "cv_cost": oof_cost,
        "test_auc": float(roc_auc_score(y_test, p_test)),
        "test_cost": decision_cost(y_test, p_test, threshold),
        "cost_refuse_all": float(np.mean(y_test == 0) * COST_REFUSE_GOOD),
        "threshold": threshold,
    }
    confusion = confusion_matrix(y_test, refused_test.astype(int), labels=[0, 1]).tolist()
    fairness = fairness_audit(test_rows, y_test, refused_test)

    state.set_progress(0.8, "exporting to ONNX")
    onnx_model, fallback = best_graph(model)  # the dense tree graph when the forest allows it
    if fallback:
        log.warning("ONNX export: %s", fallback)
    onnx_bytes = onnx_model.SerializeToString()
    onnx_probs = session(onnx_model).run(["probabilities"], {"features": x_all})[0][:, 1]
    onnx_probs = onnx_probs.astype(np.float64)  # also the reference's expected_probability
    parity = float(np.max(np.abs(onnx_probs - model.predict_proba(x_all)[:, 1])))
    if parity > PARITY_TOLERANCE:
        raise RuntimeError(
            f"ONNX export differs from CatBoost by {parity:.2e} (> {PARITY_TOLERANCE})."
        )
    metrics["onnx_parity_max_abs"] = parity

    version = version or datetime.now(UTC).strftime("%Y.%m.%d")
    raw_inputs = data[inputs]
    graph_props = {p.key: p.value for p in onnx_model.metadata_props}
    meta = {
        "format": 1,
        "name": "German Credit CatBoost",
        "version": version,
        "threshold": threshold,
        "positive_meaning": catalogue["positive_meaning"],
        "graph": graph_props.get(GRAPH_KEY, "standard"),
        "expected_value": float(graph_props.get(EXPECTED_VALUE_KEY, "nan")),
        "features": _features_metadata(catalogue, data, inputs, codes),
        "reference": "reference.csv",
        "outcome_column": OUTCOME_COLUMN,
        "review_band": REVIEW_BAND,
        "actionable": ACTIONABLE,
        "example": json.loads(raw_inputs.iloc[[0]].to_json(orient="records"))[0],
        "training": {
            "data": data_path.name,
            "data_md5": hashlib.md5(data_path.read_bytes()).hexdigest(),
            "rows": len(data),
            "bad_rate": float(y_all.mean()),
            "train_rows": len(train_rows),
            "test_rows": len(test_rows),
            "params": params.__dict__,
            "metrics": metrics,
            "confusion": confusion,
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
    }
    state.set_progress(0.85, "logging to MLflow")
    _use_tracking(resolve_tracking_uri(tracking_uri))
    with (
        tempfile.TemporaryDirectory() as tmp,
        mlflow.start_run() as run,
        warnings.catch_warnings(),
    ):
        # MLflow's hints about guessing a data source's kind and about integer columns with
        # missing values: the source is a file, and the app validates values before scoring.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"mlflow\.")
        mlflow.log_params({**params.__dict__, "data_md5": meta["training"]["data_md5"]})
        mlflow.log_metrics(metrics)
        mlflow.log_input(
            mlflow.data.from_pandas(
                data, source=str(data_path), targets=catalogue["target"], name=data_path.stem
            ),
            context="training",
        )
        mlflow.log_dict(fairness, "fairness.json")
        mlflow.log_dict({"confusion_test": confusion}, "confusion.json")
        staging = Path(tmp) / "bundle"
        staging.mkdir()
        reference = raw_inputs.copy()
        reference["expected_probability"] = onnx_probs
        reference[OUTCOME_COLUMN] = y_all  # true outcomes: neighbours, good/bad distributions
        reference.to_csv(staging / "reference.csv", index=False, float_format="%.9g")
        (staging / "README.md").write_text(model_card(meta, fairness), encoding="utf-8")
        (staging / CARD_FR).write_text(model_card_fr(meta, fairness), encoding="utf-8")
        model.save_model(str(staging / "model.cbm"))
        mlflow.log_artifact(str(staging / "README.md"))
        mlflow.log_artifact(str(staging / CARD_FR))
        state.set_progress(0.9, "registering the model")
        info = _log_bundle(staging, onnx_bytes, raw_inputs, threshold, meta)
        state.set_progress(0.97, "writing the bundle")
        logged = mlflow.artifacts.download_artifacts(info.model_uri, dst_path=f"{tmp}/logged")
        write_bundle(Path(logged), out_dir)
        run_id, model_id = run.info.run_id, info.model_id
        registered = info.registered_model_version
    state.set_progress(1.0, "done")
    return TrainResult(
        out_dir,
        hashlib.sha256(onnx_bytes).hexdigest(),
        run_id,
        model_id or run_id,
        metrics,
        threshold,
        fairness,
        REGISTERED_MODEL,
        str(registered or ""),
    )


def _log_bundle(
    staging: Path, onnx_bytes: bytes, raw_inputs: pd.DataFrame, threshold: float, meta: dict
):
    """Log the bundle as the run's model (every file of it) and register a new version."""
    from mlflow.models import Model

    from pad_desktop.model import mlflow_pyfunc

    return Model.log(
        None,
        mlflow_pyfunc,
        name="model",
        registered_model_name=REGISTERED_MODEL,
        await_registration_for=0,
        metadata={"best_threshold": threshold, "pad_desktop": meta},
        flavor_name="onnx",
        onnx_bytes=onnx_bytes,
        staging=staging,
        signature=_mlflow_signature(raw_inputs),
        input_example=raw_inputs.iloc[:3],
        # what loading needs, not a scan of this project's whole lock
        pip_requirements=["pad-desktop", "onnxruntime", "onnx", "pandas"],
    )


def write_bundle(model_dir: Path, out_dir: Path) -> Path:
    """Copy an MLflow model directory to `out_dir` as a bundle, without MLflow's record of the
    temporary place it was logged from (`artifact_path`: a path on the training machine)."""
    staged = out_dir.with_name(out_dir.name + ".partial")
    if staged.exists():
        shutil.rmtree(staged)
    staged.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(model_dir, staged)
    mlmodel = staged / "MLmodel"
    doc = yaml.safe_load(mlmodel.read_text(encoding="utf-8"))
    doc.pop("artifact_path", None)
    mlmodel.write_text(yaml.safe_dump(doc, default_flow_style=False), encoding="utf-8")
    staged.chmod(0o755)  # a download's temp dir is private; a bundle is for everyone to read
    if out_dir.exists():
        shutil.rmtree(out_dir)
    staged.rename(out_dir)
    return out_dir
