"""Several processes of one user share the decision files: the window and its batch process,
a CLI command beside the window. One of them closing a file must leave the others' intact.

The fault this guards against: a process that opened and closed a descriptor of a database it
had open (to make the file private) dropped its own SQLite locks, so another process closing
the file took itself for its last user and deleted the WAL still in use: a malformed store."""

from __future__ import annotations

import contextlib
import multiprocessing
import sqlite3
from pathlib import Path

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.local_store import STORE_FILE
from tests.decisions.helpers import free_port, make_record

OTHER_RUNS, OTHER_RECORDS = 2, 5


def _record_elsewhere(url: str | None, data_dir: str) -> None:
    """Another process: opens the log, records, closes (as the batch process does)."""
    log = DecisionLog.open(url, Path(data_dir))
    for _ in range(OTHER_RECORDS):
        log.record(make_record())
    log.close(timeout=0.1)


def _integrity(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def _share(url: str | None, data_dir: Path) -> tuple[DecisionLog, int]:
    """This process keeps the log open and writes and reads it while others come and go."""
    log = DecisionLog.open(url, data_dir)
    log.record(make_record())
    context = multiprocessing.get_context("spawn")
    for _ in range(OTHER_RUNS):
        log.count(HistoryFilter()) if url is None else log.pending()
        other = context.Process(target=_record_elsewhere, args=(url, str(data_dir)))
        other.start()
        other.join()
        assert other.exitcode == 0
        log.record(make_record())
    return log, 1 + OTHER_RUNS * (OTHER_RECORDS + 1)


def test_the_embedded_store_outlives_another_process_closing_it(tmp_path: Path) -> None:
    log, recorded = _share(None, tmp_path)
    assert log.count(HistoryFilter()) == recorded
    log.close()
    assert _integrity(tmp_path / STORE_FILE) == "ok"


def test_the_outbox_outlives_another_process_closing_it(tmp_path: Path) -> None:
    url = f"postgresql://pad@127.0.0.1:{free_port()}/down"  # nothing is delivered: all wait
    log, recorded = _share(url, tmp_path)
    assert log.pending() == recorded
    assert log.close(timeout=0.1) == recorded
    (outbox,) = (tmp_path / "decision_outbox").glob("outbox-*.sqlite3")
    assert _integrity(outbox) == "ok"
