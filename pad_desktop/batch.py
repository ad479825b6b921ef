"""Batch scoring of a CSV file: streamed in chunks, every row scored or given its own error.

`score_csv` is the long task behind the decision service's `score_file` (CLI and batch tab): it
reports progress and stops between chunks when its `TaskState` is cancelled, keeping what was
done. Each chunk's results go to the `sink` (the decision log, then the GUI's table) before they
are written. Every cell is read as text and judged by the value table (`values`), cell by cell,
in the file's dialect; row numbers count data lines (line 1 is the header).

Cells stay Arrow strings from the reader to the value table and the written files (no Python
object per cell: a million-row file is read, validated and written column by column). Results
and errors are written in `csv_dialect.output_dialect`: French Excel's for a `;` file or a
French officer, whether or not the input had decimals.
"""

from __future__ import annotations

import codecs
import csv
import re
import time
import uuid
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from pad_desktop.csv_dialect import CsvFormatError, Dialect, detect_dialect, output_dialect
from pad_desktop.messages import file_message
from pad_desktop.reasons import reason_lists
from pad_desktop.records import Outcome, new_id
from pad_desktop.scoring import Prediction, Scorer
from pad_desktop.signature import FrameValidation
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
    line numbers are one more: the header is line 1). Columns stay arrays (Arrow for texts):
    the per-row Python views (`ids`, `reasons`) are built only for a face that asks."""

    batch_id: uuid.UUID
    threshold: float
    rows: np.ndarray  # row numbers of the scored rows
    id_column: str | None  # the file's applicant id column, if it has one
    id_texts: pa.Array | None  # its values (the case references) for the scored rows
    cells: pa.Table  # raw texts of the scored rows, signature columns
    probabilities: np.ndarray
    decisions: np.ndarray
    reason_codes: np.ndarray  # int32 [n, k] into `reason_table`, -1: no reason
    reason_table: list[str]
    errors: pd.DataFrame  # ERROR_COLUMNS
    latency_ms: float  # per scored row, the chunk's validate+score+explain time shared out
    decimal: str = "."  # the file's decimal mark, which its cells were read with

    @cached_property
    def ids(self) -> np.ndarray | None:
        return None if self.id_texts is None else self.id_texts.to_numpy(zero_copy_only=False)

    @cached_property
    def reasons(self) -> list[list[str]]:
        return reason_lists(self.reason_codes, self.reason_table)

    def rows_after(self, last_row: int) -> ChunkResult:
        """This chunk's scored rows after data row `last_row` (its errors unchanged)."""
        keep = self.rows > last_row
        if keep.all():
            return self
        mask = pa.array(keep)
        return replace(
            self,
            rows=self.rows[keep],
            id_texts=None if self.id_texts is None else self.id_texts.filter(mask),
            cells=self.cells.filter(mask),
            probabilities=self.probabilities[keep],
            decisions=self.decisions[keep],
            reason_codes=self.reason_codes[keep],
        )

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
    written_as: Dialect | None = None  # the results and errors files' dialect
    seconds: float = 0.0
    error_samples: list[str] = field(default_factory=list)
    # Rows an earlier run of the same file with the same model had recorded: their results
    # are written again, not decided again (`DecisionService.score_file`).
    already_recorded: int = 0
    again_of: uuid.UUID | None = None  # scored again on purpose: the earlier run's batch

    @property
    def approved(self) -> int:
        return self.scored - self.refused


def check_paths(source: Path, output: str | Path | None, errors_output: str | Path | None) -> None:
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


