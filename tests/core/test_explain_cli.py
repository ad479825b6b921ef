"""`pad-desktop explain`: the explanation as text or JSON; hostile files get one line, exit 2."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from pad_desktop.cli import main


@pytest.fixture
def applicant(tmp_path: Path, scorer) -> Path:
    values = scorer.bundle.reference().iloc[1][scorer.signature.names].to_dict()
    path = tmp_path / "applicant.json"
    path.write_text(
        json.dumps({k: v.item() if hasattr(v, "item") else v for k, v in values.items()})
    )
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_every_contribution_by_field_name(capsys, applicant, default_bundle_dir) -> None:
    code, out, _ = run(
        capsys, "explain", str(applicant), "--json", "--model", str(default_bundle_dir)
    )
    assert code == 0
    data = json.loads(out)
    assert data["decision"] == "refused"
    names = set(json.loads(applicant.read_text()))
    assert set(data["contributions"]) == names and set(data["standings"]) == names
    total = data["base_log_odds"] + sum(data["contributions"].values())
    assert total == pytest.approx(
        math.log(data["probability"] / (1 - data["probability"])), abs=1e-5
    )
    assert len(data["neighbours"]) == 5
    changes = data["counterfactual"]["changes"]
    assert changes and data["counterfactual"]["decision"] == "approved"


def test_text_names_base_decision_fields_and_counterfactual(
    capsys, applicant, default_bundle_dir
) -> None:
    code, out, _ = run(
        capsys, "--model", str(default_bundle_dir), "explain", str(applicant), "--lang", "fr"
    )
    assert code == 0
    assert "base value:  log-odds -1.354" in out and "decision:    refused" in out
    assert "Durée du crédit" in out and "[duration_in_month]" in out
    assert "counterfactual: duration_in_month 48 -> " in out and "approved" in out


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"[1, 2]", "not an object"),
        (b"{nope", "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"credit_amount": "lots"}', "Credit amount"),
    ],
)
def test_hostile_files_get_one_line_and_exit_2(
    capsys, tmp_path, content, words, default_bundle_dir
) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    code, out, err = run(capsys, "--model", str(default_bundle_dir), "explain", str(path))
    assert code == 2 and out == ""
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_missing_file_is_one_line(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "explain", str(tmp_path / "none.json"))
    assert code == 2 and "does not exist" in err


def test_a_french_locale_gets_french_sentences_as_every_command_does(
    capsys, tmp_path, default_bundle_dir, monkeypatch
) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    path = tmp_path / "hostile.json"
    path.write_bytes(b'{"credit_amount": "lots"}')
    code, _out, err = run(capsys, "--model", str(default_bundle_dir), "explain", str(path))
    assert code == 2 and "Montant du crédit" in err and "Traceback" not in err
