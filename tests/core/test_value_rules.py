"""The one table of value rules: the single-applicant and the frame paths agree, cell by cell."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pad_desktop.cells.field_specs import FieldSpec, Kind
from pad_desktop.cells.messages import field_message
from pad_desktop.cells.values import SLOW, Rule, cells_frame, quick_value, read_cell
from pad_desktop.model.signature import ApplicantError, Signature

AMOUNT = FieldSpec("amount", Kind.NUMBER, "Amount", unit="DM", minimum=0, maximum=1e6)
MONTHS = FieldSpec("months", Kind.INTEGER, "Duration", unit="months", minimum=1, maximum=120)
MARRIED = FieldSpec("married", Kind.BOOLEAN, "Married")
HOUSING = FieldSpec(
    "housing", Kind.CATEGORY, "Housing", categories=("own", "rent", "for free"), codes=(0, 1, 2)
)
OPTIONAL = FieldSpec("bonus", Kind.NUMBER, "Bonus", required=False)
SIGNATURE = Signature((AMOUNT, MONTHS, MARRIED, HOUSING, OPTIONAL))

# Texts as officers, spreadsheets and hostile clients write them.
PIECES = st.sampled_from(
    ["0", "1", "4", "12", "000", "1.0", "0.0", ",", ".", " ", "\u00a0", "\u202f", "-", "+",
     "e3", "E-2", "_", "\x00", "oui", "non", "OUI", "vrai", "faux", "yes", "no", "on", "true",
     "n/a", "NA", "nan", "inf", "own", " rent ", "for free", "Own", "#N/A", "1 234", "4 000",
     "1.234,50", "1,234.50", "2500,75", "douze", "0,589", "-0,589", "1,0", "0,0", "2,241",
     "12,345,678", "0,5", "012,345", "0.589"]
)  # fmt: skip
CELLS = st.one_of(
    st.lists(PIECES, min_size=0, max_size=4).map("".join),
    st.text(max_size=12),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)


def _single(values: dict, decimal: str) -> dict[str, tuple]:
    """Per field: (accepted, value, message) from the one-applicant path."""
    try:
        clean = SIGNATURE.validate(values, decimal)
    except ApplicantError as exc:
        bad = {e.field: e.message for e in exc.errors}
        good = {s.name: read_cell(s, values.get(s.name), decimal) for s in SIGNATURE.fields}
        return {
            s.name: (False, None, bad[s.name]) if s.name in bad else (True, good[s.name].value, "")
            for s in SIGNATURE.fields
        }
    return {name: (True, value, "") for name, value in clean.items()}


def _frame(rows: list[dict], decimal: str) -> list[dict[str, tuple]]:
    frame = cells_frame(rows, SIGNATURE.names)  # as the API builds its frame
    checked = SIGNATURE.validate_frame(frame, decimal)
    errors = {(int(e.index), e.field): e.message for e in checked.errors.itertuples()}
    out = []
    valid_rows = iter(checked.matrix)
    for i in range(len(rows)):
        encoded = next(valid_rows) if checked.valid[i] else None
        per_field = {}
        for j, spec in enumerate(SIGNATURE.fields):
            message = errors.get((i, spec.name))
            if message is not None:
                per_field[spec.name] = (False, None, message)
            else:
                per_field[spec.name] = (True, None if encoded is None else encoded[j], "")
        out.append(per_field)
    return out


def _same_value(spec: FieldSpec, parsed, encoded) -> bool:
    if encoded is None:  # the row failed elsewhere: only acceptance and messages compare
        return True
    if parsed is None:
        return math.isnan(encoded)
    expected = spec.code_map[parsed] if spec.kind is Kind.CATEGORY else float(parsed)
    return math.isclose(float(encoded), float(pd.array([expected], dtype="float32")[0]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.fixed_dictionaries({n: CELLS for n in SIGNATURE.names}), min_size=1, max_size=6
    ),
    decimal=st.sampled_from([".", ","]),
)
def test_single_and_frame_paths_agree_cell_by_cell(rows: list[dict], decimal: str) -> None:
    framed = _frame(rows, decimal)
    for row, from_frame in zip(rows, framed, strict=True):
        single = _single(row, decimal)
        for spec in SIGNATURE.fields:
            ok1, value, message1 = single[spec.name]
            ok2, encoded, message2 = from_frame[spec.name]
            assert (ok1, message1) == (ok2, message2), (spec.name, row[spec.name])
            if ok1 and ok2:
                assert _same_value(spec, value, encoded), (spec.name, row[spec.name], value)


@settings(max_examples=200, deadline=None)
@given(neighbour=CELLS, decimal=st.sampled_from([".", ","]))
def test_one_bad_cell_never_changes_how_its_neighbours_are_read(neighbour, decimal) -> None:
    """The column's other cells are read the same whatever sits beside them."""
    good = "2500,75" if decimal == "," else "2500.75"
    frame = pd.DataFrame({"amount": [good, neighbour, "4 000", ""]}, dtype=object)
    signature = Signature((AMOUNT,))
    checked = signature.validate_frame(frame, decimal)
    assert checked.valid[0] and checked.valid[2] and not checked.valid[3]
    first = checked.matrix[0, 0]
    assert math.isclose(first, 2500.75, rel_tol=1e-6)


