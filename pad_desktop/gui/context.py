"""What every tab shares: the worker runner and the window's one decision service."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pad_desktop.gui.workers import TaskRunner

if TYPE_CHECKING:
    from pad_desktop.active import ActiveModel
    from pad_desktop.decision_service import DecisionService
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.gui.jobs import ModelInfo
    from pad_desktop.scoring import Scorer


@dataclass
class Workstation:
    """Mutable on purpose: the main window sets the service (once the model is loaded) and the
    service's log (None while it is closed or reopening); tabs read them here."""

    runner: TaskRunner
    service: DecisionService | None = None
    model_info: ModelInfo | None = None
    # sha256 -> "name version" of every model loaded in this session (History names them).
    model_names: dict[str, str] = field(default_factory=dict)

    @property
    def active_model(self) -> ActiveModel | None:
        return None if self.service is None else self.service.active

    @property
    def scorer(self) -> Scorer | None:
        return None if self.service is None else self.service.scorer

    @property
    def log(self) -> DecisionLog | None:
        return None if self.service is None else self.service.log
