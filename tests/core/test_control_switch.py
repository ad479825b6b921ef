"""The stop switch's state in one process: read again once its TTL has passed (a clock we move),
the state last read kept while the database is away, a process's own event applied at once."""

from __future__ import annotations

from pad_desktop.decisions.records import ControlEvent
from pad_desktop.service.oversight import ControlSwitch


def test_read_within_the_ttl_and_kept_while_the_database_is_away() -> None:
    stop = ControlEvent("stop", "drift alarm", "Sam", "ws-2", "sam")
    answers: list[object] = [None, stop, ConnectionError("database away"), None]
    reads: list[object] = []

    def read() -> ControlEvent | None:
        reads.append(1)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer  # type: ignore[return-value]

    now = [0.0]
    switch = ControlSwitch(read, ttl_s=2.0, clock=lambda: now[0])
    assert switch.stale() and switch.stopped() is None and len(reads) == 1
    now[0] = 1.9
    assert not switch.stale() and switch.stopped() is None and len(reads) == 1  # cached
    now[0] = 2.0
    assert switch.stopped() == stop  # every case referred from now on
    now[0] = 4.0
    assert switch.stopped() == stop and len(reads) == 3  # away: the stop stands
    now[0] = 6.0
    assert switch.stopped() is None  # resumed
    resume = ControlEvent("resume", "fixed", "Sam", "ws-2", "sam")
    switch.note(ControlEvent("stop", "mine", "Max", "ws-1", "max"))
    assert switch.stopped().reason == "mine"  # this process's own stop, at once
    switch.note(resume)
    assert switch.stopped() is None and len(reads) == 4
