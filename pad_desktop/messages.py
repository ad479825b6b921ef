"""Every sentence the value rules say to an officer, once, in English and French.

The faces never word a validation message themselves: they show `field_message(...)`. The
language is the officer's ("en" or "fr"); anything else falls back to English.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from pad_desktop.locale_text import format_number, normalize, unit_label
from pad_desktop.texts import text
from pad_desktop.values import Rule

if TYPE_CHECKING:
    from pad_desktop.signature import FieldSpec

LANGUAGES = ("en", "fr")
MAX_LISTED = 6  # accepted categories listed in a message before "and N more"

FIELD_MESSAGES: dict[str, dict[Rule, str]] = {
    "en": {
        Rule.MISSING: "{label} is required.",
        Rule.NOT_A_NUMBER: "{label}: '{text}' is not a number.",
        Rule.UNDERSCORE: "{label}: '{text}' is not a number (write digits without '_').",
        Rule.NUL_BYTE: "{label}: the value contains a NUL byte (an invisible control "
        "character); retype it.",
        Rule.TOO_LONG: "{label}: '{text}' is too long to be a value of this field.",
        Rule.NOT_FINITE: "{label}: '{text}' is not a finite number.",
        Rule.NOT_WHOLE: "{label}: {text} must be a whole number.",
        Rule.BELOW_MIN: "{label}: {text} is below the minimum of {minimum}{unit}.",
        Rule.ABOVE_MAX: "{label}: {text} is above the maximum of {maximum}{unit}.",
        Rule.UNKNOWN_CATEGORY: "{label}: '{text}' is not an accepted value. Accepted: "
        "{allowed}{more}.",
        Rule.NOT_BOOLEAN: "{label}: '{text}' is not yes or no.",
        Rule.AMBIGUOUS_COMMA: "{label}: '{text}' is ambiguous: its comma reads as a decimal "
        "comma, but here the decimal mark is '.' and ',' only groups thousands (as in 1,234). "
        "For the decimal number, write {point}.",
    },
    "fr": {
        Rule.MISSING: "{label} est obligatoire.",
        Rule.NOT_A_NUMBER: "{label} : « {text} » n'est pas un nombre.",
        Rule.UNDERSCORE: "{label} : « {text} » n'est pas un nombre (écrivez les chiffres "
        "sans « _ »).",
        Rule.NUL_BYTE: "{label} : la valeur contient un octet NUL (un caractère de contrôle "
        "invisible) ; ressaisissez-la.",
        Rule.TOO_LONG: "{label} : « {text} » est trop long pour une valeur de ce champ.",
        Rule.NOT_FINITE: "{label} : « {text} » n'est pas un nombre fini.",
        Rule.NOT_WHOLE: "{label} : {text} doit être un nombre entier.",
        Rule.BELOW_MIN: "{label} : {text} est inférieur au minimum de {minimum}{unit}.",
        Rule.ABOVE_MAX: "{label} : {text} est supérieur au maximum de {maximum}{unit}.",
        Rule.UNKNOWN_CATEGORY: "{label} : « {text} » n'est pas une valeur acceptée. "
        "Valeurs acceptées : {allowed}{more}.",
        Rule.NOT_BOOLEAN: "{label} : « {text} » n'est ni oui ni non.",
        Rule.AMBIGUOUS_COMMA: "{label} : « {text} » est ambigu : sa virgule se lit comme une "
        "virgule décimale, mais ici le séparateur décimal est le point et la virgule ne sépare "
        "que les milliers (comme dans 1,234). Pour le nombre décimal, écrivez {point}.",
    },
}
MORE = {"en": " (and {n} more)", "fr": " (et {n} autres)"}
QUOTED = {"en": "'{0}'", "fr": "« {0} »"}
LIST_SEP = {"en": "; ", "fr": " ; "}

# "3,500" in a whole-number field where "," is the decimal mark (a French file or form) reads
# as 3.5, and "3.500" where "." is: say why, and what to type instead.
GROUPED_NOT_WHOLE = {
    "en": "{label}: {text} reads as {read} ('{mark}' is the decimal mark here) and must be a "
    "whole number; to mean {plain}, write {plain} without '{mark}'.",
    "fr": "{label} : {text} se lit {read} (« {mark} » est ici le séparateur décimal) et doit "
    "être un nombre entier ; pour dire {plain}, écrivez {plain} sans « {mark} ».",
}
_ONE_GROUP = re.compile(r"([+-]?[1-9]\d{0,2})([.,])(\d{3})")  # "0,500" is no thousands group


def _collation_key(text: str) -> str:
    """Alphabetical order as a reader expects it: "électroménager" among the e's."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _bound(x: float | None, lang: str) -> str:
    return "" if x is None else format_number(x, lang)


