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
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pad_desktop.records import ShadowScore

if TYPE_CHECKING:
    import pandas as pd

    from pad_desktop.decisions import DecisionLog
    from pad_desktop.scoring import Scorer

log = logging.getLogger(__name__)
CHALLENGER_FILE = "challenger.json"
_STOP = object()


def _config_path() -> Path:
    from pad_desktop.paths import user_data_dir

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
    from pad_desktop.scoring import Scorer

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
        self._thread = threading.Thread(target=self._run, name="pad-shadow", daemon=True)
        self._thread.start()

    def submit(self, ids: Sequence[uuid.UUID | str], inputs: pd.DataFrame | list[dict]) -> None:
        """Decisions already recorded: their ids and canonical inputs (a frame or dicts)."""
        if len(ids):
            self._queue.put((list(ids), inputs))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is _STOP:
                    return
                self._score(*item)
            except Exception:  # the challenger's failure is never a decision's
                self.failures += 1
                log.exception("the challenger could not score %d decision(s)", len(item[0]))
            finally:
                self._queue.task_done()

    def _score(self, ids: list, inputs: pd.DataFrame | list[dict]) -> None:
        import numpy as np
        import pandas as pd

        frame = inputs if isinstance(inputs, pd.DataFrame) else pd.DataFrame.from_records(inputs)
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
            self._queue.put(_STOP)
            self._thread.join()


def shadow_scorer(decision_log: DecisionLog | None) -> ShadowScorer | None:
    """A shadow scorer for the configured challenger, or None (none set, or no log). A
    challenger that no longer loads is logged and left out: decisions go on without it."""
    from pad_desktop.bundle import BundleError
    from pad_desktop.scoring import Scorer

    folder = challenger_path()
    if folder is None or decision_log is None:
        return None
    try:
        return ShadowScorer(Scorer.from_path(str(folder), threads=1), decision_log)
    except BundleError as exc:
        log.warning("the challenger %s is left out: %s", folder, exc)
        return None
