"""One partition of a cluster run (`service.cluster_run`): the pure function a Dask worker runs.

A partition is a byte range of one large CSV file (cut at line ends, its first line known, the
whole file's dialect and encoding settled once by the driver) or one file of a folder (CSV or
Parquet). It runs what a file's batch runs on every chunk: `read_blocks` and `rechunk` to read
it, `_Predicting.start` and `_score_chunk` to validate, score and explain, the decision
service's `decide_chunk` for the lending policy and `chunk_batch` for the records. It returns
the results and errors as CSV bytes (the driver writes the part files) and records into the
decision log through `DecisionLog.record_in_stream`.

Exactly once across retries: the records' ids come from the run (`RunSpec.run_key`) and the
row, their time is the run's start, their latency 0, and the partition is its own chain stream
(`stream_id(run_key, index)`, places from 1): a partition run twice gives the same records
byte for byte, and the log keeps one of each.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pad_desktop.cells.csv_dialect import CsvFormatError, Dialect
from pad_desktop.texts import Worded, describe

if TYPE_CHECKING:
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.service.batch import ChunkResult
    from pad_desktop.service.decision_service import DecisionService

RUN_NAMESPACE = uuid.UUID("0b6f3a52-54c1-4f7e-8d2b-7a2f1c9e4d31")
PARQUET_DIALECT = Dialect("utf-8", ",", ".", "\n")
FLUSH_TIMEOUT_S = 120.0  # a partition waits this long for its records to reach PostgreSQL


class BundleMismatch(Worded, RuntimeError):
    """The bundle a worker holds is not the one the run was started with."""

    def __init__(self, expected: str, found: str) -> None:
        super().__init__("cluster.bundle_mismatch", expected=expected[:12], found=found[:12])


class WorkerDatabase(Worded, RuntimeError):
    """A worker with no decision database, or another one than the run's."""


@dataclass(frozen=True)
class RunSpec:
    """What every partition of a run shares (small: it travels with each task)."""

    run_key: str  # sha256 of the input's content, model, policy, officer and partition size
    batch_id: str  # the run's batch (every record's batch_id)
    started_at: str  # ISO UTC, every record's created_at
    model_sha256: str
    policy_sha256: str | None
    os_account: str
    workstation: str
    display_name: str
    lang: str
    written_as: Dialect  # the results and errors files' dialect
    chunk_rows: int
    record: bool
    # The driver's database URL when it may travel with the tasks (a local cluster, or a URL
    # without secrets); else None and each worker uses its own DATABASE_URL, which must name
    # the same database (`database_target`, the URL without secrets).
    database_url: str | None
    data_dir: str | None  # the workers' data folder (outbox); None: each worker's own
    ort_threads: int = 0
    database_target: str | None = None  # the driver's log's target; None: the embedded store


@dataclass(frozen=True)
class PartSpec:
    """One partition: a byte range of `path` (`start` < 0: the whole file), read as `dialect`."""

    index: int
    path: str
    start: int
    end: int
    first_line: int
    dialect: Dialect
    id_column: str | None
    wanted: tuple[str, ...]
    fields: Mapping[str, str]
    file_index: int = 0
    kind: str = "csv"  # or "parquet"

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}.csv"


@dataclass
class PartOutput:
    """What a partition did, its results and errors files' bytes (each with its header)."""

    index: int
    rows: int = 0
    scored: int = 0
    refused: int = 0
    rows_with_errors: int = 0
    recorded: int = 0
    pending: int = 0  # records left in the worker's outbox (PostgreSQL away)
    results: bytes = b""
    errors: bytes = b""
    fatal_error: str | None = None
    error_samples: list[str] = field(default_factory=list)
    head_seq: int = 0
    head_hash: str = ""


def stream_id(run_key: str, index: int) -> str:
    """The chain stream of a run's partition: the same whenever the partition runs again."""
    return str(uuid.uuid5(RUN_NAMESPACE, f"stream:{run_key}:{index}"))


def ids_key(run_key: str, file_index: int) -> uuid.UUID:
    """What the decision ids of a run's file are derived from (`records.batch_decision_ids`
    with the data row): the run and the file, nothing that changes when it runs again."""
    digest = bytearray(hashlib.sha256(f"ids:{run_key}:{file_index}".encode()).digest()[:16])
    digest[6] = 0x70 | (digest[6] & 0x0F)
    digest[8] = 0x80 | (digest[8] & 0x3F)
    return uuid.UUID(bytes=bytes(digest))


# Called after each chunk is recorded, before the next (tests kill a worker here).
CHUNK_HOOKS: list[Callable[[PartSpec, ChunkResult], None]] = []


