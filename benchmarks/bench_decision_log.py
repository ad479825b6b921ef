"""Decisions per second logged into PostgreSQL: the decision log against the naive way.

    uv run python benchmarks/bench_decision_log.py [--rows 100000] [--chunk 10000] [--single 5000]

One run, one fresh database on the machine's PostgreSQL (PAD_BENCH_PG_URL, default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres as admin), dropped at the end:
- naive: one SQLAlchemy ORM session and commit per record, each a background task (a
  single-worker executor, as a web handler's background tasks run);
- single: `DecisionLog.record` per decision, acknowledgement latency per call, then flush;
- batch: `DecisionLog.record_batch` per chunk of a 100k-row batch, timed until flushed
  (every row delivered into PostgreSQL and committed);
- baseline: a bare `COPY` of the same rows (their COPY text made beforehand) by one connection
  into a table of the same layout, and into that layout with text instead of JSONB.
Inputs are real German Credit applicants (resources/data), resampled.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from pad_desktop.decisions import DecisionBatch, DecisionLog, schema
from pad_desktop.decisions.canonical import GENESIS, chain
from pad_desktop.decisions.delivery import APPLICATION_NAME
from pad_desktop.decisions.encode import DECISION_COLUMNS, DecisionRows, rows_text
from pad_desktop.decisions.models import Decision
from pad_desktop.decisions.records import DecisionRecord, Outcome, Source

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get(
    "PAD_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
COMMON = {
    "officer": "bench",
    "workstation": "bench-ws",
    "model_id": "german-credit@1",
    "model_sha256": "0" * 64,
    "threshold": 0.5,
}
BENCH_STREAM = str(uuid.UUID(int=0))  # the noise floor encodes as if for a stream
REASONS = ["duration_in_month", "credit_amount", "status_of_existing_checking_account"]


def applicants(n: int) -> pd.DataFrame:
    data = pd.read_csv(ROOT / "resources" / "data" / "german_credit.csv")
    frame = data.drop(columns=["creditability"], errors="ignore")
    frame = frame.sample(n, replace=True, random_state=0).reset_index(drop=True)
    frame.insert(0, "id", [f"APP-{i:07d}" for i in range(n)])
    return frame


def record_of(inputs: dict, score: float) -> DecisionRecord:
    decision = Outcome.REFUSED if score >= 0.5 else Outcome.APPROVED
    return DecisionRecord(
        source=Source.FORM,
        inputs=inputs,
        score=score,
        decision=decision,
        reasons=REASONS,
        latency_ms=1.0,
        **COMMON,  # type: ignore[arg-type]
    )


def naive(url: str, rows: list[dict], scores: np.ndarray) -> float:
    """One ORM session and commit per record, queued as background tasks; records/s."""
    engine = schema.create_engine(url)
    stream, places = uuid.uuid4(), itertools.count(1)

    def save(rec: DecisionRecord) -> None:
        values = {f.name: getattr(rec, f.name) for f in fields(rec)}
        # The database refuses a record without a place in a chain (revision 0005): a stand-in
        # place and hash, the same cost as the real ones for the database.
        values.update(stream_id=stream, stream_seq=next(places), chain_hash="0" * 64)
        with Session(engine) as session:
            session.add(Decision(**values))
            session.commit()

    save(record_of(rows[0], 0.1))  # connect and warm up outside the clock
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=1) as tasks:
        for inputs, score in zip(rows, scores.tolist(), strict=True):
            tasks.submit(save, record_of(inputs, score))
    elapsed = time.perf_counter() - started
    engine.dispose()
    return len(rows) / elapsed


def percentiles(latencies: list[float]) -> tuple[float, float]:
    ordered = sorted(latencies)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


def single(log: DecisionLog, rows: list[dict], scores: np.ndarray) -> dict[str, float]:
    """`record()` latency; interleaved, the same record only encoded, never stored: what the
    machine's load alone does to a ~50 µs step (the floor under `record()`'s tail)."""
    latencies, floor = [], []
    started = time.perf_counter()
    for inputs, score in zip(rows, scores.tolist(), strict=True):
        rec = record_of(inputs, score)
        t = time.perf_counter()
        lines = DecisionRows.from_record(rec).canonical_lines(BENCH_STREAM, 1)
        rows_text(lines, chain(GENESIS, lines)[0])
        floor.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        log.record(rec)
        latencies.append((time.perf_counter() - t) * 1000)
    acknowledged = time.perf_counter() - started
    assert log.flush(timeout=120), log.health()
    delivered = time.perf_counter() - started
    p50, p99 = percentiles(latencies)
    return {
        "p50_ms": p50,
        "p99_ms": p99,
        "max_ms": max(latencies),
        "noise_p99_ms": percentiles(floor)[1],
        "acknowledged_per_s": len(rows) / acknowledged,
        "delivered_per_s": len(rows) / delivered,
    }


def server_cpu_seconds(url: str) -> float:
    """CPU time used so far by the delivery connections' server processes (same machine)."""
    with psycopg.connect(schema.libpq_url(url)) as conn:
        pids = [
            r[0]
            for r in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s", (APPLICATION_NAME,)
            )
        ]
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def batch(log: DecisionLog, url: str, frame: pd.DataFrame, chunk: int) -> dict[str, float]:
    scores = np.random.default_rng(1).random(len(frame))
    decisions = np.where(scores >= 0.5, "refused", "approved")
    batch_id = uuid.uuid4()
    server_before, client_before = server_cpu_seconds(url), time.process_time()
    started = time.perf_counter()
    for start in range(0, len(frame), chunk):
        stop = min(start + chunk, len(frame))
        log.record_batch(
            DecisionBatch(
                source=Source.BATCH,
                inputs=frame.iloc[start:stop],
                scores=scores[start:stop],
                decisions=decisions[start:stop],
                reasons=[REASONS] * (stop - start),
                latency_ms=0.02,
                row_numbers=np.arange(start, stop),
                batch_id=batch_id,
                **COMMON,  # type: ignore[arg-type]
            )
        )
    acknowledged = time.perf_counter() - started
    assert log.flush(timeout=300), log.health()
    delivered = time.perf_counter() - started
    return {
        "acknowledged_per_s": len(frame) / acknowledged,
        "delivered_per_s": len(frame) / delivered,
        "seconds": delivered,
        "client_cpu_s": time.process_time() - client_before,
        "server_cpu_s": server_cpu_seconds(url) - server_before,
    }


