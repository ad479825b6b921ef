"""`pad-desktop outcomes import` and `pad-desktop performance` as a scheduler runs them: exit
codes, the lines not recorded on stderr, the JSON's key names, the alert against the model
card, and an HTML report without a script whatever the log holds."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog
from pad_desktop.model.bundle import load_bundle
from tests.decisions.records import make_record
from tests.monitoring.loggedlog import START, french_file, log_decisions, outcomes_for

MODEL = "resources/model"


def _logged(n: int = 120, **changes: object) -> list:
    with DecisionLog.open() as log:
        return log_decisions(log, n=n, **changes)


def test_import_twice_then_measure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = _logged(n=130)  # 17 h apart from 5 January: the last 9 in April
    path = french_file(tmp_path / "o.csv", records, outcomes_for(records))
    assert main(["outcomes", "import", str(path)]) == 0
    assert "130 outcome(s) recorded, 0 already" in capsys.readouterr().out
    assert main(["--lang", "fr", "outcomes", "import", str(path)]) == 0
    assert "0 résultat(s) enregistré(s), 130 déjà" in capsys.readouterr().out
    out_json, out_html = tmp_path / "perf.json", tmp_path / "perf.html"
    code = main(["performance", "--as-of", "2030-01-01", "--model", "german-credit@1",
                 "--json", str(out_json), "-o", str(out_html)])  # fmt: skip
    assert code == 0
    figures = json.loads(out_json.read_text("utf-8"))
    for key in ("n", "defaults", "auc", "gini", "ks", "approval_rate", "default_rate_approved",
                "calibration", "auc_ci", "by_month", "by_model"):  # fmt: skip
        assert key in figures
    assert figures["n"] == 130 and figures["auc_ci_method"].startswith("Hanley-McNeil")
    months = figures["by_month"]
    assert months["2026-04"] == {"n": 9, "defaults": months["2026-04"]["defaults"], "too_few": True}
    assert all("auc" in months[m] for m in ("2026-01", "2026-02", "2026-03"))
    assert "<script" not in out_html.read_text("utf-8")


def test_outcomes_not_yet_observed_on_the_date_asked_are_left_out(tmp_path: Path) -> None:
    records = _logged(n=60)
    path = french_file(tmp_path / "o.csv", records, outcomes_for(records))
    assert main(["outcomes", "import", str(path)]) == 0
    out = tmp_path / "perf.json"
    first_observed = (START + timedelta(days=400)).date()
    code = main(["performance", "--as-of", first_observed.isoformat(), "--json", str(out)])
    assert code == 2  # one outcome: no verdict
    assert json.loads(out.read_text("utf-8"))["n"] == 1


def test_an_auc_below_the_model_card_is_an_alert(tmp_path: Path, capsys) -> None:
    bundle = load_bundle(MODEL)
    records = _logged(model_id=bundle.id)
    worse = [int(r.score < 0.25) for r in records]  # the low scores default: a model gone bad
    path = french_file(tmp_path / "o.csv", records, worse)
    assert main(["outcomes", "import", str(path)]) == 0
    capsys.readouterr()
    assert main(["--model", MODEL, "performance", "--as-of", "2030-01-01"]) == 1
    assert "Performance alert" in capsys.readouterr().out


def test_unmatched_lines_are_listed_and_the_exit_code_says_so(tmp_path: Path, capsys) -> None:
    with DecisionLog.open() as log:
        log.record(make_record(case_ref="<b>A-1</b>", created_at=START))
    path = tmp_path / "o.csv"
    path.write_text(
        "case_ref,defaulted,observed_on\n<b>A-1</b>,1,2027-01-01\nZ-404,0,2027-01-01\n", "utf-8"
    )
    assert main(["outcomes", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "line 3: No decision of case Z-404 made on or before 2027-01-01." in err


def test_a_file_that_is_not_an_outcomes_file_is_one_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "o.csv"
    path.write_bytes(b"")
    assert main(["--lang", "fr", "outcomes", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Le fichier de résultats" in err and "Traceback" not in err
