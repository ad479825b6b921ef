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

A part of the file that cannot be read ends the run after every complete row before it, naming
its line; results and errors files are locked while a run writes them, and a write that fails
stops the run with what was recorded (`BatchSummary.recorded`).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import re
import time
import uuid
from collections import deque
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa

from pad_desktop.cells.csv_dialect import CsvFormatError, Dialect, detect_dialect, output_dialect
from pad_desktop.cells.field_specs import header_key
from pad_desktop.cells.messages import case_ref_message, file_message
from pad_desktop.cells.values import MAX_CELL_CHARS, CaseRefError, read_case_ref
from pad_desktop.decisions.records import Outcome, new_id
from pad_desktop.model.reasons import reason_lists
from pad_desktop.model.scoring import Prediction, Scorer
from pad_desktop.model.signature import FrameValidation, Signature
from pad_desktop.runtime.tasks import Cancelled, TaskState
from pad_desktop.texts import Listed, Localized, Phrase, describe
from pad_desktop.texts import text as say
from pad_desktop.texts.locale_text import format_number

DEFAULT_CHUNK_ROWS = 20_000
ID_COLUMNS = (
    "id",
    "applicant_id",
    "application_id",
    "client_id",
    "customer_id",
    "sk_id_curr",
    "case_ref",
    "case reference",
    "référence dossier",
    "référence du dossier",
    "numéro de dossier",
    "reference",
)  # matched as `header_key` reads them: "REFERENCE_DOSSIER" and "Case-Reference" too
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REASONS = ("reason_1", "reason_2", "reason_3", "reason_4")
ERROR_COLUMNS = ["row", "line", "case_ref", "field", "value", "message"]
LISTED_COLUMNS = 30  # a message lists at most this many of a file's columns
# Beside the id column; `line` is the file's line (header = line 1), `row` the data row.
RESULT_COLUMNS = ("row", "line", "score", "decision", "threshold", *REASONS)


class MissingColumnsError(CsvFormatError):
    """The file lacks required columns: reported once, before any row is scored, naming each
    field by its label in the reader's language, its name as a hint."""

    def __init__(self, missing: list[str], signature: Signature | None = None) -> None:
        self.missing = missing
        columns = Listed(tuple(_column_phrase(name, signature) for name in missing))
        super().__init__("file.missing_columns", count=len(missing), columns=columns)


def _column_phrase(name: str, signature: Signature | None) -> Phrase:
    spec = None if signature is None or name not in signature.names else signature[name]
    if spec is None:
        return Phrase("file.missing_column_name", {"name": name})
    label = Localized.of(en=spec.label_in("en"), fr=spec.label_in("fr"))
    return Phrase("file.missing_column", {"label": label, "name": name})


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
    # Set by the decision service: the lending policy's verdict per row (the record's JSON,
    # "refuse"/"refer"/"" and the rules fired), and the canonical inputs it read.
    policy_json: list[str] | None = None  # only when recorded
    policy: Any = None  # `policy.evaluate.RowGroups`: each row's effect and rules fired
    matrix: np.ndarray | None = None  # the model's input of the scored rows (float32)
    canonical: tuple[Any, list[str]] | None = None

    def set_policy(self, lines: list[str] | None, groups: Any) -> None:
        self.policy_json, self.policy = lines, groups

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
            policy_json=None
            if self.policy_json is None
            else [line for line, k in zip(self.policy_json, keep, strict=True) if k],
            policy=None if self.policy is None else self.policy.take(keep),
            matrix=None if self.matrix is None else self.matrix[keep],
            canonical=None
            if self.canonical is None
            else (
                self.canonical[0].loc[keep].reset_index(drop=True),
                [t for t, k in zip(self.canonical[1], keep, strict=True) if k],
            ),
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
    write_failed: bool = False  # the fatal error is a results or errors file not written
    recorded: int = 0  # rows handed to the sink (the decision log, unless a dry run)
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


class OutputError(CsvFormatError):
    """A results or errors file that cannot be opened or written (locked by another run, no
    permission, a full disk): the run failed, the command was not misused."""


class ResultsNotWritten(OutputError):
    """Writing a results or errors file failed after the run began: what was handed to the
    sink before (`BatchSummary.recorded`) is recorded, its results are not all in the file."""


def check_paths(
    source: Path,
    output: str | Path | None,
    errors_output: str | Path | None,
    lang: str = "en",
) -> None:
    """Refuse, before anything is opened, an input that is not a plain file (a FIFO would be
    read twice), an output that is the input or the other output (links included: writing it
    would truncate it), and one that cannot be a file (a folder, a pipe, under a file)."""
    if not source.is_file():
        raise CsvFormatError("file.not_a_file", path=source)
    if output is not None and errors_output is None:
        errors_output = Path(output).with_name(Path(output).stem + ".errors.csv")
    seen = {"input": source.resolve()}
    for role, target in (("results", output), ("errors", errors_output)):
        if target is None:
            continue
        name = Phrase(f"file.{role}")
        _check_output(Path(target), name)
        resolved = Path(target).resolve()
        for other, taken in seen.items():
            if resolved == taken or _same_file(resolved, taken):
                other_name = Phrase("file.results_other" if other == "results" else "file.input")
                raise CsvFormatError("file.would_destroy", name=name, path=target, other=other_name)
        seen[role] = resolved


def _same_file(one: Path, other: Path) -> bool:
    return one.exists() and other.exists() and one.samefile(other)


