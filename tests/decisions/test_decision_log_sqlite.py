"""With no database configured, an embedded SQLite file is the decision log."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path

import pytest

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.local_store import STORE_FILE
from pad_desktop.decisions.records import ModelEvent, Outcome, OverrideRecord
from tests.decisions.helpers import make_batch, make_record


def test_runs_out_of_the_box_with_no_configuration(isolated_user_dirs: Path) -> None:
    rec = make_record()
    log = DecisionLog.open()
    log.record(rec)
    log.record_batch(make_batch(1_000))
    health = log.health()
    log.close()

    store = isolated_user_dirs / "data" / STORE_FILE
    assert health.target == str(store) and health.connected and health.pending == 0
    assert store.exists()
    reopened = DecisionLog.open()  # migrated once, kept across runs
    try:
        assert reopened.count(HistoryFilter()) == 1_001
        assert reopened.get(rec.id) == reopened.history(HistoryFilter(source=rec.source))[0]
    finally:
        reopened.close()


def test_record_is_durable_before_close(isolated_user_dirs: Path) -> None:
    """What `record` acknowledged is in the file, read by another connection, without close."""
    log = DecisionLog.open()
    rec = make_record()
    log.record(rec)
    store = sqlite3.connect(isolated_user_dirs / "data" / STORE_FILE)
    assert store.execute("SELECT count(*) FROM decisions WHERE id = ?", (str(rec.id),)).fetchone()
    assert store.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    log.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE decisions SET score = 0",
        "DELETE FROM decisions",
        "UPDATE decision_overrides SET justification = ''",
        "DELETE FROM decision_overrides",
        "DELETE FROM model_events",
    ],
)
def test_update_and_delete_are_refused(isolated_user_dirs: Path, statement: str) -> None:
    log = DecisionLog.open()
    rec = make_record()
    log.record(rec)
    log.record_override(
        OverrideRecord(rec.id, "bob", "ws-2", "override", Outcome.REFUSED, "income not proven")
    )
    log.record_model_event(ModelEvent("install", "alice", "ws-1", None, "german-credit@1"))
    log.close()
    store = sqlite3.connect(isolated_user_dirs / "data" / STORE_FILE)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.execute(statement)
    store.close()


def test_an_override_must_point_at_a_decision(isolated_user_dirs: Path) -> None:
    log = DecisionLog.open()
    orphan = OverrideRecord(make_record().id, "bob", "ws-2", "review", None, "looked at it")
    with pytest.raises(sqlite3.IntegrityError):
        log.record_override(orphan)
    log.close()


def test_db_commands_on_the_embedded_store(
    isolated_user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "status"]) == 1  # a new user: nothing migrated yet
    assert "revision none" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "status"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_acknowledged_records_reach_the_database_file_in_the_background(
    isolated_user_dirs: Path, tmp_path: Path
) -> None:
    """The WAL is checkpointed (and fsynced) off the caller's thread, shortly after a write."""
    log = DecisionLog.open()
    log.record(make_record())
    store = isolated_user_dirs / "data" / STORE_FILE
    copy = tmp_path / "without-wal.sqlite3"

    def in_main_file() -> int:
        copy.write_bytes(store.read_bytes())  # the database file alone, as after losing the WAL
        with contextlib.closing(sqlite3.connect(copy)) as conn:
            return conn.execute("SELECT count(*) FROM decisions").fetchone()[0]

    deadline = time.monotonic() + 60  # a poll: the bound is for a broken checkpoint, not speed
    while in_main_file() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert in_main_file() == 1
    log.close()
