"""The applicant's voice and the supervisors' queue from the command line, on the embedded
store (its one user holds every role): `review request` records the applicant's view against
the case's latest decision, `oversight queue` lists it, `oversight approve` answers it with a
review linked to the request; hostile input is one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, HistoryFilter

APPLICANTS = Path("resources/examples/applicants_fr.csv")


def test_a_review_request_joins_the_queue_and_its_review_is_linked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", str(APPLICANTS), "-o", str(tmp_path / "out.csv")]) in (0, 1)
    with DecisionLog.open() as log:
        case = log.history(HistoryFilter(), limit=1)[0].case_ref
    assert case
    capsys.readouterr()
    assert main(["oversight", "roles"]) == 0
    assert "all (one user)" in capsys.readouterr().out
    assert main(["review", "request", case, "--text", "I was ill that spring"]) == 0
    assert f"for case {case}" in capsys.readouterr().out
    assert main(["oversight", "queue"]) == 0
    listed = capsys.readouterr().out
    assert case in listed and "I was ill that spring" in listed
    request_id = listed.split()[0]

    assert main(["oversight", "approve", request_id, "--reason", "medical letter seen"]) == 0
    assert "reviewed" in capsys.readouterr().out
    assert main(["oversight", "approve", request_id, "--reason", "again"]) == 1
    assert "already answered" in capsys.readouterr().err
    assert main(["oversight", "queue"]) == 0
    assert "Nothing waits" in capsys.readouterr().out
    with DecisionLog.open() as log:
        decision = log.history(HistoryFilter(case_ref=case), limit=1)[0]
        review = [o for o in decision.overrides if o.kind == "review"]
        assert [o.justification for o in review] == ["medical letter seen"]
        state = log.requests(decision_id=decision.id)[0]
        assert state.answers[0].override_id == review[0].id


def test_hostile_references_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", "request", "NO-SUCH-CASE", "--text", "x"]) == 1
    assert "No decision of case NO-SUCH-CASE" in capsys.readouterr().err
    assert main(["oversight", "approve", "not-a-uuid\x00", "--reason", "x", "--lang", "fr"]) == 1
    err = capsys.readouterr().err
    assert "Aucune demande" in err and "Traceback" not in err
