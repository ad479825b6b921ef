"""A damaged or foreign embedded store: one sentence saying what to do, the file left as it was,
nothing scored (the batch CLI, the `db` commands, the window's wording)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pad_desktop.decisions import DecisionLog, StoreUnreadable
from pad_desktop.decisions.local_store import store_path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "applicants_fr.csv"


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(20_000))


def _overwritten_pages(path: Path) -> None:
    """A real store whose pages after the first were overwritten (a disk or copy gone wrong)."""
    with DecisionLog.open(data_dir=path.parent):
        pass
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(4096)
        handle.write(os.urandom(size - 4096))


@pytest.fixture(params=[_random_bytes, _overwritten_pages], ids=["random bytes", "overwritten"])
def damaged(request, tmp_path: Path) -> tuple[Path, str]:
    path = store_path(tmp_path / "data")
    path.parent.mkdir()
    request.param(path)
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def _untouched(path: Path, digest: str) -> bool:
    return hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_opening_a_damaged_store_says_so_and_changes_nothing(damaged):
    path, digest = damaged
    with pytest.raises(StoreUnreadable) as raised:
        DecisionLog.open(data_dir=path.parent)
    assert str(raised.value).startswith(f"The decision store {path} cannot be read (")
    assert "Move it aside" in str(raised.value)
    assert raised.value.text("fr").startswith(f"Le registre des décisions {path} est illisible")
    assert _untouched(path, digest)


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PAD_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "pad_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args, opening",
    [
        (("score", str(EXAMPLE)), "error: The decision store"),
        (("--lang", "fr", "score", str(EXAMPLE)), "erreur : Le registre des décisions"),
        (("db", "verify"), "error: The decision store"),
        (("db", "upgrade"), "error: The decision store"),
    ],
)
def test_the_cli_says_what_to_do_in_one_line(damaged, tmp_path: Path, args, opening):
    path, digest = damaged
    output = tmp_path / "scored.csv"
    done = _cli(path.parent, *args, *(("-o", str(output)) if "score" in args else ()))
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith(opening) and str(path) in lines[-1]
    assert "Traceback" not in done.stderr and "unexpected failure" not in done.stderr
    assert not output.exists()  # nothing scored without a log to record it
    assert _untouched(path, digest)
