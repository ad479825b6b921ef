"""Issue 16 benchmark: exact TreeSHAP contributions vs the Saabas tables they replace, and the
cost of one full explanation.

Same run, same machine, interleaved rounds (the median of the per-round ratios is reported,
the machine being shared):
- *batch*: the shipped model (model.cbm, 500 trees of depth 4, 18 inputs) compiled to the dense
  graph with the old Saabas tables (baseline) and with the TreeSHAP tables (now shipped), and
  to the standard graph likewise (its contributions are now summed in float64); N random rows
  (`onnx_graphs.random_rows`) scored in 20k-row batches on one 1-thread session each;
- *explain*: `explain()` (contributions, standings, neighbours, counterfactual search for the
  refused) on reference applicants, against `Scorer.score` on the same applicants.

    uv run python benchmarks/bench_explain.py                 # ~2 minutes
    uv run python benchmarks/bench_explain.py --rows 1000000 --rounds 6
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np
import onnxruntime as ort
from catboost import CatBoostClassifier

from pad_desktop.model.explain import explain
from pad_desktop.model.onnx_graphs import dense_graph, random_rows, session, standard_graph
from pad_desktop.model.scoring import Scorer
from pad_desktop.model.trees import forest_from_catboost
from pad_desktop.runtime.paths import resources_dir

BATCH = 20_000


def rows_per_second(sess: ort.InferenceSession, X: np.ndarray) -> float:
    """Rows per CPU second of the calling thread: a 1-thread session computes on the caller,
    and CPU time is far steadier than wall time on a machine shared with other jobs."""
    start = time.thread_time()
    for i in range(0, len(X), BATCH):
        sess.run(None, {"features": X[i : i + BATCH]})
    return len(X) / (time.thread_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--applicants", type=int, default=200)
    args = parser.parse_args()

    bundle_dir = resources_dir() / "model"
    model = CatBoostClassifier()
    model.load_model(str(bundle_dir / "model.cbm"))
    forest = forest_from_catboost(model)
    sessions = {
        ("dense", "saabas"): session(dense_graph(forest, attribution="saabas")),
        ("dense", "shap"): session(dense_graph(forest, attribution="shap")),
        ("standard", "saabas"): session(standard_graph(model, forest, attribution="saabas")),
        ("standard", "shap"): session(standard_graph(model, forest, attribution="shap")),
    }
    X = random_rows(forest, args.rows, np.random.default_rng(0))
    print(
        f"# {platform.processor() or platform.machine()}, onnxruntime {ort.__version__}, "
        f"load average {os.getloadavg()[0]:.1f}, {args.rows:,} rows x {args.rounds} rounds\n"
    )
    for sess in sessions.values():
        sess.run(None, {"features": X[:BATCH]})  # warm-up
    rates: dict[tuple[str, str], list[float]] = {key: [] for key in sessions}
    keys = list(sessions)
    for r in range(args.rounds):
        for key in keys if r % 2 == 0 else keys[::-1]:  # alternate the order: no position bias
            rates[key].append(rows_per_second(sessions[key], X))
    print("| graph | Saabas rows/CPU-s (baseline) | TreeSHAP rows/CPU-s | ratio (median) |")
    print("|---|---:|---:|---:|")
    for graph in ("dense", "standard"):
        old, new = rates[(graph, "saabas")], rates[(graph, "shap")]
        ratio = statistics.median(n / o for n, o in zip(new, old, strict=True))
        print(
            f"| {graph} | {statistics.median(old):,.0f} | {statistics.median(new):,.0f} "
            f"| {ratio:.3f} |"
        )

    scorer = Scorer.from_path(str(bundle_dir), threads=1)
    reference = scorer.bundle.reference()
    applicants = [
        reference.iloc[i][scorer.signature.names].to_dict()
        for i in range(min(args.applicants, len(reference)))
    ]
    explain(scorer, applicants[0])  # builds the reference cache once
    timings: dict[str, list[float]] = {"score": [], "approved": [], "refused": []}
    for values in applicants:
        start = time.perf_counter()
        scorer.score(values)
        timings["score"].append(time.perf_counter() - start)
        start = time.perf_counter()
        e = explain(scorer, values)
        timings[e.outcome.value].append(time.perf_counter() - start)
    print("\n| call | applicants | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|")
    names = {
        "score": "Scorer.score (baseline)",
        "approved": "explain, approved",
        "refused": "explain, refused (with search)",
    }
    for key, label in names.items():
        values = np.array(timings[key]) * 1000
        if len(values):
            p50, p99 = np.percentile(values, [50, 99])
            print(f"| {label} | {len(values)} | {p50:.2f} | {p99:.2f} |")


if __name__ == "__main__":
    main()
