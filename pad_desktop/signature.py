"""A model's input signature: what each applicant field is, and the rules a value must meet.

The specs come from the bundle (`MLmodel` signature + `metadata.pad_desktop.features`). From them
we build the pydantic model that validates one applicant (and drives the API's schema) and the
vectorised checks that validate a whole frame; both word their errors with `FieldSpec.message`,
so an officer reads the same sentence wherever the value came from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model


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

TRUE_WORDS = frozenset({"true", "1", "yes", "y", "oui", "vrai", "t"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", "non", "faux", "f"})


class Rule(StrEnum):
    MISSING = "missing"
    NOT_A_NUMBER = "not_a_number"
    NOT_FINITE = "not_finite"
    NOT_WHOLE = "not_whole"
    BELOW_MIN = "below_min"
    ABOVE_MAX = "above_max"
    UNKNOWN_CATEGORY = "unknown_category"
    NOT_BOOLEAN = "not_boolean"


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

    @property
    def label(self) -> str:
        return self.description or self.name

    @cached_property
    def code_map(self) -> dict[str, float]:
        return dict(zip(self.categories, self.codes, strict=True))

    @cached_property
    def label_map(self) -> dict[float, str]:
        """Encoded value (as the float32 the model sees) -> category label."""
        pairs = zip(self.categories, self.codes, strict=True)
        return {float(np.float32(code)): cat for cat, code in pairs}

    def display_encoded(self, encoded: float) -> str:
        """An encoded model input shown in the officer's terms."""
        if not math.isfinite(encoded):
            return "missing"
        if self.kind is Kind.CATEGORY:
            return self.label_map.get(float(encoded), "?")
        return self.display(int(encoded) if self.kind is Kind.INTEGER else float(encoded))

    def display(self, value: Any) -> str:
        """A value in the officer's terms: category labels as they are, numbers with their unit."""
        if self.kind is Kind.BOOLEAN:
            return "yes" if bool(value) else "no"
        if self.kind in (Kind.NUMBER, Kind.INTEGER) and isinstance(value, int | float):
            text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
            return f"{text} {self.unit}".strip()
        return str(value)

    def message(self, rule: Rule, value: Any = None) -> str:
        """The sentence an officer reads when `value` breaks `rule` for this field."""
        shown = (
            "empty"
            if value is None or value == ""
            else repr(value)
            if isinstance(value, str)
            else value
        )
        unit = f" {self.unit}" if self.unit else ""
        match rule:
            case Rule.MISSING:
                return f"{self.label} is required."
            case Rule.NOT_A_NUMBER:
                return f"{self.label}: {shown} is not a number."
            case Rule.NOT_FINITE:
                return f"{self.label}: {shown} is not a finite number."
            case Rule.NOT_WHOLE:
                return f"{self.label}: {shown} must be a whole number."
            case Rule.BELOW_MIN:
                return f"{self.label}: {shown} is below the minimum of {_num(self.minimum)}{unit}."
            case Rule.ABOVE_MAX:
                return f"{self.label}: {shown} is above the maximum of {_num(self.maximum)}{unit}."
            case Rule.UNKNOWN_CATEGORY:
                allowed = "; ".join(f"'{c}'" for c in sorted(self.categories)[:6])
                more = f" (and {len(self.categories) - 6} more)" if len(self.categories) > 6 else ""
                return f"{self.label}: {shown} is not an accepted value. Accepted: {allowed}{more}."
            case Rule.NOT_BOOLEAN:
                return f"{self.label}: {shown} is not yes or no."
        raise ValueError(rule)


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


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


