"""What the command line says, in English and French.

The language is `--lang` when given, else `PAD_LANGUAGE`, else the process locale as POSIX
decides it (`LC_ALL`, then `LC_MESSAGES`, then `LANG`): `LANG=fr_FR.UTF-8 pad-desktop drift`
answers in French. Results that scripts parse (paths, ids, hashes, exit codes) do not change
with the language; argparse's own usage lines stay English.
"""

from __future__ import annotations

import os

from pad_desktop.locale_text import env_language, format_number, format_percent, normalize

CLI_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "error": "error: {message}",
        "warning": "warning: {message}",
        "interrupted": "interrupted",
        "crash": "error: unexpected failure ({kind}: {message}). Details: {path}",
        "outbox": "The decision database {target} did not answer: {count} decision(s) wait in "
        "this computer's outbox and will be delivered automatically the next time "
        "pad-desktop runs and reaches it.",
        "elsewhere": "warning: {count} decision(s) wait in outboxes made for another address "
        "of the decision database: `pad-desktop db status` lists them, `pad-desktop db "
        "deliver-other` delivers them here.",
        "drift_interrupted": "interrupted: no report was written.",
        "drift_ok": "ok",
        "drift_drift": "DRIFT",
        "drift_test": "{method} = {score} (threshold {threshold})",
        "drift_week": "  week {week}: {rows} decisions, score {psi}{refused}, {inputs} input(s) "
        "PSI > 0.25",
        "drift_week_refused": ", {share} refused",
        "psi_none": "PSI n/a",
        "report": "report:  {path}",
        "copied": "copied:  {path}",
        "summary": "summary: {path}",
        "simulated": "{rows} simulated decisions logged for {model} ({approved} approved, "
        "{refused} refused), drift {drift}, from {since} to {until} UTC, {seconds} s",
        "delivering": "delivering to {target}...",
        "serve_public": "Refusing to listen on {host} without an API key: set PAD_API_KEY "
        "(clients then send it in the X-API-Key header), or bind 127.0.0.1.",
        "up_to_date_commit": "This commit is the model in use: up to date.",
        "installed_not_used": "Installed but not in use: `pad-desktop model use {name}`.",
        "not_installed": "Not installed: `pad-desktop model pull` installs it.",
        "already_up_to_date": "Already up to date: {label} is in use.",
        "different_inputs": "The new model takes different inputs:",
        "accept_difference": "Rerun with --accept-difference to install it anyway.",
        "pull_cancelled": "Cancelled: the current model is still in use.",
        "not_a_bundle": "{path} is not a model bundle (no MLmodel).",
        "published": "Published {path} as commit {commit}.",
        "optimized": "Optimized bundle: {path}",
        "db_unreachable": "Cannot reach {target}: {error}",
        "db_not_owner": "error: this account may not change the schema of {target} ({error}): "
        "run `pad-desktop db upgrade --url URL` with the database owner's account.",
        "db_up_to_date": "up to date",
        "db_behind": "behind: run `pad-desktop db upgrade`",
        "db_none": "none",
        "db_status": "{target}: revision {revision}, this app needs {head} ({state})",
        "db_local": "this machine: {pending} record(s) waiting for delivery, {rejected} refused",
        "db_kept": "{rejected} record(s) refused by the database are kept in {path}: fix the "
        "cause, then run `pad-desktop db redeliver`",
        "db_since": " since {since}",
        "db_pre_chain": ", {count} from before the hash chain",
        "db_intact": "intact",
        "db_problems": "{count} problem(s)",
        "db_verified": "{target}{scope}: {checked} chained record(s) in {streams} stream(s)"
        "{pre_chain}; {verdict}",
        "db_stream": "  stream {stream}: {count} record(s), head {head}",
        "db_embedded": "The embedded store refuses records as they are written: nothing to "
        "redeliver.",
        "db_redelivered": "{delivered} record(s) delivered ({retried} of them refused before, "
        "retried), {refused} refused again, {waiting} still waiting",
        "db_elsewhere": "{count} record(s) wait in {path}, made for {url} ({relation}): "
        "`pad-desktop db deliver-other` delivers them to {target}",
        "db_elsewhere_same": "the same database",
        "db_elsewhere_never": "never reached",
        "db_elsewhere_other": "another database, {name}",
        "db_elsewhere_old": "an address this file does not record",
        "db_elsewhere_damaged": "{path} cannot be read: `pad-desktop db salvage --url URL`, with "
        "the address it was made for, salvages it",
        "db_other_delivered": "{path} ({url}): {delivered} record(s) delivered to {target}, "
        "{waiting} still waiting, {refused} refused",
        "db_other_left": "{path} ({url}): left as it is: its {count} record(s) were made for "
        "another database ({name}); --force delivers them to {target} anyway",
        "db_other_none": "no outbox made for another address holds records",
        "db_salvage_moved": "the damaged outbox was moved aside to {aside} (kept as it was)",
        "db_salvaged": "{source}: {records} waiting and {refused} refused record(s) taken into "
        "{path}; {unreadable} unreadable entr(y/ies) (their records are lost here: `db verify` "
        "shows their places as missing)",
        "db_salvage_embedded": "The embedded store has no outbox to salvage: a damaged store "
        "is reported when it is opened.",
        "db_salvage_none": "{path} is sound and nothing was moved aside: nothing to salvage",
        "db_salvage_delivered": "{delivered} record(s) delivered to {target}, {waiting} still "
        "waiting",
        "db_says": "the database says: {error}",
        "score_missing": "{path} does not exist.",
        "score_stopping": "stopping after this chunk (Ctrl-C again to abort)...",
        "score_read_as": "read as: {dialect}",
        "score_summary": "{rows} rows: {scored} scored ({approved} approved, {refused} refused), "
        "{errors} with errors, {seconds} s",
        "score_resumed": "{rows} rows were recorded by an earlier run of this file with this "
        "model: their results are written again, they were not decided again (--again decides "
        "them anew).",
        "score_again": "scored again: each decision points at the earlier run's (batch {batch}).",
        "score_results": "results: {path}",
        "score_errors": "errors:  {path}",
        "score_dry_run": "dry run: nothing was recorded; these scores are not decisions.",
        "score_fatal": "{message} Rows before it were kept.",
        "score_no_rows": "no applicants in {path}: it has a header line and no rows.",
        "score_stopped": "stopped: the rows scored so far are in the results file.",
        "score_chunk_rows": "--chunk-rows must be a whole number of rows, at least 1 (not "
        "{value}).",
        "score_not_written": "{message} {recorded} decision(s) of this run were recorded "
        "(batch {batch}): do not score the file again, it would decide them twice; free some "
        "space, then export them from History (source: batch, batch_id {batch}).",
        "score_not_written_dry": "{message} Nothing was recorded (dry run): free some space "
        "and run it again.",
    },
    "fr": {
        "error": "erreur : {message}",
        "warning": "avertissement : {message}",
        "interrupted": "interrompu",
        "crash": "erreur : échec inattendu ({kind} : {message}). Détails : {path}",
        "outbox": "La base de décisions {target} n'a pas répondu : {count} décision(s) "
        "attendent dans la file d'envoi de cet ordinateur et seront transmises "
        "automatiquement la prochaine fois que pad-desktop s'exécutera et l'atteindra.",
        "elsewhere": "attention : {count} décision(s) attendent dans des files d'attente "
        "faites pour une autre adresse de la base des décisions : `pad-desktop db status` les "
        "liste, `pad-desktop db deliver-other` les transmet ici.",
        "drift_interrupted": "interrompu : aucun rapport n'a été écrit.",
        "drift_ok": "ok",
        "drift_drift": "DÉRIVE",
        "drift_test": "{method} = {score} (seuil {threshold})",
        "drift_week": "  semaine {week} : {rows} décisions, score {psi}{refused}, {inputs} "
        "entrée(s) avec PSI > 0,25",
        "drift_week_refused": ", {share} de refus",
        "psi_none": "PSI non disponible",
        "report": "rapport :  {path}",
        "copied": "copié :    {path}",
        "summary": "synthèse : {path}",
        "simulated": "{rows} décisions simulées enregistrées pour {model} ({approved} "
        "accordées, {refused} refusées), dérive {drift}, du {since} au {until} UTC, {seconds} s",
        "delivering": "envoi vers {target}…",
        "serve_public": "Refus d'écouter sur {host} sans clé d'API : définissez PAD_API_KEY "
        "(les clients l'envoient alors dans l'en-tête X-API-Key), ou écoutez sur 127.0.0.1.",
        "up_to_date_commit": "Ce commit est le modèle utilisé : à jour.",
        "installed_not_used": "Installé mais non utilisé : `pad-desktop model use {name}`.",
        "not_installed": "Non installé : `pad-desktop model pull` l'installe.",
        "already_up_to_date": "Déjà à jour : « {label} » est en service.",
        "different_inputs": "Le nouveau modèle prend des entrées différentes :",
        "accept_difference": "Relancez avec --accept-difference pour l'installer quand même.",
        "pull_cancelled": "Annulé : le modèle actuel reste utilisé.",
        "not_a_bundle": "{path} n'est pas un modèle empaqueté (pas de MLmodel).",
        "published": "{path} publié comme commit {commit}.",
        "optimized": "Modèle optimisé : {path}",
        "db_unreachable": "Impossible de joindre {target} : {error}",
        "db_not_owner": "erreur : ce compte ne peut pas modifier le schéma de {target} "
        "({error}) : lancez `pad-desktop db upgrade --url URL` avec le compte du propriétaire "
        "de la base.",
        "db_up_to_date": "à jour",
        "db_behind": "en retard : lancez `pad-desktop db upgrade`",
        "db_none": "aucune",
        "db_status": "{target} : révision {revision}, cette application demande {head} ({state})",
        "db_local": "cet ordinateur : {pending} enregistrement(s) en attente d'envoi, "
        "{rejected} refusé(s)",
        "db_kept": "{rejected} enregistrement(s) refusé(s) par la base sont conservés dans "
        "{path} : corrigez la cause, puis lancez `pad-desktop db redeliver`",
        "db_since": " depuis le {since}",
        "db_pre_chain": ", {count} d'avant la chaîne de hachage",
        "db_intact": "intacte",
        "db_problems": "{count} problème(s)",
        "db_verified": "{target}{scope} : {checked} enregistrement(s) chaîné(s) dans {streams} "
        "flux{pre_chain} ; {verdict}",
        "db_stream": "  flux {stream} : {count} enregistrement(s), tête {head}",
        "db_embedded": "La base intégrée refuse les enregistrements dès leur écriture : rien à "
        "renvoyer.",
        "db_redelivered": "{delivered} enregistrement(s) transmis (dont {retried} refusé(s) "
        "auparavant, renvoyé(s)), {refused} refusé(s) à nouveau, {waiting} encore en attente",
        "db_elsewhere": "{count} enregistrement(s) attendent dans {path}, fait pour {url} "
        "({relation}) : `pad-desktop db deliver-other` les transmet à {target}",
        "db_elsewhere_same": "la même base",
        "db_elsewhere_never": "jamais jointe",
        "db_elsewhere_other": "une autre base, {name}",
        "db_elsewhere_old": "une adresse que ce fichier n'indique pas",
        "db_elsewhere_damaged": "{path} est illisible : `pad-desktop db salvage --url URL`, avec "
        "l'adresse pour laquelle il a été fait, le récupère",
        "db_other_delivered": "{path} ({url}) : {delivered} enregistrement(s) transmis à "
        "{target}, {waiting} encore en attente, {refused} refusé(s)",
        "db_other_left": "{path} ({url}) : laissé tel quel : ses {count} enregistrement(s) ont "
        "été faits pour une autre base ({name}) ; --force les transmet quand même à {target}",
        "db_other_none": "aucune file d'attente faite pour une autre adresse ne contient "
        "d'enregistrement",
        "db_salvage_moved": "la file d'attente endommagée a été mise de côté sous {aside} "
        "(conservée telle quelle)",
        "db_salvaged": "{source} : {records} enregistrement(s) en attente et {refused} refusé(s) "
        "repris dans {path} ; {unreadable} entrée(s) illisible(s) (leurs enregistrements sont "
        "perdus ici : `db verify` montre leurs places comme manquantes)",
        "db_salvage_embedded": "La base intégrée n'a pas de file d'attente à récupérer : une "
        "base endommagée est signalée à son ouverture.",
        "db_salvage_none": "{path} est sain et rien n'a été mis de côté : rien à récupérer",
        "db_salvage_delivered": "{delivered} enregistrement(s) transmis à {target}, {waiting} "
        "encore en attente",
        "db_says": "la base répond : {error}",
        "score_missing": "{path} n'existe pas.",
        "score_stopping": "arrêt à la fin de ce bloc (Ctrl-C de nouveau pour interrompre "
        "aussitôt)…",
        "score_read_as": "lu comme : {dialect}",
        "score_summary": "{rows} lignes : {scored} évaluées ({approved} accordées, {refused} "
        "refusées), {errors} en erreur, {seconds} s",
        "score_resumed": "{rows} lignes avaient été enregistrées par une exécution précédente "
        "de ce fichier avec ce modèle : leurs résultats sont réécrits, elles n'ont pas été "
        "décidées à nouveau (--again les décide à nouveau).",
        "score_again": "évalué à nouveau : chaque décision renvoie à celle de l'exécution "
        "précédente (lot {batch}).",
        "score_results": "résultats : {path}",
        "score_errors": "erreurs :   {path}",
        "score_dry_run": "essai à blanc : rien n'a été enregistré ; ces scores ne sont pas des "
        "décisions.",
        "score_fatal": "{message} Les lignes précédentes ont été conservées.",
        "score_no_rows": "aucune demande dans {path} : le fichier n'a qu'une ligne d'en-tête, "
        "sans aucune ligne de données.",
        "score_stopped": "arrêté : les lignes évaluées jusqu'ici sont dans le fichier de "
        "résultats.",
        "score_chunk_rows": "--chunk-rows doit être un nombre entier de lignes, au moins 1 "
        "(et non {value}).",
        "score_not_written": "{message} {recorded} décision(s) de cette exécution ont été "
        "enregistrées (lot {batch}) : n'évaluez pas le fichier de nouveau, elles seraient "
        "décidées deux fois ; libérez de la place, puis exportez-les depuis l'historique "
        "(source : lot, batch_id {batch}).",
        "score_not_written_dry": "{message} Rien n'a été enregistré (essai à blanc) : libérez "
        "de la place et relancez.",
    },
}
# Texts French writes as English does (a translation walker must not count them).
SAME_IN_FRENCH = frozenset({"ok"})

_chosen: list[str] = []  # the `--lang` of this run, once parsed


def set_language(lang: str | None) -> None:
    """The run's `--lang` (None: decided by the environment)."""
    _chosen[:] = [normalize(lang)] if lang else []


def language() -> str:
    """The language of this run's messages: `--lang`, `PAD_LANGUAGE`, then the POSIX locale."""
    if _chosen:
        return _chosen[0]
    preferred = os.environ.get("PAD_LANGUAGE", "").strip()
    return normalize(preferred) if preferred else env_language()


def say(key: str, **values: object) -> str:
    """The CLI sentence `key` in the run's language, with `values` filled in."""
    return CLI_TEXTS[language()][key].format(**values)


def number(value: float | int, decimals: int | None = None) -> str:
    """A number for a person, as the run's language writes it."""
    return format_number(value, language(), decimals)


def percent(fraction: float, decimals: int = 0) -> str:
    return format_percent(fraction, language(), decimals)
