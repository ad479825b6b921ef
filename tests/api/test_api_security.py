"""API key, loopback-only default, request size limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app, is_loopback
from pad_desktop.cli import main

KEY = "k3y-for-tests"


@pytest.fixture
def keyed(default_bundle_dir: Path):
    app = create_app(ApiConfig(api_key=KEY, model_path=str(default_bundle_dir)))
    with TestClient(app) as c:
        yield c


def test_loopback_addresses() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.8.9.1", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.168.1.4", "api.example.com"]))


def test_serve_refuses_a_public_address_without_a_key(capsys, monkeypatch) -> None:
    monkeypatch.delenv("PAD_API_KEY", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--port", "1"]) == 2
    assert "PAD_API_KEY" in capsys.readouterr().err


def test_serve_refuses_an_unknown_ack_mode(capsys, monkeypatch) -> None:
    monkeypatch.setenv("PAD_API_ACK", "maybe")
    assert main(["serve", "--port", "1"]) == 2
    assert "PAD_API_ACK" in capsys.readouterr().err


def test_missing_and_wrong_keys_are_refused(keyed: TestClient, example: dict) -> None:
    r = keyed.post("/individual_score", json=example)
    assert r.status_code == 401 and "X-API-Key" in r.json()["detail"]
    r = keyed.post("/individual_score", json=example, headers={"X-API-Key": KEY + "x"})
    assert r.status_code == 403
    for path in ("/model_info", "/model_signature", "/model_status"):
        assert keyed.get(path).status_code == 401
    assert keyed.post("/reload_model").status_code == 401


def test_the_right_key_passes(keyed: TestClient, example: dict) -> None:
    headers = {"X-API-Key": KEY}
    assert keyed.post("/individual_score", json=example, headers=headers).status_code == 200
    assert keyed.post("/multiple_score", json=[example], headers=headers).status_code == 200
    assert keyed.get("/model_info", headers=headers).status_code == 200


def test_probes_and_docs_need_no_key(keyed: TestClient) -> None:
    for path in ("/api_health", "/router_health", "/docs", "/openapi.json"):
        assert keyed.get(path).status_code == 200, path
    doc = keyed.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["APIKey"]["name"] == "X-API-Key"
    assert doc["paths"]["/individual_score"]["post"]["security"] == [{"APIKey": []}]
    assert "security" not in doc["paths"]["/api_health"]["get"]


def test_request_size_limits(default_bundle_dir: Path, example: dict) -> None:
    config = ApiConfig(
        model_path=str(default_bundle_dir), max_body_bytes=2000, max_batch_body_bytes=20_000
    )
    with TestClient(create_app(config)) as client:
        assert client.post("/individual_score", json=example).status_code == 200
        padded = {**example, "note": "x" * 3000}
        r = client.post("/individual_score", json=padded)
        assert r.status_code == 413 and "2000 bytes" in r.json()["detail"]
        # the batch endpoint has its own, larger limit
        assert client.post("/multiple_score", json=[example] * 10).status_code == 200
        assert client.post("/multiple_score", json=[example] * 50).status_code == 413

        def chunks():  # no Content-Length: the gate counts the bytes as they come
            yield b'{"a": "'
            for _ in range(10):
                yield b"x" * 500
            yield b'"}'

        r = client.post(
            "/individual_score", content=chunks(), headers={"content-type": "application/json"}
        )
        assert r.status_code == 413


def test_a_public_socket_without_a_key_answers_nothing(default_bundle_dir: Path, example) -> None:
    """Started by some other launcher on 0.0.0.0 without a key: the gate refuses to serve."""
    app = create_app(ApiConfig(model_path=str(default_bundle_dir)))
    with TestClient(app) as client:
        assert client.post("/individual_score", json=example).status_code == 200
        public = TestClient(app, base_url="http://10.1.2.3:8000")  # scope["server"] is this IP
        r = public.post("/individual_score", json=example)
        assert r.status_code == 503 and "PAD_API_KEY" in r.json()["detail"]