def _check_output(target: Path, name: Phrase) -> None:
    if target.is_dir():
        raise CsvFormatError("file.output_folder", name=name, path=target)
    if target.exists() and (target.is_fifo() or target.is_socket()):
        raise CsvFormatError("file.output_special", name=name, path=target)
    parent = target.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise CsvFormatError("file.output_parent", name=name, path=target, parent=parent)


def check_id_column(id_column: str, header: list[str], model: list[str], lang: str) -> None:
    """Refuse an id column the file lacks, or one whose values would overwrite or be taken
    for another column (a model field, a column of the results or errors file)."""
    if id_column not in header:
        listed = ", ".join(header[:LISTED_COLUMNS]) + (
            ", …" if len(header) > LISTED_COLUMNS else ""
        )
        raise CsvFormatError("file.id_absent", column=id_column, columns=listed)
    taken = {c.casefold() for c in (*RESULT_COLUMNS, *ERROR_COLUMNS) if c != "case_ref"}
    why = (
        "id_model" if id_column in model else "id_output" if id_column.casefold() in taken else None
    )
    if why is not None:
        raise CsvFormatError("file.id_taken", column=id_column, why=Phrase(f"file.{why}"))


def check_duplicates(header: list[str], wanted: list[str], lang: str) -> None:
    """Refuse a file naming a column it reads twice: which one the model reads would be a
    guess."""
    for name in wanted:
        count = header.count(name)
        if count > 1:
            raise CsvFormatError("file.duplicate", count=count, column=name)


def find_id_column(columns: list[str], features: Collection[str]) -> str | None:
    """The column holding the case references: the first of `ID_COLUMNS` the header names (case,
    accents, spaces and punctuation forgiven), among the columns not read as a field."""
    keyed: dict[str, str] = {}
    for column in columns:
        if column not in features:
            keyed.setdefault(header_key(column), column)
    return next((keyed[key] for key in _ID_KEYS if key in keyed), None)


_ID_KEYS = tuple(dict.fromkeys(header_key(name) for name in ID_COLUMNS))


def read_header(path: Path, dialect: Dialect) -> list[str]:
    """The column names of the first line (a bad byte further on is the reader's to report)."""
    if dialect.encoding in _ASCII_LINES:
        with open(path, "rb") as handle:
            head = handle.read(CSV_BLOCK_BYTES)
        end = _LINE_END.search(head)
        first = (head[: end.start()] if end else head).decode(dialect.encoding, "replace")
    else:
        with open(path, encoding=dialect.encoding, errors="replace", newline="") as handle:
            first = handle.readline()
    header = next(csv.reader([first], delimiter=dialect.separator), None)
    if not header:
        raise CsvFormatError("file.empty")
    return [h.strip() for h in header]


Block = tuple[pa.Table, np.ndarray, list[tuple[int, str]], float]


def read_blocks(
    path: Path,
    dialect: Dialect,
    columns: list[str],
    lang: str = "en",
    *,
    case_ref_column: str | None = None,
    on_encoding: Callable[[str], None] | None = None,
    fields: Mapping[str, str] | None = None,
    span: tuple[int, int, int] | None = None,
) -> Iterator[Block]:
    """Yield (block of texts as an Arrow table, their file line numbers, bad lines as (line,
    message), fraction of the file read). Every cell stays text and no cell becomes a Python
    object; blank lines are dropped; a line whose field count differs from the header's, a line
    with no value in the model's fields (`columns` but `case_ref_column`) and a case reference
    the form would refuse are refused on their own.

    An unreadable part (a byte sequence not in the file's encoding, a line longer than a block)
    ends the reading with a `CsvFormatError` that names its line, once every complete row before
    it was yielded. A UTF-8 file whose first line that is not UTF-8 follows only ASCII is read
    on from that line as Windows-1252 (`on_encoding` is told): no byte is read twice unless
    this happens. `fields` (column -> field name, `Signature.match_columns` inverted) names the
    yielded columns as the model does.

    `span` (start byte, end byte, its first line) reads only that part of the file, cut at line
    ends by `service.partition` (a cluster partition): its rows keep the whole file's line
    numbers; a part that cannot be read fails at the block naming its line, without the
    salvage of the block's rows before it (the whole file's encoding was settled before)."""
    reading = _Reading(path, dialect, columns, lang, case_ref_column, fields or {})
    if span is not None:
        start, end, first = span
        with open(path, "rb") as handle:
            handle.seek(start)
            data = handle.read(end - start)
        try:
            yield from reading.blocks(dialect.encoding, pa.BufferReader(data), first)
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            line = reading.next_line
            raise CsvFormatError("file.unreadable", line=line, reason=_arrow_message(exc)) from None
        return
    encoding, source, first_line = dialect.encoding, None, 2
    while True:
        try:
            yield from reading.blocks(encoding, source, first_line)
            return
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            failure = _arrow_message(exc)
        line = reading.next_line
        found = _line_offset(path, dialect, line)
        if found is None:  # lines cannot be told apart in the bytes: the block is not kept
            raise CsvFormatError("file.unreadable", line=line, reason=failure)
        offset, ascii_before = found
        good, fault, why = _lines_before_fault(path, offset, encoding)
        late_accent = why == "not_encoded" and ascii_before and good.isascii()
        if late_accent and encoding == "utf-8":
            encoding, source, first_line = "cp1252", offset, line
            if on_encoding is not None:
                on_encoding(encoding)
            continue
        if fault is None:  # no line of its own is at fault: say what the parser said
            raise CsvFormatError("file.unreadable", line=line, reason=failure)
        if good:  # the complete lines of the failed block before its fault
            try:
                yield from reading.blocks(encoding, pa.BufferReader(good), line)
            except (pa.ArrowInvalid, UnicodeDecodeError):
                line = reading.next_line
                raise CsvFormatError("file.unreadable", line=line, reason=failure) from None
        reason = _fault_reason(why, encoding) if why else failure
        raise CsvFormatError("file.unreadable", line=line + fault, reason=reason)


