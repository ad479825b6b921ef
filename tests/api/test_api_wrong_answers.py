"""The API never serves or records a score that is no probability, and says the model is at
fault (503, "the model in use is unusable"), not the decision log; a broken bundle stops
`serve` with one line. Plus three HTTP answers: the admin key before the body of
`/reload_model`, `/explain` held to its own schema, and `Allow` on every 405."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.decisions import HistoryFilter
from tests.api.live_server import strict_json
from tests.hostile_bundles import WILD_DURATION, constant_bundle, edit_mlmodel, wild_bundle

ROOT = Path(__file__).resolve().parents[2]
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


def _recorded(client: TestClient) -> int:
    """Decisions in the app's log (each answered one is durable before its answer)."""
    return client.app.state.service.log.count(HistoryFilter())


@pytest.fixture
def wild_client(tmp_path: Path) -> Iterator[TestClient]:
    """A model exact on its reference sample (it loads) that answers NaN for long durations."""
    app = create_app(ApiConfig(model_path=str(wild_bundle(tmp_path / "wild"))))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_a_refused_output_is_a_model_fault_and_is_not_recorded(
    wild_client: TestClient, example: dict
) -> None:
    wild = {**example, "duration_in_month": WILD_DURATION, "applicant_id": "C-1"}
    r = wild_client.post("/individual_score", json=wild)
    assert r.status_code == 503, r.text
    detail = strict_json(r.content)["detail"]
    assert detail.startswith("The model in use is unusable, so no decision was made")
    assert "The model answered NaN for this applicant" in detail
    assert "could not be recorded" not in detail
    r = wild_client.post("/individual_score", json=wild, headers=FRENCH)
    assert r.status_code == 503
    assert r.json()["detail"].startswith("Le modèle en service est inutilisable")
    r = wild_client.post("/multiple_score", json=[example, wild])
    assert r.status_code == 503, r.text
    assert "applicant 1: The model answered NaN for this row" in r.json()["detail"]
    r = wild_client.post("/explain", json=wild)
    assert r.status_code == 503, r.text
    assert "The model answered NaN for this applicant" in r.json()["detail"]
    assert wild_client.post("/individual_score", json=example).status_code == 200
    assert wild_client.post("/explain", json=example).status_code == 200
    assert _recorded(wild_client) == 1  # only the applicant the model could score


@pytest.mark.parametrize("value", [5.0, -1.0, float("nan"), float("inf")], ids=str)
def test_a_graph_with_nothing_to_check_it_on_still_serves_no_wrong_score(
    tmp_path: Path, example: dict, value: float
) -> None:
    """No reference sample and no example: the load has nothing to score, so the scorer's own
    check of every output is what stops it."""

    def no_example(data: dict) -> None:
        data["metadata"]["pad_desktop"].pop("example")

    folder = edit_mlmodel(tmp_path / "bare", no_example)
    constant = constant_bundle(tmp_path / "constant", value)
    (folder / "model.onnx").write_bytes((constant / "model.onnx").read_bytes())
    (folder / "reference.csv").unlink()
    app = create_app(ApiConfig(model_path=str(folder)))
    with TestClient(app, raise_server_exceptions=False) as client:
        bodies = {"/individual_score": example, "/multiple_score": [example], "/explain": example}
        for path, body in bodies.items():
            r = client.post(path, json=body)
            assert r.status_code == 503, (path, r.text)
            assert r.json()["detail"].startswith("The model in use is unusable"), r.text
        assert _recorded(client) == 0


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (
            lambda d: d["metadata"]["pad_desktop"].update(threshold=[0.2]),
            "MLmodel: the threshold is not a number ([0.2]).",
        ),
        (
            lambda d: next(
                f for f in d["metadata"]["pad_desktop"]["features"] if f["name"] == "age_in_years"
            ).update(min="abc"),
            "MLmodel: input 'age_in_years': 'min' is not a number ('abc').",
        ),
    ],
)
def test_serve_refuses_a_broken_bundle_in_one_line(tmp_path: Path, edit, line: str) -> None:
    folder = edit_mlmodel(tmp_path / "broken", edit)
    done = subprocess.run(
        [sys.executable, "-m", "pad_desktop", "serve", "--model", str(folder), "--port", "9"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines() == [f"error: {line}"]


def test_serve_refuses_a_graph_that_answers_no_probability(tmp_path: Path) -> None:
    folder = constant_bundle(tmp_path / "constant", float("nan"))
    done = subprocess.run(
        [sys.executable, "-m", "pad_desktop", "serve", "--model", str(folder), "--port", "9"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    assert "model.onnx answers NaN for row 1" in done.stderr and "Traceback" not in done.stderr


# -- HTTP -------------------------------------------------------------------------------------
ADMIN = "admin-secret"


@pytest.fixture
def admin_client(default_bundle_dir: Path) -> Iterator[TestClient]:
    app = create_app(ApiConfig(model_path=str(default_bundle_dir), admin_key=ADMIN))
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize(
    "body",
    [
        b'{"pull": true, "revision": "risky"}',
        b'{"pull": 1}',
        b'{"pull": NaN}',
        b"[]",
        b"{not json",
        b"\xff\xfe",
    ],
)
def test_reload_model_asks_for_the_admin_key_before_reading_the_body(
    admin_client: TestClient, body: bytes
) -> None:
    json_type = {"Content-Type": "application/json"}
    r = admin_client.post("/reload_model", content=body, headers=json_type)
    assert r.status_code == 401 and "X-Admin-Key" in r.json()["detail"], r.text
    r = admin_client.post("/reload_model", content=body, headers={**json_type, "X-Admin-Key": "x"})
    assert r.status_code == 403, r.text
    r = admin_client.post(
        "/reload_model", content=body, headers={**json_type, "X-Admin-Key": ADMIN}
    )
    assert r.status_code == 422, r.text
    problems = strict_json(r.content)["detail"]
    assert problems and all(p["loc"][0] == "body" for p in problems)


def test_reload_model_still_takes_no_body_and_an_empty_pull(admin_client: TestClient) -> None:
    for body in (None, {"pull": False}):
        r = admin_client.post("/reload_model", json=body, headers={"X-Admin-Key": ADMIN})
        assert r.status_code == 200 and r.json()["changed"] is False, r.text


@pytest.mark.parametrize("case", ["A\x00B", "\x00", 3.5, True, ["A1"], {"id": 1}, "x" * 201])
def test_explain_holds_applicant_id_to_its_schema(client: TestClient, example: dict, case) -> None:
    for path in ("/explain", "/individual_score"):
        r = client.post(path, json={**example, "applicant_id": case})
        assert r.status_code == 422, (path, r.text)
        problem = strict_json(r.content)["detail"][0]
        assert problem["loc"] == ["body", "applicant_id"] and problem["msg"], r.text


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH", "GET", "OPTIONS"])
@pytest.mark.parametrize("path", ["/individual_score", "/multiple_score", "/explain"])
def test_every_405_says_which_methods_are_allowed(client: TestClient, method: str, path: str):
    r = client.request(method, path)
    assert r.status_code == 405
    assert r.headers.get("allow") == "POST", dict(r.headers)
