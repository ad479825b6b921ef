"""The tamper-evident log: a hash chain per stream, checked by `pad-desktop db verify`.

The tampering is done the way the issue describes it, by the role that ran `db upgrade` (a
plain owner, no superuser): it switches the append-only triggers off, rewrites a refusal into
an approval, deletes rows, inserts forged ones. Each is reported, with the record's id.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, schema
from pad_desktop.decisions.canonical import link
from pad_desktop.decisions.encode import (
    COLUMNS,
    JSON_COLUMNS,
    PRE_CHAIN_COLUMNS,
    DecisionRows,
    record_line,
)
from pad_desktop.decisions.local_store import STORE_FILE
from pad_desktop.decisions.records import ModelEvent, Outcome, OverrideRecord
from pad_desktop.decisions.verify import verify
from tests.decisions.helpers import PG_ADMIN_URL, drop_database, make_batch, make_record

OWNER = f"pad_owner_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def owner_role() -> Iterator[str]:
    with psycopg.connect(schema.libpq_url(PG_ADMIN_URL), autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{OWNER}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE')
    yield OWNER
    with psycopg.connect(schema.libpq_url(PG_ADMIN_URL), autocommit=True) as conn:
        conn.execute(f'DROP ROLE "{OWNER}"')


@pytest.fixture
def owned_url(owner_role: str) -> Iterator[str]:
    """A database owned by a plain role, migrated by it (`db upgrade` as the docs say)."""
    name = f"pad_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(schema.libpq_url(PG_ADMIN_URL), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" OWNER "{owner_role}"')
    admin = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgres@", f"{owner_role}@", 1)
    url = f"{admin}/{name}"
    with psycopg.connect(schema.libpq_url(url), autocommit=True) as conn:
        conn.execute("ALTER SCHEMA public OWNER TO CURRENT_USER")  # PostgreSQL 15's default
    assert main(["db", "upgrade", "--url", url]) == 0
    yield url
    drop_database(PG_ADMIN_URL, url)


def _fill(url: str | None) -> dict[str, str]:
    """A stream of 16 refusals and others, an override and a model event; ids by role."""
    log = DecisionLog.open(url)  # the user's data folder: where `db verify` finds its head
    refusals = [make_record(score=0.9, decision=Outcome.REFUSED) for _ in range(16)]
    for rec in refusals[:8]:
        log.record(rec)
    log.record_batch(make_batch(200))
    for rec in refusals[8:]:
        log.record(rec)
    log.record_override(OverrideRecord(refusals[0].id, "bob", "ws-2", "review", None, "seen"))
    log.record_model_event(ModelEvent("use", "alice", "ws-1", None, "german-credit@1"))
    assert log.flush(timeout=20)
    log.close()
    return {
        "refused": str(refusals[3].id),
        "middle": str(refusals[5].id),
        "last": str(refusals[-1].id),
    }


def _verify_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["db", "verify", *args])
    return code, capsys.readouterr().out


def _pg(url: str, *statements: str) -> None:
    with psycopg.connect(schema.libpq_url(url), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


UNLOCK = "ALTER TABLE decisions DISABLE TRIGGER USER"


def _recomputed_hash(url: str, record_id: str, prev_hash: str) -> str:
    """The chain hash a forger who knows the algorithm computes for a row."""
    names = COLUMNS["decisions"]
    select = ", ".join(f"{n}::text" if n in JSON_COLUMNS else n for n in names)
    with psycopg.connect(schema.libpq_url(url)) as conn:
        conn.execute("SET TIME ZONE 'UTC'")
        row = list(
            conn.execute(f"SELECT {select} FROM decisions WHERE id = %s", (record_id,)).fetchone()
        )
    for i, name in enumerate(names):
        if name in JSON_COLUMNS and row[i] is not None:
            row[i] = json.loads(row[i])
    return link(bytes.fromhex(prev_hash), record_line("decisions", row)).hex()


def test_an_untouched_log_verifies(owned_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(owned_url)
    code, out = _verify_cli(capsys, "--url", owned_url)
    assert code == 0, out
    assert "218 chained record(s) in 1 stream(s); intact" in out


def test_the_owner_rewrites_a_refusal_into_an_approval(
    owned_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _fill(owned_url)
    rewrite = "UPDATE decisions SET decision = 'approved', score = 0.1 WHERE id = "
    _pg(owned_url, UNLOCK, f"{rewrite}'{ids['refused']}'")
    code, out = _verify_cli(capsys, "--url", owned_url)
    assert code == 1
    assert f"edited: decision {ids['refused']} does not match its chain hash" in out
    assert out.count("edited:") == 1 and "1 problem(s)" in out


def test_the_owner_edits_an_input_in_the_jsonb(
    owned_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _fill(owned_url)
    _pg(
        owned_url,
        UNLOCK,
        "UPDATE decisions SET inputs = jsonb_set(inputs, '{credit_amount}', "
        f"'999') WHERE id = '{ids['middle']}'",
    )
    code, out = _verify_cli(capsys, "--url", owned_url)
    assert code == 1 and f"edited: decision {ids['middle']}" in out


def test_the_owner_deletes_rows(owned_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    ids = _fill(owned_url)
    _pg(
        owned_url,
        UNLOCK,
        f"DELETE FROM decisions WHERE id = '{ids['middle']}'",
        "ALTER TABLE model_events DISABLE TRIGGER USER",
        "DELETE FROM model_events",
    )
    code, out = _verify_cli(capsys, "--url", owned_url)
    assert code == 1
    assert "missing: 1 record(s)" in out and "(places 6-6)" in out  # the middle refusal
    assert "missing: the last 1 record(s) this machine wrote (places 218-218" in out
    assert "beyond" not in out and "edited" not in out and "2 problem(s)" in out


def test_the_owner_inserts_forged_rows(owned_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    ids = _fill(owned_url)
    copy = ", ".join(c for c in COLUMNS["decisions"] + ("chain_hash",) if c != "id")
    bare = ", ".join(c for c in COLUMNS["decisions"] if c not in ("id", "stream_id", "stream_seq"))
    forged_middle, forged_bare = str(uuid.uuid4()), str(uuid.uuid4())
    _pg(
        owned_url,
        # the guard against rows without a chain binds the owner too, until dropped
        "ALTER TABLE decisions DROP CONSTRAINT decisions_chained",
        # a copy of a refusal as an approval, at the refusal's place in the chain
        f"INSERT INTO decisions (id, {copy}) SELECT '{forged_middle}', "
        f"{copy.replace('decision,', chr(39) + 'approved' + chr(39) + ',')} "
        f"FROM decisions WHERE id = '{ids['refused']}'",
        # a row written by hand, with no chain at all
        f"INSERT INTO decisions (id, {bare}) SELECT '{forged_bare}', {bare} "
        f"FROM decisions WHERE id = '{ids['refused']}'",
    )
    code, out = _verify_cli(capsys, "--url", owned_url)
    assert code == 1
    assert f"inserted: decision {forged_middle} claims place 4" in out
    assert f"inserted: decision {forged_bare} carries no place in a chain" in out
    assert "2 problem(s)" in out


def test_a_forged_row_with_a_recomputed_hash_is_beyond_this_machines_head(
    owned_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A forger who knows the algorithm appends a valid-looking link; the workstation's own
    head (kept in its outbox) shows it never wrote it."""
    _fill(owned_url)
    forged = str(uuid.uuid4())
    with psycopg.connect(schema.libpq_url(owned_url)) as conn:
        last_seq, last_hash = conn.execute(
            "SELECT stream_seq, chain_hash FROM model_events"
        ).fetchone()
        some = conn.execute("SELECT id FROM decisions LIMIT 1").fetchone()[0]
    copy = ", ".join(c for c in COLUMNS["decisions"] if c not in ("id", "stream_seq"))
    _pg(
        owned_url,
        f"INSERT INTO decisions (id, stream_seq, chain_hash, {copy}) SELECT "
        f"'{forged}', {last_seq + 1}, '{last_hash}', {copy} FROM decisions "
        f"WHERE id = '{some}'",
    )
    _pg(
        owned_url,
        UNLOCK,
        f"UPDATE decisions SET chain_hash = "
        f"'{_recomputed_hash(owned_url, forged, last_hash)}' WHERE id = '{forged}'",
    )
    engine = schema.create_engine(owned_url)
    assert verify(engine).intact  # the chain alone cannot tell
    engine.dispose()
    code, out = _verify_cli(capsys, "--url", owned_url)
    assert code == 1
    assert f"inserted: decision {forged} is in this machine's stream at place {last_seq + 1}" in out


