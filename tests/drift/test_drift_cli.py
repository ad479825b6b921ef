"""`pad-desktop simulate` and `pad-desktop drift`: output and the exit codes a scheduler reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pad_desktop.cli import main
from pad_desktop.cli.drift import EXIT_DRIFT, EXIT_ERROR, EXIT_NO_DRIFT
from pad_desktop.decisions import DecisionLog, HistoryFilter


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def test_simulate_logs_simulated_decisions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--n", "500", "--drift", "0.2", "--seed", "4", "--days", "3"]) == 0
    assert "500 simulated decisions logged" in capsys.readouterr().out
    with DecisionLog.open() as log:
        assert log.count(HistoryFilter(include_simulated=True)) == 500
        assert log.count(HistoryFilter()) == 0  # the history hides them by default


def test_simulate_refuses_a_drift_outside_0_1(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["simulate", "--drift", "1.5"])
    assert stop.value.code == 2
    assert "not between 0 and 1" in capsys.readouterr().err


def test_drift_exit_codes(
    undrifted_week, drifted_week, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    since, until = undrifted_week
    calm = main(["drift", "--since", _iso(since), "--until", _iso(until)])
    assert calm == EXIT_NO_DRIFT == 0
    printed = capsys.readouterr()
    assert printed.out.startswith("no drift: ") and "(form, batch, api)" in printed.out
    assert "Comparing distributions" in printed.err  # the progress lines, on stderr
    assert printed.err.splitlines()[-1].endswith("Done")

    since, until = drifted_week
    html, summary = tmp_path / "report.html", tmp_path / "summary.json"
    found = main(
        [
            "drift",
            "--since",
            _iso(since),
            "--until",
            _iso(until),
            "-o",
            str(html),
            "--json",
            str(summary),
        ]
    )
    assert found == EXIT_DRIFT == 1
    out = capsys.readouterr().out
    assert out.startswith("DRIFT: ") and "credit_amount" in out
    assert "PSI" in out and "significant" in out and "week 20" in out
    assert html.stat().st_size > 1_000_000
    saved = json.loads(summary.read_text(encoding="utf-8"))
    assert saved["dataset_drift"] is True and saved["score_psi"] > 0.1
    assert saved["weeks"] and {"psi", "psi_band", "label"} <= set(saved["features"][0])

    # a threshold that is not a share is an error (2), never a verdict
    assert (
        main(["drift", "--since", _iso(since), "--until", _iso(until), "--threshold", "1.01"])
        == EXIT_ERROR
    )


def test_drift_without_decisions_is_an_error_for_the_scheduler(tmp_path: Path) -> None:
    """The real entry point, as a scheduler runs it: no decisions logged -> exit 2, no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "pad_desktop", "drift", "-o", str(tmp_path / "r.html")],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )
    assert done.returncode == EXIT_ERROR == 2
    assert done.stderr.splitlines()[-1].startswith("error: Only 0 decisions")
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "r.html").exists()


def test_drift_source_chooses_the_decisions(
    undrifted_week, capsys: pytest.CaptureFixture[str]
) -> None:
    since, until = (_iso(t) for t in undrifted_week)
    window = ["drift", "--since", since, "--until", until, "--quiet"]
    assert main([*window, "--source", "simulation"]) == EXIT_ERROR
    printed = capsys.readouterr()
    assert printed.err == (
        f"error: Only 0 decisions of German Credit CatBoost (simulation) were logged from "
        f"{undrifted_week[0]:%Y-%m-%d %H:%M} UTC to {undrifted_week[1]:%Y-%m-%d %H:%M} UTC; "
        "at least 30 are needed for a meaningful comparison. Choose a longer period or more "
        "sources.\n"
    )
    assert main([*window, "--source", "form"]) == EXIT_NO_DRIFT
    assert "in 1,000 decisions (form)" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stop:
        main([*window, "--source", "form,web"])
    assert stop.value.code == EXIT_ERROR
    err = capsys.readouterr().err
    assert "'form,web' is not a list of decision sources" in err and "Traceback" not in err


def test_drift_with_a_bad_bundle_or_date_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["drift", "--model", str(tmp_path / "nowhere")]) == EXIT_ERROR
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["drift", "--since", "last tuesday"])
    assert stop.value.code == EXIT_ERROR


def test_a_bare_until_date_covers_that_whole_day() -> None:
    from pad_desktop.cli.common import moment as _moment

    end = _moment("2026-11-30", end_of_day=True)
    assert end - _moment("2026-11-30") == timedelta(days=1)
    assert _moment("2026-11-30T12:00", end_of_day=True).hour == 12
