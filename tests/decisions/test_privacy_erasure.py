"""Retention and erasure that keep the proof (issue 30): after `privacy erase`, no personal input
of the case is readable anywhere the app keeps it (the database's tables, the outbox and
embedded SQLite files, the app's exports folder), other cases are untouched, and `db verify`
stays intact. On PostgreSQL and on the embedded store."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, schema
from pad_desktop.decisions.records import ErasureRecord
from tests.decisions.helpers import (
    PG_ADMIN_URL,
    ThrowawayServer,
    create_database,
    drop_database,
    make_batch,
    make_record,
    mentions,
)

# Distinctive values of the case to erase (CASE-A) and of the one to keep (CASE-B).
ERASED_AMOUNT, ERASED_TYPED, ERASED_INCOME = 987_613, "nine eight seven six", 4_567_123
KEPT_AMOUNT = 123_457


def _use(monkeypatch: pytest.MonkeyPatch, url: str | None) -> None:
    from pad_desktop.runtime.settings import get_settings

    if url:
        monkeypatch.setenv("DATABASE_URL", url)
    else:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    get_settings.cache_clear()


def _policy(income: int) -> dict:
    return {"id": "p", "version": "1", "sha256": "0" * 64, "inputs": {"income": income},
            "fired": [{"rule": "affordability", "outcome": "pass"}], "effect": "none"}  # fmt: skip


def _fill(log: DecisionLog, at: datetime | None = None) -> None:
    when = {} if at is None else {"created_at": at}
    log.record(
        make_record(
            case_ref="CASE-A",
            inputs={"credit_amount": ERASED_AMOUNT, "purpose": "car (new)"},
            typed_inputs={"credit_amount": ERASED_TYPED},
            policy=_policy(ERASED_INCOME),
            **when,
        )
    )
    log.record(make_record(case_ref="CASE-B", inputs={"credit_amount": KEPT_AMOUNT}, **when))
    log.record_batch(make_batch(30))
    log.record(make_record(case_ref="CASE-A", inputs={"credit_amount": ERASED_AMOUNT + 1}, **when))


def _exports(cache: Path) -> Path:
    """A batch's errors file in the app's exports folder, with a line of each case."""
    folder = cache / "batch"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "applicants.1234abcd.errors.csv"
    path.write_text(
        "\ufeffrow;line;case_ref;field;value;message\r\n"
        f"1;2;CASE-A;credit_amount;{ERASED_AMOUNT}x;not a number\r\n"
        f"2;3;CASE-B;credit_amount;{KEPT_AMOUNT}x;not a number\r\n",
        encoding="utf-8",
    )
    return path


def _pg_text(url: str) -> str:
    """Every row of every table of the database, as text."""
    with psycopg.connect(schema.libpq_url(url)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
        return "\n".join(
            str(row[0])
            for t in tables
            for row in conn.execute(f'SELECT t::text FROM "{t}" t').fetchall()
        )


def _files_bytes(*folders: Path) -> bytes:
    return b"".join(
        p.read_bytes() for folder in folders if folder.exists() for p in folder.rglob("*")
        if p.is_file()
    )  # fmt: skip


def _held(url: str | None, root: Path) -> str:
    text = _pg_text(url) if url else ""
    raw = _files_bytes(root / "data", root / "cache")
    return text + raw.decode("utf-8", errors="replace")


def _verify(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["db", "verify"])
    return code, capsys.readouterr().out


@pytest.fixture(params=["postgresql", "sqlite"])
def backend(request: pytest.FixtureRequest, migrated_template: str) -> Iterator[str | None]:
    if request.param == "sqlite":
        yield None
        return
    url = create_database(PG_ADMIN_URL, template=migrated_template)
    yield url
    drop_database(PG_ADMIN_URL, url)


def test_erase_leaves_no_personal_input_and_the_chain_intact(
    backend: str | None,
    isolated_user_dirs: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use(monkeypatch, backend)
    log = DecisionLog.open()
    _fill(log)
    assert log.flush(timeout=20)
    log.close()
    _exports(isolated_user_dirs / "cache")
    before = _held(backend, isolated_user_dirs)
    for value in (ERASED_AMOUNT, ERASED_TYPED, ERASED_INCOME, KEPT_AMOUNT):
        assert str(value) in before  # the test would see them

    capsys.readouterr()
    assert main(["privacy", "erase", "CASE-A", "--reason", "request 2026-117"]) == 0
    out = capsys.readouterr().out
    assert "2 decision(s) erased" in out

    after = _held(backend, isolated_user_dirs)
    for value in (ERASED_AMOUNT, ERASED_AMOUNT + 1, ERASED_TYPED, ERASED_INCOME):
        assert str(value) not in after, value
    assert str(KEPT_AMOUNT) in after  # the other case untouched, in the database and the file
    code, report = _verify(capsys)
    assert code == 0, report
    assert "intact" in report and "edited" not in report
    assert "2 with personal inputs erased (attested by their erasure records)" in report

    # what stays: the decisions, their scores and reasons, and the rules fired
    log = DecisionLog.open()
    try:
        from pad_desktop.decisions.queries import HistoryFilter

        kept = [d for d in log.history(HistoryFilter(), 0, 100) if d.case_ref == "CASE-A"]
    finally:
        log.close()
    assert len(kept) == 2
    assert all(d.reasons == ("credit_amount",) or list(d.reasons) == ["credit_amount"]
               for d in kept)  # fmt: skip
    assert {d.score for d in kept} == {0.2}

    # again: idempotent, and said so
    assert main(["privacy", "erase", "CASE-A", "--reason", "request 2026-117"]) == 0
    assert "already erased (2 decision(s))" in capsys.readouterr().out
    assert _verify(capsys)[0] == 0


def test_an_erased_decision_edited_later_is_still_caught(
    isolated_user_dirs: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The erasure attests the record as it stands after it: a later edit of a kept column (a
    refusal turned into an approval) breaks the attestation."""
    import sqlite3

    _use(monkeypatch, None)
    log = DecisionLog.open()
    _fill(log)
    log.close()
    assert main(["privacy", "erase", "CASE-A", "--reason", "r"]) == 0
    path = isolated_user_dirs / "data" / "decisions.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER decisions_no_update")  # the owner of the file can
        conn.execute("UPDATE decisions SET score = 0.01 WHERE case_ref = 'CASE-A'")
    code, report = _verify(capsys)
    assert code == 1
    assert report.count("edited: decision") == 2


