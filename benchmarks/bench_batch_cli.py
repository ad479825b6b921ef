"""Batch benchmark, as a user runs it: whole processes on a 1M-row French Excel CSV.

Every figure beside its baseline, interleaved in the same run (the machine is shared and noisy):
- *raw*: ONNX Runtime on the same rows already encoded (the valid rows of the file, float32),
  in 20k-row calls, 2 threads: one session with `intra_op_num_threads=2`, and two 1-thread
  sessions on the two halves of each call ("2x1"); the faster is the baseline;
- *cli*: `pad-desktop score --no-log IN -o OUT`, a fresh process, start to exit;
- *cli, logged*: the same, every decision recorded in a fresh embedded store (SQLite);
- *desktop*: the batch tab's worker function (`gui.batch_jobs.run_batch`: decisions recorded in
  a fresh embedded store, each chunk turned into the table's rows) in a fresh process; since
  2026-12-03 it starts the batch process cold, which the window starts at the preview
  (`bench_gui.py` measures the tab as an operator uses it);
- *base*: with `--base DIR` (a worktree of an older commit with its own .venv), its
  `pad-desktop score --no-log` on the same file, and a check that both results files agree
  (scores to 1e-6, the other columns and the errors files identical).
Peak memory is each process tree's VmHWM (the process and its children), read every 50 ms.

    uv run python benchmarks/bench_batch_cli.py [--rows 1000000] [--repeats 3] [--base DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from compare_results import compare  # noqa: E402
from french_csv import make_french_csv  # noqa: E402

BUNDLE = ROOT / "resources" / "model"
CHUNK = 20_000

DESKTOP = """
import sys
from pathlib import Path
from pad_desktop.model.active import ActiveModel
from pad_desktop.service.decision_service import DecisionService
from pad_desktop.decisions import DecisionLog
from pad_desktop.gui.batch_jobs import run_batch
from pad_desktop.model.scoring import Scorer
from pad_desktop.runtime.settings import get_settings
from pad_desktop.runtime.tasks import TaskState
scorer = Scorer.from_path(sys.argv[1], threads=get_settings().onnx_threads)
log = DecisionLog.open()
service = DecisionService(ActiveModel.of(scorer), log)
rows = []
summary = run_batch(
    service, Path(sys.argv[2]), Path(sys.argv[3]), lambda c: rows.append(len(c.rows)),
    state=TaskState(),
)
log.close()
print(f"{summary.seconds:.3f} s", summary.scored, sum(rows))
"""


def encoded_rows(csv_path: Path) -> np.ndarray:
    """The file's valid rows as the model's float32 input, read by our own value table."""
    from pad_desktop.cells.csv_dialect import detect_dialect
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.service.batch import read_blocks

    scorer = Scorer.from_path(str(BUNDLE), threads=1)
    dialect = detect_dialect(csv_path)
    blocks = read_blocks(csv_path, dialect, scorer.signature.names)
    parts = [scorer.signature.validate_frame(t, dialect.decimal).matrix for t, *_ in blocks]
    return np.concatenate(parts)


def raw_seconds(matrix: np.ndarray) -> dict[str, float]:
    import onnxruntime as ort

    def session(threads: int) -> ort.InferenceSession:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.log_severity_level = 3
        return ort.InferenceSession(str(BUNDLE / "model.onnx"), options)

    two = session(2)
    halves = (session(1), session(1))
    name = two.get_inputs()[0].name
    outputs = [o.name for o in two.get_outputs()]
    for s in (two, *halves):
        s.run(outputs, {name: matrix[:CHUNK]})
    t0 = time.perf_counter()
    for start in range(0, len(matrix), CHUNK):
        two.run(outputs, {name: matrix[start : start + CHUNK]})
    intra = time.perf_counter() - t0
    with ThreadPoolExecutor(2) as pool:
        t0 = time.perf_counter()
        for start in range(0, len(matrix), CHUNK):
            a, b = np.array_split(matrix[start : start + CHUNK], 2)
            other = pool.submit(halves[1].run, outputs, {name: b})
            halves[0].run(outputs, {name: a})
            other.result()
        split = time.perf_counter() - t0
    return {"raw_intra2_s": intra, "raw_2x1_s": split}


def _tree_hwm_mb(pid: int) -> float:
    """Peak RSS so far (VmHWM) of `pid` and its descendants, summed: the desktop worker's batch
    process counts too. `ru_maxrss` cannot say it: Linux carries a forked child's high-water
    mark across `exec`, so every child reported this benchmark's own peak (1.4 GB)."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:  # gone meanwhile
            continue
        total += next((int(line.split()[1]) for line in status.splitlines()
                       if line.startswith("VmHWM:")), 0) / 1024  # fmt: skip
        todo += [int(c) for c in children]
    return total