def score_part(
    service: DecisionService, run: RunSpec, part: PartSpec, log: DecisionLog | None
) -> PartOutput:
    """Read, validate, score, apply the policy to, explain and record one partition."""
    import numpy as np

    from pad_desktop.decisions.canonical import GENESIS
    from pad_desktop.decisions.chain_head import StreamHead
    from pad_desktop.service.batch import (
        ERROR_COLUMNS,
        BatchSummary,
        _Predicting,
        _read_ahead,
        _score_chunk,
        _tally,
        csv_bytes,
        error_bytes,
        header_bytes,
        read_blocks,
        rechunk,
        result_columns,
    )

    scorer = service.reading()
    record = run.record and log is not None
    batch_id = uuid.UUID(run.batch_id)
    summary = BatchSummary(Path(part.path), part.dialect, batch_id)
    results: list[Any] = []
    error_columns = [part.id_column or c if c == "case_ref" else c for c in ERROR_COLUMNS]
    errors: list[Any] = [b"\xef\xbb\xbf", header_bytes(error_columns, run.written_as)]
    head = StreamHead(stream_id(run.run_key, part.index), 0, GENESIS)
    ids_of = ids_key(run.run_key, part.file_index)
    started = np.datetime64(run.started_at.replace("+00:00", ""), "us")
    output = PartOutput(part.index)

    def finish(predicting: Any) -> None:
        nonlocal head
        chunk = _score_chunk(
            scorer, predicting, part.id_column, batch_id, run.lang, part.dialect.decimal
        )
        service.decide_chunk(scorer, chunk, record=record)
        if record and len(chunk.rows):
            batch = service.chunk_batch(
                scorer,
                chunk,
                ids_of=ids_of,
                created_at=np.full(len(chunk.rows), started),
                latency_ms=0.0,
            )
            head = log.record_in_stream(batch, head)  # type: ignore[union-attr]
            output.recorded += len(batch)
        for hook in CHUNK_HOOKS:
            hook(part, chunk)
        _tally(summary, chunk, run.lang)
        if len(chunk.rows):
            columns = result_columns(chunk, run.written_as)
            if not results:
                results.extend([b"\xef\xbb\xbf", header_bytes(list(columns), run.written_as)])
            results.append(bytes(csv_bytes(list(columns.values()), run.written_as)))
        if len(chunk.errors):
            errors.append(bytes(error_bytes(chunk.errors, run.written_as)))

    # As on one machine: the next chunk is read while this one is scored, and ONNX Runtime
    # predicts chunk i (without the GIL) while chunk i+1 is validated.
    with (
        ThreadPoolExecutor(1, thread_name_prefix="pad-part-predict") as pool,
        ThreadPoolExecutor(1, thread_name_prefix="pad-part-read") as reader,
    ):
        predicting = None
        try:
            chunks = rechunk(_blocks(part, run, read_blocks), run.chunk_rows)
            for table, lines, bad, fraction in _read_ahead(chunks, reader):
                upcoming = _Predicting.start(
                    scorer, table, lines, bad, fraction, part.dialect, run.lang, pool
                )
                if predicting is not None:
                    finish(predicting)
                predicting = upcoming
            if predicting is not None:
                finish(predicting)
                predicting = None
        except CsvFormatError as exc:  # the rows before the unreadable part are kept
            if predicting is not None:
                finish(predicting)
            output.fatal_error = describe(exc, run.lang)
    output.rows, output.scored, output.refused = summary.rows, summary.scored, summary.refused
    output.rows_with_errors, output.error_samples = summary.rows_with_errors, summary.error_samples
    output.results, output.errors = b"".join(results), b"".join(errors)
    output.head_seq, output.head_hash = head.seq, head.hash.hex()
    return output


def _blocks(part: PartSpec, run: RunSpec, read_blocks: Callable) -> Any:
    if part.kind == "parquet":
        return _parquet_blocks(part)
    span = None if part.start < 0 else (part.start, part.end, part.first_line)
    return read_blocks(
        Path(part.path),
        part.dialect,
        list(part.wanted),
        run.lang,
        case_ref_column=part.id_column,
        fields=part.fields,
        span=span,
    )


