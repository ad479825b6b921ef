"""A batch beyond one machine: the partitions of an input scored on a Dask cluster.

`plan_input` reads the input once on the driver: its content hash and, for one CSV file,
byte ranges cut at line ends (the dialect and encoding settled on the whole file, each range's
first line counted), or one partition per file of a folder or glob (CSV or Parquet).
`score_on_cluster` ships the bundle and the policy to the workers (checked there by their
sha256), runs `partition.run_part` on every partition not done yet, and writes each result
as a part file under OUT_DIR (a temporary name, then renamed) with a manifest (`manifest.json`)
updated as partitions finish: the same command again skips the partitions whose files are
there with their checksums, and the log keeps one copy of any partition run twice.

Dask is imported here only, when a cluster run starts: the window never pays for it.
"""

from __future__ import annotations

import codecs
import glob
import hashlib
import json
import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pad_desktop.cells.csv_dialect import CsvFormatError, Dialect, detect_dialect, output_dialect
from pad_desktop.runtime.tasks import TaskState
from pad_desktop.service.partition import PARQUET_DIALECT, PartOutput, PartSpec, RunSpec
from pad_desktop.texts import Phrase, Worded

DEFAULT_PART_BYTES = 64 << 20  # ~600k rows of a 12-field file: seconds of work per task
SCAN_BYTES = 16 << 20
MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
CONNECT_TIMEOUT_S = 10.0
RETRIES = 3  # a partition whose worker died is run again this many times


class ClusterError(Worded, RuntimeError):
    """A cluster run that cannot start or finish (`cluster.<key>` in the catalogue)."""


@dataclass
class InputPlan:
    """The partitions of an input and what its run depends on."""

    input: str
    content_sha256: str
    parts: list[PartSpec]
    note: Phrase | None = None  # why a CSV file is read as one partition
    dialect: Dialect | None = None  # a single CSV's


@dataclass
class ClusterSummary:
    out_dir: Path
    manifest: Path
    batch_id: str
    partitions: int = 0
    skipped: int = 0  # done by an earlier run of the same command
    rows: int = 0
    scored: int = 0
    refused: int = 0
    rows_with_errors: int = 0
    recorded: int = 0
    pending: int = 0  # records waiting in workers' outboxes
    cancelled: bool = False
    fatal_errors: list[str] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)
    seconds: float = 0.0
    note: str | None = None


# -- the input ------------------------------------------------------------------------------


def input_files(source: str) -> tuple[list[Path], bool]:
    """The files of an input: (files, whether it named one file). A folder's *.csv and
    *.parquet files, a glob's matches, sorted by name."""
    path = Path(source)
    if path.is_file():  # workers read it at the same path: an absolute one
        return [path.resolve()], True
    if path.is_dir():
        found = [p for p in path.iterdir() if p.suffix.lower() in (".csv", ".parquet")]
    else:
        found = [Path(p) for p in glob.glob(source) if Path(p).is_file()]
    found = sorted(p.resolve() for p in found if p.suffix.lower() in (".csv", ".parquet"))
    if not found:
        raise ClusterError("cluster.no_input", path=source)
    return found, False


def plan_input(
    source: str,
    signature: Any,
    id_column: str | None,
    extra_columns: Sequence[str],
    lang: str,
    part_bytes: int = DEFAULT_PART_BYTES,
) -> InputPlan:
    """Partitions of `source` and its content hash (read once, on the driver)."""
    from pad_desktop.service.batch import read_header, read_plan

    files, single = input_files(source)
    parts: list[PartSpec] = []
    digests = hashlib.sha256()
    note, first_dialect = None, None
    for file_index, path in enumerate(files):
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            header = list(pq.ParquetFile(path).schema_arrow.names)
            idc, wanted, fields = read_plan(header, signature, id_column, extra_columns, lang)
            digest = _file_sha256(path)
            parts.append(
                PartSpec(len(parts), str(path), -1, -1, 2, PARQUET_DIALECT, idc, tuple(wanted),
                         fields, file_index, "parquet")
            )  # fmt: skip
        else:
            dialect = detect_dialect(path)
            idc, wanted, fields = read_plan(
                read_header(path, dialect), signature, id_column, extra_columns, lang
            )
            scan = _scan_csv(path, dialect, part_bytes if single else None)
            digest, dialect, note = scan.digest, scan.dialect, scan.note or note
            first_dialect = first_dialect or dialect
            for start, end, first_line in scan.ranges:
                parts.append(
                    PartSpec(len(parts), str(path), start, end, first_line, dialect, idc,
                             tuple(wanted), fields, file_index)
                )  # fmt: skip
        digests.update(f"{path.name}\0{digest}\n".encode())
    content = digests.hexdigest() if not single else digest
    return InputPlan(str(source), content, parts, note, first_dialect)


