"""The desktop batch in a child process, so that scoring and recording a file leave the window's
event loop alone.

In the window's process, the decision log's Python work for each chunk (canonical JSON, hash
chain, SQLite binding) and the scoring threads held the GIL that the UI thread must win back
after every Qt call: the event loop stalled up to ~100 ms per chunk (py-spy and a heartbeat
timer, `benchmarks/bench_gui.py`). Here the child does all of it through the same decision
service as the CLI (`score_file`: each chunk recorded before it is sent), and the window's
process only receives each chunk's table rows, the progress and the summary.

A child is started when a file is previewed (`BatchChild()`): its imports (pandas, pyarrow,
ONNX Runtime: seconds on a slow machine) overlap the operator reading the preview. It runs one
job, with the window's model, decision log and identity (`job_for`), then exits.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pad_desktop.texts import Worded

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from pad_desktop.decisions import LogAddress
    from pad_desktop.gui.batch_table import TableChunk
    from pad_desktop.runtime.identity import Identity
    from pad_desktop.runtime.settings import Settings
    from pad_desktop.runtime.tasks import TaskState
    from pad_desktop.service.batch import BatchSummary
    from pad_desktop.service.decision_service import DecisionService

POLL_S = 0.05  # how often the parent looks at Cancel while it waits for the child
LOG_CLOSE_S = 2.0  # the child's last delivery attempt (PostgreSQL); the rest waits in the outbox
EXIT_WAIT_S = 10.0


class BatchProcessError(Worded, RuntimeError):
    """The batch process stopped without an answer, or failed with an error that could not be
    carried over as it was (its type and message are kept in the text)."""


@dataclass(frozen=True, slots=True)
class BatchJob:
    """Everything the child needs to decide a file exactly as the window would."""

    bundle_dir: Path
    bundle_sha256: str
    lanes: int  # the window's ONNX thread count: the same float sums, the same scores
    log: LogAddress
    identity: Identity
    settings: Settings
    path: Path
    output: Path
    chunk_rows: int
    lang: str
    again: bool = False  # decide anew a file already decided (`DecisionService.score_file`)


def job_for(
    service: DecisionService,
    path: Path,
    output: Path,
    chunk_rows: int,
    lang: str,
    again: bool = False,
) -> BatchJob:
    """The job of deciding `path` with the service's model, log and identity (a closed log,
    or one not opened by `DecisionLog.open`, decides nothing: `LogClosed`)."""
    from pad_desktop.service.decision_service import LogClosed

    log, scorer = service.log, service.scorer
    if log is None or log.address is None:
        raise LogClosed()
    return BatchJob(
        scorer.bundle.path,
        scorer.bundle.sha256,
        scorer.lanes,
        log.address,
        service.identity,
        service.settings,
        path,
        output,
        chunk_rows,
        lang,
        again,
    )


class BatchChild:
    """One child process, started at once, that runs one `BatchJob` when `run` sends it."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a process running Qt
        self._conn, theirs = context.Pipe()
        # Cancel is a one-way pipe, not a multiprocessing Event: setting an Event whose waiter
        # was killed blocks forever; writing to a pipe whose reader died just fails.
        stop_reader, self._stop = context.Pipe(duplex=False)
        self._stopped = False
        self._process = context.Process(
            target=child_main, args=(theirs, stop_reader), name="pad-batch", daemon=True
        )
        self._process.start()
        theirs.close()
        stop_reader.close()
        self._used = False

    def run(
        self, job: BatchJob, on_chunk: Callable[[TableChunk], None], state: TaskState
    ) -> BatchSummary:
        """Run `job` in the child (the caller's thread waits): chunks go to `on_chunk` once
        recorded, progress to `state`, and `state`'s cancellation to the child."""
        if self._used:
            raise RuntimeError("a batch process runs one job")
        self._used = True
        try:
            kind, value = self._exchange(job, on_chunk, state)
        finally:
            self._cancel()  # left early (an error here): the child stops after its chunk
            self.close()
        if kind == "failed":
            raise value  # the child's own error, in its words (not "the process stopped")
        return value

    def _exchange(
        self, job: BatchJob, on_chunk: Callable[[TableChunk], None], state: TaskState
    ) -> tuple[str, Any]:
        """Send the job, relay chunks, progress and Cancel until the child's answer."""
        try:
            self._conn.send(job)
            while True:
                if state.is_cancelled:
                    self._cancel()
                if not self._conn.poll(POLL_S):
                    if not self._process.is_alive() and not self._conn.poll():
                        raise self._died()
                    continue
                kind, *payload = self._conn.recv()
                if kind == "chunk":
                    on_chunk(payload[0])
                elif kind == "progress":
                    state.set_progress(*payload)
                elif kind in ("done", "failed"):
                    return kind, payload[0]
        except (EOFError, OSError) as exc:  # the pipe broke: the child is gone
            raise self._died() from exc

    def _cancel(self) -> None:
        if not self._stopped:
            self._stopped = True
            with contextlib.suppress(OSError):  # the child is gone already
                self._stop.send_bytes(b"stop")

    def _died(self) -> BatchProcessError:
        self._process.join(1.0)
        return BatchProcessError("file.process_stopped", code=self._process.exitcode)

    def close(self) -> None:
        """Stop an unused child at once (it holds no job: the window does not wait for its
        imports), or wait for a finished one; never leave one behind."""
        if not self._used:
            self._process.terminate()
        self._process.join(EXIT_WAIT_S)
        if self._process.is_alive():  # stuck: what it acknowledged is durable already
            self._process.kill()
            self._process.join()
        self._conn.close()
        self._stop.close()


