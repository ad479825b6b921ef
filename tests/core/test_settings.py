"""The settings read from the environment and `.env` as the original service's pydantic
settings did (same variables, same precedence), and a bad value named by its variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pad_desktop.runtime.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.upper().startswith(("PAD_", "HF_", "HUGGINGFACE_", "DATABASE_", "MLFLOW_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # `.env` is read from the working folder
    return tmp_path


def test_defaults_types_and_precedence(clean_env: Path, monkeypatch: pytest.MonkeyPatch):
    assert Settings().onnx_threads == 0 and Settings().review_band is None
    assert Settings().hf_endpoint == "https://huggingface.co" and Settings().workstation
    (clean_env / ".env").write_text(
        "# deployment\nDATABASE_URL=postgresql://db/pad\nexport PAD_ONNX_THREADS=3\n"
        "PAD_REVIEW_BAND='0.05'\nHF_TOKEN=from-dotenv\nSOMETHING_ELSE=ignored\n",
        encoding="utf-8",
    )
    s = Settings()
    assert s.database_url == "postgresql://db/pad" and s.onnx_threads == 3
    assert s.review_band == 0.05 and s.hf_token == "from-dotenv"
    monkeypatch.setenv("PAD_ONNX_THREADS", "5")  # the environment wins over `.env`
    monkeypatch.setenv("huggingface_token", "env-first")  # names match whatever their case
    s = Settings()
    assert s.onnx_threads == 5 and s.hf_token == "env-first"
    assert Settings(onnx_threads=1).onnx_threads == 1  # and values given win over both
    assert isinstance(Settings(repeat_window_s=30).repeat_window_s, float)
    monkeypatch.setenv("PAD_HUB_MAX_BYTES", "")  # empty: unset, for a number
    assert Settings().hub_max_bytes is None


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("PAD_ONNX_THREADS", "two", "PAD_ONNX_THREADS='two': not a whole number"),
        ("PAD_REVIEW_BAND", "0.5", "PAD_REVIEW_BAND='0.5': must be from 0 to less than 0.5"),
        ("PAD_HUB_MAX_BYTES", "0", "PAD_HUB_MAX_BYTES='0': must be above 0"),
        ("PAD_API_MAX_BODY", "-1", "PAD_API_MAX_BODY='-1': must be 0 or more"),
        ("PAD_REPEAT_WINDOW", "nan", "PAD_REPEAT_WINDOW='nan': not a finite number"),
    ],
)
def test_a_bad_value_is_named_by_its_variable(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, says: str
):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        Settings()
    assert str(raised.value) == says


def test_preferences_go_on_top_and_are_checked(clean_env: Path):
    base = Settings()
    chosen = base.with_preferences(officer_name="alice", database_url="", hf_token=None)
    assert chosen.officer_name == "alice" and chosen.database_url is None
    assert base.officer_name == ""  # a copy: the environment's settings stay as they were
    with pytest.raises(SettingsError):
        base.with_preferences(review_band=0.7)
    with pytest.raises(ValueError, match="unknown settings"):
        base.with_preferences(nothing="x")


def test_the_cli_says_which_variable_is_wrong_without_a_traceback(clean_env: Path):
    env = dict(os.environ, PAD_ONNX_THREADS="many", PAD_LANGUAGE="en")
    done = subprocess.run(
        [sys.executable, "-m", "pad_desktop", "model", "list"],
        capture_output=True,
        text=True,
        env=env,
        cwd=clean_env,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "PAD_ONNX_THREADS='many': not a whole number" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_settings_import_no_pydantic(clean_env: Path):
    """The window reads its settings on the UI thread before it shows: no pydantic there."""
    code = (
        "import sys, pad_desktop.runtime.settings as s; s.Settings(); "
        "print('pydantic' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.stdout.strip() == "False", done.stderr
