"""A recorded batch into PostgreSQL (issue 32): `pad-desktop score` beside bare COPYs.

In one run, on the 1M-row French Excel CSV of `french_csv.py` (`--rows` to go smaller):
- *recorded*: `pad-desktop score IN -o OUT.csv` with `DATABASE_URL` set to a fresh, migrated
  PostgreSQL database, timed until every decision is in PostgreSQL (what the CLI leaves in its
  outbox at exit is delivered by `db redeliver`, and its time counted); then `db verify`
  (untimed). With `--compare DIR` (a `git archive` of another commit), the same command with
  that code first on PYTHONPATH, interleaved: the baseline in the same run.
- *bare COPY, today's rows*: the rows the recorded run left in PostgreSQL, exactly the layout
  `encode.py` writes (COPY text of every stored column, JSONB inputs and all), COPYed by one
  connection in one transaction into a fresh database of the same schema (keys, indexes,
  triggers). The payload is made beforehand, untimed.
- *bare COPY, narrow typed rows*: the same decisions as binary COPY of a narrow typed table
  (uuid key, timestamp, batch uuid, row number, model code, score, threshold, decision code,
  the model's 20 inputs as float4/smallint codes; no JSON, no other index).
Peak memory is VmHWM of the `score` process (one process: its threads do the delivery), read
from /proc while it runs. PostgreSQL's CPU seconds are those of the run's database's backends
(`BackendCpu`).

    uv run python benchmarks/bench_recorded.py [--rows 1000000] [--repeats 1] [--compare DIR]
        [--skip-copy] [--variants 200000]

Run `python -m compileall -q .venv/lib/python3.11/site-packages` once first where
PYTHONDONTWRITEBYTECODE is set: the script compiles the application's own code itself.
"""

from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from french_csv import make_french_csv  # noqa: E402

ADMIN = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
TICK = os.sysconf("SC_CLK_TCK")


def _database() -> str:
    import psycopg

    name = f"pad_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return ADMIN.rsplit("/", 1)[0] + "/" + name


