"""`POST /outcomes`: a list of outcomes recorded once, behind the admin key, the items not
recorded named by position and reason, in the client's language."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.decisions import DecisionLog
from tests.decisions.records import make_record
from tests.monitoring.loggedlog import START

ADMIN = {"X-Admin-Key": "admin-secret"}


def test_outcomes_are_posted_once_behind_the_admin_key(default_bundle_dir: Path) -> None:
    with DecisionLog.open() as log:
        first = make_record(case_ref="API-1", created_at=START)
        log.record(first)
    items = [
        {"case_ref": "API-1", "defaulted": "oui", "observed_on": "31/12/2026"},
        {"decision_id": "not-an-id", "defaulted": 1, "observed_on": "2026-12-31"},
        {"case_ref": "API-404", "defaulted": False, "observed_on": "2026-12-31"},
        {"case_ref": "API-1", "defaulted": "peut-être", "observed_on": "2026-12-31"},
    ]
    app = create_app(ApiConfig(model_path=str(default_bundle_dir), admin_key="admin-secret"))
    with TestClient(app) as client:
        assert client.post("/outcomes", json=items).status_code == 401
        wrong = client.post("/outcomes", json=items, headers={"X-Admin-Key": "guess"})
        assert wrong.status_code == 403
        r = client.post("/outcomes", json=items, headers=ADMIN)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["recorded"] == 1 and body["already"] == 0
        assert [(p["line"], p["reason"]) for p in body["invalid"]] == [
            (2, "bad_decision_id"), (4, "bad_defaulted"),
        ]  # fmt: skip
        assert [(p["line"], p["reason"]) for p in body["unmatched"]] == [(3, "unknown_case")]
        french = {**ADMIN, "Accept-Language": "fr-FR"}
        again = client.post("/outcomes", json=items[:1], headers=french).json()
        assert (again["recorded"], again["already"]) == (0, 1)
        assert again["summary"].startswith("0 résultat(s) enregistré(s), 1 déjà")
        for body in (b'{"outcomes": 1}', b"[1,", b'["not an object"]', b'[{"defaulted": {}}]'):
            r = client.post("/outcomes", content=body, headers=ADMIN)
            assert r.status_code == 422, (body, r.text)
    with DecisionLog.open() as log:
        (judged,) = log.scored_outcomes()["decision_id"]
        assert judged == str(first.id)
