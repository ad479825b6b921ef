"""Every endpoint through an HTTP client, in the original service's shapes."""

from __future__ import annotations

import json
import uuid

from fastapi.testclient import TestClient

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.records import Source
from pad_desktop.model.scoring import Scorer

SCORE_KEYS = {"score", "prediction", "threshold", "decision", "reasons", "decision_id"}


def test_root_redirects_to_the_docs(client: TestClient) -> None:
    r = client.get("/", follow_redirects=False)
    assert r.status_code in (302, 307) and r.headers["location"] == "/docs"
    assert "swagger" in client.get("/docs").text.lower()


def test_health_endpoints(client: TestClient) -> None:
    for path in ("/api_health", "/router_health"):
        r = client.get(path)
        assert r.status_code == 200 and r.json()["status"] == "ok"


def test_model_status_info_and_signature(client: TestClient, default_bundle_dir) -> None:
    scorer = Scorer.from_path(str(default_bundle_dir))
    status = client.get("/model_status").json()
    assert status["model_loaded"] is True and status["model_id"] == scorer.bundle.id
    assert status["decision_log"].endswith("decisions.sqlite3") and status["decisions_pending"] == 0

    info = client.get("/model_info").json()
    assert info["threshold"] == scorer.threshold == 0.13
    assert info["version"] == scorer.bundle.version and info["creation_date"]

    sig = client.get("/model_signature").json()
    assert [c["name"] for c in sig["columns"]] == scorer.signature.names
    assert sig["n_features"] == len(scorer.signature.names) == 18
    by_name = {c["name"]: c for c in sig["columns"]}
    assert by_name["age_in_years"]["type"] == "long" and by_name["age_in_years"]["minimum"] == 18
    assert by_name["purpose"]["type"] == "string"
    assert "car (new)" in by_name["purpose"]["categories"]
    assert all(c["description"] for c in sig["columns"])


def test_individual_score_shape_and_decision(client: TestClient, example: dict) -> None:
    r = client.post("/individual_score", json=example)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == SCORE_KEYS
    assert 0.0 <= body["score"] <= 1.0 and body["threshold"] == 0.13
    refused = body["score"] >= body["threshold"]
    assert body["prediction"] == int(refused)
    assert body["decision"] == ("Refusé" if refused else "Accordé")
    assert uuid.UUID(body["decision_id"]) and len(body["reasons"]) <= 4


def test_a_risky_applicant_is_refused(client: TestClient, example: dict) -> None:
    risky = {**example, "status_of_existing_checking_account": "0 <= ... < 200 DM",
             "duration_in_month": 60, "credit_amount": 15000,
             "credit_history": "all credits at this bank paid back duly", "age_in_years": 21,
             "savings_account_and_bonds": "... < 100 DM"}  # fmt: skip
    body = client.post("/individual_score", json=risky).json()
    assert body["prediction"] == 1 and body["decision"] == "Refusé", body
    assert body["reasons"], "a refusal says why"


def test_invalid_applicant_names_field_and_rule(client: TestClient, example: dict) -> None:
    bad = {**example, "age_in_years": 5, "purpose": "yacht"}
    del bad["credit_amount"]
    r = client.post("/individual_score", json=bad)
    assert r.status_code == 422
    problems = {tuple(p["loc"]): p for p in r.json()["detail"]}
    assert problems[("body", "age_in_years")]["type"] == "below_min"
    assert "below the minimum of 18" in problems[("body", "age_in_years")]["msg"]
    assert problems[("body", "purpose")]["type"] == "unknown_category"
    assert problems[("body", "credit_amount")]["type"] == "missing"


def test_bodies_that_are_not_applicants(client: TestClient) -> None:
    cases = ((b"{not json", "json_invalid"), (b"[1, 2]", "dict_type"), (b"3", "dict_type"))
    for body, kind in cases:
        r = client.post(
            "/individual_score", content=body, headers={"content-type": "application/json"}
        )
        assert r.status_code == 422 and r.json()["detail"][0]["type"] == kind


