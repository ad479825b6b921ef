"""The lending policy's sentences, worded from the catalogue's `policy` area.

A `PolicyError` carries a key of that area and the values of its blanks and is worded in the
reader's language by `describe` (or `text(lang)`); `str(exc)` stays English, for logs and
scripts.
"""

from __future__ import annotations

from typing import Any

from pad_desktop.texts import Phrase, Worded, known
from pad_desktop.texts import text as _text


def word(key: str, lang: str = "en", **values: Any) -> str:
    """The sentence `policy.<key>` in `lang` ("fr", else English), its blanks filled."""
    return _text(f"policy.{key}", lang, **values)


class PolicyError(Worded, ValueError):
    """A policy that cannot be used: the sentence `policy.<key>` with `values`."""

    def __init__(self, key: str, **values: Any) -> None:
        expected = values.get("expected")
        if isinstance(expected, str) and known(f"policy.{expected}"):  # a phrase of this area
            values["expected"] = Phrase(f"policy.{expected}", dict(values))
        super().__init__(f"policy.{key}", **values)

    def one_line(self, lang: str = "en") -> str:
        return " ".join(self.text(lang).split())
