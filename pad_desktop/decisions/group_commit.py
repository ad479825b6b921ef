"""Group commit of concurrent decisions (the API's): each answer waits until the decision log has
acknowledged its decision, yet concurrent requests share one local transaction instead of one
commit each.

Requests hand their records to one writer thread and await a future; the thread takes everything
queued since its last commit, writes it in one transaction of the decision log (the outbox, or the
embedded store) and settles the futures. The event loop never waits on the storage, a sequential
client pays one commit, and at 16 connections dozens of decisions share it. PostgreSQL delivery
stays in the log's own background threads.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import defaultdict
from typing import TYPE_CHECKING

from pad_desktop.decisions.records import DecisionBatch, DecisionRecord

if TYPE_CHECKING:
    from pad_desktop.decisions.case_keys import Claim
    from pad_desktop.decisions.log import DecisionLog

log = logging.getLogger(__name__)


class WriterClosed(RuntimeError):
    """The server is shutting down: no new decision can be recorded."""


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
            claims = self._log.record_many(
                [items[i] for i in singles], self._repeat_window_s, rows=rows
            )
            for i, claim in zip(singles, claims, strict=True):
                results[i] = claim
        for item in items:
            if isinstance(item, DecisionBatch):
                self._log.record_batch(item)
        return results
