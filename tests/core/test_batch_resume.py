"""A batch file run again is not decided twice: a killed or cancelled run resumes after its last
recorded chunk; `--again` decides anew, each decision linked to the earlier one."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.bundle import load_bundle
from pad_desktop.runtime.tasks import TaskState
from pad_desktop.service.decision_service import DecisionService

ROWS, CHUNK = 3000, 500


@pytest.fixture
def applicants(default_bundle_dir: Path, tmp_path: Path) -> Path:
    example = load_bundle(default_bundle_dir).signature.example
    frame = pd.DataFrame([{"applicant_id": f"A{i:05d}", **example} for i in range(ROWS)])
    frame["age_in_years"] = 20 + frame.index % 60
    path = tmp_path / "applicants.csv"
    frame.to_csv(path, index=False)
    return path


def _batch_rows(data_dir: Path) -> list[tuple[str, int, str | None]]:
    conn = sqlite3.connect(data_dir / "decisions.sqlite3")
    try:
        return conn.execute(
            "SELECT batch_id, row_number, previous_id FROM decisions ORDER BY row_number"
        ).fetchall()
    finally:
        conn.close()


def _killed_after_two_chunks(bundle: str, path: str, data_dir: str) -> None:
    """A batch process killed with SIGKILL right after its second chunk was recorded."""
    seen = []

    def on_chunk(_chunk) -> None:
        seen.append(1)
        if len(seen) == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    log = DecisionLog.open(data_dir=Path(data_dir))
    service = DecisionService(ActiveModel(bundle), log)
    service.score_file(
        path, Path(path).with_suffix(".out.csv"), on_chunk=on_chunk, chunk_rows=CHUNK
    )


def test_a_killed_batch_rerun_decides_no_applicant_twice(
    default_bundle_dir: Path, applicants: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    child = multiprocessing.get_context("spawn").Process(
        target=_killed_after_two_chunks, args=(str(default_bundle_dir), str(applicants), data_dir)
    )
    child.start()
    child.join(120)
    assert child.exitcode == -signal.SIGKILL
    before = _batch_rows(data_dir)
    assert 0 < len(before) < ROWS  # killed mid-file, its recorded chunks kept

    out = tmp_path / "rerun.csv"
    assert main(["score", str(applicants), "-o", str(out), "--chunk-rows", str(CHUNK)]) == 0
    after = _batch_rows(data_dir)
    assert len(after) == ROWS
    assert sorted(r for _, r, _ in after) == list(range(1, ROWS + 1))  # each row once
    assert {b for b, _, _ in after} == {before[0][0]}  # the same batch, resumed
    assert len(pd.read_csv(out)) == ROWS  # every row's result is written


def test_a_cancelled_batch_resumes_and_again_links_each_decision(
    default_bundle_dir: Path, applicants: Path, tmp_path: Path
) -> None:
    with DecisionLog.open(data_dir=tmp_path / "data") as log:
        service = DecisionService(ActiveModel(str(default_bundle_dir)), log)
        state = TaskState()
        first = service.score_file(
            applicants,
            tmp_path / "1.csv",
            state=state,
            chunk_rows=CHUNK,
            on_chunk=lambda _c: state.cancel(),
        )
        assert first.cancelled
        recorded = len(_batch_rows(tmp_path / "data"))
        assert 0 < recorded < ROWS

        resumed = service.score_file(applicants, tmp_path / "2.csv", chunk_rows=CHUNK)
        assert resumed.batch_id == first.batch_id
        assert resumed.already_recorded == recorded
        assert len(_batch_rows(tmp_path / "data")) == ROWS

        again = service.score_file(applicants, tmp_path / "3.csv", chunk_rows=CHUNK, again=True)
        assert again.batch_id != first.batch_id and again.again_of == first.batch_id
    rows = _batch_rows(tmp_path / "data")
    assert len(rows) == 2 * ROWS
    earlier = {r: None for b, r, _ in rows if b == str(first.batch_id)}
    with DecisionLog.open(data_dir=tmp_path / "data") as log:
        for batch_id, row, previous in rows:
            if batch_id == str(again.batch_id) and row in (1, ROWS // 2, ROWS):
                linked = log.get(previous)
                assert linked is not None and linked.batch_id == first.batch_id
                assert linked.row_number == row
                earlier[row] = previous
    assert all(earlier[r] for r in (1, ROWS // 2, ROWS))
