"""A model bundle: an MLflow model directory (`MLmodel` + `model.onnx`) plus what the app needs.

Layout (ours; a plain MLflow ONNX directory with a column signature loads too):

    MLmodel          signature (raw applicant columns) and metadata: threshold, features
                     (descriptions, units, ranges, categories and their codes), training summary
    model.onnx       one float tensor `features` [N, F] in signature order -> probabilities
                     (and `contributions` [N, F] for reason codes when the graph has them)
    reference.csv    a sample of training inputs (drift, reasons) with `expected_probability`
    README.md        the model card
    model.cbm        optional: the CatBoost model, for `pad-desktop model optimize`
                     (`model.cb` in the original service's bundles: both names are accepted)

`MLmodel` is read by a small checked reader of MLflow's format rather than with
`mlflow.models.Model` (importing MLflow costs ~2.7 s) or a pydantic schema (~0.5 s of import
on the window's start path). A test checks that both readers agree on our bundles; a malformed
file gets a `BundleError` that says which part is wrong.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import math
import os
import threading
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pad_desktop.cells.field_specs import MLFLOW_KINDS, FieldSpec, Kind
from pad_desktop.model.signature import Signature

if TYPE_CHECKING:  # pandas costs 1-3 s of import: only the frame paths need it
    import pandas as pd

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.5
# CatBoost's own model file: ours, then the original service's name for it.
CATBOOST_FILES = ("model.cbm", "model.cb")
EXPECTED_COLUMN = "expected_probability"
OUTCOME_COLUMN = "defaulted"  # reference.csv: the applicant's true outcome, 1 = defaulted


class BundleError(Exception):
    """A folder that is not a usable model bundle; the message says why in plain words.

    `BundleError("codes_count", field=..., ...)` is the catalogue's sentence `bundle.codes_count`
    (English and French, naming the file and the part at fault); any other text is kept as it
    is in every language. `str(exc)` is the English (logs, scripts); `exc.text(lang)` words it.
    """

    def __init__(self, key: str = "", **values: Any) -> None:
        from pad_desktop.texts import known

        self.key = key if known(f"bundle.{key}") else None
        self.values = values
        self.exit_code = 1  # the CLI's "failed": the bundle is there and broken
        super().__init__(self.text("en") if self.key else key)

    @classmethod
    def no_bundle(cls, key: str, **values: Any) -> BundleError:
        """No bundle at the path given (no folder, no MLmodel, no model.onnx): the CLI's "bad
        usage" (2), as a wrong argument or setting is."""
        error = cls(key, **values)
        error.exit_code = 2
        return error

    def text(self, lang: str = "en") -> str:
        """The sentence in `lang` ("en" or "fr"; other tags fall back to English)."""
        if self.key is None:
            return str(self)
        from pad_desktop.cells.messages import bundle_message

        return bundle_message(self.key, lang, **self.values)


@dataclass(frozen=True)
class ColumnSpec:
    """One input column of the MLflow signature."""

    name: str
    type: str
    required: bool = True


def _text(data: dict[str, Any], key: str, part: str) -> str | None:
    """`data[key]` as text: YAML reads an unquoted id of digits as a number, a date as a date."""
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | date) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"{part}'{key}' is {type(value).__name__}, not text")


@dataclass(frozen=True)
class MLmodelDoc:
    """The parts of MLflow's `MLmodel` file that a bundle uses (other keys are ignored)."""

    flavors: dict[str, Any] = field(default_factory=dict)
    signature_inputs: str | None = None  # None: the file has no signature
    metadata: dict[str, Any] | None = None
    model_id: str | None = None
    run_id: str | None = None
    model_uuid: str | None = None
    utc_time_created: str | None = None

    @classmethod
    def parse(cls, data: Any) -> MLmodelDoc:
        """Raise ValueError naming the part that does not have MLflow's shape."""
        if not isinstance(data, dict):
            raise ValueError(f"it holds {type(data).__name__}, not MLflow's fields")
        flavors = data.get("flavors") or {}
        metadata = data.get("metadata")
        signature = data.get("signature")
        if not isinstance(flavors, dict):
            raise ValueError("'flavors' is not a mapping")
        if metadata is not None and not isinstance(metadata, dict):
            raise ValueError("'metadata' is not a mapping")
        inputs = None
        if signature is not None:
            if not isinstance(signature, dict):
                raise ValueError("'signature' is not a mapping")
            inputs = _text(signature, "inputs", "the signature's ")
            if inputs is None:
                raise ValueError("the signature lists no inputs")
        return cls(
            flavors=flavors,
            signature_inputs=inputs,
            metadata=metadata,
            **{key: _text(data, key, "") for key in _IDS},
        )

    def input_columns(self) -> list[ColumnSpec]:
        if self.signature_inputs is None:
            raise BundleError("no_signature")
        try:
            raw = json.loads(self.signature_inputs)
        except ValueError:
            raise BundleError("signature_not_json") from None
        if not isinstance(raw, list) or not all(isinstance(col, dict) for col in raw):
            raise BundleError("signature_not_list")
        if any(col.get("type") == "tensor" for col in raw):
            raise BundleError("tensor_signature")
        columns = []
        for col in raw:
            name, kind, required = col.get("name"), col.get("type"), col.get("required", True)
            if not isinstance(name, str) or not isinstance(kind, str):
                raise BundleError("input_unnamed", column=col)
            if not isinstance(required, bool):
                raise BundleError("required_not_bool", field=name)
            columns.append(ColumnSpec(name, kind, required))
        return columns