def _drop(url: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def _count(url: str, table: str = "decisions") -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


class BackendCpu:
    """CPU seconds of the PostgreSQL backends connected to one database (the server is shared
    with other jobs: only this database's backends count; the WAL writer and checkpointer,
    shared, are left out). Sampled every 0.1 s, so that backends that exit are counted up to
    their last sample."""

    def __init__(self, url: str) -> None:
        import threading

        self._needle = f" {url.rsplit('/', 1)[1]} ".encode()
        self._seen: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                if self._needle not in (proc / "cmdline").read_bytes().replace(b"\0", b" "):
                    continue
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            self._seen[int(proc.name)] = int(fields[11]) + int(fields[12])

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self._sample()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        self._sample()
        return sum(self._seen.values()) / TICK


def _run(args: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """(seconds, peak KiB of the process, its CPU seconds) of `python -m pad_desktop ARGS`."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pad_desktop", *args], env=env, stdout=subprocess.DEVNULL,
            stderr=err,
        )  # fmt: skip
        # VmHWM read from /proc while it runs: `wait4`'s ru_maxrss also counts the parent's
        # memory (the child is spawned by vfork, whose memory map exec records as its own).
        peak_kib = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            try:
                for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak_kib = max(peak_kib, int(line.split()[1]))
            except OSError:
                pass
            time.sleep(0.1)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            err.seek(0)
            print(err.read().decode(errors="replace")[-3000:], file=sys.stderr)
            raise SystemExit(f"{args} exited {proc.returncode}")
    return seconds, peak_kib, usage.ru_utime + usage.ru_stime


def _env(code: Path | None, data: Path, url: str | None) -> dict[str, str]:
    env = dict(os.environ, PAD_DATA_DIR=str(data), LANG="C.UTF-8")
    env.pop("DATABASE_URL", None)
    if url is not None:
        env["DATABASE_URL"] = url.replace("postgresql://", "postgresql+psycopg://", 1)
    if code is not None:
        env["PYTHONPATH"] = str(code) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def recorded(source: Path, work: Path, code: Path | None) -> dict:
    """One recorded run into a fresh database: seconds until every decision is delivered."""
    url = _database()
    data = work / f"data-{uuid.uuid4().hex[:6]}"
    env = _env(code, data, url)
    _run(["db", "upgrade", "--url", env["DATABASE_URL"]], env)
    server = BackendCpu(url)
    seconds, peak_kib, client_cpu = _run(["score", str(source), "-o", str(data) + ".csv"], env)
    start, before = time.perf_counter(), -1
    while (now := _count(url)) != before:  # what the CLI left in its outbox at exit
        before = now
        _run(["db", "redeliver"], env)
    seconds += time.perf_counter() - start
    server_cpu = server.stop()
    verify = subprocess.run(
        [sys.executable, "-m", "pad_desktop", "db", "verify"], env=env, capture_output=True,
        text=True,
    )  # fmt: skip
    return {
        "url": url, "seconds": seconds, "rows": _count(url), "peak_mb": peak_kib / 1024,
        "client_cpu": client_cpu, "server_cpu": server_cpu, "verify": verify.returncode,
        "verify_text": (verify.stdout + verify.stderr).strip().splitlines()[-1:],
    }  # fmt: skip


def _copy(
    url: str, statement: str, payload: bytes, setup: str | None = None
) -> tuple[float, float]:
    """(seconds, PostgreSQL CPU seconds) of one COPY of `payload` in one transaction."""
    import psycopg

    with psycopg.connect(url) as conn:
        if setup:
            conn.execute(setup)
            conn.commit()
        server = BackendCpu(url)
        start = time.perf_counter()
        with conn.cursor() as cur, cur.copy(statement) as copy:
            for at in range(0, len(payload), 1 << 20):
                copy.write(payload[at : at + (1 << 20)])
        conn.commit()
        seconds = time.perf_counter() - start
    return seconds, server.stop()


def todays_rows(url: str) -> tuple[str, bytes]:
    """(columns, COPY text) of every decision stored, exactly as delivery wrote it."""
    import psycopg

    from pad_desktop.decisions.encode import COLUMNS

    columns = ", ".join([*COLUMNS["decisions"], "chain_hash"])
    buffer = bytearray()
    query = f"COPY (SELECT {columns} FROM decisions ORDER BY stream_id, stream_seq) TO STDOUT"
    with psycopg.connect(url) as conn, conn.cursor() as cur, cur.copy(query) as c:
        for block in c:
            buffer += block
    return columns, bytes(buffer)


NARROW_INPUTS = 20


def narrow_rows(url: str) -> tuple[str, bytes]:
    """(CREATE TABLE, binary COPY payload) of the stored decisions as narrow typed rows."""
    import psycopg

    with psycopg.connect(url) as conn:
        got = conn.execute(
            "SELECT id, created_at, batch_id, row_number, score, threshold, decision, inputs "
            "FROM decisions WHERE batch_id IS NOT NULL ORDER BY stream_id, stream_seq"
        ).fetchall()
    n = len(got)
    names = sorted(got[0][7])[:NARROW_INPUTS] if n else []
    dtype = [("nf", ">i2")]
    fields = [("id", "S16"), ("at", ">i8"), ("batch", "S16"), ("row", ">i8"), ("model", ">i2"),
              ("score", ">f8"), ("threshold", ">f8"), ("decision", ">i2")]  # fmt: skip
    fields += [(f"x{i}", ">f4") for i in range(len(names))]
    for name, kind in fields:
        dtype += [(f"len_{name}", ">i4"), (name, kind)]
    arr = np.zeros(n, dtype=dtype)
    arr["nf"] = len(fields)
    for name, kind in fields:
        arr[f"len_{name}"] = np.dtype(kind).itemsize
    epoch = 946684800_000000  # 2000-01-01 in Unix microseconds
    arr["id"] = [r[0].bytes for r in got]
    arr["at"] = [int(r[1].timestamp() * 1e6) - epoch for r in got]
    arr["batch"] = [r[2].bytes for r in got]
    arr["row"] = [r[3] for r in got]
    arr["model"] = 1
    arr["score"] = [r[4] for r in got]
    arr["threshold"] = [r[5] for r in got]
    codes = {"approve": 0, "refer": 1, "decline": 2}
    arr["decision"] = [codes.get(r[6], 3) for r in got]
    vocab: dict[str, int] = {}
    for i, name in enumerate(names):
        column = []
        for r in got:
            v = r[7].get(name)
            if isinstance(v, (int, float)):
                column.append(float(v))
            else:
                column.append(float(vocab.setdefault(str(v), len(vocab))))
        arr[f"x{i}"] = column
    payload = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0) + arr.tobytes() + b"\xff\xff"
    create = (
        "CREATE TABLE narrow (id uuid PRIMARY KEY, created_at timestamptz NOT NULL, "
        "batch_id uuid, row_number bigint, model smallint, score float8, threshold float8, "
        "decision smallint" + "".join(f", x{i} float4" for i in range(len(names))) + ")"
    )
    return create, payload


SECONDARY = ("ix_decisions_created_at", "ix_decisions_officer_created_at",
             "ix_decisions_model_created_at", "ix_decisions_case_ref_created_at",
             "ix_decisions_stream")  # fmt: skip
VARIANTS: dict[str, list[str]] = {
    "today's schema and rows": [],
    "the received_at row trigger disabled": [
        "ALTER TABLE decisions DISABLE TRIGGER decisions_server_time"
    ],
    "no secondary index": [f"DROP INDEX {name}" for name in SECONDARY],
    "JSON columns as text, not JSONB": [
        f"ALTER TABLE decisions ALTER COLUMN {c} TYPE text"
        for c in ("inputs", "reasons", "typed_inputs", "policy")
    ],
    "the policy verdict left out (NULL)": [],
}


def copy_variants(columns: str, text: bytes, code: Path | None, work: Path, rows: int) -> None:
    """Where PostgreSQL spends: the first `rows` of today's rows COPYed into today's schema
    altered one way at a time (`--variants`), the backends' CPU per row."""
    lines = text.split(b"\n")[:-1][:rows]
    payload = b"\n".join(lines) + b"\n"
    # the policy column is the one before the chain hash, the last
    no_policy = (
        b"\n".join(
            b"\t".join([*f[:-2], b"\\N", f[-1]]) for f in (line.split(b"\t") for line in lines)
        )
        + b"\n"
    )
    for name, statements in VARIANTS.items():
        target = _database()
        try:
            env = _env(code, work / "copy-data", target)
            _run(["db", "upgrade", "--url", env["DATABASE_URL"]], env)
            setup = "; ".join(statements) or None
            data = no_policy if "policy" in name else payload
            s, cpu = _copy(target, f"COPY decisions ({columns}) FROM STDIN", data, setup)
            print(f"COPY of {len(lines):,} of today's rows, {name:38}: {s:5.1f} s, PostgreSQL "
                  f"CPU {cpu:.2f} s = {cpu / len(lines) * 1e6:.1f} µs/row", flush=True)  # fmt: skip
        finally:
            _drop(target)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--compare", type=Path, help="a `git archive` of the baseline commit")
    parser.add_argument("--skip-copy", action="store_true")
    parser.add_argument(
        "--variants", type=int, default=0, metavar="ROWS",
        help="also COPY that many of today's rows into altered schemas",
    )  # fmt: skip
    args = parser.parse_args()
    # The processes read compiled bytecode, as an installed application does (this machine
    # sets PYTHONDONTWRITEBYTECODE: without this, each process compiles pandas & co, ~6 s).
    code_dirs = [str(ROOT / "pad_desktop")] + ([str(args.compare)] if args.compare else [])
    subprocess.run([sys.executable, "-m", "compileall", "-q", *code_dirs], check=False)
    work = Path(tempfile.mkdtemp(prefix="pad-bench-recorded-"))
    source = work / "applicants.csv"
    make_french_csv(source, args.rows)
    print(f"{args.rows:,} rows, {source.stat().st_size / 1e6:.0f} MB, cpus {os.cpu_count()}, "
          f"load {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    variants: list[tuple[str, Path | None]] = [("this code", None)]
    if args.compare is not None:
        variants.insert(0, (f"baseline {args.compare.name}", args.compare))
    keep = None
    try:
        for repeat in range(args.repeats):
            for label, code in variants:
                got = recorded(source, work, code)
                print(
                    f"recorded, {label:24} run {repeat + 1}: {got['seconds']:6.1f} s = "
                    f"{got['rows'] / got['seconds'] / 1000:6.1f}k rows/s delivered, "
                    f"{got['rows']:,} in PostgreSQL, peak {got['peak_mb']:.0f} MB, "
                    f"CPU client {got['client_cpu']:.1f} s / PostgreSQL {got['server_cpu']:.1f} s, "
                    f"verify exit {got['verify']} {got['verify_text']}, "
                    f"load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )  # fmt: skip
                if keep is None and code is None:
                    keep = got["url"]
                else:
                    _drop(got["url"])
        if args.skip_copy or keep is None:
            return
        columns, text = todays_rows(keep)
        for _ in range(args.repeats if args.variants else 0):
            copy_variants(columns, text, args.compare, work, args.variants)
        create, binary = narrow_rows(keep)
        n = text.count(b"\n")
        schemas = [("this code's schema", None)]
        if args.compare is not None:
            schemas.insert(0, (f"{args.compare.name}'s schema", args.compare))
        for repeat in range(args.repeats):
            for label, code in schemas:
                target = _database()
                try:
                    env = _env(code, work / "copy-data", target)
                    _run(["db", "upgrade", "--url", env["DATABASE_URL"]], env)
                    s, cpu = _copy(target, f"COPY decisions ({columns}) FROM STDIN", text)
                    print(f"bare COPY text, today's rows ({len(text) / n:.0f} B/row), {label}, "
                          f"run {repeat + 1}: {s:6.1f} s = {n / s / 1000:6.1f}k rows/s, "
                          f"PostgreSQL CPU {cpu:.1f} s, load {os.getloadavg()[0]:.1f}",
                          flush=True)  # fmt: skip
                finally:
                    _drop(target)
            target = _database()
            try:
                s, cpu = _copy(target, "COPY narrow FROM STDIN (FORMAT binary)", binary, create)
                print(f"bare COPY binary, narrow typed rows ({len(binary) / n:.0f} B/row), run "
                      f"{repeat + 1}: {s:6.1f} s = {n / s / 1000:6.1f}k rows/s, "
                      f"PostgreSQL CPU {cpu:.1f} s, load {os.getloadavg()[0]:.1f}",
                      flush=True)  # fmt: skip
            finally:
                _drop(target)
    finally:
        if keep is not None:
            _drop(keep)


if __name__ == "__main__":
    main()