def read_blocks(
    path: Path, dialect: Dialect, columns: list[str], lang: str = "en"
) -> Iterator[tuple[pa.Table, np.ndarray, list[tuple[int, str]], float]]:
    """Yield (block of texts as an Arrow table, their file line numbers, bad lines as (line,
    message), fraction of the file read). Every cell stays text and no cell becomes a Python
    object; blank lines are dropped; a line whose field count differs from the header's is
    refused on its own."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    size = max(path.stat().st_size, 1)
    header = read_header(path, dialect)
    width = len(header)
    refused: list[tuple[int, str]] = []

    def on_invalid(row) -> str:  # pyarrow.csv.InvalidRow, for each line of the wrong width
        refused.append(
            (int(row.number or 0), file_message("width", lang, fields=row.actual_columns,
                                                header=width))
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
        table = pa.Table.from_batches([batch]).rename_columns(wanted)
        skipped = {line for line, _ in refused}
        lines = _line_numbers(next_line, table.num_rows, skipped)
        if len(lines):
            next_line = int(lines[-1]) + 1
        while next_line in skipped:
            next_line += 1
        if table.num_columns and table.num_rows:
            blank = pc.equal(pc.binary_length(table.column(0)), 0)
            for col in table.columns[1:]:
                blank = pc.and_(blank, pc.equal(pc.binary_length(col), 0))
            if pc.any(blank).as_py():
                keep = pc.invert(blank)
                table, lines = table.filter(keep), lines[keep.to_numpy(zero_copy_only=False)]
        done = sorted(r for r in refused if r[0] < next_line)
        refused[:] = [r for r in refused if r[0] >= next_line]
        fraction = min(blocks * CSV_BLOCK_BYTES / size, 0.99)  # a batch is one block read
        yield table, lines, done, fraction
    if refused:  # refused lines after the last row
        empty = pa.table({c: pa.array([], pa.string()) for c in wanted})
        yield empty, np.empty(0, np.int64), sorted(refused), 1.0


def rechunk(
    blocks: Iterator[tuple[pa.Table, np.ndarray, list[tuple[int, str]], float]], rows: int
) -> Iterator[tuple[pa.Table, np.ndarray, list[tuple[int, str]], float]]:
    """`read_blocks` regrouped into chunks of `rows` rows (the last may be shorter): a block
    holds a few thousand rows, and validating and scoring pay a fixed cost per call."""
    tables: list[pa.Table] = []
    lines: list[np.ndarray] = []
    bad: list[tuple[int, str]] = []
    held = 0
    fraction = 0.0
    for table, block_lines, block_bad, fraction in blocks:
        tables.append(table)
        lines.append(block_lines)
        bad += block_bad
        held += table.num_rows
        if held < rows:
            continue
        merged = pa.concat_tables(tables).combine_chunks()
        numbers = np.concatenate(lines)
        cut = held - held % rows
        for start in range(0, cut, rows):  # bad lines go with the chunk they precede
            end_line = numbers[start + rows - 1]
            mine = [b for b in bad if b[0] <= end_line]
            bad = bad[len(mine) :]
            yield merged.slice(start, rows), numbers[start : start + rows], mine, fraction
        tables, lines, held = [merged.slice(cut)], [numbers[cut:]], held - cut
    if tables and (held or bad):
        yield pa.concat_tables(tables), np.concatenate(lines), bad, fraction


def read_chunks(
    path: Path, dialect: Dialect, columns: list[str], chunk_rows: int
) -> Iterator[tuple[pd.DataFrame, list[tuple[int, str]], float]]:
    """`read_blocks` as pandas frames of texts indexed by their file line numbers, in chunks of
    at most `chunk_rows` (the batch tab's preview)."""
    for table, lines, done, fraction in rechunk(read_blocks(path, dialect, columns), chunk_rows):
        part = table.to_pandas()
        part.index = lines
        yield part, done, fraction


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
    write_dialect: str | None = None,
    batch_id: uuid.UUID | None = None,
) -> BatchSummary:
    """Score every row of `path`; write results and errors; return what happened.

    `write_dialect` ("fr", "us") forces the dialect of the files written (`output_dialect`)."""
    path = Path(path)
    state = state or TaskState()
    started = time.perf_counter()
    check_paths(path, output, errors_output)
    dialect = dialect or detect_dialect(path)
    written_as = output_dialect(dialect, write_dialect, lang)
    signature = scorer.signature
    header = read_header(path, dialect)
    missing = signature.missing_columns(header)
    if missing:
        raise MissingColumnsError(missing)
    id_column = id_column or find_id_column(header, signature.names)
    wanted = [c for c in signature.names if c in header] + ([id_column] if id_column else [])
    summary = BatchSummary(path, dialect, batch_id or new_id(), written_as=written_as)
    writer = _ResultWriter(output, errors_output, written_as, id_column)
    summary.output, summary.errors_output = writer.output, writer.errors_output
    # The sink (the decision log) of chunk i runs on a helper thread while chunk i+1 is parsed
    # and scored; chunk i is written out only once its sink is done, so a decision is recorded
    # before anyone can read its result, and a cancelled run still finishes the chunk in hand.
    # The next chunk is read (Arrow's parser runs without the GIL) while this one is scored.
    # ONNX Runtime predicts chunk i (on its own thread, without the GIL) while chunk i+1 is
    # validated and chunk i-1 explained and written: the Python work fills the cores ONNX leaves.
    with (
        writer,
        ThreadPoolExecutor(1, thread_name_prefix="pad-batch-sink") as helper,
        ThreadPoolExecutor(1, thread_name_prefix="pad-batch-read") as reader,
        ThreadPoolExecutor(1, thread_name_prefix="pad-batch-predict") as predictor,
    ):
        pending: _Pending | None = None
        predicting: _Predicting | None = None

        def advance(scored: _Predicting) -> None:
            nonlocal pending
            result = _score_chunk(
                scorer, scored, id_column, summary.batch_id, lang, dialect.decimal
            )
            if pending is not None:
                pending.finish(writer, summary, state, lang)
            sunk = helper.submit(sink, result) if sink else None
            pending = _Pending(result, scored.fraction, sunk)

        try:
            try:
                chunks = rechunk(read_blocks(path, dialect, wanted, lang), chunk_rows)
                for table, lines, bad_lines, fraction in _read_ahead(chunks, reader):
                    state.check()
                    upcoming = _Predicting.start(
                        scorer, table, lines, bad_lines, fraction, dialect, lang, predictor
                    )
                    if predicting is not None:
                        advance(predicting)
                    predicting = upcoming
            except CsvFormatError as exc:  # the rows before the unreadable part are kept
                summary.fatal_error = str(exc)
            if predicting is not None:
                advance(predicting)
        except Cancelled:  # the chunk still predicting was not recorded: it is not written
            summary.cancelled = True
        finally:
            if pending is not None:
                pending.finish(writer, summary, state, lang)
    if not summary.cancelled and summary.fatal_error is None:
        state.set_progress(1.0, f"{summary.rows:,} rows")
    summary.seconds = time.perf_counter() - started
    return summary


