"""Run a plain function `fn(..., state: TaskState)` on a thread pool and report back by signals.

The shape follows Orange3's `ConcurrentWidgetMixin` and superqt's `thread_worker`: the function
knows nothing of Qt; it reports progress and sees cancellation through the core `TaskState`.
The signals object is created on the UI thread, so every `sig_*` is delivered there (queued).
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from pad_desktop.gui.i18n import ui_language
from pad_desktop.runtime.tasks import TaskState

log = logging.getLogger(__name__)

# Every runner alive, so that the test suite can check that none leaves work behind.
RUNNERS: weakref.WeakSet[TaskRunner] = weakref.WeakSet()


def is_user_mistake(exc: BaseException) -> bool:
    """An error the core words for the user (a value typed, a file's shape, a setting, the log
    closed meanwhile), as opposed to a fault whose traceback the error log must keep."""
    if getattr(exc, "key", None) is not None and hasattr(exc, "values"):
        return True  # the catalogue's errors: a key and its values
    if isinstance(exc, ValueError) and type(exc).__module__.startswith("pad_desktop."):
        return True  # ApplicantError, CaseRefError, CsvFormatError, SettingsError…
    from pad_desktop.service.decision_service import LogClosed

    return isinstance(exc, LogClosed)


class Task(QObject):
    """One run of a function; its signals fire on the thread that created the task."""

    sig_progress = Signal(float, str)
    sig_result = Signal(object)
    sig_error = Signal(object)  # the exception instance
    sig_finished = Signal()

    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict[str, Any]) -> None:
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.state = TaskState(on_progress=self.sig_progress.emit, lang=ui_language())
        self.done = threading.Event()

    def cancel(self) -> None:
        self.state.cancel()

    @property
    def is_cancelled(self) -> bool:
        return self.state.is_cancelled

    def run(self) -> None:
        try:
            result = self.fn(*self.args, state=self.state, **self.kwargs)
        except Exception as exc:  # reported to the UI, which words it for the officer
            name = getattr(self.fn, "__name__", self.fn)
            if is_user_mistake(exc):  # one line, without the values typed: not a fault
                log.info("task %s refused the input: %s", name, type(exc).__name__)
            else:
                log.info("task %s failed", name, exc_info=True)
            self.sig_error.emit(exc)
        else:
            self.sig_result.emit(result)
        finally:
            self.done.set()
            self.sig_finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task.run()


class TaskRunner(QObject):
    """Starts tasks on its own pool, keeps them alive until they finish, stops them on close.

    `start_latest(key, ...)` is for requests where only the newest answer counts (a form score,
    a history page, a file preview): an older task with the same key is cancelled and its
    result and error are dropped, so a late answer never replaces a newer one.
    """

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._tasks: set[Task] = set()
        self._latest: dict[str, Task] = {}
        RUNNERS.add(self)

    def start(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Callable[[float, str], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> Task:
        """Run `fn(*args, state=..., **kwargs)` on a worker; callbacks run on this thread."""
        task = Task(fn, args, kwargs)
        for signal, slot in (
            (task.sig_result, on_result),
            (task.sig_error, on_error),
            (task.sig_progress, on_progress),
            (task.sig_finished, on_finished),
        ):
            if slot is not None:
                signal.connect(slot)
        task.sig_finished.connect(lambda: self._tasks.discard(task))
        self._tasks.add(task)
        self.pool.start(_Runnable(task))
        return task

    def start_latest(self, key: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Task:
        """`start` (same arguments and callbacks), where a newer request with the same `key`
        makes this one's answer moot: its result, error and progress are not delivered."""
        self.forget(key)
        task: Task | None = None

        def newest(slot: Callable[..., None] | None) -> Callable[..., None] | None:
            if slot is None:
                return None
            return lambda *value: slot(*value) if self._latest.get(key) is task else None

        for name in ("on_result", "on_error", "on_progress"):
            kwargs[name] = newest(kwargs.get(name))
        on_finished = kwargs.pop("on_finished", None)
        task = self.start(
            fn, *args, on_finished=lambda: self._finished_latest(key, task, on_finished), **kwargs
        )
        self._latest[key] = task
        return task

    def _finished_latest(
        self, key: str, task: Task | None, on_finished: Callable[[], None] | None
    ) -> None:
        if self._latest.get(key) is task:
            del self._latest[key]
        if on_finished is not None:
            on_finished()

    def forget(self, key: str) -> None:
        """Cancel the pending request `key`, if any: its answer will not be delivered."""
        older = self._latest.pop(key, None)
        if older is not None:
            older.cancel()

    @property
    def active(self) -> int:
        """Tasks started and not yet finished (their `sig_finished` not yet delivered)."""
        return len(self._tasks)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel every task and wait for the pool; False if some still ran after `timeout_ms`."""
        for task in list(self._tasks):
            task.cancel()
        done = self.pool.waitForDone(timeout_ms)
        self._tasks.clear()
        self._latest.clear()
        return done
