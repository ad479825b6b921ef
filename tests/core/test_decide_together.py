"""Decisions asked for together (concurrent API requests in one turn of the event loop) are
scored in one run of the model's graph and recorded in one group commit, yet each is the
decision it would be alone, and one applicant's fault fails no other."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.records import Source
from pad_desktop.decisions.refusals import RecordRefused
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.scoring import SAME_AS_ONE_ROWS, Scorer
from pad_desktop.model.signature import ApplicantError
from pad_desktop.service.decision_service import DecisionService, Identity


def _applicants(scorer: Scorer, n: int) -> list[dict]:
    reference = scorer.bundle.reference()[scorer.signature.names].head(n)
    return [
        {k: None if v != v else v for k, v in row.items()}  # NaN: an empty cell
        for row in reference.to_dict("records")
    ]


def test_scored_together_each_applicant_gets_what_it_gets_alone(scorer: Scorer) -> None:
    applicants = _applicants(scorer, 3 * SAME_AS_ONE_ROWS + 5)
    applicants[4] = {**applicants[4], "credit_amount": -5}  # refused by the value table
    together = scorer.score_many(applicants)
    assert len(together) == len(applicants)
    for values, got in zip(applicants, together, strict=True):
        try:
            alone = scorer.score(values)
        except ApplicantError as exc:
            assert isinstance(got, ApplicantError) and got.errors == exc.errors
            continue
        assert not isinstance(got, Exception)
        assert got.probability == alone.probability  # the very float, not a near one
        assert (got.decision, got.reasons, got.inputs) == (
            alone.decision, alone.reasons, alone.inputs,
        )  # fmt: skip
    assert isinstance(together[4], ApplicantError)
    assert scorer.score_many([]) == []


@pytest.fixture
def service(scorer: Scorer, tmp_path: Path):
    log = DecisionLog.open(data_dir=tmp_path / "log")
    decisions = DecisionService(ActiveModel.of(scorer), log, Identity("jdupont", "ws-7", "J. D."))
    yield decisions, log
    decisions.close()
    log.close()


def test_one_turn_of_the_loop_one_fault_fails_only_its_own_request(service) -> None:
    decisions, log = service
    good = _applicants(decisions.scorer, 6)
    bad_value = {**good[1], "credit_amount": -5}
    asked = [
        (good[0], "C-0"),
        (bad_value, "C-1"),  # the value table refuses it: no decision
        (good[2], "C\x002"),  # the database would refuse its case reference: not recorded
        (good[3], "C-3"),
    ]

    async def together() -> list:
        return await asyncio.gather(
            *(decisions.decide_async(v, case_ref=c, source=Source.API) for v, c in asked),
            return_exceptions=True,
        )

    answers = asyncio.run(together())
    assert isinstance(answers[1], ApplicantError)
    assert isinstance(answers[2], RecordRefused)
    for (values, case_ref), answer in zip(asked, answers, strict=True):
        if isinstance(answer, Exception):
            continue
        alone = decisions.prepare(values, case_ref=case_ref, source=Source.API)
        stored = log.get(answer.id)  # durable before it was answered
        assert stored is not None and stored.case_ref == case_ref
        assert (stored.score, stored.reasons) == (alone.record.score, alone.record.reasons)
        assert answer.record.score == alone.record.score
    assert log.count(HistoryFilter()) == 2
    writer = decisions.group_writer()
    assert writer.written == 3  # the refused one was handed over, set aside, and failed alone