_IDS = ("model_id", "run_id", "model_uuid", "utc_time_created")


def content_sha256(folder: Path) -> str:
    """A digest of every file of the bundle (names and bytes), stable across copies."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Bundle:
    """A loaded model bundle (the ONNX session is the scorer's business, not this class's)."""

    path: Path
    doc: MLmodelDoc
    signature: Signature
    threshold: float
    warnings: tuple[str, ...] = field(default=())

    @property
    def meta(self) -> dict[str, Any]:
        return dict((self.doc.metadata or {}).get("pad_desktop") or {})

    @property
    def onnx_path(self) -> Path:
        return self.path / "model.onnx"

    @property
    def catboost_path(self) -> Path | None:
        return catboost_file(self.path)

    @cached_property
    def sha256(self) -> str:
        return content_sha256(self.path)

    @property
    def id(self) -> str:
        return self.doc.model_id or self.doc.run_id or self.doc.model_uuid or self.sha256[:12]

    @property
    def name(self) -> str:
        return str(self.meta.get("name") or self.path.name)

    @property
    def version(self) -> str:
        return str(self.meta.get("version") or self.doc.utc_time_created or "")

    @property
    def created(self) -> str:
        return self.doc.utc_time_created or ""

    @property
    def graph(self) -> str:
        """Which ONNX graph the bundle holds: `standard`, `dense`, or `unknown` (foreign)."""
        return str(self.meta.get("graph") or "unknown")

    @property
    def positive_meaning(self) -> str:
        return str(self.meta.get("positive_meaning") or "Probability of default (positive class).")

    @property
    def training(self) -> dict[str, Any]:
        return dict(self.meta.get("training") or {})

    @property
    def review_band(self) -> float:
        """Half-width of the "refer for review" band around the threshold (0: none)."""
        try:
            band = float(self.meta.get("review_band") or 0.0)
        except (TypeError, ValueError):
            return 0.0
        return band if 0.0 <= band < 0.5 else 0.0

    @property
    def actionable(self) -> list[dict[str, Any]]:
        """The fields an applicant can change, for the counterfactual search: each
        `{name, direction: down|up|any, min?, max?}` (numbers) or `{name, to: [categories]}`;
        unknown names are dropped."""
        names = set(self.signature.names)
        declared = self.meta.get("actionable") or []
        return [dict(a) for a in declared if isinstance(a, dict) and a.get("name") in names]

    @property
    def outcome_column(self) -> str:
        """The reference sample's column of true outcomes (1 = defaulted), if it has one."""
        return str(self.meta.get("outcome_column") or OUTCOME_COLUMN)

    @property
    def card(self) -> str:
        path = self.path / "README.md"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def card_in(self, lang: str = "en") -> str:
        """The model card in `lang`: `README.fr.md` in French when the bundle has one, else the
        English `README.md`."""
        from pad_desktop.model.card_text import CARD_FR
        from pad_desktop.texts.locale_text import normalize

        french = self.path / CARD_FR
        if normalize(lang) == "fr" and french.is_file():
            return french.read_text(encoding="utf-8")
        return self.card

    @property
    def reference_path(self) -> Path:
        """Where the reference sample is: a file of the bundle (checked by `load_bundle`)."""
        return self.path / str(self.meta.get("reference") or "reference.csv")

    def reference(self) -> pd.DataFrame | None:
        """The reference sample of training inputs (raw values), if the bundle ships one."""
        path = self.reference_path
        if not path.exists():
            return None
        import pandas as pd

        return pd.read_csv(path, encoding="utf-8")

    def short(self) -> str:
        return f"{self.name} {self.version} ({self.sha256[:8]})".strip()


