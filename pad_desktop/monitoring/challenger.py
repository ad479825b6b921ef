"""The challenger: a candidate model that scores every live decision in the shadow.

`set_challenger(path)` verifies the bundle (it is loaded by the scoring code, as any bundle)
and remembers it in the user data directory; `clear_challenger()` forgets it. A decision
service with a challenger hands each recorded decision's id and canonical inputs to a
`ShadowScorer`: its own thread scores them with the challenger and records the scores beside
the decisions (`shadow_scores`), after the decisions are durable and off the answer's path.
A shadow score is never shown and never a decision.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pad_desktop.decisions.records import ShadowScore

if TYPE_CHECKING:
    import pandas as pd

    from pad_desktop.decisions import DecisionLog
    from pad_desktop.model.scoring import Scorer

log = logging.getLogger(__name__)
CHALLENGER_FILE = "challenger.json"
_STOP = object()
COALESCE_S = 0.25  # how long the shadow thread gathers decisions before scoring them
COALESCE_ROWS = 20_000


def _config_path() -> Path:
    from pad_desktop.runtime.paths import user_data_dir

    return user_data_dir() / CHALLENGER_FILE


def challenger_path() -> Path | None:
    """The challenger's bundle folder, if one is set (and still there)."""
    path = _config_path()
    if not path.is_file():
        return None
    try:
        folder = Path(json.loads(path.read_text(encoding="utf-8"))["path"])
    except (ValueError, KeyError, TypeError, OSError):
        return None
    return folder if (folder / "MLmodel").is_file() else None


def set_challenger(folder: str | Path, threads: int = 1) -> Scorer:
    """Verify the bundle at `folder` (a `BundleError` if it cannot serve) and make it the
    challenger of every decision service started from now on."""
    from pad_desktop.model.scoring import Scorer

    folder = Path(folder).expanduser().resolve()
    scorer = Scorer.from_path(str(folder), threads)
    target = _config_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    body = {"path": str(folder), "model_id": scorer.bundle.id, "sha256": scorer.bundle.sha256}
    target.write_text(json.dumps(body), encoding="utf-8")
    return scorer


def clear_challenger() -> bool:
    """Forget the challenger; False if none was set."""
    path = _config_path()
    if not path.is_file():
        return False
    path.unlink()
    return True


class ShadowScorer:
    """Scores recorded decisions with the challenger on its own thread and records the scores.

    `submit` only queues (the answer never waits for the challenger); `flush` waits until what
    was queued is recorded; `close` flushes, then stops the thread. A failure is logged, never
    raised into a decision."""

    def __init__(self, scorer: Scorer, decision_log: DecisionLog) -> None:
        self.scorer = scorer
        self.log = decision_log
        self.recorded = 0
        self.failures = 0
        self._queue: queue.Queue[Any] = queue.Queue()
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="pad-shadow", daemon=True)
        self._thread.start()

    def submit(self, ids: Sequence[uuid.UUID | str], inputs: pd.DataFrame | list[dict]) -> None:
        """Decisions already recorded: their ids and canonical inputs (a frame or dicts)."""
        if len(ids):
            self._queue.put((list(ids), inputs))

    def _run(self) -> None:
        stop = False
        while not stop:
            batch = [self._queue.get()]
            # Gather what arrives within a short window: one validation, one ONNX run and one
            # write for many decisions keeps the challenger's share of the machine small. It
            # sleeps meanwhile rather than wait on the queue, so that a decision handed over
            # wakes no thread (a wake-up per decision costs the answer a thread switch).
            if batch[-1] is not _STOP and not self._closing:
                time.sleep(COALESCE_S)
            while batch[-1] is not _STOP and sum(len(b[0]) for b in batch) < COALESCE_ROWS:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            if batch[-1] is _STOP:
                stop = True
                batch.pop()
            try:
                if batch:
                    self._score(batch)
            except Exception:  # the challenger's failure is never a decision's
                self.failures += 1
                log.exception("the challenger could not score %d item(s)", len(batch))
            finally:
                for _ in range(len(batch) + stop):
                    self._queue.task_done()

    def _score(self, batch: list[tuple[list, Any]]) -> None:
        import numpy as np
        import pandas as pd

        ids = [i for b in batch for i in b[0]]
        frames: list[pd.DataFrame] = []
        singles: list[dict] = []  # consecutive single decisions: one frame for all of them
        for _, inputs in batch:
            if isinstance(inputs, pd.DataFrame):
                if singles:
                    frames.append(pd.DataFrame.from_records(singles))
                    singles = []
                frames.append(inputs.reset_index(drop=True))
            else:
                singles.extend(inputs)
        if singles:
            frames.append(pd.DataFrame.from_records(singles))
        frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
        checked = self.scorer.signature.validate_frame(frame.reset_index(drop=True))
        rows = np.flatnonzero(checked.valid)
        if not len(rows):
            return
        probs = self.scorer.probabilities(checked.matrix)
        bundle = self.scorer.bundle
        scores = [
            ShadowScore(uuid.UUID(str(ids[r])), bundle.id, bundle.sha256,
                        float(self.scorer.threshold), float(p))
            for r, p in zip(rows, probs, strict=True)
            if np.isfinite(p) and 0.0 <= p <= 1.0
        ]  # fmt: skip
        self.log.record_shadow_scores(scores)
        self.recorded += len(scores)

    def flush(self) -> None:
        self._queue.join()

    def close(self) -> None:
        if self._thread.is_alive():
            self._closing = True
            self._queue.put(_STOP)
            self._thread.join()


def shadow_scorer(decision_log: DecisionLog | None) -> ShadowScorer | None:
    """A shadow scorer for the configured challenger, or None (none set, or no log). A
    challenger that no longer loads is logged and left out: decisions go on without it."""
    from pad_desktop.model.bundle import BundleError
    from pad_desktop.model.scoring import Scorer

    folder = challenger_path()
    if folder is None or decision_log is None:
        return None
    try:
        return ShadowScorer(Scorer.from_path(str(folder), threads=1), decision_log)
    except BundleError as exc:
        log.warning("the challenger %s is left out: %s", folder, exc)
        return None
