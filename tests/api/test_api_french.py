"""The API speaks French when the request's Accept-Language prefers it, in the same JSON shapes;
English stays the default (the real app, the shipped model, a real decision log)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app

FR = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"}
KEY = "cle-de-test"


def _problems(response) -> dict:
    return {tuple(p["loc"]): p for p in response.json()["detail"]}


def test_field_errors_are_french_with_the_english_shape(client: TestClient, example: dict) -> None:
    bad = {**example, "age_in_years": -5, "housing": "castle"}
    english = client.post("/individual_score", json=bad)
    french = client.post("/individual_score", json=bad, headers=FR)
    assert english.status_code == french.status_code == 422
    en, fr = _problems(english), _problems(french)
    assert en.keys() == fr.keys()
    for loc, problem in fr.items():
        assert problem.keys() == en[loc].keys() and problem["type"] == en[loc]["type"]
    age = ("body", "age_in_years")
    assert en[age]["msg"] == "Age: -5 is below the minimum of 18 years."
    assert fr[age]["msg"] == "Âge : -5 est inférieur au minimum de 18 ans."
    housing = fr[("body", "housing")]["msg"]
    assert housing.startswith("Logement : « castle » n'est pas une valeur acceptée.")
    assert "« propriétaire »" in housing  # the accepted values as a French officer reads them


def test_q_values_are_weighed(client: TestClient, example: dict) -> None:
    bad = {**example, "age_in_years": 12}

    def message(header: str) -> str:
        r = client.post("/individual_score", json=bad, headers={"Accept-Language": header})
        return r.json()["detail"][0]["msg"]

    assert message("en;q=0.5, fr;q=0.7").startswith("Âge")
    assert message("fr;q=0.3, en").startswith("Age:")
    assert message("fr;q=0, en;q=0.1").startswith("Age:")  # q=0: not acceptable
    assert message("de-DE, *;q=0.5").startswith("Age:")  # nothing we speak: English
    assert message("fr;q=banana, ;;,fr-CA").startswith("Âge")  # a bad weight is no preference


def test_batch_errors_body_errors_and_reasons_in_french(client: TestClient, example: dict) -> None:
    rows = [example, {**example, "duration_in_month": "douze"}]
    r = client.post("/multiple_score", json=rows, headers=FR)
    assert r.status_code == 422
    assert r.json()["detail"] == [
        {
            "loc": ["body", 1, "duration_in_month"],
            "type": "not_a_number",
            "input": "douze",
            "msg": "Durée du crédit : « douze » n'est pas un nombre.",
        }
    ]
    r = client.post("/multiple_score", json=[example, 3], headers=FR)
    assert r.json()["detail"][0]["msg"] == "Le demandeur 1 n'est pas un objet JSON."
    r = client.post("/individual_score", content=b"{nope", headers=FR)
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"].startswith("Le corps de la requête n'est pas du JSON")

    ok = client.post("/individual_score", json=example, headers=FR).json()
    english = client.post("/individual_score", json=example).json()
    assert ok.keys() == english.keys() and ok["score"] == english["score"]
    assert ok["reasons"] and all(" : " in reason for reason in ok["reasons"])
    assert ok["reasons"] != english["reasons"]


def test_gate_and_routing_answers_in_french(default_bundle_dir: Path, example: dict) -> None:
    app = create_app(ApiConfig(api_key=KEY, model_path=str(default_bundle_dir)))
    with TestClient(app) as c:
        r = c.post("/individual_score", json=example, headers=FR)
        assert r.status_code == 401 and r.json() == {"detail": "L'en-tête X-API-Key manque."}
        r = c.post("/individual_score", json=example)
        assert r.json() == {"detail": "Missing X-API-Key header."}
        r = c.post("/individual_score", json=example, headers={**FR, "X-API-Key": "x"})
        assert r.status_code == 403 and r.json() == {"detail": "X-API-Key incorrecte."}
        keyed = {**FR, "X-API-Key": KEY}
        r = c.get("/individual_score", headers=keyed)
        assert r.status_code == 405 and r.json() == {"detail": "Méthode non autorisée"}
        r = c.get("/no_such_page", headers=keyed)
        assert r.status_code == 404 and r.json() == {"detail": "Introuvable"}
        assert c.get("/no_such_page", headers={"X-API-Key": KEY}).json() == {"detail": "Not Found"}
        r = c.post("/reload_model", headers=keyed)
        assert r.status_code == 403 and "clé d'administration" in r.json()["detail"]


@pytest.mark.parametrize("limit", [64])
def test_too_large_in_french(default_bundle_dir: Path, example: dict, limit: int) -> None:
    app = create_app(ApiConfig(model_path=str(default_bundle_dir), max_body_bytes=limit))
    with TestClient(app) as c:
        r = c.post("/individual_score", json=example, headers=FR)
        assert r.status_code == 413
        assert r.json() == {"detail": f"Le corps de la requête dépasse {limit} octets."}


def test_fastapi_validation_in_french(default_bundle_dir: Path) -> None:
    app = create_app(ApiConfig(model_path=str(default_bundle_dir), admin_key="admin"))
    with TestClient(app) as c:
        admin = {"X-Admin-Key": "admin"}
        english = c.post("/reload_model", json={"pull": "yes", "rev": "x"}, headers=admin)
        french = c.post("/reload_model", json={"pull": "yes", "rev": "x"}, headers={**FR, **admin})
        assert english.status_code == french.status_code == 422
        en, fr = _problems(english), _problems(french)
        assert en.keys() == fr.keys() == {("body", "pull"), ("body", "rev")}
        assert en[("body", "pull")]["msg"] == "Input should be a valid boolean"
        assert fr[("body", "pull")]["msg"].startswith("La valeur doit être un booléen JSON")
        assert fr[("body", "rev")]["msg"] == "Ce champ n'est pas accepté"
        assert {k: {**v, "msg": ""} for k, v in en.items()} == {
            k: {**v, "msg": ""} for k, v in fr.items()
        }  # the same shape and content but the sentence
