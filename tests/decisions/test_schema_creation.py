"""A new, empty PostgreSQL database is set up by the app itself; one it cannot use as it is
stops the command with one line saying what to run (exit code 4)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, SchemaBehind, schema
from tests.decisions.helpers import PG_ADMIN_URL, ROOT, pg_count

EXAMPLES = ROOT / "resources" / "examples" / "applicants_fr.csv"


def _one_error_line(err: str, *fragments: str) -> None:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_scoring_into_an_empty_database_needs_no_manual_step(
    empty_pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", empty_pg_url)
    assert main(["score", str(EXAMPLES), "-o", str(tmp_path / "out.csv")]) == 0
    assert pg_count(empty_pg_url, "SELECT count(*) FROM decisions WHERE source = 'batch'") == 37
    with psycopg.connect(schema.libpq_url(empty_pg_url)) as conn:
        events = conn.execute("SELECT kind, to_model FROM model_events").fetchall()
    assert events == [("schema", f"decision schema {schema.head_revision()}")]
    engine = schema.create_engine(empty_pg_url)
    assert schema.status(engine).up_to_date
    engine.dispose()


def test_workers_opening_an_empty_database_together_create_it_once(
    empty_pg_url: str, tmp_path: Path
) -> None:
    failures: list[BaseException] = []

    def open_and_close(i: int) -> None:
        try:
            DecisionLog.open(empty_pg_url, data_dir=tmp_path / f"w{i}").close()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=open_and_close, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert failures == []
    assert pg_count(empty_pg_url, "SELECT count(*) FROM model_events WHERE kind = 'schema'") == 1


def test_a_database_with_tables_but_no_revision_is_left_alone(
    empty_pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with psycopg.connect(schema.libpq_url(empty_pg_url), autocommit=True) as conn:
        conn.execute("CREATE TABLE decisions (id uuid PRIMARY KEY)")  # an older app's, say
    with pytest.raises(SchemaBehind, match=r"run `pad-desktop db upgrade`"):
        DecisionLog.open(empty_pg_url, data_dir=tmp_path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", empty_pg_url)
        assert main(["score", str(EXAMPLES), "-o", str(tmp_path / "out.csv")]) == 4
    _one_error_line(capsys.readouterr().err, "revision none", "pad-desktop db upgrade")


@pytest.fixture
def unprivileged_url(empty_pg_url: str) -> Iterator[str]:
    """The empty database, through a role that may connect but not create tables (PG >= 15)."""
    role = f"pad_reader_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(schema.libpq_url(PG_ADMIN_URL), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD 'pw'")
    with psycopg.connect(schema.libpq_url(empty_pg_url), autocommit=True) as conn:
        conn.execute(f'REVOKE CREATE ON SCHEMA public FROM PUBLIC, "{role}"')
    yield empty_pg_url.replace("postgres@", f"{role}:pw@", 1)
    with psycopg.connect(schema.libpq_url(empty_pg_url), autocommit=True) as conn:
        conn.execute(f'DROP OWNED BY "{role}"')
    with psycopg.connect(schema.libpq_url(PG_ADMIN_URL), autocommit=True) as conn:
        conn.execute(f'DROP ROLE "{role}"')


def test_a_role_that_may_not_create_tables_gets_one_line(
    unprivileged_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", unprivileged_url)
    assert main(["score", str(EXAMPLES), "-o", str(tmp_path / "out.csv")]) == 4
    err = capsys.readouterr().err
    _one_error_line(err, "may not create its tables", "administrator", "db upgrade")
    assert ":pw@" not in err  # the password never reaches the screen
    assert main(["db", "upgrade"]) == 4
    _one_error_line(capsys.readouterr().err, "may not change the schema", "owner")


def _stamp(connect, revision: str) -> None:
    with connect() as conn:
        conn.execute(f"UPDATE {schema.VERSION_TABLE} SET version_num = '{revision}'")


def test_an_embedded_store_of_a_newer_app_is_named_not_crashed_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A data folder a newer build has migrated: one sentence naming the revision and what to
    do (not `db upgrade`, which cannot go back), exit 4, and the store is left as it was."""
    import sqlite3

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PAD_DATA_DIR", str(tmp_path / "data"))
    assert main(["score", str(EXAMPLES), "-o", str(tmp_path / "one.csv")]) == 0
    (store,) = (tmp_path / "data").rglob("decisions.sqlite3")
    _stamp(lambda: sqlite3.connect(store), "0099_future")
    capsys.readouterr()
    assert main(["score", str(EXAMPLES), "-o", str(tmp_path / "two.csv")]) == 4
    _one_error_line(capsys.readouterr().err, "0099_future", schema.head_revision())
    with sqlite3.connect(store) as conn:
        assert conn.execute(f"SELECT version_num FROM {schema.VERSION_TABLE}").fetchone() == (
            "0099_future",
        )
        assert conn.execute("SELECT count(*) FROM decisions").fetchone() == (37,)


def test_a_shared_database_of_a_newer_app_is_named_by_every_command(
    empty_pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    DecisionLog.open(empty_pg_url, data_dir=tmp_path).close()
    _stamp(lambda: psycopg.connect(schema.libpq_url(empty_pg_url)), "0099_future")
    with pytest.raises(schema.SchemaUnknown, match="0099_future"):
        DecisionLog.open(empty_pg_url, data_dir=tmp_path)
    capsys.readouterr()
    assert main(["db", "upgrade", "--url", empty_pg_url]) == 4
    _one_error_line(capsys.readouterr().err, "0099_future", "cannot bring it back")