def catboost_file(folder: Path) -> Path | None:
    """The bundle's CatBoost model file, under either name, if it ships one."""
    return next((folder / n for n in CATBOOST_FILES if (folder / n).is_file()), None)


def _yaml_errors() -> type[Exception]:
    """YAML's error type, looked up (and YAML imported) only once a read has failed."""
    import yaml

    return yaml.YAMLError


def _parse_yaml(text: str) -> Any:
    import yaml

    # libyaml's safe loader when present: 10x faster than the pure-Python one on an MLmodel.
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_mlmodel(mlmodel: Path, cache: Path | None = None) -> Any:
    """The MLmodel file's YAML document. `cache`: a file holding the last text parsed and its
    document; when it holds this very text, its document is used and YAML is not imported
    (~12 ms of the window's start); otherwise the text is parsed and the file rewritten. A
    cache that cannot be read or written is ignored, and a document marshal cannot hold (a
    date) is not kept."""
    text = mlmodel.read_text(encoding="utf-8")
    if cache is not None:
        try:
            kept_text, kept = marshal.loads(cache.read_bytes())
        except Exception:  # a broken or foreign cache file is only ignored
            pass
        else:
            # only a mapping, as YAML gives for an MLmodel, and only for this very text
            if isinstance(kept_text, str) and kept_text == text and isinstance(kept, dict):
                return kept
    doc = _parse_yaml(text)
    if cache is not None:
        try:
            data = marshal.dumps((text, doc))
        except ValueError:
            return doc
        part = cache.with_name(f"{cache.name}.{os.getpid()}-{threading.get_ident()}.part")
        try:
            part.write_bytes(data)
            os.replace(part, cache)  # whole or not at all, for another process reading it
        except OSError:
            part.unlink(missing_ok=True)
    return doc


def load_bundle(path: str | Path, *, mlmodel_cache: Path | None = None) -> Bundle:
    """Read a bundle folder; raise `BundleError` with a clear message if it is not one.
    `mlmodel_cache`: see `read_mlmodel`."""
    folder = Path(path).expanduser()
    mlmodel = folder / "MLmodel"
    if not folder.is_dir():
        raise BundleError.no_bundle("no_folder", folder=folder)
    if not mlmodel.exists():
        raise BundleError.no_bundle("no_mlmodel", folder=folder)
    if not (folder / "model.onnx").exists():
        raise BundleError.no_bundle("no_onnx", folder=folder)
    _refuse_links(folder)
    try:
        doc = MLmodelDoc.parse(read_mlmodel(mlmodel, mlmodel_cache))
    except (_yaml_errors(), ValueError) as exc:
        raise BundleError("mlmodel_unreadable", folder=folder, error=exc) from None
    metadata = doc.metadata or {}
    ours = metadata.get("pad_desktop") or {}
    signature = _signature(doc, ours)
    warnings: list[str] = []
    threshold = ours.get("threshold", metadata.get("best_threshold", metadata.get("threshold")))
    if threshold is None:
        threshold = DEFAULT_THRESHOLD
        warnings.append(
            "This model declares no decision threshold; 0.5 is used. "
            "Ask IT for the model's threshold."
        )
    threshold = _threshold(threshold)
    bundle = Bundle(folder, doc, signature, threshold, tuple(warnings))
    _check_reference(bundle)
    return bundle


