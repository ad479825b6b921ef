"""Issue 32 (tree-graph row): the dense tree graph against CatBoost's own ONNX export and
CatBoost's native evaluator, 1 thread, on two models in the same run.

- *ours*: the shipped bundle's CatBoost model (`resources/model/model.cbm`: 500 oblivious trees
  of depth 4 over 18 encoded inputs);
- *depth 6*: a model shaped like the original service's (500 oblivious trees of depth 6 over
  15 numeric inputs), trained here on seeded synthetic data (nothing committed).

Scorers, each on the same float32 rows (spread over every feature's borders, no NaN), in
batches of `--batch` rows, 1 thread each:
- `export`: CatBoost's ONNX export (`save_model(format="onnx")`) with its ZipMap removed
  (tensor probabilities; faster than with ZipMap), probabilities only;
- `standard`: our standard graph (that export plus a TreeEnsembleRegressor for the
  contributions: the graph a bundle falls back to);
- `dense`: our dense graph (probabilities, label and per-feature TreeSHAP contributions);
- `probs`: our probability graph (the dense graph's comparisons and leaf indices, then one
  leaf-value lookup per group of trees: label and probabilities only, CatBoost's own job);
- `native`: `CatBoostClassifier.predict_proba(X, thread_count=1)`, probabilities only;
- with `--base REV`: `dense before` and `probs before`, both graphs as compiled by that git
  revision's `onnx_graphs`, loaded beside today's (same-run baselines).
ONNX Runtime sessions have `intra_op_num_threads=1`. The scorers take turns, `--rounds` times
(order reversed every other round); the figure is each scorer's best round, in rows per CPU
second of the calling thread (where a 1-thread ORT session and CatBoost compute; steadier than
wall time on a shared machine), with the wall-clock figure beside it.

    uv run python benchmarks/bench_trees.py                      # ~2-3 minutes on 2 busy cores
    uv run python benchmarks/bench_trees.py --rows 200000 --rounds 3
    uv run python benchmarks/bench_trees.py --profile            # + ORT per-node profile
    uv run python benchmarks/bench_trees.py --base main          # + main's graphs, same run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import types
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from catboost import CatBoostClassifier
from onnx import TensorProto, helper

from pad_desktop.model.onnx_graphs import (
    dense_graph,
    probability_graph,
    probability_graph_of,
    random_rows,
    standard_graph,
)
from pad_desktop.model.trees import ObliviousForest, forest_from_catboost

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_CBM = ROOT / "resources" / "model" / "model.cbm"
Scorer = Callable[[np.ndarray], object]


def train_depth6(seed: int = 0) -> CatBoostClassifier:
    """500 trees of depth 6 on 15 numeric inputs, like the original service's model."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(20_000, 15)).astype(np.float32)
    signal = X[:, 0] + X[:, 1] ** 2 - X[:, 2] * X[:, 3] + 0.5 * np.sin(3 * X[:, 4])
    y = (signal + rng.normal(size=len(X)) > 1).astype(int)
    model = CatBoostClassifier(
        iterations=500,
        depth=6,
        random_seed=seed,
        verbose=0,
        thread_count=2,
        allow_writing_files=False,
    )
    return model.fit(X, y)


def catboost_export(model: CatBoostClassifier) -> onnx.ModelProto:
    """CatBoost's own ONNX file, its ZipMap removed: TreeEnsembleClassifier -> tensors."""
    with tempfile.TemporaryDirectory() as tmp:
        model.save_model(f"{tmp}/model.onnx", format="onnx")
        proto = onnx.load(f"{tmp}/model.onnx")
    graph = proto.graph
    classifier = next(n for n in graph.node if n.op_type == "TreeEnsembleClassifier")
    classifier.output[:] = ["label", "probabilities"]
    del graph.node[:]
    graph.node.extend([classifier])
    del graph.output[:]
    graph.output.extend(
        [
            helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2]),
        ]
    )
    return proto


def one_thread_session(proto: onnx.ModelProto, profile: str | None = None) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    if profile:
        options.enable_profiling = True
        options.profile_file_prefix = profile
    return ort.InferenceSession(
        proto.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )


def onnx_scorer(session: ort.InferenceSession) -> Scorer:
    return lambda X: session.run(None, {"features": X})


