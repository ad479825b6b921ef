"""Erasure of the free texts written about a case (revision 0010_erase_texts): after
`privacy erase`, the applicant's point of view in a review request, the supervisor's answer
and an override's justification of the case cannot be read anywhere the app keeps them (the
database's tables, the outbox and embedded SQLite files, the access export), the other case's
texts are intact, `db verify` stays intact, and a later edit of such a record is still caught.
On PostgreSQL and on the embedded store."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, schema
from pad_desktop.decisions.records import (
    OverrideRecord,
    OversightAnswer,
    OversightRequest,
    RequestKind,
    Verdict,
)
from tests.decisions.helpers import (
    PG_ADMIN_URL,
    ThrowawayServer,
    create_database,
    drop_database,
    make_record,
)
from tests.decisions.test_privacy_erasure import _files_bytes, _held, _use, _verify


def _texts(case: str) -> dict[str, str]:
    """Distinctive texts of a case: none of them may survive its erasure."""
    return {
        "justification": f"justif-{case}-qzx71 the applicant's sick leave",
        "review": f"pointofview-{case}-qzx72 my income is higher now",
        "answer": f"answerreason-{case}-qzx73 payslips seen",
    }


@pytest.fixture(params=["postgresql", "sqlite"])
def backend(request: pytest.FixtureRequest, migrated_template: str) -> Iterator[str | None]:
    if request.param == "sqlite":
        yield None
        return
    url = create_database(PG_ADMIN_URL, template=migrated_template)
    yield url
    drop_database(PG_ADMIN_URL, url)


@pytest.fixture
def officer(backend: str | None) -> Iterator[tuple[str, str | None]]:
    """Another database user who asks (the database refuses an answer to one's own request)."""
    if backend is None:
        yield "officer", None
        return
    name = f"officer_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(schema.libpq_url(backend), autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{name}" LOGIN SUPERUSER')
    yield name, backend.replace("postgres@", f"{name}@", 1)
    with psycopg.connect(schema.libpq_url(backend), autocommit=True) as conn:
        conn.execute(f'DROP ROLE "{name}"')


def _case(
    log: DecisionLog,
    asker: DecisionLog,
    case: str,
    officer: str,
    answered: bool = True,
    at: datetime | None = None,
) -> None:
    """A decision of `case` (made `at`), an override with its justification, the applicant's
    review request and (if `answered`) the supervisor's answer."""
    texts = _texts(case)
    rec = make_record(case_ref=case, **({} if at is None else {"created_at": at}))
    log.record(rec)
    log.record_override(
        OverrideRecord(rec.id, "Sam", "ws-1", "override", None, texts["justification"])
    )
    request = OversightRequest(
        RequestKind.REVIEW, "Olga", "ws-2", texts["review"], officer, decision_id=rec.id
    )
    asker.record_request(request)
    if answered:  # the request in the database before the answer (another user's outbox)
        assert asker.flush(timeout=20)
        answer = OversightAnswer(
            request.id, Verdict.REVIEWED, texts["answer"], "Sam", "ws-1", "postgres"
        )
        log.record_answer(answer)


def test_erase_leaves_no_free_text_of_the_case_and_the_chain_intact(
    backend: str | None,
    officer: tuple[str, str | None],
    isolated_user_dirs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use(monkeypatch, backend)
    log = DecisionLog.open()
    asker = log if officer[1] is None else DecisionLog.open(officer[1], data_dir=tmp_path / "o")
    for case in ("CASE-A", "CASE-B"):
        _case(log, asker, case, officer[0])
    assert log.flush(timeout=20)
    if asker is not log:
        asker.close()
    log.close()
    before = _held(backend, isolated_user_dirs)
    for case in ("CASE-A", "CASE-B"):
        for value in _texts(case).values():
            assert value in before  # the test would see them

    capsys.readouterr()
    assert main(["privacy", "erase", "CASE-A", "--reason", "request 2026-118"]) == 0
    assert "3 free text(s) written about the case erased" in capsys.readouterr().out
    after = _held(backend, isolated_user_dirs)
    for value in _texts("CASE-A").values():
        assert value not in after, value
    for value in _texts("CASE-B").values():
        assert value in after, value
    code, report = _verify(capsys)
    assert code == 0, report
    assert "intact" in report and "edited" not in report

    out = tmp_path / "export"
    assert main(["privacy", "export", "CASE-A", "-o", str(out)]) == 0
    exported = _files_bytes(out).decode("utf-8", errors="replace")
    for value in _texts("CASE-A").values():
        assert value not in exported, value
    assert '"justification": "erased"' in exported
    assert '"text": "erased"' in exported and '"reason": "erased"' in exported

    # again: nothing more to erase, still intact
    assert main(["privacy", "erase", "CASE-A", "--reason", "request 2026-118"]) == 0
    assert _verify(capsys)[0] == 0


def test_an_erased_text_edited_later_is_still_caught(
    backend: str | None,
    officer: tuple[str, str | None],
    isolated_user_dirs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The text erasure attests the record as it stands after it: a later edit of a kept
    column (who answered, the verdict) breaks the attestation; the triggers refuse any other
    update of the record, and an erased text written back."""
    _use(monkeypatch, backend)
    log = DecisionLog.open()
    asker = log if officer[1] is None else DecisionLog.open(officer[1], data_dir=tmp_path / "o")
    _case(log, asker, "CASE-A", officer[0])
    assert log.flush(timeout=20)
    if asker is not log:
        asker.close()
    log.close()
    assert main(["privacy", "erase", "CASE-A", "--reason", "r"]) == 0
    assert _verify(capsys)[0] == 0
    edits = (
        "UPDATE oversight_answers SET verdict = 'approved'",
        "UPDATE oversight_requests SET officer = 'Eve'",
        "UPDATE decision_overrides SET justification = 'written back'",
    )
    if backend is None:
        path = isolated_user_dirs / "data" / "decisions.sqlite3"
        with sqlite3.connect(path) as conn:
            for statement in edits:
                with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                    conn.execute(statement)
            for table in ("oversight_answers", "oversight_requests", "decision_overrides"):
                conn.execute(f"DROP TRIGGER {table}_no_update")  # the owner of the file can
            for statement in edits:
                conn.execute(statement)
    else:
        with psycopg.connect(schema.libpq_url(backend), autocommit=True) as conn:
            for statement in edits:
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
            # even in a transaction that says it erases
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute("SET LOCAL pad.erasure = 'on'")
                conn.execute(edits[0])
            for table in ("oversight_answers", "oversight_requests", "decision_overrides"):
                conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")  # the owner can
            for statement in edits:
                conn.execute(statement)
    code, report = _verify(capsys)
    assert code == 1
    assert "edited: oversight answer" in report
    assert "edited: oversight request" in report
    assert "edited: override" in report


def test_texts_waiting_in_the_outbox_are_erased_there(
    isolated_user_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case whose decision, override and review request wait in the outbox (the database
    down): their texts are erased inside the payloads, then delivered erased and attested."""
    server = ThrowawayServer()
    try:
        url = create_database(server.admin_url)
        _use(monkeypatch, url)
        log = DecisionLog.open()
        log.record(make_record(case_ref="CASE-0"))
        assert log.flush(timeout=20)
        server.stop()
        for case in ("CASE-A", "CASE-B"):
            _case(log, log, case, "postgres", answered=False)
        log.close(timeout=1)
        raw = _files_bytes(isolated_user_dirs / "data")
        assert _texts("CASE-A")["review"].encode() in raw  # the test would see it
        capsys.readouterr()
        assert main(["privacy", "erase", "CASE-A", "--reason", "request"]) == 1
        raw = _files_bytes(isolated_user_dirs / "data")
        for key in ("justification", "review"):
            assert _texts("CASE-A")[key].encode() not in raw, key
            assert _texts("CASE-B")[key].encode() in raw, key
        server.start()
        log = DecisionLog.open()
        assert log.flush(timeout=30)
        log.close()
        held = _held(url, isolated_user_dirs)
        for key in ("justification", "review"):
            assert _texts("CASE-A")[key] not in held, key
            assert _texts("CASE-B")[key] in held, key
        code, report = _verify(capsys)
        assert code == 0, report
    finally:
        server.destroy()


def test_purge_erases_the_texts_about_old_decisions(
    backend: str | None,
    officer: tuple[str, str | None],
    isolated_user_dirs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A purge by retention (the clock given) erases the texts about the decisions it purges,
    whenever they were written, and leaves those about recent decisions."""
    _use(monkeypatch, backend)
    monkeypatch.setenv("PAD_RETENTION_DAYS", "365")
    from pad_desktop.runtime.settings import get_settings

    get_settings.cache_clear()
    log = DecisionLog.open()
    asker = log if officer[1] is None else DecisionLog.open(officer[1], data_dir=tmp_path / "o")
    _case(log, asker, "CASE-A", officer[0], at=datetime(2025, 3, 1, 12, tzinfo=UTC))
    _case(log, asker, "CASE-B", officer[0], at=datetime(2026, 1, 1, 12, tzinfo=UTC))
    assert log.flush(timeout=20)
    if asker is not log:
        asker.close()
    log.close()
    assert main(["privacy", "purge", "--as-of", "2026-03-10"]) == 0
    held = _held(backend, isolated_user_dirs)
    for value in _texts("CASE-A").values():
        assert value not in held, value
    for value in _texts("CASE-B").values():
        assert value in held, value
    code, report = _verify(capsys)
    assert code == 0, report


def test_a_refused_answer_set_aside_in_the_outbox_is_erased_there(
    pg_url: str,
    isolated_user_dirs: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An answer the database refused (written as another user) waits in the outbox's set-aside
    table: its reason is erased inside that payload too."""
    _use(monkeypatch, pg_url)
    log = DecisionLog.open()
    rec = make_record(case_ref="CASE-A")
    log.record(rec)
    request = OversightRequest(
        RequestKind.REVIEW, "Olga", "ws-2", _texts("CASE-A")["review"], "postgres",
        decision_id=rec.id,
    )  # fmt: skip
    log.record_request(request)
    assert log.flush(timeout=20)
    reason = _texts("CASE-A")["answer"]
    log.record_answer(
        OversightAnswer(request.id, Verdict.REVIEWED, reason, "Sam", "ws-1", "not-connected")
    )
    assert log.flush(timeout=60)  # refused by the database: set aside, nothing waits
    log.close(timeout=1)
    data = isolated_user_dirs / "data"
    outbox = next(data.rglob("outbox-*.sqlite3"))
    with sqlite3.connect(outbox) as conn:
        assert conn.execute("SELECT count(*) FROM rejected").fetchone()[0] == 1
    assert reason.encode() in _files_bytes(data)  # the test would see it
    capsys.readouterr()
    assert main(["privacy", "erase", "CASE-A", "--reason", "request"]) == 0
    raw = _files_bytes(data)
    assert reason.encode() not in raw
    assert _texts("CASE-A")["review"] not in _held(pg_url, isolated_user_dirs)
    with sqlite3.connect(outbox) as conn:
        assert conn.execute("SELECT count(*) FROM rejected").fetchone()[0] == 1


def test_a_supervisor_erases_the_texts_by_privilege_on_postgresql(
    pg_url: str,
    isolated_user_dirs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Not a superuser: the application's role (an officer) is refused before anything
    changes; made a member of pad_supervisor (app_role.sql), it erases the texts too."""
    from tests.decisions.test_app_role_sql import _as, _psql

    app = f"pad_app_{uuid.uuid4().hex[:8]}"
    done = _psql(pg_url, f"app_role={app}", "app_password=app-secret")
    assert done.returncode == 0, done.stderr
    try:
        _use(monkeypatch, _as(pg_url, app, "app-secret"))
        log = DecisionLog.open()
        supervisor = DecisionLog.open(pg_url, data_dir=tmp_path / "s")
        _case(supervisor, log, "CASE-A", app)  # the officer asks, the superuser answers
        assert supervisor.flush(timeout=20)
        supervisor.close()
        log.close()
        capsys.readouterr()
        assert main(["privacy", "erase", "CASE-A", "--reason", "r"]) == 1
        assert "needs the pad_supervisor role" in capsys.readouterr().err
        assert _texts("CASE-A")["review"] in _held(pg_url, tmp_path)  # nothing changed
        with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
            conn.execute(f'GRANT pad_supervisor TO "{app}"')
        assert main(["privacy", "erase", "CASE-A", "--reason", "r"]) == 0
        held = _held(pg_url, isolated_user_dirs)
        for value in _texts("CASE-A").values():
            assert value not in held, value
        assert _verify(capsys)[0] == 0
    finally:
        with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
            conn.execute(f'DROP OWNED BY "{app}"')
            conn.execute(f'DROP ROLE "{app}"')
