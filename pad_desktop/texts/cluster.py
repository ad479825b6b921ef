"""What a batch run on a Dask cluster says (`pad-desktop score --cluster`)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "bundle_mismatch": {
        "en": "The worker holds another model or policy than the run's (expected {expected}, "
        "found {found}): nothing was scored with it.",
        "fr": "Le nœud de calcul détient un autre modèle ou une autre politique que ceux du "
        "traitement (attendu {expected}, trouvé {found}) : rien n’a été évalué avec.",
    },
    "already_run": {
        "en": "{path} was already scored with this model and policy on this computer (batch "
        "{batch}): its decisions are recorded. Run it again without --cluster to write its "
        "results again without deciding anew, or add --again to decide every applicant anew.",
        "fr": "{path} a déjà été évalué avec ce modèle et cette politique sur cet ordinateur "
        "(lot {batch}) : ses décisions sont enregistrées. Relancez-le sans --cluster pour "
        "réécrire ses résultats sans décider à nouveau, ou ajoutez --again pour décider à "
        "nouveau pour chaque demandeur.",
    },
    "already_on_cluster": {
        "en": "{path} was already scored with this model and policy on a cluster from this "
        "computer (batch {batch}): its decisions are recorded there. Add --again to decide "
        "every applicant anew.",
        "fr": "{path} a déjà été évalué avec ce modèle et cette politique sur une grappe depuis "
        "cet ordinateur (lot {batch}) : ses décisions y sont enregistrées. Ajoutez --again "
        "pour décider à nouveau pour chaque demandeur.",
    },
    "already_on_cluster_window": {
        "en": "{path} was already scored with this model and policy on a cluster from this "
        "computer (batch {batch}): its decisions are recorded there. Decide every applicant "
        "anew? The new decisions are recorded beside the earlier ones.",
        "fr": "{path} a déjà été évalué avec ce modèle et cette politique sur une grappe depuis "
        "cet ordinateur (lot {batch}) : ses décisions y sont enregistrées. Décider à nouveau "
        "pour chaque demandeur ? Les nouvelles décisions sont enregistrées à côté des "
        "précédentes.",
    },
    "no_input": {
        "en": "{path} is neither a file, a folder of CSV or Parquet files, nor a pattern "
        "matching any.",
        "fr": "{path} n’est ni un fichier, ni un dossier de fichiers CSV ou Parquet, ni un "
        "motif qui en désigne.",
    },
    "one_part_encoding": {
        "en": "the file's encoding does not keep line ends as single bytes: it is read as one "
        "partition",
        "fr": "l’encodage du fichier ne garde pas les fins de ligne sur un octet : il est lu "
        "en une seule partition",
    },
    "one_part_quoted": {
        "en": "a quoted cell of the file holds a line break, so it cannot be cut safely at "
        "line ends: it is read as one partition",
        "fr": "une cellule entre guillemets du fichier contient un saut de ligne : il ne peut "
        "pas être coupé sans risque aux fins de ligne et il est lu en une seule partition",
    },
    "no_dask": {
        "en": "This installation has no Dask: a cluster run needs pad-desktop with "
        "dask[distributed].",
        "fr": "Cette installation n’a pas Dask : un traitement sur grappe demande pad-desktop "
        "avec dask[distributed].",
    },
    "bad_address": {
        "en": "“{address}” is not a cluster address: give the scheduler's, such as "
        "tcp://scheduler:8786, or local:N for N worker processes on this computer.",
        "fr": "« {address} » n’est pas l’adresse d’une grappe : donnez celle de "
        "l’ordonnanceur, par exemple tcp://scheduler:8786, ou local:N pour N processus de "
        "calcul sur cet ordinateur.",
    },
    "unreachable": {
        "en": "The cluster scheduler at {address} did not answer ({reason}). Check the "
        "address (--cluster or DASK_SCHEDULER_ADDRESS) and that the scheduler is running.",
        "fr": "L’ordonnanceur de la grappe à l’adresse {address} n’a pas répondu ({reason}). "
        "Vérifiez l’adresse (--cluster ou DASK_SCHEDULER_ADDRESS) et que l’ordonnanceur "
        "tourne.",
    },
    "no_address": {
        "en": "--cluster was given without an address and DASK_SCHEDULER_ADDRESS is not set.",
        "fr": "--cluster a été donné sans adresse et DASK_SCHEDULER_ADDRESS n’est pas défini.",
    },
    "out_not_folder": {
        "en": "{path} is a file: a cluster run writes its part files into a folder (-o).",
        "fr": "{path} est un fichier : un traitement sur grappe écrit ses fichiers partiels "
        "dans un dossier (-o).",
    },
    "out_taken": {
        "en": "The folder {path} holds the results of another run (another file, model, "
        "policy or officer): choose another folder.",
        "fr": "Le dossier {path} contient les résultats d’un autre traitement (autre fichier, "
        "modèle, politique ou agent) : choisissez un autre dossier.",
    },
    "manifest_unreadable": {
        "en": "The run's manifest {path} cannot be read: move the folder aside and run again.",
        "fr": "Le manifeste du traitement {path} est illisible : déplacez le dossier et relancez.",
    },
    "needs_database": {
        "en": "A cluster run records into the shared decision database: set DATABASE_URL, "
        "or score without recording (--no-log). Only local:N may use the embedded store.",
        "fr": "Un traitement sur grappe enregistre dans la base de décisions partagée : "
        "définissez DATABASE_URL, ou évaluez sans enregistrer (--no-log). Seul local:N peut "
        "utiliser la base embarquée.",
    },
    "failed": {
        "en": "The cluster run failed: {reason}. Run the same command again to resume: the "
        "partitions done are kept and none is recorded twice.",
        "fr": "Le traitement sur grappe a échoué : {reason}. Relancez la même commande pour "
        "reprendre : les partitions faites sont gardées et aucune n’est enregistrée deux fois.",
    },
    "progress": {
        "en": "{rows} rows done, {rate} rows/s",
        "fr": "{rows} lignes traitées, {rate} lignes/s",
    },
    "summary": {
        "en": "{partitions} partition(s) ({skipped} done before): {rows} rows, {scored} "
        "scored ({approved} approved, {refused} refused), {errors} with errors, "
        "{recorded} recorded now, in {seconds} s.",
        "fr": "{partitions} partition(s) ({skipped} déjà faites) : {rows} lignes, {scored} "
        "évaluées ({approved} accordées, {refused} refusées), {errors} en erreur, "
        "{recorded} enregistrées cette fois, en {seconds} s.",
    },
    "written": {
        "en": "Part files and manifest: {path}",
        "fr": "Fichiers partiels et manifeste : {path}",
    },
    "one_part": {
        "en": "note: {reason}.",
        "fr": "remarque : {reason}.",
    },
    "pending": {
        "en": "{count} decision(s) wait in the workers' outboxes for the database and will be "
        "delivered when it answers.",
        "fr": "{count} décision(s) attendent la base dans les boîtes d’envoi des nœuds de "
        "calcul et seront livrées quand elle répondra.",
    },
    "stopped": {
        "en": "Stopped: the partitions done are kept. Run the same command again to resume.",
        "fr": "Arrêté : les partitions faites sont gardées. Relancez la même commande pour "
        "reprendre.",
    },
    "stopping": {
        "en": "Stopping: cancelling the partitions not done (Ctrl-C again to quit at once)…",
        "fr": "Arrêt : annulation des partitions non faites (Ctrl-C encore pour quitter "
        "tout de suite)…",
    },
    "worker_no_database": {
        "en": "A worker has no decision database: set DATABASE_URL on the workers to the "
        "run's database ({target}).",
        "fr": "Un nœud de calcul n’a pas de base de décisions : définissez DATABASE_URL sur "
        "les nœuds, vers la base du traitement ({target}).",
    },
    "worker_other_database": {
        "en": "A worker's DATABASE_URL names {found}, not the run's database {target}: "
        "nothing was recorded there.",
        "fr": "Le DATABASE_URL d’un nœud de calcul désigne {found} et non la base du "
        "traitement {target} : rien n’y a été enregistré.",
    },
    "part_failed": {
        "en": "a partition could not be read to its end: {message}",
        "fr": "une partition n’a pas pu être lue jusqu’au bout : {message}",
    },
}