def test_a_rewritten_chain_is_caught_by_this_machines_head(
    owned_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Edit the last decision and recompute the hashes from there to the end."""
    ids = _fill(owned_url)
    _pg(
        owned_url,
        UNLOCK,
        "ALTER TABLE decision_overrides DISABLE TRIGGER USER",
        "ALTER TABLE model_events DISABLE TRIGGER USER",
        f"UPDATE decisions SET decision = 'approved' WHERE id = '{ids['last']}'",
    )
    with psycopg.connect(schema.libpq_url(owned_url)) as conn:
        seq = conn.execute(
            f"SELECT stream_seq FROM decisions WHERE id = '{ids['last']}'"
        ).fetchone()[0]
        prev = conn.execute(
            f"SELECT chain_hash FROM decisions WHERE stream_seq = {seq - 1}"
        ).fetchone()[0]
    new = _recomputed_hash(owned_url, ids["last"], prev)
    _pg(owned_url, f"UPDATE decisions SET chain_hash = '{new}' WHERE id = '{ids['last']}'")
    code, out = _verify_cli(capsys, "--url", owned_url)
    assert code == 1
    assert "does not match its chain hash" in out  # the override after it no longer links
    assert f"edited: decision {ids['last']}" not in out  # its own hash was recomputed


def test_since_checks_from_the_first_record_after_it(
    owned_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _fill(owned_url)
    cut = datetime.now(UTC)
    later = make_record(score=0.8, decision=Outcome.REFUSED)
    log = DecisionLog.open(owned_url)
    log.record(later)
    assert log.flush(timeout=10)
    log.close()
    _pg(
        owned_url,
        UNLOCK,
        f"UPDATE decisions SET decision = 'approved' WHERE id = '{ids['refused']}'",
    )
    code, out = _verify_cli(capsys, "--url", owned_url, "--since", cut.isoformat())
    assert code == 0, out  # the edit is older than --since
    assert "2 chained record(s)" in out  # the record after it, and the one before (its edge)
    _pg(owned_url, f"UPDATE decisions SET decision = 'approved' WHERE id = '{later.id}'")
    code, out = _verify_cli(capsys, "--url", owned_url, "--since", cut.isoformat())
    assert code == 1 and f"edited: decision {later.id}" in out
    with pytest.raises(SystemExit):
        main(["db", "verify", "--url", owned_url, "--since", "yesterday"])
    assert "'yesterday' is not a date or time" in capsys.readouterr().err


def test_the_server_adds_its_own_receive_time(owned_url: str) -> None:
    _fill(owned_url)
    with psycopg.connect(schema.libpq_url(owned_url)) as conn:
        rows = conn.execute(
            "SELECT count(*), min(received_at), max(received_at) FROM decisions"
        ).fetchone()
        default = conn.execute(
            "SELECT column_default FROM information_schema.columns "
            "WHERE table_name = 'decisions' AND column_name = 'received_at'"
        ).fetchone()[0]
    assert rows[0] == 216 and "clock_timestamp()" in default
    now = datetime.now(UTC)
    assert now - timedelta(minutes=2) < rows[1] <= rows[2] <= now


def test_records_from_before_the_chain_are_counted_apart(
    owned_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _pg(
        owned_url,
        "DROP TABLE decisions, decision_overrides, model_events, decision_notices, "
        "outcomes, shadow_scores, switch_evidence, decision_erasures, oversight_requests, "
        "oversight_answers, control_events, pad_delegation, text_erasures, "
        "decision_canonical_inputs, pad_decisions_version, pad_chain_guard CASCADE",
        "DROP FUNCTION pad_refuse_change()",
        "DROP FUNCTION pad_erasure_only(), pad_erased_side_only(), pad_refuse_unless_erasure()",
        "DROP FUNCTION pad_text_erasure_only()",
        "DROP FUNCTION pad_server_time()",
        "DROP FUNCTION pad_oversight_guard(), pad_override_guard(), pad_model_event_guard(), "
        "pad_holds(text)",
    )
    engine = schema.create_engine(owned_url)
    schema.upgrade(engine, "0001")
    old = make_record()
    row = DecisionRows.from_record(old)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO decisions (id, created_at, officer, workstation, source, model_id, "
            "model_sha256, inputs, score, threshold, decision, reasons, latency_ms) VALUES "
            "(%s, now(), 'alice', 'ws-1', 'form', 'm', %s, %s, 0.2, 0.5, 'approved', %s, 1)",
            (str(old.id), "0" * 64, row.inputs[0], row.reasons[0]),
        )
    schema.upgrade(engine)
    engine.dispose()
    _fill(owned_url)
    code, out = _verify_cli(capsys, "--url", owned_url)
    assert code == 0, out
    assert "1 from before the hash chain; intact" in out


@st.composite
def _inputs(draw: st.DrawFn) -> dict[str, object]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00")),
    )
    keys = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=8)
    return draw(st.dictionaries(keys, scalars, max_size=6))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(examples=st.lists(_inputs(), min_size=1, max_size=8))
def test_the_canonical_form_survives_jsonb_and_sqlite(
    pg_url: str, tmp_path: Path, examples: list[dict[str, object]]
) -> None:
    """What the client hashes is what the verifier rebuilds from each database's values:
    JSONB reorders keys and rewrites numbers (1e-05 as 0.00001, 1e+16 as an integer)."""
    for url in (pg_url, f"sqlite:///{tmp_path / STORE_FILE}"):
        log = DecisionLog.open(url, data_dir=tmp_path / "data")
        for inputs in examples:
            log.record(make_record(inputs=inputs, score=0.3))
        assert log.flush(timeout=20)
        log.close()
        engine = schema.create_engine(url)
        report = verify(engine)
        engine.dispose()
        assert report.intact, report.findings[:3]


def test_the_embedded_store_is_verified_too(capsys: pytest.CaptureFixture[str]) -> None:
    ids = _fill(None)
    code, out = _verify_cli(capsys)
    assert code == 0 and "intact" in out, out
    from pad_desktop.runtime.paths import user_data_dir

    conn = sqlite3.connect(user_data_dir() / STORE_FILE, isolation_level=None)
    conn.execute("DROP TRIGGER decisions_no_update")
    conn.execute("DROP TRIGGER decisions_no_delete")
    conn.execute(f"UPDATE decisions SET decision = 'approved' WHERE id = '{ids['refused']}'")
    conn.execute(f"DELETE FROM decisions WHERE id = '{ids['middle']}'")
    forged = str(uuid.uuid4())
    columns = ", ".join(c for c in COLUMNS["decisions"] + ("chain_hash",) if c != "id")
    conn.execute(
        f"INSERT INTO decisions (id, {columns}) SELECT '{forged}', {columns} "
        f"FROM decisions WHERE id = '{ids['last']}'"
    )
    conn.close()
    code, out = _verify_cli(capsys)
    assert code == 1
    assert f"edited: decision {ids['refused']}" in out
    assert "missing: 1 record(s)" in out and "(places 6-6)" in out
    assert f"{forged} claims place" in out or f"{ids['last']} claims place" in out


def test_outbox_entries_from_before_the_chain_are_still_delivered(
    owned_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An outbox written by the previous version (COPY lines without the stream columns and
    hash) is delivered after the upgrade, not refused: placed in this outbox's stream first,
    as the database refuses records without a chain."""
    from pad_desktop.decisions.outbox import Outbox, compress, outbox_path
    from pad_desktop.runtime.paths import user_data_dir

    old = make_record()
    line = DecisionRows.from_record(old).canonical_lines(str(uuid.uuid4()), 1)[0]
    legacy = "\t".join(line.split("\t")[: len(PRE_CHAIN_COLUMNS["decisions"])]) + "\n"  # 0.1's
    path = outbox_path(user_data_dir(), schema.redacted(owned_url))
    Outbox(path).close()  # the file, as the old version left it (plus our empty head)
    conn = sqlite3.connect(path, isolation_level=None)
    payload, size = compress(legacy)
    conn.execute(
        "INSERT INTO outbox (table_name, rows, size, payload) VALUES (?, 1, ?, ?)",
        ("decisions", size, payload),
    )
    conn.close()
    log = DecisionLog.open(owned_url)
    assert log.flush(timeout=10) and log.health().rejected == 0
    assert log.get(old.id) is not None
    log.close()
    code, out = _verify_cli(capsys, "--url", owned_url)
    assert code == 0, out
    assert "1 chained record(s) in 1 stream(s); intact" in out
