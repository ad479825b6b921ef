"""Batch scoring of a CSV file: streamed in chunks, every row scored or given its own error.

`score_csv` is the long task behind the decision service's `score_file` (CLI and batch tab): it
reports progress and stops between chunks when its `TaskState` is cancelled, keeping what was
done. Each chunk's results go to the `sink` (the decision log, then the GUI's table) before they
are written. Every cell is read as text and judged by the value table (`values`), cell by cell,
in the file's dialect; row numbers count data lines (line 1 is the header).
"""

from __future__ import annotations

import csv
import time
import uuid
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pad_desktop.csv_dialect import CsvFormatError, Dialect, detect_dialect
from pad_desktop.records import Outcome, new_id
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
REASONS = ("reason_1", "reason_2", "reason_3", "reason_4")
ERROR_COLUMNS = ["row", "line", "case_ref", "field", "value", "message"]


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
    """The scored and rejected rows of one chunk (row numbers are 1-based data rows, the file's
    line numbers are one more: the header is line 1)."""

    batch_id: uuid.UUID
    threshold: float
    rows: np.ndarray  # row numbers of the scored rows
    id_column: str | None  # the file's applicant id column, if it has one
    ids: np.ndarray | None  # its values (the case references) for the scored rows
    inputs: pd.DataFrame  # raw values of the scored rows, signature columns
    probabilities: np.ndarray
    decisions: np.ndarray
    reasons: list[list[str]]
    errors: pd.DataFrame  # ERROR_COLUMNS
    latency_ms: float  # per scored row, the chunk's validate+score+explain time shared out

    @property
    def case_refs(self) -> list[str | None] | None:
        if self.ids is None:
            return None
        return [None if not str(i).strip() else str(i).strip() for i in self.ids]


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


