"""A model's input signature: what each applicant field is, and the rules a value must meet.

The specs come from the bundle (`MLmodel` signature + `metadata.pad_desktop.features`). One
applicant (`validate`) and a whole frame (`validate_frame`) are read with the same table of value
rules (`values.read_cell`), cell by cell, and their errors are worded once (`messages`), so an
officer reads the same verdict and sentence wherever the value came from.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from pad_desktop.locale_text import LANGUAGES, format_amount, normalize, unit_label, yes_no
from pad_desktop.messages import field_message
from pad_desktop.texts import Localized, Worded
from pad_desktop.values import FLOAT32_MAX, POINT, TRUE_WORDS, Rule, encode, read_cell, read_column

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["TRUE_WORDS", "Kind", "Rule", "Signature"]


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
            return "manquant" if normalize(lang) == "fr" else "missing"
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

    def message(self, rule: Rule, text: str = "", lang: str = "en") -> str:
        """The sentence an officer reads when the cell `text` breaks `rule` for this field."""
        return field_message(self, rule, text, lang)


@dataclass(frozen=True)
class FieldError:
    """A broken rule: which field, which value, and the sentence for the officer."""

    field: str
    value: Any
    rule: Rule
    message: str


class ApplicantError(ValueError):
    """An applicant that cannot be scored; `errors` lists every broken rule."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__(" ".join(e.message for e in errors))


class AmbiguousColumns(Worded, ValueError):
    """Two columns of a file name the same field (its name and its label, say)."""

    def __init__(self, first: str, second: str, spec: FieldSpec) -> None:
        label = Localized.of(**{lang: spec.label_in(lang) for lang in LANGUAGES})
        super().__init__("file.ambiguous_columns", first=first, second=second, label=label)


@dataclass
class FrameValidation:
    """A validated frame: the encoded matrix of valid rows and one entry per broken rule."""

    matrix: np.ndarray  # float32 [n_valid, F], model input order
    valid: np.ndarray  # bool [n_rows]
    errors: pd.DataFrame  # index (position in the frame), field, value, rule, message