def field_message(spec: FieldSpec, rule: Rule, text: str, lang: str = "en") -> str:
    """The sentence for `text` breaking `rule` in field `spec`, in `lang` ("en" or "fr").

    Numbers (bounds) are written as the language writes them; categories are listed as the
    officer's drop-down shows them (French labels in French: both they and the English
    values are accepted input)."""
    lang = normalize(lang)
    label = spec.label_in(lang)
    grouped = _ONE_GROUP.fullmatch(text) if rule is Rule.NOT_WHOLE else None
    if grouped:
        head, mark, tail = grouped.groups()
        return GROUPED_NOT_WHOLE[lang].format(
            label=label,
            text=text,
            read=format_number(float(f"{head}.{tail}"), lang),
            mark=mark,
            plain=head + tail,
        )
    allowed = sorted(spec.category_labels(lang), key=_collation_key)
    return FIELD_MESSAGES[lang][rule].format(
        label=label,
        text=text,
        minimum=_bound(spec.minimum, lang),
        maximum=_bound(spec.maximum, lang),
        unit=f" {unit_label(spec.unit, lang)}" if spec.unit else "",
        allowed=LIST_SEP[lang].join(QUOTED[lang].format(c) for c in allowed[:MAX_LISTED]),
        more=MORE[lang].format(n=len(allowed) - MAX_LISTED) if len(allowed) > MAX_LISTED else "",
        point=_with_point(text) if rule is Rule.AMBIGUOUS_COMMA else "",
    )


def _with_point(text: str) -> str:
    """A decimal-comma text ("1 234,50", "1.234,5") as the "." dialect writes it ("1234.50")."""
    for ch in " \u00a0\u202f.":
        text = text.replace(ch, "")
    return text.replace(",", ".")


CASE_REF_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "missing": "Enter the case reference (the case or applicant number) so this decision "
        "can be found in History.",
        "invalid": "The case reference must be a text or a whole number of at most {limit} "
        "characters, without control characters.",
    },
    "fr": {
        "missing": "Saisissez la référence du dossier (numéro de dossier ou de client) pour "
        "retrouver cette décision dans l'historique.",
        "invalid": "La référence du dossier doit être un texte ou un nombre entier d'au plus "
        "{limit} caractères, sans caractère de contrôle.",
    },
}


def case_ref_message(rule: str, lang: str = "en") -> str:
    """The sentence for a case reference that breaks `rule` ("missing" or "invalid")."""
    from pad_desktop.values import MAX_CELL_CHARS

    table = CASE_REF_MESSAGES[normalize(lang)]
    return table[rule].format(limit=MAX_CELL_CHARS)


