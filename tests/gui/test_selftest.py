"""`pad-desktop --selftest`, as the packaged build runs it: a real process, offscreen."""

from __future__ import annotations

import os
import subprocess
import sys


def test_selftest_passes_and_reports_each_check(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PAD_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-m", "pad_desktop", "--selftest"],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    lines = [line for line in done.stdout.splitlines() if line[:4] in ("ok  ", "FAIL")]
    assert done.returncode == 0, done.stdout + done.stderr
    assert [line.split(":")[0].split("   ")[-1] for line in lines] == [
        "model",
        "reference sample",
        "main window",
        "French catalogues",
        "desktop batch",
        "web view",
    ]
    assert "selftest passed" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_selftest_fails_loudly_on_a_broken_model(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PAD_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-m", "pad_desktop", "--model", str(tmp_path), "--selftest"],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert done.returncode == 1
    assert "FAIL model: BundleError" in done.stdout
    assert "selftest failed: model" in done.stdout
