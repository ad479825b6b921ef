"""French in the core: numbers as the officer writes them, the bundle's French labels, every
message of the message table in French, reasons in French, "3,500" explained."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest

from pad_desktop.cells.field_specs import Kind
from pad_desktop.cells.messages import field_message
from pad_desktop.cells.values import COMMA, POINT, Rule, read_cell
from pad_desktop.model.bundle import load_bundle
from pad_desktop.model.reasons import reason_texts, top_positive
from pad_desktop.model.scoring import Scorer
from pad_desktop.model.signature import Signature
from pad_desktop.texts.locale_text import (
    NNBSP,
    accept_language,
    csv_number,
    env_language,
    format_amount,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    normalize,
)


@pytest.fixture(scope="module")
def signature(default_bundle_dir: Path) -> Signature:
    return load_bundle(default_bundle_dir).signature


def test_numbers_percentages_amounts_in_each_language() -> None:
    assert format_number(173542, "en") == "173,542"
    assert format_number(173542, "fr") == f"173{NNBSP}542"
    assert format_percent(0.008, "en") == "0.8%"
    assert format_percent(0.008, "fr") == f"0,8{NNBSP}%"
    assert format_amount(1_000_000, "DM", "en") == "1,000,000 DM"  # never "1e+06 DM"
    assert format_amount(1e6, "DM", "fr") == f"1{NNBSP}000{NNBSP}000 DM"
    assert format_amount(6, "months", "fr") == "6 mois"
    assert format_number(-1234.5, "fr") == f"-1{NNBSP}234,5"
    assert format_number(-0.001, "en", 2) == "0.00"
    assert format_number(0.1234567, "en") == "0.123457"
    assert format_date(date(2026, 12, 2), "fr") == "2 déc. 2026"
    assert format_datetime(datetime(2026, 2, 1, 9, 5), "en") == "1 Feb 2026 09:05"


def test_french_numbers_read_back_by_the_value_table(signature: Signature) -> None:
    """What French formatting writes, the French value table reads (NNBSP groups thousands)."""
    spec = signature["credit_amount"]
    assert read_cell(spec, format_number(173542, "fr"), COMMA).value == 173542
    assert read_cell(spec, format_number(173542, "en"), POINT).value == 173542


def test_language_of_a_process_and_of_a_request() -> None:
    assert normalize("fr_FR.UTF-8") == normalize("fr-CA") == "fr"
    assert normalize("de_DE") == normalize(None) == "en"
    assert env_language({"LANG": "fr_FR.UTF-8"}) == "fr"
    assert env_language({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}) == "en"  # POSIX: LC_ALL wins
    assert env_language({"LC_MESSAGES": "fr_BE.UTF-8", "LANG": "en_US.UTF-8"}) == "fr"
    assert accept_language("fr-FR,fr;q=0.9,en;q=0.8") == "fr"
    assert accept_language("en-GB,en;q=0.9,fr;q=0.8") == "en"
    assert accept_language("en;q=0.2, fr;q=0.7") == "fr"
    assert accept_language("fr;q=0") == "en"
    assert accept_language("fr;q=2, en") == "en"  # out of range: no preference
    assert accept_language("") == accept_language(None) == "en"


def test_csv_cells_in_each_dialect() -> None:
    assert csv_number(0.024471, ",") == "0,024471"
    assert csv_number(0.024471, ".") == "0.024471"
    assert csv_number(3.0, ",") == "3" and csv_number(None, ",") == ""


def test_every_category_and_field_has_a_french_label(signature: Signature) -> None:
    for spec in signature.fields:
        assert spec.label_in("fr") != spec.label_in("en"), spec.name
        if spec.kind is Kind.CATEGORY:
            french = spec.category_labels("fr")
            assert all(french), spec.name
            assert not set(french) & set(spec.categories), spec.name
            assert len(set(french)) == len(french), spec.name
        if spec.help:
            assert spec.help_in("fr") and spec.help_in("fr") != spec.help, spec.name


def test_french_labels_are_accepted_input_and_keep_the_model_codes(signature: Signature) -> None:
    housing = signature["housing"]
    assert read_cell(housing, "locataire").value == "rent"
    assert read_cell(housing, "PROPRIÉTAIRE").value == "own"
    assert read_cell(housing, "rent").value == "rent"
    assert read_cell(housing, "loué").rule is Rule.UNKNOWN_CATEGORY
    # "aucun" is a label in several fields, each time of one category only: accepted.
    assert read_cell(signature["telephone"], "aucun").value == "none"


def test_an_ambiguous_french_label_is_not_accepted() -> None:
    from pad_desktop.cells.field_specs import FieldSpec

    spec = FieldSpec(
        "x",
        Kind.CATEGORY,
        categories=("a", "b", "c"),
        codes=(0.0, 1.0, 2.0),
        categories_fr=("même", "même", "a"),
    )
    assert spec.input_aliases == {}  # "même" names two, "a" is an English value: both refused
    assert read_cell(spec, "a").value == "a"


def test_validation_messages_in_french(signature: Signature) -> None:
    def message(name: str, text: str, decimal: str, lang: str) -> str:
        spec = signature[name]
        verdict = read_cell(spec, text, decimal)
        return field_message(spec, verdict.rule, verdict.text, lang)

    assert (
        message("age_in_years", "-5", COMMA, "fr") == "Âge : -5 est inférieur au minimum de 18 ans."
    )
    assert message("credit_amount", "2000000", COMMA, "fr") == (
        f"Montant du crédit : 2000000 est supérieur au maximum de 1{NNBSP}000{NNBSP}000 DM."
    )
    assert message("credit_amount", "2000000", POINT, "en") == (
        "Credit amount: 2000000 is above the maximum of 1,000,000 DM."
    )
    dependants = signature["number_of_people_being_liable_to_provide_maintenance_for"]
    assert (
        field_message(dependants, Rule.MISSING, "", "fr") == "Personnes à charge est obligatoire."
    )
    assert message("duration_in_month", "douze", COMMA, "fr") == (
        "Durée du crédit : « douze » n'est pas un nombre."
    )
    purpose = message("purpose", "vacances", COMMA, "fr")
    assert "« activité professionnelle »" in purpose and "(et 4 autres)" in purpose


def test_a_thousands_group_in_a_whole_number_field_is_explained(signature: Signature) -> None:
    """'3,500' where ',' is the decimal mark reads 3.5: the officer is told why and what to type."""
    spec = signature["credit_amount"]
    french = read_cell(spec, "3,500", COMMA)
    assert french.rule is Rule.NOT_WHOLE
    assert field_message(spec, french.rule, french.text, "fr") == (
        "Montant du crédit : 3,500 se lit 3,5 (« , » est ici le séparateur décimal) et doit "
        "être un nombre entier ; pour dire 3500, écrivez 3500 sans « , »."
    )
    english = read_cell(spec, "3.500", POINT)
    assert field_message(spec, english.rule, english.text, "en") == (
        "Credit amount: 3.500 reads as 3.5 ('.' is the decimal mark here) and must be a whole "
        "number; to mean 3500, write 3500 without '.'."
    )
    assert read_cell(spec, "3,500", POINT).value == 3500  # the comma groups thousands there
    assert read_cell(spec, "3 500", COMMA).value == 3500
    plain = field_message(spec, Rule.NOT_WHOLE, "3,5", "fr")
    assert plain == "Montant du crédit : 3,5 doit être un nombre entier."


def test_reasons_in_french(default_bundle_dir: Path, signature: Signature) -> None:
    scorer = Scorer(load_bundle(default_bundle_dir))
    example = dict(signature.example)
    english = scorer.score(example, lang="en").reasons
    french = scorer.score(example, lang="fr").reasons
    assert len(french) == len(english) > 0
    clean = signature.validate(example)
    by_field = {spec.label: spec for spec in signature.fields}
    for en, fr in zip(english, french, strict=True):
        spec = by_field[en.split(": ")[0]]  # the same fields, in the same order
        assert fr == f"{spec.label_in('fr')} : {spec.display(clean[spec.name], 'fr')}"
        assert fr != en
    # The frame path (vectorised beyond 16 rows) words them the same.
    row = signature.encode_row(signature.validate(example))
    matrix = np.repeat(row, 20, axis=0)
    contributions = scorer.predict(matrix).contributions
    frame_reasons = reason_texts(signature, matrix, top_positive(contributions), "fr")
    assert all(r == french for r in frame_reasons)


def test_display_in_french(signature: Signature) -> None:
    assert signature["credit_amount"].display(1169, "fr") == f"1{NNBSP}169 DM"
    assert signature["credit_amount"].display(1169) == "1,169 DM"
    assert signature["housing"].display("rent", "fr") == "locataire"
    assert signature["housing"].display_encoded(float("nan"), "fr") == "manquant"


def test_the_model_card_in_french(default_bundle_dir: Path, tmp_path: Path) -> None:
    import shutil

    from pad_desktop.model.card_text import model_card_fr
    from pad_desktop.model.training import model_card

    bundle = load_bundle(default_bundle_dir)
    french = bundle.card_in("fr")
    assert french.startswith(f"# {bundle.name} {bundle.version}\n")
    assert "## Données" in french and "## Audit d'équité (échantillon de test)" in french
    assert "À partir du seuil **0,13**" in french
    assert bundle.card_in("en") == bundle.card_in("de") == bundle.card
    # The French card has a section for every section of the English one, from the same facts.
    meta = bundle.meta
    fairness = {
        "age_band": {
            "by_group": {
                "under 25": {"count": 39.0, "approval_rate": 0.33, "tpr": 0.76, "fpr": 0.59}
            },
            "approval_rate_difference": 0.42,
        }
    }
    english, translated = model_card(meta, fairness), model_card_fr(meta, fairness)
    heading = re.compile(r"^#+ ", re.MULTILINE)
    assert len(heading.findall(english)) == len(heading.findall(translated))
    assert "| moins de 25 ans | 39 | 0,33 | 0,76 | 0,59 |" in translated
    # A bundle without a French card shows its English one.
    copy = tmp_path / "bundle"
    shutil.copytree(default_bundle_dir, copy)
    (copy / "README.fr.md").unlink()
    assert load_bundle(copy).card_in("fr") == bundle.card


def test_the_read_as_line_in_french() -> None:
    from pad_desktop.cells.csv_dialect import Dialect

    excel = Dialect("utf-8-sig", ";", ",", "\r\n")
    assert (
        excel.describe() == "UTF-8 with BOM, semicolon-separated, decimal comma, CRLF line endings"
    )
    assert excel.describe("fr") == (
        "UTF-8 avec BOM, séparateur point-virgule, virgule décimale, fins de ligne CRLF"
    )
    assert Dialect("cp1252", "\t", ".", "\n").describe("fr-FR") == (
        "Windows-1252, séparateur tabulation, point décimal, fins de ligne LF"
    )