def bare_copy(url: str, frame: pd.DataFrame, chunk: int) -> dict[str, float]:
    """The baseline: the same rows' COPY text (encoded beforehand, untimed) COPYed by one
    connection in one transaction into a table of the same layout (`LIKE decisions INCLUDING
    ALL`: columns, keys, indexes); and into the same layout with `inputs` and `reasons` as text
    (and without the index on an input), which is what JSONB costs."""
    scores = np.random.default_rng(1).random(len(frame))
    decisions = np.where(scores >= 0.5, "refused", "approved")
    batch_id, texts, seq = uuid.uuid4(), [], 1
    for start in range(0, len(frame), chunk):
        stop = min(start + chunk, len(frame))
        rows = DecisionRows.from_batch(
            DecisionBatch(
                source=Source.BATCH, inputs=frame.iloc[start:stop], scores=scores[start:stop],
                decisions=decisions[start:stop], reasons=[REASONS] * (stop - start),
                latency_ms=0.02, row_numbers=np.arange(start, stop), batch_id=batch_id,
                **COMMON,  # type: ignore[arg-type]
            )
        )  # fmt: skip
        lines = rows.canonical_lines(BENCH_STREAM, seq)
        seq += len(lines)
        texts.append(rows_text(lines, chain(GENESIS, lines)[0]))
    columns = ", ".join(DECISION_COLUMNS)
    out: dict[str, float] = {}
    with psycopg.connect(schema.libpq_url(url), autocommit=True) as conn:
        conn.execute("CREATE TABLE bare_jsonb (LIKE decisions INCLUDING ALL)")
        conn.execute("CREATE TABLE bare_text (LIKE decisions INCLUDING ALL)")
        for (index,) in conn.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'bare_text' "
            "AND indexdef LIKE '%inputs%'"
        ).fetchall():
            conn.execute(f'DROP INDEX "{index}"')
        conn.execute("ALTER TABLE bare_text ALTER inputs TYPE text, ALTER reasons TYPE text")
        for table in ("bare_jsonb", "bare_text"):
            started = time.perf_counter()
            with (
                conn.transaction(),
                conn.cursor() as cur,
                cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for text in texts:
                    copy.write(text)
            out[table] = len(frame) / (time.perf_counter() - started)
            stored = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            assert stored == len(frame), stored
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the batch")
    parser.add_argument("--chunk", type=int, default=10_000, help="rows per record_batch call")
    parser.add_argument("--single", type=int, default=5_000, help="single records logged")
    parser.add_argument("--naive", type=int, default=2_000, help="records the naive way")
    parser.add_argument("--workers", type=int, default=2, help="delivery threads")
    args = parser.parse_args()

    name = f"pad_bench_{uuid.uuid4().hex[:10]}"
    admin = schema.libpq_url(ADMIN_URL)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        engine = schema.create_engine(url)
        schema.upgrade(engine)
        engine.dispose()
        frame = applicants(args.rows)
        rows = frame.head(max(args.single, args.naive)).to_dict("records")
        scores = np.random.default_rng(2).random(len(rows))
        naive_rate = naive(url, rows[: args.naive], scores[: args.naive])
        with tempfile.TemporaryDirectory() as data_dir:
            log = DecisionLog.open(url, data_dir=Path(data_dir), workers=args.workers)
            one = single(log, rows[: args.single], scores[: args.single])
            bulk = batch(log, url, frame, args.chunk)
            log.close()
        bare = bare_copy(url, frame, args.chunk)
        with psycopg.connect(schema.libpq_url(url)) as conn:
            stored = conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
        assert stored == args.naive + 1 + args.single + args.rows, stored
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    print(
        f"decision log benchmark: {os.cpu_count()} CPUs, PostgreSQL at {schema.redacted(ADMIN_URL)}"
    )
    print(f"inputs: German Credit applicants, {frame.shape[1]} keys per decision")
    print(f"{'way':<44}{'records/s':>12}")
    print(f"{'naive: ORM session + commit per record':<44}{naive_rate:>12,.0f}")
    print(f"{'single record(): acknowledged':<44}{one['acknowledged_per_s']:>12,.0f}")
    print(f"{'single record(): delivered (until flushed)':<44}{one['delivered_per_s']:>12,.0f}")
    print(f"{'batch record_batch(): acknowledged':<44}{bulk['acknowledged_per_s']:>12,.0f}")
    print(
        f"{'batch record_batch(): delivered (until flushed)':<44}{bulk['delivered_per_s']:>12,.0f}"
    )
    print(
        f"single-record acknowledgement latency: p50 {one['p50_ms']:.3f} ms, "
        f"p99 {one['p99_ms']:.3f} ms, max {one['max_ms']:.3f} ms "
        f"(noise floor: p99 {one['noise_p99_ms']:.3f} ms encoding alone)"
    )
    print(
        f"batch of {args.rows:,} rows in chunks of {args.chunk:,}: {bulk['seconds']:.2f} s "
        f"until flushed, {bulk['delivered_per_s'] / naive_rate:.0f}x the naive way"
    )
    cpu = bulk["client_cpu_s"] + bulk["server_cpu_s"]
    print(
        f"batch CPU: this process {bulk['client_cpu_s']:.2f} s, PostgreSQL backends "
        f"{bulk['server_cpu_s']:.2f} s; on {os.cpu_count()} idle cores at best "
        f"{args.rows / cpu * (os.cpu_count() or 1):,.0f} records/s"
    )
    print(f"{'baseline: bare COPY, same rows, same layout':<44}{bare['bare_jsonb']:>12,.0f}")
    print(f"{'... inputs and reasons as text, not JSONB':<44}{bare['bare_text']:>12,.0f}")
    print(
        f"batch delivered / bare COPY: {bulk['delivered_per_s'] / bare['bare_jsonb']:.0%} "
        f"(target >= 50 %); JSONB's share of the bare COPY: "
        f"{1 - bare['bare_jsonb'] / bare['bare_text']:.0%}"
    )
    print(f"load average during the run: {os.getloadavg()}")


if __name__ == "__main__":
    main()