class _Reading:
    """The Arrow reader of one file, opened again where a failure needs it, and what each of
    its blocks becomes (line numbers, refused lines, blank lines dropped)."""

    def __init__(
        self,
        path: Path,
        dialect: Dialect,
        columns: list[str],
        lang: str,
        case_ref_column: str | None,
        fields: Mapping[str, str],
    ) -> None:
        self.path, self.dialect, self.lang = path, dialect, lang
        self.fields = fields
        self.size = max(path.stat().st_size, 1)
        header = read_header(path, dialect)
        self.width = len(header)
        self.names = _unique_names(header)  # every column: a blank line is blank in all
        self.wanted = [c for c in dict.fromkeys(columns) if c in header]
        internal = dict(zip(header[::-1], self.names[::-1], strict=True))  # first of a name
        self.wanted_names = [internal[c] for c in self.wanted]
        self.case_ref = internal.get(case_ref_column) if case_ref_column in self.wanted else None
        self.model = [n for n in self.wanted_names if n != self.case_ref]
        self.others = [n for n in self.names if n not in self.model]
        self.refused: list[tuple[int, str]] = []
        self.next_line = 2
        self.shift = 0  # file line of a reader's row 1, less one
        self.blocks_read = 0

    def _on_invalid(self, row: Any) -> str:  # pyarrow.csv.InvalidRow: a line of another width
        message = file_message("width", self.lang, fields=row.actual_columns, header=self.width)
        self.refused.append((int(row.number or 0) + self.shift, message))
        return "skip"

    def _open(self, encoding: str, source: Any) -> Any:
        import pyarrow.csv as pacsv

        skip = 1 if isinstance(source, Path) else 0
        return pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(
                column_names=self.names,
                skip_rows=skip,
                use_threads=False,  # sequential: line numbers of refused lines are known
                block_size=CSV_BLOCK_BYTES,
                encoding="utf8" if encoding in ("utf-8", "utf-8-sig") else encoding,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=self.dialect.separator,
                invalid_row_handler=self._on_invalid,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in self.names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )

    def blocks(self, encoding: str, source: Any, first_line: int) -> Iterator[Block]:
        """The blocks of `source` (None: the file past its header; a byte offset: the file from
        there; a buffer), whose first row is line `first_line`."""
        if source is None:
            source = self.path
        elif isinstance(source, int):
            handle = pa.OSFile(str(self.path))
            handle.seek(source)
            source = handle
        self.refused.clear()  # lines of a block that failed were not yielded
        self.next_line, self.shift = first_line, 0 if isinstance(source, Path) else first_line - 1
        reader = self._open(encoding, source)
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            self.blocks_read += 1
            table = pa.Table.from_batches([batch])
            skipped = {line for line, _ in self.refused}
            lines = _line_numbers(self.next_line, table.num_rows, skipped)
            if len(lines):
                self.next_line = int(lines[-1]) + 1
            while self.next_line in skipped:
                self.next_line += 1
            table, lines, found = self._tidy(table, lines)
            done = sorted([r for r in self.refused if r[0] < self.next_line] + found)
            self.refused[:] = [r for r in self.refused if r[0] >= self.next_line]
            fraction = min(self.blocks_read * CSV_BLOCK_BYTES / self.size, 0.99)
            yield table, lines, done, fraction
        if self.refused:  # refused lines after the last row
            empty = pa.table({c: pa.array([], pa.string()) for c in self.wanted})
            yield empty, np.empty(0, np.int64), sorted(self.refused), 1.0
            self.refused.clear()

    def _tidy(
        self, table: pa.Table, lines: np.ndarray
    ) -> tuple[pa.Table, np.ndarray, list[tuple[int, str]]]:
        """Blank lines dropped; a line with values only outside the model's fields and a case
        reference the form would refuse taken out as refused lines; the wanted columns."""
        import pyarrow.compute as pc

        found: list[tuple[int, str]] = []
        empty = _all_empty(table, self.model)
        if empty is not None and pc.any(empty).as_py():
            others = _all_empty(table, self.others)
            if others is not None:
                stray = pc.and_(empty, pc.invert(others)).to_numpy(zero_copy_only=False)
                message = file_message("no_values", self.lang)
                found += [(int(line), message) for line in lines[stray]]
            keep = pc.invert(empty)
            table, lines = table.filter(keep), lines[keep.to_numpy(zero_copy_only=False)]
        if self.case_ref is not None and table.num_rows:
            refused = _refused_case_refs(table.column(self.case_ref), self.lang)
            if refused:
                found += [(int(lines[i]), message) for i, message in refused.items()]
                keep = np.ones(table.num_rows, bool)
                keep[list(refused)] = False
                table, lines = table.filter(pa.array(keep)), lines[keep]
        named = [self.fields.get(c, c) for c in self.wanted]
        return table.select(self.wanted_names).rename_columns(named), lines, found


