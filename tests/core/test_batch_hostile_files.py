"""Hostile or broken CSV files: refused before anything is written, or only the bad line."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from pad_desktop.cells.csv_dialect import CsvFormatError, detect_dialect
from pad_desktop.cli import main
from pad_desktop.decisions.records import Outcome, new_id
from pad_desktop.service.batch import ChunkResult, _ResultWriter, score_csv

EXAMPLE = Path("resources/examples/applicants_fr.csv")


@pytest.fixture
def source(tmp_path: Path) -> Path:
    copy = tmp_path / "in.csv"
    copy.write_bytes(EXAMPLE.read_bytes())
    return copy


@pytest.mark.parametrize("how", ["output", "errors", "link", "errors-is-output"])
def test_an_output_that_is_the_input_is_refused_before_anything_is_opened(
    scorer, source: Path, tmp_path: Path, how: str
) -> None:
    before = source.read_bytes()
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    output, errors = {
        "output": (source, None),
        "errors": (tmp_path / "out.csv", source),
        "link": (link, None),
        "errors-is-output": (tmp_path / "out.csv", tmp_path / "out.csv"),
    }[how]
    with pytest.raises(CsvFormatError, match="would destroy it"):
        score_csv(source, scorer, output, errors)
    assert source.read_bytes() == before
    assert not (tmp_path / "out.csv").exists()


def test_the_cli_refuses_to_overwrite_its_input(source: Path, capsys) -> None:
    before = source.read_bytes()
    assert main(["score", str(source), "-o", str(source), "--no-log"]) == 2
    assert "would destroy it" in capsys.readouterr().err
    assert source.read_bytes() == before


def test_a_fifo_is_refused_not_waited_on(scorer, tmp_path: Path) -> None:
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    with pytest.raises(CsvFormatError, match="not a regular file"):
        score_csv(fifo, scorer, tmp_path / "out.csv")


def test_a_header_only_file_says_there_are_no_applicants(source: Path, capsys) -> None:
    source.write_text(source.read_text(encoding="utf-8-sig").splitlines()[0] + "\n")
    assert main(["score", str(source), "--no-log"]) == 1
    assert "no applicants" in capsys.readouterr().err


def test_a_line_of_a_million_fields_is_refused_alone(scorer, source: Path, tmp_path) -> None:
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    lines.insert(2, ";".join(["x"] * 1_000_000))
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = score_csv(source, scorer, tmp_path / "out.csv")
    assert summary.scored == 37 and summary.fatal_error is None
    assert summary.error_samples[0] == "line 3: This line has 1000000 fields; the header has 19."


def test_a_nul_byte_refuses_its_cell_instead_of_cutting_it(scorer, source, tmp_path) -> None:
    text = source.read_text(encoding="utf-8-sig").replace(";own;", ";own\x00garbage;", 1)
    source.write_text(text, encoding="utf-8")
    summary = score_csv(source, scorer, tmp_path / "out.csv")
    assert any("NUL byte" in s for s in summary.error_samples)
    assert summary.scored == 36


def test_reasons_from_a_bundle_are_neutralised_in_exports(tmp_path: Path) -> None:
    """A bundle's description such as `=HYPERLINK(...)` reaches reason_1: quoted like a cell."""
    result = ChunkResult(
        batch_id=new_id(), threshold=0.5, rows=np.array([1]), id_column="id",
        id_texts=pa.array(["=A1"]), cells=pa.table({"x": ["1"]}),
        probabilities=np.array([0.9]), decisions=np.array([Outcome.REFUSED], dtype=object),
        reason_codes=np.array([[0, -1, -1, -1]], np.int32),
        reason_table=['=HYPERLINK("http://x"): 36 months'],
        errors=pd.DataFrame(columns=["row", "line", "case_ref", "field", "value", "message"]),
        latency_ms=1.0,
    )  # fmt: skip
    out = tmp_path / "out.csv"
    with _ResultWriter(out, None, detect_dialect(EXAMPLE), "id") as writer:
        writer.write(result)
    row = pd.read_csv(out, sep=";", dtype=str, encoding="utf-8-sig").iloc[0]
    assert row["reason_1"].startswith("'=HYPERLINK") and row["id"] == "'=A1"