def _file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@dataclass
class _Scan:
    digest: str
    dialect: Dialect
    ranges: list[tuple[int, int, int]]  # (start, end, first line); start -1: the whole file
    note: Phrase | None = None


_ASCII_LINES = ("utf-8", "utf-8-sig", "cp1252")


def _scan_csv(path: Path, dialect: Dialect, part_bytes: int | None) -> _Scan:
    """One pass over a CSV file: its sha256, its encoding settled (a UTF-8 file whose first
    byte beyond ASCII is not UTF-8 is Windows-1252, as the one-machine batch decides), and
    ranges of about `part_bytes` cut after a line end outside quotes. A line end inside a
    quoted cell, or an encoding whose line ends are not single bytes, reads it as one
    partition (the note says why); `part_bytes` None: one partition."""
    import numpy as np

    digest = hashlib.sha256()
    size = path.stat().st_size
    whole = [(-1, -1, 2)]
    if dialect.encoding not in _ASCII_LINES:
        return _Scan(_file_sha256(path), dialect, whole, Phrase("cluster.one_part_encoding"))
    decoder = codecs.getincrementaldecoder("utf-8")() if dialect.encoding != "cp1252" else None
    ascii_so_far, encoding = True, dialect.encoding
    quotes = 0  # quotes before the current block
    lines = 0  # line ends before the current block
    header_end: int | None = None
    boundaries: list[tuple[int, int]] = []  # (byte after a line end, the line starting there)
    target = None
    quoted_break = False
    offset = 0
    with path.open("rb") as handle:
        while block := handle.read(SCAN_BYTES):
            if block.endswith(b"\r"):  # a CRLF cut in two is one line end
                block += handle.read(1)
            digest.update(block)
            if decoder is not None:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as exc:
                    if ascii_so_far and block[: exc.start].isascii():
                        encoding = "cp1252"
                    decoder = None  # settled: the partition that holds it reports it
                ascii_so_far = ascii_so_far and block.isascii()
            data = np.frombuffer(block, np.uint8)
            ends = np.flatnonzero(data == 10)
            returns = np.flatnonzero(data == 13)
            if len(returns):  # a CR alone ends a line too
                following = np.append(data[1:], np.uint8(0))
                ends = np.sort(np.concatenate([ends, returns[following[returns] != 10]]))
            is_quote = data == 34
            if is_quote.any() and len(ends):
                inside = (quotes + np.cumsum(is_quote, dtype=np.int64)[ends]) % 2 == 1
                quoted_break = quoted_break or bool(inside.any())
            quotes += int(np.count_nonzero(is_quote))
            if header_end is None and len(ends):
                header_end = offset + int(ends[0]) + 1
                target = header_end + (part_bytes or size + 1)
            while target is not None and target < size and len(ends):
                at = int(np.searchsorted(ends, target - offset - 1))
                if at >= len(ends):
                    break
                after = offset + int(ends[at]) + 1
                if after >= size:
                    break
                boundaries.append((after, lines + at + 2))
                target = after + (part_bytes or size + 1)
            lines += len(ends)
            offset += len(block)
    dialect = Dialect(encoding, dialect.separator, dialect.decimal, dialect.line_ending)
    if header_end is None or header_end >= size:
        return _Scan(digest.hexdigest(), dialect, whole)
    if quoted_break:
        return _Scan(digest.hexdigest(), dialect, whole, Phrase("cluster.one_part_quoted"))
    starts = [(header_end, 2), *boundaries]
    ranges = [
        (start, starts[i + 1][0] if i + 1 < len(starts) else size, line)
        for i, (start, line) in enumerate(starts)
    ]
    return _Scan(digest.hexdigest(), dialect, ranges)


