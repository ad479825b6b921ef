"""The lending policy's sentences: a policy that cannot be used, its checks, its reasons."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # -- a policy file that cannot be used -------------------------------------------------
    "not_found": {
        "en": "The policy file {path} does not exist.",
        "fr": "Le fichier de politique {path} n'existe pas.",
    },
    "unreadable": {
        "en": "The policy file {path} cannot be read ({reason}).",
        "fr": "Le fichier de politique {path} ne peut pas être lu ({reason}).",
    },
    "too_large": {
        "en": "The policy file {path} is {size} bytes; a policy is at most {limit} bytes.",
        "fr": "Le fichier de politique {path} fait {size} octets ; une politique en fait "
        "au plus {limit}.",
    },
    "not_json": {
        "en": "The policy file {path} is not JSON ({reason}).",
        "fr": "Le fichier de politique {path} n'est pas du JSON ({reason}).",
    },
    "unknown_field": {
        "en": "The policy has a field {field} at {where} that a policy does not have.",
        "fr": "La politique a un champ {field} dans {where} qu'une politique n'a pas.",
    },
    "what_construct": {"en": "the construct “{name}”", "fr": "la construction « {name} »"},
    "what_in_list": {
        "en": "in over anything but a literal list [..]",
        "fr": "in sur autre chose qu'une liste écrite [..]",
    },
    "what_not_finite": {"en": "a number that is not finite", "fr": "un nombre non fini"},
    "what_escapes": {
        "en": "a text with escapes or raw/byte prefixes",
        "fr": "un texte avec des échappements ou des préfixes r/b",
    },
    "what_literal": {"en": "{kind} literals", "fr": "les littéraux {kind}"},
    "what_function": {"en": "the function {name}()", "fr": "la fonction {name}()"},
    "where_top": {"en": "the file", "fr": "le fichier"},
    "where_rule": {"en": "rule {rule}", "fr": "règle {rule}"},
    "missing_field": {
        "en": "The policy has no {field} at {where}.",
        "fr": "La politique n'a pas de {field} dans {where}.",
    },
    "wrong_type": {
        "en": "In the policy, {where} must be {expected}.",
        "fr": "Dans la politique, {where} doit être {expected}.",
    },
    "bad_name": {
        "en": "In the policy, {where} is named {name!r}: a name is letters, digits and _, "
        "starting with a letter, at most 64 characters.",
        "fr": "Dans la politique, {where} s'appelle « {name} » : un nom est fait de lettres, "
        "chiffres et _, commence par une lettre et fait au plus 64 caractères.",
    },
    "duplicate_name": {
        "en": "The policy names {name} twice.",
        "fr": "La politique nomme {name} deux fois.",
    },
    "too_many": {
        "en": "The policy has {count} {what}; a policy has at most {limit}.",
        "fr": "La politique a {count} {what} ; une politique en a au plus {limit}.",
    },
    "bad_outcome": {
        "en": "Rule {rule}: the outcome {outcome!r} is not one of refuse, refer, approve_only_if.",
        "fr": "Règle {rule} : le résultat « {outcome} » n'est pas refuse, refer ou "
        "approve_only_if.",
    },
    # -- what a field must be (the blank `expected` of wrong_type) --------------------------
    "exp_cel": {"en": "a CEL expression (text)", "fr": "une expression CEL (un texte)"},
    "exp_object": {"en": "an object {{…}}", "fr": "un objet {{…}}"},
    "exp_list": {"en": "a list […]", "fr": "une liste […]"},
    "exp_text": {
        "en": "a text of 1 to {limit} characters",
        "fr": "un texte de 1 à {limit} caractères",
    },
    "exp_plain_text": {
        "en": "a text without control characters",
        "fr": "un texte sans caractères de contrôle",
    },
    "exp_number": {"en": "a finite number", "fr": "un nombre fini"},
    "exp_bounded": {
        "en": "a number within ±10^15",
        "fr": "un nombre compris entre −10^15 et 10^15",
    },
    "exp_whole": {"en": "a whole number", "fr": "un nombre entier"},
    "exp_wider": {
        "en": "a range wider than the model's",
        "fr": "un domaine plus large que celui du modèle",
    },
    # -- an expression that cannot be used ---------------------------------------------------
    "expr_too_long": {
        "en": "{where}: the expression is {size} characters long; at most {limit}.",
        "fr": "{where} : l'expression fait {size} caractères ; au plus {limit}.",
    },
    "expr_too_deep": {
        "en": "{where}: the expression nests deeper than {limit} levels.",
        "fr": "{where} : l'expression imbrique plus de {limit} niveaux.",
    },
    "expr_syntax": {
        "en": "{where}: the expression is not valid CEL ({reason}).",
        "fr": "{where} : l'expression n'est pas du CEL valide ({reason}).",
    },
    "expr_not_allowed": {
        "en": "{where}: a policy may not use {what} (only numbers, texts, names, "
        "arithmetic, comparisons, in [..], &&, ||, !, ?: and the functions "
        "missing, min, max, abs).",
        "fr": "{where} : une politique ne peut pas utiliser {what} (seulement nombres, "
        "textes, noms, calculs, comparaisons, in [..], &&, ||, !, ?: et les fonctions "
        "missing, min, max, abs).",
    },
    "expr_unknown_name": {
        "en": "{where}: {name} is neither a field of the model, a policy input, a constant, "
        "a derived value defined before it, nor score.",
        "fr": "{where} : {name} n'est ni un champ du modèle, ni une donnée de la politique, "
        "ni une constante, ni une valeur dérivée définie avant, ni score.",
    },
    "expr_type": {
        "en": "{where}: {detail}.",
        "fr": "{where} : {detail}.",
    },
    "type_operands": {
        "en": "{op} takes {expected}, not {got}",
        "fr": "{op} prend {expected}, pas {got}",
    },
    "type_not_a_category": {
        "en": "{value!r} is not a category of {field}",
        "fr": "« {value} » n'est pas une catégorie de {field}",
    },
    "type_rule_not_boolean": {
        "en": "a rule's condition must be true or false, not {got}",
        "fr": "la condition d'une règle doit être vraie ou fausse, pas {got}",
    },
    # -- what `policy check` reports ---------------------------------------------------------
    "check_ok": {
        "en": "Policy {id} {version} (sha256 {sha}): {rules} rules, valid for model {model}.",
        "fr": "Politique {id} {version} (sha256 {sha}) : {rules} règles, valide pour le "
        "modèle {model}.",
    },
    "check_unreachable": {
        "en": "Rule {rule} can never fire: no applicant the value table accepts meets it.",
        "fr": "La règle {rule} ne peut jamais s'appliquer : aucun demandeur accepté par la "
        "table des valeurs ne la remplit.",
    },
    "check_uncovered": {
        "en": "The policy accepts values of {field} outside the model's range without always "
        "refusing them: the model would decide on values it was not made for.",
        "fr": "La politique accepte des valeurs de {field} hors du domaine du modèle sans "
        "toujours les refuser : le modèle déciderait sur des valeurs pour lesquelles il n'est "
        "pas fait.",
    },
    "check_always": {
        "en": "Rule {rule} fires for every applicant.",
        "fr": "La règle {rule} s'applique à tous les demandeurs.",
    },
    "check_shadowed": {
        "en": "Rule {rule} ({outcome}) never changes a decision: rule {by} refuses every "
        "applicant it fires for.",
        "fr": "La règle {rule} ({outcome}) ne change jamais une décision : la règle {by} "
        "refuse tous les demandeurs auxquels elle s'applique.",
    },
    "replay_head": {
        "en": "Replayed {count} logged decisions under policy {id} (nothing recorded).",
        "fr": "{count} décisions du journal rejouées avec la politique {id} (rien n'est "
        "enregistré).",
    },
    "replay_rule": {
        "en": "  {rule} ({outcome}): fires for {fired}, changes {changed}.",
        "fr": "  {rule} ({outcome}) : s'applique à {fired}, en change {changed}.",
    },
    "replay_total": {
        "en": "Decisions that would change: {changed} of {count}.",
        "fr": "Décisions qui changeraient : {changed} sur {count}.",
    },
    # -- outcomes as shown -------------------------------------------------------------------
    "outcome_refuse": {"en": "refuse", "fr": "refus"},
    "outcome_refer": {"en": "refer", "fr": "renvoi à un conseiller"},
    "outcome_approve_only_if": {"en": "approve only if", "fr": "accord seulement si"},
    "refused_by_policy": {
        "en": "Refused by the lending policy",
        "fr": "Refusé par la politique d'octroi",
    },
    "referred_by_policy": {
        "en": "Referred by the lending policy",
        "fr": "Renvoyé par la politique d'octroi",
    },
    "policy_none": {"en": "No lending policy", "fr": "Aucune politique d'octroi"},
    "policy_active": {
        "en": "Lending policy {id} {version} (sha256 {sha})",
        "fr": "Politique d'octroi {id} {version} (sha256 {sha})",
    },
}
