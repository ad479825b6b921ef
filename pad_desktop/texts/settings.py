"""What a setting that cannot be used says (named by its variable, quoted as it was written)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "required": {
        "en": "{source}: a value is required",
        "fr": "{source} : une valeur est obligatoire",
    },
    "not_whole": {
        "en": "{source}={value}: not a whole number",
        "fr": "{source}={value} : ce n'est pas un nombre entier",
    },
    "not_number": {
        "en": "{source}={value}: not a number",
        "fr": "{source}={value} : ce n'est pas un nombre",
    },
    "not_kind": {
        "en": "{source}={value}: not a {kind}",
        "fr": "{source}={value} : ce n'est pas une valeur de type {kind}",
    },
    "not_finite": {
        "en": "{source}={value}: not a finite number",
        "fr": "{source}={value} : ce n'est pas un nombre fini",
    },
    "out_of_bounds": {
        "en": "{source}={value}: must be {rule}",
        "fr": "{source}={value} : doit être {rule}",
    },
    "from_to": {
        "en": "from {low} to less than {high}",
        "fr": "compris entre {low} et moins de {high}",
    },
    "at_least": {"en": "{low} or more", "fr": "supérieur ou égal à {low}"},
    "above": {"en": "above {low}", "fr": "supérieur à {low}"},
    "unusable": {
        "en": "A setting cannot be used: {error}",
        "fr": "Un réglage ne peut pas être utilisé : {error}",
    },
}