def _all_empty(table: pa.Table, names: list[str]) -> pa.Array | None:
    """Per row, whether every cell of `names` is empty (None: no such column or no row)."""
    import pyarrow.compute as pc

    if not names or not table.num_rows:
        return None
    empty = pc.equal(pc.binary_length(table.column(names[0])), 0)
    if not pc.any(empty).as_py():  # the first column has a value everywhere: so has each row
        return empty
    for name in names[1:]:
        empty = pc.and_(empty, pc.equal(pc.binary_length(table.column(name)), 0))
    return empty


def _refused_case_refs(column: pa.ChunkedArray, lang: str) -> dict[int, str]:
    """Row index -> message, for the case references `read_case_ref` refuses (the form's and the
    API's rule). Only the cells that could break it (too long, a control character) are asked:
    a million calls would cost a second."""
    import pyarrow.compute as pc

    if all(_plain_short_texts(chunk) for chunk in column.chunks):
        return {}
    suspect = pc.or_(
        pc.greater(pc.utf8_length(column), MAX_CELL_CHARS),
        pc.match_substring_regex(column, "[\\x00-\\x1f\\x7f]"),
    )
    if not pc.any(suspect).as_py():
        return {}
    refused = {}
    for i in np.flatnonzero(suspect.to_numpy(zero_copy_only=False)):
        try:
            read_case_ref(column[int(i)].as_py())
        except CaseRefError as exc:
            refused[int(i)] = case_ref_message(exc.rule, lang)
    return refused


def _plain_short_texts(texts: pa.Array) -> bool:
    """Whether no text of a string column can break `read_case_ref`'s rules: none has more
    bytes than `MAX_CELL_CHARS` characters or a control byte (read from Arrow's buffers, without
    decoding a cell: most case references are short and plain)."""
    if texts.type != pa.string() or not len(texts):
        return not len(texts)
    _, offsets, data = texts.buffers()
    ends = np.frombuffer(offsets, np.int32)[texts.offset : texts.offset + len(texts) + 1]
    if np.diff(ends).max() > MAX_CELL_CHARS:
        return False
    if data is None:
        return True
    raw = np.frombuffer(data, np.uint8)[ends[0] : ends[-1]]
    return not ((raw < 0x20) | (raw == 0x7F)).any()


_LINE_END = re.compile(rb"\r\n|\r|\n")
_ASCII_LINES = ("utf-8", "utf-8-sig", "cp1252")  # a line break is its own byte: lines are found
SCAN_BYTES = 1 << 22


def _line_offset(path: Path, dialect: Dialect, line: int) -> tuple[int, bool] | None:
    """The byte offset where file line `line` starts, and whether every byte before it is
    ASCII; None when lines cannot be found in the bytes (UTF-16, a quoted cell across lines
    before it, or fewer lines)."""
    if dialect.encoding not in _ASCII_LINES:
        return None
    passed, quotes, ascii_only, start = 0, 0, True, 0
    with open(path, "rb") as handle:
        while chunk := handle.read(SCAN_BYTES):
            if chunk.endswith(b"\r"):  # a CRLF cut in two is one line end
                chunk += handle.read(1)
            data = np.frombuffer(chunk, np.uint8)
            ends = np.flatnonzero(data == 10)
            returns = np.flatnonzero(data == 13)
            if len(returns):  # a CR alone ends a line too
                following = np.append(data[1:], np.uint8(0))
                ends = np.sort(np.concatenate([ends, returns[following[returns] != 10]]))
            quoted = np.cumsum(data == 34)
            wanted = line - 1 - passed
            if len(ends) >= wanted:
                ends = ends[:wanted]
            if len(ends) and ((quotes + quoted[ends]) % 2).any():
                return None
            if len(ends) == wanted:
                end = int(ends[-1]) + 1 if wanted else 0
                return start + end, ascii_only and chunk[:end].isascii()
            passed += len(ends)
            quotes += int(quoted[-1])
            ascii_only = ascii_only and chunk.isascii()
            start += len(chunk)
    return None


def _lines_before_fault(path: Path, offset: int, encoding: str) -> tuple[bytes, int | None, str]:
    """From `offset`, the complete lines before the first that cannot be read, how many they
    are (None: no such line close enough) and why that line cannot be read ("too_long",
    "not_encoded", or "" for a line whose quotes open a cell across lines)."""
    limit = SALVAGE_BYTES + CSV_BLOCK_BYTES + 2
    with open(path, "rb") as handle:
        handle.seek(offset)
        buffer = handle.read(limit)
    start = count = 0
    while start < min(len(buffer), SALVAGE_BYTES):
        match = _LINE_END.search(buffer, start)
        end = match.end() if match else len(buffer)
        if end - start > CSV_BLOCK_BYTES:
            return buffer[:start], count, "too_long"
        text = buffer[start:end]
        try:
            text.decode(encoding)
        except UnicodeDecodeError:
            return buffer[:start], count, "not_encoded"
        if text.count(b'"') % 2:
            return buffer[:start], count, ""
        start, count = end, count + 1
    return buffer[:start], None, ""