@dataclass(frozen=True)
class Signature:
    """The ordered input fields of a model."""

    fields: tuple[FieldSpec, ...]
    example: dict[str, Any] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def __getitem__(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    # -- one applicant ----------------------------------------------------------------------
    def validate(
        self, values: dict[str, Any], decimal: str = POINT, lang: str = "en"
    ) -> dict[str, Any]:
        """Read one applicant with the value table; return clean values (every field, None when
        empty) or raise `ApplicantError` listing every broken rule. Other keys are ignored."""
        clean: dict[str, Any] = {}
        errors: list[FieldError] = []
        for spec in self.fields:
            verdict = read_cell(spec, values.get(spec.name), decimal)
            if verdict.rule is None:
                clean[spec.name] = verdict.value
            else:
                message = spec.message(verdict.rule, verdict.text, lang)
                errors.append(FieldError(spec.name, verdict.text, verdict.rule, message))
        if errors:
            raise ApplicantError(errors)
        return clean

    def encode_row(self, clean: dict[str, Any]) -> np.ndarray:
        """Validated values -> the model's float32 input row [1, F]."""
        import numpy as np

        row = [encode(spec, clean.get(spec.name)) for spec in self.fields]
        return np.asarray([row], dtype=np.float32)

    # -- a whole frame ----------------------------------------------------------------------
    def validate_frame(
        self, frame: pd.DataFrame, decimal: str = POINT, lang: str = "en"
    ) -> FrameValidation:
        """Read and encode every row of a frame of raw cells (texts from a CSV, or JSON values)
        with the same value table as `validate`, cell by cell.

        Columns missing from the frame read as empty (see `missing_columns`).
        """
        import numpy as np
        import pandas as pd

        n = len(frame)
        matrix = np.empty((n, len(self.fields)), dtype=np.float32)
        bad = np.zeros(n, dtype=bool)
        problems: list[pd.DataFrame] = []
        present = set(getattr(frame, "column_names", frame.columns))  # a pandas or Arrow table
        for j, spec in enumerate(self.fields):
            cells = frame[spec.name] if spec.name in present else [None] * n
            reading = read_column(spec, cells, decimal)
            matrix[:, j] = reading.encoded
            if reading.rules:
                bad |= reading.failed
                keys = list(zip(reading.rules, reading.texts, strict=True))
                messages = {k: spec.message(k[0], k[1], lang) for k in set(keys)}
                problems.append(
                    pd.DataFrame(
                        {
                            "index": np.flatnonzero(reading.failed),
                            "order": j,
                            "field": spec.name,
                            "value": reading.texts,
                            "rule": [str(r) for r in reading.rules],
                            "message": [messages[k] for k in keys],
                        }
                    )
                )
        columns = ["index", "field", "value", "rule", "message"]
        errors = (
            pd.concat(problems, ignore_index=True)
            .sort_values(["index", "order"], kind="stable")[columns]
            .reset_index(drop=True)
            if problems
            else pd.DataFrame({c: [] for c in columns}).astype({"index": np.int64})
        )
        return FrameValidation(matrix[~bad], ~bad, errors)

    def match_columns(self, header: list[str]) -> dict[str, str]:
        """Field name -> the column of `header` that holds it: a column named as the field, or
        as the form labels it in English or French (case, accents, spaces and punctuation
        forgiven). Two different columns naming one field raise `AmbiguousColumns`; a column
        named twice exactly is the reader's to refuse (`batch.check_duplicates`)."""
        by_key: dict[str, str] = {}
        for spec in self.fields:  # every field's own name first: it wins over a label
            by_key.setdefault(header_key(spec.name), spec.name)
        for spec in self.fields:
            for spelling in spec.header_spellings()[1:]:
                by_key.setdefault(header_key(spelling), spec.name)
        found: dict[str, str] = {}
        for column in header:
            name = by_key.get(header_key(column))
            if name is None:
                continue
            if name in found and found[name] != column:
                raise AmbiguousColumns(found[name], column, self[name])
            found.setdefault(name, column)
        return {name: found[name] for name in self.names if name in found}

    def missing_columns(self, columns: list[str]) -> list[str]:
        """The required fields no column of `columns` holds (see `match_columns`)."""
        present = self.match_columns(columns)
        return [f.name for f in self.fields if f.required and f.name not in present]

    def json_schema(self) -> dict[str, Any]:
        """The JSON schema of one applicant (the API documents it): typed values, with the
        ranges the value table enforces. Texts are read too, like a CSV cell, but the schema
        promises only the typed form."""
        properties = {spec.name: _field_schema(spec) for spec in self.fields}
        schema: dict[str, Any] = {
            "title": "Applicant",
            "type": "object",
            "properties": properties,
            "required": [f.name for f in self.fields if f.required],
        }
        if self.example:
            schema["examples"] = [self.example]
        return schema


def _field_schema(spec: FieldSpec) -> dict[str, Any]:
    info: dict[str, Any] = {"title": spec.label}
    if spec.help or spec.description:
        info["description"] = spec.help or spec.description
    if spec.kind is Kind.CATEGORY:
        typed: dict[str, Any] = {"type": "string", "enum": list(spec.categories)}
    elif spec.kind is Kind.BOOLEAN:
        typed = {"type": "boolean"}
    else:
        typed = {
            "type": "integer" if spec.kind is Kind.INTEGER else "number",
            "minimum": -FLOAT32_MAX if spec.minimum is None else spec.minimum,
            "maximum": FLOAT32_MAX if spec.maximum is None else spec.maximum,
        }
    if not spec.required:
        return {**info, "anyOf": [typed, {"type": "null"}]}
    return {**info, **typed}
