"""GUI responsiveness: event-loop stall during a 1M-row batch, click-to-result, cold start.

    uv run python benchmarks/bench_gui.py               # 1M rows (a ~300 MB CSV in a temp dir)
    uv run python benchmarks/bench_gui.py --rows 200000 # quicker
    uv run python benchmarks/bench_gui.py --skip-start --load 2  # the batch on a busy machine

Each figure comes with a baseline measured in the same run:
- stall: a 10 ms heartbeat QTimer during the batch vs the same heartbeat on an idle window;
  the peak memory of the window and its batch process together;
  batch throughput vs `score_csv` alone (no GUI, no decision log) on the same file, and vs
  `pad-desktop score` (the CLI, logging every row too, whole process) on that file;
- click-to-result: Score clicked -> decision shown and logged, vs `Scorer.score` alone and
  `Scorer.score` + `DecisionLog.record` without Qt;
- cold start: process start -> main window shown, -> form usable (model loaded, log open, form
  built), -> every tab built, vs a bare QApplication + QMainWindow that loads the same
  model.onnx in ONNX Runtime, each in a fresh process (`--compare DIR`: another checkout too).
`--load N` starts N busy-loop processes for the batch only (the idle heartbeat, the clicks and
the core's throughput run without them): the stall on a machine another program keeps busy.
Runs offscreen, with its own data folder and QSettings (the user's are never touched).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
HEARTBEAT_MS = 10


def _isolate(workdir: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["PAD_DATA_DIR"] = str(workdir / "data")
    os.environ["PAD_CACHE_DIR"] = str(workdir / "cache")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("PAD_POLICY", None)  # the shipped lending policy, as installed


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


# -- cold start (each sample in a fresh process) -----------------------------------------------
# The baseline: a bare PySide6 window that loads the same model.onnx in ONNX Runtime.
CHILD_BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 820); w.show(); app.processEvents()
import onnxruntime as ort
ort.InferenceSession(sys.argv[2], providers=["CPUExecutionProvider"])
print(time.time())
print(time.process_time())
"""

# `pad-desktop` itself (the command line's parser, the log file, the excepthook, then the window),
# timed by wrapping `MainWindow.show`. Prints: window shown, form usable (`sig_form_ready`: the
# form built for the loaded model, its fields editable), every tab built, and Score able to decide
# (`sig_can_decide`: the bundle checked, the policy compiled, the log open); then closes the
# window, which ends `app.exec()`. A checkout older than `sig_can_decide` could decide once its
# form was usable; one older than `sig_form_ready` built every tab before `sig_ready`.
CHILD_APP = """
import sys, time
from PySide6.QtCore import QSettings
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
from pad_desktop.gui import main_window
marks, show = {}, main_window.MainWindow.show
def timed_show(w):
    show(w)
    marks["shown"] = time.time()
    if hasattr(w, "sig_form_ready"):
        w.sig_form_ready.connect(lambda: (marks.setdefault("form", time.time()),
                                          marks.setdefault("cpu", time.process_time())))
    if hasattr(w, "sig_can_decide"):
        w.sig_can_decide.connect(lambda: (marks.setdefault("decide", time.time()),
                                          marks.setdefault("cpu_decide", time.process_time())))
    w.sig_ready.connect(lambda: (marks.setdefault("ready", time.time()), w.close()))
main_window.MainWindow.show = timed_show
from pad_desktop.cli import main
main([])
form = marks.get("form", marks["ready"])
print(marks["shown"], form, marks["ready"], marks.get("decide", form))
print(marks.get("cpu", 0.0), marks.get("cpu_decide", marks.get("cpu", 0.0)))
"""


CHILD_HEARTBEAT = """
import json, os, sys, time
stop, beats = sys.argv[1], [time.perf_counter()]
while not os.path.exists(stop):
    time.sleep(0.010)
    beats.append(time.perf_counter())
gaps = [(b - a) * 1000 - 10 for a, b in zip(beats, beats[1:])]
gaps.sort()
print(json.dumps({"beats": len(beats), "max_stall_ms": gaps[-1],
                  "p99_stall_ms": gaps[int(len(gaps) * 0.99)],
                  "stalls_over_50ms": sum(g > 50 for g in gaps)}))
"""


CHILD_BUSY = """
import os, sys
stop = sys.argv[1]
while not os.path.exists(stop):
    for _ in range(100_000):
        pass
"""


