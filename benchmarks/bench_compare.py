"""`model compare` on 100k logged decisions: the whole replay against its floor in the same run.

Builds an embedded decision log of N decisions (the shipped reference sample, repeated, decided
through the decision service as a batch), with outcomes for all of them, then times:
- the replay as `pad-desktop model compare` runs it (read the log, both models, swap set, AUCs);
- its floor: validating and scoring the same canonical inputs through both models, already in
  memory (what any replay must do);
- the read alone (`DecisionLog.replay_rows`).

    uv run python benchmarks/bench_compare.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHIPPED = ROOT / "resources" / "model"


def build(log, rows: int) -> None:
    from pad_desktop.decisions.records import Source
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.monitoring import outcomes
    from pad_desktop.runtime.identity import Identity
    from pad_desktop.service.decision_service import DecisionService

    sample = pd.read_csv(SHIPPED / "reference.csv")
    whole = pd.concat([sample] * (rows // len(sample) + 1), ignore_index=True).head(rows)
    service = DecisionService(ActiveModel(SHIPPED), log, Identity("bench", "ws-b"))
    names = list(service.scorer.signature.names)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for at in range(0, rows, 20_000):
        part = whole.iloc[at : at + 20_000]
        refs = [f"B-{i}" for i in range(at, at + len(part))]
        times = [start + timedelta(seconds=60 * i) for i in range(at, at + len(part))]
        service.decide_frame(part[names], source=Source.BATCH, case_refs=refs, created_at=times)
    lines = [
        outcomes.OutcomeLine(i + 2, case_ref=f"B-{i}", defaulted=int(flag),
                             observed_on=date(2027, 6, 1))
        for i, flag in enumerate(whole["defaulted"])
    ]  # fmt: skip
    report = outcomes.import_lines(log, lines, Identity("bench", "ws-b"))
    assert report.recorded == rows, report.summary()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.monitoring import replay
    from pad_desktop.monitoring.replay import compare, inputs_frame, probabilities
    from tests.hub.hub_repos import bundle_variant

    with tempfile.TemporaryDirectory() as tmp:
        log = DecisionLog.open(data_dir=Path(tmp) / "log")
        t = time.perf_counter()
        build(log, args.rows)
        print(f"built {args.rows} decisions with outcomes in {time.perf_counter() - t:.1f} s")
        active = Scorer.from_path(str(SHIPPED))
        candidate = Scorer.from_path(str(bundle_variant(Path(tmp) / "t30", threshold=0.3)))
        as_of = date(2030, 1, 1)

        t = time.perf_counter()
        texts, _frame = log.replay_rows(matured_by=as_of.isoformat())
        read_s = time.perf_counter() - t
        inputs = inputs_frame(texts)
        t = time.perf_counter()
        probabilities(active, inputs)
        probabilities(candidate, inputs)
        floor_s = time.perf_counter() - t

        t = time.perf_counter()
        result = compare(log, active, candidate, as_of)
        whole_s = time.perf_counter() - t

        # issue 32: fresh scorers replaying through their probability graph (each compiles it
        # on its first call, as a `model compare` process would) against their dense graph
        best = {"probability graph": float("inf"), "dense graph": float("inf")}
        for r in range(args.rounds):
            for mode in list(best) if r % 2 == 0 else list(best)[::-1]:
                pair = [Scorer.from_path(str(SHIPPED)), Scorer.from_path(candidate.bundle.path)]
                # below replay.PROBABILITY_GRAPH_ROWS a replay keeps the dense graph: lift it
                replay.PROBABILITY_GRAPH_ROWS = 0 if mode == "probability graph" else 1 << 62
                t = time.perf_counter()
                compare(log, *pair, as_of)
                best[mode] = min(best[mode], time.perf_counter() - t)
        log.close()
    print(f"read the log: {read_s:.2f} s")
    print(f"floor, both models on inputs in memory: {floor_s:.2f} s")
    print(f"model compare, whole: {whole_s:.2f} s ({args.rows / whole_s:,.0f} decisions/s; "
          f"{whole_s / floor_s:.2f}x the floor); swap_in {result.swap_in.count}, "
          f"with outcomes {result.with_outcomes}")  # fmt: skip
    for mode, seconds in best.items():
        print(f"model compare, fresh scorers, {mode}: {seconds:.2f} s (best of {args.rounds})")


if __name__ == "__main__":
    main()
