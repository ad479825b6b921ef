"""What an explanation says in words of its own (the counterfactual search's verdicts)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "no_change": {
        "en": "No change within the allowed ranges of {fields} turns this refusal into an "
        "approval.",
        "fr": "Aucune modification dans les limites permises de {fields} ne fait accorder ce "
        "crédit.",
    },
    "nothing_actionable": {
        "en": "The model declares no field the applicant can change.",
        "fr": "Le modèle ne déclare aucun champ que le demandeur peut modifier.",
    },
}
