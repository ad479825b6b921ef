"""What every tab shares: the core workstation (model, log, settings, the one decision service)
and the window's one worker runner, which runs the workstation's blocking steps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pad_desktop.service import workstation

if TYPE_CHECKING:
    from pad_desktop.gui.workers import TaskRunner
    from pad_desktop.runtime.settings import Settings


class Workstation(workstation.Workstation):
    """The core workstation with the runner the tabs start their tasks on."""

    def __init__(self, runner: TaskRunner, settings: Settings) -> None:
        super().__init__(settings)
        self.runner = runner