def _read_ahead(items: Iterator[Any], pool: ThreadPoolExecutor) -> Iterator[Any]:
    """`items`, each one produced on `pool` while the caller works on the one before; an error
    of the producer is raised where its item would have been."""
    done = object()
    ahead = pool.submit(next, items, done)
    while (item := ahead.result()) is not done:
        ahead = pool.submit(next, items, done)
        yield item


@dataclass
class _Pending:
    """A scored chunk whose sink may still be running."""

    result: ChunkResult
    fraction: float
    sunk: Future | None

    def finish(
        self, writer: _ResultWriter, summary: BatchSummary, state: TaskState, lang: str
    ) -> None:
        if self.sunk is not None:
            self.sunk.result()  # re-raises the sink's error: nothing unrecorded is written
        writer.write(self.result)
        _tally(summary, self.result, lang)
        state.set_progress(self.fraction, f"{summary.rows:,} rows")


@dataclass
class _Predicting:
    """A validated chunk whose prediction runs on the predictor thread."""

    chunk: pa.Table
    lines: np.ndarray
    bad_lines: list[tuple[int, str]]
    fraction: float
    checked: FrameValidation
    prediction: Future  # (Prediction, seconds)
    seconds: float  # validation time

    @classmethod
    def start(
        cls,
        scorer: Scorer,
        chunk: pa.Table,
        lines: np.ndarray,
        bad_lines: list[tuple[int, str]],
        fraction: float,
        dialect: Dialect,
        lang: str,
        pool: ThreadPoolExecutor,
    ) -> _Predicting:
        start = time.perf_counter()
        checked = scorer.signature.validate_frame(chunk, dialect.decimal, lang)
        seconds = time.perf_counter() - start

        def predict() -> tuple[Prediction, float]:
            began = time.perf_counter()
            return scorer.predict(checked.matrix), time.perf_counter() - began

        return cls(chunk, lines, bad_lines, fraction, checked, pool.submit(predict), seconds)