# What the headless API answers in `detail` / `msg` (French when the request's Accept-Language
# prefers it; the JSON shapes are the same in both languages).
API_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "json_invalid": "The body is not valid JSON: {error}",
        "body_not_object": "The body must be a JSON object of the applicant's fields.",
        "body_not_list": "The body must be a JSON list of applicants.",
        "row_not_object": "Applicant {index} is not a JSON object.",
        "unknown_query": "Unknown query parameter '{name}'; only '{known}' is accepted.",
        "not_recorded": "The decision could not be recorded, so none was made. Try again later.",
        "internal": "Internal error; the server log has the details.",
        "busy": "The server is busy: too many requests at once. Retry in a moment.",
        "no_key_public": "This server listens on a public address without an API key; set "
        "PAD_API_KEY and restart.",
        "missing_header": "Missing {header} header.",
        "wrong_header": "Wrong {header}.",
        "too_large": "The request body is larger than {limit} bytes.",
        "not_found": "Not Found",
        "method_not_allowed": "Method Not Allowed",
        "admin_off": "Model changes over HTTP are off: the server has no admin key "
        "(PAD_ADMIN_KEY).",
        "model_not_loading": "The active model does not load: {error}",
        "model_unusable": "The model in use is unusable, so no decision was made (nothing was "
        "recorded): {error}",
        "applicant_output": "applicant {index}: {message}",
        "pinned": "This server is pinned to {path}: a Hub model would not be used. Restart it "
        "without --model / PAD_MODEL to follow the Hub.",
        "needs_review": "{error} Install it from the desktop app or the CLI after review.",
    },
    "fr": {
        "json_invalid": "Le corps de la requête n'est pas du JSON valide : {error}",
        "body_not_object": "Le corps de la requête doit être un objet JSON des champs du "
        "demandeur.",
        "body_not_list": "Le corps de la requête doit être une liste JSON de demandeurs.",
        "row_not_object": "Le demandeur {index} n'est pas un objet JSON.",
        "unknown_query": "Paramètre de requête inconnu « {name} » ; seul « {known} » est accepté.",
        "not_recorded": "La décision n'a pas pu être enregistrée, elle n'a donc pas été prise. "
        "Réessayez plus tard.",
        "internal": "Erreur interne ; le journal du serveur en donne le détail.",
        "busy": "Le serveur est occupé : trop de requêtes à la fois. Réessayez dans un instant.",
        "no_key_public": "Ce serveur écoute sur une adresse publique sans clé d'API ; "
        "définissez PAD_API_KEY et redémarrez-le.",
        "missing_header": "L'en-tête {header} manque.",
        "wrong_header": "{header} incorrecte.",
        "too_large": "Le corps de la requête dépasse {limit} octets.",
        "not_found": "Introuvable",
        "method_not_allowed": "Méthode non autorisée",
        "admin_off": "Les changements de modèle par HTTP sont désactivés : le serveur n'a pas "
        "de clé d'administration (PAD_ADMIN_KEY).",
        "model_not_loading": "Le modèle actif ne se charge pas : {error}",
        "model_unusable": "Le modèle en service est inutilisable, aucune décision n'a donc été "
        "prise (rien n'a été enregistré) : {error}",
        "applicant_output": "demandeur {index} : {message}",
        "pinned": "Ce serveur est fixé sur {path} : un modèle du Hub ne serait pas utilisé. "
        "Redémarrez-le sans --model / PAD_MODEL pour suivre le Hub.",
        "needs_review": "{error} Installez-le depuis l'application de bureau ou la ligne de "
        "commande après vérification.",
    },
}


def file_message(key: str, lang: str = "en", **values: object) -> str:
    """The batch's sentence `key` about a file's line in `lang` (line numbers not grouped: an
    editor's)."""
    return text(f"file.{key}", lang, **values)


def api_message(key: str, lang: str = "en", **values: object) -> str:
    """The API's sentence `key` in `lang`, with `values` filled in (byte limits stay plain
    digits: an operator copies them into the configuration)."""
    return API_MESSAGES[normalize(lang)][key].format(**values)


def api_translation(detail: str, lang: str) -> str:
    """An English fixed API sentence (Starlette's "Not Found"...) in `lang`; others unchanged."""
    lang = normalize(lang)
    if lang == "en":
        return detail
    key = _API_FIXED.get(detail)
    return API_MESSAGES[lang][key] if key else detail


_API_FIXED = {text: key for key, text in API_MESSAGES["en"].items() if "{" not in text}


