"""Scoring-core benchmark: single-applicant latency and 1M-row CSV throughput vs raw ONNX Runtime.

Each figure is measured beside its baseline in the same run (the machine is shared and noisy):
- single: validate + encode + ONNX + decision + reasons for one applicant (`Scorer.score`)
  vs the bare `InferenceSession.run` on the same, already encoded row;
- batch: `score_csv` on a 1M-row CSV to an output file (parse, validate, score, reasons, write)
  vs `InferenceSession.run` on the same 1M-row float32 array in the same chunk size;
- peak RSS of a fresh process running the 1M-row batch.

    uv run python benchmarks/bench_scoring.py [--rows 1000000] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pad_desktop.model.scoring import Scorer  # noqa: E402
from pad_desktop.service.batch import DEFAULT_CHUNK_ROWS, score_csv  # noqa: E402

BUNDLE = ROOT / "resources" / "model"


def percentiles(samples: list[float]) -> tuple[float, float]:
    return float(np.percentile(samples, 50)), float(np.percentile(samples, 99))


def bench_single(scorer: Scorer, n: int = 5000) -> dict[str, float]:
    rows = scorer.bundle.reference()[scorer.signature.names].to_dict(orient="records")
    encoded = [scorer.signature.encode_row(scorer.signature.validate(r)) for r in rows]
    session, name = scorer.session, scorer.session.get_inputs()[0].name
    outputs = [o.name for o in session.get_outputs()]
    for i in range(300):  # warm-up both paths
        scorer.score(rows[i % len(rows)])
        session.run(outputs, {name: encoded[i % len(rows)]})
    full, raw = [], []
    for i in range(n):  # interleaved, so that noise hits both alike
        row, x = rows[i % len(rows)], encoded[i % len(rows)]
        t0 = time.perf_counter()
        scorer.score(row)
        t1 = time.perf_counter()
        session.run(outputs, {name: x})
        t2 = time.perf_counter()
        full.append((t1 - t0) * 1e3)
        raw.append((t2 - t1) * 1e3)
    (p50, p99), (r50, r99) = percentiles(full), percentiles(raw)
    return {"single_p50_ms": p50, "single_p99_ms": p99, "raw_p50_ms": r50, "raw_p99_ms": r99}


def make_csv(path: Path, rows: int, seed: int = 0) -> None:
    reference = pd.read_csv(BUNDLE / "reference.csv").drop(columns=["expected_probability"])
    rng = np.random.default_rng(seed)
    frame = reference.iloc[rng.integers(0, len(reference), rows)].reset_index(drop=True)
    frame.insert(0, "applicant_id", np.arange(rows))
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n")


def bench_batch(scorer: Scorer, csv_path: Path, out_dir: Path) -> dict[str, float]:
    frame = pd.read_csv(csv_path, sep=";", encoding="utf-8-sig")
    matrix = scorer.signature.validate_frame(frame[scorer.signature.names]).matrix
    session, name = scorer.session, scorer.session.get_inputs()[0].name
    outputs = [o.name for o in session.get_outputs()]
    session.run(outputs, {name: matrix[:DEFAULT_CHUNK_ROWS]})
    t0 = time.perf_counter()
    for start in range(0, len(matrix), DEFAULT_CHUNK_ROWS):
        session.run(outputs, {name: matrix[start : start + DEFAULT_CHUNK_ROWS]})
    raw_s = time.perf_counter() - t0
    summary = score_csv(csv_path, scorer, out_dir / "out.csv")
    assert summary.scored == len(frame), summary
    io_s = csv_io_floor(csv_path, out_dir / "out.csv", out_dir / "copy.csv")
    return {
        "csv_io_only_rows_per_s": len(frame) / io_s,
        "rows": len(frame),
        "raw_onnx_rows_per_s": len(frame) / raw_s,
        "csv_end_to_end_rows_per_s": len(frame) / summary.seconds,
        "ratio": raw_s / summary.seconds,
    }


def csv_io_floor(csv_path: Path, written: Path, copy: Path) -> float:
    """Seconds pandas alone takes to read the input and write an output of the same shape,
    in the same chunks: the floor under any pandas-based batch, whatever the model."""
    output = pd.read_csv(written, sep=";", encoding="utf-8-sig")
    t0 = time.perf_counter()
    reader = pd.read_csv(csv_path, sep=";", encoding="utf-8-sig", chunksize=DEFAULT_CHUNK_ROWS)
    with open(copy, "w", encoding="utf-8-sig", newline="") as handle:
        for i, chunk in enumerate(reader):
            part = output.iloc[i * DEFAULT_CHUNK_ROWS : i * DEFAULT_CHUNK_ROWS + len(chunk)]
            part.to_csv(handle, sep=";", index=False, header=i == 0)
    return time.perf_counter() - t0


def peak_rss_mb(csv_path: Path, out_dir: Path, threads: int) -> float:
    code = (
        f"import resource, sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from pad_desktop.model.scoring import Scorer\n"
        "from pad_desktop.service.batch import score_csv\n"
        f"s = Scorer.from_path({str(BUNDLE)!r}, threads={threads})\n"
        f"score_csv({str(csv_path)!r}, s, {str(out_dir / 'rss.csv')!r})\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    scorer = Scorer.from_path(str(BUNDLE), threads=args.threads)
    results: dict[str, object] = {"graph": scorer.bundle.graph, "threads": args.threads}
    results.update(bench_single(scorer))
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "applicants.csv"
        make_csv(csv_path, args.rows)
        results["csv_mb"] = csv_path.stat().st_size / 1e6
        results.update(bench_batch(scorer, csv_path, Path(tmp)))
        results["peak_rss_mb"] = peak_rss_mb(csv_path, Path(tmp), args.threads)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