def _score_chunk(
    scorer: Scorer,
    scored: _Predicting,
    id_column: str | None,
    batch_id: uuid.UUID,
    lang: str = "en",
    decimal: str = ".",
) -> ChunkResult:
    chunk, lines, bad_lines = scored.chunk, scored.lines, scored.bad_lines
    prediction, predict_seconds = scored.prediction.result()
    start = time.perf_counter()
    scores = scorer.frame_scores(scored.checked, prediction, lang)
    seconds = scored.seconds + predict_seconds + time.perf_counter() - start
    elapsed_ms = seconds * 1000.0
    ids = chunk.column(id_column).combine_chunks() if id_column else None
    at = scores.errors["index"].to_numpy(dtype=np.int64)
    errors = scores.errors.assign(
        line=lines[at],
        case_ref=ids.take(pa.array(at)).to_numpy(zero_copy_only=False) if ids is not None else "",
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
    everything = n_valid == len(valid)
    keep = pa.array(valid)
    return ChunkResult(
        batch_id=batch_id,
        threshold=scorer.threshold,
        rows=lines[valid] - 1,
        id_column=id_column,
        id_texts=None if ids is None else ids if everything else ids.filter(keep),
        cells=chunk.select([n for n in scorer.signature.names if n in chunk.column_names])
        if everything
        else chunk.select([n for n in scorer.signature.names if n in chunk.column_names]).filter(
            keep
        ),
        probabilities=scores.probabilities,
        decisions=scores.decisions,
        reason_codes=scores.reason_codes,
        reason_table=scores.reason_table,
        errors=errors[ERROR_COLUMNS].reset_index(drop=True),
        latency_ms=elapsed_ms / max(n_valid, 1),
        decimal=decimal,
    )


def _tally(summary: BatchSummary, result: ChunkResult, lang: str) -> None:
    bad_rows = result.errors["row"].nunique()
    summary.rows += len(result.rows) + bad_rows
    summary.scored += len(result.rows)
    summary.refused += int(np.sum(result.decisions == Outcome.REFUSED))
    summary.rows_with_errors += bad_rows
    room = 5 - len(summary.error_samples)
    if room > 0 and len(result.errors):
        summary.error_samples += [
            file_message("line", lang, line=r.line, message=r.message)
            for r in result.errors.head(room).itertuples()
        ]


def text_column(values: Any, dialect: Dialect, untrusted: bool = False) -> pa.Array:
    """One column of a CSV file as Arrow texts: numbers with the dialect's decimal mark, a
    text that a spreadsheet would run as a formula prefixed with a quote (`untrusted`: it comes
    from the input file or a bundle), quoted where it holds the separator, a quote or a line
    break (as Python's csv module does)."""
    import pyarrow.compute as pc

    column = values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(values)
    if pa.types.is_dictionary(column.type):  # reasons: each distinct text is treated once
        return pc.take(text_column(column.dictionary, dialect, untrusted), column.indices)
    if pa.types.is_floating(column.type):
        text = pc.cast(column, pa.string())
        return pc.replace_substring(text, ".", ",") if dialect.decimal == "," else text
    text = pc.cast(column, pa.string())
    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        return text  # whole numbers, booleans: nothing to neutralise or quote
    if untrusted:
        risky = pc.match_substring_regex(text, FORMULA_PATTERN)
        if pc.any(risky).as_py():
            text = pc.if_else(risky, pc.binary_join_element_wise("'", text, ""), text)
    special = pc.match_substring_regex(text, "[" + re.escape(dialect.separator) + '"\r\n]')
    if pc.any(special).as_py():
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
        text = pc.if_else(special, quoted, text)
    return text


FORMULA_PATTERN = "^[" + re.escape("".join(FORMULA_START)) + "]"


def csv_bytes(columns: list[pa.Array], dialect: Dialect) -> bytes | pa.Buffer:
    """The lines of a CSV body from columns of `text_column`s (nulls write as empty cells)."""
    import pyarrow.compute as pc

    if not columns or len(columns[0]) == 0:
        return b""
    *first, last = [pc.fill_null(c, "") for c in columns]
    last = pc.binary_join_element_wise(last, dialect.line_ending, "")
    lines = pc.binary_join_element_wise(*first, last, dialect.separator)
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)
    first, last = offsets[lines.offset], offsets[lines.offset + len(lines)]
    return lines.buffers()[2][first:last]


