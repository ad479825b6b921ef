"""Refused records counted and retried; secrets in URLs never shown; data files private."""

from __future__ import annotations

import stat
from pathlib import Path

import psycopg
import pytest

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, schema
from pad_desktop.decisions.local_store import STORE_FILE
from pad_desktop.decisions.records import OverrideRecord
from pad_desktop.runtime.paths import user_data_dir
from tests.decisions.helpers import make_record, pg_count


def _status(capsys: pytest.CaptureFixture[str], url: str) -> str:
    capsys.readouterr()
    main(["db", "status", "--url", url])
    return capsys.readouterr().out


def test_refused_records_are_counted_and_redelivered_after_a_fix(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The DBA's constraint refuses a record (after it was acknowledged: nothing on the client
    can know); `db status` and `health()` count it; once the constraint is dropped,
    `db redeliver` delivers it."""
    with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
        conn.execute("ALTER TABLE decisions ADD CONSTRAINT no_bob CHECK (officer <> 'bob')")
    log = DecisionLog.open(pg_url)  # the user's data folder, where `db` commands look
    log.record(make_record(officer="bob"))
    log.record(make_record())
    assert log.flush(timeout=20)
    health = log.health()
    log.close()
    assert health.rejected == 1 and "no_bob" in (health.last_error or "")
    out = _status(capsys, pg_url)
    assert "1 refused" in out and "pad-desktop db redeliver" in out

    capsys.readouterr()
    assert main(["db", "redeliver", "--url", pg_url, "--timeout", "5"]) == 1  # not fixed yet
    out = capsys.readouterr().out
    assert "0 record(s) delivered (1 of them refused before, retried), 1 refused again" in out
    with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
        conn.execute("ALTER TABLE decisions DROP CONSTRAINT no_bob")
    assert main(["db", "redeliver", "--url", pg_url]) == 0
    out = capsys.readouterr().out
    assert "1 record(s) delivered (1 of them refused before, retried), 0 refused again" in out
    assert pg_count(pg_url, "SELECT count(*) FROM decisions WHERE officer = 'bob'") == 1
    assert "0 refused" in _status(capsys, pg_url)
    capsys.readouterr()
    assert main(["db", "verify", "--url", pg_url]) == 0  # the chain is whole again


def test_an_orphan_override_is_redelivered_once_its_decision_arrives(pg_url: str) -> None:
    log = DecisionLog.open(pg_url)
    decision = make_record()
    log.record_override(OverrideRecord(decision.id, "bob", "ws-2", "review", None, "early"))
    assert log.flush(timeout=20) and log.health().rejected == 1
    log.record(decision)
    assert log.flush(timeout=10)
    assert log.redeliver(timeout=10) == (1, 0)
    assert log.health().rejected == 0
    log.close()
    assert pg_count(pg_url, "SELECT count(*) FROM decision_overrides") == 1


QUERY_SECRET = "?password=Sup3rSecret&sslmode=disable"


def test_a_password_in_the_query_is_never_shown(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg_url + QUERY_SECRET
    assert "Sup3rSecret" not in schema.redacted(url)
    assert "password=***" in schema.redacted(url) and "sslmode=disable" in schema.redacted(url)
    assert "Sup3rSecret" not in schema.redacted("postgresql://u:Sup3rSecret@h/d?sslpassword=x")
    out = _status(capsys, url)
    assert "up to date" in out and "Sup3rSecret" not in out
    log = DecisionLog.open(url, data_dir=tmp_path)
    log.record(make_record())
    assert log.flush(timeout=10)  # the password still reaches the server
    health = log.health()
    log.close()
    assert "Sup3rSecret" not in health.target and "Sup3rSecret" not in (health.last_error or "")
    assert not any("Sup3rSecret" in p.name for p in tmp_path.rglob("*"))
    bad = pg_url.replace("5432", "1") + QUERY_SECRET
    capsys.readouterr()
    assert main(["db", "status", "--url", bad]) == 2
    assert "Sup3rSecret" not in capsys.readouterr().err


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_files_are_private_to_the_user(pg_url: str, tmp_path: Path) -> None:
    data = user_data_dir()  # PAD_DATA_DIR: created by the test fixture's override
    assert _mode(data) == 0o700
    log = DecisionLog.open(pg_url)
    log.record(make_record())
    assert log.flush(timeout=10)
    outbox = log._writer.path  # type: ignore[union-attr]
    log.close()
    assert _mode(outbox.parent) == 0o700 and _mode(outbox) == 0o600
    embedded = DecisionLog.open(None)
    embedded.record(make_record())
    store = data / STORE_FILE
    wal = Path(f"{store}-wal")
    assert _mode(store) == 0o600 and wal.exists() and _mode(wal) == 0o600
    embedded.close()
    other = tmp_path / "elsewhere"
    DecisionLog.open(None, data_dir=other).close()
    assert _mode(other) == 0o700
    assert main(["db", "upgrade", "--url", f"sqlite:///{tmp_path / 'cli' / 'log.sqlite3'}"]) == 0
    assert _mode(tmp_path / "cli") == 0o700 and _mode(tmp_path / "cli" / "log.sqlite3") == 0o600
