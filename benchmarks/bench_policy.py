"""What the lending policy costs, beside the same runs without it, interleaved in one run.

- *batch*: `pad-desktop score --no-log` on a 1M-row French Excel CSV (`french_csv.py`) with
  the policy's two inputs added as columns (monthly income and charges, decimal comma), in a
  fresh process, with `PAD_POLICY=none` (the model alone: the baseline) and with the shipped
  policy (`resources/policy/policy.json`: its four rules, three derived values); the batch's own
  time as the command prints it, and the process's wall time;
- *batch, logged*: the same command recording every decision in a fresh embedded store, on the
  file's first `--logged-rows` rows (the record's policy JSON is built and stored, hashed);
- *policy work*: in one process, `DecisionService.score_file(record=False)` on the 1M-row file
  with the policy, the seconds spent applying it to the chunks (reading the policy inputs,
  evaluating the rules, the results file's columns), beside the whole batch's seconds: the
  part of the batch the policy is, measured without another process's noise in the ratio;
- *single*: one applicant through `DecisionService.prepare` (validation, scoring, policy; not
  recorded, so the log's disk does not blur the comparison), median of 2,000 calls, without
  and with the policy, alternated.

    uv run python benchmarks/bench_policy.py [--rows 1000000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_batch_cli import _reported_seconds, run_child  # noqa: E402
from french_csv import make_french_csv  # noqa: E402

POLICY = ROOT / "resources" / "policy" / "policy.json"


def add_policy_columns(source: Path, target: Path, seed: int = 1) -> None:
    """`source` with monthly_income and monthly_charges columns, as French Excel writes them."""
    rng = np.random.default_rng(seed)
    with open(source, encoding="utf-8-sig", newline="") as f:
        lines = f.read().split("\r\n")
    body = [line for line in lines[1:] if line]
    income = rng.uniform(600, 6000, len(body))
    charges = rng.uniform(0, 1800, len(body))
    cells = [f"{i:.2f};{c:.2f}".replace(".", ",") for i, c in zip(income, charges, strict=True)]
    out = [lines[0] + ";monthly_income;monthly_charges"]
    out += [f"{line};{cell}" for line, cell in zip(body, cells, strict=True)]
    with open(target, "w", encoding="utf-8-sig", newline="") as f:
        f.write("\r\n".join(out) + "\r\n")


def single_latency(repeats: int = 2000) -> dict[str, float]:
    """Median microseconds of one `prepare` without and with the policy, alternated."""
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.runtime.settings import Settings
    from pad_desktop.service.decision_service import DecisionService, Identity

    scorer = Scorer.from_path(str(ROOT / "resources" / "model"), threads=1)
    services = {
        "none": DecisionService(ActiveModel.of(scorer), None, Identity("b", "b"),
                                Settings(policy_path="none")),
        "policy": DecisionService(ActiveModel.of(scorer), None, Identity("b", "b"),
                                  Settings(policy_path=str(POLICY))),
    }  # fmt: skip
    values = {k: str(v) for k, v in scorer.signature.example.items()}
    with_inputs = {**values, "monthly_income": "2450,50", "monthly_charges": "610"}
    times: dict[str, list[float]] = {name: [] for name in services}
    for service in services.values():  # warm up: the policy's first read and parse
        service.prepare(with_inputs, decimal=",")
    for _ in range(repeats):
        for name, service in services.items():
            t0 = time.perf_counter()
            service.prepare(with_inputs, decimal=",")
            times[name].append((time.perf_counter() - t0) * 1e6)
    return {name: statistics.median(t) for name, t in times.items()}


def policy_share(csv_path: Path, out: Path, threads: int) -> tuple[float, float]:
    """(seconds applying the policy to the chunks, seconds of the whole batch), one process."""
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.runtime.settings import Settings
    from pad_desktop.service.decision_service import DecisionService, Identity

    class Timed(DecisionService):
        spent = 0.0

        def _apply_policy(self, scorer, chunk, record):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            super()._apply_policy(scorer, chunk, record)
            Timed.spent += time.perf_counter() - t0

    scorer = Scorer.from_path(str(ROOT / "resources" / "model"), threads=threads)
    service = Timed(ActiveModel.of(scorer), None, Identity("b", "b"),
                    Settings(policy_path=str(POLICY)))  # fmt: skip
    service.policy()  # read and parsed before the clock starts, as the command does
    t0 = time.perf_counter()
    service.score_file(csv_path, out, record=False)
    return Timed.spent, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--logged-rows", type=int, default=200_000)
    parser.add_argument("--share-only", action="store_true", help="only the in-process share")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plain = work / "plain.csv"
        make_french_csv(plain, args.rows)
        csv_path = work / "applicants_policy_fr.csv"
        add_policy_columns(plain, csv_path)
        if args.share_only:
            spent, total = policy_share(csv_path, work / "share.csv", args.threads)
            print(f"policy work inside one {args.rows:,}-row batch: {spent:.2f} s of "
                  f"{total:.2f} s ({spent / total * 100:.1f} %)")  # fmt: skip
            return
        env = dict(os.environ, PAD_ONNX_THREADS=str(args.threads), PAD_DATA_DIR=str(work / "d"))
        env.pop("DATABASE_URL", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode caches, as an installed app has
        command = [sys.executable, "-m", "pad_desktop", "score", "--no-log", str(csv_path),
                   "-o", str(work / "out.csv")]  # fmt: skip
        runs: dict[str, list[tuple[float, float]]] = {"none": [], "policy": []}
        for _ in range(args.repeats):
            for name, setting in (("none", "none"), ("policy", str(POLICY))):
                wall, _, out = run_child(command, dict(env, PAD_POLICY=setting), ROOT)
                runs[name].append((_reported_seconds(out), wall))
        print(f"batch, {args.rows:,} rows with policy input columns, {args.threads} threads")
        best = {}
        for name, times in runs.items():
            batch = min(t for t, _ in times)
            wall = min(w for _, w in times)
            best[name] = batch
            print(f"  {name:7s} batch {batch:6.2f} s ({args.rows / batch:9,.0f} rows/s), "
                  f"process {wall:6.2f} s; all: {[round(t, 2) for t, _ in times]}")  # fmt: skip
        cost = best["policy"] / best["none"] - 1
        print(f"  policy cost on the batch: {cost * 100:+.1f} % of the time")
        logged_csv = work / "logged.csv"
        with open(csv_path, "rb") as source, open(logged_csv, "wb") as target:
            target.write(b"".join(source.readline() for _ in range(args.logged_rows + 1)))
        logged: dict[str, list[float]] = {"none": [], "policy": []}
        for i in range(args.repeats):
            for name, setting in (("none", "none"), ("policy", str(POLICY))):
                run_env = dict(env, PAD_POLICY=setting, PAD_DATA_DIR=str(work / f"d{name}{i}"))
                logged_command = [sys.executable, "-m", "pad_desktop", "score", str(logged_csv),
                                  "-o", str(work / "logged_out.csv")]  # fmt: skip
                _, _, out = run_child(logged_command, run_env, ROOT)
                logged[name].append(_reported_seconds(out))
        print(f"batch, logged, {args.logged_rows:,} rows")
        for name, times in logged.items():
            print(f"  {name:7s} batch {min(times):6.2f} s ({args.logged_rows / min(times):9,.0f} "
                  f"rows/s); all: {[round(t, 2) for t in times]}")  # fmt: skip
        cost = min(logged["policy"]) / min(logged["none"]) - 1
        print(f"  policy cost on the logged batch: {cost * 100:+.1f} % of the time")
        spent, total = policy_share(csv_path, work / "share.csv", args.threads)
        print(f"policy work inside one {args.rows:,}-row batch: {spent:.2f} s of {total:.2f} s "
              f"({spent / total * 100:.1f} %)")  # fmt: skip
    latency = single_latency()
    print("single applicant, DecisionService.prepare (median of 2,000)")
    for name, us in latency.items():
        print(f"  {name:7s} {us:8.0f} µs")
    print(
        f"  policy cost on one decision: {(latency['policy'] / latency['none'] - 1) * 100:+.1f} %"
    )


if __name__ == "__main__":
    main()
