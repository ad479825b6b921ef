"""The answer's cost of a challenger: the same form decisions, with and without one, same run.

Each round decides the same applicants (the reference sample, fresh case references) through
`DecisionService.decide` on an embedded log: durable before it returns, as the form's are. With
a challenger (the shipped graph at another threshold), each decision is also handed to the
shadow scorer, whose thread scores and records it. Rounds alternate, so that both see the same
machine; the answer time is what `decide` takes.

    uv run python benchmarks/bench_challenger.py [--decisions 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHIPPED = ROOT / "resources" / "model"


def run(with_challenger: bool, rows: list[dict], tag: str, tmp: Path) -> list[float]:
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.monitoring import challenger
    from pad_desktop.runtime.identity import Identity
    from pad_desktop.runtime.settings import get_settings
    from pad_desktop.service.decision_service import DecisionService

    os.environ["PAD_DATA_DIR"] = str(tmp / tag)
    get_settings.cache_clear()
    if with_challenger:
        from tests.hub.hub_repos import bundle_variant

        challenger.set_challenger(bundle_variant(tmp / f"{tag}-bundle", threshold=0.3))
    log = DecisionLog.open()
    service = DecisionService(ActiveModel(SHIPPED), log, Identity("bench", "ws-b"))
    service.decide(rows[0], case_ref=f"{tag}-warm")  # the challenger is looked up here
    times = []
    for i, values in enumerate(rows):
        t = time.perf_counter()
        service.decide(values, case_ref=f"{tag}-{i}")
        times.append((time.perf_counter() - t) * 1000)
    service.close()
    if with_challenger:
        assert len(log.shadow_scores()) == len(rows) + 1
    log.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decisions", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from pad_desktop.model.scoring import Scorer

    names = list(Scorer.from_path(str(SHIPPED)).signature.names)
    sample = pd.read_csv(SHIPPED / "reference.csv")[names].head(args.decisions)
    rows = [r.to_dict() for _, r in sample.iterrows()]
    found: dict[bool, list[float]] = {False: [], True: []}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for with_challenger in (False, True):
                tag = f"r{r}-{'ch' if with_challenger else 'no'}"
                found[with_challenger] += run(with_challenger, rows, tag, Path(tmp))
    for with_challenger, times in found.items():
        q = statistics.quantiles(times, n=100)
        label = "with challenger   " if with_challenger else "without challenger"
        print(f"{label}: median {statistics.median(times):.2f} ms, p95 {q[94]:.2f} ms, "
              f"mean {statistics.fmean(times):.2f} ms over {len(times)} decisions")  # fmt: skip
    ratio = statistics.median(found[True]) / statistics.median(found[False])
    print(f"median answer with a challenger: {ratio:.3f}x without (goal <= 1.10)")


if __name__ == "__main__":
    main()
