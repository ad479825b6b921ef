"""Time of a model update from a Hub on loopback: ours vs a plain `hf_hub_download`.

    uv run python benchmarks/bench_hub_update.py [--repeats 10]

One run: an olah server (offline, loopback) serves a repo holding the shipped bundle
(resources/model, ~2 MB, model.onnx and model.cbm as LFS). Each repeat, in a fresh data folder:
- ours: `check_for_update` (resolve + tree + MLmodel/README) then `install_candidate`
  (download with hashing, ONNX load, smoke test on the 1000-row reference sample, atomic
  install, ACTIVE pointer) — phases timed separately;
- baseline: `hf_hub_download` of the same files at the same commit into a fresh cache
  (endpoint passed explicitly), which checks sizes only and loads nothing.
Medians of the repeats; the machine is shared, so read the ratio, not the absolute figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the test Hub helpers live in tests/hub

from tests.hub.hub_repos import SHIPPED, run_olah  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    from huggingface_hub import hf_hub_download

    from pad_desktop.hub import check_for_update, hub_config, install_candidate
    from pad_desktop.hub.verify import verify_bundle
    from pad_desktop.runtime.settings import get_settings

    with tempfile.TemporaryDirectory() as tmp, run_olah(Path(tmp) / "olah") as olah:
        repo = olah.new_repo("bench")
        commit = repo.commit(SHIPPED, "shipped bundle")
        config = hub_config(repo_id=repo.repo_id, endpoint=olah.endpoint)
        phases: dict[str, list[float]] = {"check": [], "install": [], "total": [], "verify": []}
        baseline: list[float] = []
        files: list[str] = []
        for i in range(args.repeats + 1):  # the first round warms imports and caches
            os.environ["PAD_DATA_DIR"] = str(Path(tmp) / f"data-{i}")
            get_settings.cache_clear()
            t0 = time.perf_counter()
            candidate = check_for_update(config)
            t1 = time.perf_counter()
            result = install_candidate(candidate)
            t2 = time.perf_counter()
            verify_bundle(result.installed.path, None)  # the verification step alone
            t3 = time.perf_counter()
            files = [f.path for f in candidate.layout.files]
            cache = Path(tmp) / f"hf-cache-{i}"
            t4 = time.perf_counter()
            for name in files:
                hf_hub_download(
                    repo.repo_id, name, revision=commit, endpoint=olah.endpoint, cache_dir=cache
                )
            t5 = time.perf_counter()
            if i == 0:
                continue
            phases["check"].append(t1 - t0)
            phases["install"].append(t2 - t1)
            phases["total"].append(t2 - t0)
            phases["verify"].append(t3 - t2)
            baseline.append(t5 - t4)
        size = candidate.total_bytes
    med = {k: statistics.median(v) * 1000 for k, v in phases.items()}
    base = statistics.median(baseline) * 1000
    print(f"bundle: {len(files)} files, {size / 1e6:.2f} MB, {args.repeats} repeats (medians)")
    print(f"ours  check                         {med['check']:8.1f} ms")
    print(f"ours  download+verify+install+switch {med['install']:8.1f} ms")
    print(f"ours  total                         {med['total']:8.1f} ms")
    print(f"      of which verification alone   {med['verify']:8.1f} ms (load + smoke test)")
    print(f"baseline hf_hub_download, same files {base:8.1f} ms")
    print(f"ratio ours/baseline                  {med['total'] / base:8.2f}")
    print(f"ratio (ours - verification)/baseline {(med['total'] - med['verify']) / base:8.2f}")


if __name__ == "__main__":
    main()
