"""What the command line says (results that scripts parse, such as paths, ids, hashes and exit
codes, do not change with the language; argparse's own usage lines stay English)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "error": {
        "en": "error: {message}",
        "fr": "erreur : {message}",
    },
    "bad_date": {
        "en": "“{text}” is not a date: write it 2026-12-31 or 31/12/2026.",
        "fr": "« {text} » n’est pas une date : écrivez-la 2026-12-31 ou 31/12/2026.",
    },
    "warning": {
        "en": "warning: {message}",
        "fr": "avertissement : {message}",
    },
    "interrupted": {
        "en": "interrupted",
        "fr": "interrompu",
    },
    "crash": {
        "en": "error: unexpected failure ({kind}: {message}). Details: {path}",
        "fr": "erreur : échec inattendu ({kind} : {message}). Détails : {path}",
    },
    "not_in_build": {
        "en": "error: this command needs {package}, which this build of pad-desktop does not "
        "include (training and the MLflow registry are done from a Python installation: "
        "uv sync, then uv run pad-desktop ...).",
        "fr": "erreur : cette commande a besoin de {package}, que cette version autonome de "
        "pad-desktop n'inclut pas (l'entraînement et le registre MLflow se font depuis une "
        "installation Python : uv sync, puis uv run pad-desktop ...).",
    },
    "outbox": {
        "en": "The decision database {target} did not answer: {count} decision(s) wait in "
        "this computer's outbox and will be delivered automatically the next time "
        "pad-desktop runs and reaches it.",
        "fr": "La base de décisions {target} n'a pas répondu : {count} décision(s) "
        "attendent dans la file d'envoi de cet ordinateur et seront transmises "
        "automatiquement la prochaine fois que pad-desktop s'exécutera et "
        "l'atteindra.",
    },
    "elsewhere": {
        "en": "warning: {count} decision(s) wait in outboxes made for another address of "
        "the decision database: `pad-desktop db status` lists them, `pad-desktop db "
        "deliver-other` delivers them here.",
        "fr": "attention : {count} décision(s) attendent dans des files d'attente faites "
        "pour une autre adresse de la base des décisions : `pad-desktop db status` "
        "les liste, `pad-desktop db deliver-other` les transmet ici.",
    },
    "drift_interrupted": {
        "en": "interrupted: no report was written.",
        "fr": "interrompu : aucun rapport n'a été écrit.",
    },
    "drift_ok": {
        "en": "ok",
        "fr": "ok",
    },
    "drift_drift": {
        "en": "DRIFT",
        "fr": "DÉRIVE",
    },
    "drift_test": {
        "en": "{method} = {score} (threshold {threshold})",
        "fr": "{method} = {score} (seuil {threshold})",
    },
    "drift_week": {
        "en": "  week {week}: {rows} decisions, score {psi}{refused}, {inputs} input(s) PSI > 0.25",
        "fr": "  semaine {week} : {rows} décisions, score {psi}{refused}, {inputs} "
        "entrée(s) avec PSI > 0,25",
    },
    "drift_week_refused": {
        "en": ", {share} refused",
        "fr": ", {share} de refus",
    },
    "psi_none": {
        "en": "PSI n/a",
        "fr": "PSI non disponible",
    },
    "report": {
        "en": "report:  {path}",
        "fr": "rapport :  {path}",
    },
    "copied": {
        "en": "copied:  {path}",
        "fr": "copié :    {path}",
    },
    "summary": {
        "en": "summary: {path}",
        "fr": "synthèse : {path}",
    },
    "simulated": {
        "en": "{rows} simulated decisions logged for {model} ({approved} approved, "
        "{refused} refused), drift {drift}, from {since} to {until} UTC, {seconds} s",
        "fr": "{rows} décisions simulées enregistrées pour {model} ({approved} accordées, "
        "{refused} refusées), dérive {drift}, du {since} au {until} UTC, {seconds} s",
    },
    "delivering": {
        "en": "delivering to {target}...",
        "fr": "envoi vers {target}…",
    },
    "serve_public": {
        "en": "Refusing to listen on {host} without an API key: set PAD_API_KEY (clients "
        "then send it in the X-API-Key header), or bind 127.0.0.1.",
        "fr": "Refus d'écouter sur {host} sans clé d'API : définissez PAD_API_KEY (les "
        "clients l'envoient alors dans l'en-tête X-API-Key), ou écoutez sur "
        "127.0.0.1.",
    },
    "up_to_date_commit": {
        "en": "This commit is the model in use: up to date.",
        "fr": "Ce commit est le modèle utilisé : à jour.",
    },
    "installed_not_used": {
        "en": "Installed but not in use: `pad-desktop model use {name}`.",
        "fr": "Installé mais non utilisé : `pad-desktop model use {name}`.",
    },
    "not_installed": {
        "en": "Not installed: `pad-desktop model pull` installs it.",
        "fr": "Non installé : `pad-desktop model pull` l'installe.",
    },
    "already_up_to_date": {
        "en": "Already up to date: {label} is in use.",
        "fr": "Déjà à jour : « {label} » est en service.",
    },
    "different_inputs": {
        "en": "The new model takes different inputs:",
        "fr": "Le nouveau modèle prend des entrées différentes :",
    },
    "accept_difference": {
        "en": "Rerun with --accept-difference to install it anyway.",
        "fr": "Relancez avec --accept-difference pour l'installer quand même.",
    },
    "pull_cancelled": {
        "en": "Cancelled: the current model is still in use.",
        "fr": "Annulé : le modèle actuel reste utilisé.",
    },
    "not_a_bundle": {
        "en": "{path} is not a model bundle (no MLmodel).",
        "fr": "{path} n'est pas un modèle empaqueté (pas de MLmodel).",
    },
    "published": {
        "en": "Published {path} as commit {commit}.",
        "fr": "{path} publié comme commit {commit}.",
    },
    "optimized": {
        "en": "Optimized bundle: {path}",
        "fr": "Modèle optimisé : {path}",
    },
    "db_unreachable": {
        "en": "Cannot reach {target}: {error}",
        "fr": "Impossible de joindre {target} : {error}",
    },
    "db_not_owner": {
        "en": "error: this account may not change the schema of {target} ({error}): run "
        "`pad-desktop db upgrade --url URL` with the database owner's account.",
        "fr": "erreur : ce compte ne peut pas modifier le schéma de {target} ({error}) : "
        "lancez `pad-desktop db upgrade --url URL` avec le compte du propriétaire de "
        "la base.",
    },
    "db_up_to_date": {
        "en": "up to date",
        "fr": "à jour",
    },
    "db_behind": {
        "en": "behind: run `pad-desktop db upgrade`",
        "fr": "en retard : lancez `pad-desktop db upgrade`",
    },
    "db_unknown": {
        "en": "unknown to this app: a newer or another version of pad_desktop wrote it",
        "fr": "inconnue de cette application : une version plus récente ou différente de "
        "pad_desktop l'a écrite",
    },
    "db_none": {
        "en": "none",
        "fr": "aucune",
    },
    "db_status": {
        "en": "{target}: revision {revision}, this app needs {head} ({state})",
        "fr": "{target} : révision {revision}, cette application demande {head} ({state})",
    },
    "db_local": {
        "en": "this machine: {pending} record(s) waiting for delivery, {rejected} refused",
        "fr": "cet ordinateur : {pending} enregistrement(s) en attente d'envoi, {rejected} "
        "refusé(s)",
    },
    "db_kept": {
        "en": "{rejected} record(s) refused by the database are kept in {path}: fix the "
        "cause, then run `pad-desktop db redeliver`",
        "fr": "{rejected} enregistrement(s) refusé(s) par la base sont conservés dans "
        "{path} : corrigez la cause, puis lancez `pad-desktop db redeliver`",
    },
    "db_since": {
        "en": " since {since}",
        "fr": " depuis le {since}",
    },
    "db_erased": {
        "en": ", {count} with personal inputs erased (attested by their erasure records)",
        "fr": ", {count} aux données personnelles effacées (attestées par leur effacement)",
    },
    "db_pre_chain": {
        "en": ", {count} from before the hash chain",
        "fr": ", {count} d'avant la chaîne de hachage",
    },
    "db_intact": {
        "en": "intact",
        "fr": "intacte",
    },
    "db_problems": {
        "en": "{count} problem(s)",
        "fr": "{count} problème(s)",
    },
    "db_verified": {
        "en": "{target}{scope}: {checked} chained record(s) in {streams} "
        "stream(s){pre_chain}; {verdict}",
        "fr": "{target}{scope} : {checked} enregistrement(s) chaîné(s) dans {streams} "
        "flux{pre_chain} ; {verdict}",
    },
    "db_stream": {
        "en": "  stream {stream}: {count} record(s), head {head}",
        "fr": "  flux {stream} : {count} enregistrement(s), tête {head}",
    },
    "db_embedded": {
        "en": "The embedded store refuses records as they are written: nothing to redeliver.",
        "fr": "La base intégrée refuse les enregistrements dès leur écriture : rien à renvoyer.",
    },
    "db_redelivered": {
        "en": "{delivered} record(s) delivered ({retried} of them refused before, "
        "retried), {refused} refused again, {waiting} still waiting",
        "fr": "{delivered} enregistrement(s) transmis (dont {retried} refusé(s) "
        "auparavant, renvoyé(s)), {refused} refusé(s) à nouveau, {waiting} encore en "
        "attente",
    },
    "db_elsewhere": {
        "en": "{count} record(s) wait in {path}, made for {url} ({relation}): `pad-desktop "
        "db deliver-other` delivers them to {target}",
        "fr": "{count} enregistrement(s) attendent dans {path}, fait pour {url} "
        "({relation}) : `pad-desktop db deliver-other` les transmet à {target}",
    },
    "db_elsewhere_same": {
        "en": "the same database",
        "fr": "la même base",
    },
    "db_elsewhere_never": {
        "en": "never reached",
        "fr": "jamais jointe",
    },
    "db_elsewhere_other": {
        "en": "another database, {name}",
        "fr": "une autre base, {name}",
    },
    "db_elsewhere_old": {
        "en": "an address this file does not record",
        "fr": "une adresse que ce fichier n'indique pas",
    },
    "db_elsewhere_damaged": {
        "en": "{path} cannot be read: `pad-desktop db salvage --url URL`, with the address "
        "it was made for, salvages it",
        "fr": "{path} est illisible : `pad-desktop db salvage --url URL`, avec l'adresse "
        "pour laquelle il a été fait, le récupère",
    },
    "db_other_delivered": {
        "en": "{path} ({url}): {delivered} record(s) delivered to {target}, {waiting} "
        "still waiting, {refused} refused",
        "fr": "{path} ({url}) : {delivered} enregistrement(s) transmis à {target}, "
        "{waiting} encore en attente, {refused} refusé(s)",
    },
    "db_other_left": {
        "en": "{path} ({url}): left as it is: its {count} record(s) were made for another "
        "database ({name}); --force delivers them to {target} anyway",
        "fr": "{path} ({url}) : laissé tel quel : ses {count} enregistrement(s) ont été "
        "faits pour une autre base ({name}) ; --force les transmet quand même à "
        "{target}",
    },
    "db_other_none": {
        "en": "no outbox made for another address holds records",
        "fr": "aucune file d'attente faite pour une autre adresse ne contient d'enregistrement",
    },
    "db_salvage_moved": {
        "en": "the damaged outbox was moved aside to {aside} (kept as it was)",
        "fr": "la file d'attente endommagée a été mise de côté sous {aside} (conservée "
        "telle quelle)",
    },
    "db_salvaged": {
        "en": "{source}: {records} waiting and {refused} refused record(s) taken into "
        "{path}; {unreadable} unreadable entr(y/ies) (their records are lost here: "
        "`db verify` shows their places as missing)",
        "fr": "{source} : {records} enregistrement(s) en attente et {refused} refusé(s) "
        "repris dans {path} ; {unreadable} entrée(s) illisible(s) (leurs "
        "enregistrements sont perdus ici : `db verify` montre leurs places comme "
        "manquantes)",
    },
    "db_salvage_embedded": {
        "en": "The embedded store has no outbox to salvage: a damaged store is reported "
        "when it is opened.",
        "fr": "La base intégrée n'a pas de file d'attente à récupérer : une base "
        "endommagée est signalée à son ouverture.",
    },
    "db_salvage_none": {
        "en": "{path} is sound and nothing was moved aside: nothing to salvage",
        "fr": "{path} est sain et rien n'a été mis de côté : rien à récupérer",
    },
    "db_salvage_delivered": {
        "en": "{delivered} record(s) delivered to {target}, {waiting} still waiting",
        "fr": "{delivered} enregistrement(s) transmis à {target}, {waiting} encore en attente",
    },
    "db_says": {
        "en": "the database says: {error}",
        "fr": "la base répond : {error}",
    },
    "score_missing": {
        "en": "{path} does not exist.",
        "fr": "{path} n'existe pas.",
    },
    "score_stopping": {
        "en": "stopping after this chunk (Ctrl-C again to abort)...",
        "fr": "arrêt à la fin de ce bloc (Ctrl-C de nouveau pour interrompre aussitôt)…",
    },
    "score_read_as": {
        "en": "read as: {dialect}",
        "fr": "lu comme : {dialect}",
    },
    "score_summary": {
        "en": "{rows} rows: {scored} scored ({approved} approved, {refused} refused), "
        "{errors} with errors, {seconds} s",
        "fr": "{rows} lignes : {scored} évaluées ({approved} accordées, {refused} "
        "refusées), {errors} en erreur, {seconds} s",
    },
    "score_resumed": {
        "en": "{rows} rows were recorded by an earlier run of this file with this model: "
        "their results are written again, they were not decided again (--again "
        "decides them anew).",
        "fr": "{rows} lignes avaient été enregistrées par une exécution précédente de ce "
        "fichier avec ce modèle : leurs résultats sont réécrits, elles n'ont pas été "
        "décidées à nouveau (--again les décide à nouveau).",
    },
    "score_again": {
        "en": "scored again: each decision points at the earlier run's (batch {batch}).",
        "fr": "évalué à nouveau : chaque décision renvoie à celle de l'exécution "
        "précédente (lot {batch}).",
    },
    "score_results": {
        "en": "results: {path}",
        "fr": "résultats : {path}",
    },
    "score_errors": {
        "en": "errors:  {path}",
        "fr": "erreurs :   {path}",
    },
    "score_dry_run": {
        "en": "dry run: nothing was recorded; these scores are not decisions.",
        "fr": "essai à blanc : rien n'a été enregistré ; ces scores ne sont pas des décisions.",
    },
    "score_fatal": {
        "en": "{message} Rows before it were kept.",
        "fr": "{message} Les lignes précédentes ont été conservées.",
    },
    "score_no_rows": {
        "en": "no applicants in {path}: it has a header line and no rows.",
        "fr": "aucune demande dans {path} : le fichier n'a qu'une ligne d'en-tête, sans "
        "aucune ligne de données.",
    },
    "score_stopped": {
        "en": "stopped: the rows scored so far are in the results file.",
        "fr": "arrêté : les lignes évaluées jusqu'ici sont dans le fichier de résultats.",
    },
    "score_chunk_rows": {
        "en": "--chunk-rows must be a whole number of rows, at least 1 (not {value}).",
        "fr": "--chunk-rows doit être un nombre entier de lignes, au moins 1 (et non {value}).",
    },
    "score_not_written": {
        "en": "{message} {recorded} decision(s) of this run were recorded (batch {batch}): "
        "do not score the file again, it would decide them twice; free some space, "
        "then export them from History (source: batch, batch_id {batch}).",
        "fr": "{message} {recorded} décision(s) de cette exécution ont été enregistrées "
        "(lot {batch}) : n'évaluez pas le fichier de nouveau, elles seraient "
        "décidées deux fois ; libérez de la place, puis exportez-les depuis "
        "l'historique (source : lot, batch_id {batch}).",
    },
    "score_not_written_dry": {
        "en": "{message} Nothing was recorded (dry run): free some space and run it again.",
        "fr": "{message} Rien n'a été enregistré (essai à blanc) : libérez de la place et "
        "relancez.",
    },
}
