"""The decision notice handed to the applicant (`notice.py` builds it, a face only renders it),
what History says of the notices issued, and the override reasons an officer chooses from
(`override_<kind>`: the dialog shows them, the notice names them)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "title": {
        "en": "Credit decision notice",
        "fr": "Avis de décision de crédit",
    },
    "case_ref": {
        "en": "Case reference",
        "fr": "Référence du dossier",
    },
    "decision_number": {
        "en": "Decision number",
        "fr": "Numéro de la décision",
    },
    "date": {
        "en": "Date of the decision",
        "fr": "Date de la décision",
    },
    "utc": {
        "en": "{0} UTC",
        "fr": "{0}, heure UTC",
    },
    "officer": {
        "en": "Officer",
        "fr": "Chargé de clientèle",
    },
    "model": {
        "en": "Model",
        "fr": "Modèle",
    },
    "decision": {
        "en": "Decision: {0}",
        "fr": "Décision : {0}",
    },
    "approved": {
        "en": "Approved",
        "fr": "Accordé",
    },
    "refused": {
        "en": "Refused",
        "fr": "Refusé",
    },
    "set_by_officer": {
        "en": "A credit officer ({officer}) reviewed the application on {date} and set "
        "this decision, which replaces the automated assessment.",
        "fr": "Un chargé de clientèle ({officer}) a réexaminé la demande le {date} et "
        "arrêté cette décision, qui remplace l’évaluation automatique.",
    },
    "confirmed_by_officer": {
        "en": "A credit officer ({officer}) reviewed the application on {date} and "
        "confirmed this decision.",
        "fr": "Un chargé de clientèle ({officer}) a réexaminé la demande le {date} et "
        "confirmé cette décision.",
    },
    "reasons_title": {
        "en": "Main reasons for this decision",
        "fr": "Principaux motifs de cette décision",
    },
    "no_reason": {
        "en": "No single factor stands out.",
        "fr": "Aucun facteur ne se détache.",
    },
    "model_context_title": {
        "en": "The automated assessment also found that these factors raised the risk",
        "fr": "L’évaluation automatique a aussi relevé ces facteurs de risque",
    },
    "reason_review": {
        "en": "Referred to a credit officer for review: the score was close to the threshold",
        "fr": "Dossier transmis pour examen à un chargé de clientèle : le score était "
        "proche du seuil",
    },
    "reason_other": {
        "en": "Examination of the application by a credit officer",
        "fr": "Examen du dossier par un chargé de clientèle",
    },
    "justification": {
        "en": "Credit officer's justification: “{0}”",
        "fr": "Justification du chargé de clientèle : « {0} »",
    },
    "rights": {
        "en": "You may ask for the decision to be reviewed by a person and for the "
        "information it was based on.",
        "fr": "Vous pouvez demander qu’une personne réexamine la décision et obtenir les "
        "informations sur lesquelles elle repose.",
    },
    "issued_title": {
        "en": "Notices issued",
        "fr": "Avis émis",
    },
    "kind_pdf": {
        "en": "PDF",
        "fr": "fichier PDF",
    },
    "kind_print": {
        "en": "printed",
        "fr": "imprimé",
    },
    "issued_line": {
        "en": "{when} · {who} · {kind} · {language} · sha256 {hash}",
        "fr": "{when} · {who} · {kind} · {language} · empreinte sha256 {hash}",
    },
    "produce_again": {
        "en": "Produce again…",
        "fr": "Reproduire…",
    },
    "not_reproducible": {
        "en": "This notice cannot be produced again as it was issued: the notice rebuilt "
        "from the log differs from the one recorded (sha256 {found} instead of "
        "{hash}). The model in use may not be the one that decided, or the log was "
        "changed: run `pad-desktop db verify`.",
        "fr": "Cet avis ne peut pas être reproduit tel qu’il a été émis : l’avis "
        "reconstruit depuis le registre diffère de celui enregistré (sha256 {found} "
        "au lieu de {hash}). Le modèle utilisé n’est peut-être pas celui qui a "
        "décidé, ou le registre a été modifié : lancez `pad-desktop db verify`.",
    },
    "not_found": {
        "en": "This notice is not in the decision log.",
        "fr": "Cet avis n’est pas dans le registre des décisions.",
    },
    "not_recorded": {
        "en": "The notice was not recorded in the decision log, so it was not issued",
        "fr": "L’avis n’a pas été enregistré dans le registre des décisions, il n’a donc "
        "pas été émis",
    },
    "not_saved": {
        "en": "The notice could not be saved",
        "fr": "L’avis n’a pas pu être écrit",
    },
    "override_other": {
        "en": "Other reason",
        "fr": "Autre motif",
    },
    "override_review": {
        "en": "Referred for review: the score is close to the threshold",
        "fr": "Transmis pour examen : le score est proche du seuil",
    },
}
