"""What the headless API answers in `detail` / `msg` (French when the request's Accept-Language
prefers it). `pydantic_*`: FastAPI's own validation sentences by error type (the English is
pydantic's wording, answered unchanged)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "json_invalid": {
        "en": "The body is not valid JSON: {error}",
        "fr": "Le corps de la requête n'est pas du JSON valide : {error}",
    },
    "body_not_object": {
        "en": "The body must be a JSON object of the applicant's fields.",
        "fr": "Le corps de la requête doit être un objet JSON des champs du demandeur.",
    },
    "body_not_list": {
        "en": "The body must be a JSON list of applicants.",
        "fr": "Le corps de la requête doit être une liste JSON de demandeurs.",
    },
    "row_not_object": {
        "en": "Applicant {index} is not a JSON object.",
        "fr": "Le demandeur {index} n'est pas un objet JSON.",
    },
    "unknown_query": {
        "en": "Unknown query parameter '{name}'; only '{known}' is accepted.",
        "fr": "Paramètre de requête inconnu « {name} » ; seul « {known} » est accepté.",
    },
    "not_recorded": {
        "en": "The decision could not be recorded, so none was made. Try again later.",
        "fr": "La décision n'a pas pu être enregistrée, elle n'a donc pas été prise. "
        "Réessayez plus tard.",
    },
    "internal": {
        "en": "Internal error; the server log has the details.",
        "fr": "Erreur interne ; le journal du serveur en donne le détail.",
    },
    "busy": {
        "en": "The server is busy: too many requests at once. Retry in a moment.",
        "fr": "Le serveur est occupé : trop de requêtes à la fois. Réessayez dans un instant.",
    },
    "no_key_public": {
        "en": "This server listens on a public address without an API key; set PAD_API_KEY "
        "and restart.",
        "fr": "Ce serveur écoute sur une adresse publique sans clé d'API ; définissez "
        "PAD_API_KEY et redémarrez-le.",
    },
    "missing_header": {
        "en": "Missing {header} header.",
        "fr": "L'en-tête {header} manque.",
    },
    "wrong_header": {
        "en": "Wrong {header}.",
        "fr": "{header} incorrecte.",
    },
    "too_large": {
        "en": "The request body is larger than {limit} bytes.",
        "fr": "Le corps de la requête dépasse {limit} octets.",
    },
    "not_found": {
        "en": "Not Found",
        "fr": "Introuvable",
    },
    "method_not_allowed": {
        "en": "Method Not Allowed",
        "fr": "Méthode non autorisée",
    },
    "admin_off": {
        "en": "Model changes over HTTP are off: the server has no admin key (PAD_ADMIN_KEY).",
        "fr": "Les changements de modèle par HTTP sont désactivés : le serveur n'a pas de "
        "clé d'administration (PAD_ADMIN_KEY).",
    },
    "model_not_loading": {
        "en": "The active model does not load: {error}",
        "fr": "Le modèle actif ne se charge pas : {error}",
    },
    "model_unusable": {
        "en": "The model in use is unusable, so no decision was made (nothing was "
        "recorded): {error}",
        "fr": "Le modèle en service est inutilisable, aucune décision n'a donc été prise "
        "(rien n'a été enregistré) : {error}",
    },
    "applicant_output": {
        "en": "applicant {index}: {message}",
        "fr": "demandeur {index} : {message}",
    },
    "pinned": {
        "en": "This server is pinned to {path}: a Hub model would not be used. Restart it "
        "without --model / PAD_MODEL to follow the Hub.",
        "fr": "Ce serveur est fixé sur {path} : un modèle du Hub ne serait pas utilisé. "
        "Redémarrez-le sans --model / PAD_MODEL pour suivre le Hub.",
    },
    "needs_review": {
        "en": "{error} Install it from the desktop app or the CLI after review.",
        "fr": "{error} Installez-le depuis l'application de bureau ou la ligne de commande "
        "après vérification.",
    },
    "pydantic_bool_type": {
        "en": "Input should be a valid boolean",
        "fr": "La valeur doit être un booléen JSON (true ou false)",
    },
    "pydantic_bool_parsing": {
        "en": "Input should be a valid boolean, unable to interpret input",
        "fr": "La valeur doit être un booléen JSON (true ou false) : elle ne se lit pas comme tel",
    },
    "pydantic_extra_forbidden": {
        "en": "Extra inputs are not permitted",
        "fr": "Ce champ n'est pas accepté",
    },
    "pydantic_model_attributes_type": {
        "en": "Input should be a valid dictionary or object to extract fields from",
        "fr": "Le corps doit être un objet JSON",
    },
    "pydantic_dict_type": {
        "en": "Input should be a valid dictionary",
        "fr": "La valeur doit être un objet JSON",
    },
    "pydantic_json_invalid": {
        "en": "JSON decode error",
        "fr": "Erreur de lecture du JSON",
    },
    "pydantic_missing": {
        "en": "Field required",
        "fr": "Champ obligatoire",
    },
    "pydantic_string_type": {
        "en": "Input should be a valid string",
        "fr": "La valeur doit être un texte",
    },
}
