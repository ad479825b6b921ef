"""The PostgreSQL schema: migrations from an empty database, append-only, least privilege."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg import errors as pg_errors

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, HistoryFilter, SchemaBehind, schema
from pad_desktop.decisions.records import ModelEvent, OverrideRecord
from tests.decisions.helpers import ROOT, free_port, make_record

APP_ROLE_SQL = ROOT / "resources" / "sql" / "app_role.sql"


def test_migration_from_an_empty_database(empty_pg_url: str) -> None:
    engine = schema.create_engine(empty_pg_url)
    before = schema.status(engine)
    assert before.current is None and not before.up_to_date
    after = schema.upgrade(engine)
    assert after.up_to_date and after.current == schema.head_revision()
    assert schema.upgrade(engine).up_to_date  # upgrading twice is harmless
    engine.dispose()
    with psycopg.connect(schema.libpq_url(empty_pg_url)) as conn:
        kinds = dict(
            conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'decisions'"
            ).fetchall()
        )
        indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes")}
    assert kinds["inputs"] == "jsonb" and kinds["id"] == "uuid"
    assert kinds["created_at"] == "timestamp with time zone"
    assert {"ix_decisions_created_at", "ix_decisions_case_ref_created_at"} <= indexes


def test_a_schema_behind_gives_one_clear_message(empty_pg_url: str) -> None:
    with psycopg.connect(schema.libpq_url(empty_pg_url), autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {schema.VERSION_TABLE} (version_num varchar(32) NOT NULL)")
    with pytest.raises(SchemaBehind, match=r"run `pad-desktop db upgrade`") as caught:
        DecisionLog.open(empty_pg_url)  # not empty: the app never migrates it on its own
    assert "revision none" in str(caught.value) and caught.value.head == schema.head_revision()


def test_db_commands(empty_pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "status", "--url", empty_pg_url]) == 1
    assert "behind" in capsys.readouterr().out
    assert main(["db", "upgrade", "--url", empty_pg_url]) == 0
    assert main(["db", "status", "--url", empty_pg_url]) == 0
    out = capsys.readouterr().out
    assert "up to date" in out and "postgres@" in out


def test_an_unreachable_server_keeps_the_record_in_the_outbox(tmp_path: Path) -> None:
    url = f"postgresql://pad:secret@127.0.0.1:{free_port()}/nowhere"
    log = DecisionLog.open(url, data_dir=tmp_path)
    log.record(make_record())
    assert log.flush(timeout=0.5) is False
    health = log.health()
    log.close(timeout=0.5)
    assert not health.connected and health.pending == 1 and health.last_error
    assert "secret" not in health.target and "nowhere" in health.target


def _filled(url: str, tmp_path: Path, kind: str = "install") -> uuid.UUID:
    log = DecisionLog.open(url, data_dir=tmp_path)
    rec = make_record()
    log.record(rec)
    log.record_override(OverrideRecord(rec.id, "bob", "ws-2", "review", None, "checked"))
    log.record_model_event(ModelEvent(kind, "alice", "ws-1", None, "german-credit@1"))
    assert log.flush(timeout=10)
    log.close()
    return rec.id


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE decisions SET score = 0",
        "DELETE FROM decisions",
        "TRUNCATE decisions CASCADE",
        "UPDATE decisions SET score = 0 WHERE false",  # refused even when it touches nothing
        "DELETE FROM decision_overrides",
        "UPDATE model_events SET to_model = 'x'",
    ],
)
def test_update_delete_truncate_are_refused_even_for_the_owner(
    pg_url: str, tmp_path: Path, statement: str
) -> None:
    _filled(pg_url, tmp_path)
    with psycopg.connect(schema.libpq_url(pg_url)) as conn:  # postgres: owner and superuser
        with pytest.raises(pg_errors.InsufficientPrivilege, match="append-only"):
            conn.execute(statement)
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 1


def test_least_privilege_role(pg_url: str, tmp_path: Path) -> None:
    role = f"pad_app_{uuid.uuid4().hex[:8]}"
    admin = schema.libpq_url(pg_url)
    subprocess.run(
        ["psql", admin, "-q", "-v", f"app_role={role}", "-v", "app_password=s3cret",
         "-f", str(APP_ROLE_SQL)],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    try:
        app_url = pg_url.replace("postgres@", f"{role}:s3cret@", 1)
        # The app role inserts, delivery included; a model event other than a switch.
        decision_id = _filled(app_url, tmp_path, kind="schema")
        app_log = DecisionLog.open(app_url, data_dir=tmp_path)
        assert app_log.get(decision_id) is not None
        assert app_log.count(HistoryFilter()) == 1
        assert app_log.rejected() == 0
        # The shared app login is an officer (revision 0008): the database refuses its model
        # switches, which are a model owner's.
        app_log.record_model_event(ModelEvent("install", "alice", "ws-1", None, "german@2"))
        assert app_log.flush(timeout=10)
        assert app_log.rejected() == 1 and "model owner" in (app_log.health().last_error or "")
        app_log.close()
        with psycopg.connect(schema.libpq_url(app_url)) as conn:
            for statement in ("UPDATE decisions SET score = 0", "DROP TABLE model_events"):
                with pytest.raises(pg_errors.InsufficientPrivilege):
                    conn.execute(statement)
                conn.rollback()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP OWNED BY "{role}"')
            conn.execute(f'DROP ROLE "{role}"')
