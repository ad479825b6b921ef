"""Forged or hidden records (issue 26): what the INSERT-only application role, which every
workstation holds, can no longer do, and what the owner can no longer hide from `db verify`.

On a real PostgreSQL; the roles are made by `resources/sql/app_role.sql`, as in production.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from datetime import datetime

import psycopg
import pytest
from psycopg import errors as pg_errors

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, schema
from pad_desktop.decisions.canonical import GENESIS, chain
from pad_desktop.decisions.encode import TABLES, event_rows, rows_text
from pad_desktop.decisions.records import ModelEvent, Outcome
from tests.decisions.helpers import ROOT, make_batch, make_record

APP_ROLE_SQL = ROOT / "resources" / "sql" / "app_role.sql"
# What an app role needs to name to insert a record of its own (all but the chain).
FORGED_COLUMNS = (
    "id, created_at, officer, workstation, source, model_id, model_sha256, inputs, score, "
    "threshold, decision, reasons, latency_ms"
)
FORGED_VALUES = (
    "now(), 'mallory', 'ws-9', 'form', 'german-credit@1', repeat('0', 64), '{}', 0.1, 0.5, "
    "'approved', '[]', 1"
)


@pytest.fixture
def app_url(pg_url: str) -> Iterator[str]:
    """The application role of `app_role.sql` on a fresh database, as a URL."""
    role = f"pad_app_{uuid.uuid4().hex[:8]}"
    done = subprocess.run(
        [
            "psql",
            schema.libpq_url(pg_url),
            "-q",
            "-v",
            f"app_role={role}",
            "-v",
            "app_password=app-secret",
            "-f",
            str(APP_ROLE_SQL),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    yield pg_url.replace("postgres@", f"{role}:app-secret@", 1)
    with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
        conn.execute(f'DROP OWNED BY "{role}"')
        conn.execute(f'DROP ROLE "{role}"')


def _pg(url: str, *statements: str) -> None:
    with psycopg.connect(schema.libpq_url(url), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["db", "verify", *args])
    return code, capsys.readouterr().out


def _fill(url: str, records: int = 8) -> list[str]:
    """Records of this machine's stream (its head kept in the user's data folder)."""
    log = DecisionLog.open(url)
    made = [make_record(score=0.9, decision=Outcome.REFUSED) for _ in range(records)]
    for rec in made:
        log.record(rec)
    log.record_batch(make_batch(20))
    assert log.flush(timeout=20)
    log.close()
    return [str(rec.id) for rec in made]


def test_the_app_role_cannot_insert_a_record_without_a_chain(app_url: str) -> None:
    forged = str(uuid.uuid4())
    with psycopg.connect(schema.libpq_url(app_url), autocommit=True) as conn:
        with pytest.raises(pg_errors.CheckViolation, match="decisions_chained"):
            conn.execute(
                f"INSERT INTO decisions ({FORGED_COLUMNS}, stream_id, stream_seq, chain_hash, "
                f"received_at) VALUES ('{forged}', {FORGED_VALUES}, NULL, NULL, NULL, NULL)"
            )
        assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0


def test_the_app_role_cannot_choose_the_servers_time(app_url: str) -> None:
    """Neither by INSERT nor by COPY (how delivery writes): the server sets `received_at`."""
    chained = "stream_id, stream_seq, chain_hash, received_at"
    ids = [str(uuid.uuid4()), str(uuid.uuid4())]
    stream = str(uuid.uuid4())
    with psycopg.connect(schema.libpq_url(app_url)) as conn:
        started = conn.execute("SELECT now()").fetchone()[0]  # the server's clock
        conn.execute(
            f"INSERT INTO decisions ({FORGED_COLUMNS}, {chained}) VALUES ('{ids[0]}', "
            f"{FORGED_VALUES}, '{stream}', 1, repeat('a', 64), '2000-01-01T00:00:00+00')"
        )
        with conn.cursor().copy(
            "COPY decisions (id, created_at, officer, workstation, source, model_id, "
            f"model_sha256, inputs, score, threshold, decision, reasons, latency_ms, {chained}) "
            "FROM STDIN"
        ) as copy:
            copy.write_row(
                (
                    ids[1],
                    "2026-01-01T00:00:00+00",
                    "mallory",
                    "ws-9",
                    "form",
                    "m",
                    "0" * 64,
                    "{}",
                    0.1,
                    0.5,
                    "approved",
                    "[]",
                    1,
                    stream,
                    2,
                    "b" * 64,
                    "2000-01-01T00:00:00+00",
                )
            )
        conn.commit()
        times = [
            r[0] for r in conn.execute("SELECT received_at FROM decisions ORDER BY stream_seq")
        ]
    assert len(times) == 2 and all(t >= started for t in times), times


def _chained_schema_event(url: str, revision: str) -> None:
    """The model event pad-desktop writes when it creates a schema, chained, as delivered."""
    rows = event_rows(ModelEvent("schema", "alice", "ws-1", None, f"decision schema {revision}"))
    lines = rows.canonical_lines(str(uuid.uuid4()), 1)
    text = rows_text(lines, chain(GENESIS, lines)[0])
    with psycopg.connect(schema.libpq_url(url)) as conn:
        columns = ", ".join(TABLES["model_events"])
        with conn.cursor().copy(f"COPY model_events ({columns}) FROM STDIN") as copy:
            copy.write(text)


def test_a_chainless_record_forged_before_the_guard_is_reported(
    empty_pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database created with the chain (before the guard existed), where a workstation's
    role inserted an approval with no chain and no server time: `db verify` names it, it is
    not counted among records from before the chain."""
    engine = schema.create_engine(empty_pg_url)
    schema.upgrade(engine, "0002_hash_chain")
    _chained_schema_event(empty_pg_url, "0002_hash_chain")
    forged = str(uuid.uuid4())
    _pg(
        empty_pg_url,
        f"INSERT INTO decisions ({FORGED_COLUMNS}, received_at) VALUES ('{forged}', "
        f"{FORGED_VALUES}, NULL)",
    )
    schema.upgrade(engine)
    engine.dispose()
    code, out = _verify(capsys, "--url", empty_pg_url)
    assert code == 1, out
    assert f"inserted: decision {forged} carries no place in a chain" in out
    assert "from before the hash chain" not in out


