"""Issue 5 benchmark: CatBoost's standard ONNX export vs the dense graph vs CatBoost native.

One run: a 500-tree depth-6 binary model on 20 random features; scores 1M rows in batches of
10k and 100k with 1 and 2 threads, then single-row latency (p50/p99). Both ONNX graphs also
compute the per-feature contributions; CatBoost native computes probabilities only.

    uv run python benchmarks/bench_trees.py            # ~2-3 minutes on 2 cores
    uv run python benchmarks/bench_trees.py --rows 200000
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import onnxruntime as ort
from catboost import CatBoostClassifier

from pad_desktop.model.onnx_graphs import dense_graph, session, standard_graph
from pad_desktop.model.trees import forest_from_catboost

N_FEATURES = 20
Scorer = Callable[[np.ndarray], object]


def train(seed: int = 0) -> CatBoostClassifier:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(20_000, N_FEATURES)).astype(np.float32)
    y = (X[:, 0] + X[:, 1] ** 2 - X[:, 2] * X[:, 3] + rng.normal(size=len(X)) > 1).astype(int)
    model = CatBoostClassifier(
        iterations=500,
        depth=6,
        random_seed=seed,
        verbose=0,
        thread_count=2,
        allow_writing_files=False,
    )
    return model.fit(X, y)


def onnx_scorer(sess: ort.InferenceSession) -> Scorer:
    return lambda X: sess.run(None, {"features": X})


def split_scorer(sessions: list[ort.InferenceSession], pool: ThreadPoolExecutor) -> Scorer:
    """Two 1-thread sessions on the two halves of each batch (ORT releases the GIL)."""

    def score(X: np.ndarray) -> object:
        halves = np.array_split(X, len(sessions))
        return list(
            pool.map(
                lambda pair: pair[0].run(None, {"features": pair[1]}),
                zip(sessions, halves, strict=True),
            )
        )

    return score


def throughput(score: Scorer, X: np.ndarray, batch: int) -> tuple[float, float]:
    """(rows per wall second, rows per CPU second of the calling thread). On a shared machine
    the second is the steadier figure for 1-thread scorers, which compute on the caller."""
    score(X[:batch])  # warm-up: ORT plans memory per new shape
    wall, cpu = time.perf_counter(), time.thread_time()
    for i in range(0, len(X), batch):
        score(X[i : i + batch])
    return len(X) / (time.perf_counter() - wall), len(X) / (time.thread_time() - cpu)


def latency_us(score: Scorer, X: np.ndarray, runs: int) -> tuple[float, float]:
    for row in X[:50]:
        score(row[None, :])
    times = []
    for row in X[:runs]:
        start = time.perf_counter()
        score(row[None, :])
        times.append(time.perf_counter() - start)
    p50, p99 = np.percentile(times, [50, 99]) * 1e6
    return float(p50), float(p99)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--latency-runs", type=int, default=2000)
    args = parser.parse_args()

    started = time.perf_counter()
    model = train()
    forest = forest_from_catboost(model)
    graphs = {"standard": standard_graph(model, forest), "dense": dense_graph(forest)}
    X = np.random.default_rng(1).normal(size=(args.rows, N_FEATURES)).astype(np.float32)
    pool = ThreadPoolExecutor(2)
    scorers: dict[tuple[str, str], Scorer] = {}
    for threads in (1, 2):
        for kind, proto in graphs.items():
            scorers[(kind, f"{threads}")] = onnx_scorer(session(proto, threads))
        scorers[("catboost", f"{threads}")] = lambda X, t=threads: model.predict_proba(
            X, thread_count=t
        )
    scorers[("dense", "2 (2x1 split)")] = split_scorer(
        [session(graphs["dense"], 1) for _ in range(2)], pool
    )

    print(
        f"# {platform.processor() or platform.machine()}, onnxruntime {ort.__version__}, "
        f"{args.rows} rows, 500 trees depth 6, {N_FEATURES} features\n"
    )
    print(f"load average at start: {os.getloadavg()[0]:.1f}\n")
    print("| scorer | threads | batch | rows/s (wall) | rows/CPU-s (1 thread) |")
    print("|---|---|---|---:|---:|")
    rates: dict[tuple[str, str, int], tuple[float, float]] = {}
    for (kind, threads), score in scorers.items():
        for batch in (10_000, 100_000):
            rates[(kind, threads, batch)] = wall, cpu = throughput(score, X, batch)
            cpu_text = f"{cpu:,.0f}" if threads == "1" else ""
            print(f"| {kind} | {threads} | {batch} | {wall:,.0f} | {cpu_text} |", flush=True)
    print("\n| dense / standard | threads | batch | wall | CPU |\n|---|---|---|---:|---:|")
    for (kind, threads, batch), (wall, cpu) in rates.items():
        if kind == "dense":
            base_wall, base_cpu = rates[("standard", threads.split()[0], batch)]
            cpu_text = f"{cpu / base_cpu:.1f}x" if threads == "1" else ""
            print(f"| | {threads} | {batch} | {wall / base_wall:.1f}x | {cpu_text} |")
    print("\n| scorer | threads | single-row p50 (us) | p99 (us) |\n|---|---|---:|---:|")
    for (kind, threads), score in scorers.items():
        if "split" not in threads:
            p50, p99 = latency_us(score, X, args.latency_runs)
            print(f"| {kind} | {threads} | {p50:.1f} | {p99:.1f} |", flush=True)
    pool.shutdown()
    print(
        f"\nload average at end: {os.getloadavg()[0]:.1f}; "
        f"total {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
