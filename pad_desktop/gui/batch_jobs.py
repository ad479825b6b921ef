"""The batch tab's plain functions (no Qt): preview a CSV, then score it with logging.

Scoring is `pad_desktop.batch.score_csv` itself, writing its results and errors files exactly as
the CLI does; the tab's exports are copies of those files.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pad_desktop.batch import (
    BatchSummary,
    ChunkResult,
    MissingColumnsError,
    find_id_column,
    read_chunks,
    read_header,
    score_csv,
)
from pad_desktop.csv_dialect import Dialect, detect_dialect
from pad_desktop.gui.batch_table import TableChunk
from pad_desktop.recording import log_sink
from pad_desktop.records import Source
from pad_desktop.tasks import TaskState

if TYPE_CHECKING:
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.scoring import Scorer

PREVIEW_ROWS = 20
SAMPLE_ROWS = 2_000  # rows validated before scoring, for the summary
GUI_CHUNK_ROWS = 5_000  # small chunks: Cancel answers within a fraction of a second


@dataclass
class Preview:
    path: Path
    dialect: Dialect
    header: list[str]
    head: pd.DataFrame  # the first rows, every column as text
    missing: list[str]
    id_column: str | None
    sampled: int = 0
    sample_invalid: int = 0
    sample_messages: list[str] = field(default_factory=list)
    estimated_rows: int = 0


def preview_csv(path: str | Path, scorer: Scorer, *, state: TaskState) -> Preview:
    """Dialect, first rows and a validation of the first `SAMPLE_ROWS` rows."""
    path = Path(path)
    dialect = detect_dialect(path)
    header = read_header(path, dialect)
    signature = scorer.signature
    head = pd.read_csv(
        path,
        sep=dialect.separator,
        encoding=dialect.encoding,
        dtype=str,
        nrows=PREVIEW_ROWS,
        keep_default_na=False,
        on_bad_lines="skip",
    )
    preview = Preview(
        path,
        dialect,
        header,
        head,
        signature.missing_columns(header),
        find_id_column(header, signature.names),
    )
    if preview.missing:
        return preview
    wanted = [c for c in signature.names if c in header]
    text_columns = [f.name for f in signature.fields if f.kind.value == "category"]
    chunk, _bad, fraction = next(
        read_chunks(path, dialect, wanted, text_columns, SAMPLE_ROWS),
        (pd.DataFrame(columns=wanted), [], 1.0),
    )
    checked = signature.validate_frame(chunk)
    preview.sampled = len(chunk)
    preview.sample_invalid = int((~checked.valid).sum())
    preview.sample_messages = [
        f"{int(r['index']) + 1}: {r['message']}" for _, r in checked.errors.head(5).iterrows()
    ]
    preview.estimated_rows = round(len(chunk) / fraction) if fraction > 0 else len(chunk)
    return preview


def run_batch(
    path: str | Path,
    scorer: Scorer,
    log: DecisionLog | None,
    officer: str,
    workstation: str,
    output_dir: Path,
    on_chunk: Callable[[TableChunk], None],
    *,
    state: TaskState,
    chunk_rows: int = GUI_CHUNK_ROWS,
) -> BatchSummary:
    """Score `path`; each chunk is logged, then handed to `on_chunk`, then written to disk."""
    path = Path(path)
    log_chunk = (
        log_sink(log, scorer, Source.BATCH, officer, workstation) if log is not None else None
    )

    def sink(result: ChunkResult) -> None:
        if log_chunk is not None:
            log_chunk(result)
        on_chunk(TableChunk.of(result))

    output_dir.mkdir(parents=True, exist_ok=True)
    output = output_dir / f"{path.stem}.{uuid.uuid4().hex[:8]}.scored.csv"
    return score_csv(path, scorer, output, None, state=state, sink=sink, chunk_rows=chunk_rows)


__all__ = ["MissingColumnsError", "Preview", "preview_csv", "run_batch"]
