"""The results and errors files: one run writes them at a time, a full disk says what was
recorded, and no text from the input or a bundle reorders what a spreadsheet shows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from pad_desktop.cells.csv_dialect import FRENCH
from pad_desktop.decisions.records import Outcome, new_id
from pad_desktop.service.batch import ChunkResult, _ResultWriter, score_csv

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "applicants_fr.csv"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pad_desktop", "score", *args],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=120,
    )


def _valid_rows(count: int, path: Path) -> Path:
    header, *lines = EXAMPLE.read_text(encoding="utf-8-sig").splitlines()
    good = [line for i, line in enumerate(lines, start=2) if i not in (5, 7, 10)]
    body = [
        f"B{i:05d}" + good[i % len(good)][good[i % len(good)].index(";") :] for i in range(count)
    ]
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    return path


def _recorded() -> int:
    from pad_desktop.decisions import DecisionLog, HistoryFilter

    log = DecisionLog.open()
    try:
        return log.count(HistoryFilter(source="batch"))
    finally:
        log.close()


def test_a_full_disk_stops_the_run_and_says_what_was_recorded(tmp_path: Path) -> None:
    """/dev/full: every write fails with ENOSPC, as on a full disk."""
    source = _valid_rows(2_000, tmp_path / "in.csv")
    done = _cli(
        str(source), "-o", "/dev/full", "--errors", str(tmp_path / "e.csv"), "--chunk-rows", "100"
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    recorded = _recorded()
    assert 0 < recorded < 2_000  # it stopped deciding once results could not be written
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(
        "error: The results file /dev/full could not be written to the end: No space left on "
        f"device. {recorded:,} decision(s) of this run were recorded (batch "
    )
    assert "do not score the file again" in last and "export them from History" in last


def test_a_full_disk_in_a_dry_run_says_nothing_was_recorded(tmp_path: Path) -> None:
    done = _cli(
        str(EXAMPLE),
        "-o",
        "/dev/full",
        "--errors",
        str(tmp_path / "e.csv"),
        "--no-log",
        "--lang",
        "fr",
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "erreur : Le fichier de résultats /dev/full n'a pas pu être écrit jusqu'au bout : "
        "No space left on device. Rien n'a été enregistré (essai à blanc) : libérez de la place "
        "et relancez."
    )


def test_a_second_run_writing_the_same_results_is_refused(scorer, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    with _ResultWriter(out, None, FRENCH) as first:  # the first run holds its results
        first._out.write(b"first run's results\n")
        first._out.flush()
        done = _cli(str(EXAMPLE), "-o", str(out), "--no-log")
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert done.stderr.strip().splitlines()[-1] == (
            f"error: The results file {out} is being written by another run: wait until it "
            "ends, or choose another file name."
        )
        assert out.read_bytes().endswith(b"first run's results\n")
    assert score_csv(EXAMPLE, scorer, out).scored == 37  # free again once that run ended


def test_a_second_run_writing_the_same_errors_file_is_refused(scorer, tmp_path: Path) -> None:
    errors = tmp_path / "shared.errors.csv"
    with _ResultWriter(tmp_path / "a.csv", errors, FRENCH):
        done = _cli(
            str(EXAMPLE),
            "-o",
            str(tmp_path / "b.csv"),
            "--errors",
            str(errors),
            "--no-log",
            "--lang",
            "fr",
        )
        assert done.returncode == 1
        assert done.stderr.strip().splitlines()[-1] == (
            f"erreur : Le fichier d'erreurs {errors} est en cours d'écriture par une autre "
            "exécution : attendez qu'elle se termine, ou choisissez un autre nom de fichier."
        )


def test_bidi_controls_from_the_input_are_shown_not_obeyed(scorer, tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8-sig")
    source = tmp_path / "in.csv"
    source.write_text(
        text.replace("A1001;", f"A1{BIDI}001;").replace(";holidays;", f";{BIDI}syadiloh;"),
        encoding="utf-8",
    )
    summary = score_csv(source, scorer, tmp_path / "out.csv")
    written = (tmp_path / "out.csv").read_text("utf-8-sig") + summary.errors_output.read_text(
        "utf-8-sig"
    )
    assert not any(ch in written for ch in BIDI)
    assert "A1" + "\ufffd" * len(BIDI) + "001" in written
    assert "\ufffd" * len(BIDI) + "syadiloh" in written


def test_bidi_controls_from_a_bundle_are_shown_not_obeyed(tmp_path: Path) -> None:
    result = ChunkResult(
        batch_id=new_id(),
        threshold=0.5,
        rows=np.array([1]),
        id_column="id",
        id_texts=pa.array(["A1"]),
        cells=pa.table({"x": ["1"]}),
        probabilities=np.array([0.9]),
        decisions=np.array([Outcome.REFUSED], dtype=object),
        reason_codes=np.array([[0, -1, -1, -1]], np.int32),
        reason_table=["Durée\u202e: 36 mois"],
        errors=pd.DataFrame(columns=["row", "line", "case_ref", "field", "value", "message"]),
        latency_ms=1.0,
    )
    with _ResultWriter(tmp_path / "out.csv", None, FRENCH, "id") as writer:
        writer.write(result)
    row = pd.read_csv(tmp_path / "out.csv", sep=";", dtype=str, encoding="utf-8-sig").iloc[0]
    assert row["reason_1"] == "Durée\ufffd: 36 mois"


@pytest.mark.parametrize("name", ["out.csv", "out.errors.csv"])
def test_an_output_is_emptied_only_once_it_is_ours(scorer, tmp_path: Path, name: str) -> None:
    """A rerun replaces the previous results (not appended to them)."""
    (tmp_path / name).write_text("old\n" * 1000)
    score_csv(EXAMPLE, scorer, tmp_path / "out.csv")
    assert "old\nold" not in (tmp_path / name).read_text("utf-8-sig")
