"""The spellings that used to get different verdicts per face: one verdict, one message, in the
decision service (what the form calls), the CSV batch of the command line, `/individual_score`
and `/multiple_score`. The desktop form itself is checked in tests/gui/test_form.py."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.bundle import load_bundle
from pad_desktop.model.signature import ApplicantError
from pad_desktop.service.decision_service import DecisionService
from tests.foreign_model import EXAMPLE_PAYLOAD

MARRIED = "NAME_FAMILY_STATUS_Married"
# (bundle, field, text, accepted?)
CASES = [
    ("original", MARRIED, "oui", True),
    ("original", MARRIED, "on", False),
    ("original", MARRIED, "1.0", True),
    ("original", MARRIED, "vrai", True),
    ("shipped", "housing", " own", True),
    ("shipped", "status_of_existing_checking_account", " no checking account ", True),
    ("shipped", "credit_amount", "1.169e3", True),
    ("shipped", "credit_amount", "1_169", False),
    ("shipped", "credit_amount", "4 000", True),
    ("shipped", "age_in_years", "-5", False),
    ("original", "FE_EXT_SOURCE_MEAN", "0,589", False),  # ambiguous, never 589
    ("shipped", "credit_amount", "0,589", False),
]


def _example(bundle: Path) -> dict:
    return load_bundle(bundle).signature.example or dict(EXAMPLE_PAYLOAD)


@pytest.fixture(scope="module")
def bundles(default_bundle_dir: Path, original_bundle: Path) -> dict[str, Path]:
    return {"shipped": default_bundle_dir, "original": original_bundle}


def _service_verdict(bundle: Path, row: dict, tmp_path: Path) -> tuple[bool, str]:
    with DecisionLog.open(data_dir=tmp_path / "svc") as log:
        service = DecisionService(ActiveModel(str(bundle)), log)
        try:
            service.decide(row, case_ref="X-1")
        except ApplicantError as exc:
            return False, exc.errors[0].message
    return True, ""


def _cli_verdict(bundle: Path, row: dict, tmp_path: Path) -> tuple[bool, str]:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["applicant_id", *row])
        writer.writeheader()
        writer.writerow({"applicant_id": "X-1", **row})
    assert main(["score", str(source), "-o", str(out), "--model", str(bundle)]) == 0
    errors = pd.read_csv(out.with_name("out.errors.csv"), dtype=str, encoding="utf-8-sig")
    if len(errors):
        return False, errors["message"].iloc[0]
    return len(pd.read_csv(out)) == 1, ""


def _api_verdicts(bundle: Path, row: dict) -> list[tuple[bool, str]]:
    with TestClient(create_app(ApiConfig(model_path=str(bundle)))) as client:
        answers = [
            client.post("/individual_score", json={**row, "applicant_id": "X-1"}),
            client.post("/multiple_score", json=[{**row, "applicant_id": "X-1"}]),
        ]
    verdicts = []
    for answer in answers:
        assert answer.status_code in (200, 422), answer.text
        ok = answer.status_code == 200
        verdicts.append((ok, "" if ok else answer.json()["detail"][0]["msg"]))
    return verdicts


@pytest.mark.parametrize(("which", "field", "text", "accepted"), CASES)
def test_every_face_gives_the_same_verdict(bundles, which, field, text, accepted, tmp_path) -> None:
    bundle = bundles[which]
    row = {k: str(v) for k, v in _example(bundle).items()}
    row[field] = text
    verdicts = {
        "service": _service_verdict(bundle, row, tmp_path),
        "cli": _cli_verdict(bundle, row, tmp_path),
        **dict(zip(("individual", "multiple"), _api_verdicts(bundle, row), strict=True)),
    }
    assert {v[0] for v in verdicts.values()} == {accepted}, verdicts
    assert len({v[1] for v in verdicts.values()}) == 1, verdicts


def test_one_blank_boolean_or_bad_decimal_cell_spoils_no_neighbour(
    original_bundle: Path, tmp_path: Path
) -> None:
    """French Excel file: decimal commas, a column of 1s with one blank, one 'n/a' amount."""
    example = _example(original_bundle)
    rows = []
    for i in range(6):
        row = {k: str(v).replace(".", ",") for k, v in example.items()}
        row[MARRIED] = "" if i == 2 else "1"
        row["AMT_ANNUITY"] = {3: "n/a", 4: "1 234,50"}.get(i, "2500,75")
        rows.append({"id": f"R{i}", **row})
    source = tmp_path / "fr.csv"
    pd.DataFrame(rows).to_csv(source, sep=";", index=False, encoding="utf-8-sig")
    with DecisionLog.open(data_dir=tmp_path / "log") as log:
        service = DecisionService(ActiveModel(str(original_bundle)), log)
        summary = service.score_file(source, tmp_path / "out.csv")
        refused_lines = pd.read_csv(summary.errors_output, sep=";", dtype=str)["line"].tolist()
        assert summary.scored == 4 and refused_lines == ["4", "5"]  # the blank and the n/a
        assert log.count(HistoryFilter(case_ref="R4")) == 1  # "1 234,50" read as 1234.5
