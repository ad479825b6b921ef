"""`POST /reload_model {"pull": true}` against a real Hub server (olah, offline, loopback)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.decisions import DecisionLog
from pad_desktop.runtime.settings import get_settings
from tests.hub.hub_repos import bundle_variant, run_olah


def test_reload_model_pulls_verifies_and_switches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: dict
) -> None:
    with run_olah(tmp_path / "olah") as hub:
        repo = hub.new_repo("scoring")
        repo.commit(bundle_variant(tmp_path / "v2", version="2026.12.01", threshold=0.21), "v2")
        monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
        monkeypatch.setenv("HF_REPO_ID", repo.repo_id)
        get_settings.cache_clear()
        admin = {"X-Admin-Key": "admin"}
        with TestClient(create_app(ApiConfig(watch_seconds=3600, admin_key="admin"))) as client:
            r = client.post("/reload_model", json={"pull": True}, headers=admin)
            assert r.status_code == 200, r.text
            assert r.json()["changed"] is True and r.json()["version"] == "2026.12.01"
            assert client.post("/individual_score", json=example).json()["threshold"] == 0.21

            monkeypatch.setenv("HF_REVISION", "no-such-branch")  # IT configured a wrong one
            get_settings.cache_clear()
            r = client.post("/reload_model", json={"pull": True}, headers=admin)
            assert r.status_code == 404 and "no-such-branch" in r.json()["detail"]
            assert client.get("/model_info").json()["threshold"] == 0.21  # still serving
    with DecisionLog.open() as log:
        assert "install" in [e.kind for e in log.model_events()]