class CpuLoad:
    """`count` processes that spin until stopped: another program keeping the CPUs busy."""

    def __init__(self, workdir: Path, count: int) -> None:
        self.stop_file = workdir / "stop-load"
        self.stop_file.unlink(missing_ok=True)
        self.procs = [
            subprocess.Popen([sys.executable, "-c", CHILD_BUSY, str(self.stop_file)])
            for _ in range(count)
        ]

    def stop(self) -> None:
        self.stop_file.touch()
        for proc in self.procs:
            proc.wait(timeout=30)


class MachineNoise:
    """A 10 ms heartbeat in another process: how late the machine itself wakes a thread that
    shares nothing with us (the host is shared; its own stalls are not the window's)."""

    def __init__(self, workdir: Path) -> None:
        self.stop_file = workdir / "stop-heartbeat"
        self.stop_file.unlink(missing_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD_HEARTBEAT, str(self.stop_file)],
            stdout=subprocess.PIPE,
            text=True,
        )

    def stop(self) -> dict:
        self.stop_file.touch()
        out, _ = self.proc.communicate(timeout=30)
        return json.loads(out)


def cold_start(workdir: Path, repeats: int, compare: Path | None = None) -> dict:
    """Medians of `repeats` fresh processes each: the bare baseline, this checkout and, with
    `compare`, another checkout of the app (e.g. the previous release) in the same run."""
    model = str(ROOT / "resources" / "model" / "model.onnx")

    def sample(code: str, checkout: Path = ROOT) -> list[float] | None:
        """The marks of one start; None when the process crashed (counted, not timed)."""
        start = time.time()
        # Bytecode caches as an installed app has them (the warm-up start writes them; the
        # frozen build ships them): this machine sets PYTHONDONTWRITEBYTECODE, which made every
        # start compile each module's source again, the baseline's numpy included.
        env = dict(os.environ, PYTHONPATH=str(checkout))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        done = subprocess.run(
            [sys.executable, "-c", code, str(workdir / "qsettings"), model],
            capture_output=True,
            text=True,
            cwd=checkout,
            env=env,
        )
        if done.returncode < 0:  # killed by a signal: a crash of the window
            return None
        done.check_returncode()
        # last two lines: the marks (wall clock), then the process's CPU time (every thread)
        # at form usable and at can decide, which another program's load barely changes
        marks_line, cpu_line = done.stdout.strip().splitlines()[-2:]
        walls = [float(t) - start for t in marks_line.split()]
        walls += walls[1:2] * (4 - len(walls))  # a checkout without `sig_can_decide`
        cpus = [float(c) for c in cpu_line.split()]
        return walls + (cpus * 2)[:2]

    sample(CHILD_APP)  # warm the OS file cache, as a second start of the day would
    variants = {"": ROOT} | ({"compared_": compare} if compare else {})
    bare, runs = [], {name: [] for name in variants}
    crashes = dict.fromkeys(variants, 0)
    for _ in range(repeats):  # interleaved: the machine's load drifts over a minute
        bare.append(sample(CHILD_BARE)[:2])
        for name, checkout in variants.items():
            for _attempt in range(5):
                marks = sample(CHILD_APP, checkout)
                if marks is not None:
                    runs[name].append(marks)
                    break
                crashes[name] += 1
    bare_wall, bare_cpu = [b[0] for b in bare], [b[1] for b in bare]
    results = {
        "bare_window_with_model_s": statistics.median(bare_wall),
        "bare_best_s": min(bare_wall),
        "bare_cpu_s": statistics.median(bare_cpu),
    }
    for name, samples in runs.items():
        shown, form, ready, decide = (statistics.median(s[i] for s in samples) for i in range(4))
        best_form = min(s[1] for s in samples)
        cpu = statistics.median(s[4] for s in samples)
        results |= {
            f"{name}window_shown_s": shown,
            f"{name}form_usable_s": form,
            f"{name}all_tabs_s": ready,
            f"{name}form_usable_x_bare": form / results["bare_window_with_model_s"],
            # best of N against best of N: what the machine's noise (2 shared cores) adds
            # only slows a start down, so the quickest is the closest to the code's own cost
            f"{name}form_usable_best_s": best_form,
            f"{name}form_usable_best_x_bare_best": best_form / results["bare_best_s"],
            # CPU time of the whole process (all threads) until the form is usable
            f"{name}form_usable_cpu_s": cpu,
            f"{name}form_usable_cpu_x_bare": cpu / results["bare_cpu_s"],
            # Score able to decide (the bundle checked, the policy compiled, the log open)
            f"{name}can_decide_s": decide,
            f"{name}can_decide_best_s": min(s[3] for s in samples),
            f"{name}can_decide_cpu_s": statistics.median(s[5] for s in samples),
            f"{name}crashed_starts": crashes[name],
        }
    return results


