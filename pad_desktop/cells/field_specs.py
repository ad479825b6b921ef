"""What one applicant field is, as the model bundle describes it: its kind, bounds, categories
and labels in English and French.

The bottom of the path of a decision: the value rules (`values`) read a cell against a
`FieldSpec`, the signature (`signature`) orders them, the messages (`messages`) name them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

from pad_desktop.texts import text
from pad_desktop.texts.locale_text import LANGUAGES, format_amount, normalize, unit_label, yes_no


class Kind(StrEnum):
    NUMBER = "number"
    INTEGER = "integer"
    CATEGORY = "category"
    BOOLEAN = "boolean"


# MLflow column types -> our kinds.
MLFLOW_KINDS = {
    "double": Kind.NUMBER,
    "float": Kind.NUMBER,
    "long": Kind.INTEGER,
    "integer": Kind.INTEGER,
    "boolean": Kind.BOOLEAN,
    "string": Kind.CATEGORY,
}


PLAIN_NUMBER = re.compile(r"-?\d{1,15}(\.\d{1,15})?")


def header_key(text: str) -> str:
    """A column name as a header matches it: case, accents, spaces and punctuation forgiven
    ("Durée du crédit (mois)" and "DUREE_DU_CREDIT_MOIS" read the same)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


@dataclass(frozen=True)
class FieldSpec:
    """One applicant field as the model expects it."""

    name: str
    kind: Kind
    description: str = ""
    description_fr: str = ""
    unit: str = ""
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    categories: tuple[str, ...] = ()
    codes: tuple[float, ...] = ()  # the encoded value of each category, same order
    required: bool = True
    # French display texts from the bundle; "" where it has none (English is shown instead).
    categories_fr: tuple[str, ...] = ()  # same order as `categories`
    help_fr: str = ""

    @property
    def label(self) -> str:
        return self.description or self.name

    def label_in(self, lang: str = "en") -> str:
        """The field's name for an officer in `lang` (English when the bundle has no French)."""
        french = normalize(lang) == "fr" and self.description_fr
        return self.description_fr if french else self.label

    def header_spellings(self) -> list[str]:
        """The column names a file may give this field: its name, and its label in each
        language, alone or followed by its unit ("Durée du crédit (mois)")."""
        spellings = [self.name]
        for lang in LANGUAGES:
            label = self.label_in(lang)
            spellings.append(label)
            if self.unit:
                spellings.append(f"{label} {unit_label(self.unit, lang)}")
        return spellings

    def help_in(self, lang: str = "en") -> str:
        return self.help_fr if normalize(lang) == "fr" and self.help_fr else self.help

    @cached_property
    def _french(self) -> dict[str, str]:
        return {c: fr for c, fr in zip(self.categories, self.categories_fr, strict=False) if fr}

    def category_label(self, category: str, lang: str = "en") -> str:
        """A category (the model's accepted value, in English) as `lang` shows it."""
        return self._french.get(category, category) if normalize(lang) == "fr" else category

    def category_labels(self, lang: str = "en") -> list[str]:
        """Every category as `lang` shows it, in the bundle's order (a drop-down's items)."""
        return [self.category_label(c, lang) for c in self.categories]

    @cached_property
    def input_aliases(self) -> dict[str, str]:
        """Casefolded French label -> category, for labels typed as input. A French label is
        accepted only if no other category (English or French) reads the same casefolded, so
        it can never change which category an English text means."""
        english = {c.casefold() for c in self.categories}
        seen: dict[str, list[str]] = {}
        for category, french in self._french.items():
            seen.setdefault(french.casefold(), []).append(category)
        return {k: v[0] for k, v in seen.items() if len(v) == 1 and k not in english}

    @cached_property
    def code_map(self) -> dict[str, float]:
        return dict(zip(self.categories, self.codes, strict=True))

    @cached_property
    def label_map(self) -> dict[float, str]:
        """Encoded value (as the float32 the model sees) -> category label."""
        import numpy as np

        pairs = zip(self.categories, self.codes, strict=True)
        return {float(np.float32(code)): cat for cat, code in pairs}

    def display_encoded(self, encoded: float, lang: str = "en") -> str:
        """An encoded model input shown in the officer's terms."""
        if not math.isfinite(encoded):
            return text("value.shown_missing", lang)
        if self.kind is Kind.CATEGORY:
            category = self.label_map.get(float(encoded))
            return "?" if category is None else self.category_label(category, lang)
        return self.display(int(encoded) if self.kind is Kind.INTEGER else float(encoded), lang)

    def display(self, value: Any, lang: str = "en") -> str:
        """A value in the officer's terms and language: category labels, yes/no, numbers in
        the locale's writing with their unit ("1,169 DM" / "1 169 DM")."""
        if self.kind is Kind.BOOLEAN:
            return yes_no(bool(value), lang)
        if self.kind in (Kind.NUMBER, Kind.INTEGER) and isinstance(value, str):
            # A logged cell as the file had it ("4576"): shown as a number only when it reads
            # one way in every dialect; anything else ("1,234") is shown as it was written.
            plain = value.strip()
            if PLAIN_NUMBER.fullmatch(plain):
                value = float(plain) if "." in plain else int(plain)
        if self.kind in (Kind.NUMBER, Kind.INTEGER) and isinstance(value, int | float):
            return format_amount(value, self.unit, lang)
        if self.kind is Kind.CATEGORY and isinstance(value, str):
            return self.category_label(value, lang)
        return str(value)
