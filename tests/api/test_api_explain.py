"""`POST /explain` on the real app: the CLI's --json content, the 422 shape of
`/individual_score`, nothing recorded, the original endpoints unchanged."""

from __future__ import annotations

import math

import pytest

from pad_desktop.decisions import HistoryFilter
from pad_desktop.model.bundle import load_bundle


@pytest.fixture
def refused(default_bundle_dir) -> dict:
    """Reference applicant 2 (48 months, refused at P 0.57)."""
    bundle = load_bundle(default_bundle_dir)
    row = bundle.reference().iloc[1][bundle.signature.names].to_dict()
    return {k: v.item() if hasattr(v, "item") else v for k, v in row.items()}


def test_explain_answers_the_whole_explanation(client, refused) -> None:
    answer = client.post("/explain", json=refused)
    assert answer.status_code == 200
    data = answer.json()
    assert set(data["contributions"]) == set(refused)
    total = data["base_log_odds"] + sum(data["contributions"].values())
    assert total == pytest.approx(
        math.log(data["probability"] / (1 - data["probability"])), abs=1e-5
    )
    assert data["decision"] == "refused" and len(data["neighbours"]) == 5
    assert all(0 <= s["percentile"] <= 100 for s in data["standings"].values())
    cf = data["counterfactual"]
    assert cf["decision"] == "approved" and cf["probability"] < data["threshold"]
    # the same probability as the decision endpoint gives
    scored = client.post("/individual_score", json=refused).json()
    assert scored["score"] == pytest.approx(data["probability"])
    assert set(scored) == {"score", "prediction", "threshold", "decision", "reasons", "decision_id"}


def test_explain_in_french_and_nothing_is_recorded(client, example) -> None:
    log = client.app.state.service.decisions.log
    before = log.count(HistoryFilter(include_simulated=True))
    data = client.post("/explain?lang=fr", json=example).json()
    assert data["fields"]["duration_in_month"]["label"] == "Durée du crédit"
    assert log.count(HistoryFilter(include_simulated=True)) == before


@pytest.mark.parametrize(
    "body",
    [b"[1, 2]", b"{nope", b'"text"', b"null"],
)
def test_a_body_that_is_no_applicant_is_a_422(client, body) -> None:
    answer = client.post("/explain", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body"]


def test_field_errors_have_the_shape_of_individual_scores(client, example) -> None:
    bad = {**example, "credit_amount": "lots", "purpose": ["x"], "age_in_years": float("nan")}
    explained = client.post("/explain", content=_json(bad), headers=_JSON)
    scored = client.post("/individual_score", content=_json(bad), headers=_JSON)
    assert explained.status_code == scored.status_code == 422
    assert explained.json()["detail"] == scored.json()["detail"]
    assert {tuple(p["loc"]) for p in explained.json()["detail"]} >= {
        ("body", "credit_amount"),
        ("body", "purpose"),
    }


def test_a_bad_language_or_parameter_is_a_422(client, example) -> None:
    assert client.post("/explain?lang=de", json=example).status_code == 422
    answer = client.post("/explain?langue=fr", json=example)
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["query", "langue"]


_JSON = {"content-type": "application/json"}


def _json(values: dict) -> bytes:
    import json

    return json.dumps(values).encode()  # NaN as Python writes it: the parser must cope


def test_the_language_follows_accept_language_as_on_every_endpoint(client, example) -> None:
    french = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"}
    data = client.post("/explain", json=example, headers=french).json()
    assert data["counterfactual"] is None or "message" in data["counterfactual"]
    assert data["fields"]["credit_amount"]["label"] == "Montant du crédit"
    bad = client.post("/explain", json={"credit_amount": "lots"}, headers=french).json()
    assert any("Montant du crédit" in p["msg"] for p in bad["detail"])
    wrong = client.post("/explain", content=b"[1]", headers=french).json()
    assert wrong["detail"][0]["msg"].startswith("Le corps de la requête doit être un objet")
    chosen = client.post("/explain?lang=en", json=example, headers=french).json()
    assert chosen["fields"]["credit_amount"]["label"] == "Credit amount"
