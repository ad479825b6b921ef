"""What one API worker holds: the active model, the decision log and its group-commit writer.

Every request takes `service.scorer` once and uses that scorer to the end, so a model swap
(`/reload_model`, or another worker having switched the active bundle) never changes the model
under a request in flight.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from pad_desktop.api.config import ApiConfig
from pad_desktop.decisions import DecisionLog
from pad_desktop.model.active import ActiveModel, active_bundle_path
from pad_desktop.model.scoring import Scorer
from pad_desktop.runtime.settings import get_settings
from pad_desktop.service.decision_service import DecisionService, Identity

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reloaded:
    previous: Scorer
    current: Scorer

    @property
    def changed(self) -> bool:
        return self.previous.bundle.sha256 != self.current.bundle.sha256


WRITER_IN_CHILD = sys.platform != "win32"


class ApiService:
    """The scoring state of one worker process: the core decision service, and its log."""

    def __init__(self, config: ApiConfig) -> None:
        settings = get_settings()
        self.config = config
        active = ActiveModel(config.model_path, threads=config.onnx_threads)
        _ = active.scorer.bundle.sha256  # hash the bundle now, not in the first request
        # The decisions are written, and the outbox delivered, by the group-commit writer's
        # child process: this one's GIL is the event loop's. On Windows the event loop cannot
        # watch a pipe: a thread of this process writes, as the desktop's does.
        in_child = WRITER_IN_CHILD
        self.log = DecisionLog.open(config.database_url, workers=0 if in_child else 2)
        identity = Identity.from_settings(settings)
        self.decisions = DecisionService(active, self.log, identity, settings)
        self.writer = self.decisions.group_writer(in_child=in_child)
        self._reload_lock = threading.Lock()

    @property
    def active(self) -> ActiveModel:
        return self.decisions.active

    @property
    def scorer(self) -> Scorer:
        return self.decisions.scorer

    # -- model swaps (blocking: call from a thread) -------------------------------------------
    def reload(self, record_event: bool = True) -> Reloaded:
        """Re-resolve the active bundle and swap to it; in-flight requests keep their scorer."""
        with self._reload_lock:
            previous = self.scorer
            if record_event:
                current = self.decisions.switch_model(self.config.model_path)
            else:
                current = self.active.swap(self.config.model_path)
            _ = current.bundle.sha256
            return Reloaded(previous, current)

    def pull_from_hub(self, revision: str | None = None) -> None:
        """Fetch, verify and install the Hub's bundle at `revision`, then switch to it
        (the hub module records the install event); raises `HubError` and keeps the model."""
        from pad_desktop.hub import (
            check_for_update,
            hub_config,
            install_candidate,
            installed_version,
            use_version,
        )

        with self._reload_lock:
            candidate = check_for_update(hub_config(revision=revision), self.active)
            if installed_version(candidate) is not None:
                use_version(candidate.folder_name, active_model=self.active, log=self.log)
            else:
                install_candidate(candidate, active_model=self.active, log=self.log)

    def active_changed(self) -> bool:
        """Whether the active bundle now resolves to another folder than the one in use."""
        wanted = active_bundle_path(self.config.model_path)
        return _resolved(wanted) != _resolved(self.scorer.bundle.path)

    async def watch_active_model(self) -> None:
        """Follow switches made by another worker or replica of this machine (`/reload_model`
        reaches one worker only; the model store's pointer is shared by all of them)."""
        while True:
            await asyncio.sleep(self.config.watch_seconds)
            try:
                if await asyncio.to_thread(self.active_changed):
                    reloaded = await asyncio.to_thread(self.reload, False)
                    log.info("switched to model %s", reloaded.current.bundle.short())
            except Exception:  # a half-written bundle: keep serving, try again next time
                log.exception("could not follow the active model")

    def close(self) -> None:
        """Write the queued decisions, then deliver what the log can within its timeout."""
        self.decisions.close()
        self.log.close()


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path