# -- in-process measurements -------------------------------------------------------------------
def make_csv(path: Path, rows: int) -> None:
    import pandas as pd

    reference = pd.read_csv(ROOT / "resources" / "model" / "reference.csv")
    frame = reference.drop(columns=["expected_probability"])
    block = frame.iloc[np.arange(100_000) % len(frame)].reset_index(drop=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        for start in range(0, rows, len(block)):
            part = block.head(min(len(block), rows - start)).copy()
            part.insert(0, "applicant_id", np.arange(start, start + len(part)))
            part.to_csv(handle, index=False, header=start == 0)


class Heartbeat:
    """A 10 ms QTimer; the stall is how late each beat came (interval minus 10 ms)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._beat)
        self.beats: list[float] = []

    def _beat(self) -> None:
        self.beats.append(time.perf_counter())

    def start(self) -> None:
        self.beats.clear()
        self.timer.start()

    def stop(self) -> dict:
        self.timer.stop()
        gaps = np.diff(np.asarray(self.beats)) * 1000.0 - HEARTBEAT_MS
        return {
            "beats": len(self.beats),
            "max_stall_ms": float(gaps.max()) if len(gaps) else float("nan"),
            "p99_stall_ms": _pct(list(gaps), 99) if len(gaps) else float("nan"),
            "stalls_over_50ms": int((gaps > 50).sum()),
            # when the five worst came (s after the first beat): start, steady state or end
            "worst_at_s": [
                [round(self.beats[i] - self.beats[0], 2), round(float(gaps[i]), 1)]
                for i in np.argsort(gaps)[::-1][:5]
            ],
        }


def _rss_mb(pid: int | str) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # the process has just exited
        return 0.0
    line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


class PeakMemory:
    """Peak of the window's RSS plus its batch process's, sampled every 100 ms."""

    def __init__(self) -> None:
        import multiprocessing

        from PySide6.QtCore import QTimer

        self.peak = 0.0
        self.timer = QTimer()
        self.timer.setInterval(100)
        self.timer.timeout.connect(
            lambda: setattr(self, "peak", max(self.peak, _rss_mb("self") + sum(
                _rss_mb(child.pid) for child in multiprocessing.active_children()
            )))
        )  # fmt: skip
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.peak


def wait(app, predicate, timeout_s: float) -> None:
    deadline = time.perf_counter() + timeout_s
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not answer in time")
        app.processEvents()
        time.sleep(0.001)


def run_loop_for(app, seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def in_process(workdir: Path, rows: int, clicks: int, load: int = 0) -> dict:
    from PySide6.QtCore import QEventLoop, QSettings

    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(workdir / "qsettings")
    )
    from pad_desktop.gui.app import create_application
    from pad_desktop.gui.main_window import MainWindow

    app, prefs = create_application()
    window = MainWindow(None, prefs)
    window.resize(1280, 820)
    window.show()
    loop = QEventLoop()
    window.sig_ready.connect(loop.quit)
    if not window.ready:
        loop.exec()
    results: dict = {}

    # click -> result
    scorer = window.ws.scorer
    example = scorer.signature.example
    window.form.set_values(example)
    latencies: list[float] = []
    done: list = []
    window.form.sig_decided.connect(done.append)
    for i in range(clicks):
        count = len(done)
        window.form.case_ref.editor.setText(f"click-{i}")  # the form requires a case reference
        start = time.perf_counter()
        window.form.score_button.click()
        wait(app, lambda c=count: len(done) > c, 10)
        latencies.append((time.perf_counter() - start) * 1000.0)
    raw = []
    for _ in range(clicks):
        start = time.perf_counter()
        scorer.score(example)
        raw.append((time.perf_counter() - start) * 1000.0)
    direct = []
    for i in range(clicks):
        start = time.perf_counter()
        window.service.decide(example, case_ref=f"bench-{i}")
        direct.append((time.perf_counter() - start) * 1000.0)
    results["click"] = {
        "n": clicks,
        "gui_p50_ms": _pct(latencies, 50),
        "gui_p99_ms": _pct(latencies, 99),
        "score_p50_ms": _pct(raw, 50),
        "score_p99_ms": _pct(raw, 99),
        "score_and_log_p50_ms": _pct(direct, 50),
        "score_and_log_p99_ms": _pct(direct, 99),
    }
    print(json.dumps({"click": results["click"]}, indent=1), flush=True)

    # heartbeat on the idle window (baseline), then during the batch
    heart = Heartbeat()
    heart.start()
    run_loop_for(app, 5.0)
    results["idle"] = heart.stop()

    csv_path = workdir / "applicants.csv"
    make_csv(csv_path, rows)
    tab = window.batch
    window.tabs.setCurrentWidget(tab)
    previewed: list = []
    tab.sig_previewed.connect(previewed.append)
    tab.open_file(str(csv_path))
    wait(app, lambda: bool(previewed), 60)
    finished: list = []
    tab.sig_finished.connect(finished.append)
    busy = CpuLoad(workdir, load)
    noise = MachineNoise(workdir)
    memory = PeakMemory()
    heart.start()
    start = time.perf_counter()
    tab.start()
    fin = QEventLoop()
    tab.sig_finished.connect(fin.quit)
    fin.exec()
    seconds = time.perf_counter() - start
    stall = heart.stop()
    machine = noise.stop()
    busy.stop()
    results["batch"] = stall | {
        "load_processes": load,
        "machine_noise_same_period": machine,
        "rows": finished[0].rows,
        "seconds": seconds,
        "rows_per_s": finished[0].rows / seconds,
        "peak_rss_window_and_batch_process_mb": memory.stop(),
    }

    # scrolling the 1M-row table: time per jump + repaint
    view = tab.table
    steps = []
    rng = np.random.default_rng(0)
    for row in rng.integers(0, tab.model.rowCount(), 50):
        t0 = time.perf_counter()
        view.scrollTo(tab.model.index(int(row), 0))
        view.viewport().repaint()
        steps.append((time.perf_counter() - t0) * 1000.0)
    results["scroll"] = {
        "rows": tab.model.rowCount(),
        "max_ms": max(steps),
        "p50_ms": _pct(steps, 50),
    }
    window.close()

    # throughput baseline: the core alone on the same file
    from pad_desktop.service.batch import score_csv

    start = time.perf_counter()
    summary = score_csv(csv_path, scorer, workdir / "core.csv")
    core = time.perf_counter() - start
    results["batch"]["core_rows_per_s"] = summary.rows / core
    results["batch"]["core_seconds"] = core

    # ... and the core with the same decision logging as the window (the GUI's own overhead)
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.service.decision_service import DecisionService

    log = DecisionLog.open()
    start = time.perf_counter()
    summary = DecisionService(ActiveModel.of(scorer), log).score_file(
        csv_path, workdir / "core_logged.csv"
    )
    logged = time.perf_counter() - start
    log.close()
    results["batch"]["core_logged_rows_per_s"] = summary.rows / logged

    # ... and the baseline: `pad-desktop score` on the same file, every row logged to
    # its own fresh embedded store, the whole process timed (start, read, score, log, write)
    env = dict(os.environ, PAD_DATA_DIR=str(workdir / "cli-data"), PAD_LANGUAGE="en")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pad_desktop", "score", str(csv_path),
         "-o", str(workdir / "cli.csv")],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    cli = time.perf_counter() - start
    results["batch"]["cli_logged_rows_per_s"] = summary.rows / cli
    results["batch"]["cli_logged_seconds"] = cli
    results["batch"]["window_vs_cli"] = results["batch"]["rows_per_s"] / (summary.rows / cli)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clicks", type=int, default=300)
    parser.add_argument("--starts", type=int, default=5, help="cold starts per variant")
    parser.add_argument(
        "--compare", type=Path, help="another checkout of the app to cold-start in the same run"
    )
    parser.add_argument("--start-only", action="store_true", help="cold starts only")
    parser.add_argument("--skip-start", action="store_true", help="no cold starts")
    parser.add_argument(
        "--load", type=int, default=0, help="busy-loop processes running during the batch"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pad-bench-gui-") as tmp:
        workdir = Path(tmp)
        _isolate(workdir)
        results = {}
        if not args.skip_start:
            results["cold_start"] = cold_start(workdir, args.starts, args.compare)
            print(json.dumps(results, indent=1), flush=True)
        if args.start_only:
            return
        results |= in_process(workdir, args.rows, args.clicks, args.load)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