def test_the_database_refuses_any_other_update_of_a_decision(pg_url: str) -> None:
    """Only the erasure is allowed, and only once recorded: the trigger binds every role."""
    log = DecisionLog.open(pg_url)
    rec = make_record(case_ref="CASE-T")
    log.record(rec)
    assert log.flush(timeout=20)
    log.close()
    with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
        with pytest.raises(psycopg.Error, match="append-only"):
            conn.execute("UPDATE decisions SET inputs = '{\"_erased\": true}'::jsonb")
        with pytest.raises(psycopg.Error, match="append-only"):
            conn.execute("UPDATE decisions SET score = 0.9")
        with pytest.raises(psycopg.Error, match="append-only"):
            conn.execute("DELETE FROM decisions")


def test_purge_by_retention_with_the_clock_given(
    backend: str | None,
    isolated_user_dirs: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use(monkeypatch, backend)
    monkeypatch.setenv("PAD_RETENTION_DAYS", "365")
    from pad_desktop.runtime.settings import get_settings

    get_settings.cache_clear()
    old = datetime(2025, 3, 1, 12, tzinfo=UTC)
    log = DecisionLog.open()
    _fill(log, at=old)  # CASE-A and CASE-B, old
    recent = make_record(
        case_ref="CASE-C", inputs={"credit_amount": 555_321}, created_at=old + timedelta(days=300)
    )
    log.record(recent)
    assert log.flush(timeout=20)
    log.close()
    capsys.readouterr()
    # 2026-03-10: 374 days after the old ones, 74 after the recent one
    assert main(["privacy", "purge", "--as-of", "2026-03-10"]) == 0
    out = capsys.readouterr().out
    assert "Retention of 365 day(s)" in out
    held = _held(backend, isolated_user_dirs)
    for value in (ERASED_AMOUNT, ERASED_INCOME, KEPT_AMOUNT):
        assert not mentions(held, value)
    assert mentions(held, 555_321)
    code, report = _verify(capsys)
    assert code == 0, report


def test_an_undelivered_case_is_erased_in_the_outbox_then_delivered(
    isolated_user_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server = ThrowawayServer()
    try:
        url = create_database(server.admin_url)
        _use(monkeypatch, url)
        log = DecisionLog.open()
        log.record(make_record(case_ref="CASE-0"))
        assert log.flush(timeout=20)
        server.stop()
        _fill(log)  # waits in the outbox
        log.close(timeout=1)
        capsys.readouterr()
        assert main(["privacy", "erase", "CASE-A", "--reason", "request"]) == 1
        captured = capsys.readouterr()
        assert "2 decision(s) erased" in captured.out
        assert "still waiting on this machine" in captured.out
        assert "could not be reached" in captured.err
        raw = _files_bytes(isolated_user_dirs / "data").decode("utf-8", errors="replace")
        assert not mentions(raw, ERASED_AMOUNT) and not mentions(raw, ERASED_INCOME)
        server.start()
        log = DecisionLog.open()
        assert log.flush(timeout=30)
        log.close()
        held = _held(url, isolated_user_dirs)
        assert not mentions(held, ERASED_AMOUNT) and not mentions(held, ERASED_TYPED)
        assert mentions(held, KEPT_AMOUNT)
        code, report = _verify(capsys)
        assert code == 0, report
    finally:
        server.destroy()


def test_hostile_requests_get_one_clear_message(
    isolated_user_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _use(monkeypatch, None)
    log = DecisionLog.open()
    _fill(log)
    log.close()
    capsys.readouterr()
    assert main(["privacy", "erase", "NO-SUCH-CASE", "--reason", "r"]) == 1
    err = capsys.readouterr().err
    assert "No decision of case NO-SUCH-CASE" in err and "Traceback" not in err
    assert main(["privacy", "erase", "CASE-A", "--reason", "  "]) == 1
    assert "--reason" in capsys.readouterr().err
    assert main(["privacy", "erase", "x" * 300, "--reason", "r"]) == 1
    assert "not a case reference" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:  # argparse's usage error, no traceback
        main(["privacy", "purge", "--as-of", "not-a-date"])
    assert usage.value.code == 2
    assert "is not a date" in capsys.readouterr().err
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert main(["privacy", "erase", "CASE-A", "--reason", "demande 12"]) == 0
    assert "données personnelles de 2 décision(s) effacées" in capsys.readouterr().out
    assert main(["privacy", "erase", "CASE-A", "--reason", "demande 12"]) == 0
    assert "déjà effacé" in capsys.readouterr().out
    assert main(["privacy", "erase", "INCONNU", "--reason", "r"]) == 1
    assert "Aucune décision du dossier INCONNU" in capsys.readouterr().err


def test_an_erasure_record_carries_no_personal_data() -> None:
    names = {f for f in ErasureRecord.__dataclass_fields__}
    assert not names & {"inputs", "typed_inputs", "policy"}
    assert uuid.UUID(str(ErasureRecord(uuid.uuid4(), "request", "r", "a", "w", "C", None,
                                       "0" * 64).id))  # fmt: skip


def test_only_a_supervisor_may_erase_on_postgresql(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """By database privilege: the application's role is refused before anything changes; the
    same person made a member of pad_supervisor (app_role.sql's last section) may erase."""
    from tests.decisions.test_app_role_sql import _as, _psql

    app = f"pad_app_{uuid.uuid4().hex[:8]}"
    done = _psql(pg_url, f"app_role={app}", "app_password=app-secret")
    assert done.returncode == 0, done.stderr
    try:
        app_url = _as(pg_url, app, "app-secret")
        _use(monkeypatch, app_url)
        log = DecisionLog.open()
        _fill(log)
        assert log.flush(timeout=20)
        log.close()
        capsys.readouterr()
        assert main(["privacy", "erase", "CASE-A", "--reason", "r"]) == 1
        assert "needs the pad_supervisor role" in capsys.readouterr().err
        assert mentions(_pg_text(pg_url), ERASED_AMOUNT)  # nothing changed
        with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
            conn.execute(f'GRANT pad_supervisor TO "{app}"')
        assert main(["privacy", "erase", "CASE-A", "--reason", "r"]) == 0
        assert not mentions(_pg_text(pg_url), ERASED_AMOUNT)
        assert _verify(capsys)[0] == 0
    finally:
        with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
            conn.execute(f'DROP OWNED BY "{app}"')
            conn.execute(f'DROP ROLE "{app}"')


def test_an_edited_decision_is_not_laundered_by_an_erasure(
    isolated_user_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its link to its predecessor is checked first: an erasure never attests an edit."""
    import sqlite3

    _use(monkeypatch, None)
    log = DecisionLog.open()
    _fill(log)
    log.close()
    path = isolated_user_dirs / "data" / "decisions.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER decisions_no_update")
        conn.execute("UPDATE decisions SET score = 0.99 WHERE case_ref = 'CASE-A'")
    capsys.readouterr()
    assert main(["privacy", "erase", "CASE-A", "--reason", "r"]) == 1
    assert "does not match its chain hash" in capsys.readouterr().err
    assert str(ERASED_AMOUNT) in path.read_bytes().decode("utf-8", errors="replace")


def test_an_older_records_side_inputs_are_erased_too(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Revision 0003's `decision_canonical_inputs` (an older record's canonical inputs, which
    the readers prefer) is personal too: its row goes with the erasure, and only then."""
    _use(monkeypatch, pg_url)
    log = DecisionLog.open()
    rec = make_record(case_ref="CASE-OLD", inputs={"credit_amount": "2241,00"})
    log.record(rec)
    assert log.flush(timeout=20)
    log.close()
    with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO decision_canonical_inputs VALUES (%s, %s, '{}', 'test', now())",
            (str(rec.id), '{"credit_amount": 2241.75}'),
        )
        with pytest.raises(psycopg.Error, match="append-only"):
            conn.execute("DELETE FROM decision_canonical_inputs")  # not erased yet
    assert main(["privacy", "erase", "CASE-OLD", "--reason", "r"]) == 0
    held = _pg_text(pg_url)
    assert not mentions(held, 2241)
    assert _verify(capsys)[0] == 0