@pytest.mark.parametrize(
    ("spec", "text", "decimal", "value", "rule"),
    [
        (MARRIED, "oui", ".", True, None),
        (MARRIED, "Non", ".", False, None),
        (MARRIED, "1.0", ".", True, None),
        (MARRIED, "0", ".", False, None),
        (MARRIED, "vrai", ".", True, None),
        (MARRIED, "on", ".", None, Rule.NOT_BOOLEAN),
        (MARRIED, "1,0", ",", True, None),
        (MARRIED, "0,0", ",", False, None),
        (MARRIED, "1.0", ",", True, None),
        (MARRIED, "1,0", ".", None, Rule.NOT_BOOLEAN),
        (HOUSING, " own", ".", "own", None),
        (HOUSING, " RENT ", ".", "rent", None),
        (AMOUNT, "4 000", ".", 4000.0, None),
        (AMOUNT, "4\u202f000", ",", 4000.0, None),
        (AMOUNT, "1 234,50", ",", 1234.5, None),
        (AMOUNT, "1.234,50", ",", 1234.5, None),
        (AMOUNT, "1,234.50", ".", 1234.5, None),
        (AMOUNT, "1 234,50", ".", None, Rule.AMBIGUOUS_COMMA),
        (AMOUNT, "0,589", ".", None, Rule.AMBIGUOUS_COMMA),
        (AMOUNT, "-0,589", ".", None, Rule.AMBIGUOUS_COMMA),
        (AMOUNT, "1,5", ".", None, Rule.AMBIGUOUS_COMMA),
        (AMOUNT, "12,34", ".", None, Rule.AMBIGUOUS_COMMA),
        (AMOUNT, "012,345", ".", None, Rule.AMBIGUOUS_COMMA),
        (AMOUNT, "1.234,5", ".", None, Rule.AMBIGUOUS_COMMA),
        (AMOUNT, "1,234,56", ".", None, Rule.NOT_A_NUMBER),
        (AMOUNT, "0 589", ".", None, Rule.NOT_A_NUMBER),
        (AMOUNT, "2,241", ".", 2241.0, None),  # the dialect says "," groups thousands
        (OPTIONAL, "12,345,678", ".", 12345678.0, None),
        (AMOUNT, "0,589", ",", 0.589, None),
        (OPTIONAL, "-0,589", ",", -0.589, None),
        (AMOUNT, "2,241", ",", 2.241, None),
        (AMOUNT, "0.589", ",", 0.589, None),  # a lone "." that cannot be a thousands group
        (MONTHS, "0,589", ".", None, Rule.AMBIGUOUS_COMMA),  # once read as 589
        (AMOUNT, "1.169e3", ".", 1169.0, None),
        (AMOUNT, "1_169", ".", None, Rule.UNDERSCORE),
        (AMOUNT, "own\x00garbage", ".", None, Rule.NUL_BYTE),
        (AMOUNT, "n/a", ".", None, Rule.MISSING),
        (AMOUNT, "NaN", ".", None, Rule.NOT_FINITE),
        (AMOUNT, float("nan"), ".", None, Rule.NOT_FINITE),
        (AMOUNT, "inf", ".", None, Rule.NOT_FINITE),
        (OPTIONAL, 10**100, ".", None, Rule.NOT_FINITE),
        (AMOUNT, 10**400, ".", None, Rule.TOO_LONG),
        (MONTHS, "12.5", ".", None, Rule.NOT_WHOLE),
        (MONTHS, 12.0, ".", 12, None),
        (MONTHS, "0", ".", None, Rule.BELOW_MIN),
        (OPTIONAL, "", ".", None, None),
    ],
)
def test_the_table_reads_officers_spellings(spec, text, decimal, value, rule) -> None:
    verdict = read_cell(spec, text, decimal)
    assert (verdict.value, verdict.rule) == (value, rule)


