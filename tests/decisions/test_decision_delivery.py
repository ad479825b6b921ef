"""Nothing lost, nothing twice: outages, crashes and several writers against real PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from pad_desktop.decisions import DecisionLog, schema
from pad_desktop.decisions.records import OverrideRecord
from tests.decisions.helpers import (
    ROOT,
    ThrowawayServer,
    create_database,
    drop_database,
    make_batch,
    make_record,
    pg_count,
    pg_ids,
)

WRITER = Path(__file__).with_name("writer_process.py")


def wait_until(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_server_stopped_mid_batch_and_started_again(
    throwaway_pg: ThrowawayServer, tmp_path: Path
) -> None:
    url = create_database(throwaway_pg.admin_url)
    log = DecisionLog.open(url, data_dir=tmp_path)
    expected: set[str] = set()
    try:
        for chunk in range(10):  # 100k rows in chunks of 10k, as batch scoring sends them
            if chunk == 3:
                throwaway_pg.stop()  # while the first chunks are being delivered
            if chunk == 7:
                assert wait_until(lambda: not log.health().connected)
                assert log.pending() > 0
                throwaway_pg.start()
            batch = make_batch(10_000, start=chunk * 10_000)
            log.record_batch(batch)
            expected.update(batch.ids.tolist())
        assert log.flush(timeout=60), log.health()
        assert log.health().connected and log.pending() == 0
    finally:
        log.close(timeout=5)
    ids = pg_ids(url)
    assert len(ids) == 100_000 == len(expected)
    assert set(ids) == expected
    drop_database(throwaway_pg.admin_url, url)


def _start_writer(url: str, data_dir: Path, chunks: int, rows: int, officer: str, *flags: str):
    return subprocess.Popen(
        [sys.executable, str(WRITER), url, str(data_dir), str(chunks), str(rows), officer, *flags],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _acknowledged(lines: Iterable[str]) -> tuple[dict[str, int], set[str]]:
    batches: dict[str, int] = {}
    records: set[str] = set()
    for line in lines:
        kind, *rest = line.split() or [""]
        if kind == "ACK":
            batches[rest[0]] = int(rest[1])
        elif kind == "REC":
            records.add(rest[0])
    return batches, records


def _assert_delivered(url: str, batches: dict[str, int], records: set[str]) -> None:
    for batch_id, rows in batches.items():
        assert pg_count(url, "SELECT count(*) FROM decisions WHERE batch_id = %s", batch_id) == rows
    query = "SELECT count(*) FROM decisions WHERE id = ANY(%s::uuid[])"
    assert pg_count(url, query, list(records)) == len(records)


def test_sigkill_of_a_writer_loses_nothing_acknowledged(pg_url: str, tmp_path: Path) -> None:
    writer = _start_writer(pg_url, tmp_path, 40, 5_000, "killed")
    assert writer.stdout is not None
    seen = []
    for line in writer.stdout:  # kill it in the middle of its batch, delivery under way
        seen.append(line)
        if sum(x.startswith("ACK") for x in seen) == 6:
            break
    os.kill(writer.pid, signal.SIGKILL)
    rest, _ = writer.communicate(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    batches, records = _acknowledged([*seen, *rest.splitlines()])
    assert len(batches) < 40  # it really died mid-way

    restarted = DecisionLog.open(pg_url, data_dir=tmp_path)  # the same outbox
    assert restarted.flush(timeout=60), restarted.health()
    restarted.close()
    _assert_delivered(pg_url, batches, records)
    # A chunk is one local transaction: whatever was not acknowledged is all there or absent.
    total = pg_count(pg_url, "SELECT count(*) FROM decisions")
    assert total - sum(batches.values()) - len(records) in (0, 1, 5_000, 5_001)


def test_several_writers_at_once(pg_url: str, tmp_path: Path) -> None:
    # Two processes of one user share an outbox, a third is another workstation.
    shared, other = tmp_path / "shared", tmp_path / "other"
    writers = [
        _start_writer(pg_url, shared, 4, 2_500, "w1", "--close"),
        _start_writer(pg_url, shared, 4, 2_500, "w2", "--close"),
        _start_writer(pg_url, other, 4, 2_500, "w3", "--close"),
    ]
    outputs = [w.communicate(timeout=90)[0] for w in writers]
    assert [w.returncode for w in writers] == [0, 0, 0]
    assert all(out.rstrip().endswith("CLOSED") for out in outputs)
    batches, records = _acknowledged("\n".join(outputs).splitlines())
    assert len(batches) == 12 and len(records) == 12
    _assert_delivered(pg_url, batches, records)
    assert pg_count(pg_url, "SELECT count(*) FROM decisions") == 12 * 2_500 + 12


def test_a_record_written_twice_is_stored_once(pg_url: str, tmp_path: Path) -> None:
    """The uuid is the idempotency key: redelivery after a crash is a no-op."""
    log = DecisionLog.open(pg_url, data_dir=tmp_path)
    rec, batch = make_record(), make_batch(2_000)
    log.record(rec)
    log.record_batch(batch)
    assert log.flush()
    log.record(rec)  # as if the outbox still held them after PostgreSQL committed
    log.record_batch(batch)
    log.record(make_record())
    assert log.flush()
    log.close()
    assert pg_count(pg_url, "SELECT count(*) FROM decisions") == 2_002


def test_a_refused_record_is_set_aside_without_blocking_others(pg_url: str, tmp_path: Path) -> None:
    log = DecisionLog.open(pg_url, data_dir=tmp_path)
    orphan = OverrideRecord(make_record().id, "bob", "ws-2", "review", None, "no such decision")
    log.record_override(orphan)
    log.record(make_record())
    assert log.flush()
    health = log.health()
    log.close()
    assert health.rejected == 1 and "refused" in (health.last_error or "")
    assert pg_count(pg_url, "SELECT count(*) FROM decisions") == 1


@pytest.mark.parametrize("workers", [1, 2])
def test_delivery_keeps_going_after_schema_check(pg_url: str, tmp_path: Path, workers: int) -> None:
    log = DecisionLog.open(pg_url, data_dir=tmp_path, workers=workers)
    for start in range(0, 30_000, 10_000):
        log.record_batch(make_batch(10_000, start=start))
    assert log.flush(timeout=30)
    assert log.health().connected
    log.close()
    assert pg_count(pg_url, "SELECT count(*) FROM decisions") == 30_000
    assert schema.status(schema.create_engine(pg_url)).up_to_date