def test_multiple_score_is_a_list_in_order(client: TestClient, example: dict) -> None:
    older = {**example, "age_in_years": 30, "duration_in_month": 48, "credit_amount": 9000}
    r = client.post("/multiple_score", json=[example, older, example])
    assert r.status_code == 200, r.text
    rows = r.json()
    assert len(rows) == 3 and all(set(row) == SCORE_KEYS for row in rows)
    single = client.post("/individual_score", json=older).json()
    assert abs(rows[1]["score"] - single["score"]) < 1e-6
    assert rows[0]["score"] == rows[2]["score"]
    assert len({row["decision_id"] for row in rows}) == 3
    assert client.post("/multiple_score", json=[]).json() == []


def test_multiple_score_names_every_bad_row(client: TestClient, example: dict) -> None:
    rows = [example, {**example, "age_in_years": 200}, example, {**example, "housing": "castle"}]
    r = client.post("/multiple_score", json=rows)
    assert r.status_code == 422
    problems = r.json()["detail"]
    assert [p["loc"] for p in problems] == [["body", 1, "age_in_years"], ["body", 3, "housing"]]
    assert [p["type"] for p in problems] == ["above_max", "unknown_category"]
    # nothing was decided for a rejected batch
    with DecisionLog.open() as log:
        assert log.count(HistoryFilter(source=Source.API)) == 0


def test_multiple_score_with_values_the_frame_cannot_compare(client: TestClient, example) -> None:
    rows = [example, {**example, "credit_amount": {"nested": 1}}, "not an applicant"]
    r = client.post("/multiple_score", json=rows)
    assert r.status_code == 422
    assert r.json()["detail"] == [
        {"loc": ["body", 2], "msg": "Applicant 2 is not a JSON object.", "type": "dict_type"}
    ]
    r = client.post("/multiple_score", json=rows[:2])
    assert r.status_code == 422
    assert [p["loc"] for p in r.json()["detail"]] == [["body", 1, "credit_amount"]]


def test_scored_requests_land_in_the_decision_log(client: TestClient, example: dict) -> None:
    one = client.post("/individual_score", json=example).json()
    many = client.post("/multiple_score", json=[example, example]).json()
    with DecisionLog.open() as log:
        assert log.count(HistoryFilter(source=Source.API)) == 3
        stored = log.get(one["decision_id"])
        assert stored is not None and stored.source == Source.API
        assert stored.score == one["score"] and stored.inputs["age_in_years"] == 67
        batch_row = log.get(many[1]["decision_id"])
        assert batch_row is not None and batch_row.row_number == 1 and batch_row.batch_id


def test_openapi_is_the_models_signature(client: TestClient, example: dict) -> None:
    doc = client.get("/openapi.json").json()
    applicant = doc["components"]["schemas"]["Applicant"]
    assert set(applicant["properties"]) == {*example, "applicant_id"}  # the case reference
    assert applicant["required"] == [p for p in applicant["properties"] if p != "applicant_id"]
    age = applicant["properties"]["age_in_years"]
    assert (age["type"], age["minimum"], age["maximum"]) == ("integer", 18, 100)
    assert age["title"] == "Age" and age["description"]
    assert applicant["examples"] == [example]
    request = doc["paths"]["/individual_score"]["post"]["requestBody"]
    schema = request["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Applicant"}
    assert set(doc["paths"]) >= {"/api_health", "/router_health", "/model_status",
                                 "/model_signature", "/model_info", "/individual_score",
                                 "/multiple_score", "/reload_model"}  # fmt: skip
    json.dumps(doc)


def test_internal_errors_carry_an_id_and_no_traceback(client: TestClient, caplog) -> None:
    def broken() -> None:
        raise RuntimeError("secret detail /etc/passwd")

    client.app.add_api_route("/broken", broken)
    r = TestClient(client.app, raise_server_exceptions=False).get("/broken")
    assert r.status_code == 500
    body = r.json()
    assert set(body) == {"detail", "error_id"}
    assert "secret" not in r.text and "Traceback" not in r.text
    assert any(body["error_id"] in rec.getMessage() for rec in caplog.records)