def result_columns(result: ChunkResult, dialect: Dialect) -> dict[str, pa.Array]:
    """The output columns of a chunk: row, id, score, decision, threshold, reason_1..4."""
    n = len(result.rows)
    columns = {"row": text_column(pa.array(result.rows), dialect)}
    if result.id_texts is not None:
        columns[result.id_column or "id"] = text_column(result.id_texts, dialect, untrusted=True)
    columns["score"] = text_column(pa.array(np.round(result.probabilities, 6)), dialect)
    refused = np.equal(result.decisions, Outcome.REFUSED).astype(np.int8)
    columns["decision"] = pa.array([str(Outcome.APPROVED), str(Outcome.REFUSED)]).take(refused)
    threshold = text_column(pa.array([float(result.threshold)]), dialect)
    columns["threshold"] = threshold.take(np.zeros(n, np.int32))
    table = pa.array([*result.reason_table, ""])  # code -1: the empty text at the end
    for k, name in enumerate(REASONS):
        codes = result.reason_codes[:, k] if k < result.reason_codes.shape[1] else None
        indices = np.full(n, -1, np.int32) if codes is None else codes
        columns[name] = text_column(  # -1 % len(table): the empty text
            pa.DictionaryArray.from_arrays(pa.array(indices % len(table)), table),
            dialect,
            untrusted=True,
        )
    return columns


class _ResultWriter:
    """Appends chunk results and errors to two CSV files in `dialect` (UTF-8, BOM)."""

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
        self._out = open(self.output, "wb") if self.output else None
        self._err = open(self.errors_output, "wb") if self.errors_output else None
        self._first_out = True
        if self._err is not None:  # the errors file always has its header, even when empty
            self._err.write(codecs.BOM_UTF8 + self._header(self.error_columns))
        if self._out is not None:
            self._out.write(codecs.BOM_UTF8)
        return self

    def __exit__(self, *exc: object) -> None:
        for handle in (self._out, self._err):
            if handle is not None:
                handle.close()

    def _header(self, names: list[str]) -> bytes:
        cells = [text_column(pa.array([n]), self.dialect).to_pylist()[0] for n in names]
        return (self.dialect.separator.join(cells) + self.dialect.line_ending).encode("utf-8")

    def write(self, result: ChunkResult) -> None:
        if self._out is not None and len(result.rows):
            columns = result_columns(result, self.dialect)
            if self._first_out:
                self._out.write(self._header(list(columns)))
                self._first_out = False
            self._out.write(csv_bytes(list(columns.values()), self.dialect))
        if self._err is not None and len(result.errors):
            errors = result.errors
            columns = [
                text_column(pa.array(errors[c].to_numpy(dtype=np.int64)), self.dialect)
                if c in ("row", "line")
                else text_column(
                    pa.array(errors[c].astype(str).to_numpy(dtype=object), pa.string()),
                    self.dialect,
                    untrusted=True,
                )
                for c in ERROR_COLUMNS
            ]
            self._err.write(csv_bytes(columns, self.dialect))
