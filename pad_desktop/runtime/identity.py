"""Who decides: a module of its own so the window can name the officer before the decision
service (and SQLAlchemy behind it) is imported."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pad_desktop.runtime.settings import Settings


@dataclass(frozen=True)
class Identity:
    """Who decides: the OS account always, the display name from Preferences beside it."""

    os_account: str
    workstation: str
    display_name: str = ""

    @property
    def officer(self) -> str:
        return self.display_name.strip() or self.os_account

    @classmethod
    def from_settings(cls, settings: Settings) -> Identity:
        return cls(settings.os_account, settings.workstation, settings.officer_name)