@dataclass
class FrameValidation:
    """A validated frame: the encoded matrix of valid rows and one entry per broken rule."""

    matrix: np.ndarray  # float32 [n_valid, F], model input order
    valid: np.ndarray  # bool [n_rows]
    errors: pd.DataFrame  # columns: index (position in the frame), field, value, message


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
    def pydantic_model(self) -> type[BaseModel]:
        """The pydantic model of one applicant (cached): the API's request schema too."""
        cached = self.__dict__.get("_model")
        if cached is None:
            cached = _build_model(self)
            object.__setattr__(self, "_model", cached)
        return cached

    def validate(self, values: dict[str, Any]) -> dict[str, Any]:
        """Check one applicant; return clean values or raise `ApplicantError` with every problem."""
        try:
            model = self.pydantic_model().model_validate(values)
        except ValidationError as exc:
            raise ApplicantError(self._field_errors(exc, values)) from None
        return model.model_dump()

    def encode_row(self, clean: dict[str, Any]) -> np.ndarray:
        """Validated values -> the model's float32 input row [1, F]."""
        row = np.empty((1, len(self.fields)), dtype=np.float32)
        for j, spec in enumerate(self.fields):
            value = clean.get(spec.name)
            if value is None:
                row[0, j] = np.nan
            elif spec.kind is Kind.CATEGORY:
                row[0, j] = spec.code_map[value]
            else:
                row[0, j] = float(value)
        return row

    def _field_errors(self, exc: ValidationError, values: dict[str, Any]) -> list[FieldError]:
        errors = []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else ""
            spec = self[name]
            value = values.get(name)
            rule = _PYDANTIC_RULES.get(err["type"], Rule.NOT_A_NUMBER)
            if rule is Rule.NOT_A_NUMBER and spec.kind is Kind.CATEGORY:
                rule = Rule.UNKNOWN_CATEGORY
            if rule is Rule.NOT_A_NUMBER and spec.kind is Kind.BOOLEAN:
                rule = Rule.NOT_BOOLEAN
            errors.append(FieldError(name, value, rule, spec.message(rule, value)))
        return errors

    # -- a whole frame ----------------------------------------------------------------------
    def validate_frame(self, frame: pd.DataFrame) -> FrameValidation:
        """Check and encode every row of a frame of raw values (strings from a CSV are fine).

        Columns missing from the frame must have been reported before (see `missing_columns`).
        """
        n = len(frame)
        matrix = np.empty((n, len(self.fields)), dtype=np.float32)
        bad = np.zeros(n, dtype=bool)
        problems: list[pd.DataFrame] = []
        for j, spec in enumerate(self.fields):
            raw = frame[spec.name] if spec.name in frame.columns else pd.Series([None] * n)
            encoded, failures = _check_column(spec, raw)
            matrix[:, j] = encoded
            for rule, mask in failures:
                if mask.any():
                    bad |= mask
                    values = raw.to_numpy()[mask]
                    problems.append(
                        pd.DataFrame(
                            {
                                "index": np.flatnonzero(mask),
                                "field": spec.name,
                                "value": values,
                                "message": [spec.message(rule, _plain(v)) for v in values],
                            }
                        )
                    )
        errors = (
            pd.concat(problems, ignore_index=True).sort_values("index", kind="stable")
            if problems
            else pd.DataFrame({"index": [], "field": [], "value": [], "message": []})
        )
        return FrameValidation(matrix[~bad], ~bad, errors)

    def missing_columns(self, columns: list[str]) -> list[str]:
        present = set(columns)
        return [f.name for f in self.fields if f.required and f.name not in present]


_PYDANTIC_RULES = {
    "missing": Rule.MISSING,
    "greater_than_equal": Rule.BELOW_MIN,
    "less_than_equal": Rule.ABOVE_MAX,
    "literal_error": Rule.UNKNOWN_CATEGORY,
    "finite_number": Rule.NOT_FINITE,
    "int_from_float": Rule.NOT_WHOLE,
    "int_parsing": Rule.NOT_A_NUMBER,
    "float_parsing": Rule.NOT_A_NUMBER,
    "int_type": Rule.NOT_A_NUMBER,
    "float_type": Rule.NOT_A_NUMBER,
    "bool_parsing": Rule.NOT_BOOLEAN,
    "bool_type": Rule.NOT_BOOLEAN,
    "string_type": Rule.UNKNOWN_CATEGORY,
}


