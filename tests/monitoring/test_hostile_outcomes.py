"""Hostile outcome files are normal input: one sentence in the user's language, exit 2 for a
file that is no outcomes file, every bad line named, never a traceback, nothing recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog
from tests.decisions.records import make_record
from tests.monitoring.loggedlog import START


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02\xff\xfe" * 1000, b"case_ref;defaulted\n", b"\xef\xbb\xbf\n\n"],
    ids=["empty", "binary", "no-date-column", "bom-only"],
)
def test_not_an_outcomes_file(tmp_path: Path, capsys, content: bytes) -> None:
    path = tmp_path / "o.csv"
    path.write_bytes(content)
    assert main(["--lang", "fr", "outcomes", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "Le fichier" in err


def test_a_missing_file_is_one_line(tmp_path: Path, capsys) -> None:
    assert main(["outcomes", "import", str(tmp_path / "nope.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be read" in err


def test_hostile_lines_are_named_and_nothing_is_recorded(tmp_path: Path, capsys) -> None:
    with DecisionLog.open() as log:
        log.record(make_record(case_ref="K-1", created_at=START))
    path = tmp_path / "o.csv"
    long_ref = "K" * 5000
    path.write_text(
        "case_ref,defaulted,observed_on\n"
        f"{long_ref},1,2027-01-01\n"  # 2: a reference no decision can have
        "K-1,1e309,2027-01-01\n"  # 3: not a flag
        "K-1,1,2027-13-45\n"  # 4: not a date
        "K-1,2,2027-01-01\n"  # 5: 2 is not a flag
        "=cmd|' /C calc'!A0,1,2027-01-01\n",  # 6: a formula: just an unknown case
        encoding="utf-8",
    )
    assert main(["outcomes", "import", str(path)]) == 1
    err = capsys.readouterr().err
    for line in (2, 3, 4, 5, 6):
        assert f"line {line}:" in err
    assert "Traceback" not in err and long_ref not in err
    assert "line 2: “KKKK" in err and "is not a case reference" in err
    with DecisionLog.open() as log:
        assert len(log.scored_outcomes()) == 0


def test_a_date_that_is_not_one_is_bad_usage(capsys, monkeypatch) -> None:
    monkeypatch.setenv("PAD_LANGUAGE", "fr")  # argparse reads the dates before --lang is set
    with pytest.raises(SystemExit) as code:
        main(["performance", "--since", "hier"])
    assert code.value.code == 2
    assert "« hier » n’est pas une date" in capsys.readouterr().err
