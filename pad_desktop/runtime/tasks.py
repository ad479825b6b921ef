"""The small state object through which long work reports progress and sees cancellation.

Long work is a plain function `run(..., state: TaskState)`: the CLI, the API and the tests call
it directly; the GUI runs it on a worker thread and forwards progress to a signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """Raised inside a task when its state was cancelled; the work done so far is kept."""


class TaskState:
    """Progress and cancellation shared between a task and whoever runs it (thread-safe)."""

    def __init__(
        self, on_progress: Callable[[float, str], None] | None = None, lang: str = "en"
    ) -> None:
        self._cancel = threading.Event()
        self._on_progress = on_progress
        self.lang = lang  # the language the task's progress messages are worded in
        self.progress = 0.0
        self.message = ""

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise `Cancelled` if the task should stop; call it between chunks of work."""
        if self._cancel.is_set():
            raise Cancelled()

    def set_progress(self, fraction: float, message: str = "") -> None:
        self.progress = min(max(fraction, 0.0), 1.0)
        self.message = message
        if self._on_progress is not None:
            self._on_progress(self.progress, message)
