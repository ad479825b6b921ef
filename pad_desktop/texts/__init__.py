"""One catalogue of what pad_desktop says to people, in English and French.

Each area words its sentences in one module shaped exactly
`TEXTS: dict[str, dict[str, str]] = {"key": {"en": "...", "fr": "..."}}` (`str.format` blanks),
registered in `AREAS` under a prefix: its keys read "prefix.key" and never collide with another
area's. Registering a new area is one line of `AREAS`.

`text(key, lang, **values)` words one sentence. An error a user can meet carries its key and the
values of its blanks (`Worded`, or `.key` / `.values` as `HubError` does) and `describe(exc,
lang)` words it, for the window, the command line and the API alike; `str(exc)` stays English
(logs, scripts). A blank may hold a `Phrase` (another sentence of the catalogue) or a `Localized`
text (one spelling per language, such as a field's label), worded in the same language; a float
is written as the language writes numbers ("3,0" in French).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pad_desktop.texts.locale_text import LANGUAGES, format_number, normalize

# prefix -> module holding that area's `TEXTS` (one line per area).
AREAS: dict[str, str] = {
    "value": "pad_desktop.texts.value",
    "file": "pad_desktop.texts.file",
    "api": "pad_desktop.texts.api",
    "notice": "pad_desktop.texts.notice",
    "bundle": "pad_desktop.texts.bundle",
    "log": "pad_desktop.texts.log",
    "settings": "pad_desktop.texts.settings",
    "hub": "pad_desktop.texts.hub",
    "drift": "pad_desktop.texts.drift",
    "cli": "pad_desktop.texts.cli",
    "monitoring": "pad_desktop.texts.monitoring",
    "window": "pad_desktop.texts.window",
    "policy": "pad_desktop.texts.policy",
    "export": "pad_desktop.texts.export",
    "explain": "pad_desktop.texts.explain",
    "privacy": "pad_desktop.texts.privacy",
    "oversight": "pad_desktop.texts.oversight",
    "cluster": "pad_desktop.texts.cluster",
}


@cache
def area(prefix: str) -> Mapping[str, Mapping[str, str]]:
    """The `TEXTS` of the area registered under `prefix`."""
    return importlib.import_module(AREAS[prefix]).TEXTS


def catalogue() -> dict[str, Mapping[str, str]]:
    """Every sentence of every area, by its full key ("file.width")."""
    return {f"{p}.{k}": v for p in AREAS for k, v in area(p).items()}


def known(key: str) -> bool:
    prefix, _, name = key.partition(".")
    return prefix in AREAS and name in area(prefix)


def template(key: str, lang: str = "en") -> str:
    """The unfilled sentence `key` in `lang` ("en" or "fr"; others fall back to English)."""
    prefix, _, name = key.partition(".")
    try:
        return area(prefix)[name][normalize(lang)]
    except KeyError:
        raise KeyError(f"no sentence {key!r} in the catalogue") from None


def text(key: str, lang: str = "en", /, **values: Any) -> str:
    """The sentence `key` in `lang`, its blanks filled with `values` worded in `lang`."""
    lang = normalize(lang)
    return template(key, lang).format(**{k: word(v, lang) for k, v in values.items()})


def word(value: Any, lang: str) -> Any:
    """A blank's value as `lang` writes it: a phrase or a localized text in `lang`, a float with
    the language's decimal mark; whole numbers stay plain digits (line numbers, byte limits)."""
    if callable(getattr(value, "text", None)):
        return value.text(lang)
    if isinstance(value, float):
        return format_number(value, lang)
    return value


@dataclass(frozen=True)
class Phrase:
    """A sentence (or part of one) of the catalogue, worded when it is shown."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return text(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Localized:
    """A text with one spelling per language (a field's label): `{"en": ..., "fr": ...}`."""

    spellings: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, **spellings: str) -> Localized:
        return cls(tuple(spellings.items()))

    def text(self, lang: str = "en") -> str:
        found = dict(self.spellings)
        return found.get(normalize(lang)) or found.get("en", "")

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Listed:
    """Several values in a row (phrases, localized texts), each worded in the reader's language."""

    items: tuple[Any, ...]
    separators: tuple[tuple[str, str], ...] = (("en", ", "), ("fr", ", "))

    def text(self, lang: str = "en") -> str:
        lang = normalize(lang)
        return dict(self.separators)[lang].join(str(word(i, lang)) for i in self.items)


class Worded(Exception):
    """An error a user can meet: a catalogue key and the values of its blanks.

    `str(exc)` is the English sentence; `exc.text(lang)` (or `describe(exc, lang)`) words it in
    the reader's language."""

    def __init__(self, key: str, /, **values: Any) -> None:
        self.key, self.values = key, values
        super().__init__(text(key, "en", **values))

    def text(self, lang: str = "en") -> str:
        return text(self.key, lang, **self.values)

    def __reduce__(self) -> Any:  # carried over a pipe (the batch process) with its key
        return (_rebuild, (type(self), self.key, self.values), self.__dict__.copy())


def _rebuild(kind: type[Worded], key: str, values: dict[str, Any]) -> Worded:
    exc = kind.__new__(kind)
    Worded.__init__(exc, key, **values)
    return exc


def describe(exc: BaseException, lang: str = "en") -> str:
    """The sentence for the person who met `exc`, in `lang`: a keyed error worded from the
    catalogue (or by its own `text(lang)`); any other exception's own message.

    A key may be the area's own ("no_version") when the error's package is the one its area's
    module lives in (an area registered from `pad_desktop/<area>/texts.py` words the errors of
    `pad_desktop/<area>/` without a prefix)."""
    wording = getattr(exc, "text", None)
    if callable(wording):
        return wording(normalize(lang))
    key = getattr(exc, "key", None)
    values = getattr(exc, "values", None) or {}
    if isinstance(key, str) and not known(key):
        key = next((f"{p}.{key}" for p in _areas_of(exc) if known(f"{p}.{key}")), key)
    if isinstance(key, str) and known(key):
        return text(key, lang, **values)
    return str(exc)


def _areas_of(exc: BaseException) -> list[str]:
    """The areas whose module sits in the package that raised `exc`."""
    package = type(exc).__module__.rpartition(".")[0]
    return [p for p, module in AREAS.items() if module.rpartition(".")[0] == package]


__all__ = [
    "AREAS",
    "LANGUAGES",
    "Listed",
    "Localized",
    "Phrase",
    "Worded",
    "area",
    "catalogue",
    "describe",
    "known",
    "template",
    "text",
]
