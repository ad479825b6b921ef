"""The API face of the one decision path: a decision returned is in the log with its case
reference; with the log closed, none is returned."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.records import Source


def test_an_answered_decision_is_in_the_log_under_its_case(client: TestClient, example) -> None:
    one = client.post("/individual_score", json={**example, "applicant_id": "API-7"}).json()
    many = client.post("/multiple_score", json=[{**example, "applicant_id": "API-8"}]).json()
    log = client.app.state.service.log
    for answer, case in ((one, "API-7"), (many[0], "API-8")):
        (stored,) = log.history(HistoryFilter(case_ref=case))
        assert str(stored.id) == answer["decision_id"] and stored.source is Source.API


def test_with_the_log_closed_no_decision_is_returned(default_bundle_dir: Path, example) -> None:
    with TestClient(create_app(ApiConfig(model_path=str(default_bundle_dir)))) as client:
        service = client.app.state.service
        service.decisions.close()  # the group writer stops: nothing more can be recorded
        service.log.close()
        for path, body in (("/individual_score", example), ("/multiple_score", [example])):
            answer = client.post(path, json=body)
            assert answer.status_code == 503 and "decision_id" not in answer.text
    with DecisionLog.open() as log:  # the server's own data dir
        assert log.count(HistoryFilter(source=Source.API)) == 0


def test_the_cli_records_before_it_writes_results(tmp_path: Path, monkeypatch, capsys) -> None:
    """A decision log that cannot be opened: nothing is scored, no results file appears."""
    monkeypatch.setenv("DATABASE_URL", "not-a-database-url")
    from pad_desktop.runtime.settings import get_settings

    get_settings.cache_clear()
    out = tmp_path / "out.csv"
    code = main(["score", "resources/examples/applicants_fr.csv", "-o", str(out)])
    assert code != 0 and not out.exists()
    assert "Traceback" not in capsys.readouterr().err