def _fault_reason(why: str, encoding: str) -> Phrase:
    if why == "too_long":
        return Phrase("file.too_long", {"limit": CSV_BLOCK_BYTES // (1 << 20)})
    name = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}
    return Phrase("file.not_encoded", {"encoding": name.get(encoding, encoding)})


def rechunk(blocks: Iterator[Block], rows: int) -> Iterator[Block]:
    """`read_blocks` regrouped into chunks of `rows` rows (the last may be shorter): a block
    holds a few thousand rows, and validating and scoring pay a fixed cost per call. When the
    reading fails, the rows held are yielded before the error is raised."""
    if rows < 1:
        raise ValueError(f"chunk rows must be at least 1, not {rows}")
    tables: list[pa.Table] = []
    lines: list[np.ndarray] = []
    bad: list[tuple[int, str]] = []
    held = 0
    fraction = 0.0
    try:
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
    except CsvFormatError:
        if tables and (held or bad):
            yield pa.concat_tables(tables), np.concatenate(lines), bad, fraction
        raise
    if tables and (held or bad):
        yield pa.concat_tables(tables), np.concatenate(lines), bad, fraction


def read_chunks(
    path: Path,
    dialect: Dialect,
    columns: list[str],
    chunk_rows: int,
    fields: Mapping[str, str] | None = None,
) -> Iterator[tuple[pd.DataFrame, list[tuple[int, str]], float]]:
    """`read_blocks` as pandas frames of texts indexed by their file line numbers, in chunks of
    at most `chunk_rows` (the batch tab's preview)."""
    blocks = read_blocks(path, dialect, columns, fields=fields)
    for table, lines, done, fraction in rechunk(blocks, chunk_rows):
        part = table.to_pandas()
        part.index = lines
        yield part, done, fraction


CSV_BLOCK_BYTES = 1 << 20  # a line longer than this is refused with a clear message
SALVAGE_BYTES = 4 * CSV_BLOCK_BYTES  # how far a failed block's lines are looked at one by one


def _unique_names(header: list[str]) -> list[str]:
    """pyarrow needs distinct column names: a repeated header name gets a suffix."""
    seen: dict[str, int] = {}
    out = []
    for name in header:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if count == 0 else f"{name}\x00{count}")
    return out


def _arrow_message(exc: Exception) -> Phrase | str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "straddling" in text or "block" in text:
        return _fault_reason("too_long", "")
    if isinstance(exc, UnicodeDecodeError) or "UTF8" in text or "utf-8" in text.lower():
        return _fault_reason("not_encoded", getattr(exc, "encoding", "utf-8"))
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


def read_plan(
    header: list[str],
    signature: Signature,
    id_column: str | None,
    extra_columns: Sequence[str],
    lang: str,
) -> tuple[str | None, list[str], dict[str, str]]:
    """What a file's run reads, decided once from its header (a file's batch, and a cluster
    run for all its partitions): the id column, the columns wanted (model fields, id, the
    policy's inputs) and column -> field name. Missing, duplicate or taken columns refused."""
    columns = signature.match_columns(header)  # field -> the file's column for it
    missing = [f.name for f in signature.fields if f.required and f.name not in columns]
    if missing:
        raise MissingColumnsError(missing, signature)
    read_as_fields = {*signature.names, *columns.values()}
    if id_column is not None:
        check_id_column(id_column, header, sorted(read_as_fields), lang)
    id_column = id_column or find_id_column(header, read_as_fields)
    wanted = list(columns.values()) + ([id_column] if id_column else [])
    wanted += [c for c in extra_columns if c in header and c not in wanted]
    check_duplicates(header, wanted, lang)
    return id_column, wanted, {column: name for name, column in columns.items()}


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
    extra_columns: Sequence[str] = (),
) -> BatchSummary:
    """Score every row of `path`; write results and errors; return what happened.

    `write_dialect` ("fr", "us") forces the dialect of the files written (`output_dialect`).
    `extra_columns` (the lending policy's inputs), when the file has them, are read as texts
    and handed to the sink with the model's fields in `ChunkResult.cells`."""
    path = Path(path)
    state = state or TaskState()
    started = time.perf_counter()
    if chunk_rows < 1:
        raise ValueError(f"chunk_rows must be at least 1, not {chunk_rows}")
    check_paths(path, output, errors_output, lang)
    dialect = dialect or detect_dialect(path)
    written_as = output_dialect(dialect, write_dialect, lang)
    id_column, wanted, fields = read_plan(
        read_header(path, dialect), scorer.signature, id_column, extra_columns, lang
    )
    summary = BatchSummary(path, dialect, batch_id or new_id(), written_as=written_as)
    writer = _ResultWriter(output, errors_output, written_as, id_column, lang)
    summary.output, summary.errors_output = writer.output, writer.errors_output

    def read_as(encoding: str) -> None:  # a late accent: the file is Windows-1252
        summary.dialect = replace(summary.dialect, encoding=encoding)

    blocks = read_blocks(
        path, dialect, wanted, lang, case_ref_column=id_column, on_encoding=read_as, fields=fields
    )
    # Four stages on their own threads, so that the parts that run without the GIL (Arrow's
    # parser and compute kernels, ONNX Runtime, numpy's sorts, the file writes) overlap: the
    # reader's thread reads and validates chunk i+2 while the predictor's predicts and explains
    # chunk i+1; the sink (the decision log, the policy) of chunk i runs on a helper thread, and
    # chunk i is written on the writer's once its sink is done, so a decision is recorded before
    # anyone can read its result. A cancelled run still finishes the chunk in hand.
    try:
        _run(scorer, blocks, writer, summary, state, sink, chunk_rows, id_column, dialect, lang)
    except ResultsNotWritten as exc:  # what was recorded stays recorded: the summary says so
        summary.fatal_error, summary.write_failed = describe(exc, lang), True
    if not summary.cancelled and summary.fatal_error is None:
        state.set_progress(1.0, _rows_read(summary.rows, lang))
    summary.seconds = time.perf_counter() - started
    return summary


