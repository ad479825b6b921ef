"""The language of what the command line says (the wording is the catalogue's `cli` area).

The language is `--lang` when given, else `PAD_LANGUAGE`, else the process locale as POSIX
decides it (`LC_ALL`, then `LC_MESSAGES`, then `LANG`): `LANG=fr_FR.UTF-8 pad-desktop drift`
answers in French. Results that scripts parse (paths, ids, hashes, exit codes) do not change
with the language; argparse's own usage lines stay English.
"""

from __future__ import annotations

import os

from pad_desktop.texts import text
from pad_desktop.texts.locale_text import env_language, format_number, format_percent, normalize

_chosen: list[str] = []  # the `--lang` of this run, once parsed


def set_language(lang: str | None) -> None:
    """The run's `--lang` (None: decided by the environment)."""
    _chosen[:] = [normalize(lang)] if lang else []


def language() -> str:
    """The language of this run's messages: `--lang`, `PAD_LANGUAGE`, then the POSIX locale."""
    if _chosen:
        return _chosen[0]
    preferred = os.environ.get("PAD_LANGUAGE", "").strip()
    return normalize(preferred) if preferred else env_language()


def say(key: str, **values: object) -> str:
    """The CLI sentence `key` in the run's language, with `values` filled in."""
    return text(f"cli.{key}", language(), **values)


def number(value: float | int, decimals: int | None = None) -> str:
    """A number for a person, as the run's language writes it."""
    return format_number(value, language(), decimals)


def percent(fraction: float, decimals: int = 0) -> str:
    return format_percent(fraction, language(), decimals)