# -- the run --------------------------------------------------------------------------------


def run_key(content_sha256: str, model_sha256: str, policy_sha256: str | None, officer: str,
            part_bytes: int) -> str:  # fmt: skip
    """What a run is: the input's content, the model, the policy, the officer, and how it is
    cut (the partitions are the chain streams: another cut would be another run)."""
    text = f"{content_sha256}:{model_sha256}:{policy_sha256 or ''}:{officer}:{part_bytes}"
    return hashlib.sha256(text.encode()).hexdigest()


def run_batch_id(key: str) -> str:
    """The run's batch id, derived from the run (a UUID of version 8: not a time)."""
    raw = bytearray(hashlib.sha256(f"batch:{key}".encode()).digest()[:16])
    raw[6] = 0x80 | (raw[6] & 0x0F)
    raw[8] = 0x80 | (raw[8] & 0x3F)
    return str(uuid.UUID(bytes=bytes(raw)))


def connect(address: str, lang: str) -> tuple[Any, Any]:
    """(client, local cluster or None) for `address` ("local:N" starts N worker processes
    here); an address that is not one, or a scheduler that does not answer: `ClusterError`."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - a build without dask
        raise ClusterError("cluster.no_dask") from None
    address = address.strip()
    cluster = None
    try:
        if address.startswith("local:"):
            workers = int(address.partition(":")[2])
            if not 1 <= workers <= 256:
                raise ValueError(address)
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=50,
            )
            return Client(cluster, timeout=CONNECT_TIMEOUT_S), cluster
        if not address or any(c.isspace() or ord(c) < 32 for c in address) or len(address) > 500:
            raise ValueError(address)
        return Client(address, timeout=CONNECT_TIMEOUT_S), None
    except Exception as exc:  # any failure to reach it is the same sentence
        if cluster is not None:
            cluster.close()
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        if isinstance(exc, ValueError) and not address.startswith(("tcp://", "tls://", "inproc")):
            raise ClusterError("cluster.bad_address", address=address[:200]) from None
        raise ClusterError("cluster.unreachable", address=address[:200], reason=reason) from None


def score_on_cluster(
    service: Any,
    source: str,
    out_dir: str | Path,
    client: Any,
    *,
    record: bool = True,
    state: TaskState | None = None,
    lang: str = "en",
    id_column: str | None = None,
    write_dialect: str | None = None,
    chunk_rows: int = 20_000,
    part_bytes: int = DEFAULT_PART_BYTES,
    data_dir: str | None = None,
    ort_threads: int = 0,
    now: datetime | None = None,
    again: bool = False,
) -> ClusterSummary:
    """Score `source` on the cluster behind `client`; part files and the manifest under
    `out_dir`. `service` (the driver's decision service) gives the model, the policy, who
    decides and the log's address; `now` is the run's start (every record's time) when the
    run is new. A file this computer already decided with the same model and policy on one
    machine is refused unless `again`: its applicants would otherwise be decided twice."""
    from dask.distributed import as_completed

    from pad_desktop.service.partition import bundle_files, flush_logs, run_part

    state = state or TaskState()
    started = time.perf_counter()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ClusterError("cluster.out_not_folder", path=out)
    scorer = service.reading()
    file_run = None
    if record and service.log is not None:
        files, one_file = input_files(source)
        file_run = service.file_run(files[0], scorer) if one_file else None
        if file_run is not None and file_run.earlier is not None and not again:
            batch = file_run.earlier.batch_id
            raise ClusterError("cluster.already_run", path=files[0], batch=batch)
    policy = service.policy(scorer)
    extra = policy.input_names if policy is not None else ()
    plan = plan_input(source, scorer.signature, id_column, extra, lang, part_bytes)
    identity = service.identity
    policy_sha256 = None if policy is None else policy.sha256
    key = run_key(
        plan.content_sha256, scorer.bundle.sha256, policy_sha256, identity.officer, part_bytes
    )
    manifest_path = out / MANIFEST
    manifest = _read_manifest(manifest_path, key)
    started_at = manifest.get("started_at") or (now or datetime.now(UTC)).astimezone(UTC).replace(
        tzinfo=None
    ).isoformat(timespec="microseconds")
    written_as = output_dialect(plan.dialect or PARQUET_DIALECT, write_dialect, lang)
    log = service.log
    url = None if log is None or log.address is None else log.address.database_url
    if record and log is not None and url is None and data_dir is None:
        raise ClusterError("cluster.needs_database")
    target = None if url is None or log is None else log.target
    if url is not None and data_dir is None and _has_secret(url):
        url = None  # a password does not travel through the scheduler: workers use their own
    run = RunSpec(
        run_key=key,
        batch_id=run_batch_id(key),
        started_at=started_at,
        model_sha256=scorer.bundle.sha256,
        policy_sha256=None if policy is None else policy.sha256,
        os_account=identity.os_account,
        workstation=identity.workstation,
        display_name=identity.display_name,
        lang=lang,
        written_as=written_as,
        chunk_rows=chunk_rows,
        record=record and log is not None,
        database_url=url,
        data_dir=data_dir,
        ort_threads=ort_threads,
        database_target=target,
    )
    if file_run is not None and run.record:  # before any partition records a decision
        service.note_cluster_run(file_run, run.batch_id)
    summary = ClusterSummary(out, manifest_path, run.batch_id, partitions=len(plan.parts))
    summary.note = None if plan.note is None else plan.note.text(lang)
    done: dict[int, dict[str, Any]] = {}
    for entry in manifest.get("partitions", []):
        if entry.get("done") and _part_intact(out, entry):
            done[int(entry["index"])] = entry
    manifest = {
        "format": MANIFEST_FORMAT,
        "run_key": key,
        "batch_id": run.batch_id,
        "started_at": started_at,
        "input": str(source),
        "input_sha256": plan.content_sha256,
        "model_sha256": run.model_sha256,
        "policy_sha256": run.policy_sha256,
        "officer": identity.officer,
        "recorded": run.record,
        "part_bytes": part_bytes,
        "written_as": asdict(written_as),
        "partitions": [_entry(p, done.get(p.index)) for p in plan.parts],
    }
    (out / "results").mkdir(parents=True, exist_ok=True)
    (out / "errors").mkdir(parents=True, exist_ok=True)
    _write_manifest(manifest_path, manifest)
    todo = [p for p in plan.parts if p.index not in done]
    summary.skipped = len(plan.parts) - len(todo)
    for entry in done.values():
        _add(summary, entry)
    total_bytes = sum(_size(p) for p in plan.parts) or 1
    bytes_done = sum(_size(p) for p in plan.parts if p.index in done)
    state.set_progress(bytes_done / total_bytes, _progress_text(summary, 0.0, lang))
    if not todo:
        summary.seconds = time.perf_counter() - started
        return summary
    bundle = client.scatter(bundle_files(scorer.bundle.path), broadcast=True, hash=False)
    policy_bytes = None
    if policy is not None:
        policy_bytes = Path(policy.source).read_bytes()
    futures = [
        client.submit(run_part, run, part, bundle, policy_bytes, key=f"pad-part-{key[:16]}-"
                      f"{part.index}", retries=RETRIES, pure=False)
        for part in todo
    ]  # fmt: skip
    began, rows_now = time.monotonic(), 0
    try:
        for future in as_completed(futures):
            if state.is_cancelled:
                raise KeyboardInterrupt
            output: PartOutput = future.result()
            part = plan.parts[output.index]
            entry = _write_part(out, part, output)
            manifest["partitions"][part.index] = entry
            _write_manifest(manifest_path, manifest)
            _add(summary, entry)
            summary.recorded += output.recorded
            if output.fatal_error:
                summary.fatal_errors.append(output.fatal_error)
            summary.error_samples += output.error_samples[: 5 - len(summary.error_samples)]
            rows_now += output.rows
            bytes_done += _size(part)
            rate = rows_now / max(time.monotonic() - began, 1e-9)
            state.set_progress(bytes_done / total_bytes, _progress_text(summary, rate, lang))
        if run.record:  # every worker's records delivered (or counted as waiting)
            waiting = client.run(flush_logs)
            summary.pending = sum(int(n) for n in waiting.values())
    except KeyboardInterrupt:
        client.cancel(futures)
        summary.cancelled = True
    except ClusterError:
        client.cancel(futures)
        raise
    except Exception as exc:
        client.cancel(futures)
        from pad_desktop.texts import describe

        raise ClusterError("cluster.failed", reason=describe(exc, lang)) from exc
    summary.seconds = time.perf_counter() - started
    return summary


def _has_secret(url: str) -> bool:
    """Whether the URL holds a password or another secret (`schema.redacted` masks it)."""
    from pad_desktop.decisions import schema

    return "***" in schema.redacted(url)


def _size(part: PartSpec) -> int:
    if part.start >= 0:
        return part.end - part.start
    try:
        return os.path.getsize(part.path)
    except OSError:
        return 1


def _progress_text(summary: ClusterSummary, rate: float, lang: str) -> str:
    from pad_desktop.texts import text
    from pad_desktop.texts.locale_text import format_number

    return text(
        "cluster.progress",
        lang,
        rows=format_number(summary.rows, lang),
        rate=format_number(round(rate), lang),
    )


def _entry(part: PartSpec, done: dict[str, Any] | None) -> dict[str, Any]:
    if done is not None:
        return done
    return {
        "index": part.index,
        "path": part.path,
        "start": part.start,
        "end": part.end,
        "first_line": part.first_line,
        "results": f"results/{part.name}",
        "errors": f"errors/{part.name}",
        "done": False,
    }


def _write_part(out: Path, part: PartSpec, output: PartOutput) -> dict[str, Any]:
    entry = _entry(part, None)
    for kind, data in (("results", output.results), ("errors", output.errors)):
        target = out / entry[kind]
        _write_atomic(target, data)
        entry[f"{kind}_sha256"] = hashlib.sha256(data).hexdigest()
    entry.update(
        done=output.fatal_error is None,
        rows=output.rows,
        scored=output.scored,
        refused=output.refused,
        rows_with_errors=output.rows_with_errors,
        recorded=output.recorded,
        stream_records=output.head_seq,
        stream_head=output.head_hash,
        fatal_error=output.fatal_error,
    )
    return entry


def _add(summary: ClusterSummary, entry: dict[str, Any]) -> None:
    summary.rows += int(entry.get("rows", 0))
    summary.scored += int(entry.get("scored", 0))
    summary.refused += int(entry.get("refused", 0))
    summary.rows_with_errors += int(entry.get("rows_with_errors", 0))


def _part_intact(out: Path, entry: dict[str, Any]) -> bool:
    """A partition done by an earlier run: both files there with the checksums it wrote."""
    for kind in ("results", "errors"):
        name, expected = entry.get(kind), entry.get(f"{kind}_sha256")
        if (
            not isinstance(name, str)
            or not expected
            or ".." in Path(name).parts
            or Path(name).is_absolute()
        ):
            return False
        target = out / name
        if not target.is_file() or _file_sha256(target) != expected:
            return False
    return True


def _read_manifest(path: Path, key: str) -> dict[str, Any]:
    """The manifest of the same run under OUT_DIR (empty when there is none); another run's:
    refused (its part files would be mixed with this one's)."""
    if not path.exists():
        if path.parent.is_dir() and any((path.parent / "results").glob("part-*.csv")):
            raise ClusterError("cluster.out_taken", path=path.parent)
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ClusterError("cluster.manifest_unreadable", path=path) from None
    if not isinstance(data, dict) or data.get("run_key") != key:
        raise ClusterError("cluster.out_taken", path=path.parent)
    return data


def _write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    totals = [e for e in manifest["partitions"] if e.get("done")]
    manifest["partitions_done"] = len(totals)
    manifest["rows"] = sum(int(e.get("rows", 0)) for e in totals)
    manifest["errors"] = sum(int(e.get("rows_with_errors", 0)) for e in totals)
    _write_atomic(path, json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))


def _write_atomic(target: Path, data: bytes) -> None:
    """Written to a temporary name beside it, then renamed: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with staging.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(staging, target)


def check_source(source: str) -> None:
    """Refuse an input that is neither a file, a folder nor a glob that matches files."""
    input_files(source)


__all__ = ["ClusterError", "ClusterSummary", "CsvFormatError", "connect", "score_on_cluster"]
