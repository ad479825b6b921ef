"""The API face of the lending policy: optional policy fields, every rule fires and is recorded,
the original answer fields unchanged and the policy's verdict beside them."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.decisions import HistoryFilter
from pad_desktop.policy.load import shipped_policy_path

SHIPPED = json.loads(shipped_policy_path().read_text(encoding="utf-8"))
FRENCH = {rule["id"]: rule["reason"]["fr"] for rule in SHIPPED["rules"]}
ORIGINAL = {"score", "prediction", "threshold", "decision", "reasons", "decision_id"}


@pytest.fixture
def client(policy_on, default_bundle_dir) -> Iterator[TestClient]:
    """The app with the shipped lending policy in use (PAD_POLICY)."""
    with TestClient(create_app(ApiConfig(model_path=str(default_bundle_dir)))) as c:
        yield c


def test_every_rule_fires_from_the_api_and_is_recorded(client: TestClient, example) -> None:
    cases = {
        "API-P1": ({"age_in_years": 17}, "minor_applicant", "refuse"),
        "API-P2": ({"duration_in_month": 150}, "duration_beyond_product", "refuse"),
        "API-P3": (
            {"monthly_income": 900, "monthly_charges": 250},
            "debt_to_income_above_ceiling",
            "refer",
        ),
        "API-P4": ({"credit_amount": 14000}, "amount_above_delegation", "refer"),
    }
    log = client.app.state.service.log
    for case, (change, rule, outcome) in cases.items():
        answer = client.post(
            "/individual_score", json={**example, **change, "applicant_id": case},
            headers={"Accept-Language": "fr"},
        ).json()  # fmt: skip
        assert set(answer) >= ORIGINAL
        fired = answer["policy"]["rules"]
        assert [(f["id"], f["outcome"]) for f in fired if f["id"] == rule] == [(rule, outcome)]
        assert all(f["reason"] == FRENCH[f["id"]] for f in fired)  # Accept-Language: fr
        if outcome == "refuse":
            assert answer["decision"] == "Refusé" and answer["policy"]["effect"] == "refuse"
        (stored,) = log.history(HistoryFilter(case_ref=case))
        assert rule in [f["rule"] for f in stored.policy["fired"]]

    rows = [{**example, **c, "applicant_id": f"{k}-M"} for k, (c, *_) in cases.items()]
    many = client.post("/multiple_score", json=rows).json()
    assert [[r["id"] for r in row["policy"]["rules"]] for row in many] == [
        [rule] for _, rule, _ in cases.values()
    ]
    assert all(set(row) >= ORIGINAL for row in many)


def test_a_bad_policy_field_is_a_422_naming_it(client: TestClient, example) -> None:
    answer = client.post("/individual_score", json={**example, "monthly_income": "beaucoup"})
    assert answer.status_code == 422
    assert "monthly_income" in answer.text


def test_a_broken_policy_is_a_503_in_one_line_and_nothing_recorded(
    tmp_path, monkeypatch, default_bundle_dir, example
) -> None:
    from pad_desktop.runtime.settings import get_settings

    broken = tmp_path / "policy.json"
    broken.write_text('{"format": 1, "id": "p", "version": "1", "rules": [{"id": "r"}]}')
    monkeypatch.setenv("PAD_POLICY", str(broken))
    get_settings.cache_clear()
    with TestClient(create_app(ApiConfig(model_path=str(default_bundle_dir)))) as client:
        for path, body in (("/individual_score", example), ("/multiple_score", [example])):
            answer = client.post(path, json=body)
            assert answer.status_code == 503
            assert "\n" not in answer.json()["detail"] and "order" in answer.json()["detail"]
        assert client.app.state.service.log.count(HistoryFilter()) == 0


def test_explain_answers_the_policy_beside_the_model(client: TestClient, example) -> None:
    answer = client.post("/explain", json={**example, "credit_amount": 14000}).json()
    assert answer["policy"]["effect"] == "refer"
    assert answer["decision"] in ("approved", "refused") and "contributions" in answer
