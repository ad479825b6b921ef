"""Retention, erasure and access to what is held about a case (`pad-desktop privacy`)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "edited": {
        "en": "Decision {decision_id} does not match its chain hash: it was edited. Nothing was "
        "erased; run `pad-desktop db verify` and investigate first.",
        "fr": "La décision {decision_id} ne correspond plus à son empreinte chaînée : elle a été "
        "modifiée. Rien n’a été effacé ; lancez `pad-desktop db verify` et enquêtez d’abord.",
    },
    "edited_text": {
        "en": "Record {record_id} (an override, a request or an answer about the case) does not "
        "match its chain hash: it was edited. Nothing was erased; run `pad-desktop db verify` "
        "and investigate first.",
        "fr": "L’enregistrement {record_id} (une dérogation, une demande ou une réponse sur le "
        "dossier) ne correspond plus à son empreinte chaînée : il a été modifié. Rien n’a été "
        "effacé ; lancez `pad-desktop db verify` et enquêtez d’abord.",
    },
    "not_allowed": {
        "en": "Erasing personal data needs the pad_supervisor role on the decision database; "
        "this connection does not hold it. Nothing was erased.",
        "fr": "Effacer des données personnelles exige le rôle pad_supervisor sur la base des "
        "décisions ; cette connexion ne l’a pas. Rien n’a été effacé.",
    },
    "unknown_case": {
        "en": "No decision of case {case_ref} in the log: nothing to erase.",
        "fr": "Aucune décision du dossier {case_ref} dans le journal : rien à effacer.",
    },
    "unknown_case_export": {
        "en": "No decision of case {case_ref} in the log: nothing to export.",
        "fr": "Aucune décision du dossier {case_ref} dans le journal : rien à exporter.",
    },
    "bad_case": {
        "en": "“{case_ref}” is not a case reference: 1 to 200 characters, no NUL.",
        "fr": "« {case_ref} » n’est pas une référence de dossier : 1 à 200 caractères, sans NUL.",
    },
    "no_reason": {
        "en": "Say why the data is erased: --reason TEXT (the request's reference, for instance).",
        "fr": "Dites pourquoi les données sont effacées : --reason TEXTE (la référence de la "
        "demande, par exemple).",
    },
    "texts_erased": {
        "en": "{count} free text(s) written about the case erased (override justifications, the "
        "applicant's point of view, supervisors' answers); their records are kept.",
        "fr": "{count} texte(s) libre(s) écrit(s) sur le dossier effacé(s) (justifications de "
        "dérogation, point de vue du demandeur, réponses des superviseurs) ; leurs "
        "enregistrements sont conservés.",
    },
    "erased": {
        "en": "Case {case_ref}: the personal inputs of {count} decision(s) erased; the record of "
        "each decision is kept and the chain still verifies.",
        "fr": "Dossier {case_ref} : les données personnelles de {count} décision(s) effacées ; "
        "l’enregistrement de chaque décision est conservé et la chaîne se vérifie toujours.",
    },
    "already": {
        "en": "Case {case_ref}: already erased ({count} decision(s)); nothing more to do.",
        "fr": "Dossier {case_ref} : déjà effacé ({count} décision(s)) ; rien de plus à faire.",
    },
    "waiting": {
        "en": "{count} of them were still waiting on this machine: erased here before delivery.",
        "fr": "{count} d’entre elles attendaient encore sur ce poste : effacées ici avant l’envoi.",
    },
    "database_pending": {
        "en": "The decision database could not be reached or updated: its part of the erasure "
        "is not done. Run the same command again when it can be reached.",
        "fr": "La base des décisions n’a pas pu être jointe ou mise à jour : sa part de "
        "l’effacement n’est pas faite. Relancez la même commande quand elle sera joignable.",
    },
    "files": {
        "en": "Files of the app's exports folder cleaned: {count}.",
        "fr": "Fichiers du dossier d’exports de l’application nettoyés : {count}.",
    },
    "purged": {
        "en": "Retention of {days} day(s): the personal inputs of {count} decision(s) made "
        "before {before} erased; {files} file(s) of the exports folder removed.",
        "fr": "Conservation de {days} jour(s) : les données personnelles de {count} décision(s) "
        "prises avant le {before} effacées ; {files} fichier(s) du dossier d’exports supprimés.",
    },
    "retention_reason": {
        "en": "retention period of {days} day(s) ended",
        "fr": "fin de la durée de conservation de {days} jour(s)",
    },
    "erased_value": {"en": "erased", "fr": "effacé"},
    "exported": {
        "en": "Everything held about case {case_ref} written to {json} and {pdf}.",
        "fr": "Tout ce qui est détenu sur le dossier {case_ref} écrit dans {json} et {pdf}.",
    },
    "out_unwritable": {
        "en": "The folder {path} cannot be written: {reason}",
        "fr": "Le dossier {path} ne peut pas être écrit : {reason}",
    },
    # the access report (JSON keys stay English; these are the PDF's words)
    "title": {
        "en": "What we hold about case {case_ref}",
        "fr": "Ce que nous détenons sur le dossier {case_ref}",
    },
    "produced": {"en": "Produced on {at}", "fr": "Produit le {at}"},
    "decision_heading": {"en": "Decision of {at}", "fr": "Décision du {at}"},
    "f_id": {"en": "Decision id", "fr": "Identifiant de la décision"},
    "f_source": {"en": "Channel", "fr": "Canal"},
    "f_officer": {"en": "Officer", "fr": "Chargé de clientèle"},
    "f_model": {"en": "Model", "fr": "Modèle"},
    "f_score": {"en": "Probability of default", "fr": "Probabilité de défaut"},
    "f_decision": {"en": "Decision", "fr": "Décision"},
    "f_reasons": {"en": "Main reasons", "fr": "Principales raisons"},
    "f_inputs": {"en": "Information you gave", "fr": "Informations fournies"},
    "f_policy": {"en": "Lending policy", "fr": "Politique de crédit"},
    "f_overrides": {"en": "Human reviews and overrides", "fr": "Révisions et décisions humaines"},
    "f_notices": {"en": "Notices issued", "fr": "Notifications remises"},
    "f_outcomes": {"en": "Loan outcome", "fr": "Issue du prêt"},
    "f_erasures": {"en": "Erasures", "fr": "Effacements"},
    "f_reviews": {"en": "Reviews requested", "fr": "Révisions demandées"},
    "none": {"en": "none", "fr": "aucun"},
    "inputs_erased": {
        "en": "erased on {at} ({reason})",
        "fr": "effacées le {at} ({reason})",
    },
    "rights": {
        "en": "You may ask for a human review of any decision, give your point of view, and ask "
        "for your personal data to be erased once it is no longer needed.",
        "fr": "Vous pouvez demander qu’une personne réexamine toute décision, faire valoir votre "
        "point de vue et demander l’effacement de vos données personnelles dès qu’elles ne "
        "sont plus nécessaires.",
    },
}
