"""A workstation process that writes decisions, for the crash and concurrency tests.

    python writer_process.py URL DATA_DIR CHUNKS ROWS OFFICER [--close]

Prints one line per write as soon as the log acknowledged it: `REC <id>` for a single record,
`ACK <batch_id> <rows>` for a batch chunk; with --close, drains the outbox and prints CLOSED.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pad_desktop.decisions import DecisionLog
from tests.decisions.helpers import make_batch, make_record


def main(argv: list[str]) -> None:
    url, data_dir, chunks, rows, officer = argv[:5]
    log = DecisionLog.open(url, data_dir=Path(data_dir))
    for i in range(int(chunks)):
        rec = make_record(officer=officer)
        log.record(rec)
        print(f"REC {rec.id}", flush=True)
        batch = make_batch(int(rows), start=i * int(rows), officer=officer)
        log.record_batch(batch)
        print(f"ACK {batch.batch_id} {len(batch)}", flush=True)
    if "--close" in argv:
        log.close(timeout=60)
        print("CLOSED", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
