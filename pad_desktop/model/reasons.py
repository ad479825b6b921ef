"""Reason codes: the (at most 4) fields that raised an applicant's risk the most.

What the numbers mean. Our bundles' ONNX graph has a `contributions` output: for each field, its
exact path-dependent TreeSHAP value in log-odds (CatBoost's `ShapValues`, tabled per tree leaf at
export, see `trees.shap_tables`; sum of contributions + the model's expected value = the
applicant's log-odds of default). A positive contribution pushed the applicant towards default.
It is cheap (a table lookup per tree inside the same ONNX call) and defined for every row of a
batch.

A foreign model without that output gets occlusion contributions instead: P(default) minus the
probability with the field set to its reference value (median or most frequent), in probability
points; that needs the bundle's reference sample and costs F extra rows per applicant.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from pad_desktop.cells.field_specs import FieldSpec, Kind
from pad_desktop.model.signature import Signature
from pad_desktop.texts.locale_text import labelled

if TYPE_CHECKING:  # pandas costs 1-3 s of import: only the frame paths need it
    import pandas as pd

MAX_REASONS = 4
SMALL_FRAME = 16


def top_positive(contributions: np.ndarray, k: int = MAX_REASONS) -> np.ndarray:
    """Indices [N, k] of the k largest positive contributions per row, largest first; -1 pads."""
    n, f = contributions.shape
    k = min(k, f)
    part = (
        np.argpartition(-contributions, k - 1, axis=1)[:, :k]
        if f > k
        else np.tile(np.arange(f), (n, 1))
    )
    vals = np.take_along_axis(contributions, part, axis=1)
    order = np.argsort(-vals, axis=1, kind="stable")
    idx = np.take_along_axis(part, order, axis=1)
    idx[np.take_along_axis(vals, order, axis=1) <= 0] = -1
    return idx


def reason_text(spec: FieldSpec, encoded: float, lang: str = "en") -> str:
    """One reason as the officer reads it: 'Credit amount: 1,169 DM' / 'Montant du crédit :
    1 169 DM' (French puts a space before the colon)."""
    return labelled(spec.label_in(lang), spec.display_encoded(encoded, lang), lang)


def reason_texts(
    signature: Signature, matrix: np.ndarray, idx: np.ndarray, lang: str = "en"
) -> list[list[str]]:
    """The officer-facing reasons of each row in `lang`, from the encoded inputs and
    `top_positive`."""
    n = len(idx)
    if n <= SMALL_FRAME:  # one applicant: plain Python beats F vectorised passes
        fields = signature.fields
        known = _worded(signature, lang)
        out = []
        for row, values in zip(idx.tolist(), matrix.tolist(), strict=True):
            texts = []
            for j in row:
                if j >= 0:
                    key = (j, values[j])
                    text = known.get(key)
                    if text is None:
                        text = reason_text(fields[j], values[j], lang)
                        if len(known) < WORDED_MAX:
                            known[key] = text
                    texts.append(text)
            out.append(texts)
        return out
    return reason_lists(*reason_codes(signature, matrix, idx, lang))


WORDED_MAX = 4096  # reasons kept worded per signature and language (categories, round sums)


def _worded(signature: Signature, lang: str) -> dict[tuple[int, float], str]:
    """The reasons already worded for `signature` in `lang`, by (field, encoded value): a
    reason is a function of the two (the signature is immutable), and applicants one at a time
    (the API, the form) repeat the same categories and sums."""
    cache = signature.__dict__.get("_worded")
    if cache is None:
        cache = {}
        object.__setattr__(signature, "_worded", cache)
    return cache.setdefault(lang, {})


def reason_lists(codes: np.ndarray, table: list[str]) -> list[list[str]]:
    """Each row's reasons as a list of texts, from `reason_codes`."""
    out = np.array([*table, None], dtype=object)[codes]  # code -1: no reason
    return [[t for t in row if t is not None] for row in out.tolist()]


def reason_codes(
    signature: Signature, matrix: np.ndarray, idx: np.ndarray, lang: str = "en"
) -> tuple[np.ndarray, list[str]]:
    """The reasons of each row as codes [N, k] into a table of distinct texts (-1: none).

    A batch writes and logs them as columns without building a Python string per row; each
    distinct 'Label: value' is formatted once."""
    codes = np.full(idx.size, -1, dtype=np.int32)
    table: list[str] = []
    flat = idx.ravel()
    # The places of each field's reasons, grouped by field and in row order within it (a
    # stable sort of small integers; a field is ranked at most once per row).
    places = np.argsort(flat.astype(np.int16), kind="stable")
    ends = np.cumsum(np.bincount(flat + 1, minlength=len(signature.fields) + 1))
    for j, spec in enumerate(signature.fields):
        mine = places[ends[j] : ends[j + 1]]  # ends[0] counts the -1 paddings
        if len(mine):
            uniq, inverse = _distinct(matrix[mine // idx.shape[1], j])
            codes[mine] = len(table) + inverse
            table += [reason_text(spec, u, lang) for u in uniq.tolist()]
    return codes.reshape(idx.shape), table


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(values, return_inverse=True)`, without its sort when the values are whole
    numbers from 0 in a short range (category codes, flags, amounts): a table of those present.
    NaN, negative numbers and -0.0 (whose text differs) take `np.unique`."""
    if len(values) > 64 and values.dtype.kind == "f":
        low, high = values.min(), values.max()  # NaN in either: not taken here
        if low >= 0 and high < DISTINCT_RANGE and not np.signbit(values).any():
            whole = values.astype(np.int64)
            if np.array_equal(whole, values):
                whole -= int(low)
                present = np.zeros(int(high - low) + 1, dtype=bool)
                present[whole] = True
                where = np.cumsum(present) - 1
                return np.flatnonzero(present).astype(values.dtype) + low, where[whole]
    uniq, inverse = np.unique(values, return_inverse=True)
    return uniq, inverse.reshape(-1)


DISTINCT_RANGE = 1 << 16


def reference_baseline(signature: Signature, reference: pd.DataFrame) -> np.ndarray:
    """The encoded 'typical applicant' row: medians of numbers, most frequent category or flag."""
    clean = signature.validate_frame(reference[signature.names])
    matrix = clean.matrix.astype(np.float64)
    baseline = np.empty(len(signature.fields), dtype=np.float32)
    for j, spec in enumerate(signature.fields):
        col = matrix[:, j]
        if spec.kind in (Kind.CATEGORY, Kind.BOOLEAN):
            values, counts = np.unique(col, return_counts=True)
            baseline[j] = values[np.argmax(counts)]
        else:
            baseline[j] = np.median(col)
    return baseline


def occlusion_contributions(
    predict: Callable[[np.ndarray], np.ndarray], matrix: np.ndarray, baseline: np.ndarray
) -> np.ndarray:
    """P(x) - P(x with field j set to the baseline), for every field j, in one model call."""
    n, f = matrix.shape
    variants = np.repeat(matrix[:, None, :], f + 1, axis=1)  # [N, F+1, F]
    for j in range(f):
        variants[:, j + 1, j] = baseline[j]
    probs = predict(variants.reshape(n * (f + 1), f)).reshape(n, f + 1)
    return probs[:, :1] - probs[:, 1:]