# FastAPI's own 422 sentences (pydantic's, by error `type`) for the few request bodies its
# routes read: the English is pydantic's wording, answered unchanged; French replaces it.
VALIDATION_TYPES: dict[str, dict[str, str]] = {
    "en": {
        "bool_type": "Input should be a valid boolean",
        "bool_parsing": "Input should be a valid boolean, unable to interpret input",
        "extra_forbidden": "Extra inputs are not permitted",
        "model_attributes_type": "Input should be a valid dictionary or object to extract "
        "fields from",
        "dict_type": "Input should be a valid dictionary",
        "json_invalid": "JSON decode error",
        "missing": "Field required",
        "string_type": "Input should be a valid string",
    },
    "fr": {
        "bool_type": "La valeur doit être un booléen JSON (true ou false)",
        "bool_parsing": "La valeur doit être un booléen JSON (true ou false) : elle ne se lit "
        "pas comme tel",
        "extra_forbidden": "Ce champ n'est pas accepté",
        "model_attributes_type": "Le corps doit être un objet JSON",
        "dict_type": "La valeur doit être un objet JSON",
        "json_invalid": "Erreur de lecture du JSON",
        "missing": "Champ obligatoire",
        "string_type": "La valeur doit être un texte",
    },
}


def validation_message(kind: str, english: str, lang: str) -> str:
    """A FastAPI validation problem's `msg` in `lang` (English: pydantic's own sentence)."""
    if normalize(lang) == "en":
        return english
    return VALIDATION_TYPES["fr"].get(kind, english)


# The decision notice handed to the applicant (`notice.py` builds it, a face only renders it),
# and what History says of the notices issued.
NOTICE_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "title": "Credit decision notice",
        "case_ref": "Case reference",
        "decision_number": "Decision number",
        "date": "Date of the decision",
        "utc": "{0} UTC",
        "officer": "Officer",
        "model": "Model",
        "decision": "Decision: {0}",
        "approved": "Approved",
        "refused": "Refused",
        "set_by_officer": "A credit officer ({officer}) reviewed the application on {date} and "
        "set this decision, which replaces the automated assessment.",
        "confirmed_by_officer": "A credit officer ({officer}) reviewed the application on {date} "
        "and confirmed this decision.",
        "reasons_title": "Main reasons for this decision",
        "no_reason": "No single factor stands out.",
        "model_context_title": "The automated assessment also found that these factors raised "
        "the risk",
        "reason_review": "Referred to a credit officer for review: the score was close to the "
        "threshold",
        "reason_other": "Examination of the application by a credit officer",
        "justification": "Credit officer's justification: “{0}”",
        "rights": "You may ask for the decision to be reviewed by a person and for the "
        "information it was based on.",
        "issued_title": "Notices issued",
        "kind_pdf": "PDF",
        "kind_print": "printed",
        "issued_line": "{when} · {who} · {kind} · {language} · sha256 {hash}",
        "produce_again": "Produce again…",
        "not_reproducible": "This notice cannot be produced again as it was issued: the notice "
        "rebuilt from the log differs from the one recorded (sha256 {found} instead of {hash}). "
        "The model in use may not be the one that decided, or the log was changed: run "
        "`pad-desktop db verify`.",
        "not_found": "This notice is not in the decision log.",
        "not_recorded": "The notice was not recorded in the decision log, so it was not issued",
        "not_saved": "The notice could not be saved",
    },
    "fr": {
        "title": "Avis de décision de crédit",
        "case_ref": "Référence du dossier",
        "decision_number": "Numéro de la décision",
        "date": "Date de la décision",
        "utc": "{0}, heure UTC",
        "officer": "Chargé de clientèle",
        "model": "Modèle",
        "decision": "Décision : {0}",
        "approved": "Accordé",
        "refused": "Refusé",
        "set_by_officer": "Un chargé de clientèle ({officer}) a réexaminé la demande le {date} "
        "et arrêté cette décision, qui remplace l’évaluation automatique.",
        "confirmed_by_officer": "Un chargé de clientèle ({officer}) a réexaminé la demande le "
        "{date} et confirmé cette décision.",
        "reasons_title": "Principaux motifs de cette décision",
        "no_reason": "Aucun facteur ne se détache.",
        "model_context_title": "L’évaluation automatique a aussi relevé ces facteurs de risque",
        "reason_review": "Dossier transmis pour examen à un chargé de clientèle : le score était "
        "proche du seuil",
        "reason_other": "Examen du dossier par un chargé de clientèle",
        "justification": "Justification du chargé de clientèle : « {0} »",
        "rights": "Vous pouvez demander qu’une personne réexamine la décision et obtenir les "
        "informations sur lesquelles elle repose.",
        "issued_title": "Avis émis",
        "kind_pdf": "fichier PDF",
        "kind_print": "imprimé",
        "issued_line": "{when} · {who} · {kind} · {language} · empreinte sha256 {hash}",
        "produce_again": "Reproduire…",
        "not_reproducible": "Cet avis ne peut pas être reproduit tel qu’il a été émis : l’avis "
        "reconstruit depuis le registre diffère de celui enregistré (sha256 {found} au lieu "
        "de {hash}). Le modèle utilisé n’est peut-être pas celui qui a décidé, ou le registre "
        "a été modifié : lancez `pad-desktop db verify`.",
        "not_found": "Cet avis n’est pas dans le registre des décisions.",
        "not_recorded": "L’avis n’a pas été enregistré dans le registre des décisions, il n’a "
        "donc pas été émis",
        "not_saved": "L’avis n’a pas pu être écrit",
    },
}

