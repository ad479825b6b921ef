"""What drift says to people, in English and French: the headline, the PSI bands, the sources,
the steps of a run and why a report cannot be made. Evidently's own report text stays English
(it is Evidently's); the input names in it follow the officer's language (`report`)."""

from __future__ import annotations

from pad_desktop.locale_text import normalize

DRIFT_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "drift": "DRIFT",
        "no_drift": "no drift",
        "headline": "{verdict}: {drifted} of {columns} inputs drifted ({share}, alert at "
        "{alert}) in {rows} decisions ({sources}) of {model} from {since} to {until}",
        "score_psi": "; score PSI {psi} ({band})",
        "refused": "; {share} refused",
        "drifted": ". Drifted: {names}",
        "more": " and {more} more",
        "every_source": "every source",
        "step_read": "Reading logged decisions",
        "step_psi": "Measuring score stability (PSI)",
        "step_import": "Loading Evidently",
        "step_compare": "Comparing distributions",
        "step_verdicts": "Reading the verdicts",
        "step_save": "Saving the report",
        "step_done": "Done",
        "no_sources": "Choose at least one source of decisions (form, batch, api, simulation).",
        "empty_period": "The period is empty: {since} is not before {until}.",
        "bad_threshold": "The alert threshold {threshold} must be a share between 0 and 1.",
        "too_few": "Only {rows} decisions of {model} ({sources}) were logged from {since} to "
        "{until}; at least {minimum} are needed for a meaningful comparison. Choose a longer "
        "period or more sources.",
        "no_reference": "The model {model} ships no reference sample of its training data, so "
        "drift cannot be measured for it.",
        "reference_without_inputs": "The reference sample of {model} holds none of the "
        "model's inputs.",
        "missing_inputs": "The logged decisions lack {count} input(s) the model uses ({names}); "
        "they cannot be compared with the training data.",
    },
    "fr": {
        "drift": "DÉRIVE",
        "no_drift": "pas de dérive",
        "headline": "{verdict} : {drifted} entrées sur {columns} ont dérivé ({share}, alerte "
        "à {alert}) sur {rows} décisions ({sources}) de {model} du {since} au {until}",
        "score_psi": " ; PSI du score {psi} ({band})",
        "refused": " ; {share} de refus",
        "drifted": ". En dérive : {names}",
        "more": " et {more} autres",
        "every_source": "toutes les sources",
        "step_read": "Lecture des décisions enregistrées",
        "step_psi": "Mesure de la stabilité du score (PSI)",
        "step_import": "Chargement d'Evidently",
        "step_compare": "Comparaison des distributions",
        "step_verdicts": "Lecture des verdicts",
        "step_save": "Enregistrement du rapport",
        "step_done": "Terminé",
        "no_sources": "Choisissez au moins une source de décisions (formulaire, lot, API, "
        "simulation).",
        "empty_period": "La période est vide : {since} n'est pas avant {until}.",
        "bad_threshold": "Le seuil d'alerte {threshold} doit être une part entre 0 et 1.",
        "too_few": "Seulement {rows} décisions de {model} ({sources}) ont été enregistrées du "
        "{since} au {until} ; il en faut au moins {minimum} pour une comparaison qui ait un "
        "sens. Choisissez une période plus longue ou davantage de sources.",
        "no_reference": "Le modèle {model} ne fournit pas d'échantillon de référence de ses "
        "données d'entraînement : la dérive ne peut pas être mesurée.",
        "reference_without_inputs": "L'échantillon de référence de {model} ne contient aucune "
        "des entrées du modèle.",
        "missing_inputs": "Il manque aux décisions enregistrées {count} entrée(s) du modèle "
        "({names}) ; elles ne peuvent pas être comparées aux données d'entraînement.",
    },
}
BANDS = {
    "en": {"stable": "stable", "moderate": "moderate", "significant": "significant"},
    "fr": {"stable": "stable", "moderate": "modérée", "significant": "significative"},
}
SOURCES = {
    "en": {"form": "form", "batch": "batch", "api": "api", "simulation": "simulation"},
    "fr": {"form": "formulaire", "batch": "lot", "api": "API", "simulation": "simulation"},
}
# Words French spells as English does (a translation walker must not count them).
SAME_IN_FRENCH = frozenset({"stable", "simulation"})


def drift_text(key: str, lang: str = "en", **values: object) -> str:
    """The drift sentence `key` in `lang`, its blanks filled with `values`."""
    return DRIFT_TEXTS[normalize(lang)][key].format(**values)


def band_name(band: str | None, lang: str = "en") -> str:
    return "" if band is None else BANDS[normalize(lang)].get(band, band)


def source_names(sources: tuple[str, ...] | list[str], lang: str = "en") -> str:
    names = SOURCES[normalize(lang)]
    return ", ".join(names.get(s, s) for s in sources) or drift_text("every_source", lang)
