"""The original service's model and payload, unchanged, through the new API; and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.model.scoring import Scorer
from tests.decisions.helpers import pg_count
from tests.foreign_model import EXAMPLE_PAYLOAD, FEATURES, build_original_service_bundle


@pytest.fixture(scope="module")
def original_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_original_service_bundle(tmp_path_factory.mktemp("orig") / "exported_model")


def test_original_payload_scores_in_the_original_shape(original_bundle: Path) -> None:
    with TestClient(create_app(ApiConfig(model_path=str(original_bundle)))) as client:
        r = client.post("/individual_score", json=EXAMPLE_PAYLOAD)
        assert r.status_code == 200, r.text
        body = r.json()
        expected = Scorer.from_path(str(original_bundle)).score(EXAMPLE_PAYLOAD).probability
        assert body["score"] == pytest.approx(expected, abs=1e-9)
        assert body["threshold"] == 0.42
        assert (body["prediction"], body["decision"]) == (
            (1, "Refusé") if expected >= 0.42 else (0, "Accordé")
        )
        sig = client.get("/model_signature").json()
        assert sig["n_features"] == 15
        assert {c["name"]: c["type"] for c in sig["columns"]} == FEATURES
        info = client.get("/model_info").json()
        assert info["creation_date"] == "2024-03-14 10:22:31.123456" and info["threshold"] == 0.42

        rows = client.post("/multiple_score", json=[EXAMPLE_PAYLOAD] * 3).json()
        assert [row["score"] for row in rows] == pytest.approx([body["score"]] * 3, abs=1e-6)

        bad = {**EXAMPLE_PAYLOAD, "NAME_FAMILY_STATUS_Married": "perhaps", "YEARS_BIRTH": "old"}
        problems = client.post("/individual_score", json=bad).json()["detail"]
        assert {(p["loc"][1], p["type"]) for p in problems} == {
            ("NAME_FAMILY_STATUS_Married", "not_boolean"),
            ("YEARS_BIRTH", "not_a_number"),
        }


def test_decisions_land_in_postgresql(pg_url: str, example: dict, default_bundle_dir) -> None:
    config = ApiConfig(model_path=str(default_bundle_dir), database_url=pg_url)
    with TestClient(create_app(config)) as client:
        for _ in range(20):
            assert client.post("/individual_score", json=example).status_code == 200
        assert client.post("/multiple_score", json=[example] * 30).status_code == 200
        assert client.get("/model_status").json()["decision_log"].startswith("postgresql")
    # closing the app drained the outbox into the shared database
    assert pg_count(pg_url, "SELECT count(*) FROM decisions WHERE source = 'api'") == 50
    assert pg_count(pg_url, "SELECT count(DISTINCT batch_id) FROM decisions") == 1