# -- in the child --------------------------------------------------------------------------
def child_main(conn: Connection, stop: Connection) -> None:
    """The child's life: import, wait for a job, run it, answer, exit."""
    from pad_desktop.decisions import DecisionLog  # noqa: F401
    from pad_desktop.gui.batch_table import TableChunk  # noqa: F401
    from pad_desktop.service.batch import score_csv  # noqa: F401  (the imports that take seconds)
    from pad_desktop.service.decision_service import DecisionService  # noqa: F401

    try:
        job = conn.recv()
    except EOFError:  # the window went away
        return
    try:
        conn.send(("done", _run(job, conn, stop)))
    except BaseException as exc:  # every failure goes back to the window, worded there
        with contextlib.suppress(OSError):  # unless the window is gone
            conn.send(("failed", _portable(exc)))
    finally:
        conn.close()


def _run(job: BatchJob, conn: Connection, stop: Connection) -> BatchSummary:
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.gui.batch_table import TableChunk
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.model.bundle import load_bundle
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.runtime.tasks import TaskState
    from pad_desktop.service.decision_service import DecisionService

    scorer = Scorer(load_bundle(job.bundle_dir), job.lanes)
    if scorer.bundle.sha256 != job.bundle_sha256:
        raise BatchProcessError("file.model_changed", folder=job.bundle_dir)
    state = TaskState(lambda done, message: conn.send(("progress", done, message)), job.lang)
    threading.Thread(
        target=_cancel_when_asked, args=(stop, state), name="pad-batch-cancel", daemon=True
    ).start()
    log = DecisionLog.open(job.log.database_url, job.log.data_dir)
    service = DecisionService(ActiveModel.of(scorer), log, job.identity, job.settings)
    try:
        return service.score_file(
            job.path,
            job.output,
            None,
            state=state,
            on_chunk=lambda chunk: conn.send(("chunk", TableChunk.of(chunk))),
            chunk_rows=job.chunk_rows,
            lang=job.lang,
            again=job.again,
        )
    finally:
        service.close()  # a challenger's shadow scores recorded before the log closes
        log.close(LOG_CLOSE_S)


def _cancel_when_asked(stop: Connection, state: TaskState) -> None:
    """Cancel the job when the window asks, or when the window is gone (the pipe closed)."""
    with contextlib.suppress(EOFError, OSError):
        stop.recv_bytes()
    state.cancel()


def _portable(exc: BaseException) -> BaseException:
    """`exc`, or the nearest of its base classes that carries its message over a pipe (an
    exception whose constructor takes other arguments than its message would not unpickle as
    itself), else a `BatchProcessError` naming it."""
    text = str(exc)
    for kind in type(exc).__mro__:
        if kind in (BaseException, Exception):
            break
        try:
            candidate = exc if kind is type(exc) else kind(text)
            copy: Any = pickle.loads(pickle.dumps(candidate))
        except Exception:  # any failure means: try the next, plainer type
            continue
        if type(copy) is kind and str(copy) == text:
            return candidate
    return BatchProcessError("file.process_failed", kind=type(exc).__name__, message=text)
