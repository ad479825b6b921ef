"""Shared fixtures: every test runs with its own user data and cache directories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get(
    "PAD_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user's data, cache, settings or .env."""
    monkeypatch.setenv("PAD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PAD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{tmp_path / 'mlflow.db'}")
    for var in (
        "DATABASE_URL",
        "HF_REPO_ID",
        "HF_ENDPOINT",
        "HF_TOKEN",
        "HUGGINGFACE_TOKEN",
        "PAD_MODEL",
        "PAD_LANGUAGE",
        "LC_ALL",
        "LC_MESSAGES",
        "LC_NUMERIC",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # English messages unless a test asks for French
    # The model alone unless a test asks for the lending policy (`policy_on`): the value table's
    # own ranges, the model's own decisions.
    monkeypatch.setenv("PAD_POLICY", "none")
    from pad_desktop.cli.texts import set_language
    from pad_desktop.runtime.settings import get_settings

    get_settings.cache_clear()
    set_language(None)  # a `--lang fr` of an earlier test's `main()` does not carry over
    yield tmp_path
    get_settings.cache_clear()
    set_language(None)


@pytest.fixture
def policy_on(isolated_user_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped lending policy in use (`PAD_POLICY`), for this test's app, CLI and window."""
    from pad_desktop.policy.load import shipped_policy_path
    from pad_desktop.runtime.settings import get_settings

    path = shipped_policy_path()
    monkeypatch.setenv("PAD_POLICY", str(path))
    get_settings.cache_clear()
    return path


@pytest.fixture(scope="session")
def default_bundle_dir() -> Path:
    return ROOT / "resources" / "model"
