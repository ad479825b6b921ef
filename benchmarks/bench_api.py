"""The headless API under load from another process, beside the in-process scoring cost.

    uv run python benchmarks/bench_api.py [--seconds 4] [--batch-calls 10] [--rounds 2]
        [--original /tmp/original [--original-python /tmp/original/.venv/bin/python]]
        [--load-only] [--before /work/main]

Needs `wrk` (Debian: `apt-get install -y wrk`) and the machine's PostgreSQL (PAD_BENCH_PG_URL,
default postgresql+psycopg://postgres@127.0.0.1:5432/postgres as admin): one fresh database,
dropped at the end. Servers are real `pad-desktop serve` processes on loopback, logging every
decision into that database. In one run:
- baseline (in this process): `Scorer.score` of one applicant, `Scorer.score_frame` of 1000, and
  one local commit of the decision log (`DecisionLog.record`, what a durable answer waits for);
- sequential /individual_score, one connection (wrk -c1): p50/p99, durable acks with
  PostgreSQL and with the embedded log;
- 16 connections, 1 worker (wrk -t2 -c16), `--rounds` rounds interleaving the servers, all
  started first: this API (requests/s, then the time until every decision answered is in
  PostgreSQL, counted there); the original service's own code when `--original` names the
  folder it was built in (see benchmarks/README.md, "Issue 32, the API against the original
  service": started as its README says, `python -m uvicorn src.api.main:app`, with its
  `DATABASE_URL` on the same PostgreSQL server, sent the example of its own OpenAPI schema);
  `original_service.py`, our re-creation of its design, with one PostgreSQL commit per request
  before the answer; and the ceiling, a bare ASGI app (`bare_asgi.py`) answering a fixed JSON
  under this API's uvicorn settings;
- /multiple_score with 1000 applicants, sequential: time to the answer (rows committed in the
  outbox) and to the rows committed in PostgreSQL.
`--load-only` runs the 16-connection part alone; `--before` also loads `pad-desktop serve` from
another checkout of this repository (with its own .venv, e.g. a worktree of `main`) in the same
rounds: this API before a change, beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import psycopg
from sqlalchemy.engine import make_url

from pad_desktop.decisions import DecisionLog, schema
from pad_desktop.model.scoring import Scorer

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get(
    "PAD_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
MODEL = ROOT / "resources" / "model"
# (ack mode, decision log) of the sequential runs: the embedded log has no delivery threads,
# so it shows the API's own cost; PostgreSQL is the production set-up.
SEQUENTIAL = (("durable", "postgresql"), ("durable", "embedded"))  # every answer durable


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def fresh_database() -> str:
    name = f"pad_bench_api_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(schema.libpq_url(ADMIN_URL), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = schema.create_engine(url)
    schema.upgrade(engine)
    engine.dispose()
    return url


def drop_database(url: str) -> None:
    with psycopg.connect(schema.libpq_url(ADMIN_URL), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def pg_decisions(url: str) -> int:
    with psycopg.connect(schema.libpq_url(url)) as conn:
        return int(conn.execute("SELECT count(*) FROM decisions").fetchone()[0])


def wait_for_count(url: str, expected: int, timeout: float = 60.0) -> float:
    """Seconds until PostgreSQL holds `expected` decisions (polled every 5 ms)."""
    start = time.perf_counter()
    while pg_decisions(url) < expected:
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"only {pg_decisions(url)} of {expected} decisions delivered")
        time.sleep(0.005)
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(
        self, data_dir: Path, database_url: str | None, workers: int, ack: str,
        asgi: str | None = None, checkout: Path | None = None,
    ) -> None:  # fmt: skip
        """`database_url` None: the embedded SQLite log (no delivery threads); `asgi`: another
        app of benchmarks/ under serve's uvicorn settings instead (`bare_asgi:app`, the fixed
        JSON; `original_service:app`, logging into `database_url` when given); `checkout`:
        `pad-desktop serve` of another checkout of this repository, with its own .venv."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PAD_DATA_DIR": str(data_dir), "DATABASE_URL": database_url or "",
               "PAD_API_ACK": ack, "PAD_MODEL": str(MODEL),
               "PAD_ORIGINAL_DATABASE_URL": schema.libpq_url(database_url) if database_url
               else ""}  # fmt: skip
        python = str(checkout / ".venv" / "bin" / "python") if checkout else sys.executable
        serve = [python, "-m", "pad_desktop", "serve", "--port", str(self.port),
                 "--workers", str(workers), "--log-level", "warning"]  # fmt: skip
        if asgi:
            serve = [sys.executable, "-m", "uvicorn", asgi, "--app-dir",
                     str(ROOT / "benchmarks"), "--port", str(self.port), "--workers",
                     str(workers), "--log-level", "warning", "--no-server-header",
                     "--no-access-log", "--http",
                     "pad_desktop.api.slow_clients:GuardedHttpProtocol"]  # fmt: skip
        self.process = subprocess.Popen(serve, cwd=checkout or ROOT, env=env)
        self._wait_started()

    @classmethod
    def original(cls, folder: Path, python: str, database_url: str) -> Server:
        """The original service's own code, built by hand in `folder` (never in this
        repository), started as its README says, logging into `database_url`'s database."""
        self = cls.__new__(cls)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        url = make_url(database_url).set(drivername="postgresql")  # its driver: psycopg2
        env = {**os.environ, "DATABASE_URL": url.render_as_string(hide_password=False)}
        command = [python, "-m", "uvicorn", "src.api.main:app", "--host", "127.0.0.1",
                   "--port", str(self.port)]  # fmt: skip
        # its own logs (one INFO line per prediction, uvicorn's access log) are written as
        # it writes them, to nowhere
        quiet = subprocess.DEVNULL
        self.process = subprocess.Popen(command, cwd=folder, env=env, stdout=quiet, stderr=quiet)
        self._wait_started()
        return self

    def _wait_started(self) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api_health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def wrk(url: str, body_file: Path, connections: int, seconds: float) -> dict[str, float]:
    script = body_file.with_suffix(".lua")
    script.write_text(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f'local f = io.open("{body_file}", "r"); wrk.body = f:read("*a"); f:close()\n',
        encoding="utf-8",
    )
    threads, duration = min(connections, 2), max(1, round(seconds))
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "-s",
         str(script), f"{url}/individual_score"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    if "Non-2xx" in out:
        raise RuntimeError(f"errors under load:\n{out}")

    def latency(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]

    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return {"requests": requests, "rate": rate, "p50": latency("50%"), "p99": latency("99%")}


