"""`/reload_model` is a model change: it needs the admin key, is off without one, installs only
the revision the server is configured with, and takes strict booleans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.runtime.settings import get_settings
from tests.api.live_server import strict_json
from tests.hub.hub_repos import bundle_variant, run_olah

ADMIN = "admin-secret"
SCORING = "scoring-secret"


def test_model_changes_are_off_without_an_admin_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAD_ADMIN_KEY", raising=False)
    with TestClient(create_app(ApiConfig(watch_seconds=3600))) as client:
        for body in (None, {"pull": False}, {"pull": True}):
            r = client.post("/reload_model", json=body, headers={"X-Admin-Key": "anything"})
            assert r.status_code == 403, r.text
            assert "off" in r.json()["detail"] and "PAD_ADMIN_KEY" in r.json()["detail"]


def test_the_admin_key_is_needed_and_distinct_from_the_scoring_key(
    monkeypatch: pytest.MonkeyPatch, example: dict
) -> None:
    monkeypatch.setenv("PAD_ADMIN_KEY", ADMIN)
    monkeypatch.setenv("PAD_API_KEY", SCORING)
    get_settings.cache_clear()
    with TestClient(create_app()) as client:
        scoring = {"X-API-Key": SCORING}
        assert client.post("/individual_score", json=example, headers=scoring).status_code == 200
        r = client.post("/reload_model", headers=scoring)
        assert r.status_code == 401 and "X-Admin-Key" in r.json()["detail"]
        r = client.post("/reload_model", headers={**scoring, "X-Admin-Key": SCORING})
        assert r.status_code == 403 and r.json()["detail"] == "Wrong X-Admin-Key."
        r = client.post("/reload_model", headers={"X-Admin-Key": ADMIN})
        assert r.status_code == 401  # the admin key does not replace the scoring key
        r = client.post("/reload_model", headers={**scoring, "X-Admin-Key": ADMIN})
        assert r.status_code == 200 and r.json()["changed"] is False
        doc = client.get("/openapi.json").json()
        assert doc["paths"]["/reload_model"]["post"]["security"] == [{"APIKey": [], "AdminKey": []}]


@pytest.mark.parametrize(
    "body",
    [
        '{"pull": 0}',
        '{"pull": 1}',
        '{"pull": "true"}',
        '{"pull": "yes"}',
        '{"pull": null}',
        '{"pull": NaN}',
        '{"pull": Infinity}',
        '{"pull": [true]}',
        "[]",
        '"pull"',
    ],
)
def test_pull_is_a_strict_boolean(default_bundle_dir: Path, body: str) -> None:
    app = create_app(ApiConfig(model_path=str(default_bundle_dir), admin_key=ADMIN))
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.post(
            "/reload_model",
            content=body,
            headers={"X-Admin-Key": ADMIN, "Content-Type": "application/json"},
        )
        assert r.status_code == 422, r.text
        problems = strict_json(r.content)["detail"]
        assert problems and all(p["loc"][0] == "body" for p in problems)


def test_only_the_configured_revision_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: dict
) -> None:
    """An old experiment (tag `risky`, threshold 0.95) stays out whatever the client asks."""
    with run_olah(tmp_path / "olah") as hub:
        repo = hub.new_repo("scoring")
        repo.commit(
            bundle_variant(tmp_path / "risky", version="old-experiment", threshold=0.95),
            "experiment",
            tag="risky",
        )
        repo.commit(bundle_variant(tmp_path / "v2", version="2026.12.01", threshold=0.21), "v2")
        monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
        monkeypatch.setenv("HF_REPO_ID", repo.repo_id)
        monkeypatch.setenv("HF_REVISION", "main")
        get_settings.cache_clear()
        headers = {"X-Admin-Key": ADMIN}
        with TestClient(create_app(ApiConfig(watch_seconds=3600, admin_key=ADMIN))) as client:
            for chosen in ({"pull": True, "revision": "risky"}, {"pull": True, "revision": None}):
                r = client.post("/reload_model", json=chosen, headers=headers)
                assert r.status_code == 422 and "revision" in json.dumps(r.json()), r.text
            assert client.get("/model_info").json()["threshold"] == 0.13  # nothing installed
            r = client.post("/reload_model", json={"pull": True}, headers=headers)
            assert r.status_code == 200 and r.json()["version"] == "2026.12.01", r.text
            assert client.post("/individual_score", json=example).json()["threshold"] == 0.21
