"""The API reads JSON: numbers are numbers, and a string "0,589" in a decimal field is refused
as ambiguous (in the request's language), never read as 589, on `/explain`, `/individual_score`
and `/multiple_score` alike. Accept-Language words the answer; it does not change the decimal
mark of JSON, which is "." whatever the client's language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.decisions import HistoryFilter
from pad_desktop.model.scoring import Scorer
from tests.foreign_model import EXAMPLE_PAYLOAD, build_original_service_bundle

FIELD = "FE_EXT_SOURCE_MEAN"
FR = {"Accept-Language": "fr-FR,fr;q=0.9"}
FRENCH_MESSAGE = (
    "FE_EXT_SOURCE_MEAN : « 0,589 » est ambigu : sa virgule se lit comme une virgule décimale, "
    "mais ici le séparateur décimal est le point et la virgule ne sépare que les milliers (comme "
    "dans 1,234). Pour le nombre décimal, écrivez 0.589."
)


@pytest.fixture(scope="module")
def original_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_original_service_bundle(tmp_path_factory.mktemp("orig") / "exported_model")


@pytest.fixture
def original(original_bundle: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ApiConfig(model_path=str(original_bundle)))) as client:
        yield client


def _answers(client: TestClient, value: object, headers: dict[str, str]) -> dict[str, object]:
    body = {**EXAMPLE_PAYLOAD, FIELD: value}
    return {
        "explain": client.post("/explain", json=body, headers=headers),
        "individual": client.post("/individual_score", json=body, headers=headers),
        "multiple": client.post("/multiple_score", json=[body], headers=headers),
    }


def test_a_string_with_a_decimal_comma_is_refused_in_french_on_every_endpoint(
    original: TestClient,
) -> None:
    log = original.app.state.service.decisions.log
    for name, answer in _answers(original, "0,589", FR).items():
        assert answer.status_code == 422, (name, answer.text)
        problem = answer.json()["detail"][0]
        assert problem["type"] == "ambiguous_comma" and problem["input"] == "0,589", name
        assert problem["msg"] == FRENCH_MESSAGE, name
    assert log.count(HistoryFilter(include_simulated=True)) == 0  # nothing decided on a guess


def test_the_english_answer_names_the_ambiguity_too(original: TestClient) -> None:
    for name, answer in _answers(original, "-0,589", {}).items():
        assert answer.status_code == 422, name
        assert "'-0,589' is ambiguous" in answer.json()["detail"][0]["msg"], name


def test_json_numbers_are_numbers_on_every_endpoint(
    original: TestClient, original_bundle: Path
) -> None:
    expected = Scorer.from_path(str(original_bundle)).score({**EXAMPLE_PAYLOAD, FIELD: 0.589})
    for value in (0.589, "0.589"):
        answers = _answers(original, value, FR)
        assert all(a.status_code == 200 for a in answers.values()), answers
        assert answers["explain"].json()["probability"] == pytest.approx(expected.probability)
        assert answers["individual"].json()["score"] == pytest.approx(expected.probability)
        assert answers["multiple"].json()[0]["score"] == pytest.approx(expected.probability)
