"""French files: what a French officer opens in French Excel reads as numbers.

A `;` file (or a French officer's batch) gets results and errors in French Excel's dialect —
`;`, decimal comma, UTF-8 with a BOM, CRLF — whether or not its own inputs had decimals;
`pad-desktop score --dialect fr|us` forces one or the other.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pad_desktop.cli import main
from pad_desktop.service.batch import score_csv


@pytest.fixture(scope="module")
def applicants(default_bundle_dir: Path) -> pd.DataFrame:
    reference = pd.read_csv(default_bundle_dir / "reference.csv", dtype=str)
    frame = reference.drop(columns=["expected_probability"]).head(60).copy()
    frame.insert(0, "applicant_id", [f"A{i:03d}" for i in range(len(frame))])
    frame.loc[3, "age_in_years"] = "douze"  # one bad row: the errors file is French too
    return frame


def _french_excel(frame: pd.DataFrame, path: Path) -> Path:
    """Whole numbers only, as the shipped reference sample has: no decimal comma to detect."""
    frame.to_csv(path, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    return path


def _expected(scorer, frame: pd.DataFrame) -> np.ndarray:
    good = frame.drop(index=3)
    return scorer.score_frame(good[scorer.signature.names]).probabilities


def _is_french(path: Path) -> bool:
    raw = path.read_bytes()
    body = raw[len(codecs.BOM_UTF8) :].decode("utf-8")
    header = body.split("\r\n", 1)[0]
    return (
        raw.startswith(codecs.BOM_UTF8) and ";" in header and body.count("\n") == body.count("\r\n")
    )


def test_a_semicolon_file_without_decimals_gets_french_results(
    scorer, applicants, tmp_path
) -> None:
    source = _french_excel(applicants, tmp_path / "in.csv")
    summary = score_csv(source, scorer, tmp_path / "out.csv")
    assert summary.dialect.decimal == ","  # a `;` file: Excel's decimal comma unless told "."
    out = pd.read_csv(tmp_path / "out.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert out["score"].dtype == np.float64 and out["threshold"].dtype == np.float64
    np.testing.assert_allclose(out["score"], _expected(scorer, applicants), atol=1e-6)
    assert "0," in (tmp_path / "out.csv").read_bytes().decode("utf-8-sig").split("\r\n")[1]
    assert _is_french(tmp_path / "out.csv") and _is_french(summary.errors_output)
    errors = pd.read_csv(summary.errors_output, sep=";", decimal=",", encoding="utf-8-sig")
    assert errors[["line", "applicant_id", "field"]].values.tolist() == [
        [5, "A003", "age_in_years"]
    ]


def test_a_french_officer_gets_french_files_from_a_comma_file(scorer, applicants, tmp_path) -> None:
    source = tmp_path / "in.csv"
    applicants.to_csv(source, index=False)
    summary = score_csv(source, scorer, tmp_path / "out.csv", lang="fr")
    assert _is_french(tmp_path / "out.csv")
    out = pd.read_csv(tmp_path / "out.csv", sep=";", decimal=",", encoding="utf-8-sig")
    np.testing.assert_allclose(out["score"], _expected(scorer, applicants), atol=1e-6)
    assert summary.written_as.decimal == ","


@pytest.mark.parametrize("forced", ["fr", "us"])
def test_the_cli_forces_the_dialect(applicants, tmp_path, forced, capsys) -> None:
    source = tmp_path / "in.csv"
    if forced == "fr":
        applicants.to_csv(source, index=False)  # a US file...
    else:
        _french_excel(applicants, source)  # ...or a French one, written the other way
    out = tmp_path / "out.csv"
    assert main(["score", str(source), "-o", str(out), "--no-log", "--dialect", forced]) == 0
    sep, decimal = (";", ",") if forced == "fr" else (",", ".")
    read = pd.read_csv(out, sep=sep, decimal=decimal, encoding="utf-8-sig")
    assert read["score"].dtype == np.float64 and len(read) == len(applicants) - 1
    assert (read["score"].between(0, 1)).all()
    assert _is_french(out) == (forced == "fr")


def test_an_unknown_dialect_is_refused_by_the_cli(applicants, tmp_path, capsys) -> None:
    source = _french_excel(applicants, tmp_path / "in.csv")
    with pytest.raises(SystemExit):
        main(["score", str(source), "--no-log", "--dialect", "de"])
    assert "invalid choice" in capsys.readouterr().err


def test_a_french_locale_gets_french_files_from_the_cli(applicants, tmp_path, monkeypatch) -> None:
    source = tmp_path / "in.csv"
    applicants.to_csv(source, index=False)  # a comma file, opened on a French workstation
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_NUMERIC", raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    out = tmp_path / "out.csv"
    assert main(["score", str(source), "-o", str(out), "--no-log"]) == 0
    assert _is_french(out)
    read = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")
    assert read["score"].dtype == np.float64
