"""The window's own sentences (beside the widget labels that Qt's `.ts` holds)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "batch_line_column": {"en": "Line", "fr": "Ligne"},
    "history_case_ref_tip": {
        "en": "The case or applicant number, or any part of it (capitals or not)",
        "fr": "Le numéro du dossier ou du demandeur, ou une partie (majuscules ou non)",
    },
    "history_no_case_match": {
        "en": "No decision's case reference contains “{part}” with these filters "
        "({since} to {until}). Widen the dates or clear other filters.",
        "fr": "Aucune décision dont la référence contient « {part} » avec ces filtres "
        "(du {since} au {until}). Élargissez les dates ou videz les autres filtres.",
    },
    "history_no_match": {
        "en": "No decision matches these filters ({since} to {until}).",
        "fr": "Aucune décision ne correspond à ces filtres (du {since} au {until}).",
    },
    "model_checking": {"en": "Checking…", "fr": "Vérification…"},
    "model_checking_tip": {
        "en": "Checking the model: it scores its reference sample before its first "
        "decision (a moment).",
        "fr": "Vérification du modèle : il note son échantillon de référence avant sa "
        "première décision (un instant).",
    },
}
