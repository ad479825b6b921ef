"""PSI against a hand computation on small frames, and its standard bands."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pad_desktop.drift.psi import EPSILON, Band, band, fit_categorical, fit_numeric


def test_numeric_psi_matches_the_hand_computation() -> None:
    # Reference 1..8 in 4 quantile bins: edges at its 25/50/75 % quantiles 2, 4, 6 (values it
    # holds), so {1,2} {3,4} {5,6} {7,8}: a quarter each. The period puts 3, 1, 1, 3 of 8 there.
    bins = fit_numeric(pd.Series([1, 2, 3, 4, 5, 6, 7, 8], dtype="float64"), n_bins=4)
    assert bins.edges == (2.0, 4.0, 6.0)
    period = pd.Series([1, 1, 1, 3, 5, 7, 8, 8], dtype="float64")
    by_hand = 2 * (0.375 - 0.25) * math.log(0.375 / 0.25) + 2 * (0.125 - 0.25) * math.log(
        0.125 / 0.25
    )  # 0.2747
    assert bins.psi(period) == pytest.approx(by_hand, abs=1e-12)
    assert round(by_hand, 4) == 0.2747 and band(by_hand) is Band.SIGNIFICANT
    assert bins.psi(pd.Series([1, 3, 5, 7], dtype="float64")) == 0.0  # same shares: no shift


def test_a_value_on_an_edge_falls_in_the_lower_bin_and_missing_in_its_own() -> None:
    bins = fit_numeric(pd.Series([1, 2, 3, 4, 5, 6, 7, 8], dtype="float64"), n_bins=4)
    shares = bins.shares(pd.Series([2.0, 4.0, np.nan, 100.0]))
    assert list(shares) == [0.25, 0.25, 0.0, 0.25, 0.25]  # four value bins, then missing


def test_categorical_psi_with_an_empty_and_an_unseen_category() -> None:
    # Reference a, a, b, b: a 1/2, b 1/2. The period a, a, a, c: a 3/4, b none (raised to
    # EPSILON), and c, never seen in the reference, 1/4 in the "other" bin (EPSILON there).
    bins = fit_categorical(pd.Series(["a", "a", "b", "b"], dtype=object))
    assert bins.categories == ("a", "b")
    eps = 0.0001
    by_hand = (
        (0.75 - 0.5) * math.log(0.75 / 0.5)
        + (eps - 0.5) * math.log(eps / 0.5)
        + (0.25 - eps) * math.log(0.25 / eps)
    )
    assert eps == EPSILON
    assert bins.psi(pd.Series(["a", "a", "a", "c"], dtype=object)) == pytest.approx(by_hand)


def test_a_discrete_input_gets_one_bin_per_value_not_repeated_edges() -> None:
    bins = fit_numeric(pd.Series([1.0] * 50 + [2.0] * 30 + [3.0] * 15 + [4.0] * 5))
    assert bins.edges == (1.0, 2.0, 3.0)
    assert list(bins.expected[:4]) == [0.5, 0.3, 0.15, 0.05]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, Band.STABLE),
        (0.0999, Band.STABLE),
        (0.1, Band.MODERATE),
        (0.25, Band.MODERATE),
        (0.2501, Band.SIGNIFICANT),
    ],
)
def test_standard_bands(value: float, expected: Band) -> None:
    assert band(value) is expected
