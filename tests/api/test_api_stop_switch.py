"""The stop switch: `pad-desktop control stop` makes a running API (and the CLI batch) refer
every case to human review within the control TTL (at most 5 s; a clock we move, not a sleep),
recorded as such and said in the response beside the original fields; `control resume`
restores automated decisions."""

from __future__ import annotations

import csv
from pathlib import Path

import httpx
import pytest

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, HistoryFilter
from tests.api.live_server import live_server

ORIGINAL_FIELDS = {"score", "prediction", "threshold", "decision", "reasons", "decision_id"}


def test_control_stop_refers_every_api_case_then_resume_restores(
    default_bundle_dir: Path, example: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(ApiConfig(model_path=str(default_bundle_dir)))
    with live_server(app) as address:
        url = f"http://{address}/individual_score"
        service = app.state.service.decisions
        now = [1000.0]
        service.oversight.control.clock = lambda: now[0]
        ttl = service.oversight.control.ttl_s
        assert 0 < ttl <= 5

        before = httpx.post(url, json=example, timeout=30).json()
        assert "stopped" not in before and "referred" not in before

        assert main(["control", "stop", "--reason", "drift alarm"]) == 0
        assert "Automated decisions are stopped" in capsys.readouterr().out
        now[0] += ttl  # within the TTL every process reads the switch again
        answers = [
            httpx.post(url, json={**example, "applicant_id": f"STOP-{i}"}, timeout=30).json()
            for i in range(3)
        ]
        for answer in answers:
            assert set(answer) >= ORIGINAL_FIELDS  # the original shape, fields added beside
            assert answer["referred"] is True
            assert answer["policy"]["effect"] == "refer"
            assert answer["stopped"]["reason"] == "drift alarm"
            assert "human review" in answer["stopped"]["message"]
        several = httpx.post(  # /multiple_score: each row referred too
            f"http://{address}/multiple_score", json=[example, example], timeout=30
        ).json()
        assert [row["referred"] for row in several] == [True, True]
        assert {row["stopped"]["reason"] for row in several} == {"drift alarm"}
        french = httpx.post(
            url, json={**example, "applicant_id": "STOP-FR"},
            headers={"Accept-Language": "fr"}, timeout=30,
        ).json()  # fmt: skip
        assert "examen humain" in french["stopped"]["message"]

        assert main(["control", "resume", "--reason", "model rolled back"]) == 0
        now[0] += ttl
        after = httpx.post(url, json={**example, "applicant_id": "AFTER"}, timeout=30).json()
        assert "stopped" not in after and "referred" not in after

    with DecisionLog.open() as log:  # recorded as referrals, with the stop that made them
        stopped = log.history(HistoryFilter(case_ref="STOP-1"))[0]
        assert stopped.policy["effect"] == "refer"
        assert stopped.policy["stop"]["reason"] == "drift alarm"
        assert not log.history(HistoryFilter(case_ref="AFTER"))[0].policy


def test_control_stop_refers_every_row_of_the_cli_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    applicants = Path("resources/examples/applicants_fr.csv")
    assert main(["control", "stop", "--reason", "audit in progress"]) == 0
    out = tmp_path / "out.csv"
    assert main(["score", str(applicants), "-o", str(out)]) in (0, 1)
    capsys.readouterr()
    rows = _rows(out)
    assert rows and {row["policy"] for row in rows} == {"refer"}
    with DecisionLog.open() as log:
        recorded = log.history(HistoryFilter(), limit=1000)
        assert len(recorded) == len(rows)
        assert all(d.policy["stop"]["reason"] == "audit in progress" for d in recorded)

    assert main(["control", "resume", "--reason", "audit done"]) == 0
    again = tmp_path / "again.csv"
    assert main(["score", str(applicants), "-o", str(again), "--again"]) in (0, 1)
    assert {row.get("policy", "") for row in _rows(again)} <= {"", "refuse", "refer"}
    assert "refer" not in {row.get("policy_rules", "") for row in _rows(again)}
    with DecisionLog.open() as log:
        newest = log.history(HistoryFilter(), limit=1)[0]
        assert "stop" not in (newest.policy or {})


def _rows(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    return list(csv.DictReader(text.splitlines(), dialect=dialect))


def test_the_control_status_says_who_stopped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["control", "status"]) == 0
    assert "running" in capsys.readouterr().out
    assert main(["control", "stop", "--reason", "fraud wave", "--lang", "fr"]) == 0
    assert "suspendues" in capsys.readouterr().out
    assert main(["control", "status"]) == 0
    assert "fraud wave" in capsys.readouterr().out
    assert main(["control", "stop", "--reason", "  "]) == 1
    assert "reason" in capsys.readouterr().err