def check_paths(
    source: Path, output: str | Path | None, errors_output: str | Path | None
) -> None:
    """Refuse, before anything is opened, an input that is not a plain file (a FIFO would be
    read twice) and an output that is the input or the other output (links included):
    writing it would truncate it."""
    if not source.is_file():
        raise CsvFormatError(f"{source} is not a regular file: give the path of a CSV file.")
    if output is not None and errors_output is None:
        errors_output = Path(output).with_name(Path(output).stem + ".errors.csv")
    seen = {"the input": source.resolve()}
    for name, target in (("The results file", output), ("The errors file", errors_output)):
        if target is None:
            continue
        resolved = Path(target).resolve()
        for other, taken in seen.items():
            if resolved == taken or (resolved.exists() and resolved.samefile(taken)):
                raise CsvFormatError(
                    f"{name} {target} is {other}: writing it would destroy it. "
                    "Choose another file name."
                )
        seen[name.lower()] = resolved


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
    path: Path, dialect: Dialect, columns: list[str], chunk_rows: int
) -> Iterator[tuple[pd.DataFrame, list[tuple[int, str]], float]]:
    """Yield (chunk of texts indexed by their file line numbers, bad lines as (line, message),
    fraction of the file read). Every cell stays text; blank lines are dropped; a line whose
    field count differs from the header's is refused on its own."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    size = max(path.stat().st_size, 1)
    header = read_header(path, dialect)
    width = len(header)
    refused: list[tuple[int, str]] = []

    def on_invalid(row) -> str:  # pyarrow.csv.InvalidRow, for each line of the wrong width
        refused.append(
            (int(row.number or 0), f"This line has {row.actual_columns} fields; the header "
             f"has {width}.")
        )  # fmt: skip
        return "skip"

    encoding = "utf8" if dialect.encoding in ("utf-8", "utf-8-sig") else dialect.encoding
    wanted = [c for c in dict.fromkeys(columns) if c in header]
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                column_names=_unique_names(header),
                skip_rows=1,
                use_threads=False,  # sequential: line numbers of refused lines are known
                block_size=CSV_BLOCK_BYTES,
                encoding=encoding,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=dialect.separator,
                invalid_row_handler=on_invalid,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in wanted},
                include_columns=[_unique_names(header)[header.index(c)] for c in wanted],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise CsvFormatError(f"The file cannot be read: {_arrow_message(exc)}") from None
    next_line, blocks = 2, 0
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise CsvFormatError(
                f"The file cannot be read past line {next_line}: {_arrow_message(exc)}"
            ) from None
        blocks += 1
        frame = batch.to_pandas()
        frame.columns = wanted
        skipped = {line for line, _ in refused}
        lines = _line_numbers(next_line, len(frame), skipped)
        if len(lines):
            next_line = int(lines[-1]) + 1
        while next_line in skipped:
            next_line += 1
        frame.index = lines
        if len(frame.columns):
            blank = (frame == "").to_numpy().all(axis=1)
            if blank.any():
                frame = frame.loc[~blank]
        done = sorted(r for r in refused if r[0] < next_line)
        refused[:] = [r for r in refused if r[0] >= next_line]
        fraction = min(blocks * CSV_BLOCK_BYTES / size, 0.99)  # a batch is one block read
        for start in range(0, max(len(frame), 1), chunk_rows):
            yield frame.iloc[start : start + chunk_rows], done if start == 0 else [], fraction
    if refused:  # refused lines after the last row
        yield pd.DataFrame(columns=wanted), sorted(refused), 1.0


CSV_BLOCK_BYTES = 1 << 20  # a line longer than this is refused with a clear message


def _unique_names(header: list[str]) -> list[str]:
    """pyarrow needs distinct column names: a repeated header name gets a suffix."""
    seen: dict[str, int] = {}
    out = []
    for name in header:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if count == 0 else f"{name}\x00{count}")
    return out


def _arrow_message(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "straddling" in text or "block" in text:
        return f"a line is longer than {CSV_BLOCK_BYTES // (1 << 20)} MiB."
    if "UTF8" in text or "utf-8" in text.lower():
        return "a byte sequence is not valid in this file's encoding."
    return text


def _line_numbers(start: int, count: int, bad_lines: Collection[int]) -> np.ndarray:
    """File line numbers of `count` parsed rows from `start`, skipping lines pandas dropped."""
    skipped = set(bad_lines)
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
    lang: str = "en",
) -> BatchSummary:
    """Score every row of `path`; write results and errors; return what happened."""
    path = Path(path)
    state = state or TaskState()
    started = time.perf_counter()
    check_paths(path, output, errors_output)
    dialect = dialect or detect_dialect(path)
    signature = scorer.signature
    header = read_header(path, dialect)
    missing = signature.missing_columns(header)
    if missing:
        raise MissingColumnsError(missing)
    id_column = id_column or find_id_column(header, signature.names)
    wanted = [c for c in signature.names if c in header] + ([id_column] if id_column else [])
    summary = BatchSummary(path, dialect, new_id())
    writer = _ResultWriter(output, errors_output, dialect, id_column)
    summary.output, summary.errors_output = writer.output, writer.errors_output
    # The sink (the decision log) of chunk i runs on a helper thread while chunk i+1 is parsed
    # and scored; chunk i is written out only once its sink is done, so a decision is recorded
    # before anyone can read its result, and a cancelled run still finishes the chunk in hand.
    with writer, ThreadPoolExecutor(1, thread_name_prefix="pad-batch-sink") as helper:
        pending: _Pending | None = None
        try:
            for chunk, bad_lines, fraction in read_chunks(path, dialect, wanted, chunk_rows):
                state.check()
                result = _score_chunk(
                    scorer, chunk, bad_lines, id_column, summary.batch_id, dialect, lang
                )
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
    if not summary.cancelled and summary.fatal_error is None:
        state.set_progress(1.0, f"{summary.rows:,} rows")
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
    bad_lines: list[tuple[int, str]],
    id_column: str | None,
    batch_id: uuid.UUID,
    dialect: Dialect,
    lang: str,
) -> ChunkResult:
    start = time.perf_counter()
    lines = chunk.index.to_numpy(dtype=np.int64)
    scores = scorer.score_frame(chunk, decimal=dialect.decimal, lang=lang)
    elapsed_ms = (time.perf_counter() - start) * 1000.0
    ids = chunk[id_column].to_numpy() if id_column else None
    at = scores.errors["index"].to_numpy(dtype=np.int64)
    errors = scores.errors.assign(
        line=lines[at], case_ref=ids[at] if ids is not None else ""
    )
    if bad_lines:
        found = pd.DataFrame(
            {
                "line": [line for line, _ in bad_lines],
                "case_ref": "",
                "field": "",
                "value": "",
                "message": [m for _, m in bad_lines],
            }
        )
        errors = pd.concat([errors, found], ignore_index=True).sort_values("line", kind="stable")
    errors = errors.assign(row=errors["line"].to_numpy(dtype=np.int64) - 1)
    valid = scores.valid
    n_valid = int(valid.sum())
    return ChunkResult(
        batch_id=batch_id,
        threshold=scorer.threshold,
        rows=lines[valid] - 1,
        id_column=id_column,
        ids=ids[valid] if ids is not None else None,
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
            f"line {r.line}: {r.message}" for r in result.errors.head(room).itertuples()
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
    for k, name in enumerate(REASONS):
        frame[name] = reasons[:, k]
    return frame


class _ResultWriter:
    """Appends chunk results and errors to two CSV files in the input's dialect (UTF-8, BOM)."""

    def __init__(
        self,
        output: str | Path | None,
        errors_output: str | Path | None,
        dialect: Dialect,
        id_column: str | None = None,
    ):
        self.output = Path(output) if output else None
        if errors_output is None and self.output is not None:
            errors_output = self.output.with_name(self.output.stem + ".errors.csv")
        self.errors_output = Path(errors_output) if errors_output else None
        self.dialect = dialect
        # The errors file names the case reference column as the input file does.
        self.error_columns = [id_column or c if c == "case_ref" else c for c in ERROR_COLUMNS]

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
            self._write(self._err, pd.DataFrame(columns=self.error_columns), header=True)
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
            # The id comes from the file, the reasons from the bundle's texts (descriptions,
            # labels): both may start like a formula. Decisions and numbers are ours.
            untrusted = [c for c in frame.columns if c == result.id_column or c in REASONS]
            self._write(self._out, frame, header=self._first_out, untrusted=untrusted)
            self._first_out = False
        if self._err is not None and len(result.errors):
            errors = result.errors.set_axis(self.error_columns, axis=1)
            self._write(self._err, errors, header=False)
