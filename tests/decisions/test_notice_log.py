"""Notices issued are records of the decision log like overrides: append-only, delivered to
PostgreSQL exactly once, read back with their decision, and inside the hash chain that
`db verify` walks (an edited notice row is reported by its id)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest
from psycopg import errors as pg_errors

from pad_desktop.decisions import DecisionLog, HistoryFilter, schema
from pad_desktop.decisions.local_store import STORE_FILE
from pad_desktop.decisions.records import NoticeKind, NoticeRecord, Outcome, OverrideRecord
from pad_desktop.decisions.verify import verify
from tests.decisions.helpers import make_record, pg_count

HASH = "ab" * 32


def _fill(log: DecisionLog) -> tuple[NoticeRecord, NoticeRecord]:
    """A refusal set by an override, and two notices of it: a PDF, then a print."""
    rec = make_record(case_ref="DOSSIER-N-1")
    log.record(rec)
    override = OverrideRecord(rec.id, "bob", "ws-2", "override", Outcome.REFUSED, "no payslips")
    log.record_override(override)
    pdf = NoticeRecord(rec.id, NoticeKind.PDF, "fr", HASH, "bob", "ws-2", override.id, "bobos")
    printed = NoticeRecord(rec.id, NoticeKind.PRINT, "en", "cd" * 32, "bob", "ws-2", override.id)
    log.record_notice(pdf)
    log.record_notice(printed)
    return pdf, printed


def test_a_notice_is_delivered_to_postgresql_and_found_with_its_decision(
    pg_url: str, tmp_path: Path
) -> None:
    log = DecisionLog.open(pg_url, data_dir=tmp_path)
    pdf, printed = _fill(log)
    assert log.flush(timeout=20) and log.rejected() == 0, log.health()
    (found,) = log.history(HistoryFilter(case_ref="DOSSIER-N-1"))
    assert found.notices == (pdf, printed)
    assert log.notices_for(pdf.decision_id) == [pdf, printed]
    assert log.get(pdf.decision_id).notices == (pdf, printed)
    log.close()
    assert pg_count(pg_url, "SELECT count(*) FROM decision_notices") == 2
    chained = "chain_hash IS NOT NULL AND received_at IS NOT NULL"
    sql = f"SELECT count(*) FROM decision_notices WHERE {chained}"
    assert pg_count(pg_url, sql) == 2
    engine = schema.create_engine(pg_url)
    report = verify(engine)
    engine.dispose()
    assert report.intact and report.checked == 4, report.findings


def test_a_notice_must_point_at_a_decision(tmp_path: Path) -> None:
    log = DecisionLog.open(data_dir=tmp_path)  # the embedded store checks the key at once
    orphan = NoticeRecord(make_record().id, NoticeKind.PDF, "en", HASH, "bob", "ws-2")
    with pytest.raises(sqlite3.IntegrityError):
        log.record_notice(orphan)
    log.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE decision_notices SET content_sha256 = 'x'",
        "DELETE FROM decision_notices",
        "TRUNCATE decision_notices",
    ],
)
def test_notices_are_append_only_in_postgresql(pg_url: str, tmp_path: Path, statement: str) -> None:
    log = DecisionLog.open(pg_url, data_dir=tmp_path)
    _fill(log)
    assert log.flush(timeout=20)
    log.close()
    refused = pytest.raises(pg_errors.InsufficientPrivilege, match="append-only")
    with psycopg.connect(schema.libpq_url(pg_url)) as conn, refused:  # owner and superuser
        conn.execute(statement)


@pytest.mark.parametrize(
    "statement", ["UPDATE decision_notices SET lang = 'en'", "DELETE FROM decision_notices"]
)
def test_notices_are_append_only_in_the_embedded_store(
    isolated_user_dirs: Path, statement: str
) -> None:
    log = DecisionLog.open()
    _fill(log)
    log.close()
    store = sqlite3.connect(isolated_user_dirs / "data" / STORE_FILE)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.execute(statement)
    store.close()


def test_db_verify_reports_an_edited_notice_in_postgresql(pg_url: str, tmp_path: Path) -> None:
    log = DecisionLog.open(pg_url, data_dir=tmp_path)
    pdf, _ = _fill(log)
    assert log.flush(timeout=20)
    log.close()
    with psycopg.connect(schema.libpq_url(pg_url), autocommit=True) as conn:
        conn.execute("ALTER TABLE decision_notices DISABLE TRIGGER USER")
        conn.execute(
            "UPDATE decision_notices SET content_sha256 = %s WHERE id = %s", ("ef" * 32, pdf.id)
        )
    engine = schema.create_engine(pg_url)
    report = verify(engine)
    engine.dispose()
    assert [(f.kind, f.record_id) for f in report.findings] == [("edited", str(pdf.id))]
    assert f"notice {pdf.id} does not match its chain hash" in report.findings[0].message


def test_db_verify_reports_an_edited_notice_in_the_embedded_store(
    isolated_user_dirs: Path,
) -> None:
    log = DecisionLog.open()
    _, printed = _fill(log)
    log.close()
    path = isolated_user_dirs / "data" / STORE_FILE
    store = sqlite3.connect(path, isolation_level=None)
    store.execute("DROP TRIGGER decision_notices_no_update")
    store.execute("UPDATE decision_notices SET kind = 'pdf' WHERE id = ?", (str(printed.id),))
    store.close()
    engine = schema.create_engine(schema.sqlite_url(path))
    report = verify(engine)
    engine.dispose()
    assert [(f.kind, f.record_id) for f in report.findings] == [("edited", str(printed.id))]
