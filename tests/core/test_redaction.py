"""No part of a password shows where a URL is shown: the Hub's endpoint when it does not answer,
the decision database's address and its driver's error, for passwords holding "@", ":", "/"
(typed as they are) or "%40" (percent-encoded)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from pad_desktop.decisions.schema import redacted

ROOT = Path(__file__).resolve().parents[2]
# Each password carries the marker "Zq81" in every piece a parser could cut it into.
PASSWORDS = ["Zq81pass", "Zq81a@Zq81xK_x", "Zq81a:Zq81b", "Zq81a/Zq81b", "Zq81a@Zq81b:Zq81c/Zq81d"]
ENCODED = "Zq81a%40Zq81b"  # "Zq81a@Zq81b" as it should be written in a URL


def _leaks(text: str) -> list[str]:
    return re.findall(r"Zq81\w*", text)


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pad_desktop", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        cwd=ROOT,
    )


@pytest.mark.parametrize("password", [*PASSWORDS, ENCODED])
def test_a_database_url_is_shown_without_its_password(password: str) -> None:
    raw = f"postgresql://app:{password}@db.example:5432/pad?sslmode=require"
    shown = redacted(raw)
    assert shown == "postgresql+psycopg://app:***@db.example:5432/pad?sslmode=require", shown
    typed = URL.create("postgresql", "app", password.replace("%40", "@"), "db.example", 5432, "pad")
    assert redacted(typed) == "postgresql+psycopg://app:***@db.example:5432/pad"


@pytest.mark.parametrize("password", [*PASSWORDS, ENCODED])
def test_any_url_in_a_text_loses_its_password(password: str) -> None:
    from pad_desktop.runtime.secrets import redact_urls

    text = f"Cannot reach http://user:{password}@hub.example:8080/api (see http://other/)."
    assert (
        redact_urls(text)
        == "Cannot reach http://user:***@hub.example:8080/api (see http://other/)."
    )
    assert redact_urls(f"at https://hub/?token={password}&x=1") == "at https://hub/?token=***&x=1"


def test_a_driver_error_naming_a_cut_password_as_its_host_is_masked() -> None:
    from pad_desktop.runtime.secrets import without_password

    url = "postgresql://app:Zq81a@Zq81xK_x@db.example/pad"
    error = "failed to resolve host 'Zq81xK_x@db.example': [Errno -2] Name or service not known"
    assert not _leaks(without_password(error, url))
    assert "db.example" in without_password(error, url)


@pytest.mark.parametrize("password", ["Zq81pass", "Zq81a@Zq81xK_x", "Zq81a:Zq81b", ENCODED])
def test_the_hub_that_does_not_answer_is_named_without_the_password(
    tmp_path: Path, password: str
) -> None:
    endpoint = f"http://user:{password}@127.0.0.1:9"
    for lang in ("en", "fr"):
        done = _cli("model", "check", "--lang", lang, HF_REPO_ID="acme/x", HF_ENDPOINT=endpoint)
        assert done.returncode == 1, done.stderr
        assert "http://user:***@127.0.0.1:9" in done.stderr, done.stderr
        assert not _leaks(done.stdout + done.stderr), done.stderr


@pytest.mark.parametrize("password", ["Zq81a@Zq81xK_x", "Zq81a:Zq81b", "Zq81a/Zq81b", ENCODED])
def test_db_status_names_an_unreachable_database_without_the_password(
    tmp_path: Path, password: str
) -> None:
    url = f"postgresql://app:{password}@127.0.0.1:1/pad"
    done = _cli("db", "status", DATABASE_URL=url, PAD_DATA_DIR=str(tmp_path / "data"))
    assert done.returncode == 2, done.stderr
    assert "postgresql+psycopg://app:***@127.0.0.1:1/pad" in done.stderr, done.stderr
    assert not _leaks(done.stdout + done.stderr), done.stderr
