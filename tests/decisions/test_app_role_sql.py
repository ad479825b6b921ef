"""`resources/sql/app_role.sql` does what it says, on a fresh database: the app role inserts
and reads but cannot update or delete (by privilege, not only by trigger: the owner switches
the triggers off first), the auditor only reads, a missing password creates nothing, and the
four group roles of human oversight exist with the app an officer and the auditor an auditor
(tests/decisions/test_oversight_roles.py tries them)."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import errors as pg_errors

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, HistoryFilter, schema
from pad_desktop.decisions.records import NoticeKind, NoticeRecord, OutcomeRecord
from tests.decisions.helpers import ROOT, make_record

APP_ROLE_SQL = ROOT / "resources" / "sql" / "app_role.sql"


def _psql(url: str, *variables: str) -> subprocess.CompletedProcess[str]:
    options = [arg for v in variables for arg in ("-v", v)]
    return subprocess.run(
        ["psql", schema.libpq_url(url), "-q", *options, "-f", str(APP_ROLE_SQL)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip


@pytest.fixture
def roles(pg_url: str) -> Iterator[tuple[str, str]]:
    tag = uuid.uuid4().hex[:8]
    app, auditor = f"pad_app_{tag}", f"pad_auditor_{tag}"
    yield app, auditor
    with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
        for role in (app, auditor):
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(f'DROP OWNED BY "{role}"')
                conn.execute(f'DROP ROLE "{role}"')


def _as(url: str, role: str, password: str) -> str:
    return url.replace("postgres@", f"{role}:{password}@", 1)


def test_app_and_auditor_roles(
    pg_url: str, roles: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, auditor = roles
    done = _psql(
        pg_url,
        f"app_role={app}",
        "app_password=app-secret",
        f"auditor_role={auditor}",
        "auditor_password=audit-secret",
    )
    assert done.returncode == 0, done.stderr
    with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as owner:
        # The four group roles of human oversight: no login of their own; the shared app login
        # is an officer, the auditor an auditor, neither more.
        groups = ("pad_officer", "pad_supervisor", "pad_model_owner", "pad_auditor")
        found = owner.execute(
            "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY(%s)", (list(groups),)
        ).fetchall()
        assert sorted(found) == sorted((g, False) for g in groups)
        member = "SELECT pg_has_role(%s, %s, 'MEMBER')"
        for role, group, expected in ((app, "pad_officer", True), (app, "pad_supervisor", False),
                                      (app, "pad_model_owner", False),
                                      (auditor, "pad_auditor", True),
                                      (auditor, "pad_officer", False)):  # fmt: skip
            assert owner.execute(member, (role, group)).fetchone()[0] is expected, (role, group)
        for table in ("decisions", "decision_overrides", "model_events", "decision_notices",
                      "outcomes", "shadow_scores", "switch_evidence", "oversight_requests",
                      "oversight_answers", "control_events"):  # fmt: skip
            owner.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")  # only privileges left

    app_url = _as(pg_url, app, "app-secret")
    log = DecisionLog.open(app_url, data_dir=tmp_path)
    rec = make_record()
    log.record(rec)
    log.record_notice(NoticeRecord(rec.id, NoticeKind.PDF, "fr", "0" * 64, "alice", "ws-1"))
    log.record_outcomes([OutcomeRecord(rec.id, 1, "2027-01-31", "alice", "ws-1", "file")])
    assert log.flush(timeout=10), log.health()
    assert log.rejected() == 0, log.health()
    assert log.get(rec.id) is not None and log.count(HistoryFilter()) == 1
    assert len(log.get(rec.id).notices) == 1  # the app role may record notices
    assert len(log.scored_outcomes()) == 1  # and outcomes
    log.close()
    refused_to_app = ("UPDATE decisions SET score = 0", "DELETE FROM decisions",
                      "TRUNCATE decisions", "ALTER TABLE decisions DISABLE TRIGGER USER",
                      "DELETE FROM pad_decisions_version")  # fmt: skip
    with psycopg.connect(schema.libpq_url(app_url), autocommit=True) as conn:
        for statement in refused_to_app:
            with pytest.raises(pg_errors.InsufficientPrivilege, match=r"permission denied|owner"):
                conn.execute(statement)

    auditor_url = _as(pg_url, auditor, "audit-secret")
    with psycopg.connect(schema.libpq_url(auditor_url), autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 1
        insert = (
            "INSERT INTO model_events (id, created_at, kind, officer, workstation, "
            "to_model) VALUES (gen_random_uuid(), now(), 'use', 'x', 'y', 'z')"
        )
        for statement in (insert, "UPDATE decisions SET score = 0", "DELETE FROM decisions"):
            with pytest.raises(pg_errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(statement)
    capsys.readouterr()
    assert main(["db", "verify", "--url", auditor_url]) == 0  # the auditor's own tool
    assert "3 chained record(s)" in capsys.readouterr().out


def test_a_missing_password_creates_nothing(pg_url: str, roles: tuple[str, str]) -> None:
    app, _ = roles
    done = _psql(pg_url, f"app_role={app}")
    assert done.returncode != 0 and "app_password is not set" in done.stderr
    with psycopg.connect(schema.libpq_url(pg_url)) as conn:
        assert conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (app,)).fetchone() is None
