"""How the model update's sentences are filled: the wording is the catalogue's `hub` area.

A `HubError` carries a key of that area and the values of its blanks, and words itself in
the reader's language when shown (`HubError.text(lang)`): the window's language in the dialog,
the run's in the CLI, the request's `Accept-Language` in the API. `str(exc)` stays English, for
logs and scripts. Numbers in the blanks are written as the language writes them
(`locale_text`); a blank may hold a `Phrase` (a sentence part of this table, such as the reason
a connection failed), worded in the same language. Text that comes from elsewhere (a library's
exception message, a repository name) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pad_desktop.texts import known, template
from pad_desktop.texts.hub import TEXTS
from pad_desktop.texts.locale_text import format_number, normalize

HUB_TEXTS = TEXTS  # the catalogue's `hub` area, by its old name


@dataclass(frozen=True)
class Number:
    """A number to write with exactly `decimals` places (None: `format_number`'s default);
    `spec`: as that format spec writes it ("g": "1e+06", a signature's bounds), with the
    language's decimal mark."""

    value: float
    decimals: int | None = None
    spec: str | None = None


@dataclass(frozen=True)
class Joined:
    """Several values (phrases, texts) in a row, each worded in the reader's language."""

    items: tuple[Any, ...]
    separator: str = "; "


@dataclass(frozen=True)
class Phrase:
    """A sentence (or part of one) of `HUB_TEXTS`, worded when it is shown."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return hub_text(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.text()


def phrase(key: str, **values: Any) -> Phrase:
    if key not in HUB_TEXTS:
        raise KeyError(f"no Hub sentence {key!r}")  # a typo at a raise site, caught by tests
    return Phrase(key, values)


def metric_label(key: str, lang: str = "en") -> str:
    """A training metric's name for people (`test_auc`: "AUC (test)"); others as named."""
    return hub_text(f"metric_{key}", lang) if known(f"hub.metric_{key}") else key


def hub_text(key: str, lang: str = "en", **values: Any) -> str:
    """The Hub sentence `key` in `lang`, its blanks filled with `values` worded in `lang`; a
    URL's password (an `HF_ENDPOINT` of `https://user:password@host`, a library's message
    quoting it) never shows."""
    from pad_desktop.runtime.secrets import redact_urls

    lang = normalize(lang)
    text = template(f"hub.{key}", lang).format(**{k: _word(v, lang) for k, v in values.items()})
    return redact_urls(text)


def _word(value: Any, lang: str) -> str:
    if isinstance(value, Phrase):
        return value.text(lang)
    if callable(getattr(value, "text", None)):  # a sentence of the core (a bundle's fault)
        return value.text(lang)
    if isinstance(value, Number) and value.spec:
        text = format(value.value, value.spec)
        return text.replace(".", ",") if lang == "fr" else text
    if isinstance(value, Number):
        return format_number(value.value, lang, value.decimals)
    if isinstance(value, Joined):
        return value.separator.join(_word(item, lang) for item in value.items)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_number(value, lang)
    return str(value)
