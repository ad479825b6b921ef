"""How drift's sentences are filled: the wording is the catalogue's `drift` area (the headline,
the PSI bands, the sources, the steps of a run and why a report cannot be made). Evidently's own
report text stays English (it is Evidently's); the input names in it follow the officer's
language (`report`)."""

from __future__ import annotations

from pad_desktop.texts import known
from pad_desktop.texts import text as say


def drift_text(key: str, lang: str = "en", **values: object) -> str:
    """The drift sentence `key` in `lang`, its blanks filled with `values`."""
    return say(f"drift.{key}", lang, **values)


def band_name(band: str | None, lang: str = "en") -> str:
    if band is None:
        return ""
    return say(f"drift.band_{band}", lang) if known(f"drift.band_{band}") else band


def source_names(sources: tuple[str, ...] | list[str], lang: str = "en") -> str:
    names = [
        say(f"drift.source_{s}", lang) if known(f"drift.source_{s}") else str(s) for s in sources
    ]
    return ", ".join(names) or drift_text("every_source", lang)
