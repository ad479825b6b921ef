"""`0,589` in a decimal field is never scored as 589: not in a comma-separated file (quoted), not
in a `;` file sniffed as decimal point, and it is read as 0.589 in a `;` file whose dialect is
decimal comma, even when the sample the dialect is sniffed on holds no decimal at all.

The model is shaped like the original service's (15 unbounded decimal fields): 589 is a
number it accepts, so only the value rules stand between the cell and a wrong decision.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.scoring import Scorer
from pad_desktop.service.decision_service import DecisionService
from tests.foreign_model import EXAMPLE_PAYLOAD

FIELD = "FE_EXT_SOURCE_MEAN"


@pytest.fixture(scope="module")
def scorer(original_bundle: Path) -> Scorer:
    return Scorer.from_path(str(original_bundle), threads=1)


@pytest.fixture
def service(scorer: Scorer, tmp_path: Path):
    with DecisionLog.open(data_dir=tmp_path / "log") as log:
        yield DecisionService(ActiveModel.of(scorer), log)


def _score_of(scorer: Scorer, value: float) -> float:
    return scorer.score({**EXAMPLE_PAYLOAD, FIELD: value}).probability


def _rows(cell: str, *, decimal: str = ".", n_before: int = 1) -> list[dict[str, str]]:
    """`n_before` plain applicants (numbers written with `decimal`), then "AMBIG" with `cell`."""

    def text(value: object) -> str:
        return str(value).replace(".", decimal) if isinstance(value, float) else str(value)

    plain = {k: text(v) for k, v in EXAMPLE_PAYLOAD.items()}
    rows = [{"applicant_id": f"P{i}", **plain} for i in range(n_before)]
    return [*rows, {"applicant_id": "AMBIG", **plain, FIELD: cell}]


def _write(rows: list[dict[str, str]], path: Path, sep: str) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=sep)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _errors(summary) -> pd.DataFrame:
    sep = summary.written_as.separator
    return pd.read_csv(summary.errors_output, sep=sep, dtype=str, encoding="utf-8-sig")


def _recorded_scores(service: DecisionService, case_ref: str) -> list[float]:
    return [d.score for d in service.log.history(HistoryFilter(case_ref=case_ref))]


def test_a_quoted_decimal_comma_in_a_comma_separated_file_is_refused(
    service: DecisionService, scorer: Scorer, tmp_path: Path
) -> None:
    source = _write(_rows("0,589"), tmp_path / "us.csv", ",")
    assert '"0,589"' in source.read_text(encoding="utf-8")  # quoted, as a CSV writer does
    summary = service.score_file(source, tmp_path / "out.csv")
    assert summary.dialect.decimal == "." and summary.scored == 1
    errors = _errors(summary)
    assert errors[["applicant_id", "field", "value"]].values.tolist() == [["AMBIG", FIELD, "0,589"]]
    assert "is ambiguous" in errors["message"].iloc[0]
    assert "write 0.589" in errors["message"].iloc[0]
    assert _recorded_scores(service, "AMBIG") == []  # no decision made on a guess


def test_a_decimal_comma_in_a_semicolon_file_sniffed_as_decimal_point_is_refused(
    service: DecisionService, tmp_path: Path
) -> None:
    """Its other numbers say "." (a tool's export): the one "0,589" is not read as 589."""
    source = _write(_rows("0,589", n_before=5), tmp_path / "points.csv", ";")
    summary = service.score_file(source, tmp_path / "out.csv", lang="fr")
    assert summary.dialect.decimal == "." and summary.scored == 5
    message = _errors(summary)["message"].iloc[0]
    assert "« 0,589 » est ambigu" in message and "écrivez 0.589" in message
    assert _recorded_scores(service, "AMBIG") == []


def test_a_semicolon_file_reads_a_late_decimal_comma_as_a_decimal(
    service: DecisionService, scorer: Scorer, tmp_path: Path
) -> None:
    """250 rows of whole numbers (nothing for the sniffer to see), then "0,589": a `;` file is
    a decimal-comma file unless told otherwise, so 0.589 it is."""
    whole = {k: (round(v) if isinstance(v, float) else v) for k, v in EXAMPLE_PAYLOAD.items()}
    rows = [{"applicant_id": f"P{i}", **{k: str(v) for k, v in whole.items()}} for i in range(250)]
    rows.append({**rows[0], "applicant_id": "AMBIG", FIELD: "0,589"})
    source = _write(rows, tmp_path / "fr.csv", ";")
    summary = service.score_file(source, tmp_path / "out.csv")
    assert summary.dialect.decimal == "," and summary.scored == 251
    expected = scorer.score({**whole, FIELD: 0.589}).probability
    wrong = scorer.score({**whole, FIELD: 589}).probability
    assert expected != pytest.approx(wrong, abs=1e-4)
    assert _recorded_scores(service, "AMBIG") == [pytest.approx(expected, abs=1e-6)]


def test_the_same_applicant_with_a_json_number_is_decided_as_0_589(
    service: DecisionService, scorer: Scorer
) -> None:
    decision = service.decide({**EXAMPLE_PAYLOAD, FIELD: 0.589}, case_ref="JSON")
    assert decision.record.score == pytest.approx(_score_of(scorer, 0.589), abs=1e-6)
