"""A file that cannot be read to the end: every complete row before the fault is scored and
written, and the fault is named by its own line; an Excel file whose first accent comes late
is read as the Windows-1252 file it is."""

from __future__ import annotations

import codecs
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pad_desktop.cells.csv_dialect import SAMPLE_BYTES, detect_dialect
from pad_desktop.service.batch import read_chunks, score_csv


@pytest.fixture(scope="module")
def rows(default_bundle_dir: Path) -> list[bytes]:
    """Valid data lines (`;`, UTF-8, ASCII only), about 240 bytes each."""
    reference = pd.read_csv(default_bundle_dir / "reference.csv", dtype=str)
    frame = reference.drop(columns=["expected_probability"])
    frame.insert(0, "applicant_id", [f"A{i:04d}" for i in range(len(frame))])
    text = frame.to_csv(sep=";", index=False, lineterminator="\n")
    return [line.encode() + b"\n" for line in text.splitlines()]


def _lines(rows: list[bytes], count: int) -> list[bytes]:
    body = rows[1:]
    return [body[i % len(body)] for i in range(count)]


def _file(path: Path, header: bytes, *parts: bytes, bom: bool = True) -> Path:
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + header + b"".join(parts))
    return path


def _results(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig")


@pytest.mark.parametrize("before", [300, 6_213])  # 76 KB in (first block), 1.5 MiB in
def test_rows_before_a_bad_byte_are_kept_and_the_line_is_exact(
    scorer, rows, tmp_path, before
) -> None:
    good = _lines(rows, before)
    bad = good[0].replace(b";own;", b";own\xff;", 1).replace(b";rent;", b";rent\xff;", 1)
    path = _file(tmp_path / "in.csv", rows[0], *good, bad, *_lines(rows, 50))
    summary = score_csv(path, scorer, tmp_path / "out.csv", chunk_rows=20_000)
    assert summary.scored == before
    assert summary.fatal_error == (
        f"The file cannot be read from line {before + 2}: this line is not valid UTF-8 text."
    )
    assert len(_results(tmp_path / "out.csv")) == before


def test_rows_before_megabytes_of_nul_bytes_are_kept(scorer, rows, tmp_path) -> None:
    """The shape of "3 rows then 2 GB of NULs", in 3 MiB."""
    path = _file(tmp_path / "in.csv", rows[0], *_lines(rows, 3), b"\x00" * (3 << 20))
    summary = score_csv(path, scorer, tmp_path / "out.csv")
    assert summary.scored == 3
    assert summary.fatal_error == (
        "The file cannot be read from line 5: this line is longer than 1 MiB."
    )
    assert _results(tmp_path / "out.csv")["applicant_id"].tolist() == ["A0000", "A0001", "A0002"]


def test_the_line_is_named_in_french(scorer, rows, tmp_path) -> None:
    bad = rows[1].replace(b";own;", b";own\xff;", 1).replace(b";rent;", b";rent\xff;", 1)
    path = _file(tmp_path / "in.csv", rows[0], *_lines(rows, 10), bad)
    summary = score_csv(path, scorer, tmp_path / "out.csv", lang="fr")
    assert summary.scored == 10
    assert summary.fatal_error == (
        "Le fichier ne peut pas être lu à partir de la ligne 12 : cette ligne n'est pas un "
        "texte UTF-8 valide."
    )


def test_the_preview_keeps_the_rows_before_the_fault_too(scorer, rows, tmp_path) -> None:
    path = _file(tmp_path / "in.csv", rows[0], *_lines(rows, 3), b"\x00" * (3 << 20))
    dialect = detect_dialect(path)
    chunks = read_chunks(path, dialect, scorer.signature.names, 1_000)
    part, _bad, _fraction = next(chunks)
    assert part.index.tolist() == [2, 3, 4]


def _french_labels(line: bytes) -> bytes:
    text = line.decode()
    return text.replace(";own;", ";propriétaire;").replace(";rent;", ";locataire;").encode("cp1252")


def test_a_windows_1252_file_whose_first_accent_is_late_is_read_whole(
    scorer, rows, tmp_path
) -> None:
    plain = _lines(rows, 1_000)[:400]  # ~95 KB of ASCII: more than the dialect's sample
    accented = [_french_labels(line) for line in _lines(rows, 1_000)[400:]]
    assert sum(map(len, plain)) > SAMPLE_BYTES and any(b"\xe9" in a for a in accented)
    path = _file(tmp_path / "in.csv", rows[0], *plain, *accented, bom=False)
    assert detect_dialect(path).encoding == "utf-8"  # all the sample says
    summary = score_csv(path, scorer, tmp_path / "out.csv", chunk_rows=100)
    assert summary.fatal_error is None and summary.scored == 1_000
    assert summary.dialect.encoding == "cp1252"
    english = _file(tmp_path / "en.csv", rows[0], *_lines(rows, 1_000))
    score_csv(english, scorer, tmp_path / "en.out.csv")
    ours, theirs = _results(tmp_path / "out.csv"), _results(tmp_path / "en.out.csv")
    assert ours["applicant_id"].tolist() == theirs["applicant_id"].tolist()
    np.testing.assert_array_equal(ours["score"], theirs["score"])


def test_a_file_mixing_utf8_and_windows_1252_stops_at_the_first_mixed_line(
    scorer, rows, tmp_path
) -> None:
    plain = _lines(rows, 400)
    owner = next(line for line in _lines(rows, 20) if b";own;" in line)
    utf8 = owner.replace(b";own;", ";propriétaire;".encode(), 1)
    cp1252 = _french_labels(owner)
    path = _file(tmp_path / "in.csv", rows[0], *plain, utf8, cp1252, bom=False)
    summary = score_csv(path, scorer, tmp_path / "out.csv")
    assert summary.scored == 401
    assert summary.fatal_error == (
        "The file cannot be read from line 403: this line is not valid UTF-8 text."
    )
