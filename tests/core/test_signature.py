"""Validation from the signature: one applicant and whole frames, in the officer's words."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pad_desktop.cells.values import Rule
from pad_desktop.model.signature import ApplicantError


@pytest.fixture()
def applicant(scorer) -> dict:
    return dict(scorer.signature.example)


def test_the_example_applicant_is_valid(scorer, applicant) -> None:
    clean = scorer.signature.validate(applicant)
    assert clean["credit_amount"] == applicant["credit_amount"]


@pytest.mark.parametrize(
    ("field", "value", "rule", "words"),
    [
        ("age_in_years", 12, Rule.BELOW_MIN, "Age: 12 is below the minimum of 18 years."),
        ("credit_amount", 5e6, Rule.ABOVE_MAX, "Credit amount: 5000000.0 is above the maximum"),
        (
            "duration_in_month",
            "soon",
            Rule.NOT_A_NUMBER,
            "Credit duration: 'soon' is not a number.",
        ),
        ("duration_in_month", 12.5, Rule.NOT_WHOLE, "must be a whole number"),
        ("purpose", "holidays", Rule.UNKNOWN_CATEGORY, "'holidays' is not an accepted value"),
        ("credit_amount", float("inf"), Rule.NOT_FINITE, "not a finite number"),
    ],
)
def test_each_rule_names_field_value_and_rule(scorer, applicant, field, value, rule, words) -> None:
    applicant[field] = value
    with pytest.raises(ApplicantError) as caught:
        scorer.signature.validate(applicant)
    (error,) = caught.value.errors
    assert (error.field, error.rule) == (field, rule)
    assert words in error.message


def test_every_problem_is_reported_at_once(scorer, applicant) -> None:
    del applicant["housing"]
    applicant["age_in_years"] = 150
    with pytest.raises(ApplicantError) as caught:
        scorer.signature.validate(applicant)
    assert {e.field for e in caught.value.errors} == {"housing", "age_in_years"}
    assert "Housing is required." in str(caught.value)


def test_frame_and_single_validation_word_errors_alike(scorer, applicant) -> None:
    """The same bad value gets the same sentence in the form and in a batch file."""
    cases = [
        ("age_in_years", 12),
        ("purpose", "holidays"),
        ("duration_in_month", "soon"),
        ("credit_amount", 5e6),
        ("duration_in_month", 12.5),
    ]
    rows = []
    for field, value in cases:
        row = dict(applicant)
        row[field] = value
        rows.append(row)
    frame = pd.DataFrame(rows).astype(object)
    checked = scorer.signature.validate_frame(frame)
    assert not checked.valid.any()
    for i, (field, _value) in enumerate(cases):
        with pytest.raises(ApplicantError) as caught:
            scorer.signature.validate(rows[i])
        got = checked.errors[checked.errors["index"] == i]
        assert list(got["field"]) == [field]
        assert got["message"].iloc[0] == caught.value.errors[0].message


def test_frame_encoding_matches_single_encoding(scorer) -> None:
    reference = scorer.bundle.reference()[scorer.signature.names].head(50)
    checked = scorer.signature.validate_frame(reference)
    assert checked.valid.all() and checked.errors.empty
    for i, row in enumerate(reference.to_dict(orient="records")):
        single = scorer.signature.encode_row(scorer.signature.validate(row))
        np.testing.assert_array_equal(single[0], checked.matrix[i])


def test_blank_and_padded_cells_in_a_frame(scorer, applicant) -> None:
    padded, blank = dict(applicant), dict(applicant)
    padded["housing"] = "  own "
    blank["housing"] = ""
    checked = scorer.signature.validate_frame(pd.DataFrame([padded, blank]).astype(object))
    assert checked.valid.tolist() == [True, False]
    assert checked.errors["message"].tolist() == ["Housing is required."]
