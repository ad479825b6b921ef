"""The decision service: recorded before returned, repeats, re-scores, identity, case references."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.records import Source
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.scoring import Scorer
from pad_desktop.service.decision_service import DecisionService, Identity, LogClosed


@pytest.fixture
def log(tmp_path: Path):
    opened = DecisionLog.open(data_dir=tmp_path / "log")
    yield opened
    opened.close()


@pytest.fixture
def service(scorer: Scorer, log: DecisionLog) -> DecisionService:
    return DecisionService(ActiveModel.of(scorer), log, Identity("jdupont", "ws-7", "J. Dupont"))


def test_with_the_log_closed_no_decision_is_made(scorer: Scorer, tmp_path: Path) -> None:
    closed = DecisionService(ActiveModel.of(scorer), None)
    with pytest.raises(LogClosed):
        closed.decide(scorer.signature.example, case_ref="C-1")
    with pytest.raises(LogClosed):
        closed.decide_frame(pd.DataFrame([scorer.signature.example]), source=Source.API)
    out = tmp_path / "out.csv"
    with pytest.raises(LogClosed):
        closed.score_file(Path("resources/examples/applicants_fr.csv"), out)
    assert not out.exists()  # nothing scored, nothing written


def test_a_decision_returned_is_in_the_log_with_who_and_which_case(service, log) -> None:
    decision = service.decide(service.scorer.signature.example, case_ref=" DOSSIER-42 ")
    stored = log.get(decision.id)
    assert stored is not None and stored.case_ref == "DOSSIER-42"
    who = (stored.officer, stored.os_account, stored.workstation)
    assert who == ("J. Dupont", "jdupont", "ws-7")
    assert decision.id.version == 7
    assert [d.id for d in log.history(HistoryFilter(case_ref="DOSSIER-42"))] == [decision.id]


def test_the_same_case_again_is_the_decision_already_made(service, log) -> None:
    example = service.scorer.signature.example
    first = service.decide(example, case_ref="C-9")
    again = service.decide({k: str(v) for k, v in example.items()}, case_ref="C-9")
    assert again.repeated and again.id == first.id
    assert log.count(HistoryFilter(case_ref="C-9")) == 1
    changed = service.decide({**example, "credit_amount": 9000}, case_ref="C-9")
    assert not changed.repeated and changed.record.previous_id == first.id
    assert log.count(HistoryFilter(case_ref="C-9")) == 2
    other_case = service.decide(example, case_ref="C-10")
    assert not other_case.repeated and other_case.record.previous_id is None


def test_a_repeat_after_the_window_is_a_new_decision(scorer, log) -> None:
    from pad_desktop.runtime.settings import get_settings

    settings = get_settings().with_preferences(repeat_window_s=0.0)
    service = DecisionService(ActiveModel.of(scorer), log, settings=settings)
    first = service.decide(scorer.signature.example, case_ref="C-1")
    second = service.decide(scorer.signature.example, case_ref="C-1")
    assert not second.repeated and second.record.previous_id == first.id


def test_a_batch_row_is_found_in_history_by_its_id_column(service, log, tmp_path) -> None:
    summary = service.score_file(Path("resources/examples/applicants_fr.csv"), tmp_path / "o.csv")
    assert summary.scored == 37 and summary.rows_with_errors == 3
    found = log.history(HistoryFilter(case_ref="A1000"))
    assert len(found) == 1 and found[0].source is Source.BATCH and found[0].row_number == 1
    errors = pd.read_csv(summary.errors_output, sep=";", dtype=str, encoding="utf-8-sig")
    assert list(errors.columns) == ["row", "line", "applicant_id", "field", "value", "message"]
    first = errors.iloc[0]
    assert (first["row"], first["line"], first["applicant_id"]) == ("4", "5", "A1003")


def test_a_model_switch_is_one_event_in_one_format(service, log, original_bundle) -> None:
    before = service.scorer.bundle
    service.switch_model(original_bundle)
    event = log.model_events()[0]
    assert event.kind == "use" and event.os_account == "jdupont"
    assert event.from_model == f"{before.id} sha256:{before.sha256[:16]}"
    assert event.to_model.endswith(f"sha256:{service.scorer.bundle.sha256[:16]}")


def test_an_override_names_the_officer_and_the_os_account(service, log) -> None:
    decision = service.decide(service.scorer.signature.example, case_ref="C-3")
    service.override(decision.record, None, "pay slips seen", kind="review")
    (review,) = log.overrides_for(decision.id)
    assert (review.officer, review.os_account, review.kind) == ("J. Dupont", "jdupont", "review")
