"""What the value rules say of a cell an officer typed or a file held: one sentence per broken rule
(keys are the `values.Rule` names), and of a case reference."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "missing": {
        "en": "{label} is required.",
        "fr": "{label} est obligatoire.",
    },
    "not_a_number": {
        "en": "{label}: '{text}' is not a number.",
        "fr": "{label} : « {text} » n'est pas un nombre.",
    },
    "underscore": {
        "en": "{label}: '{text}' is not a number (write digits without '_').",
        "fr": "{label} : « {text} » n'est pas un nombre (écrivez les chiffres sans « _ »).",
    },
    "nul_byte": {
        "en": "{label}: the value contains a NUL byte (an invisible control character); retype it.",
        "fr": "{label} : la valeur contient un octet NUL (un caractère de contrôle "
        "invisible) ; ressaisissez-la.",
    },
    "too_long": {
        "en": "{label}: '{text}' is too long to be a value of this field.",
        "fr": "{label} : « {text} » est trop long pour une valeur de ce champ.",
    },
    "not_finite": {
        "en": "{label}: '{text}' is not a finite number.",
        "fr": "{label} : « {text} » n'est pas un nombre fini.",
    },
    "not_whole": {
        "en": "{label}: {text} must be a whole number.",
        "fr": "{label} : {text} doit être un nombre entier.",
    },
    "below_min": {
        "en": "{label}: {text} is below the minimum of {minimum}{unit}.",
        "fr": "{label} : {text} est inférieur au minimum de {minimum}{unit}.",
    },
    "above_max": {
        "en": "{label}: {text} is above the maximum of {maximum}{unit}.",
        "fr": "{label} : {text} est supérieur au maximum de {maximum}{unit}.",
    },
    "unknown_category": {
        "en": "{label}: '{text}' is not an accepted value. Accepted: {allowed}{more}.",
        "fr": "{label} : « {text} » n'est pas une valeur acceptée. Valeurs acceptées : "
        "{allowed}{more}.",
    },
    "not_boolean": {
        "en": "{label}: '{text}' is not yes or no.",
        "fr": "{label} : « {text} » n'est ni oui ni non.",
    },
    "ambiguous_comma": {
        "en": "{label}: '{text}' is ambiguous: its comma reads as a decimal comma, but "
        "here the decimal mark is '.' and ',' only groups thousands (as in 1,234). "
        "For the decimal number, write {point}.",
        "fr": "{label} : « {text} » est ambigu : sa virgule se lit comme une virgule "
        "décimale, mais ici le séparateur décimal est le point et la virgule ne "
        "sépare que les milliers (comme dans 1,234). Pour le nombre décimal, écrivez "
        "{point}.",
    },
    "grouped_not_whole": {
        "en": "{label}: {text} reads as {read} ('{mark}' is the decimal mark here) and "
        "must be a whole number; to mean {plain}, write {plain} without '{mark}'.",
        "fr": "{label} : {text} se lit {read} (« {mark} » est ici le séparateur décimal) "
        "et doit être un nombre entier ; pour dire {plain}, écrivez {plain} sans « "
        "{mark} ».",
    },
    "more": {
        "en": " (and {n} more)",
        "fr": " (et {n} autres)",
    },
    "quoted": {
        "en": "'{text}'",
        "fr": "« {text} »",
    },
    "list_separator": {
        "en": "; ",
        "fr": " ; ",
    },
    "case_ref_missing": {
        "en": "Enter the case reference (the case or applicant number) so this decision "
        "can be found in History.",
        "fr": "Saisissez la référence du dossier (numéro de dossier ou de client) pour "
        "retrouver cette décision dans l'historique.",
    },
    "case_ref_invalid": {
        "en": "The case reference must be a text or a whole number of at most {limit} "
        "characters, without control characters.",
        "fr": "La référence du dossier doit être un texte ou un nombre entier d'au plus "
        "{limit} caractères, sans caractère de contrôle.",
    },
    "shown_missing": {"en": "missing", "fr": "manquant"},
}
