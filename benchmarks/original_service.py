"""The API benchmark's baseline: the original scoring service's design, rebuilt here.

Written for the benchmark from what issue 8 describes of that service (its code is not ours to
copy): a FastAPI app whose `/individual_score` takes the applicant as a pydantic model, puts it
in a one-row pandas frame, encodes the categories with pandas, runs the MLflow ONNX model in an
ONNX Runtime session and answers `{"score", "prediction", "threshold", "decision"}`. The
endpoint is a plain `def`, so FastAPI runs it in its thread pool, as that service did.

The original service logged nothing. For "every decision durable", `PAD_ORIGINAL_DATABASE_URL`
adds what such a service would naturally do: one INSERT and one COMMIT into PostgreSQL per
request, before answering (`synchronous_commit` as the server has it).

    uvicorn original_service:app --app-dir benchmarks     # PAD_MODEL: the bundle folder
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pandas as pd
import yaml
from fastapi import FastAPI
from pydantic import create_model

BUNDLE = Path(os.environ.get("PAD_MODEL", Path(__file__).parent.parent / "resources" / "model"))
MLMODEL = yaml.safe_load((BUNDLE / "MLmodel").read_text(encoding="utf-8"))
THRESHOLD = float(MLMODEL["metadata"]["best_threshold"])
COLUMNS = json.loads(MLMODEL["signature"]["inputs"])
# The category codes travel in the bundle (CatBoost's ONNX export cannot encode them).
SPECS = {f["name"]: f for f in MLMODEL["metadata"]["pad_desktop"]["features"]}

session = ort.InferenceSession(str(BUNDLE / "model.onnx"), providers=["CPUExecutionProvider"])
INPUT = session.get_inputs()[0].name
PYTHON_TYPES = {"string": str, "long": int, "integer": int, "double": float, "float": float}
Applicant = create_model(
    "Applicant", **{c["name"]: (PYTHON_TYPES[c["type"]], ...) for c in COLUMNS}
)
CODES = {name: spec["codes"] for name, spec in SPECS.items() if spec.get("codes")}
CATEGORIES = {name: spec["categories"] for name, spec in SPECS.items() if spec.get("codes")}

DATABASE_URL = os.environ.get("PAD_ORIGINAL_DATABASE_URL")
if DATABASE_URL:
    import threading

    import psycopg

    _local = threading.local()  # one connection per thread-pool thread
    with psycopg.connect(DATABASE_URL) as _setup:  # once: concurrent CREATEs would collide
        _setup.execute(
            "CREATE TABLE IF NOT EXISTS original_decisions (id uuid PRIMARY KEY, "
            "created_at timestamptz NOT NULL DEFAULT now(), inputs jsonb NOT NULL, "
            "score double precision NOT NULL, decision text NOT NULL)"
        )

    def _connection() -> psycopg.Connection:
        if not hasattr(_local, "conn"):
            _local.conn = psycopg.connect(DATABASE_URL)
        return _local.conn


app = FastAPI(title="original service (benchmark baseline)")


@app.get("/api_health")
def api_health() -> dict:
    return {"status": "ok"}


@app.post("/individual_score")
def individual_score(applicant: Applicant) -> dict:  # type: ignore[valid-type]
    frame = pd.DataFrame([applicant.model_dump()])  # type: ignore[attr-defined]
    for name, codes in CODES.items():
        frame[name] = frame[name].map(dict(zip(CATEGORIES[name], codes, strict=True)))
    features = frame[[c["name"] for c in COLUMNS]].to_numpy(dtype=np.float32)
    probabilities = session.run(["probabilities"], {INPUT: features})[0]
    score = float(probabilities[0, 1])
    prediction = int(score >= THRESHOLD)
    decision = "Refusé" if prediction else "Accordé"
    if DATABASE_URL:
        conn = _connection()
        conn.execute(
            "INSERT INTO original_decisions (id, inputs, score, decision) VALUES (%s, %s, %s, %s)",
            (uuid.uuid4(), json.dumps(applicant.model_dump()), score, decision),  # type: ignore[attr-defined]
        )
        conn.commit()
    return {"score": score, "prediction": prediction, "threshold": THRESHOLD, "decision": decision}
