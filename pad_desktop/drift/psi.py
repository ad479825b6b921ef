"""Population stability index (PSI): how far a period's distribution moved from the reference.

PSI = sum over bins of (actual share - expected share) * ln(actual share / expected share), the
measure credit-risk teams and supervisors use to monitor scorecards. Its standard bands:
below 0.1 stable, 0.1 to 0.25 moderate shift, above 0.25 significant shift.

The bins come from the reference alone, so that every period is measured on the same scale:
- numbers: the reference's deciles (`N_BINS` quantile bins, edges taken among the reference's
  values; repeated edges of a discrete input merge, so an input with four values has at most
  four bins), each bin closed on the right;
- categories: one bin per reference category, plus one for values the reference never shows;
- a missing value (NaN) falls into a bin of its own on either kind.
An empty bin would make ln() infinite: its share is raised to `EPSILON` (0.0001, i.e. one row in
ten thousand, the usual scorecard-monitoring choice) on both sides, without renormalising, so a
bin empty on both sides adds exactly 0.

PSI is biased upwards on small samples (about (bins - 1) / rows for a stable population: 0.09 at
100 rows with ten bins): below a few hundred decisions, read "moderate" with care.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

N_BINS = 10
EPSILON = 1e-4
MODERATE = 0.1
SIGNIFICANT = 0.25


class Band(StrEnum):
    STABLE = "stable"
    MODERATE = "moderate"
    SIGNIFICANT = "significant"


def band(value: float) -> Band:
    """The standard band of a PSI value: < 0.1 stable, 0.1–0.25 moderate, > 0.25 significant."""
    if value > SIGNIFICANT:
        return Band.SIGNIFICANT
    return Band.MODERATE if value >= MODERATE else Band.STABLE


def psi(expected: np.ndarray, actual: np.ndarray) -> float:
    """PSI of two share vectors over the same bins (empty bins raised to `EPSILON`)."""
    e = np.maximum(np.asarray(expected, dtype="float64"), EPSILON)
    a = np.maximum(np.asarray(actual, dtype="float64"), EPSILON)
    return float(np.sum((a - e) * np.log(a / e)))


@dataclass(frozen=True)
class Bins:
    """Bins fitted on a reference column, and the reference's share in each."""

    edges: tuple[float, ...] | None  # numbers: interior edges; None for categories
    categories: tuple[str, ...]
    expected: np.ndarray

    def shares(self, values: pd.Series) -> np.ndarray:
        """The share of `values` in each bin (value bins, then other or missing)."""
        if len(values) == 0:
            return np.zeros(len(self.expected))
        missing = values.isna().to_numpy()
        if self.edges is not None:
            numbers = values.to_numpy(dtype="float64", na_value=np.nan)
            index = np.searchsorted(np.asarray(self.edges), numbers, side="left")
            n_value_bins = len(self.edges) + 1
        else:
            lookup = {c: i for i, c in enumerate(self.categories)}
            other = len(self.categories)
            index = np.array([lookup.get(str(v), other) for v in values], dtype="int64")
            n_value_bins = other + 1
        index = np.where(missing, n_value_bins, index)
        counts = np.bincount(index, minlength=n_value_bins + 1)
        return counts / len(values)

    def psi(self, values: pd.Series) -> float:
        return psi(self.expected, self.shares(values))


def fit_numeric(reference: pd.Series, n_bins: int = N_BINS) -> Bins:
    """Quantile bins of a numeric reference column (interior edges at its 1/n, 2/n... quantiles)."""
    numbers = reference.dropna().to_numpy(dtype="float64")
    # "lower" quantiles are values the reference holds: no edge falls between two integers
    # (a bin no integer can reach would be empty on both sides for ever).
    quantiles = np.arange(1, n_bins) / n_bins
    inner = np.quantile(numbers, quantiles, method="lower") if len(numbers) else []
    fitted = Bins(tuple(float(e) for e in np.unique(inner)), (), np.zeros(0))
    return Bins(fitted.edges, (), fitted.shares(reference))


def fit_categorical(reference: pd.Series) -> Bins:
    """One bin per category the reference shows, in their order of first appearance."""
    categories = tuple(str(c) for c in reference.dropna().astype(str).unique())
    return Bins(None, categories, Bins(None, categories, np.zeros(0)).shares(reference))