def original_body(server: Server) -> dict:
    """The applicant the original service documents: the example of its /individual_score
    body in its own OpenAPI schema (the one its README tells a user to send)."""
    doc = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
    body = doc["paths"]["/individual_score"]["post"]["requestBody"]["content"]
    ref = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    return doc["components"]["schemas"][ref]["example"]


def original_logged(url: str) -> int:
    """Rows the original service wrote in its own table (`prediction_logs`)."""
    with psycopg.connect(schema.libpq_url(url)) as conn:
        return int(conn.execute("SELECT count(*) FROM prediction_logs").fetchone()[0])


def wait_for(count, expected: int, timeout: float = 60.0) -> float:
    start = time.perf_counter()
    while count() < expected:
        if time.perf_counter() - start > timeout:
            return float("nan")
        time.sleep(0.005)
    return time.perf_counter() - start


def baseline(example: dict, frame, data_dir: Path) -> dict[str, float]:
    scorer = Scorer.from_path(str(MODEL), threads=1)
    for _ in range(200):
        scorer.score(example)
    single = []
    for _ in range(2000):
        t = time.perf_counter()
        scorer.score(example)
        single.append((time.perf_counter() - t) * 1e3)
    frames = []
    for _ in range(10):
        t = time.perf_counter()
        scorer.score_frame(frame)
        frames.append((time.perf_counter() - t) * 1e3)
    # one local commit of the decision log (SQLite WAL, synchronous=FULL): the durability floor
    log = DecisionLog.open(data_dir=data_dir / "baseline")
    result = scorer.score(example)
    from pad_desktop.decisions.records import DecisionRecord, Source

    commits = []
    for _ in range(200):
        record = DecisionRecord("bench", "bench", Source.API, scorer.bundle.id,
                                scorer.bundle.sha256, result.inputs, result.probability,
                                result.threshold, result.decision, result.reasons, 0.1)  # fmt: skip
        t = time.perf_counter()
        log.record(record)
        commits.append((time.perf_counter() - t) * 1e3)
    log.close()
    s50, s99 = percentiles(single)
    c50, c99 = percentiles(commits)
    return {"score_p50": s50, "score_p99": s99, "frame_1000": statistics.median(frames),
            "commit_p50": c50, "commit_p99": c99}  # fmt: skip


