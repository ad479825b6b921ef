"""/individual_score under `wrk -t2 -c16`: requests/s and the CPU each server process (the worker
and its children, each on its own) spends per request, read from /proc before and after each run.

    uv run python benchmarks/api_cpu.py [--rounds 3] [--seconds 8] [OTHER_CHECKOUT ...]

This checkout's `pad-desktop serve` (1 worker, every answer durable, one fresh PostgreSQL
database shared by all) and each other checkout's (with its own .venv) are started first, then
loaded in turn, round after round. Besides req/s, each line gives the CPU per request of every
process of the server's tree (the worker first), of PostgreSQL's processes, and how busy the
whole machine was (other jobs included). Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from tempfile import TemporaryDirectory

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_api import MODEL, Server, drop_database, fresh_database, wrk

from pad_desktop.model.bundle import load_bundle
from pad_desktop.model.scoring import Scorer

TICK = os.sysconf("SC_CLK_TCK")


def _stats() -> dict[int, list[str]]:
    """Every process's /proc stat fields after its name."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                text = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            name = text[text.index("(") + 1 : text.rindex(")")]
            found[int(entry)] = [name, *text.rsplit(")", 1)[1].split()]
    return found


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants, `pid` first."""
    children = defaultdict(list)
    for child, fields in _stats().items():
        children[int(fields[2])].append(child)
    tree, todo = [], [pid]
    while todo:
        tree.append(todo.pop(0))
        todo += sorted(children[tree[-1]])
    return tree


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU of each process (all its threads)."""
    stats = _stats()
    return {p: (int(stats[p][12]) + int(stats[p][13])) / TICK for p in pids if p in stats}


def postgres_seconds() -> float:
    return sum((int(f[12]) + int(f[13])) / TICK for f in _stats().values() if f[0] == "postgres")


def machine_seconds() -> tuple[float, float]:
    """(all CPU time, idle and iowait time) of the machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(values) / TICK, (values[3] + values[4]) / TICK


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("others", nargs="*", type=Path, help="other checkouts, with a .venv")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    database_url = fresh_database()
    servers: dict[str, Server] = {}
    with TemporaryDirectory(prefix="pad-api-cpu-") as folder:
        work = Path(folder)
        body = work / "applicant.json"
        body.write_text(json.dumps(dict(Scorer(load_bundle(MODEL)).signature.example)))
        try:
            servers["this checkout"] = Server(work / "this", database_url, 1, "durable")
            for i, other in enumerate(args.others):
                servers[str(other)] = Server(
                    work / f"other-{i}", database_url, 1, "durable", checkout=other
                )
            for server in servers.values():  # warm-up
                wrk(server.url, body, 16, 1.0)
            for round_ in range(1, args.rounds + 1):
                for name, server in servers.items():
                    pids = process_tree(server.process.pid)
                    before = cpu_seconds(pids), postgres_seconds(), machine_seconds()
                    result = wrk(server.url, body, 16, args.seconds)
                    after = cpu_seconds(pids), postgres_seconds(), machine_seconds()
                    n = result["requests"]
                    per_process = [
                        round((after[0][p] - before[0].get(p, 0.0)) / n * 1e6)
                        for p in pids
                        if p in after[0]
                    ]
                    wall = after[2][0] - before[2][0]
                    busy = 100 * (wall - (after[2][1] - before[2][1])) / wall
                    print(
                        f"round {round_} {name}: {result['rate']:.0f} req/s "
                        f"(p50 {result['p50']:.2f} ms); CPU per request, µs: server's processes "
                        f"{[c for c in per_process if c > 0]}, PostgreSQL "
                        f"{(after[1] - before[1]) / n * 1e6:.0f}; machine {busy:.0f} % busy, "
                        f"load average {os.getloadavg()[0]:.1f}",
                        flush=True,
                    )
        finally:
            for server in servers.values():
                server.stop()
            drop_database(database_url)


if __name__ == "__main__":
    main()
