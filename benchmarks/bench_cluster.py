"""Cluster batch benchmark (issue 31): 1M rows on a Dask LocalCluster beside the one-machine CLI.

Whole processes, interleaved in the same run (the machine is shared and noisy), on the French
Excel CSV of `french_csv.py`:
- *single*: `pad-desktop score IN -o OUT.csv` (the baseline);
- *local:1*, *local:2*: `pad-desktop score IN -o DIR --cluster local:N --part-mb P`, the
  cluster's start included;
each without recording (`--no-log`) and recorded into a fresh PostgreSQL database, timed until
every decision is in PostgreSQL (the one-machine CLI leaves what it has not delivered after 10 s
in its outbox: `db redeliver` delivers it, and its time is counted).

Then PostgreSQL's ingest of the decision log's own rows (COPY text of the recorded run, the
exact layout `encode.py` writes): one stream beside N parallel streams (N processes, one
connection and one COPY each, each its own part of the rows), into a fresh database.

    uv run python benchmarks/bench_cluster.py [--rows 1000000] [--repeats 1] [--streams 2,4]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from french_csv import make_french_csv  # noqa: E402

ADMIN = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _database(template: str | None = None) -> str:
    import psycopg

    name = f"pad_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return ADMIN.rsplit("/", 1)[0] + "/" + name


def _drop(url: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def _count(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return int(conn.execute("SELECT count(*) FROM decisions").fetchone()[0])


def _run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pad_desktop", *args], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0,):
        print(done.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"{args} exited {done.returncode}")
    return seconds


def measure(kind: str, source: Path, work: Path, rows: int, part_mb: float,
            url: str | None) -> tuple[float, int]:  # fmt: skip
    """(seconds until done, decisions in PostgreSQL) of one whole run."""
    env = dict(os.environ, PAD_DATA_DIR=str(work / f"data-{uuid.uuid4().hex[:6]}"), LANG="C.UTF-8")
    env.pop("DATABASE_URL", None)
    args = ["score", str(source)]
    out = work / f"out-{uuid.uuid4().hex[:6]}"
    if kind == "single":
        args += ["-o", str(out) + ".csv"]
    else:
        args += ["-o", str(out), "--cluster", kind, "--part-mb", str(part_mb)]
    if url is None:
        args.append("--no-log")
    else:
        env["DATABASE_URL"] = url
    seconds = _run(args, env)
    if url is None:
        return seconds, 0
    start, before = time.perf_counter(), -1
    while (now := _count(url)) != before:  # what the CLI left in its outbox at exit
        before = now
        _run(["db", "redeliver"], env)
    return seconds + time.perf_counter() - start, _count(url)


def _copy_part(url: str, data: bytes, columns: str) -> float:
    import psycopg

    with psycopg.connect(url) as conn:
        start = time.perf_counter()
        with conn.cursor() as cur, cur.copy(f"COPY decisions ({columns}) FROM STDIN") as copy:
            for at in range(0, len(data), 1 << 20):
                copy.write(data[at : at + (1 << 20)])
        conn.commit()
        return time.perf_counter() - start


def ingest(url_with_rows: str, streams: list[int]) -> list[tuple[int, int, float]]:
    """(streams, rows, seconds) of COPYing the recorded rows into a fresh database."""
    import psycopg

    from pad_desktop.decisions.encode import COLUMNS

    columns = ", ".join([*COLUMNS["decisions"], "chain_hash"])
    with psycopg.connect(url_with_rows) as conn, conn.cursor() as cur:
        buffer = bytearray()
        with cur.copy(f"COPY decisions ({columns}) TO STDOUT") as copy:
            for block in copy:
                buffer += block
    lines = bytes(buffer).split(b"\n")[:-1]
    results = []
    for n in streams:
        target = _database(url_with_rows.rsplit("/", 1)[1] + "_empty")
        try:
            size = -(-len(lines) // n)
            parts = [b"\n".join(lines[i : i + size]) + b"\n" for i in range(0, len(lines), size)]
            start = time.perf_counter()
            with ProcessPoolExecutor(n) as pool:
                list(pool.map(_copy_part, [target] * len(parts), parts, [columns] * len(parts)))
            results.append((n, len(lines), time.perf_counter() - start))
        finally:
            _drop(target)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--part-mb", type=float, default=16.0)
    parser.add_argument("--streams", default="2,4")
    parser.add_argument("--skip-recorded", action="store_true")
    parser.add_argument("--skip-nolog", action="store_true")
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pad-bench-cluster-"))
    source = work / "applicants.csv"
    make_french_csv(source, args.rows)
    print(f"{args.rows:,} rows, {source.stat().st_size / 1e6:.0f} MB, cpus {os.cpu_count()}")
    kinds = ["single", "local:1", "local:2"]
    for recorded in (False, True):
        if (recorded and args.skip_recorded) or (not recorded and args.skip_nolog):
            continue
        for repeat in range(args.repeats):
            for kind in kinds:
                url = None
                if recorded:
                    url = _database()
                    _run(["db", "upgrade", "--url", url], dict(os.environ))
                seconds, in_pg = measure(kind, source, work, args.rows, args.part_mb, url)
                what = "recorded into PostgreSQL" if recorded else "no log"
                line = f"{what:25} {kind:8} run {repeat + 1}: {seconds:7.1f} s "
                line += f"{args.rows / seconds / 1000:6.1f}k rows/s"
                print(line + (f", {in_pg:,} in PostgreSQL" if recorded else ""), flush=True)
                if url is not None and not (kind == "single" and repeat == 0):
                    _drop(url)
                elif url is not None:
                    keep = url
    if args.skip_ingest and not args.skip_recorded:
        _drop(keep)
    if not args.skip_recorded and not args.skip_ingest:
        empty = _database()
        _run(["db", "upgrade", "--url", empty], dict(os.environ))
        os.environ["PAD_BENCH_EMPTY"] = empty
        try:
            streams = [1, *[int(s) for s in args.streams.split(",")]]
            # The fresh databases are copies of an empty migrated one (`_empty` template).
            import psycopg

            with psycopg.connect(ADMIN, autocommit=True) as conn:
                name = keep.rsplit("/", 1)[1] + "_empty"
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{empty.rsplit("/", 1)[1]}"')
            try:
                for n, rows, seconds in ingest(keep, streams):
                    print(f"COPY ingest, {n} stream(s): {rows:,} rows in {seconds:.1f} s = "
                          f"{rows / seconds / 1000:.1f}k rows/s", flush=True)  # fmt: skip
            finally:
                _drop(ADMIN.rsplit("/", 1)[0] + "/" + name)
        finally:
            _drop(empty)
            _drop(keep)


if __name__ == "__main__":
    main()
