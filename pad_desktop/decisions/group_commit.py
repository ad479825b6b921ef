"""Group commit of concurrent decisions (the API's): each answer waits until the decision log has
acknowledged its decision, yet concurrent requests share one local transaction instead of one
commit each.

Requests hand their records to one writer thread and await a future; the thread takes everything
queued since its last commit, writes it in one transaction of the decision log (the outbox, or the
embedded store) and settles the futures. The event loop never waits on the storage, a sequential
client pays one commit, and at 16 connections dozens of decisions share it. PostgreSQL delivery
stays in the log's own background threads.

`ProcessDecisionWriter` (the API's) does the writing itself (each record's rows, the repeat rule,
the hash chain, LZ4, the SQLite commit) in a child process that opens the same log file, and
there too the delivery to PostgreSQL when the parent's log has no delivery threads of its own
(`workers=0`): one Python process has one GIL, and that work competed with the event loop for
it. The event loop's thread hands each group over a pipe and reads the child's answer, sent once
the group's transaction committed, so an answer still never leaves before its decision is
durable. If the child dies, the group it held fails (`WriterDied`: its requests answer 503;
their decisions may or may not be in the log, never acknowledged without) and a new child takes
the next group.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
import select
import threading
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from pad_desktop.decisions.records import DecisionBatch, DecisionRecord

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from pad_desktop.decisions.case_keys import Claim
    from pad_desktop.decisions.log import DecisionLog, DeliveryState, LogAddress

log = logging.getLogger(__name__)


CHILD_EXIT_S = 15.0  # the writing process's last delivery (10 s) and WAL sync at shutdown
STATE_POLL_S = 0.5  # how often the writing process looks whether its delivery's state changed
FRAME_HEADER = 8  # bytes: an answer's length, before it on the pipe
READ_SIZE = 1 << 16


class WriterClosed(RuntimeError):
    """The server is shutting down: no new decision can be recorded."""


class WriterDied(WriterClosed):
    """The writing process stopped before acknowledging a group: none of its decisions is
    acknowledged (the requests answer 503), whether or not they reached the log."""


def _settle(items: list[tuple[asyncio.Future, object]], error: BaseException | None) -> None:
    """Wake each request: its result, or `error` (the group's), or its own exception (a record
    the database would refuse, set aside before the group was written)."""
    for future, result in items:
        if not future.done():
            failed = error if error is not None else result
            if isinstance(failed, BaseException):
                future.set_exception(failed)
                future.exception()  # retrieved: a cancelled request no longer awaits it
            else:
                future.set_result(result)


class DecisionWriter:
    """One thread that writes queued decisions in groups and wakes the requests waiting on them."""

    def __init__(self, decisions: DecisionLog, repeat_window_s: float | None = None) -> None:
        self._log = decisions
        self._repeat_window_s = repeat_window_s
        self._queue: list[tuple[asyncio.AbstractEventLoop, asyncio.Future, object]] = []
        self._wake = threading.Condition()
        self._closing = False
        self.groups = self.written = 0  # for the benchmark: how well commits are shared
        self._thread = threading.Thread(
            target=self._run, name="pad-api-decision-writer", daemon=True
        )
        self._thread.start()

    async def write(self, item: DecisionRecord | DecisionBatch) -> Claim | None:
        """Return once the decision log acknowledged `item` (a single decision's `Claim`, see
        `case_keys`); raise if it could not be written."""
        (future,) = self.submit(asyncio.get_running_loop(), [item])
        return await future

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Nothing to prepare: the thread wakes whichever loop submitted."""

    def submit(
        self, loop: asyncio.AbstractEventLoop, items: list[DecisionRecord | DecisionBatch]
    ) -> list[asyncio.Future]:
        """Queue `items` at once (one wake-up of the writer) from `loop`'s thread: a future per
        item, settled as `write` returns."""
        futures = [loop.create_future() for _ in items]
        with self._wake:
            if self._closing:
                raise WriterClosed("the API is shutting down")
            self._queue.extend(zip([loop] * len(items), futures, items, strict=True))
            self._wake.notify()
        return futures

    def close(self) -> None:
        """Write what is queued, then stop the thread (after the server stopped taking requests)."""
        with self._wake:
            self._closing = True
            self._wake.notify()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._queue and not self._closing:
                    self._wake.wait()
                group, self._queue = self._queue, []
            if not group:
                return  # closing, and nothing left
            error: BaseException | None = None
            results: list[Claim | Exception | None] = [None] * len(group)
            try:
                results = self._write([item for _, _, item in group])
            except Exception as exc:  # the requests answer 503; the server keeps running
                log.exception("could not record %d API decisions", len(group))
                error = exc
            self.groups += 1
            self.written += len(group)
            by_loop: dict[asyncio.AbstractEventLoop, list] = defaultdict(list)
            for (loop, future, _), result in zip(group, results, strict=True):
                by_loop[loop].append((future, result))
            for loop, items in by_loop.items():
                if not loop.is_closed():
                    loop.call_soon_threadsafe(_settle, items, error)

    def _write(self, items: list[DecisionRecord | DecisionBatch]) -> list[Claim | Exception | None]:
        return write_group(self._log, items, self._repeat_window_s)