def multiple(server: Server, database_url: str, body: bytes, calls: int) -> dict[str, float]:
    answered, delivered = [], []
    with httpx.Client(base_url=server.url, timeout=60,
                      headers={"content-type": "application/json"}) as http:  # fmt: skip
        http.post("/multiple_score", content=body)  # warm-up
        for _ in range(calls):
            before = pg_decisions(database_url)
            t = time.perf_counter()
            r = http.post("/multiple_score", content=body)
            answered.append((time.perf_counter() - t) * 1e3)
            assert r.status_code == 200 and len(r.json()) == 1000, r.text[:200]
            delivered.append(answered[-1] + wait_for_count(database_url, before + 1000) * 1e3)
    return {"answered": statistics.median(answered), "delivered": statistics.median(delivered)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="each sequential wrk run")
    parser.add_argument("--batch-calls", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved 16-connection rounds")
    parser.add_argument("--original", type=Path, help="folder the original service was built in")
    parser.add_argument("--original-python", help="its interpreter (default: its .venv's)")
    parser.add_argument("--load-only", action="store_true", help="the 16-connection part alone")
    parser.add_argument(
        "--before", type=Path, help="another checkout (with its .venv) loaded beside this one"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    scorer = Scorer.from_path(str(MODEL))
    example = dict(scorer.signature.example)
    reference = scorer.bundle.reference()[scorer.signature.names]
    frame = reference.sample(1000, replace=True, random_state=0).reset_index(drop=True)
    rows = json.loads(frame.to_json(orient="records"))
    work = Path(tempfile.mkdtemp(prefix="pad-bench-api-"))
    body_file = work / "applicant.json"
    body_file.write_text(json.dumps(example), encoding="utf-8")
    batch_body = json.dumps(rows).encode()
    database_url = fresh_database()
    results: dict[str, object] = {"load_average": os.getloadavg()}
    try:
        if not args.load_only:
            results["baseline"] = baseline(example, frame, work)
            for ack, target in SEQUENTIAL:
                log_url = database_url if target == "postgresql" else None
                server = Server(work / f"seq-{ack}-{target}", log_url, workers=1, ack=ack)
                try:
                    wrk(server.url, body_file, 1, 1.0)  # warm-up
                    results[f"sequential_{ack}_{target}"] = wrk(
                        server.url, body_file, 1, args.seconds
                    )
                finally:
                    server.stop()
        results.update(load16(args, work, body_file, database_url))
        if not args.load_only:
            server = Server(work / "multiple", database_url, workers=1, ack="durable")
            try:
                results["multiple_1000"] = multiple(
                    server, database_url, batch_body, args.batch_calls
                )
            finally:
                server.stop()
    finally:
        drop_database(database_url)
        shutil.rmtree(work, ignore_errors=True)
    results["load_average_after"] = os.getloadavg()
    report(results)


def load16(args: argparse.Namespace, work: Path, body_file: Path, database_url: str) -> dict:
    """16 connections, 1 worker: every server started, then `args.rounds` rounds of one wrk
    run each, interleaved (the machine's other load moves between runs, not within a round)."""
    servers: dict[str, Server] = {}
    bodies = {}
    try:
        servers["ours"] = Server(work / "load-durable", database_url, workers=1, ack="durable")
        bodies["ours"] = body_file
        if args.before:
            servers["before"] = Server(work / "before", database_url, workers=1, ack="durable",
                                       checkout=args.before)  # fmt: skip
            bodies["before"] = body_file
        if args.original:
            python = args.original_python or str(args.original / ".venv" / "bin" / "python")
            servers["original"] = Server.original(args.original, python, database_url)
            bodies["original"] = work / "original_applicant.json"
            bodies["original"].write_text(json.dumps(original_body(servers["original"])))
        servers["recreation"] = Server(work / "recreation", database_url, workers=1,
                                       ack="durable", asgi="original_service:app")  # fmt: skip
        bodies["recreation"] = body_file
        servers["bare"] = Server(
            work / "bare", None, workers=1, ack="durable", asgi="bare_asgi:app"
        )
        bodies["bare"] = body_file
        for name, server in servers.items():  # warm-up
            wrk(server.url, bodies[name], 16, 1.0)
        wait_for(lambda: pg_decisions(database_url), 1)
        runs: dict[str, list[dict]] = {name: [] for name in servers}
        for _ in range(args.rounds):
            for name, server in servers.items():
                if name in ("ours", "before"):
                    before = pg_decisions(database_url)
                elif name == "original":
                    before = original_logged(database_url)
                run = wrk(server.url, bodies[name], 16, args.seconds * 2)
                run["load_average"] = os.getloadavg()[0]
                if name in ("ours", "before"):
                    run["landed_after_s"] = wait_for_count(database_url, before + run["requests"])
                elif name == "original":  # its log is written after the answer, if at all
                    expected = before + run["requests"]
                    run["landed_after_s"] = wait_for(
                        lambda: original_logged(database_url), expected, timeout=30
                    )
                    run["logged"] = original_logged(database_url) - before
                runs[name].append(run)
        return {f"load16_{name}": r for name, r in runs.items()}
    finally:
        for server in servers.values():
            server.stop()


def report(results: dict) -> None:
    base = results.get("baseline")
    if base:
        print(
            f"in-process Scorer.score (1 applicant):     p50 {base['score_p50']:.3f} ms, "
            f"p99 {base['score_p99']:.3f} ms"
        )
        print(f"in-process Scorer.score_frame (1000):      {base['frame_1000']:.1f} ms")
        print(
            f"in-process DecisionLog.record (1 commit):  p50 {base['commit_p50']:.3f} ms, "
            f"p99 {base['commit_p99']:.3f} ms"
        )
        for ack, target in SEQUENTIAL:
            r = results[f"sequential_{ack}_{target}"]
            print(
                f"/individual_score sequential, {ack:7s} ack, {target:10s} log: "
                f"p50 {r['p50']:.3f} ms, p99 {r['p99']:.3f} ms ({r['rate']:.0f} req/s)"
            )
    print("/individual_score, 16 connections, 1 worker (wrk -t2 -c16), interleaved rounds:")
    ours = results["load16_ours"]
    for i, r in enumerate(ours):
        print(f"round {i + 1} (load average {r['load_average']:.1f}):")
        print(
            f"  this API, every answer durable: {r['rate']:.0f} req/s (p50 {r['p50']:.2f} ms, "
            f"p99 {r['p99']:.2f} ms); all {r['requests']} in PostgreSQL "
            f"{r['landed_after_s']:.2f} s after the last answer"
        )
        if "load16_before" in results:
            b = results["load16_before"][i]
            print(
                f"  this API before (--before), durable: {b['rate']:.0f} req/s (p50 "
                f"{b['p50']:.2f} ms); all in PostgreSQL {b['landed_after_s']:.2f} s after "
                f"-> now {r['rate'] / b['rate']:.2f}x"
            )
        for name, what in (
            ("original", "the original service's own code, logging after the answer"),
            ("recreation", "original_service.py (re-creation), one COMMIT before the answer"),
            ("bare", "bare ASGI app, fixed JSON (ceiling)"),
        ):
            if f"load16_{name}" not in results:
                continue
            o = results[f"load16_{name}"][i]
            ratio = (f"{r['rate'] / o['rate']:.1f}x" if name != "bare"
                     else f"{r['rate'] / o['rate']:.1%} of it")  # fmt: skip
            extra = ""
            if name == "original":
                extra = (
                    f"; its prediction_logs got {o['logged']} rows for the {o['requests']} "
                    f"answers wrk counted, {o['landed_after_s']:.2f} s after the last"
                )
            print(
                f"  {what}: {o['rate']:.0f} req/s (p50 {o['p50']:.2f} ms) -> ours: {ratio}{extra}"
            )
    m = results.get("multiple_1000")
    if m and base:
        print(
            f"/multiple_score 1000 rows: answered (rows in the outbox) {m['answered']:.1f} ms, "
            f"in PostgreSQL {m['delivered']:.1f} ms; in-process scoring "
            f"{base['frame_1000']:.1f} ms -> {m['answered'] / base['frame_1000']:.1f}x"
        )
    before, after = results["load_average"], results["load_average_after"]
    print(f"load average (1, 5, 15 min): before {before}, after {after}")


if __name__ == "__main__":
    main()