def test_messages_name_the_rule_in_english_and_french() -> None:
    verdict = read_cell(AMOUNT, "1_169")
    assert field_message(AMOUNT, verdict.rule, verdict.text) == (
        "Amount: '1_169' is not a number (write digits without '_')."
    )
    french = FieldSpec("amount", Kind.NUMBER, "Amount", description_fr="Montant")
    assert field_message(french, Rule.MISSING, "", "fr") == "Montant est obligatoire."


def test_an_ambiguous_comma_is_named_in_english_and_french() -> None:
    french = FieldSpec("amount", Kind.NUMBER, "Amount", description_fr="Montant")
    verdict = read_cell(french, " 0,589 ")
    assert field_message(french, verdict.rule, verdict.text) == (
        "Amount: '0,589' is ambiguous: its comma reads as a decimal comma, but here the decimal "
        "mark is '.' and ',' only groups thousands (as in 1,234). For the decimal number, write "
        "0.589."
    )
    assert field_message(french, Rule.AMBIGUOUS_COMMA, "1 234,50", "fr") == (
        "Montant : « 1 234,50 » est ambigu : sa virgule se lit comme une virgule décimale, mais "
        "ici le séparateur décimal est le point et la virgule ne sépare que les milliers (comme "
        "dans 1,234). Pour le nombre décimal, écrivez 1234.50."
    )


SIGNS = st.sampled_from(["", "-", "+"])
WHOLE = st.one_of(st.integers(0, 999), st.integers(0, 10**7))  # short groups often
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=6)


def _thousands(whole: str, digits: str) -> bool:
    """`whole,digits` is a well-formed thousands grouping ("2,241"), not "0,589" or "1,5"."""
    return len(digits) == 3 and len(whole) <= 3 and not whole.startswith("0")


@settings(max_examples=300, deadline=None)
@given(sign=SIGNS, whole=WHOLE, digits=DIGITS, grouped=st.booleans())
@example(sign="", whole=0, digits="589", grouped=False)
@example(sign="-", whole=0, digits="589", grouped=False)
@example(sign="", whole=2, digits="241", grouped=False)
def test_a_decimal_comma_is_read_per_the_dialect_and_never_guessed_into_thousands(
    sign: str, whole: int, digits: str, grouped: bool
) -> None:
    """ "," dialect: the decimal. "." dialect: thousands only when the text is a well-formed
    grouping, else refused as ambiguous (never a number the writer did not mean)."""
    whole_text = f"{whole:,}".replace(",", " ") if grouped else str(whole)
    text = f"{sign}{whole_text},{digits}"
    decimal = float(f"{sign}{whole}.{digits}")
    comma = read_cell(OPTIONAL, text, ",")  # a number without bounds
    assert comma.rule is None and math.isclose(comma.value, decimal)
    point = read_cell(OPTIONAL, text, ".")
    if _thousands(whole_text, digits):
        assert point.rule is None and point.value == float(f"{sign}{whole}{digits}")
    else:
        assert (point.value, point.rule) == (None, Rule.AMBIGUOUS_COMMA)