# The reason categories an officer chooses when overriding (the dialog shows them, the
# recorded justification starts with the chosen one, the notice names it): "" is "other".
OVERRIDE_REASONS: dict[str, dict[str, str]] = {
    "en": {
        "": "Other reason",
        "review": "Referred for review: the score is close to the threshold",
    },
    "fr": {
        "": "Autre motif",
        "review": "Transmis pour examen : le score est proche du seuil",
    },
}


# What is wrong with a model bundle, naming the file and the part (IT reads it, and so does the
# officer whose window or batch refuses the model). Numbers and texts from the bundle fill the
# blanks; `bundle.BundleError(key, **values)` words them.
BUNDLE_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "threshold_not_number": "MLmodel: the threshold is not a number ({value}).",
        "threshold_out_of_range": "MLmodel: the threshold {value} is not a probability "
        "between 0 and 1.",
        "bound_not_number": "MLmodel: input '{field}': '{part}' is not a number ({value}).",
        "bounds_reversed": "MLmodel: input '{field}': 'min' {minimum} is above 'max' {maximum}.",
        "categories_not_texts": "MLmodel: input '{field}': 'categories' is not a list of texts.",
        "category_twice": "MLmodel: input '{field}': the category '{category}' is listed twice.",
        "codes_not_list": "MLmodel: input '{field}': 'codes' is not a list of numbers.",
        "codes_count": "MLmodel: input '{field}' has {categories} categories but {codes} "
        "codes: each category needs one code.",
        "code_not_number": "MLmodel: input '{field}': the code {value} is not a number.",
        "reference_unreadable": "{file}: the reference sample cannot be read ({error}).",
        "reference_invalid": "{file}: {count} row(s) of the reference sample fail the bundle's "
        "own signature, e.g. row {row}: {message}",
        "example_invalid": "MLmodel: the example applicant fails the bundle's own signature: "
        "{message}",
        "expected_not_number": "{file}: the expected score of row {row} is not a number "
        "('{value}').",
        "not_probabilities": "model.onnx answers {value} for row {row} of the bundle's {sample}, "
        "which is not a probability (a finite number between 0 and 1): the model is unusable.",
        "not_reproduced": "model.onnx does not reproduce the expected scores of {file}: row "
        "{row} scores {score}, the bundle expects {expected} (tolerance {tolerance}).",
        "sample_reference": "reference sample",
        "sample_example": "example applicant",
        "output_not_probability": "The model answered {value} for this applicant, which is not "
        "a probability (a finite number between 0 and 1): no decision was made. The model is "
        "faulty; tell IT.",
        "row_output": "The model answered {value} for this row, which is not a probability "
        "(a finite number between 0 and 1): no decision was made for it.",
    },
    "fr": {
        "threshold_not_number": "MLmodel : le seuil n'est pas un nombre ({value}).",
        "threshold_out_of_range": "MLmodel : le seuil {value} n'est pas une probabilité "
        "comprise entre 0 et 1.",
        "bound_not_number": "MLmodel : entrée « {field} » : « {part} » n'est pas un nombre "
        "({value}).",
        "bounds_reversed": "MLmodel : entrée « {field} » : « min » {minimum} dépasse « max » "
        "{maximum}.",
        "categories_not_texts": "MLmodel : entrée « {field} » : « categories » n'est pas une "
        "liste de textes.",
        "category_twice": "MLmodel : entrée « {field} » : la catégorie « {category} » figure "
        "deux fois.",
        "codes_not_list": "MLmodel : entrée « {field} » : « codes » n'est pas une liste de "
        "nombres.",
        "codes_count": "MLmodel : l'entrée « {field} » a {categories} catégories mais {codes} "
        "codes : chaque catégorie a besoin d'un code.",
        "code_not_number": "MLmodel : entrée « {field} » : le code {value} n'est pas un nombre.",
        "reference_unreadable": "{file} : l'échantillon de référence est illisible ({error}).",
        "reference_invalid": "{file} : {count} ligne(s) de l'échantillon de référence ne "
        "respectent pas la signature du modèle, par exemple la ligne {row} : {message}",
        "example_invalid": "MLmodel : l'exemple de demandeur ne respecte pas la signature du "
        "modèle : {message}",
        "expected_not_number": "{file} : le score attendu de la ligne {row} n'est pas un nombre "
        "(« {value} »).",
        "not_probabilities": "model.onnx répond {value} pour la ligne {row} de {sample} du "
        "modèle, ce qui n'est pas une probabilité (un nombre fini entre 0 et 1) : le modèle est "
        "inutilisable.",
        "not_reproduced": "model.onnx ne reproduit pas les scores attendus de {file} : la ligne "
        "{row} obtient {score}, le modèle annonce {expected} (tolérance {tolerance}).",
        "sample_reference": "l'échantillon de référence",
        "sample_example": "l'exemple de demandeur",
        "output_not_probability": "Le modèle a répondu {value} pour ce demandeur, ce qui n'est "
        "pas une probabilité (un nombre fini entre 0 et 1) : aucune décision n'a été prise. Le "
        "modèle est défectueux ; prévenez l'informatique.",
        "row_output": "Le modèle a répondu {value} pour cette ligne, ce qui n'est pas une "
        "probabilité (un nombre fini entre 0 et 1) : aucune décision n'a été prise pour elle.",
    },
}


def notice_message(key: str, lang: str = "en", *args: object, **values: object) -> str:
    """The notice's sentence `key` in `lang`, filled with `args` / `values`."""
    return NOTICE_MESSAGES[normalize(lang)][key].format(*args, **values)


def override_reason_label(key: str, lang: str = "en") -> str:
    """How the override dialog names the reason category `key` ("" other, "review")."""
    return OVERRIDE_REASONS[normalize(lang)][key]


def bundle_message(key: str, lang: str = "en", **values: object) -> str:
    """The bundle sentence `key` in `lang`: numbers written as the language writes them, a
    nested key (`sample_*`) worded in the same language."""
    lang = normalize(lang)
    table = BUNDLE_MESSAGES[lang]

    def word(value: object) -> str:
        if isinstance(value, str) and value in table and value.startswith("sample_"):
            return table[value]
        if callable(getattr(value, "text", None)):  # a sentence worded elsewhere
            return value.text(lang)  # type: ignore[attr-defined]
        if isinstance(value, float):
            return format_number(value, lang)
        return str(value)

    return table[key].format(**{name: word(value) for name, value in values.items()})