def _parquet_blocks(part: PartSpec) -> Any:
    """A Parquet file's row groups as the CSV reader yields blocks: every cell as text (numbers
    as Arrow writes them, with a decimal point; a null as an empty cell), `line` the row + 1
    (as if a header were line 1)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    source = pq.ParquetFile(part.path)
    first = 2
    wanted = [c for c in part.wanted if c in source.schema_arrow.names]
    groups = source.num_row_groups
    for group in range(groups):
        table = source.read_row_group(group, columns=wanted)
        texts = {
            part.fields.get(c, c): pc.fill_null(pc.cast(table.column(c), pa.string()), "")
            for c in wanted
        }
        lines = np.arange(first, first + table.num_rows, dtype=np.int64)
        first += table.num_rows
        yield pa.table(texts), lines, [], (group + 1) / max(groups, 1)


# -- on a worker --------------------------------------------------------------------------

_lock = threading.Lock()
_services: dict[tuple, tuple[Any, Any]] = {}


def run_part(
    run: RunSpec, part: PartSpec, bundle: Mapping[str, bytes], policy: bytes | None
) -> PartOutput:
    """A cluster task: the worker's decision service for this run (built once per process,
    the bundle and policy checked by their sha256), then `score_part`. Its records are durable
    in the worker's outbox when it returns; the worker's delivery threads send them while the
    next partition is scored (`flush_logs` waits for them at the end of the run)."""
    service, log = _service(run, bundle, policy)
    return score_part(service, run, part, log)


def flush_logs(timeout: float = FLUSH_TIMEOUT_S) -> int:
    """On a worker, at the end of a run: deliver what its logs hold; returns the records
    still waiting in its outboxes (PostgreSQL away)."""
    with _lock:
        logs = [log for _, log in _services.values() if log is not None]
    waiting = 0
    for log in logs:
        log.flush(timeout)
        waiting += log.pending()
    return waiting


def _service(run: RunSpec, bundle: Mapping[str, bytes], policy: bytes | None) -> tuple[Any, Any]:
    key = (run.model_sha256, run.policy_sha256, run.database_url, run.data_dir, run.record,
           run.os_account, run.workstation, run.display_name, run.ort_threads)  # fmt: skip
    with _lock:
        if key not in _services:
            _services[key] = _build(run, bundle, policy)
        return _services[key]


def _build(run: RunSpec, bundle: Mapping[str, bytes], policy: bytes | None) -> tuple[Any, Any]:
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.policy.load import NO_POLICY
    from pad_desktop.runtime.identity import Identity
    from pad_desktop.runtime.settings import Settings
    from pad_desktop.service.decision_service import DecisionService

    folder = _materialize(run.model_sha256, bundle)
    scorer = Scorer.from_path(str(folder), run.ort_threads)
    if scorer.bundle.sha256 != run.model_sha256:
        raise BundleMismatch(run.model_sha256, scorer.bundle.sha256)
    policy_path = NO_POLICY
    if policy is not None:
        found = hashlib.sha256(policy).hexdigest()
        if found != run.policy_sha256:
            raise BundleMismatch(run.policy_sha256 or "", found)
        target = folder.parent / f"policy-{found}.json"
        if not target.exists():
            _write_atomic(target, policy)
        policy_path = str(target)
    log = None
    if run.record:
        from pad_desktop.decisions import DecisionLog

        data_dir = Path(run.data_dir) if run.data_dir else None
        url = run.database_url or Settings().database_url
        if run.database_target is not None and not url:
            raise WorkerDatabase("cluster.worker_no_database", target=run.database_target)
        log = DecisionLog.open(url, data_dir)
        if run.database_target is not None and log.target != run.database_target:
            found = log.target
            log.close(0.0)
            raise WorkerDatabase(
                "cluster.worker_other_database", target=run.database_target, found=found
            )
    identity = Identity(run.os_account, run.workstation, run.display_name)
    service = DecisionService(
        ActiveModel.of(scorer), log, identity, Settings(policy_path=policy_path)
    )
    if policy is not None and (service.policy() is None or service.policy().sha256 != found):
        raise BundleMismatch(run.policy_sha256 or "", "")
    return service, log


def bundle_files(folder: Path) -> dict[str, bytes]:
    """A bundle folder as (relative name -> bytes), shipped once to every worker."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _materialize(sha256: str, files: Mapping[str, bytes]) -> Path:
    """The shipped bundle as a folder on this worker (written once per sha256)."""
    root = Path(os.environ.get("PAD_CLUSTER_CACHE") or tempfile.gettempdir()) / "pad-cluster"
    folder = root / f"bundle-{sha256}"
    if folder.is_dir():
        return folder
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="bundle-", dir=root))
    for name, data in files.items():
        target = staging / name
        if ".." in Path(name).parts or Path(name).is_absolute():
            raise ValueError(f"bundle file outside its folder: {name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    try:
        staging.rename(folder)
    except OSError:  # another worker process on this machine wrote it first
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _write_atomic(target: Path, data: bytes) -> None:
    staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    staging.write_bytes(data)
    os.replace(staging, target)
