"""Decisions asked for together (concurrent API requests in one turn of the event loop) are
scored in one run of the model's graph and recorded in one group commit, yet each is the
decision it would be alone, and one applicant's fault fails no other."""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.group_commit import ProcessDecisionWriter, WriterDied
from pad_desktop.decisions.records import Source
from pad_desktop.decisions.refusals import RecordRefused
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.scoring import SAME_AS_ONE_ROWS, Scorer
from pad_desktop.model.signature import ApplicantError
from pad_desktop.service.decision_service import Decision, DecisionService, Identity


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


@contextlib.contextmanager
def _service(scorer: Scorer, folder: Path, in_child: bool) -> Iterator[tuple]:
    log = DecisionLog.open(data_dir=folder / "log")
    decisions = DecisionService(ActiveModel.of(scorer), log, Identity("jdupont", "ws-7", "J. D."))
    decisions.group_writer(in_child=in_child)
    try:
        yield decisions, log
    finally:
        decisions.close()
        log.close()


@pytest.fixture(params=[False, True], ids=["writer-thread", "writer-process"])
def service(request, scorer: Scorer, tmp_path: Path) -> Iterator[tuple]:
    """The decision service with its group commit written by a thread of this process, or by
    a child process (the API's `ProcessDecisionWriter`)."""
    with _service(scorer, tmp_path, request.param) as both:
        yield both


@pytest.fixture
def process_service(scorer: Scorer, tmp_path: Path) -> Iterator[tuple]:
    with _service(scorer, tmp_path, True) as both:
        yield both


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


def _decide(decisions: DecisionService, values: dict, case_ref: str) -> Decision:
    async def one() -> Decision:
        return await decisions.decide_async(values, case_ref=case_ref, source=Source.API)

    return asyncio.run(one())  # a new event loop each time: the writer follows it


def test_the_writing_process_answers_as_the_store_decided(process_service) -> None:
    decisions, log = process_service
    values = _applicants(decisions.scorer, 1)[0]
    first = _decide(decisions, values, "C-9")
    again = _decide(decisions, values, "C-9")  # the same case and inputs: the repeat rule
    assert not first.repeated and again.repeated and again.id == first.id
    other = _decide(decisions, {**values, "credit_amount": values["credit_amount"] + 1}, "C-9")
    assert not other.repeated and other.record.previous_id == first.id
    assert log.count(HistoryFilter()) == 2


def _wait_until_gone(pid: int) -> None:
    """Until the killed child is a zombie (its pipe closed) or reaped: no clock involved."""
    stat = Path(f"/proc/{pid}/stat")
    while stat.exists():
        with contextlib.suppress(FileNotFoundError):
            if stat.read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return
        os.sched_yield()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the child's state in /proc")
def test_a_dead_writing_process_fails_its_requests_then_another_takes_over(
    process_service,
) -> None:
    decisions, log = process_service
    writer = decisions.group_writer()
    assert isinstance(writer, ProcessDecisionWriter)
    applicants = _applicants(decisions.scorer, 3)
    kept = _decide(decisions, applicants[0], "C-1")
    assert writer.pid is not None
    dead = writer.pid
    os.kill(dead, signal.SIGKILL)
    _wait_until_gone(dead)
    with pytest.raises(WriterDied):  # never answered as recorded
        _decide(decisions, applicants[1], "C-2")
    after = _decide(decisions, applicants[2], "C-3")  # a new process writes it
    assert writer.pid != dead
    assert {log.get(d.id).case_ref for d in (kept, after)} == {"C-1", "C-3"}  # type: ignore[union-attr]
    assert log.count(HistoryFilter()) == 2


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the child's state in /proc")
def test_a_server_outlives_its_writing_process(process_service) -> None:
    """In one event loop (a server's): after the child dies, each request is either recorded
    or fails with `WriterDied`, and the next group starts a child that records again."""
    decisions, log = process_service
    writer = decisions.group_writer()
    applicants = _applicants(decisions.scorer, 4)

    async def serve() -> list:
        answers = [await decisions.decide_async(applicants[0], source=Source.API)]
        dead = writer.pid
        assert dead is not None
        os.kill(dead, signal.SIGKILL)
        _wait_until_gone(dead)
        for values in applicants[1:]:
            try:
                answers.append(await decisions.decide_async(values, source=Source.API))
            except WriterDied as exc:
                answers.append(exc)
        assert writer.pid not in (None, dead)
        return answers

    answers = asyncio.run(serve())
    assert not isinstance(answers[-1], WriterDied)  # the one after a failure: a new child
    recorded = [a for a in answers if not isinstance(a, WriterDied)]
    assert all(log.get(a.id) is not None for a in recorded)
    assert log.count(HistoryFilter()) == len(recorded)


def test_a_group_larger_than_a_pipe_goes_through_the_writing_process(process_service) -> None:
    """Thousands of decisions asked for in one turn are one group (more than a pipe or socket
    buffer holds), written to the child while the server's event loop (uvloop, as `serve`
    runs it) watches the answers' pipe, which that loop makes non-blocking: the whole group
    and its whole answer arrive."""
    uvloop = pytest.importorskip("uvloop")
    decisions, log = process_service
    applicants = _applicants(decisions.scorer, 1000) * 3

    async def together() -> list[Decision]:
        return await asyncio.gather(
            *(decisions.decide_async(v, source=Source.API) for v in applicants)
        )

    answers = uvloop.run(together())
    writer = decisions.group_writer()
    assert writer.written == 3000
    sent = len(pickle.dumps([a.record for a in answers]))
    assert sent / writer.groups > 1 << 18  # more than a pipe (64 KiB) or a socket holds
    assert log.count(HistoryFilter()) == len({a.id for a in answers}) == 3000