@settings(max_examples=200, deadline=None)
@given(sign=SIGNS, whole=WHOLE, digits=DIGITS)
@example(sign="", whole=0, digits="589")
@example(sign="", whole=2, digits="241")
def test_a_decimal_point_is_read_as_a_decimal_in_both_dialects_unless_it_groups_thousands(
    sign: str, whole: int, digits: str
) -> None:
    text = f"{sign}{whole}.{digits}"
    assert math.isclose(read_cell(OPTIONAL, text, ".").value, float(text))
    comma = read_cell(OPTIONAL, text, ",")
    if _thousands(str(whole), digits):  # "2.241" groups thousands where "," is the mark
        assert comma.value == float(f"{sign}{whole}{digits}")
    else:
        assert math.isclose(comma.value, float(text))


@pytest.mark.parametrize("decimal", [".", ","])
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", True),
        ("0", False),
        ("1.0", True),
        ("0.0", False),
        ("1,0", True),
        ("0,0", False),
        (" OUI ", True),
        ("Faux", False),
        ("2", None),
        ("1,00", None),
        ("0,5", None),
    ],
)
def test_booleans_follow_the_dialect(text: str, value: bool | None, decimal: str) -> None:
    """ "1,0" is a yes where "," is the decimal mark, as "1.0" is where "." is."""
    if "," in text and decimal == ".":
        value = None
    verdict = read_cell(MARRIED, text, decimal)
    assert verdict.value == value and (verdict.rule is None) == (value is not None)
    framed = SIGNATURE.validate_frame(
        cells_frame(
            [{"married": text, "amount": 1, "months": 2, "housing": "own"}], SIGNATURE.names
        ),
        decimal,
    )
    assert bool(framed.valid[0]) == (value is not None)
    if value is not None:
        assert framed.matrix[0, SIGNATURE.names.index("married")] == float(value)


@pytest.mark.parametrize(
    ("raw", "required", "expected"),
    [
        (" DOSSIER-42 ", False, "DOSSIER-42"),
        (1234, False, "1234"),
        ("", False, None),
        ("", True, "missing"),
        ("a\x00b", False, "invalid"),
        ("x" * 201, False, "invalid"),
        (True, False, "invalid"),
        ([1], False, "invalid"),
    ],
)
def test_case_references_are_read_once_for_every_face(raw, required, expected) -> None:
    from pad_desktop.cells.messages import case_ref_message
    from pad_desktop.cells.values import CaseRefError, read_case_ref

    try:
        assert read_case_ref(raw, required) == expected
    except CaseRefError as exc:
        assert exc.rule == expected and case_ref_message(exc.rule, "fr")


HUGE = FieldSpec("huge", Kind.INTEGER, "Huge", minimum=-1e30, maximum=1e30)
SPACED = FieldSpec("spaced", Kind.CATEGORY, "Spaced", categories=(" own", "rent"), codes=(0, 1))


@settings(max_examples=1500, deadline=None)
@given(
    spec=st.sampled_from([*SIGNATURE.fields, HUGE, SPACED]),
    raw=st.one_of(
        CELLS,
        st.floats(-1e20, 1e20),
        st.integers(-(2**60), 2**60),
        st.sampled_from([0.0, -0.0, 1.0, 2.5, 1e-05, 120.0, 121, 2**53, 2.0**53, " own"]),
    ),
)
@example(spec=AMOUNT, raw=3)  # an int for a number field is the float 3.0, as its text gives
@example(spec=HUGE, raw=2.0**60)  # a whole float beyond 2**53 stays a float
@example(spec=MONTHS, raw=-0.0)
def test_the_quick_reading_of_a_json_cell_is_read_cells(spec: FieldSpec, raw) -> None:
    """`Signature.validate` reads the usual JSON cells without their text (`quick_value`):
    whatever it takes, it takes as `read_cell` does, to the value and its type."""
    value = quick_value(spec, raw)
    if value is SLOW:
        return
    verdict = read_cell(spec, raw, ".")
    assert verdict.rule is None, (spec.name, raw, verdict)
    assert type(value) is type(verdict.value), (spec.name, raw, value, verdict.value)
    assert value == verdict.value or (value != value and verdict.value != verdict.value)
    if isinstance(value, float):  # -0.0 stays -0.0
        assert math.copysign(1, value) == math.copysign(1, verdict.value)