def _run(
    scorer: Scorer,
    blocks: Iterator[Block],
    writer: _ResultWriter,
    summary: BatchSummary,
    state: TaskState,
    sink: Callable[[ChunkResult], None] | None,
    chunk_rows: int,
    id_column: str | None,
    dialect: Dialect,
    lang: str,
) -> None:
    """Score, record and write every chunk of `blocks` (`score_csv`'s work)."""
    with (
        writer,
        ThreadPoolExecutor(1, thread_name_prefix="pad-batch-sink") as helper,
        ThreadPoolExecutor(1, thread_name_prefix="pad-batch-read") as reader,
        ThreadPoolExecutor(1, thread_name_prefix="pad-batch-predict") as predictor,
        _Writing(writer) as writing,
    ):
        pending: _Pending | None = None
        scoring: deque[tuple[Future, float]] = deque()  # ChunkResults, in the file's order

        def finish_pending() -> None:
            nonlocal pending
            done, pending = pending, None  # finished once, even when writing it fails
            if done is not None:
                done.finish(writing, summary, state, lang)

        def advance() -> None:
            nonlocal pending
            scored, fraction = scoring.popleft()
            result = scored.result()
            finish_pending()
            sunk = helper.submit(sink, result) if sink else None
            pending = _Pending(result, fraction, sunk)

        def explained(checked: _Validated) -> ChunkResult:
            return _score_chunk(
                scorer, checked.predict(scorer), id_column, summary.batch_id, lang, dialect.decimal
            )

        try:
            try:
                chunks = _validated(rechunk(blocks, chunk_rows), scorer, dialect, lang)
                for checked in _read_ahead(chunks, reader):
                    state.check()
                    scoring.append((predictor.submit(explained, checked), checked.fraction))
                    if len(scoring) > SCORING_AHEAD:
                        advance()
            except ResultsNotWritten:  # no more is decided once results cannot be written
                raise
            except CsvFormatError as exc:  # the rows before the unreadable part are kept
                summary.fatal_error = describe(exc, lang)
            while scoring:
                advance()
        except Cancelled:  # the chunks still scoring were not recorded: they are not written
            summary.cancelled = True
        finally:
            for scored, _ in scoring:
                scored.cancel()
            try:
                finish_pending()
            finally:
                writing.wait()


SCORING_AHEAD = 1  # chunks predicted ahead of the one being recorded (besides the one read)


@dataclass
class _Validated:
    """A chunk read and validated (on the reader's thread), to be predicted and explained."""

    chunk: pa.Table
    lines: np.ndarray
    bad_lines: list[tuple[int, str]]
    fraction: float
    checked: FrameValidation
    seconds: float  # validation time

    def predict(self, scorer: Scorer) -> _Predicting:
        """Predicted here (the predictor's thread), as `_Predicting` holds it."""
        began = time.perf_counter()
        prediction: Future = Future()
        prediction.set_result((scorer.predict(self.checked.matrix), time.perf_counter() - began))
        return _Predicting(
            self.chunk,
            self.lines,
            self.bad_lines,
            self.fraction,
            self.checked,
            prediction,
            self.seconds,
        )


def _validated(
    chunks: Iterator[Block], scorer: Scorer, dialect: Dialect, lang: str
) -> Iterator[_Validated]:
    """Each chunk with its validation (run where the chunks are read: the reader's thread)."""
    for table, lines, bad_lines, fraction in chunks:
        start = time.perf_counter()
        checked = scorer.signature.validate_frame(table, dialect.decimal, lang)
        yield _Validated(table, lines, bad_lines, fraction, checked, time.perf_counter() - start)


class _Writing:
    """The results writer on a thread of its own: chunks are written in the order given, one
    at a time; a failed write is raised by the next `write` or by `wait`."""

    def __init__(self, writer: _ResultWriter) -> None:
        self.writer = writer
        self.last: Future | None = None

    def __enter__(self) -> _Writing:
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="pad-batch-write")
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True)

    def write(self, result: ChunkResult) -> None:
        self.wait()
        self.last = self.pool.submit(self.writer.write, result)

    def wait(self) -> None:
        last, self.last = self.last, None
        if last is not None:
            last.result()  # a failed write: `ResultsNotWritten`


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

    def finish(self, writing: _Writing, summary: BatchSummary, state: TaskState, lang: str) -> None:
        if self.sunk is not None:
            self.sunk.result()  # re-raises the sink's error: nothing unrecorded is written
        summary.recorded += len(self.result.rows)
        _tally(summary, self.result, lang)
        writing.write(self.result)  # raises when the write before it failed
        state.set_progress(self.fraction, _rows_read(summary.rows, lang))


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
    if not len(scores.errors) and not bad_lines:  # a clean chunk (most): no pandas work
        errors = _no_errors()
    else:
        errors = _chunk_errors(scores.errors, lines, bad_lines, ids)
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
        cells=chunk.select(_cell_names(scorer, chunk.column_names, id_column))
        if everything
        else chunk.select(_cell_names(scorer, chunk.column_names, id_column)).filter(keep),
        probabilities=scores.probabilities,
        decisions=scores.decisions,
        reason_codes=scores.reason_codes,
        reason_table=scores.reason_table,
        errors=errors,
        latency_ms=elapsed_ms / max(n_valid, 1),
        decimal=decimal,
        matrix=scored.checked.matrix,
    )


