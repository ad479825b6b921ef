"""A file headed as the officer knows the fields: the form's labels, in French or English.

French Excel exports name their columns as the form does ("Durée du crédit", "Âge"), with a
"Référence dossier" column, `;`, decimal commas and Windows-1252: such a file scores with every
row's case reference, through `pad-desktop score` and the decision service alike. A column the
file lacks is named as the officer knows it; two columns naming one field are one clear error.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.signature import AmbiguousColumns
from pad_desktop.service.batch import MissingColumnsError, score_csv
from pad_desktop.service.decision_service import DecisionService, Identity
from pad_desktop.texts import describe

ROWS = 40


def _refs() -> list[str]:
    return [f"DOS-{i:04d}-é" for i in range(ROWS)]  # an accent only Windows-1252 can carry


@pytest.fixture(scope="module")
def english(default_bundle_dir: Path) -> pd.DataFrame:
    reference = pd.read_csv(default_bundle_dir / "reference.csv", dtype=str)
    return reference.drop(columns=["expected_probability", "defaulted"]).head(ROWS)


def _french_frame(scorer, english: pd.DataFrame) -> pd.DataFrame:
    """The applicants as a French officer's Excel sheet: French labels as headers (a few
    spelled carelessly), French category labels, amounts with a decimal comma."""
    signature = scorer.signature
    frame = pd.DataFrame({"Référence dossier": _refs()})
    for spec in signature.fields:
        column = english[spec.name]
        if spec.categories_fr:
            column = column.map(lambda c, s=spec: s.category_label(c, "fr"))
        frame[spec.label_in("fr")] = column.to_numpy()
    frame["Montant du crédit"] = [f"{v},00" for v in english["credit_amount"]]
    return frame.rename(
        columns={
            "Âge": "AGE",  # accents and case forgiven
            "Durée du crédit": "Durée du crédit (mois)",  # with its unit, as the form shows it
            "Taux d'effort (part du revenu disponible)": "taux d effort part du revenu disponible",
        }
    )


def _write_excel(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    return path


def _expected(scorer, english: pd.DataFrame) -> np.ndarray:
    return scorer.score_frame(english[scorer.signature.names]).probabilities


def test_a_french_headed_excel_file_scores_with_its_case_references(
    scorer, english, tmp_path
) -> None:
    source = _write_excel(_french_frame(scorer, english), tmp_path / "lot.csv")
    out = tmp_path / "out.csv"
    assert main(["score", str(source), "-o", str(out), "--no-log", "--lang", "fr"]) == 0
    read = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig", dtype={"row": int})
    assert read["Référence dossier"].tolist() == _refs()
    np.testing.assert_allclose(read["score"], _expected(scorer, english), atol=1e-6)


def test_the_service_records_every_row_under_its_case_reference(scorer, english, tmp_path) -> None:
    source = _write_excel(_french_frame(scorer, english), tmp_path / "lot.csv")
    log = DecisionLog.open(data_dir=tmp_path / "log")
    try:
        service = DecisionService(ActiveModel.of(scorer), log, Identity("jdupont", "ws-7", "J. D"))
        summary = service.score_file(source, tmp_path / "out.csv", lang="fr")
        assert summary.fatal_error is None
        assert (summary.scored, summary.rows_with_errors) == (ROWS, 0)
        for ref, expected in zip(_refs(), _expected(scorer, english), strict=True):
            (found,) = log.history(HistoryFilter(case_ref=ref))
            assert found.score == pytest.approx(expected, abs=1e-6)
    finally:
        log.close()


def test_english_labels_are_read_too(scorer, english, tmp_path) -> None:
    frame = english.rename(columns={s.name: s.label_in("en") for s in scorer.signature.fields})
    frame.insert(0, "Case reference", _refs())
    source = tmp_path / "in.csv"
    frame.to_csv(source, index=False, encoding="utf-8")
    summary = score_csv(source, scorer, tmp_path / "out.csv")
    assert (summary.scored, summary.rows_with_errors) == (ROWS, 0)
    read = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig")
    assert read["Case reference"].tolist() == _refs()


def test_a_missing_column_is_named_as_the_officer_knows_it(scorer, english, tmp_path) -> None:
    frame = _french_frame(scorer, english).drop(columns=["Logement", "AGE"])
    source = _write_excel(frame, tmp_path / "lot.csv")
    with pytest.raises(MissingColumnsError) as raised:
        score_csv(source, scorer, tmp_path / "out.csv", lang="fr")
    french = describe(raised.value, "fr")
    assert "2 champ(s) obligatoire(s)" in french
    assert "« Âge » (age_in_years)" in french and "« Logement » (housing)" in french
    assert "'Age' (age_in_years)" in describe(raised.value, "en")
    assert not (tmp_path / "out.csv").exists()


def test_two_columns_naming_one_field_are_one_clear_error(scorer, english, tmp_path) -> None:
    frame = _french_frame(scorer, english)
    frame["duration_in_month"] = frame["Durée du crédit (mois)"]
    source = _write_excel(frame, tmp_path / "lot.csv")
    with pytest.raises(AmbiguousColumns) as raised:
        score_csv(source, scorer, tmp_path / "out.csv")
    assert describe(raised.value, "fr") == (
        "Les colonnes « Durée du crédit (mois) » et « duration_in_month » désignent toutes deux "
        "le champ « Durée du crédit » : n'en gardez qu'une, pour qu'il soit clair laquelle le "
        "modèle lit."
    )
    assert not (tmp_path / "out.csv").exists()
