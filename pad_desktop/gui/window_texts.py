"""The window's own new sentences, in English and French (folded into the one catalogue when
the catalogue is merged): `window_text(key, lang, **values)` words them."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "batch.line_column": {"en": "Line", "fr": "Ligne"},
    "history.case_ref_tip": {
        "en": "The case or applicant number, or any part of it (capitals or not)",
        "fr": "Le numéro du dossier ou du demandeur, ou une partie (majuscules ou non)",
    },
    "history.no_case_match": {
        "en": "No decision's case reference contains “{part}” with these filters "
        "({since} to {until}). Widen the dates or clear other filters.",
        "fr": "Aucune décision dont la référence contient « {part} » avec ces filtres "
        "(du {since} au {until}). Élargissez les dates ou videz les autres filtres.",
    },
    "history.no_match": {
        "en": "No decision matches these filters ({since} to {until}).",
        "fr": "Aucune décision ne correspond à ces filtres (du {since} au {until}).",
    },
}


def window_text(key: str, lang: str, **values: object) -> str:
    """`key`'s sentence in `lang` (English when the language has none), filled with `values`."""
    texts = TEXTS[key]
    return texts.get(lang, texts["en"]).format(**values)
