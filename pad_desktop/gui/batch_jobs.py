"""The batch tab's plain functions (no Qt): preview a CSV, then decide it through the service.

Scoring is the decision service's `score_file` (each chunk recorded before the tab sees it), in
a batch process (`batch_child`), writing its results and errors files exactly as the CLI does;
the tab's exports are copies of those files.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pad_desktop.cells.csv_dialect import Dialect, detect_dialect
from pad_desktop.cells.messages import file_message
from pad_desktop.gui.batch_child import BatchChild, job_for
from pad_desktop.gui.batch_table import TableChunk
from pad_desktop.runtime.tasks import TaskState
from pad_desktop.service.batch import (
    BatchSummary,
    MissingColumnsError,
    find_id_column,
    read_chunks,
    read_header,
)
from pad_desktop.texts import describe

if TYPE_CHECKING:
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.service.decision_service import DecisionService

PREVIEW_ROWS = 20
SAMPLE_ROWS = 2_000  # rows validated before scoring, for the summary
ESTIMATE_BYTES = 1 << 20
GUI_CHUNK_ROWS = 5_000  # small chunks: Cancel answers within a fraction of a second


@dataclass
class Preview:
    path: Path
    dialect: Dialect
    header: list[str]
    head: pd.DataFrame  # the first rows, every column as text
    missing: list[str]
    id_column: str | None
    missing_text: str = ""  # the missing columns as the officer knows them, in their language
    sampled: int = 0
    sample_invalid: int = 0
    sample_messages: list[str] = field(default_factory=list)  # as the batch's summary words them
    estimated_rows: int = 0


def preview_csv(path: str | Path, scorer: Scorer, lang: str = "en", *, state: TaskState) -> Preview:
    """Dialect, first rows and a validation of the first `SAMPLE_ROWS` rows (the value table's
    verdicts, as scoring will give them; `lang`: the messages' language)."""
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
    columns = signature.match_columns(header)  # field -> the file's column for it
    missing = [f.name for f in signature.fields if f.required and f.name not in columns]
    preview = Preview(
        path,
        dialect,
        header,
        head,
        missing,
        find_id_column(header, {*signature.names, *columns.values()}),
    )
    if preview.missing:
        preview.missing_text = describe(MissingColumnsError(missing, signature), lang)
        return preview
    fields = {column: name for name, column in columns.items()}
    chunk, _bad, _fraction = next(
        read_chunks(path, dialect, list(columns.values()), SAMPLE_ROWS, fields),
        (pd.DataFrame(columns=list(columns)), [], 1.0),
    )
    checked = signature.validate_frame(chunk, dialect.decimal, lang)
    preview.sampled = len(chunk)
    preview.sample_invalid = int((~checked.valid).sum())
    lines = chunk.index.to_numpy()  # the chunk is indexed by the file's line numbers
    preview.sample_messages = [
        file_message("line", lang, line=int(lines[int(r["index"])]), message=r["message"])
        for _, r in checked.errors.head(5).iterrows()
    ]
    preview.estimated_rows = max(estimate_rows(path), len(chunk))
    return preview


def estimate_rows(path: Path) -> int:
    """Data rows in `path`, from the line length of its first MB (the reader's progress counts
    blocks, which once put a 1M-row file at 466k: the table then regrew its columns twice,
    each a ~100 ms pause of the window)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(ESTIMATE_BYTES)
    newline = b"\n" if b"\n" in head else b"\r"
    lines = head.count(newline) + (not head.endswith(newline))  # the last line may lack one
    if len(head) < size:
        lines = round(size / (len(head) / max(lines, 1)))
    return max(lines - 1, 0)  # without the header


def run_batch(
    service: DecisionService,
    path: str | Path,
    output_dir: Path,
    on_chunk: Callable[[TableChunk], None],
    lang: str = "en",
    *,
    state: TaskState,
    chunk_rows: int = GUI_CHUNK_ROWS,
    child: Callable[[], BatchChild] = BatchChild,
    again: bool = False,
) -> BatchSummary:
    """Decide `path` through the service, in a batch process (`child()`, a warm one when the
    tab has it): each chunk is recorded, then handed to `on_chunk`, then written to a results
    file of this run (a closed log scores nothing: `LogClosed`, and no process is taken)."""
    path = Path(path)
    output_dir.mkdir(parents=True, exist_ok=True)
    output = output_dir / f"{path.stem}.{uuid.uuid4().hex[:8]}.scored.csv"
    job = job_for(service, path, output, chunk_rows, lang, again)
    texts: dict[str, str] = {}

    def shown(chunk: TableChunk) -> None:
        chunk.share_texts(texts)
        on_chunk(chunk)

    return child().run(job, shown, state)


__all__ = ["MissingColumnsError", "Preview", "preview_csv", "run_batch"]
