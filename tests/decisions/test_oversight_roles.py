"""Human oversight with real PostgreSQL roles: people are LOGIN roles, members of the group
roles `resources/sql/app_role.sql` creates, each connecting as themselves. An officer cannot
approve their own pending override nor switch the model, neither through the service nor by
writing the rows themselves (the database refuses); a supervisor, another person, can. The
embedded store keeps its one user, who holds every role."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import errors as pg_errors

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, schema
from pad_desktop.decisions.records import Outcome, RequestKind, Verdict
from pad_desktop.decisions.roles import Role
from pad_desktop.runtime.identity import Identity
from pad_desktop.runtime.settings import Settings
from pad_desktop.service.oversight import (
    NotAllowed,
    Oversight,
    OwnRequest,
    SwitchWaiting,
)
from tests.decisions.helpers import ROOT, make_record

# What the database answers a client bypassing the service: no grant, or a trigger's refusal.
REFUSED = (pg_errors.InsufficientPrivilege, pg_errors.CheckViolation)
APP_ROLE_SQL = ROOT / "resources" / "sql" / "app_role.sql"
PEOPLE = {  # who -> group roles
    "olivia": ("pad_officer",),
    "sam": ("pad_officer", "pad_supervisor"),
    "sue": ("pad_officer", "pad_supervisor"),
    "max": ("pad_model_owner",),
    "mia": ("pad_model_owner",),
}


@dataclass
class People:
    urls: dict[str, str]  # who -> database URL as that person
    roles: dict[str, str]  # who -> their LOGIN role's name


@pytest.fixture
def people(pg_url: str) -> Iterator[People]:
    tag = uuid.uuid4().hex[:8]
    app, auditor = f"pad_app_{tag}", f"pad_audit_{tag}"
    done = subprocess.run(
        ["psql", schema.libpq_url(pg_url), "-q", "-v", f"app_role={app}",
         "-v", "app_password=app-secret", "-v", f"auditor_role={auditor}",
         "-v", "auditor_password=audit-secret", "-f", str(APP_ROLE_SQL)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    logins = {who: f"{who}_{tag}" for who in PEOPLE}
    with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
        for who, groups in PEOPLE.items():
            member_of = ", ".join(groups)
            conn.execute(
                f"CREATE ROLE \"{logins[who]}\" LOGIN PASSWORD 'pw-{who}' IN ROLE {member_of}"
            )
    urls = {
        who: pg_url.replace("postgres@", f"{login}:pw-{who}@", 1) for who, login in logins.items()
    }
    yield People(urls, logins)
    with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
        for role in (*logins.values(), app, auditor):
            conn.execute(f'DROP OWNED BY "{role}"')
            conn.execute(f'DROP ROLE "{role}"')


def _oversight(url: str, who: str, data_dir: Path) -> Oversight:
    log = DecisionLog.open(url, data_dir=data_dir / who)
    return Oversight(log, Identity(f"{who}-os", f"ws-{who}", who.title()), Settings())


def _flush(*sides: Oversight) -> None:
    for side in sides:
        assert side.log.flush(10), side.log.health()
        assert side.log.rejected() == 0, side.log.health()


def _refused_decision(pg_url: str, tmp_path: Path):
    """A refusal well above the threshold (0.9 against 0.5), recorded by the owner."""
    record = make_record(score=0.9, decision=Outcome.REFUSED, case_ref="CASE-7")
    with DecisionLog.open(pg_url, data_dir=tmp_path / "owner") as log:
        log.record(record)
        assert log.flush(10)
    return record


def _as(url: str, statement: str, *params: object) -> None:
    with psycopg.connect(schema.libpq_url(url), autocommit=True) as conn:
        conn.execute(statement, params)


def test_roles_come_from_the_database(pg_url: str, people: People, tmp_path: Path) -> None:
    olivia = _oversight(people.urls["olivia"], "olivia", tmp_path)
    sam = _oversight(people.urls["sam"], "sam", tmp_path)
    owner = _oversight(pg_url, "owner", tmp_path)
    try:
        assert olivia.roles.held == {Role.OFFICER} and not olivia.roles.single_user
        assert olivia.roles.db_user == people.roles["olivia"]
        assert sam.roles.held == {Role.OFFICER, Role.SUPERVISOR}
        assert owner.roles.single_user and owner.roles.held == set(Role)  # the superuser
    finally:
        for side in (olivia, sam, owner):
            side.log.close()


def test_an_officer_cannot_approve_their_own_override_a_supervisor_can(
    pg_url: str, people: People, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = _refused_decision(pg_url, tmp_path)
    olivia = _oversight(people.urls["olivia"], "olivia", tmp_path)
    sam = _oversight(people.urls["sam"], "sam", tmp_path)
    sue = _oversight(people.urls["sue"], "sue", tmp_path)
    try:
        # Within the delegation: recorded at once (refusing a refused applicant again).
        assert not olivia.override(record, Outcome.REFUSED, "confirmed", "override").pending
        # Beyond it: a request, no override.
        done = olivia.override(record, Outcome.APPROVED, "pay slips seen")
        assert done.pending and done.override is None
        request = done.request
        _flush(olivia)
        assert [o.new_decision for o in olivia.log.overrides_for(record.id)] == [Outcome.REFUSED]
        # The officer cannot answer it: the service refuses...
        with pytest.raises(NotAllowed):
            olivia.answer(request.id, Verdict.APPROVED, "fine by me")
        # ...and so does the database when the client is bypassed: no answer, no override.
        answer = (
            "INSERT INTO oversight_answers (id, request_id, created_at, officer, workstation, "
            "os_account, db_user, verdict, reason, stream_id, stream_seq, chain_hash) VALUES "
            "(gen_random_uuid(), %s, now(), 'Olivia', 'ws', 'o', session_user, 'approved', "
            "'me', gen_random_uuid(), 1, repeat('0', 64))"
        )
        with pytest.raises(REFUSED):
            _as(people.urls["olivia"], answer, request.id)
        override = (
            "INSERT INTO decision_overrides (id, decision_id, created_at, officer, workstation, "
            "kind, new_decision, justification, stream_id, stream_seq, chain_hash) VALUES "
            "(gen_random_uuid(), %s, now(), 'Olivia', 'ws', 'override', 'approved', 'me', "
            "gen_random_uuid(), 1, repeat('0', 64))"
        )
        with pytest.raises(REFUSED, match="delegation"):
            _as(people.urls["olivia"], override, record.id)
        # A supervisor asking a review of their own: not theirs to answer (service and database).
        own = sam.request_review(record.id, "the applicant disputes the refusal")
        _flush(sam)
        with pytest.raises(OwnRequest):
            sam.answer(own.id, Verdict.REVIEWED, "looked again")
        with pytest.raises(REFUSED, match="own request"):
            _as(people.urls["sam"], answer, own.id)
        # Sam, another person and a supervisor, approves Olivia's override: it takes effect.
        assert [s.request.id for s in sam.queue()] == [request.id, own.id]
        approved = sam.answer(request.id, Verdict.APPROVED, "income confirmed by phone")
        # Sue reviews Sam's request, linked to it.
        reviewed = sue.answer(own.id, Verdict.REJECTED, "the refusal stands")
        _flush(sam, sue)
        assert reviewed.verdict is Verdict.REVIEWED and reviewed.override_id is not None
        overrides = {o.id: o for o in olivia.log.overrides_for(record.id)}
        assert overrides[approved.override_id].new_decision is Outcome.APPROVED
        assert overrides[approved.override_id].justification == "pay slips seen"
        assert overrides[reviewed.override_id].kind == "review"
        assert sam.queue() == []
        states = {s.request.id: s for s in olivia.log.requests(decision_id=record.id)}
        assert states[request.id].verdict is Verdict.APPROVED
        assert states[request.id].answers[0].db_user == people.roles["sam"]
    finally:
        for side in (olivia, sam, sue):
            side.log.close()
    capsys.readouterr()
    assert main(["db", "verify", "--url", pg_url]) == 0  # every row chained
    out = capsys.readouterr().out  # the decision, 2 requests, 3 overrides, 2 answers
    assert "8 chained record(s)" in out and "intact" in out


def test_a_model_switch_needs_a_second_model_owner(
    pg_url: str, people: People, tmp_path: Path
) -> None:
    target = "german-credit@2 sha256:0123456789abcdef"
    olivia = _oversight(people.urls["olivia"], "olivia", tmp_path)
    max_ = _oversight(people.urls["max"], "max", tmp_path)
    mia = _oversight(people.urls["mia"], "mia", tmp_path)
    try:
        with pytest.raises(NotAllowed):
            olivia.switch_approval(target)
        event = (
            "INSERT INTO model_events (id, created_at, kind, officer, workstation, to_model, "
            "stream_id, stream_seq, chain_hash) VALUES (gen_random_uuid(), now(), 'use', 'O', "
            "'ws', %s, gen_random_uuid(), 1, repeat('0', 64))"
        )
        with pytest.raises(REFUSED, match="model owner"):
            _as(people.urls["olivia"], event, target)
        with pytest.raises(SwitchWaiting) as waiting:
            max_.switch_approval(target)
        with pytest.raises(SwitchWaiting) as again:  # the same request, not a second one
            max_.switch_approval(target)
        assert again.value.request_id == waiting.value.request_id
        _flush(max_)
        with pytest.raises(OwnRequest):
            max_.answer(waiting.value.request_id, Verdict.APPROVED, "mine")
        assert [s.request.kind for s in mia.queue()] == [RequestKind.MODEL]
        mia.answer(waiting.value.request_id, Verdict.APPROVED, "the comparison holds")
        _flush(mia)
        approval = max_.switch_approval(target)
        assert approval is not None and approval.db_user == people.roles["mia"]
    finally:
        for side in (olivia, max_, mia):
            side.log.close()


def test_only_a_supervisor_or_model_owner_stops(
    pg_url: str, people: People, tmp_path: Path
) -> None:
    clock = [0.0]
    olivia = _oversight(people.urls["olivia"], "olivia", tmp_path)
    olivia.control.clock = lambda: clock[0]
    max_ = _oversight(people.urls["max"], "max", tmp_path)
    try:
        with pytest.raises(NotAllowed):
            olivia.stop("I want a break")
        control = (
            "INSERT INTO control_events (id, created_at, officer, workstation, os_account, "
            "db_user, kind, reason, stream_id, stream_seq, chain_hash) VALUES "
            "(gen_random_uuid(), now(), 'O', 'ws', 'o', session_user, 'stop', 'x', "
            "gen_random_uuid(), 1, repeat('0', 64))"
        )
        with pytest.raises(REFUSED):
            _as(people.urls["olivia"], control)
        assert olivia.stopped() is None
        stop = max_.stop("drift alarm on the new model")
        _flush(max_)
        assert olivia.stopped() is None  # read less than the TTL ago
        clock[0] += olivia.control.ttl_s
        assert olivia.stopped() == stop  # every process sees it within the TTL
        max_.resume("model rolled back")
        _flush(max_)
        clock[0] += olivia.control.ttl_s
        assert olivia.stopped() is None
    finally:
        olivia.log.close()
        max_.log.close()


def test_the_embedded_store_keeps_its_one_user(tmp_path: Path) -> None:
    record = make_record(score=0.9, decision=Outcome.REFUSED)
    with DecisionLog.open(None, data_dir=tmp_path) as log:
        log.record(record)
        me = Oversight(log, Identity("me", "ws-1", "Me"), Settings())
        assert me.roles.single_user and me.roles.held == set(Role)
        done = me.override(record, Outcome.APPROVED, "pay slips seen")
        assert not done.pending  # nobody else to ask: recorded at once, as before
        assert me.switch_approval("any model") is None
        request = me.request_review(record.id, "the applicant disputes it")
        answer = me.answer(request.id, Verdict.REVIEWED, "looked again")
        assert answer.override_id in {o.id for o in log.overrides_for(record.id)}
        stop = me.stop("testing the switch")
        assert me.stopped() == stop
        me.resume("done")
        assert me.stopped() is None
