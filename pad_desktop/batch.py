"""Batch scoring of a CSV file: streamed in chunks, every row scored or given its own error.

`score_csv` is the long task shared by the CLI and the GUI's batch tab: it reports progress and
stops between chunks when its `TaskState` is cancelled, keeping what was done. Each chunk's
results go to an optional `sink` (the decision log, the GUI's table) before they are written.
"""

from __future__ import annotations

import csv
import re
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pad_desktop.csv_dialect import CsvFormatError, Dialect, detect_dialect
from pad_desktop.records import Outcome
from pad_desktop.scoring import Scorer
from pad_desktop.tasks import Cancelled, TaskState

DEFAULT_CHUNK_ROWS = 20_000
ID_COLUMNS = (
    "id",
    "applicant_id",
    "application_id",
    "client_id",
    "customer_id",
    "sk_id_curr",
    "reference",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ERROR_COLUMNS = ["row", "field", "value", "message"]
_BAD_LINE = re.compile(r"line (\d+): expected (\d+) fields, saw (\d+)")


class MissingColumnsError(CsvFormatError):
    """The file lacks required columns: reported once, before any row is scored."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            f"The file has no column for {len(missing)} required field(s): {', '.join(missing)}. "
            "Check the header line (column names must match the model's fields)."
        )


@dataclass
class ChunkResult:
    """The scored and rejected rows of one chunk (row numbers are 1-based data rows)."""

    batch_id: uuid.UUID
    threshold: float
    rows: np.ndarray  # row numbers of the scored rows
    id_column: str | None  # the file's applicant id column, if it has one
    ids: np.ndarray | None  # its values for the scored rows
    inputs: pd.DataFrame  # raw values of the scored rows, signature columns
    probabilities: np.ndarray
    decisions: np.ndarray
    reasons: list[list[str]]
    errors: pd.DataFrame  # row, field, value, message
    latency_ms: float  # per scored row, the chunk's validate+score+explain time shared out


@dataclass
class BatchSummary:
    input: Path
    dialect: Dialect
    batch_id: uuid.UUID
    output: Path | None = None
    errors_output: Path | None = None
    rows: int = 0
    scored: int = 0
    refused: int = 0
    rows_with_errors: int = 0
    cancelled: bool = False
    fatal_error: str | None = None
    seconds: float = 0.0
    error_samples: list[str] = field(default_factory=list)

    @property
    def approved(self) -> int:
        return self.scored - self.refused


def neutralise(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with a quote.

    `columns`: the ones that may hold text from the input file (default: all).
    """
    out = frame.copy()
    for col in out.columns if columns is None else columns:
        if out[col].dtype == object:
            text = out[col].astype(str)
            risky = text.str.startswith(FORMULA_START) & out[col].notna()
            if risky.any():
                out[col] = out[col].where(~risky, "'" + text)
    return out


def find_id_column(columns: list[str], features: list[str]) -> str | None:
    lowered = {c.lower(): c for c in columns if c not in features}
    return next((lowered[name] for name in ID_COLUMNS if name in lowered), None)


def read_header(path: Path, dialect: Dialect) -> list[str]:
    with open(path, encoding=dialect.encoding, newline="") as handle:
        header = next(csv.reader(handle, delimiter=dialect.separator), None)
    if not header:
        raise CsvFormatError("The file is empty: no header line with column names.")
    return [h.strip() for h in header]


def read_chunks(
    path: Path, dialect: Dialect, columns: list[str], text_columns: list[str], chunk_rows: int
) -> Iterator[tuple[pd.DataFrame, list[tuple[int, str]], float]]:
    """Yield (chunk, bad lines as (row, message), fraction of the file read)."""
    size = max(path.stat().st_size, 1)
    with open(path, "rb") as raw:
        reader = pd.read_csv(
            raw,
            sep=dialect.separator,
            decimal=dialect.decimal,
            encoding=dialect.encoding,
            dtype={c: str for c in text_columns},
            keep_default_na=False,
            na_values=[""],
            skipinitialspace=True,
            on_bad_lines="warn",
            chunksize=chunk_rows,
            engine="c",
        )
        with reader:
            while True:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    try:
                        chunk = next(reader)
                    except StopIteration:
                        return
                    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
                        raise CsvFormatError(
                            f"The file cannot be read past this point: {exc}"
                        ) from None
                # All columns are parsed (no usecols) so that a line with too many fields is
                # caught as a bad line instead of being silently cut to the wanted columns.
                chunk.columns = [str(c).strip() for c in chunk.columns]
                chunk = chunk[[c for c in columns if c in chunk.columns]]
                bad = [
                    (
                        int(m.group(1)) - 1,
                        f"This line has {m.group(3)} fields; the header has {m.group(2)}.",
                    )
                    for w in caught
                    for m in _BAD_LINE.finditer(str(w.message))
                ]
                yield chunk, bad, min(raw.tell() / size, 1.0)


def _row_numbers(start: int, count: int, bad_rows: list[int]) -> np.ndarray:
    """Data-row numbers of `count` parsed rows from `start`, skipping rows pandas dropped."""
    skipped = set(bad_rows)
    numbers, row = np.empty(count, dtype=np.int64), start
    if not skipped:
        return np.arange(start, start + count, dtype=np.int64)
    for i in range(count):
        while row in skipped:
            row += 1
        numbers[i], row = row, row + 1
    return numbers


def score_csv(
    path: str | Path,
    scorer: Scorer,
    output: str | Path | None = None,
    errors_output: str | Path | None = None,
    *,
    state: TaskState | None = None,
    sink: Callable[[ChunkResult], None] | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    id_column: str | None = None,
    dialect: Dialect | None = None,
) -> BatchSummary:
    """Score every row of `path`; write results and errors; return what happened."""
    path = Path(path)
    state = state or TaskState()
    started = time.perf_counter()
    dialect = dialect or detect_dialect(path)
    signature = scorer.signature
    header = read_header(path, dialect)
    missing = signature.missing_columns(header)
    if missing:
        raise MissingColumnsError(missing)
    id_column = id_column or find_id_column(header, signature.names)
    wanted = [c for c in signature.names if c in header] + ([id_column] if id_column else [])
    text_columns = [f.name for f in signature.fields if f.kind.value == "category"]
    text_columns += [id_column] if id_column else []
    summary = BatchSummary(path, dialect, uuid.uuid4())
    writer = _ResultWriter(output, errors_output, dialect)
    summary.output, summary.errors_output = writer.output, writer.errors_output
    next_row = 1
    # The sink (the decision log) of chunk i runs on a helper thread while chunk i+1 is parsed
    # and scored; chunk i is written out only once its sink is done, so a decision is recorded
    # before anyone can read its result, and a cancelled run still finishes the chunk in hand.
    with writer, ThreadPoolExecutor(1, thread_name_prefix="pad-batch-sink") as helper:
        pending: _Pending | None = None
        try:
            for chunk, bad_lines, fraction in read_chunks(
                path, dialect, wanted, text_columns, chunk_rows
            ):
                state.check()
                rows = _row_numbers(next_row, len(chunk), [r for r, _ in bad_lines])
                last_bad = max((r for r, _ in bad_lines), default=0)
                next_row = int(max(rows[-1] if len(rows) else next_row - 1, last_bad)) + 1
                result = _score_chunk(scorer, chunk, rows, bad_lines, id_column, summary.batch_id)
                if pending is not None:
                    pending.finish(writer, summary, state)
                pending = _Pending(result, fraction, helper.submit(sink, result) if sink else None)
        except Cancelled:
            summary.cancelled = True
        except CsvFormatError as exc:
            summary.fatal_error = str(exc)
        finally:
            if pending is not None:
                pending.finish(writer, summary, state)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass
class _Pending:
    """A scored chunk whose sink may still be running."""

    result: ChunkResult
    fraction: float
    sunk: Future | None

    def finish(self, writer: _ResultWriter, summary: BatchSummary, state: TaskState) -> None:
        if self.sunk is not None:
            self.sunk.result()  # re-raises the sink's error: nothing unrecorded is written
        writer.write(self.result)
        _tally(summary, self.result)
        state.set_progress(self.fraction, f"{summary.rows:,} rows")


def _score_chunk(
    scorer: Scorer,
    chunk: pd.DataFrame,
    rows: np.ndarray,
    bad_lines: list[tuple[int, str]],
    id_column: str | None,
    batch_id: uuid.UUID,
) -> ChunkResult:
    start = time.perf_counter()
    scores = scorer.score_frame(chunk)
    elapsed_ms = (time.perf_counter() - start) * 1000.0
    errors = scores.errors.assign(row=rows[scores.errors["index"].to_numpy(dtype=np.int64)])
    if bad_lines:
        lines = pd.DataFrame(
            {
                "row": [r for r, _ in bad_lines],
                "field": "",
                "value": "",
                "message": [m for _, m in bad_lines],
            }
        )
        errors = pd.concat([errors, lines], ignore_index=True).sort_values("row", kind="stable")
    valid = scores.valid
    n_valid = int(valid.sum())
    return ChunkResult(
        batch_id=batch_id,
        threshold=scorer.threshold,
        rows=rows[valid],
        id_column=id_column,
        ids=chunk[id_column].to_numpy()[valid] if id_column else None,
        inputs=chunk.loc[
            valid, [n for n in scorer.signature.names if n in chunk.columns]
        ].reset_index(drop=True),
        probabilities=scores.probabilities,
        decisions=scores.decisions,
        reasons=scores.reasons,
        errors=errors[ERROR_COLUMNS].reset_index(drop=True),
        latency_ms=elapsed_ms / max(n_valid, 1),
    )


def _tally(summary: BatchSummary, result: ChunkResult) -> None:
    bad_rows = result.errors["row"].nunique()
    summary.rows += len(result.rows) + bad_rows
    summary.scored += len(result.rows)
    summary.refused += int(np.sum(result.decisions == Outcome.REFUSED))
    summary.rows_with_errors += bad_rows
    room = 5 - len(summary.error_samples)
    if room > 0 and len(result.errors):
        summary.error_samples += [
            f"row {r.row}: {r.message}" for r in result.errors.head(room).itertuples()
        ]


def result_frame(result: ChunkResult) -> pd.DataFrame:
    """The output columns of a chunk: row, id, score, decision, threshold, reason_1..4."""
    frame = pd.DataFrame({"row": result.rows})
    if result.ids is not None:
        frame[result.id_column or "id"] = result.ids
    # Rounded here rather than with a float_format: pandas formats plain floats much faster.
    frame["score"] = np.round(result.probabilities, 6)
    frame["decision"] = [str(d) for d in result.decisions]
    frame["threshold"] = result.threshold
    padded = [r + [""] * (4 - len(r)) for r in result.reasons]
    reasons = np.array(padded, dtype=object).reshape(len(padded), 4)
    for k in range(4):
        frame[f"reason_{k + 1}"] = reasons[:, k]
    return frame


class _ResultWriter:
    """Appends chunk results and errors to two CSV files in the input's dialect (UTF-8, BOM)."""

    def __init__(
        self, output: str | Path | None, errors_output: str | Path | None, dialect: Dialect
    ):
        self.output = Path(output) if output else None
        if errors_output is None and self.output is not None:
            errors_output = self.output.with_name(self.output.stem + ".errors.csv")
        self.errors_output = Path(errors_output) if errors_output else None
        self.dialect = dialect

    def __enter__(self) -> _ResultWriter:
        for path in (self.output, self.errors_output):
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
        self._out = (
            open(self.output, "w", encoding="utf-8-sig", newline="") if self.output else None
        )
        self._err = (
            open(self.errors_output, "w", encoding="utf-8-sig", newline="")
            if self.errors_output
            else None
        )
        self._first_out = self._first_err = True
        if self._err is not None:  # the errors file always has its header, even when empty
            self._write(self._err, pd.DataFrame(columns=ERROR_COLUMNS), header=True)
            self._first_err = False
        return self

    def __exit__(self, *exc: object) -> None:
        for handle in (self._out, self._err):
            if handle is not None:
                handle.close()

    def _write(
        self, handle, frame: pd.DataFrame, header: bool, untrusted: list[str] | None = None
    ) -> None:
        neutralise(frame, untrusted).to_csv(
            handle,
            sep=self.dialect.separator,
            decimal=self.dialect.decimal,
            index=False,
            header=header,
            lineterminator=self.dialect.line_ending,
        )

    def write(self, result: ChunkResult) -> None:
        if self._out is not None and len(result.rows):
            frame = result_frame(result)
            # Only the id comes from the file: reasons are built from the model's own labels
            # (unknown categories are rejected), decisions are ours.
            untrusted = [c for c in frame.columns if c == result.id_column]
            self._write(self._out, frame, header=self._first_out, untrusted=untrusted)
            self._first_out = False
        if self._err is not None and len(result.errors):
            self._write(self._err, result.errors, header=False)