def _chunk_errors(
    found: pd.DataFrame,
    lines: np.ndarray,
    bad_lines: list[tuple[int, str]],
    ids: pa.Array | None,
) -> pd.DataFrame:
    """A chunk's errors (`ERROR_COLUMNS`): the value table's, and the lines refused whole."""
    at = found["index"].to_numpy(dtype=np.int64)
    errors = found.assign(
        line=lines[at],
        case_ref=ids.take(pa.array(at)).to_numpy(zero_copy_only=False) if ids is not None else "",
    )
    if bad_lines:
        refused = pd.DataFrame(
            {
                "line": [line for line, _ in bad_lines],
                "case_ref": "",
                "field": "",
                "value": "",
                "message": [m for _, m in bad_lines],
            }
        )
        errors = pd.concat([errors, refused], ignore_index=True).sort_values("line", kind="stable")
    errors = errors.assign(row=errors["line"].to_numpy(dtype=np.int64) - 1)
    return errors[ERROR_COLUMNS].reset_index(drop=True)


_NO_ERRORS: list[pd.DataFrame] = []


def _no_errors() -> pd.DataFrame:
    """The errors of a clean chunk: a copy of an empty frame built once as `_chunk_errors`
    builds it (same columns, same types)."""
    if not _NO_ERRORS:
        none = FrameValidation.no_errors()
        _NO_ERRORS.append(_chunk_errors(none, np.empty(0, np.int64), [], None))
    return _NO_ERRORS[0].copy()


def _rows_read(rows: int, lang: str) -> str:
    """The progress line of a run: how many rows are done, as the language writes numbers."""
    return say("file.progress_rows", lang, rows=format_number(rows, lang))


def _cell_names(scorer: Scorer, names: list[str], id_column: str | None) -> list[str]:
    """The model's fields, then the extra columns read (the policy's inputs)."""
    fields = [n for n in scorer.signature.names if n in names]
    return fields + [n for n in names if n not in fields and n != id_column]