def run_child(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB: the process tree's VmHWM, read every 50 ms) and stdout of a
    fresh process."""
    t0 = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak, running = [0.0], threading.Event()
    running.set()

    def watch() -> None:
        while running.is_set():
            peak[0] = max(peak[0], _tree_hwm_mb(process.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    with ThreadPoolExecutor(1) as pool:  # both pipes drained: a full stderr would block it
        err_future = pool.submit(process.stderr.read)  # type: ignore[union-attr]
        out = process.stdout.read()  # type: ignore[union-attr]
        err = err_future.result()
    running.clear()
    watcher.join()
    process.wait()
    seconds = time.perf_counter() - t0
    if process.returncode != 0:
        raise RuntimeError(f"{command} failed ({process.returncode}): {err[-2000:]}")
    return seconds, peak[0], out


def _reported_seconds(out: str) -> float:
    """The batch's own time as the process printed it ("... 4.7 s")."""
    import re

    return float(re.findall(r"([0-9.]+) s\b", out)[-1])


def _fresh_store(env: dict[str, str], data_dir: Path, head: Path) -> dict[str, str]:
    """An environment whose embedded decision store exists and is migrated."""
    env = dict(env, PAD_DATA_DIR=str(data_dir))
    command = [sys.executable, "-m", "pad_desktop", "score", str(head), "-o", str(data_dir / "h")]
    run_child(command, env, ROOT)
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--base", type=Path, help="worktree of an older commit, with its .venv")
    parser.add_argument("--csv", type=Path, help="use this file instead of generating one")
    parser.add_argument("--no-desktop", action="store_true", help="skip the logged runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = args.csv or work / "applicants_fr.csv"
        if args.csv is None:
            make_french_csv(csv_path, args.rows)
        matrix = encoded_rows(csv_path)
        head = work / "head.csv"  # a few rows, to create a store before it is timed
        with open(csv_path, "rb") as source, open(head, "wb") as target:
            target.write(b"".join(source.readline() for _ in range(11)))
        env = dict(os.environ, PAD_ONNX_THREADS=str(args.threads), PAD_DATA_DIR=str(work / "d"))
        env.pop("DATABASE_URL", None)
        # Bytecode caches as an installed app has them: this machine sets
        # PYTHONDONTWRITEBYTECODE, so without caches every process compiled pandas, pyarrow and
        # the rest again (~2 s), and a checkout whose venv had caches looked faster.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        ours = [sys.executable, "-m", "pad_desktop", "score", "--no-log", str(csv_path)]
        warm = [sys.executable, "-m", "pad_desktop", "score", "--no-log", str(head)]
        run_child([*warm, "-o", str(work / "warm.csv")], env, ROOT)  # writes the caches
        if args.base is not None:
            base_warm = [str(args.base / ".venv" / "bin" / "python"), *warm[1:]]
            run_child([*base_warm, "-o", str(work / "warm-base.csv")], env, args.base)
        samples: dict[str, list[float]] = {}

        def add(key: str, value: float) -> None:
            samples.setdefault(key, []).append(value)

        for i in range(args.repeats):
            for key, value in raw_seconds(matrix).items():
                add(key, value)
            seconds, rss, out = run_child([*ours, "-o", str(work / "new.csv")], env, ROOT)
            add("cli_s", seconds)
            add("cli_rss_mb", rss)
            if args.base is not None:
                base_cmd = [str(args.base / ".venv" / "bin" / "python"), *ours[1:]]
                seconds, rss, _ = run_child(
                    [*base_cmd, "-o", str(work / "old.csv")], env, args.base
                )
                add("base_cli_s", seconds)
                add("base_cli_rss_mb", rss)
            add("cli_in_process_s", _reported_seconds(out))
            if not args.no_desktop:  # each into a fresh store, created beforehand (migrations)
                logged_env = _fresh_store(env, work / f"logged{i}", head)
                logged = [*ours[:4], *ours[5:], "-o", str(work / "logged.csv")]
                seconds, rss, out = run_child(logged, logged_env, ROOT)
                add("cli_logged_s", seconds)
                add("cli_logged_in_process_s", _reported_seconds(out))
                add("cli_logged_rss_mb", rss)
                desktop_env = _fresh_store(env, work / f"desktop{i}", head)
                desktop = [sys.executable, "-c", DESKTOP, str(BUNDLE), str(csv_path)]
                seconds, rss, out = run_child([*desktop, str(work / "tab")], desktop_env, ROOT)
                add("desktop_logged_s", seconds)
                add("desktop_logged_in_process_s", _reported_seconds(out))
                add("desktop_logged_rss_mb", rss)
        median = {k: statistics.median(v) for k, v in samples.items()}
        raw = min(median["raw_intra2_s"], median["raw_2x1_s"])
        rows = len(matrix)
        results: dict[str, object] = {
            "rows_scored": rows,
            "csv_mb": round(csv_path.stat().st_size / 1e6, 1),
            "repeats": args.repeats,
            "median_s": {k: round(v, 3) for k, v in median.items() if k.endswith("_s")},
            "peak_rss_mb": {k: round(v) for k, v in median.items() if k.endswith("_mb")},
            "raw_rows_per_s": round(rows / raw),
            "cli_rows_per_s": round(rows / median["cli_s"]),
            "cli_vs_raw": round(raw / median["cli_s"], 3),
        }
        if args.base is not None:
            results["base_cli_vs_raw"] = round(raw / median["base_cli_s"], 3)
            results["speed_up_vs_base"] = round(median["base_cli_s"] / median["cli_s"], 2)
            results["same_results_as_base"] = compare(work / "old.csv", work / "new.csv") or True
        if not args.no_desktop:
            results["desktop_logged_vs_cli"] = round(
                median["cli_s"] / median["desktop_logged_s"], 3
            )
            results["cli_logged_vs_cli"] = round(median["cli_s"] / median["cli_logged_s"], 3)
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
