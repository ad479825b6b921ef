"""Compare two batch runs' results and errors files: same rows, ids, decisions and reasons, scores
within 1e-6, identical errors (each file read in its own dialect).

    uv run python benchmarks/compare_results.py OLD.csv NEW.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from pad_desktop.cells.csv_dialect import detect_dialect


def read(path: Path) -> pd.DataFrame:
    dialect = detect_dialect(path)
    return pd.read_csv(
        path, sep=dialect.separator, decimal=dialect.decimal, encoding="utf-8-sig",
        dtype={"applicant_id": str}, keep_default_na=False,
    )  # fmt: skip


def compare(old: Path, new: Path) -> list[str]:
    problems = []
    a, b = read(old), read(new)
    if len(a) != len(b):
        return [f"{len(a)} rows against {len(b)}"]
    gap = float(np.max(np.abs(a["score"].astype(float) - b["score"].astype(float))))
    if gap > 1e-6:
        problems.append(f"scores differ by up to {gap}")
    for column in a.columns.drop("score"):
        if not (a[column].astype(str) == b[column].astype(str)).all():
            problems.append(f"column {column} differs")
    errors = [p.with_name(p.stem + ".errors.csv") for p in (old, new)]
    ea, eb = (read(p).astype(str) for p in errors)
    if not ea.equals(eb):
        problems.append("errors files differ")
    print(f"{len(a):,} results, {len(ea):,} errors; max |score gap| {gap:.2g}")
    return problems


if __name__ == "__main__":
    found = compare(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(found) or "identical")
    sys.exit(1 if found else 0)
