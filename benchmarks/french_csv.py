"""A large French Excel CSV of applicants for the batch benchmarks (and the profile).

The shipped reference sample resampled, written as French Excel writes it: `;`, CRLF, UTF-8 with
a BOM (or Windows-1252 without one), an applicant id column, some amounts with a no-break-space
thousands group ("5 951"), and a few bad rows (a word in a number, an unknown category, an
empty required cell, a line with too few fields) so the error path is part of what is timed.

    uv run python benchmarks/french_csv.py OUT.csv [--rows 1000000] [--encoding cp1252]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "resources" / "model" / "reference.csv"
BAD_EVERY = 50_000  # one bad row of each kind per this many rows


def make_french_csv(path: Path, rows: int, encoding: str = "utf-8-sig", seed: int = 0) -> None:
    reference = pd.read_csv(REFERENCE, dtype=str).drop(columns=["expected_probability"])
    rng = np.random.default_rng(seed)
    frame = reference.iloc[rng.integers(0, len(reference), rows)].reset_index(drop=True)
    frame.insert(0, "applicant_id", [f"D{i:07d}" for i in range(rows)])
    amounts = frame["credit_amount"].astype(int)
    grouped = (rng.random(rows) < 0.3) & (amounts >= 1000)  # "5 951" as French Excel shows it
    frame.loc[grouped, "credit_amount"] = [
        f"{a // 1000}\u00a0{a % 1000:03d}" for a in amounts[grouped]
    ]
    bad = np.arange(7, rows, BAD_EVERY)
    frame.loc[bad, "age_in_years"] = "douze"
    frame.loc[bad[1::2], "purpose"] = "yacht"
    frame.loc[(bad + 11)[(bad + 11) < rows], "duration_in_month"] = ""
    lines = frame.to_csv(sep=";", index=False, lineterminator="\r\n").split("\r\n")
    for i in bad[::3] + 23:  # a line with too few fields (line i + 2 of the file)
        if i + 1 < len(lines) - 1:
            lines[i + 1] = ";".join(lines[i + 1].split(";")[:5])
    with open(path, "w", encoding=encoding, newline="") as handle:
        handle.write("\r\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("output", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--encoding", default="utf-8-sig")
    args = parser.parse_args()
    make_french_csv(args.output, args.rows, args.encoding)


if __name__ == "__main__":
    main()