def _number(value: Any) -> float | None:
    """`value` as a finite number, or None: YAML gives texts, lists, booleans and `.nan` too."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _short(text: str) -> str:
    """A text of the bundle cut for a message (the file may hold anything)."""
    return text if len(text) <= 40 else text[:39] + "…"


def _shown(value: Any) -> str:
    """A value of the bundle as a message quotes it: a text in quotes, to tell "1" from 1."""
    return _short(repr(value) if isinstance(value, str) else str(value))


def _threshold(value: Any) -> float:
    threshold = _number(value)
    if threshold is None:
        raise BundleError("threshold_not_number", value=_shown(value))
    if not 0.0 < threshold < 1.0:
        raise BundleError("threshold_out_of_range", value=threshold)
    return threshold


def _refuse_links(folder: Path) -> None:
    """A bundle holds regular files only: a link would load bytes that its hash does not cover
    (a relative link can point anywhere once the folder is moved)."""
    for root, dirs, names in os.walk(folder, followlinks=False):
        for name in [*dirs, *names]:
            path = Path(root, name)
            if path.is_symlink() or not (path.is_file() or path.is_dir()):
                raise BundleError(
                    "link_in_bundle", path=path.relative_to(folder).as_posix(), folder=folder
                )


def _check_reference(bundle: Bundle) -> None:
    """The declared reference sample must be a file of the bundle, hence covered by its hash."""
    name = str(bundle.meta.get("reference") or "reference.csv")
    path = bundle.reference_path
    outside = "\\" in name or "\0" in name or Path(name).is_absolute()
    if outside or not path.resolve().is_relative_to(bundle.path.resolve()):
        raise BundleError("reference_outside", name=name)
    if path.exists() and not path.is_file():
        raise BundleError("reference_not_file", name=name)


def _french_labels(labels: Any, categories: tuple[str, ...]) -> tuple[str, ...]:
    """`categories_fr` (English category -> French label) in the categories' order; "" where a
    category has none. Anything but a mapping of texts is ignored: labels are only display."""
    if not isinstance(labels, dict):
        return ()
    return tuple(str(labels.get(c) or "") for c in categories)


def _signature(doc: MLmodelDoc, ours: dict[str, Any]) -> Signature:
    features = ours.get("features") or []
    if not isinstance(features, list) or not all(
        isinstance(f, dict) and isinstance(f.get("name"), str) for f in features
    ):
        raise BundleError("features_not_list")
    described = {f["name"]: f for f in features}
    fields = []
    for col in doc.input_columns():
        kind = MLFLOW_KINDS.get(col.type)
        if kind is None:
            raise BundleError("type_unscorable", field=col.name, type=col.type)
        info = described.get(col.name, {})
        categories = _categories(col.name, info)
        if kind is Kind.CATEGORY and not categories:
            raise BundleError("no_categories", field=col.name)
        minimum, maximum = _range(col.name, info)
        fields.append(
            FieldSpec(
                name=col.name,
                kind=kind,
                description=str(info.get("description", "")),
                description_fr=str(info.get("description_fr", "")),
                unit=str(info.get("unit", "")),
                help=str(info.get("help", "")),
                minimum=minimum,
                maximum=maximum,
                categories=categories,
                codes=_codes(col.name, info, categories),
                required=col.required,
                categories_fr=_french_labels(info.get("categories_fr"), categories),
                help_fr=str(info.get("help_fr", "")),
            )
        )
    return Signature(tuple(fields), dict(ours.get("example") or {}))


def _range(name: str, info: dict[str, Any]) -> tuple[float | None, float | None]:
    """An input's `min` and `max`: numbers, or absent; never "abc" (it would reach every
    comparison of every applicant's value)."""
    bounds = []
    for part in ("min", "max"):
        value = info.get(part)
        if value is not None and _number(value) is None:
            raise BundleError("bound_not_number", field=name, part=part, value=_shown(value))
        bounds.append(value)  # as written: a whole-number bound stays an int
    minimum, maximum = bounds
    if minimum is not None and maximum is not None and minimum > maximum:
        raise BundleError("bounds_reversed", field=name, minimum=minimum, maximum=maximum)
    return minimum, maximum


def _categories(name: str, info: dict[str, Any]) -> tuple[str, ...]:
    """An input's categories: texts (YAML reads `yes` as true and `1` as a number: those are
    the texts an officer types), each once."""
    raw = info.get("categories", ())
    if not isinstance(raw, list | tuple) or not all(
        isinstance(c, str | int | float | bool) for c in raw
    ):
        raise BundleError("categories_not_texts", field=name)
    categories = tuple(str(c) for c in raw)
    seen: set[str] = set()
    for category in categories:
        if category in seen:
            raise BundleError("category_twice", field=name, category=_short(category))
        seen.add(category)
    return categories


def _codes(name: str, info: dict[str, Any], categories: tuple[str, ...]) -> tuple[float, ...]:
    """The number the graph takes for each category: one finite number per category (the
    default: their positions)."""
    raw = info.get("codes", list(range(len(categories))))
    if not isinstance(raw, list | tuple):
        raise BundleError("codes_not_list", field=name)
    codes = []
    for value in raw:
        number = _number(value)
        if number is None:
            raise BundleError("code_not_number", field=name, value=_shown(value))
        codes.append(number)
    if len(codes) != len(categories):
        raise BundleError("codes_count", field=name, categories=len(categories), codes=len(codes))
    return tuple(codes)
