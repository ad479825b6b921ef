"""A client written against the original service's responses, run against `pad-desktop serve`.

`OriginalFrontEnd` reads every field the original front end reads, by the original names and
nesting, and nothing of ours; the extra fields we answer stand beside them.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import yaml

from tests.foreign_model import build_original_service_bundle


@dataclass
class OriginalFrontEnd:
    """The original front end's model panel and applicant form, as plain reads."""

    http: httpx.Client

    def model_panel(self) -> dict:
        body = self.http.get("/model_info").json()
        info = body["info"]
        return {
            "banner": str(body["message"]),
            "type": info["model_type"],
            "file": info["model_name"],
            "mlflow_id": info["mlflow_model_id"],
            "created": info["created_on"],
            "features": int(info["nb_feature"]),
            "threshold": float(info["best_threshold"]),
        }

    def form_fields(self) -> tuple[str, list[dict], int]:
        body = self.http.get("/model_signature").json()
        fields = [
            {
                "name": str(c["name"]),
                "type": str(c["type"]),
                "label": c["description"],
                "required": bool(c["required"]),
            }
            for c in body["columns"]
        ]
        return str(body["message"]), fields, int(body["nb_features"])


def test_the_original_front_end_reads_our_model(serve, default_bundle_dir) -> None:
    mlmodel = yaml.safe_load((default_bundle_dir / "MLmodel").read_text(encoding="utf-8"))
    server = serve()
    with httpx.Client(base_url=server.url, timeout=30) as http:
        front = OriginalFrontEnd(http)
        panel = front.model_panel()
        message, fields, count = front.form_fields()
        ours = http.get("/model_info").json()
    assert panel["mlflow_id"] == mlmodel["model_id"]
    assert panel["created"] == mlmodel["utc_time_created"]
    assert panel["threshold"] == mlmodel["metadata"]["best_threshold"] == 0.13
    assert (panel["type"], panel["file"]) == ("CatBoostClassifier", "model.onnx")
    assert panel["features"] == count == len(fields) == 18 and message
    assert fields[0] == {
        "name": "status_of_existing_checking_account",
        "type": "string",
        "label": "Status of the applicant's existing checking account at this bank.",
        "required": True,
    }
    assert {"version", "threshold", "model_id", "model_sha256"} <= set(ours)  # ours, beside


def test_the_original_services_own_bundle_answers_as_it_did(serve, tmp_path) -> None:
    """Its MLmodel has a CatBoost flavor: model_type and model_name come from it."""
    bundle = build_original_service_bundle(tmp_path / "exported_model")
    doc = yaml.safe_load((bundle / "MLmodel").read_text(encoding="utf-8"))
    doc["flavors"]["catboost"] = {"data": "model.cb", "model_type": "CatBoostClassifier"}
    (bundle / "MLmodel").write_text(yaml.safe_dump(doc), encoding="utf-8")
    server = serve("--model", str(bundle))
    with httpx.Client(base_url=server.url, timeout=30) as http:
        panel = OriginalFrontEnd(http).model_panel()
        _, fields, count = OriginalFrontEnd(http).form_fields()
    assert (panel["type"], panel["file"]) == ("CatBoostClassifier", "model.cb")
    assert panel["mlflow_id"] == doc["model_uuid"] and panel["created"] == doc["utc_time_created"]
    assert panel["threshold"] == 0.42 and panel["features"] == count == 15 == len(fields)
