"""Which model bundle is in use.

Order: `--model`, then `PAD_MODEL`, then the local model store's active one, then the shipped one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pad_desktop.runtime.paths import default_bundle_dir, user_data_dir

if TYPE_CHECKING:
    from pad_desktop.model.scoring import Scorer


def store_dir() -> Path:
    """The versioned local model store (one folder per installed bundle)."""
    return user_data_dir() / "models"


def active_pointer() -> Path:
    """A text file naming the active folder of the store; absent means the shipped model."""
    return store_dir() / "ACTIVE"


def active_bundle_path(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from pad_desktop.runtime.settings import get_settings

    configured = get_settings().model_path
    if configured:
        return Path(configured).expanduser()
    pointer = active_pointer()
    if pointer.exists():
        name = pointer.read_text(encoding="utf-8").strip()
        if name and (store_dir() / name / "MLmodel").exists():
            return store_dir() / name
    return default_bundle_dir()


class ActiveModel:
    """The scorer in use, swappable without a restart (GUI and API share this shape).

    A swap builds the new scorer completely before it replaces the reference, so a caller that
    took `scorer` keeps a working one (a running batch finishes on the model it started with).
    """

    def __init__(
        self,
        path: str | Path | None = None,
        threads: int = 0,
        *,
        check: bool = True,
        mlmodel_cache: Path | None = None,
    ) -> None:
        """`check=False`: the first scorer's bundle check is left to `scorer.verify()` (the
        window's start runs it once the form is shown); nothing scores before it has passed.
        `mlmodel_cache`: see `bundle.read_mlmodel` (the first scorer only)."""
        from pad_desktop.model.scoring import Scorer

        self._threads = threads
        self._lock = threading.Lock()
        self._listeners: list[Callable[[Scorer], None]] = []
        self._scorer = Scorer.from_path(
            str(active_bundle_path(path)), threads, check=check, mlmodel_cache=mlmodel_cache
        )

    @classmethod
    def of(cls, scorer: Scorer, threads: int = 0) -> ActiveModel:
        """An active model that starts with an already loaded `scorer`."""
        active = cls.__new__(cls)
        active._threads = threads
        active._lock = threading.Lock()
        active._listeners = []
        active._scorer = scorer
        return active

    @property
    def scorer(self) -> Scorer:
        return self._scorer

    def subscribe(self, listener: Callable[[Scorer], None]) -> None:
        """Call `listener(new_scorer)` after every swap (from the thread that swapped)."""
        self._listeners.append(listener)

    def swap(self, path: str | Path | None = None) -> Scorer:
        """Load `path` (default: the active bundle, re-resolved) and make it current."""
        from pad_desktop.model.scoring import Scorer

        scorer = Scorer.from_path(str(active_bundle_path(path)), self._threads)
        with self._lock:
            self._scorer = scorer
        for listener in list(self._listeners):
            listener(scorer)
        return scorer