def write_group(
    log: DecisionLog, items: list[DecisionRecord | DecisionBatch], repeat_window_s: float | None
) -> list[Claim | Exception | None]:
    """Each item's claim (None for a batch), in order; a single decision's rows are built
    first, and one the database would refuse (`RecordRefused`) gets its exception
    instead, so that it fails no other decision of the group."""
    from pad_desktop.decisions.encode import DecisionRows  # SQLAlchemy: not at import

    results: list[Claim | Exception | None] = [None] * len(items)
    singles, rows = [], []
    for i, item in enumerate(items):
        if isinstance(item, DecisionRecord):
            try:
                rows.append(DecisionRows.from_record(item))
            except Exception as exc:  # that request answers it
                results[i] = exc
                continue
            singles.append(i)
    if singles:
        claims = log.record_many([items[i] for i in singles], repeat_window_s, rows=rows)
        for i, claim in zip(singles, claims, strict=True):
            results[i] = claim
    for item in items:
        if isinstance(item, DecisionBatch):
            log.record_batch(item)
    return results


_Waiting = list[tuple[asyncio.Future, "DecisionRecord | DecisionBatch"]]


class ProcessDecisionWriter:
    """Group commit written by a child process, driven from one event loop's thread: while the
    child writes one group, the next gathers; the child's answer (read when the pipe is
    readable) sends the next group, then wakes the requests of the one answered. The same
    interface as `DecisionWriter`; the log must have been opened by `DecisionLog.open`."""

    def __init__(self, decisions: DecisionLog, repeat_window_s: float | None = None) -> None:
        if decisions.address is None:
            raise ValueError("a writing process needs a log opened at an address")
        self._log = decisions
        self._address = decisions.address
        self._repeat_window_s = repeat_window_s
        self._queue: _Waiting = []
        self._in_flight: _Waiting | None = None  # the group the child holds
        self._loop: asyncio.AbstractEventLoop | None = None  # whose thread drives the pipe
        self._idle: asyncio.Event | None = None
        self._closing = False
        self.groups = self.written = 0  # for the benchmark: how well commits are shared
        # Two one-way pipes: the groups go down one, blocking (a large batch waits for the child
        # to read it); the answers come up the other, which the event loop watches (so it is
        # non-blocking) and which is read into `_inbox` until a whole frame is there.
        self._to_child: Connection | None = None
        self._from_child: Connection | None = None
        self._inbox = bytearray()
        self._process: Any = None
        self._start()

    @property
    def pid(self) -> int | None:
        """The writing process's id (None between a death and the next group)."""
        return None if self._to_child is None else self._process.pid

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of threads holding locks
        groups_in, self._to_child = context.Pipe(duplex=False)
        self._from_child, answers_out = context.Pipe(duplex=False)
        self._inbox = bytearray()
        self._process = context.Process(
            target=child_main,
            args=(groups_in, answers_out, self._address, self._repeat_window_s, self._delivers),
            name="pad-decision-writer",
            daemon=True,
        )
        self._process.start()  # its imports and the log's opening overlap the server's start
        groups_in.close()
        answers_out.close()
        self._watch()

    @property
    def _delivers(self) -> bool:
        """Whether the child delivers the outbox (this process's log has no delivery threads)."""
        return not self._log.delivers

    async def write(self, item: DecisionRecord | DecisionBatch) -> Claim | None:
        """Return once the decision log acknowledged `item` (a single decision's `Claim`, see
        `case_keys`); raise if it could not be written. A batch (`/multiple_score`) is written
        by a thread of this process: carrying a thousand rows to the child costs more than
        it saves; the child's delivery finds it in the outbox."""
        if isinstance(item, DecisionBatch):
            if self._closing:
                raise WriterClosed("the API is shutting down")
            (result,) = await asyncio.to_thread(write_group, self._log, [item], None)
            return result  # type: ignore[return-value]
        (future,) = self.submit(asyncio.get_running_loop(), [item])
        return await future

    def submit(
        self, loop: asyncio.AbstractEventLoop, items: list[DecisionRecord | DecisionBatch]
    ) -> list[asyncio.Future]:
        """Queue `items` from `loop`'s thread (the child takes them at once if it is idle): a
        future per item, settled as `write` returns."""
        if self._closing:
            raise WriterClosed("the API is shutting down")
        self.attach(loop)
        futures = [loop.create_future() for _ in items]
        self._queue.extend(zip(futures, items, strict=True))
        if self._in_flight is None:
            self._send()
        return futures

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Serve `loop` (from its thread): the child's messages are read there from now on,
        before any decision (the delivery's state, for `DecisionLog.health`)."""
        if loop is self._loop:
            return
        if self._in_flight is not None:
            raise RuntimeError("a writing process serves one event loop at a time")
        self._unwatch()
        self._loop, self._idle = loop, asyncio.Event()
        self._watch()

    def _watch(self) -> None:
        if self._from_child is not None and self._loop is not None and not self._loop.is_closed():
            self._loop.add_reader(self._from_child.fileno(), self._receive)

    def _unwatch(self) -> None:
        if self._from_child is not None and self._loop is not None and not self._loop.is_closed():
            self._loop.remove_reader(self._from_child.fileno())

    def _send(self) -> None:
        group, self._queue = self._queue, []
        if not group:
            return
        try:
            data = pickle.dumps([item for _, item in group], pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # not a record the child could take: this group fails alone
            log.exception("could not hand %d API decisions to the writing process", len(group))
            _settle([(future, None) for future, _ in group], exc)
            return
        self._in_flight = group
        if self._to_child is None:  # the last one died: started for a group
            self._start()
        assert self._to_child is not None
        try:
            self._to_child.send_bytes(data)
        except OSError as exc:  # the child is gone
            self._died(exc)

    def _receive(self, block: bool = False) -> None:
        """Read what the child sent and handle each whole message; `block`: wait for some."""
        child = self._from_child
        assert child is not None
        if block:
            select.select([child], [], [])
        try:
            while True:
                chunk = os.read(child.fileno(), READ_SIZE)
                if not chunk:
                    raise EOFError("the writing process closed its pipe")
                self._inbox += chunk
                if len(chunk) < READ_SIZE:
                    break
        except BlockingIOError:
            pass  # all read for now
        except (EOFError, OSError) as exc:
            self._died(exc)
            return
        while len(self._inbox) >= FRAME_HEADER and self._from_child is child:
            size = int.from_bytes(self._inbox[:FRAME_HEADER], "big")
            if len(self._inbox) < FRAME_HEADER + size:
                break
            message = pickle.loads(self._inbox[FRAME_HEADER : FRAME_HEADER + size])
            del self._inbox[: FRAME_HEADER + size]
            self._handle(*message)

    def _handle(self, kind: str, value: Any, delivery: DeliveryState | None) -> None:
        if delivery is not None:  # the child delivers: what `health()` reports
            self._log.follow_delivery(delivery)
        if kind == "state":
            return
        group, self._in_flight = self._in_flight or [], None
        self.groups += 1
        self.written += len(group)
        self._send()  # the next group is written while this one's requests answer
        if delivery is None:  # this process delivers: the child's commit is in its outbox
            self._log.deliver_soon()
        if kind == "failed":  # the child logged it; the requests answer 503
            _settle([(future, None) for future, _ in group], value)
        else:
            futures = [future for future, _ in group]
            _settle(list(zip(futures, value, strict=True)), None)
        if self._in_flight is None and self._idle is not None:
            self._idle.set()

    def _died(self, exc: BaseException) -> None:
        """The child stopped: fail the group it held; the next group starts another."""
        code = self._stop_child(1.0)
        log.error("the decision-writing process stopped (exit code %s)", code)
        group, self._in_flight = self._in_flight or [], None
        died = WriterDied(f"the decision-writing process stopped (exit code {code})")
        died.__cause__ = exc
        _settle([(future, None) for future, _ in group], died)
        if not self._closing:
            self._send()
        if self._in_flight is None and self._idle is not None:
            self._idle.set()

    def _stop_child(self, timeout: float) -> int | None:
        """Close the pipes (the child stops after its group), wait for it, kill it if stuck."""
        if self._to_child is not None:
            self._unwatch()  # from the loop's thread, or after `_detach`
            self._to_child.close()
            self._to_child = None
        if self._from_child is not None:
            self._from_child.close()
            self._from_child = None
        self._process.join(timeout)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        return self._process.exitcode

    async def _drain(self) -> None:
        assert self._idle is not None
        while self._in_flight is not None or self._queue:
            self._idle.clear()
            if self._in_flight is None:
                self._send()
            if self._in_flight is not None:
                await self._idle.wait()
        self._detach()  # on the loop's own thread

    def _detach(self) -> None:
        self._unwatch()
        self._loop = None

    def close(self) -> None:
        """Write what is queued, then stop the child (after the server stopped taking
        requests); from any thread."""
        self._closing = True
        loop = self._loop
        if loop is not None and loop.is_running() and _running_loop() is not loop:
            asyncio.run_coroutine_threadsafe(self._drain(), loop).result()
        else:  # the loop's own thread, or no loop running: wait for the answers here
            self._detach()
            while self._in_flight is not None:
                self._receive(block=True)
        self._stop_child(CHILD_EXIT_S)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def child_main(
    groups: Connection,
    answers: Connection,
    address: LogAddress,
    repeat_window_s: float | None,
    deliver: bool,
) -> None:
    """The writing process: open the log (with its delivery threads if `deliver`), write the
    groups read from `groups` until that pipe closes, answering each on `answers`; if it
    delivers, each answer carries the delivery's state, and a change of it is sent too."""
    from pad_desktop.decisions.log import DecisionLog

    decisions = DecisionLog.open(address.database_url, address.data_dir, workers=2 * deliver)
    sending = threading.Lock()

    def send(message: tuple) -> None:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        frame = memoryview(len(data).to_bytes(FRAME_HEADER, "big") + data)
        with sending:
            while frame:
                frame = frame[os.write(answers.fileno(), frame) :]

    stopped = threading.Event()
    if deliver:
        threading.Thread(
            target=_report_delivery, args=(decisions, send, stopped), daemon=True
        ).start()
    try:
        while True:
            try:
                items = pickle.loads(groups.recv_bytes())
            except EOFError:
                return
            try:
                results = write_group(decisions, items, repeat_window_s)
                answer: tuple[str, Any] = (
                    "ok",
                    [_portable(r) if isinstance(r, Exception) else r for r in results],
                )
            except Exception as exc:  # the group's transaction rolled back: none acknowledged
                log.exception("could not record %d API decisions", len(items))
                answer = ("failed", _portable(exc))
            send((*answer, decisions.delivery_state() if deliver else None))
    finally:
        stopped.set()
        # Delivering: what it can within the log's timeout (the rest waits in the outbox).
        decisions.close(10.0 if deliver else 0.0)


def _report_delivery(decisions: DecisionLog, send: Any, stopped: threading.Event) -> None:
    last = None
    while not stopped.wait(STATE_POLL_S):
        state = decisions.delivery_state()
        if state != last:
            try:
                send(("state", None, state))
            except OSError:  # the parent is gone
                return
            last = state


def _portable(exc: BaseException) -> BaseException:
    """`exc` if it crosses a pipe as itself, else a `RuntimeError` in its words."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