def graphs_at(rev: str) -> types.ModuleType:
    """`pad_desktop.model.onnx_graphs` as it was at git revision `rev` (the same-run baseline
    of the dense graph), loaded beside today's."""
    source = subprocess.run(
        ["git", "show", f"{rev}:pad_desktop/model/onnx_graphs.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType(f"onnx_graphs_at_{rev}")
    sys.modules[module.__name__] = module  # its dataclasses look their module up there
    exec(compile(source, f"{rev}:onnx_graphs.py", "exec"), module.__dict__)
    return module


def scorers(
    model: CatBoostClassifier, forest: ObliviousForest, base: types.ModuleType | None
) -> dict[str, Scorer]:
    sessions = {
        "export": one_thread_session(catboost_export(model)),
        "standard": one_thread_session(standard_graph(model, forest)),
        "dense": one_thread_session(dense_graph(forest)),
        "probs": one_thread_session(probability_graph(forest)),
    }
    if base is not None:
        sessions["dense before"] = one_thread_session(base.dense_graph(forest))
        sessions["probs before"] = one_thread_session(base.probability_graph(forest))
    out: dict[str, Scorer] = {name: onnx_scorer(s) for name, s in sessions.items()}
    # does ORT skip what the requested outputs do not need? (the contributions: no, they are
    # computed in the same Scan body as the probabilities)
    dense = sessions["dense"]
    out["dense, p only"] = lambda X: dense.run(["probabilities"], {"features": X})
    out["native"] = lambda X: model.predict_proba(X, thread_count=1)
    return out


def compile_seconds(forest: ObliviousForest, repeat: int = 3) -> float:
    """Best wall time to get a 1-thread session of the probability graph from a dense
    `model.onnx` (bytes already read): parse, read the forest, its groups and its walk back,
    compile, create the session; what `Scorer.probabilities` pays once (plus importing onnx)."""
    payload = dense_graph(forest).SerializeToString()
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        proto = probability_graph_of(onnx.load_from_string(payload))
        one_thread_session(proto)
        best = min(best, time.perf_counter() - began)
    return best


def one_round(score: Scorer, X: np.ndarray, batch: int) -> tuple[float, float]:
    """(rows per CPU-second of this thread, rows per wall second) over all of X."""
    wall, cpu = time.perf_counter(), time.thread_time()
    for i in range(0, len(X), batch):
        score(X[i : i + batch])
    return len(X) / (time.thread_time() - cpu), len(X) / (time.perf_counter() - wall)


def measure(
    runs: dict[str, Scorer], X: np.ndarray, batch: int, rounds: int
) -> dict[str, tuple[float, float]]:
    for score in runs.values():
        score(X[:batch])  # warm-up: ORT plans its memory per new shape
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    names = list(runs)
    for r in range(rounds):
        for name in names if r % 2 == 0 else names[::-1]:
            results[name].append(one_round(runs[name], X, batch))
    return {name: max(values) for name, values in results.items()}


def profile_graph(forest: ObliviousForest, X: np.ndarray, label: str, kind: str = "dense") -> None:
    """ORT's own per-node profile of a graph, inner (per-chunk) nodes by total time."""
    compile_graph = dense_graph if kind == "dense" else probability_graph
    with tempfile.TemporaryDirectory() as tmp:
        session = one_thread_session(compile_graph(forest), profile=f"{tmp}/{kind}")
        for _ in range(3):
            session.run(None, {"features": X})
        events = json.loads(Path(session.end_profiling()).read_text())
    totals: Counter[str] = Counter()
    for event in events:
        name = event.get("name", "")
        if event.get("cat") == "Node" and name.endswith("_kernel_time"):
            op = event["args"].get("op_name", "?")
            if op not in ("If", "Scan"):  # containers: their time is their nodes'
                node = name.removesuffix("_kernel_time")
                # the probability graph compares each feature's run of borders in its own node
                node = re.sub(r"^compare borders \S+", "compare borders, all runs", node)
                totals[node] += event["dur"]
    total = sum(totals.values())
    print(f"\nORT profile, {kind} graph, {label} ({len(X)} rows x 3; share of node time):\n")
    print("| node | share |\n|---|---:|")
    for node, dur in totals.most_common(10):
        print(f"| {node} | {100 * dur / total:.1f} % |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=20_000)  # the batch scorer's chunk
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--base",
        metavar="REV",
        help="also time the dense and probability graphs of this git revision",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    shipped = CatBoostClassifier()
    shipped.load_model(str(SHIPPED_CBM))
    models = {"ours (depth 4, 18 inputs)": shipped, "depth 6, 15 inputs": train_depth6()}
    print(
        f"# {platform.processor() or platform.machine()}, onnxruntime {ort.__version__}, "
        f"{args.rows} rows in batches of {args.batch}, best of {args.rounds} rounds, 1 thread; "
        f"load average at start {os.getloadavg()[0]:.1f}\n"
    )
    base = graphs_at(args.base) if args.base else None
    before = (
        " | dense before | dense / dense before | probs before | probs / probs before"
        if base
        else ""
    )
    columns = ("export", "standard", "dense", "dense, p only", "probs", "native")
    print(
        f"| model | trees x depth | {' | '.join(columns)} | probs / export | probs / native "
        f"| dense / export | dense / native | compile probs (s){before} |"
    )
    print("|---|---|" + "---:|" * (len(columns) + 5) + ("---:|" * 4 if base else ""))
    for label, model in models.items():
        forest = forest_from_catboost(model)
        rng = np.random.default_rng(1)
        X = np.nan_to_num(random_rows(forest, args.rows, rng))  # no NaN: every scorer takes it
        rates = measure(scorers(model, forest, base), X, args.batch, args.rounds)
        cpu = {name: rate[0] for name, rate in rates.items()}
        figures = " ".join(f"| {cpu[k]:,.0f} ({rates[k][1]:,.0f})" for k in columns)
        line = (
            f"| {label} | {len(forest.trees)} x {forest.max_depth} {figures} "
            f"| **{cpu['probs'] / cpu['export']:.1f}x** "
            f"| **{100 * cpu['probs'] / cpu['native']:.0f} %** "
            f"| {cpu['dense'] / cpu['export']:.1f}x | {100 * cpu['dense'] / cpu['native']:.0f} % "
            f"| {compile_seconds(forest):.2f} |"
        )
        if base:
            for kind in ("dense", "probs"):
                old = cpu[f"{kind} before"]
                line += (
                    f" {old:,.0f} ({rates[f'{kind} before'][1]:,.0f}) | {cpu[kind] / old:.2f}x |"
                )
        print(line, flush=True)
    print("\nrows per CPU-second of the calling thread (rows per wall second in brackets)")
    if args.profile:
        for label, model in models.items():
            forest = forest_from_catboost(model)
            X = np.nan_to_num(random_rows(forest, 100_000, np.random.default_rng(1)))
            for kind in ("dense", "probs"):
                profile_graph(forest, X, label, kind)
    print(
        f"\nload average at end: {os.getloadavg()[0]:.1f}; "
        f"total {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
