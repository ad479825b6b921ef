"""The `pad-desktop` commands as IT and batch operators run them (real subprocesses)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "applicants_fr.csv"


def _cli(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pad_desktop", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        **kw,
    )


def test_score_the_shipped_example(tmp_path: Path) -> None:
    done = _cli("score", str(EXAMPLE), "-o", str(tmp_path / "out.csv"))
    assert done.returncode == 0, done.stderr
    assert "40 rows: 37 scored" in done.stdout and "3 with errors" in done.stdout
    assert "UTF-8 with BOM, semicolon-separated" in done.stderr
    out = pd.read_csv(tmp_path / "out.csv", sep=";", encoding="utf-8-sig")
    assert len(out) == 37 and out["applicant_id"].iloc[0] == "A1000"
    errors = pd.read_csv(tmp_path / "out.errors.csv", sep=";", encoding="utf-8-sig")
    assert errors["row"].tolist() == [4, 6, 9]


def test_the_batch_is_recorded_in_the_decision_log(tmp_path: Path) -> None:
    done = _cli("score", str(EXAMPLE), "-o", str(tmp_path / "out.csv"))
    assert done.returncode == 0, done.stderr
    from pad_desktop.decisions import DecisionLog, HistoryFilter

    log = DecisionLog.open()
    try:
        assert log.count(HistoryFilter(source="batch")) == 37
    finally:
        log.close()


def test_errors_are_sentences_not_tracebacks(tmp_path: Path) -> None:
    missing = _cli("score", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    bad_model = _cli("--model", str(tmp_path), "score", str(EXAMPLE))
    assert bad_model.returncode == 2 and "no MLmodel file" in bad_model.stderr
    header_only = tmp_path / "cols.csv"
    header_only.write_text("a;b\n1;2\n")
    wrong = _cli("score", str(header_only))
    assert wrong.returncode == 2 and "no column for 18 required field(s)" in wrong.stderr
    for run in (missing, bad_model, wrong):
        assert "Traceback" not in run.stderr


def test_ctrl_c_stops_cleanly_and_keeps_what_was_done(tmp_path: Path) -> None:
    frame = pd.read_csv(EXAMPLE, sep=";", encoding="utf-8-sig")
    big = pd.concat([frame] * 5000, ignore_index=True)  # 200k rows
    source = tmp_path / "big.csv"
    big.to_csv(source, sep=";", index=False)
    out = tmp_path / "out.csv"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pad_desktop",
            "score",
            str(source),
            "-o",
            str(out),
            "--chunk-rows",
            "2000",
            "--no-log",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while (not out.exists() or out.stat().st_size < 10_000) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    kept = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    assert 0 < len(kept) < len(big) * 37 / 40
    assert kept["row"].is_monotonic_increasing
    assert f"{len(kept):,} scored" in stdout


def test_an_unexpected_failure_is_one_line_and_a_log_file(tmp_path, monkeypatch, capsys) -> None:
    """The last resort of `main`: one line for the user, the traceback in the data folder."""
    from pad_desktop.cli import _report_crash

    monkeypatch.setenv("PAD_DATA_DIR", str(tmp_path / "data"))
    try:
        {}["missing"]
    except KeyError as exc:
        assert _report_crash(exc) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected failure (KeyError" in err
    log = tmp_path / "data" / "logs" / "pad-desktop-errors.log"
    assert "Traceback" in log.read_text()


def test_a_broken_model_file_is_one_clear_line(tmp_path: Path) -> None:
    import shutil

    bundle = shutil.copytree(ROOT / "resources" / "model", tmp_path / "broken")
    (bundle / "model.onnx").write_bytes(b"not an ONNX graph")
    done = _cli(
        "score",
        str(ROOT / "resources/examples/applicants_fr.csv"),
        "--no-log",
        "--model",
        str(bundle),
        env={"PAD_DATA_DIR": str(tmp_path / "data")},
    )
    # a broken bundle is a failure (1), not bad usage (2, kept for a path that holds no bundle)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "model.onnx" in done.stderr and "unexpected failure" not in done.stderr
