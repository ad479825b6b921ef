"""The model loop's sentences, worded from the catalogue's `monitoring` area."""

from __future__ import annotations

from typing import Any

from pad_desktop.texts import Worded
from pad_desktop.texts import text as _catalogue_text


def text(key: str, lang: str = "en", **values: Any) -> str:
    """The sentence `monitoring.<key>` in `lang` (English for any other language)."""
    return _catalogue_text(f"monitoring.{key}", lang, **values)


class MonitoringError(Worded):
    """A model-loop operation refused, worded in either language by `describe`."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(f"monitoring.{key}", **values)
