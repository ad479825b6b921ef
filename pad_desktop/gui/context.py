"""What every tab shares: the worker runner, the model in use, the decision log, the officer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pad_desktop.gui.workers import TaskRunner

if TYPE_CHECKING:
    from pad_desktop.active import ActiveModel
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.gui.jobs import ModelInfo
    from pad_desktop.scoring import Scorer


@dataclass
class Workstation:
    """Mutable on purpose: the main window replaces the log or the model and tabs read it here."""

    runner: TaskRunner
    officer: str
    workstation: str
    active_model: ActiveModel | None = None
    model_info: ModelInfo | None = None
    log: DecisionLog | None = None

    @property
    def scorer(self) -> Scorer | None:
        return None if self.active_model is None else self.active_model.scorer