def test_a_chainless_record_slipped_past_the_guard_is_reported(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The owner drops the guard and its trigger and inserts a bare row: reported."""
    _fill(pg_url)
    forged = str(uuid.uuid4())
    _pg(
        pg_url,
        "ALTER TABLE decisions DROP CONSTRAINT IF EXISTS decisions_chained",
        "ALTER TABLE decisions DISABLE TRIGGER USER",
        f"INSERT INTO decisions ({FORGED_COLUMNS}, received_at) VALUES ('{forged}', "
        f"{FORGED_VALUES}, NULL)",
    )
    code, out = _verify(capsys, "--url", pg_url)
    assert code == 1, out
    assert f"inserted: decision {forged} carries no place in a chain" in out


def test_a_whole_stream_deleted_is_reported_by_its_workstation(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill(pg_url)
    _pg(pg_url, "ALTER TABLE decisions DISABLE TRIGGER USER", "DELETE FROM decisions")
    code, out = _verify(capsys, "--url", pg_url)
    assert code == 1, out
    assert "missing: none of the 28 record(s) this machine wrote" in out


def test_since_is_not_dodged_by_moving_a_record_back_in_time(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The stream's first record rewritten, its client and server times moved a year back:
    `--since` the stream's start still checks it."""
    ids = _fill(pg_url)
    with psycopg.connect(schema.libpq_url(pg_url)) as conn:
        first_time: datetime = conn.execute(
            "SELECT created_at FROM decisions WHERE stream_seq = 1"
        ).fetchone()[0]
    _pg(
        pg_url,
        "ALTER TABLE decisions DISABLE TRIGGER USER",
        "UPDATE decisions SET decision = 'approved', created_at = created_at - interval '1 year', "
        f"received_at = received_at - interval '1 year' WHERE id = '{ids[0]}'",
    )
    code, out = _verify(capsys, "--url", pg_url, "--since", first_time.isoformat())
    assert code == 1, out
    assert f"edited: decision {ids[0]} does not match its chain hash" in out


def test_since_checks_each_streams_last_record(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stream with nothing after `--since` is not left out: its last record is checked."""
    ids = _fill(pg_url, records=3)
    log = DecisionLog.open(pg_url)
    last = make_record(score=0.9, decision=Outcome.REFUSED)
    log.record(last)
    assert log.flush(timeout=10)
    log.close()
    with psycopg.connect(schema.libpq_url(pg_url)) as conn:
        after_all = conn.execute(
            "SELECT max(greatest(created_at, received_at)) + interval '1 day' FROM decisions"
        ).fetchone()[0]
    _pg(
        pg_url,
        "ALTER TABLE decisions DISABLE TRIGGER USER",
        f"UPDATE decisions SET decision = 'approved' WHERE id = '{last.id}'",
    )
    code, out = _verify(capsys, "--url", pg_url, "--since", after_all.isoformat())
    assert code == 1, out
    assert f"edited: decision {last.id}" in out and ids[0] not in out
