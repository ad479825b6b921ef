"""What drift says to people: the headline, the PSI bands (`band_*`), the sources of decisions
(`source_*`), the steps of a run and why a report cannot be made. Evidently's own report
text stays English (it is Evidently's)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "drift": {
        "en": "DRIFT",
        "fr": "DÉRIVE",
    },
    "no_drift": {
        "en": "no drift",
        "fr": "pas de dérive",
    },
    "headline": {
        "en": "{verdict}: {drifted} of {columns} inputs drifted ({share}, alert at "
        "{alert}) in {rows} decisions ({sources}) of {model} from {since} to {until}",
        "fr": "{verdict} : {drifted} entrées sur {columns} ont dérivé ({share}, alerte à "
        "{alert}) sur {rows} décisions ({sources}) de {model} du {since} au {until}",
    },
    "score_psi": {
        "en": "; score PSI {psi} ({band})",
        "fr": " ; PSI du score {psi} ({band})",
    },
    "refused": {
        "en": "; {share} refused",
        "fr": " ; {share} de refus",
    },
    "drifted": {
        "en": ". Drifted: {names}",
        "fr": ". En dérive : {names}",
    },
    "more": {
        "en": " and {more} more",
        "fr": " et {more} autres",
    },
    "every_source": {
        "en": "every source",
        "fr": "toutes les sources",
    },
    "step_read": {
        "en": "Reading logged decisions",
        "fr": "Lecture des décisions enregistrées",
    },
    "step_psi": {
        "en": "Measuring score stability (PSI)",
        "fr": "Mesure de la stabilité du score (PSI)",
    },
    "step_import": {
        "en": "Loading Evidently",
        "fr": "Chargement d'Evidently",
    },
    "step_compare": {
        "en": "Comparing distributions",
        "fr": "Comparaison des distributions",
    },
    "step_verdicts": {
        "en": "Reading the verdicts",
        "fr": "Lecture des verdicts",
    },
    "step_save": {
        "en": "Saving the report",
        "fr": "Enregistrement du rapport",
    },
    "step_done": {
        "en": "Done",
        "fr": "Terminé",
    },
    "no_sources": {
        "en": "Choose at least one source of decisions (form, batch, api, simulation).",
        "fr": "Choisissez au moins une source de décisions (formulaire, lot, API, simulation).",
    },
    "empty_period": {
        "en": "The period is empty: {since} is not before {until}.",
        "fr": "La période est vide : {since} n'est pas avant {until}.",
    },
    "bad_threshold": {
        "en": "The alert threshold {threshold} must be a share between 0 and 1.",
        "fr": "Le seuil d'alerte {threshold} doit être une part entre 0 et 1.",
    },
    "too_few": {
        "en": "Only {rows} decisions of {model} ({sources}) were logged from {since} to "
        "{until}; at least {minimum} are needed for a meaningful comparison. Choose "
        "a longer period or more sources.",
        "fr": "Seulement {rows} décisions de {model} ({sources}) ont été enregistrées du "
        "{since} au {until} ; il en faut au moins {minimum} pour une comparaison qui "
        "ait un sens. Choisissez une période plus longue ou davantage de sources.",
    },
    "no_reference": {
        "en": "The model {model} ships no reference sample of its training data, so drift "
        "cannot be measured for it.",
        "fr": "Le modèle {model} ne fournit pas d'échantillon de référence de ses données "
        "d'entraînement : la dérive ne peut pas être mesurée.",
    },
    "reference_without_inputs": {
        "en": "The reference sample of {model} holds none of the model's inputs.",
        "fr": "L'échantillon de référence de {model} ne contient aucune des entrées du modèle.",
    },
    "missing_inputs": {
        "en": "The logged decisions lack {count} input(s) the model uses ({names}); they "
        "cannot be compared with the training data.",
        "fr": "Il manque aux décisions enregistrées {count} entrée(s) du modèle ({names}) "
        "; elles ne peuvent pas être comparées aux données d'entraînement.",
    },
    "band_stable": {
        "en": "stable",
        "fr": "stable",
    },
    "band_moderate": {
        "en": "moderate",
        "fr": "modérée",
    },
    "band_significant": {
        "en": "significant",
        "fr": "significative",
    },
    "source_form": {
        "en": "form",
        "fr": "formulaire",
    },
    "source_batch": {
        "en": "batch",
        "fr": "lot",
    },
    "source_api": {
        "en": "api",
        "fr": "API",
    },
    "source_simulation": {
        "en": "simulation",
        "fr": "simulation",
    },
    "bad_sources": {
        "en": "'{text}' is not a list of decision sources: use one or more of {known}, "
        "separated by commas.",
        "fr": "« {text} » n'est pas une liste de sources de décisions : indiquez une ou "
        "plusieurs sources parmi {known}, séparées par des virgules.",
    },
    "unsafe_no_data": {
        "en": "Evidently's report has no data script where one was expected.",
        "fr": "Le rapport d'Evidently n'a pas de script de données là où il en faut un : il "
        "n'a pas été enregistré.",
    },
    "unsafe_script": {
        "en": "Evidently's report holds a script we did not expect: {tag}",
        "fr": "Le rapport d'Evidently contient un script inattendu : il n'a pas été "
        "enregistré ({tag}).",
    },
    "unsafe_no_head": {
        "en": "Evidently's report has no <head> to hold its security policy.",
        "fr": "Le rapport d'Evidently n'a pas d'en-tête <head> où placer sa politique de "
        "sécurité : il n'a pas été enregistré.",
    },
}
