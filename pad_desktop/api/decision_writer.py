"""Group commit of API decisions: each answer waits until the decision log has acknowledged
its decision, yet concurrent requests share one local transaction instead of one commit each.

Requests hand their records to one writer thread and await a future; the thread takes everything
queued since its last commit, writes it in one transaction of the decision log (the outbox, or the
embedded store) and settles the futures. The event loop never waits on the storage, a sequential
client pays one commit, and at 16 connections dozens of decisions share it. PostgreSQL delivery
stays in the log's own background threads.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
from collections import defaultdict
from collections.abc import Sequence

from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.encode import DecisionRows
from pad_desktop.records import DecisionBatch, DecisionRecord

log = logging.getLogger(__name__)

_PER_ROW = ("ids", "created_at", "row_numbers", "inputs", "scores", "decisions", "reasons",
            "latency_ms")  # fmt: skip


class WriterClosed(RuntimeError):
    """The server is shutting down: no new decision can be recorded."""


def record_singles(decisions: DecisionLog, records: Sequence[DecisionRecord]) -> None:
    """Several single decisions in as few local transactions as they have distinct shared fields.

    Adapter: `DecisionLog` offers `record()` (one transaction per record) and `record_batch()`
    (rows of one batch, with a batch id and row numbers, which single API decisions have not);
    this merges per-record rows and goes through the log's own write path.
    """
    groups: dict[tuple, list[DecisionRows]] = defaultdict(list)
    for rec in records:
        rows = DecisionRows.from_record(rec)
        key = (rows.officer, rows.workstation, rows.source, rows.batch_id, rows.model_id,
               rows.model_sha256, rows.threshold)  # fmt: skip
        groups[key].append(rows)
    for parts in groups.values():
        merged = dataclasses.replace(
            parts[0], **{name: [v for p in parts for v in getattr(p, name)] for name in _PER_ROW}
        )
        decisions._write(merged)


def _settle(items: list[tuple[asyncio.Future, object]], error: BaseException | None) -> None:
    for future, _ in items:
        if not future.done():
            if error is None:
                future.set_result(None)
            else:
                future.set_exception(error)
                future.exception()  # retrieved: with queued acks nobody awaits it (logged above)


class DecisionWriter:
    """One thread that writes queued decisions in groups and wakes the requests waiting on them."""

    def __init__(self, decisions: DecisionLog, durable_ack: bool = True) -> None:
        self._log = decisions
        self._durable_ack = durable_ack
        self._queue: list[tuple[asyncio.AbstractEventLoop, asyncio.Future, object]] = []
        self._wake = threading.Condition()
        self._closing = False
        self.groups = self.written = 0  # for the benchmark: how well commits are shared
        self._thread = threading.Thread(
            target=self._run, name="pad-api-decision-writer", daemon=True
        )
        self._thread.start()

    async def write(
        self, item: DecisionRecord | DecisionBatch, durable: bool | None = None
    ) -> None:
        """Return once the decision log acknowledged `item`; raise if it could not be written.

        With `durable=False` (default: the writer's `durable_ack`) return at once: the answer no
        longer waits for the disk, and a crash (not a shutdown, which drains the queue) loses
        the decisions of the last moments.
        """
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        with self._wake:
            if self._closing:
                raise WriterClosed("the API is shutting down")
            self._queue.append((loop, future, item))
            self._wake.notify()
        if self._durable_ack if durable is None else durable:
            await future

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
            try:
                self._write([item for _, _, item in group])
            except Exception as exc:  # the requests answer 503; the server keeps running
                log.exception("could not record %d API decisions", len(group))
                error = exc
            self.groups += 1
            self.written += len(group)
            by_loop: dict[asyncio.AbstractEventLoop, list] = defaultdict(list)
            for loop, future, item in group:
                by_loop[loop].append((future, item))
            for loop, items in by_loop.items():
                if not loop.is_closed():
                    loop.call_soon_threadsafe(_settle, items, error)

    def _write(self, items: list[DecisionRecord | DecisionBatch]) -> None:
        singles = [item for item in items if isinstance(item, DecisionRecord)]
        if singles:
            record_singles(self._log, singles)
        for item in items:
            if isinstance(item, DecisionBatch):
                self._log.record_batch(item)
