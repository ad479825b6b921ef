"""Batch scoring of CSV files as officers and IT produce them, including broken ones."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pad_desktop.cells.csv_dialect import CsvFormatError, detect_dialect
from pad_desktop.runtime.tasks import TaskState
from pad_desktop.service.batch import MissingColumnsError, score_csv


@pytest.fixture(scope="module")
def applicants(default_bundle_dir: Path) -> pd.DataFrame:
    reference = pd.read_csv(default_bundle_dir / "reference.csv")
    frame = reference.drop(columns=["expected_probability", "defaulted"]).head(300).copy()
    frame.insert(0, "applicant_id", [f"A{i:05d}" for i in range(len(frame))])
    return frame


def _write(frame: pd.DataFrame, path: Path, **options) -> Path:
    frame.to_csv(path, index=False, **options)
    return path


def _expected(scorer, frame: pd.DataFrame) -> np.ndarray:
    return scorer.score_frame(frame[scorer.signature.names]).probabilities


DIALECTS = {
    "comma-utf8": dict(sep=",", encoding="utf-8"),
    "excel-fr": dict(sep=";", encoding="utf-8-sig", lineterminator="\r\n"),
    "cp1252": dict(sep=";", encoding="cp1252", lineterminator="\r\n"),
    "tab": dict(sep="\t", encoding="utf-8"),
    "quoted-all": dict(sep=",", encoding="utf-8", quoting=csv.QUOTE_ALL),
}


@pytest.mark.parametrize("name", DIALECTS)
def test_every_dialect_scores_like_the_frame(scorer, applicants, tmp_path, name) -> None:
    frame = applicants.copy()
    if name == "cp1252":  # accented id text only encodable in Windows-1252 / UTF-8
        frame["applicant_id"] = [f"Hélène-{i}" for i in range(len(frame))]
    path = _write(frame, tmp_path / "in.csv", **DIALECTS[name])
    summary = score_csv(path, scorer, tmp_path / "out.csv", chunk_rows=64)
    assert summary.fatal_error is None and summary.rows == len(frame)
    assert summary.scored == len(frame) and summary.rows_with_errors == 0
    dialect = summary.written_as
    out = pd.read_csv(
        tmp_path / "out.csv", sep=dialect.separator, decimal=dialect.decimal, encoding="utf-8-sig"
    )
    np.testing.assert_allclose(out["score"], _expected(scorer, frame), atol=1e-6)
    assert out["applicant_id"].tolist() == frame["applicant_id"].tolist()
    assert out["row"].tolist() == list(range(1, len(frame) + 1))
    assert set(out["decision"]) <= {"approved", "refused"}


def test_french_excel_dialect_is_recognised(tmp_path) -> None:
    path = tmp_path / "fr.csv"
    path.write_bytes("\ufeffid;montant;taux\r\n1;1 234,5;0,25\r\n2;99,75;0,5\r\n".encode())
    dialect = detect_dialect(path)
    assert (dialect.encoding, dialect.separator, dialect.decimal, dialect.line_ending) == (
        "utf-8-sig",
        ";",
        ",",
        "\r\n",
    )
    assert dialect.describe() == (
        "UTF-8 with BOM, semicolon-separated, decimal comma, CRLF line endings"
    )
    path.write_bytes("nom;ville\nRen\xe9;Orl\xe9ans\n".encode("latin-1"))
    assert detect_dialect(path).encoding == "cp1252"


def test_decimal_comma_numbers_are_read_as_numbers(original_bundle, tmp_path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from foreign_model import synthetic_applicants

    from pad_desktop.model.scoring import Scorer

    scorer = Scorer.from_path(str(original_bundle), threads=1)
    x, _ = synthetic_applicants(200, seed=5)
    frame = pd.DataFrame(x.astype(np.float64), columns=scorer.signature.names)
    frame["CODE_GENDER"] = frame["CODE_GENDER"].astype(int)
    frame["NAME_FAMILY_STATUS_Married"] = np.where(
        frame["NAME_FAMILY_STATUS_Married"] > 0, "oui", "non"
    )
    path = _write(frame, tmp_path / "fr.csv", sep=";", decimal=",", encoding="utf-8-sig")
    summary = score_csv(path, scorer, tmp_path / "out.csv")
    assert summary.dialect.decimal == "," and summary.scored == 200
    out = pd.read_csv(tmp_path / "out.csv", sep=";", decimal=",", encoding="utf-8-sig")
    np.testing.assert_allclose(out["score"], scorer.predict(x).probabilities, atol=1e-6)


def test_bad_rows_get_their_own_errors_and_the_rest_is_scored(scorer, applicants, tmp_path) -> None:
    frame = applicants.head(50).astype(object).copy()
    frame.loc[3, "credit_amount"] = "beaucoup"
    frame.loc[7, "age_in_years"] = 15
    frame.loc[7, "housing"] = "castle"
    frame.loc[9, "duration_in_month"] = ""
    path = _write(frame, tmp_path / "in.csv")
    with open(path, "a", encoding="utf-8", newline="") as handle:  # one field too many, then ok
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["A99999", *frame.iloc[0, 1:].tolist(), "extra"])
        writer.writerow(frame.iloc[1].tolist())
    summary = score_csv(path, scorer, tmp_path / "out.csv")
    assert summary.rows == 52 and summary.scored == 48 and summary.rows_with_errors == 4
    errors = pd.read_csv(tmp_path / "out.errors.csv", encoding="utf-8-sig", keep_default_na=False)
    assert errors["row"].tolist() == [4, 8, 8, 10, 51]
    assert errors["field"].tolist()[:4] == [
        "credit_amount",
        "age_in_years",
        "housing",
        "duration_in_month",
    ]
    assert "'beaucoup' is not a number" in errors["message"][0]
    assert errors["message"][3] == "Credit duration is required."
    assert errors["message"][4] == "This line has 20 fields; the header has 19."
    out = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig")
    assert 4 not in set(out["row"]) and 52 in set(out["row"])


def test_missing_column_is_one_error_before_any_work(scorer, applicants, tmp_path) -> None:
    path = _write(applicants.drop(columns=["purpose", "housing"]), tmp_path / "in.csv")
    with pytest.raises(MissingColumnsError, match="2 required field"):
        score_csv(path, scorer, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\n\n", "empty"), (b"just one column\n1\n", "separator")],
)
def test_unreadable_files_say_why(scorer, tmp_path, content, message) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CsvFormatError, match=message):
        score_csv(path, scorer, tmp_path / "out.csv")


def test_header_only_file_scores_nothing(scorer, applicants, tmp_path) -> None:
    path = _write(applicants.head(0), tmp_path / "in.csv")
    summary = score_csv(path, scorer, tmp_path / "out.csv")
    assert summary.rows == 0 and summary.fatal_error is None


def test_unterminated_quote_keeps_what_was_scored(scorer, applicants, tmp_path) -> None:
    path = _write(applicants, tmp_path / "in.csv")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('"A77777,never closed\n')
    summary = score_csv(path, scorer, tmp_path / "out.csv", chunk_rows=100)
    # Only the broken line is refused, with its line number; every other row is scored.
    assert summary.scored == len(applicants) and summary.fatal_error is None
    assert summary.error_samples == [
        f"line {len(applicants) + 2}: This line has 1 fields; the header has 19."
    ]
    assert len(pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig")) == summary.scored
    french = score_csv(path, scorer, tmp_path / "fr.csv", chunk_rows=100, lang="fr")
    assert french.error_samples == [
        f"ligne {len(applicants) + 2} : Cette ligne a 1 champs ; l'en-tête en a 19."
    ]


def test_formulas_are_neutralised_for_excel(scorer, applicants, tmp_path) -> None:
    frame = applicants.head(5).copy()
    frame["applicant_id"] = ['=HYPERLINK("x")', "+33", "-1", "@SUM(A1)", "ok"]
    summary = score_csv(_write(frame, tmp_path / "in.csv"), scorer, tmp_path / "out.csv")
    assert summary.scored == 5
    out = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig", dtype=str)
    assert out["applicant_id"].tolist() == ['\'=HYPERLINK("x")', "'+33", "'-1", "'@SUM(A1)", "ok"]
    assert (out["score"].astype(float) >= 0).all()  # numbers stay numbers: no quote before them


def test_cancel_stops_between_chunks_and_keeps_what_was_done(scorer, applicants, tmp_path) -> None:
    path = _write(pd.concat([applicants] * 10, ignore_index=True), tmp_path / "in.csv")
    state = TaskState()
    seen: list[int] = []

    def sink(chunk) -> None:
        seen.append(len(chunk.rows))
        if len(seen) == 3:
            state.cancel()

    summary = score_csv(path, scorer, tmp_path / "out.csv", state=state, sink=sink, chunk_rows=100)
    # The chunk being scored while the third was recorded may still finish: at most one more.
    assert summary.cancelled and summary.scored == sum(seen) in (300, 400)
    written = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig")
    assert written["row"].tolist() == list(range(1, summary.scored + 1))  # all recorded, in order


def test_nothing_is_written_before_it_is_recorded(scorer, applicants, tmp_path) -> None:
    """A chunk's results reach the file only after its sink (the decision log) returned."""
    path = _write(pd.concat([applicants] * 4, ignore_index=True), tmp_path / "in.csv")
    out = tmp_path / "out.csv"
    rows_on_disk_at_sink: list[int] = []

    def sink(chunk) -> None:
        text = out.read_text(encoding="utf-8-sig") if out.exists() else ""
        rows_on_disk_at_sink.append(max(text.count("\n") - 1, 0))
        if len(rows_on_disk_at_sink) == 2:
            raise RuntimeError("decision log unavailable")

    with pytest.raises(RuntimeError, match="decision log unavailable"):
        score_csv(path, scorer, out, sink=sink, chunk_rows=300)
    # The first chunk was recorded, then written; the second failed to record: never written.
    assert len(pd.read_csv(out, encoding="utf-8-sig")) == 300
    assert rows_on_disk_at_sink[0] == 0


def test_chunking_does_not_change_results(scorer, applicants, tmp_path) -> None:
    path = _write(applicants, tmp_path / "in.csv")
    score_csv(path, scorer, tmp_path / "a.csv", chunk_rows=7)  # the graph's few-rows branch
    score_csv(path, scorer, tmp_path / "b.csv", chunk_rows=10_000)  # its dense branch
    small, large = (pd.read_csv(tmp_path / n, encoding="utf-8-sig") for n in ("a.csv", "b.csv"))
    np.testing.assert_allclose(small.pop("score"), large.pop("score"), atol=2e-6)
    pd.testing.assert_frame_equal(small, large)
