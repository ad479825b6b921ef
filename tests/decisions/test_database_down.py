"""With PostgreSQL down, commands stop in seconds and say what waits in the outbox. "Down" is
a port nothing listens on (the shared server is never stopped); delivery after an outage is
tests/decisions/test_decision_delivery.py's business."""

from __future__ import annotations

import time
from pathlib import Path

import lz4.frame
import pytest

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.outbox import Entry, compress
from tests.decisions.helpers import ROOT, free_port, make_record

EXAMPLES = ROOT / "resources" / "examples" / "applicants_fr.csv"
DRAIN_S = 60.0  # far beyond any machine's pace: only a close that waits for the drain gets there


def test_closing_does_not_wait_for_a_database_that_refused(tmp_path: Path) -> None:
    log = DecisionLog.open(f"postgresql://pad@127.0.0.1:{free_port()}/x", data_dir=tmp_path)
    for _ in range(3):
        log.record(make_record())
    started = time.monotonic()
    assert log.close(timeout=DRAIN_S) == 3  # what is left in the outbox
    # Its first failed attempt decides, not the drain's timeout.
    assert time.monotonic() - started < DRAIN_S


def test_score_with_the_database_down_says_what_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"postgresql://pad@127.0.0.1:{free_port()}/pad")
    assert main(["score", str(EXAMPLES), "-o", str(tmp_path / "out.csv")]) == 0
    err = capsys.readouterr().err
    assert "37 decision(s) wait in this computer's outbox" in err
    assert "will be delivered automatically" in err and "did not answer" in err


def test_outboxes_written_with_pyarrows_lz4_still_deliver() -> None:
    """Older versions compressed with pyarrow's LZ4 codec: the same frame format."""
    import pyarrow as pa

    text = "a\tb\n" * 1000
    payload = pa.compress(text.encode(), codec="lz4", asbytes=True)
    entry = Entry(1, "decisions", 1000, payload, len(text))
    assert entry.copy_data() == text.encode()
    ours, size = compress(text)
    assert pa.decompress(ours, size, codec="lz4", asbytes=True) == text.encode()
    assert lz4.frame.decompress(ours) == text.encode()
