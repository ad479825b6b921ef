"""A damaged outbox (issue 26): 16 KiB of random bytes over a file holding 2,000 records that
wait for PostgreSQL. Nothing more is acknowledged into it (one line saying where it is and
what to do, exit 1), and `db salvage` delivers every record it can still read, keeping the
damaged file as it was under another name."""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from pad_desktop.decisions import schema
from pad_desktop.decisions.encode import DecisionRows
from pad_desktop.decisions.outbox import Outbox, outbox_path
from tests.decisions.helpers import ROOT, make_record, pg_count

EXAMPLE = ROOT / "resources" / "examples" / "applicants_fr.csv"
WAITING = 2000
DAMAGE = 16 << 10


def _cli(data_dir: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PAD_DATA_DIR": str(data_dir), "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "pad_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(pg_url: str, tmp_path: Path) -> tuple[Path, Path]:
    """(data folder, outbox) with 2,000 single decisions waiting and 16 KiB overwritten in
    the middle of the file, with the same bytes every run."""
    data_dir = tmp_path / "pad-data"
    path = outbox_path(data_dir, schema.redacted(pg_url))
    outbox = Outbox(path)
    for _ in range(WAITING):
        outbox.write(DecisionRows.from_record(make_record()))
    outbox.close()
    noise = random.Random(26).randbytes(DAMAGE)
    with path.open("r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        handle.write(noise)
    return data_dir, path


@pytest.mark.parametrize(
    "lang, opening",
    [("en", "error: The outbox "), ("fr", "erreur : La file d’attente ")],
)
def test_a_damaged_outbox_acknowledges_nothing(
    damaged: tuple[Path, Path], pg_url: str, tmp_path: Path, lang: str, opening: str
) -> None:
    data_dir, path = damaged
    before = _digest(path)
    output = tmp_path / "scored.csv"
    done = _cli(data_dir, pg_url, "--lang", lang, "score", str(EXAMPLE), "-o", str(output))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "unexpected failure" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(opening + str(path)), done.stderr
    assert "pad-desktop db salvage" in lines[0]
    assert not output.exists()  # nothing decided without a log to record it
    assert _digest(path) == before  # nothing written into it
    assert pg_count(pg_url, "SELECT count(*) FROM decisions") == 0


def test_salvage_delivers_every_readable_record_and_keeps_the_file(
    damaged: tuple[Path, Path], pg_url: str, tmp_path: Path
) -> None:
    data_dir, path = damaged
    before = _digest(path)
    done = _cli(data_dir, pg_url, "db", "salvage")
    assert done.returncode == 1, done.stdout + done.stderr  # some entries were lost
    assert "Traceback" not in done.stderr
    aside = list(path.parent.glob("outbox-*.damaged-*.sqlite3"))
    assert len(aside) == 1 and _digest(aside[0]) == before  # kept, byte for byte
    delivered = pg_count(pg_url, "SELECT count(*) FROM decisions")
    lost_at_most = DAMAGE // 4096 * 16  # a 4 KiB page holds about 10 of these entries
    assert WAITING - lost_at_most <= delivered < WAITING, done.stdout
    assert f"{delivered:,} waiting and 0 refused record(s) taken into {path}" in done.stdout
    assert f"{delivered:,} record(s) delivered" in done.stdout

    again = _cli(data_dir, pg_url, "score", str(EXAMPLE), "-o", str(tmp_path / "r.csv"))
    assert again.returncode == 0, again.stderr  # a sound outbox at the usual place
    assert pg_count(pg_url, "SELECT count(*) FROM decisions") > delivered
    assert _cli(data_dir, pg_url, "db", "salvage").returncode == 0  # nothing left to salvage
