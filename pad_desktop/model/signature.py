"""A model's input signature: what each applicant field is, and the rules a value must meet.

The specs come from the bundle (`MLmodel` signature + `metadata.pad_desktop.features`). One
applicant (`validate`) and a whole frame (`validate_frame`) are read with the same table of value
rules (`values.read_cell`), cell by cell, and their errors are worded once (`messages`), so an
officer reads the same verdict and sentence wherever the value came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pad_desktop.cells.field_specs import FieldSpec, Kind, header_key
from pad_desktop.cells.messages import field_message
from pad_desktop.cells.values import (
    FLOAT32_MAX,
    POINT,
    SLOW,
    Rule,
    encode,
    quick_value,
    read_cell,
    read_column,
)
from pad_desktop.texts import Localized, Worded
from pad_desktop.texts.locale_text import LANGUAGES

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["AmbiguousColumns", "ApplicantError", "FieldError", "FrameValidation", "Signature"]


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

    @staticmethod
    def no_errors() -> pd.DataFrame:
        """The errors of a frame without any (a copy of a frame built once)."""
        return _no_errors()


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
        quick = decimal == POINT
        for spec in self.fields:
            raw = values.get(spec.name)
            if quick:  # the usual JSON cell, read without its text (same value)
                value = quick_value(spec, raw)
                if value is not SLOW:
                    clean[spec.name] = value
                    continue
            verdict = read_cell(spec, raw, decimal)
            if verdict.rule is None:
                clean[spec.name] = verdict.value
            else:
                message = field_message(spec, verdict.rule, verdict.text, lang)
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
                messages = {k: field_message(spec, k[0], k[1], lang) for k in set(keys)}
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
            else _no_errors()
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


_NO_ERRORS: list[pd.DataFrame] = []


def _no_errors() -> pd.DataFrame:
    """An empty errors frame (index, field, value, rule, message): a copy of one built once,
    as building it costs more than the rest of a clean chunk's bookkeeping."""
    import numpy as np
    import pandas as pd

    if not _NO_ERRORS:
        columns = ["index", "field", "value", "rule", "message"]
        _NO_ERRORS.append(pd.DataFrame({c: [] for c in columns}).astype({"index": np.int64}))
    return _NO_ERRORS[0].copy()


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