def _tally(summary: BatchSummary, result: ChunkResult, lang: str) -> None:
    bad_rows = result.errors["row"].nunique() if len(result.errors) else 0
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
    text that a spreadsheet would run as a formula prefixed with a quote and its bidirectional
    controls shown as U+FFFD (`untrusted`: it comes from the input file or a bundle), quoted
    where it holds the separator, a quote or a line break (as Python's csv module does)."""
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
    plain = _PlainBytes.of(text)  # what the bytes rule out, without a regex over every cell
    if untrusted:
        if plain.may_hold_bidi and pc.any(pc.match_substring_regex(text, BIDI_PATTERN)).as_py():
            text = pc.replace_substring_regex(text, BIDI_PATTERN, BIDI_SHOWN)
        risky = pc.match_substring_regex(text, FORMULA_PATTERN) if plain.may_start_formula else None
        if risky is not None and pc.any(risky).as_py():
            text = pc.if_else(risky, pc.binary_join_element_wise("'", text, ""), text)
    if not plain.may_hold(dialect.separator):
        return text
    special = pc.match_substring_regex(text, "[" + re.escape(dialect.separator) + '"\r\n]')
    if pc.any(special).as_py():
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
        text = pc.if_else(special, quoted, text)
    return text


@dataclass
class _PlainBytes:
    """A string column's bytes, read from Arrow's buffers: when they are plain (no byte beyond
    ASCII, no cell starting as a formula, no separator, quote or line break), the regular
    expressions of `text_column` would find nothing and are not run over every cell. None
    (another type, several chunks): they are run."""

    data: np.ndarray | None  # the bytes of every cell, end to end
    starts: np.ndarray | None  # each non-empty cell's first byte

    @classmethod
    def of(cls, text: Any) -> _PlainBytes:
        if not isinstance(text, pa.Array) or text.type != pa.string() or text.null_count:
            return cls(None, None)
        _, offsets, data = text.buffers()
        ends = np.frombuffer(offsets, np.int32)[text.offset : text.offset + len(text) + 1]
        raw = np.frombuffer(data, np.uint8) if data is not None else np.empty(0, np.uint8)
        first = ends[:-1][ends[1:] > ends[:-1]]
        return cls(raw[ends[0] : ends[-1]], raw[first])

    @property
    def may_hold_bidi(self) -> bool:  # every control is beyond ASCII
        return self.data is None or bool((self.data >= 0x80).any())

    @property
    def may_start_formula(self) -> bool:
        return self.starts is None or bool(np.isin(self.starts, _FORMULA_BYTES).any())

    def may_hold(self, separator: str) -> bool:
        if self.data is None or len(separator) != 1 or not separator.isascii():
            return True
        return bool(np.isin(self.data, np.frombuffer(f'{separator}"\r\n'.encode(), np.uint8)).any())


_FORMULA_BYTES = np.frombuffer("".join(FORMULA_START).encode(), np.uint8)
FORMULA_PATTERN = "^[" + re.escape("".join(FORMULA_START)) + "]"
# Bidirectional controls reorder what a spreadsheet shows (U+202E then "fdp.exe" reads
# "exe.pdf"): an untrusted text shows each as the replacement character instead.
BIDI_PATTERN = "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
BIDI_SHOWN = "\ufffd"


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
    """The output columns of a chunk: row, line, id, score, decision, threshold, reason_1..4
    (`line`: the file's line number, header = line 1, as the errors file and the window say)."""
    n = len(result.rows)
    columns = {"row": text_column(pa.array(result.rows), dialect)}
    columns["line"] = text_column(pa.array(np.asarray(result.rows) + 1), dialect)
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
    groups = result.policy
    if groups is not None:  # the lending policy's verdict, beside the model's
        indices = pa.array(groups.group.astype(np.int32))
        for name, texts in (("policy", groups.effects), ("policy_rules", groups.rules)):
            columns[name] = text_column(
                pa.DictionaryArray.from_arrays(indices, pa.array(list(texts), pa.string())),
                dialect,
                untrusted=True,
            )
    return columns


class _ResultWriter:
    """Appends chunk results and errors to two CSV files in `dialect` (UTF-8, BOM). Each file
    is locked while the run writes it: a second run writing the same file is refused before
    it decides anything (its results would be interleaved with, or truncate, this run's)."""

    def __init__(
        self,
        output: str | Path | None,
        errors_output: str | Path | None,
        dialect: Dialect,
        id_column: str | None = None,
        lang: str = "en",
    ):
        self.output = Path(output) if output else None
        if errors_output is None and self.output is not None:
            errors_output = self.output.with_name(self.output.stem + ".errors.csv")
        self.errors_output = Path(errors_output) if errors_output else None
        self.dialect = dialect
        self.lang = lang
        # The errors file names the case reference column as the input file does.
        self.error_columns = [id_column or c if c == "case_ref" else c for c in ERROR_COLUMNS]

    def __enter__(self) -> _ResultWriter:
        self._out = self._err = None
        try:
            self._out = self._open(self.output, "results")
            self._err = self._open(self.errors_output, "errors")
        except BaseException:
            self._close()
            raise
        self._first_out = True
        if self._err is not None:  # the errors file always has its header, even when empty
            self._write(self._err, codecs.BOM_UTF8 + self._header(self.error_columns))
        if self._out is not None:
            self._write(self._out, codecs.BOM_UTF8)
        return self

    def _open(self, path: Path | None, role: str) -> BinaryIO | None:
        """`path` opened for writing, locked, then emptied (not before: emptying it first would
        destroy the results of the run that holds it)."""
        if path is None:
            return None
        name = Phrase(f"file.{role}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(path, "ab")  # noqa: SIM115 (kept open for the run; creates, keeps)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise OutputError(
                "file.output_unwritable", name=name, path=path, reason=reason
            ) from None
        if not path.is_file():  # a device such as /dev/null: nothing to lock or empty
            return handle
        if not _lock(handle):
            handle.close()
            raise OutputError("file.output_locked", name=name, path=path)
        handle.truncate(0)
        return handle

    def __exit__(self, kind: type | None, *exc: object) -> None:
        try:
            for handle in (self._out, self._err):
                if handle is not None and kind is None:  # else the error in flight says more
                    self._flush(handle)
        finally:
            self._close()

    def _close(self) -> None:
        for handle in (self._out, self._err):
            if handle is not None:
                with contextlib.suppress(OSError):  # unflushed data: `_flush` told of it
                    handle.close()

    def _flush(self, handle: BinaryIO) -> None:
        try:
            handle.flush()
        except OSError as exc:
            raise self._not_written(handle, exc) from None

    def _write(self, handle: BinaryIO, data: bytes | pa.Buffer) -> None:
        try:
            handle.write(data)
        except OSError as exc:
            raise self._not_written(handle, exc) from None

    def _not_written(self, handle: BinaryIO, exc: OSError) -> ResultsNotWritten:
        role = "results" if handle is self._out else "errors"
        path = self.output if handle is self._out else self.errors_output
        reason = exc.strerror or str(exc)
        return ResultsNotWritten(
            "file.write_failed", name=Phrase(f"file.{role}"), path=path, reason=reason
        )

    def _header(self, names: list[str]) -> bytes:
        return header_bytes(names, self.dialect)

    def write(self, result: ChunkResult) -> None:
        if self._out is not None and len(result.rows):
            columns = result_columns(result, self.dialect)
            if self._first_out:
                self._write(self._out, self._header(list(columns)))
                self._first_out = False
            self._write(self._out, csv_bytes(list(columns.values()), self.dialect))
        if self._err is not None and len(result.errors):
            self._write(self._err, error_bytes(result.errors, self.dialect))


def error_bytes(errors: pd.DataFrame, dialect: Dialect) -> bytes | pa.Buffer:
    """The lines of an errors file for a chunk's errors (`ERROR_COLUMNS`), without header."""
    columns = [
        text_column(pa.array(errors[c].to_numpy(dtype=np.int64)), dialect)
        if c in ("row", "line")
        else text_column(
            pa.array(errors[c].astype(str).to_numpy(dtype=object), pa.string()),
            dialect,
            untrusted=True,
        )
        for c in ERROR_COLUMNS
    ]
    return csv_bytes(columns, dialect)


def header_bytes(names: list[str], dialect: Dialect) -> bytes:
    """A CSV header line of `names` in `dialect`."""
    cells = [text_column(pa.array([n]), dialect).to_pylist()[0] for n in names]
    return (dialect.separator.join(cells) + dialect.line_ending).encode("utf-8")


def _lock(handle: BinaryIO) -> bool:
    """Take an exclusive lock on an open file for as long as it stays open; False when another
    process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            handle.seek(0)  # every run locks the same byte, whatever the file's length
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
