"""Columns the batch cannot read without guessing, and case references the form refuses: the
same rules as the form and the API, refused with one sentence or counted as a row error."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pad_desktop.cells.csv_dialect import CsvFormatError
from pad_desktop.cells.messages import case_ref_message
from pad_desktop.service.batch import score_csv
from pad_desktop.texts import describe

EXAMPLE = Path("resources/examples/applicants_fr.csv")


def _example() -> tuple[list[str], list[str]]:
    header, *lines = EXAMPLE.read_text(encoding="utf-8-sig").splitlines()
    return header.split(";"), lines


def _write(path: Path, header: list[str], lines: list[str]) -> Path:
    path.write_text(";".join(header) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _errors(summary) -> pd.DataFrame:
    return pd.read_csv(summary.errors_output, sep=";", dtype=str, encoding="utf-8-sig")


def test_a_model_column_named_twice_is_refused_naming_it(scorer, tmp_path) -> None:
    header, lines = _example()
    path = _write(
        tmp_path / "in.csv", [*header, "credit_amount"], [f"{line};99999" for line in lines]
    )
    with pytest.raises(CsvFormatError) as refused:
        score_csv(path, scorer, tmp_path / "out.csv")
    assert str(refused.value) == (
        "The file has 2 columns named 'credit_amount': keep one, so that it is clear which one "
        "the model reads."
    )
    assert not (tmp_path / "out.csv").exists()
    with pytest.raises(CsvFormatError) as refused:
        score_csv(path, scorer, tmp_path / "out.csv", lang="fr")
    assert "2 colonnes nommées « credit_amount »" in describe(refused.value, "fr")


def test_another_column_named_twice_is_not_read_and_not_refused(scorer, tmp_path) -> None:
    header, lines = _example()
    path = _write(tmp_path / "in.csv", [*header, "note", "note"], [f"{x};a;b" for x in lines])
    assert score_csv(path, scorer, tmp_path / "out.csv").scored == 37


def test_a_line_with_values_only_outside_the_model_is_a_counted_row_error(scorer, tmp_path) -> None:
    header, lines = _example()
    empty_model = ";" * (len(header) - 1)
    rows = [f"{x};" for x in lines] + [
        f"{empty_model};see the paper file",  # only the note: not silently dropped
        f"{empty_model};",  # a blank line as Excel writes it: dropped
    ]
    path = _write(tmp_path / "in.csv", [*header, "note"], rows)
    summary = score_csv(path, scorer, tmp_path / "out.csv")
    assert (summary.rows, summary.scored, summary.rows_with_errors) == (41, 37, 4)
    last = _errors(summary).iloc[-1]
    assert last["line"] == "42" and last["message"] == (
        "This line has no value in any of the model's fields, only in other columns."
    )


@pytest.mark.parametrize("case_ref", ["X" * 10_000, "A\x00B"])
def test_a_case_reference_the_form_refuses_makes_its_row_an_error(
    scorer, tmp_path, case_ref
) -> None:
    header, lines = _example()
    lines[0] = case_ref + lines[0][lines[0].index(";") :]
    path = _write(tmp_path / "in.csv", header, lines)
    recorded: list[str | None] = []
    summary = score_csv(
        path, scorer, tmp_path / "out.csv", sink=lambda c: recorded.extend(c.case_refs or [])
    )
    assert summary.scored == 36 and len(recorded) == 36
    assert "A1001" in recorded and not any(len(r or "") > 200 or "B" in (r or "") for r in recorded)
    first = _errors(summary).iloc[0]
    assert first["line"] == "2" and first["message"] == case_ref_message("invalid", "en")
    french = score_csv(path, scorer, tmp_path / "fr.csv", lang="fr")
    assert french.error_samples[0] == "ligne 2 : " + case_ref_message("invalid", "fr")


@pytest.mark.parametrize(
    ("column", "why"),
    [
        ("score", "the results and errors files have a column of that name"),
        ("Decision", "the results and errors files have a column of that name"),
        ("message", "the results and errors files have a column of that name"),
        ("housing", "it is one of the model's fields"),
    ],
)
def test_an_id_column_that_would_overwrite_another_is_refused(
    scorer, tmp_path, column, why
) -> None:
    header, lines = _example()
    path = _write(tmp_path / "in.csv", [*header, column], [f"{x};1" for x in lines])
    if column == "housing":
        path = _write(tmp_path / "in.csv", header, lines)
    with pytest.raises(CsvFormatError) as refused:
        score_csv(path, scorer, tmp_path / "out.csv", id_column=column)
    assert str(refused.value) == (
        f"The id column cannot be '{column}': {why}. Name the column that holds the "
        "applicants' references."
    )
    assert not (tmp_path / "out.csv").exists()


def test_an_id_column_the_file_lacks_is_refused(scorer, tmp_path) -> None:
    with pytest.raises(CsvFormatError, match="The file has no column 'nope' \\(--id-column\\)"):
        score_csv(EXAMPLE, scorer, tmp_path / "out.csv", id_column="nope")
