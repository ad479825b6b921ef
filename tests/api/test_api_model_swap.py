"""`/reload_model` and swaps made by another worker: in-flight requests keep their model."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.decisions import DecisionLog
from pad_desktop.model.active import active_pointer, store_dir
from tests.hub.hub_repos import bundle_variant

KEY = "admin-key"
ADMIN = {"X-Admin-Key": KEY}


def _activate(name: str, threshold: float) -> Path:
    """Install a variant of the shipped bundle in the model store and point ACTIVE at it."""
    folder = bundle_variant(store_dir() / name, version=f"v-{name}", threshold=threshold)
    active_pointer().write_text(name, encoding="utf-8")
    return folder


def test_reload_model_switches_to_the_active_bundle() -> None:
    with TestClient(create_app(ApiConfig(watch_seconds=3600, admin_key=KEY))) as client:
        assert client.get("/model_info").json()["threshold"] == 0.13
        r = client.post("/reload_model", headers=ADMIN)
        assert r.status_code == 200 and r.json()["changed"] is False

        _activate("b", 0.3)
        r = client.post("/reload_model", json={"pull": False}, headers=ADMIN)
        assert r.status_code == 200, r.text
        assert r.json()["changed"] is True and r.json()["version"] == "v-b"
        assert client.get("/model_info").json()["threshold"] == 0.3
        assert (
            client.post(
                "/individual_score", json=client.app.state.service.scorer.signature.example
            ).json()["threshold"]
            == 0.3
        )
    with DecisionLog.open() as log:
        events = log.model_events()
    assert [e.kind for e in events] == ["use"] and events[0].from_model != events[0].to_model


def test_a_worker_follows_a_switch_made_elsewhere() -> None:
    with TestClient(create_app(ApiConfig(watch_seconds=0.1))) as client:
        _activate("c", 0.25)  # as another worker's /reload_model or `pad-desktop model use` would
        deadline = time.monotonic() + 20
        while client.get("/model_info").json()["threshold"] != 0.25:
            assert time.monotonic() < deadline, "the worker never switched"
            time.sleep(0.1)


def test_pinned_server_refuses_a_hub_pull(default_bundle_dir: Path) -> None:
    with TestClient(
        create_app(ApiConfig(model_path=str(default_bundle_dir), admin_key=KEY))
    ) as client:
        r = client.post("/reload_model", json={"pull": True}, headers=ADMIN)
        assert r.status_code == 409 and "pinned" in r.json()["detail"]


def test_swaps_never_break_requests_in_flight(example: dict) -> None:
    _activate("a", 0.2)
    with TestClient(create_app(ApiConfig(watch_seconds=3600, admin_key=KEY))) as client:
        answers: list[dict] = []
        failures: list[str] = []
        stop = threading.Event()

        def hammer() -> None:
            while not stop.is_set():
                r = client.post("/individual_score", json=example)
                if r.status_code != 200:
                    failures.append(r.text)
                else:
                    answers.append(r.json())

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        for i in range(6):  # back and forth between two models
            name, threshold = ("b", 0.4) if i % 2 == 0 else ("a", 0.2)
            if not (store_dir() / name).exists():
                _activate(name, threshold)
            active_pointer().write_text(name, encoding="utf-8")
            answered = len(answers) + len(failures)
            assert client.post("/reload_model", headers=ADMIN).status_code == 200
            # requests answered beside each swap, however fast this machine is
            while len(answers) + len(failures) < answered + 4:
                stop.wait(0.01)
        stop.set()
        for t in threads:
            t.join()
    assert not failures and len(answers) >= 24
    assert {a["threshold"] for a in answers} <= {0.2, 0.4}
    # each decision was logged with the model that made it
    with DecisionLog.open() as log:
        for answer in answers[:: max(1, len(answers) // 25)]:
            stored = log.get(answer["decision_id"])
            assert stored is not None and stored.threshold == answer["threshold"]


def test_hub_pull_without_a_hub_says_so_and_keeps_the_model(example: dict) -> None:
    with TestClient(create_app(ApiConfig(watch_seconds=3600, admin_key=KEY))) as client:
        r = client.post("/reload_model", json={"pull": True}, headers=ADMIN)
        assert r.status_code == 409 and "HF_REPO_ID" in r.json()["detail"]
        assert client.post("/individual_score", json=example).status_code == 200
