"""Drift-report benchmark: `pad_desktop.drift.build_report` vs Evidently alone, same frames.

Production inputs are simulated (drift 0.2) into a temporary SQLite decision log and read back
with `DecisionLog.production_inputs`, as the app reads them. For 10k and 100k rows, in one run,
interleaved so that the shared machine's noise hits both alike; best and median of `--repeat`
runs, wall-clock and process CPU time (CPU time is less disturbed by other users of the machine):
- ours: `build_report` (model columns typed from the signature, Evidently's DataDriftPreset +
  DataSummaryPreset with tests, per-input verdicts read from the snapshot's JSON, PSI of the
  score and of every input, the weekly trend, HTML + JSON summary written atomically);
- Evidently alone: `Report([DataDriftPreset(), DataSummaryPreset()]).run` on the same frames
  with the same column types, then `save_html` (what a data scientist would write by hand).
Evidently is imported, and both paths run once untimed per size, before timing (the ~5 s
import and the first-run set-up are paid once per process by both). The
time to read the rows from the log is reported beside, not included.

    uv run python benchmarks/bench_drift.py [--sizes 10000 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def evidently_alone(production, reference, numerical, categorical, out: Path) -> None:
    from evidently import DataDefinition, Dataset, Report
    from evidently.presets import DataDriftPreset, DataSummaryPreset

    definition = DataDefinition(numerical_columns=numerical, categorical_columns=categorical)
    snapshot = Report([DataDriftPreset(), DataSummaryPreset()]).run(
        Dataset.from_pandas(production, data_definition=definition),
        Dataset.from_pandas(reference, data_definition=definition),
    )
    snapshot.save_html(str(out))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench_drift_"))
    os.environ["PAD_DATA_DIR"] = str(work / "data")
    os.environ["PAD_CACHE_DIR"] = str(work / "cache")
    os.environ.pop("DATABASE_URL", None)

    import warnings

    import evidently  # noqa: F401  (paid once, before any timing)

    from pad_desktop.decisions import DecisionLog
    from pad_desktop.decisions.records import Source
    from pad_desktop.drift import build_report
    from pad_desktop.model.bundle import EXPECTED_COLUMN
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.service.simulate import simulate

    warnings.filterwarnings("ignore")  # scipy's divide-by-zero notes in Evidently alone
    scorer = Scorer.from_path(str(ROOT / "resources" / "model"))
    bundle = scorer.bundle
    reference = bundle.reference().drop(columns=[EXPECTED_COLUMN])
    numerical = [f.name for f in bundle.signature.fields if f.kind in ("number", "integer")]
    categorical = [c for c in reference.columns if c not in numerical]
    reference[numerical] = reference[numerical].astype("float64")

    simulated = [Source.SIMULATION]  # the benchmark's traffic is simulated
    results = {}
    with DecisionLog.open() as log:
        now = datetime.now(UTC)
        for i, n in enumerate(args.sizes):
            until = now - timedelta(days=30 * i)
            simulate(scorer, log, n, 0.2, seed=n, days=7, until=until)
            since = until - timedelta(days=7)
            t0 = time.perf_counter()
            production = log.production_inputs(
                bundle.id, since, until + timedelta(seconds=1), simulated
            )
            read_s = time.perf_counter() - t0
            assert len(production) == n, (len(production), n)
            alone_frame = production[list(reference.columns)].copy()
            alone_frame[numerical] = alone_frame[numerical].astype("float64")
            # warm-up, untimed: Evidently sets more of itself up on its first run of a shape
            build_report(bundle, production, since, until, sources=simulated, out_dir=work / "warm")
            evidently_alone(alone_frame, reference, numerical, categorical, work / "warm.html")
            runs: dict[str, list[tuple[float, float]]] = {"ours": [], "alone": []}
            for r in range(args.repeat):
                for which in ("ours", "alone") if r % 2 == 0 else ("alone", "ours"):
                    wall, cpu = time.perf_counter(), time.process_time()
                    if which == "ours":
                        summary = build_report(
                            bundle,
                            production,
                            since,
                            until,
                            sources=simulated,
                            out_dir=work / "ours",
                        )
                    else:
                        evidently_alone(
                            alone_frame, reference, numerical, categorical, work / "alone.html"
                        )
                    runs[which].append((time.perf_counter() - wall, time.process_time() - cpu))
            best = {k: [min(x) for x in zip(*v, strict=True)] for k, v in runs.items()}
            median = {
                k: [statistics.median(x) for x in zip(*v, strict=True)] for k, v in runs.items()
            }
            results[n] = {
                "best_wall_s": {k: v[0] for k, v in best.items()},
                "best_cpu_s": {k: v[1] for k, v in best.items()},
                "median_wall_s": {k: v[0] for k, v in median.items()},
                "median_cpu_s": {k: v[1] for k, v in median.items()},
                "read_from_log_s": read_s,
                "drift_share": summary.drift_share,
                "html_mb": summary.html_path.stat().st_size / 1e6,
                "runs": runs,
            }
            print(f"{n:>7,} rows (read from the log in {read_s:.2f} s, not included):")
            for label, table in (("best", best), ("median", median)):
                (ours_wall, ours_cpu), (alone_wall, alone_cpu) = table["ours"], table["alone"]
                print(
                    f"  {label:6} ours {ours_wall:6.2f} s wall {ours_cpu:6.2f} s CPU | Evidently "
                    f"alone {alone_wall:6.2f} s wall {alone_cpu:6.2f} s CPU | overhead "
                    f"{ours_wall / alone_wall - 1:+.1%} wall {ours_cpu / alone_cpu - 1:+.1%} CPU",
                    flush=True,
                )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
