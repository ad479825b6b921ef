"""The batch's stages run on their own threads (read and validate, predict and explain, record,
write): what a run writes must not depend on how its chunks fall or on which stage is late."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pad_desktop.service import batch
from pad_desktop.service.batch import ResultsNotWritten, score_csv


@pytest.fixture(scope="module")
def spotted_file(default_bundle_dir: Path, tmp_path_factory) -> tuple[Path, list[int]]:
    """900 applicants with broken lines around chunk boundaries: a bad value, a line of another
    width, a blank line, a line with values only outside the model's fields. Returns the file
    and the lines the errors file must name, in order."""
    reference = pd.read_csv(default_bundle_dir / "reference.csv")
    frame = reference.drop(columns=["expected_probability", "defaulted"]).head(300)
    frame = pd.concat([frame] * 3, ignore_index=True)
    frame.insert(0, "applicant_id", [f"A{i:05d}" for i in range(len(frame))])
    lines = frame.to_csv(index=False, lineterminator="\n").splitlines()
    header, body = lines[0], lines[1:]
    width = len(header.split(","))
    amount = header.split(",").index("credit_amount")

    def bad_value(row: str) -> str:
        cells = row.split(",")
        cells[amount] = "douze"
        return ",".join(cells)

    out, expected = [], []
    for i, row in enumerate(body):
        line = len(out) + 2  # the header is line 1
        if i in (0, 98, 99, 100, 101, 449, 899):
            out.append(bad_value(row))
            expected.append(line)
        elif i in (7, 200):
            out.append(row + ",extra")
            expected.append(line)
        elif i == 350:
            out.append("")  # blank: dropped, not an error, but it takes a line number
        elif i == 500:
            out.append("B00500" + "," * (width - 1))  # only the id: no value to score
            expected.append(line)
        else:
            out.append(row)
    path = tmp_path_factory.mktemp("pipeline") / "spotted.csv"
    path.write_text("\n".join([header, *out]) + "\n", encoding="utf-8")
    return path, expected


def _lines_named(errors: Path) -> list[int]:
    return pd.read_csv(errors, encoding="utf-8-sig")["line"].tolist()


def test_results_and_errors_do_not_depend_on_chunks_or_a_late_stage(
    scorer, spotted_file, tmp_path
) -> None:
    path, expected = spotted_file
    written = {}
    for rows in (1, 7, 100, 10_000):
        late = iter(range(10**6))

        def sink(chunk, late=late) -> None:  # every third chunk recorded late
            if next(late) % 3 == 0:
                time.sleep(0.002)

        out = tmp_path / f"out{rows}.csv"
        summary = score_csv(path, scorer, out, sink=sink, chunk_rows=rows)
        assert summary.fatal_error is None and not summary.cancelled
        assert summary.rows_with_errors == len(expected)
        assert summary.scored == 900 - len(expected) - 1  # and the blank line
        written[rows] = (out.read_bytes(), out.with_name(out.stem + ".errors.csv").read_bytes())
        assert sorted(set(_lines_named(out.with_name(out.stem + ".errors.csv")))) == expected
    # Scores may differ in the last written digit between the graph's few-rows branch (chunks
    # of 1 and 7) and its dense one (`test_chunking_does_not_change_results`): else identical.
    assert written[100][0] == written[10_000][0]
    assert len({errors for _, errors in written.values()}) == 1
    dense = pd.read_csv(tmp_path / "out100.csv", encoding="utf-8-sig")
    for rows in (1, 7):
        results = pd.read_csv(tmp_path / f"out{rows}.csv", encoding="utf-8-sig")
        np.testing.assert_allclose(results.pop("score"), dense["score"], atol=2e-6)
        pd.testing.assert_frame_equal(results, dense.drop(columns="score"))
    assert results["line"].is_monotonic_increasing and not set(results["line"]) & set(expected)
    assert (results["line"] == results["row"] + 1).all()


def test_a_write_failing_on_the_writer_thread_stops_the_run(
    scorer, spotted_file, tmp_path, monkeypatch
) -> None:
    """The second chunk's write fails: the run stops with what was recorded, and at most the
    chunk handed to the sink meanwhile is recorded after it."""
    path, _ = spotted_file
    write = batch._ResultWriter.write
    calls: list[int] = []

    def failing(self, result) -> None:
        calls.append(len(result.rows))
        if len(calls) == 2:
            raise ResultsNotWritten("file.write_failed", name="results", path="x", reason="full")
        write(self, result)

    monkeypatch.setattr(batch._ResultWriter, "write", failing)
    recorded: list[int] = []
    summary = score_csv(
        path, scorer, tmp_path / "out.csv", sink=lambda c: recorded.append(len(c.rows)),
        chunk_rows=100,
    )  # fmt: skip
    assert summary.write_failed and summary.fatal_error
    assert 2 <= len(recorded) <= 3 and summary.recorded == sum(recorded)
    assert len(calls) == 2  # nothing written after the failed write
    assert len(pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig")) == calls[0]
