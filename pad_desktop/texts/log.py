"""What the decision log says when it cannot record: closed, its store or outbox damaged."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "store_unreadable": {
        "en": "The decision store {path} cannot be read ({reason}): it is damaged or is "
        "not a decision store. Nothing was written to it. Move it aside (its "
        "decisions stay in the moved file) to start a new one, or restore it from a "
        "backup.",
        "fr": "Le registre des décisions {path} est illisible ({reason}) : il est "
        "endommagé ou n’est pas un registre des décisions. Rien n’y a été écrit. "
        "Déplacez-le (ses décisions restent dans le fichier déplacé) pour en "
        "commencer un nouveau, ou restaurez-le depuis une sauvegarde.",
    },
    "outbox_damaged": {
        "en": "The outbox {path}, where decisions wait to be delivered to {target}, is "
        "damaged ({reason}): nothing more is acknowledged into it. Close pad-desktop "
        "on this computer, then run `pad-desktop db salvage`: it delivers every "
        "record the file still holds and moves the file aside (kept, never deleted).",
        "fr": "La file d’attente {path}, où les décisions attendent d’être transmises à "
        "{target}, est endommagée ({reason}) : plus rien n’y est enregistré. Fermez "
        "pad-desktop sur cet ordinateur, puis lancez `pad-desktop db salvage` : il "
        "transmet chaque décision que le fichier contient encore et le met de côté "
        "(conservé, jamais supprimé).",
    },
    "closed": {
        "en": "The decision log is not open, so no decision can be made: every decision "
        "must be recorded before it is shown. Check the database settings, then try "
        "again.",
        "fr": "Le registre des décisions n'est pas ouvert : aucune décision ne peut être "
        "prise, car chaque décision doit être enregistrée avant d'être montrée. "
        "Vérifiez les réglages de la base de données, puis réessayez.",
    },
    "schema_behind": {
        "en": "The decision database {target} is at revision {current}, this app needs {head}: "
        "run `pad-desktop db upgrade`.",
        "fr": "La base des décisions {target} est à la révision {current}, cette application "
        "demande {head} : lancez `pad-desktop db upgrade`.",
    },
    "schema_unknown": {
        "en": "The decision database {target} is at revision {current}, which this app does not "
        "know (it knows up to {head}): a newer or another version of pad_desktop wrote it. Use "
        "that version, or ask IT; `pad-desktop db upgrade` cannot bring it back.",
        "fr": "La base des décisions {target} est à la révision {current}, que cette application "
        "ne connaît pas (elle connaît jusqu'à {head}) : une version plus récente ou différente "
        "de pad_desktop l'a écrite. Utilisez cette version, ou adressez-vous au service "
        "informatique ; `pad-desktop db upgrade` ne peut pas la ramener.",
    },
    "schema_not_creatable": {
        "en": "The decision database {target} is at revision none, and this account may not "
        "create its tables ({reason}): an administrator runs `pad-desktop db upgrade --url URL` "
        "with an owner's account.",
        "fr": "La base des décisions {target} n'a encore aucune révision, et ce compte ne peut "
        "pas y créer ses tables ({reason}) : un administrateur lance `pad-desktop db upgrade "
        "--url URL` avec le compte d'un propriétaire.",
    },
    "revision_none": {"en": "none", "fr": "aucune"},
    # -- a record the log will not take (`RecordRefused`): what, where, why -------------------
    "refused": {
        "en": "Not recorded: {what}{where} {problem}.",
        "fr": "Non enregistré : {what}{where} {problem}.",
    },
    "of_row": {"en": " of row {row}", "fr": " de la ligne {row}"},
    "as_typed": {"en": " as typed", "fr": " telle que saisie"},
    "what_input_name": {"en": "the input name '{name}'", "fr": "le nom d'entrée « {name} »"},
    "what_input": {"en": "the input '{name}'", "fr": "l'entrée « {name} »"},
    "what_inputs": {"en": "the inputs", "fr": "les entrées"},
    "what_reason": {"en": "the reason '{reason}'", "fr": "le motif « {reason} »"},
    "what_officer": {"en": "the officer", "fr": "le nom du chargé de clientèle"},
    "what_workstation": {"en": "the workstation name", "fr": "le nom du poste"},
    "what_source": {"en": "the source", "fr": "l'origine"},
    "what_model_id": {"en": "the model id", "fr": "l'identifiant du modèle"},
    "what_model_sha256": {"en": "the model's sha256", "fr": "l'empreinte sha256 du modèle"},
    "what_os_account": {"en": "the OS account", "fr": "le compte système"},
    "what_case_ref": {"en": "the case reference", "fr": "la référence du dossier"},
    "what_previous_id": {
        "en": "the previous decision id",
        "fr": "l'identifiant de la décision précédente",
    },
    "what_id": {"en": "the decision id", "fr": "l'identifiant de la décision"},
    "what_batch_id": {"en": "the batch id", "fr": "l'identifiant du lot"},
    "what_decision": {"en": "the decision", "fr": "la décision"},
    "what_row_number": {"en": "the row number", "fr": "le numéro de ligne"},
    "what_threshold": {"en": "the threshold", "fr": "le seuil"},
    "what_score": {"en": "the score", "fr": "le score"},
    "what_latency": {"en": "the latency", "fr": "la durée de traitement"},
    "what_column": {"en": "the {column}", "fr": "la colonne « {column} »"},
    "problem_nul": {
        "en": "contains a NUL byte, which the decision database cannot store",
        "fr": "contient un octet NUL, que la base des décisions ne peut pas stocker",
    },
    "problem_surrogate": {
        "en": "contains an invalid character (a lone UTF-16 surrogate)",
        "fr": "contient un caractère invalide (un demi-caractère UTF-16 isolé)",
    },
    "problem_too_long": {
        "en": "is {length} characters long, the most the database takes is {limit}",
        "fr": "compte {length} caractères, la base en accepte au plus {limit}",
    },
    "problem_not_uuid": {
        "en": "{value} is not a canonical (lower-case) uuid",
        "fr": "{value} n'est pas un uuid canonique (en minuscules)",
    },
    "problem_not_finite": {
        "en": "is {value}, not a finite number",
        "fr": "vaut {value}, ce qui n'est pas un nombre fini",
    },
    "problem_int64": {
        "en": "is out of the database's 64-bit integer range",
        "fr": "dépasse les entiers de 64 bits de la base",
    },
    "problem_twice": {
        "en": "name the same field twice",
        "fr": "nomment deux fois le même champ",
    },
}