def _plain(value: Any) -> Any:
    """numpy scalars and NaN -> what the officer typed (None for empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def _field_type(spec: FieldSpec) -> Any:
    info = {"title": spec.label, "description": spec.help or spec.description or None}
    match spec.kind:
        case Kind.CATEGORY:
            base: Any = Literal[tuple(spec.categories)] if spec.categories else str
            constraint = Field(**info)
        case Kind.BOOLEAN:
            base, constraint = bool, Field(**info)
        case kind:
            base = int if kind is Kind.INTEGER else float
            constraint = Field(ge=spec.minimum, le=spec.maximum, allow_inf_nan=False, **info)
    return Annotated[base, constraint] if spec.required else Annotated[base | None, constraint]


def _build_model(signature: Signature) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for spec in signature.fields:
        annotation = _field_type(spec)
        fields[spec.name] = (annotation, ...) if spec.required else (annotation, None)
    config = ConfigDict(
        extra="ignore",
        json_schema_extra={"examples": [signature.example]} if signature.example else None,
    )
    return create_model("Applicant", __config__=config, **fields)


def _is_blank(raw: pd.Series) -> np.ndarray:
    blank = raw.isna().to_numpy()
    if raw.dtype == object:
        blank |= (raw.astype(str).str.strip() == "").to_numpy()
    return blank


def _category_codes(spec: FieldSpec, raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Category index of each cell (-1: not a category) and which cells are blank.

    Cells are matched as they are first; only the few that do not match are stripped of
    surrounding spaces and matched again (stripping every cell costs more than the rest).
    """
    categories = list(spec.categories)
    codes = pd.Categorical(raw, categories=categories).codes.copy()
    blank = raw.isna().to_numpy()
    retry = (codes < 0) & ~blank
    if retry.any():
        stripped = raw[retry].astype(str).str.strip()
        codes[retry] = pd.Categorical(stripped, categories=categories).codes
        blank[retry] = (stripped == "").to_numpy()
    return codes, blank


def _check_column(
    spec: FieldSpec, raw: pd.Series
) -> tuple[np.ndarray, list[tuple[Rule, np.ndarray]]]:
    """Encode one column; return the float values and a mask per broken rule."""
    if spec.kind is Kind.CATEGORY:
        codes, blank = _category_codes(spec, raw)
        table = np.asarray(spec.codes or range(len(spec.categories)), dtype=np.float32)
        encoded = table[codes]
        encoded[codes < 0] = np.nan
        failures = [(Rule.MISSING, blank)] if spec.required else []
        failures.append((Rule.UNKNOWN_CATEGORY, (codes < 0) & ~blank))
        return encoded, failures
    blank = _is_blank(raw)
    failures: list[tuple[Rule, np.ndarray]] = []
    if spec.required:
        failures.append((Rule.MISSING, blank))
    if spec.kind is Kind.BOOLEAN:
        if raw.dtype == bool:
            return raw.to_numpy(dtype=np.float32), failures
        words = raw.astype(str).str.strip().str.lower()
        is_true, is_false = words.isin(TRUE_WORDS).to_numpy(), words.isin(FALSE_WORDS).to_numpy()
        encoded = np.where(is_true, 1.0, np.where(is_false, 0.0, np.nan)).astype(np.float32)
        failures.append((Rule.NOT_BOOLEAN, ~(is_true | is_false) & ~blank))
        return encoded, failures
    if pd.api.types.is_numeric_dtype(raw) and raw.dtype != bool:
        numbers = raw.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        numbers = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        failures.append((Rule.NOT_A_NUMBER, np.isnan(numbers) & ~blank))
    known = np.isfinite(numbers)
    failures.append((Rule.NOT_FINITE, np.isinf(numbers)))
    if spec.kind is Kind.INTEGER:
        failures.append((Rule.NOT_WHOLE, known & (np.floor(numbers) != numbers)))
    if spec.minimum is not None:
        failures.append((Rule.BELOW_MIN, known & (numbers < spec.minimum)))
    if spec.maximum is not None:
        failures.append((Rule.ABOVE_MAX, known & (numbers > spec.maximum)))
    return numbers.astype(np.float32), failures
