"""What the model update says: its progress, the network, the repository, hostile names and
archives, the bytes, the model, what changes for the officer, the store and publishing."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "progress_checking": {
        "en": "Checking {where}…",
        "fr": "Vérification de {where}…",
    },
    "progress_downloading": {
        "en": "Downloading {done} of {total} MB",
        "fr": "Téléchargement : {done} Mo sur {total}",
    },
    "progress_installing": {
        "en": "Installing…",
        "fr": "Installation…",
    },
    "progress_verifying": {
        "en": "Verifying the model…",
        "fr": "Vérification du modèle…",
    },
    "progress_installed": {
        "en": "Installed.",
        "fr": "Installé.",
    },
    "where": {
        "en": "{repo}@{revision} on {endpoint}",
        "fr": "{repo}@{revision} sur {endpoint}",
    },
    "where_file": {
        "en": "{repo}@{revision} ({filename}) on {endpoint}",
        "fr": "{repo}@{revision} ({filename}) sur {endpoint}",
    },
    "listing": {
        "en": "The Hub's listing",
        "fr": "La liste de fichiers du Hub",
    },
    "listing_of": {
        "en": "The Hub's listing of {repo}",
        "fr": "La liste de fichiers du Hub pour {repo}",
    },
    "shipped_model": {
        "en": "shipped model",
        "fr": "modèle livré avec l'application",
    },
    "none_files": {
        "en": "none",
        "fr": "aucun",
    },
    "none_refs": {
        "en": "none",
        "fr": "aucune",
    },
    "digest_sha256": {
        "en": "sha256 {digest}",
        "fr": "l'empreinte sha256 {digest}",
    },
    "digest_blob": {
        "en": "git blob sha1 {digest}",
        "fr": "l'empreinte git blob sha1 {digest}",
    },
    "unpacked_archive": {
        "en": "unpacked archive",
        "fr": "l'archive décompressée",
    },
    "not_configured": {
        "en": "No model repository is configured: set HF_REPO_ID (for example in .env) or "
        "pass --repo.",
        "fr": "Aucun dépôt de modèles n'est configuré : définissez HF_REPO_ID (par exemple "
        "dans .env) ou passez --repo.",
    },
    "refused": {
        "en": "The model Hub at {where} refused: {reason}.",
        "fr": "Le Hub de modèles à l'adresse {where} a refusé : {reason}.",
    },
    "connect_timeout": {
        "en": "Cannot reach the model Hub at {where}: no connection within {seconds} s.",
        "fr": "Impossible de joindre le Hub de modèles à l'adresse {where} : aucune "
        "connexion en {seconds} s.",
    },
    "unreachable": {
        "en": "Cannot reach the model Hub at {where}: {reason}.",
        "fr": "Impossible de joindre le Hub de modèles à l'adresse {where} : {reason}.",
    },
    "read_timeout": {
        "en": "The model Hub at {where} accepted the connection but did not answer within "
        "{seconds} s.",
        "fr": "Le Hub de modèles à l'adresse {where} a accepté la connexion mais n'a pas "
        "répondu en {seconds} s.",
    },
    "broke_off": {
        "en": "The connection to the model Hub at {where} broke off: {reason}.",
        "fr": "La connexion au Hub de modèles à l'adresse {where} a été coupée : {reason}.",
    },
    "unusable": {
        "en": "The model Hub at {where} could not be used: {reason}.",
        "fr": "Le Hub de modèles à l'adresse {where} n'a pas pu être utilisé : {reason}.",
    },
    "not_a_hub": {
        "en": "{where} does not answer like a model Hub ({error}).",
        "fr": "{where} ne répond pas comme un Hub de modèles ({error}).",
    },
    "reason_refused": {
        "en": "connection refused (is the server running?)",
        "fr": "connexion refusée (le serveur est-il démarré ?)",
    },
    "reason_unknown_host": {
        "en": "unknown host name (no network?)",
        "fr": "nom d'hôte inconnu (pas de réseau ?)",
    },
    "nothing_at": {
        "en": "The model Hub has nothing at {path} ({hub_code}).",
        "fr": "Le Hub de modèles n'a rien à l'emplacement {path} ({hub_code}).",
    },
    "access_refused": {
        "en": "The Hub refused access to {repo} (HTTP {status}): check the token (HF_TOKEN "
        "or the keyring).",
        "fr": "Le Hub a refusé l'accès à {repo} (HTTP {status}) : vérifiez le jeton "
        "(HF_TOKEN ou le trousseau du système).",
    },
    "http_status": {
        "en": "The model Hub at {where} answered HTTP {status} ({message}) for {path}.",
        "fr": "Le Hub de modèles à l'adresse {where} a répondu HTTP {status} ({message}) "
        "pour {path}.",
    },
    "no_repository": {
        "en": "The model Hub at {endpoint} has no repository '{repo}' (or this token may "
        "not read it). Check HF_REPO_ID.",
        "fr": "Le Hub de modèles à l'adresse {endpoint} n'a pas de dépôt '{repo}' (ou ce "
        "jeton ne peut pas le lire). Vérifiez HF_REPO_ID.",
    },
    "no_revision": {
        "en": "Repository '{repo}' has no revision '{revision}'. Branches and tags: "
        "{names}; a full commit sha also works.",
        "fr": "Le dépôt '{repo}' n'a pas de révision '{revision}'. Branches et étiquettes "
        ": {names} ; le sha complet d'un commit convient aussi.",
    },
    "no_commit": {
        "en": "The Hub gave no commit for {where}.",
        "fr": "Le Hub n'a indiqué aucun commit pour {where}.",
    },
    "listing_entry": {
        "en": "The Hub's file listing has an entry that is not a file description ({error}).",
        "fr": "La liste de fichiers du Hub contient une entrée qui n'est pas la "
        "description d'un fichier ({error}).",
    },
    "listing_entry_size": {
        "en": "The Hub's file listing has an entry that is not a file description: {path} "
        "(size {size}).",
        "fr": "La liste de fichiers du Hub contient une entrée qui n'est pas la "
        "description d'un fichier : {path} (taille {size}).",
    },
    "too_large": {
        "en": "The bundle in {repo} is {total} bytes, more than the {limit} allowed "
        "(PAD_HUB_MAX_BYTES): the update is refused.",
        "fr": "Le modèle de {repo} pèse {total} octets, plus que les {limit} autorisés "
        "(PAD_HUB_MAX_BYTES) : la mise à jour est refusée.",
    },
    "no_bundle": {
        "en": "Repository '{repo}' at this revision holds no model bundle (no MLmodel at "
        "its root).{hint}",
        "fr": "Le dépôt '{repo}' ne contient aucun modèle à cette révision (pas de MLmodel "
        "à sa racine).{hint}",
    },
    "nested_hint": {
        "en": " It has one in '{folder}': set HF_FILENAME={folder}.",
        "fr": " Il en contient un dans '{folder}' : définissez HF_FILENAME={folder}.",
    },
    "no_entry": {
        "en": "Repository '{repo}' has no file or folder '{wanted}' (HF_FILENAME) at this "
        "revision.",
        "fr": "Le dépôt '{repo}' n'a ni fichier ni dossier '{wanted}' (HF_FILENAME) à "
        "cette révision.",
    },
    "single_file": {
        "en": "HF_FILENAME names '{wanted}', a single file: pad_desktop needs a model "
        "bundle (MLmodel with a signature + model.onnx), as a folder or a "
        ".zip/.tar.gz archive of one.",
        "fr": "HF_FILENAME désigne '{wanted}', un fichier isolé : pad_desktop a besoin "
        "d'un modèle complet (MLmodel avec une signature + model.onnx), sous forme "
        "de dossier ou d'archive .zip/.tar.gz de ce dossier.",
    },
    "unsafe_name": {
        "en": "{where} lists an unsafe file name {name} ({reason}): the update is refused.",
        "fr": "{where} contient un nom de fichier dangereux {name} ({reason}) : la mise à "
        "jour est refusée.",
    },
    "outside_folder": {
        "en": "{where} lists {name}, which would be written outside the download folder: "
        "the update is refused.",
        "fr": "{where} contient {name}, qui serait écrit hors du dossier de téléchargement "
        ": la mise à jour est refusée.",
    },
    "reason_empty": {
        "en": "an empty name",
        "fr": "un nom vide",
    },
    "reason_control": {
        "en": "a NUL or control character",
        "fr": "un caractère NUL ou de contrôle",
    },
    "reason_backslash": {
        "en": "a backslash",
        "fr": "une barre oblique inversée",
    },
    "reason_drive": {
        "en": "a drive letter",
        "fr": "une lettre de lecteur",
    },
    "reason_absolute": {
        "en": "an absolute path",
        "fr": "un chemin absolu",
    },
    "reason_dots": {
        "en": "a '..' or '.' part",
        "fr": "un élément '..' ou '.'",
    },
    "reason_empty_part": {
        "en": "an empty path part",
        "fr": "un élément de chemin vide",
    },
    "reason_link": {
        "en": "a link or special file",
        "fr": "un lien ou un fichier spécial",
    },
    "archive_unsafe": {
        "en": "{archive} contains an unsafe entry {name} ({reason}): the update is refused.",
        "fr": "{archive} contient une entrée dangereuse {name} ({reason}) : la mise à jour "
        "est refusée.",
    },
    "archive_too_large": {
        "en": "{archive} unpacks to {total} bytes: refused.",
        "fr": "{archive} se décompresse en {total} octets : refusé.",
    },
    "archive_over_2gb": {
        "en": "{archive} unpacks to more than 2 GB: refused.",
        "fr": "{archive} se décompresse en plus de 2 Go : refusé.",
    },
    "archive_unreadable": {
        "en": "{archive} cannot be unpacked: {error}",
        "fr": "{archive} ne peut pas être décompressé : {error}",
    },
    "archive_models": {
        "en": "{archive} must hold exactly one MLflow model folder (found {count}).",
        "fr": "{archive} doit contenir exactement un dossier de modèle MLflow ({count} trouvé(s)).",
    },
    "size_short": {
        "en": "{path} is damaged: the Hub advertises {size} bytes, {received} arrived.",
        "fr": "{path} est endommagé : le Hub annonce {size} octets, {received} sont arrivés.",
    },
    "size_over": {
        "en": "{path} is damaged: the Hub advertises {size} bytes, {received} or more arrived.",
        "fr": "{path} est endommagé : le Hub annonce {size} octets, {received} ou plus "
        "sont arrivés.",
    },
    "digest_mismatch": {
        "en": "{path} is damaged: its content does not match the {expected} the Hub advertises.",
        "fr": "{path} est endommagé : son contenu ne correspond pas à {expected} annoncée "
        "par le Hub.",
    },
    "installed_differs": {
        "en": "The installed model differs from what was verified (missing: {missing}; "
        "unexpected: {extra}).",
        "fr": "Le modèle installé diffère de ce qui a été vérifié (manquants : {missing} ; "
        "en trop : {extra}).",
    },
    "installed_mismatch": {
        "en": "The installed {name} does not match the {source} that was verified.",
        "fr": "Le fichier installé {name} ne correspond pas à {source} qui a été vérifiée.",
    },
    "bundle_link": {
        "en": "The model bundle holds {path}, which is a link or a special file: refused "
        "(a bundle holds regular files only).",
        "fr": "Le dossier du modèle contient {path}, qui est un lien ou un fichier spécial "
        ": refusé (un modèle ne contient que des fichiers ordinaires).",
    },
    "candidate_unusable": {
        "en": "The candidate is not a usable model bundle: {error}",
        "fr": "Le modèle candidat est inutilisable : {error}",
    },
    "download_unusable": {
        "en": "The downloaded model is not a usable bundle: {error}",
        "fr": "Le modèle téléchargé est inutilisable : {error}",
    },
    "onnx_not_loading": {
        "en": "The downloaded model.onnx does not load: {error}",
        "fr": "Le fichier model.onnx téléchargé ne se charge pas : {error}",
    },
    "signature_changed": {
        "en": "The new model takes different inputs; accept the difference to install it: "
        "{changes}",
        "fr": "Le nouveau modèle prend des entrées différentes ; acceptez la différence "
        "pour l'installer : {changes}",
    },
    "reference_invalid": {
        "en": "{count} row(s) of the bundle's own reference sample fail its signature, "
        "e.g. row {row}: {message}",
        "fr": "{count} ligne(s) de l'échantillon de référence du modèle ne respectent pas "
        "sa propre signature, par exemple la ligne {row} : {message}",
    },
    "not_probabilities": {
        "en": "The new model gives scores that are not probabilities (outside [0, 1] or "
        "not finite) on its own reference sample.",
        "fr": "Sur son propre échantillon de référence, le nouveau modèle donne des scores "
        "qui ne sont pas des probabilités (hors de [0, 1] ou non finis).",
    },
    "not_reproduced": {
        "en": "The new model does not reproduce its own expected scores: reference row "
        "{row} scores {score}, the bundle expects {expected} (tolerance {tolerance}).",
        "fr": "Le nouveau modèle ne reproduit pas ses propres scores attendus : la ligne "
        "de référence {row} obtient {score}, le modèle annonce {expected} (tolérance "
        "{tolerance}).",
    },
    "sig_new_required": {
        "en": "New required input '{name}'.",
        "fr": "Nouvelle entrée obligatoire '{name}'.",
    },
    "sig_new_optional": {
        "en": "New optional input '{name}'.",
        "fr": "Nouvelle entrée facultative '{name}'.",
    },
    "sig_removed": {
        "en": "Input '{name}' is removed.",
        "fr": "L'entrée '{name}' est supprimée.",
    },
    "sig_order": {
        "en": "The inputs are in a different order (columns are matched by name).",
        "fr": "Les entrées sont dans un autre ordre (les colonnes sont associées par leur nom).",
    },
    "sig_type": {
        "en": "Input '{name}' changes type from {old} to {new}.",
        "fr": "L'entrée '{name}' change de type : {old} devient {new}.",
    },
    "sig_required": {
        "en": "Input '{name}' becomes required.",
        "fr": "L'entrée '{name}' devient obligatoire.",
    },
    "sig_optional": {
        "en": "Input '{name}' becomes optional.",
        "fr": "L'entrée '{name}' devient facultative.",
    },
    "sig_dropped": {
        "en": "Input '{name}' no longer accepts: {values}.",
        "fr": "L'entrée '{name}' n'accepte plus : {values}.",
    },
    "sig_added": {
        "en": "Input '{name}' also accepts: {values}.",
        "fr": "L'entrée '{name}' accepte aussi : {values}.",
    },
    "sig_narrower": {
        "en": "Input '{name}' accepts a narrower range: {old} becomes {new}.",
        "fr": "L'entrée '{name}' accepte une plage plus étroite : {old} devient {new}.",
    },
    "sig_wider": {
        "en": "Input '{name}' accepts a wider range: {old} becomes {new}.",
        "fr": "L'entrée '{name}' accepte une plage plus large : {old} devient {new}.",
    },
    "sig_description": {
        "en": "Input '{name}' has a new description or unit.",
        "fr": "L'entrée '{name}' a une nouvelle description ou une nouvelle unité.",
    },
    "sig_range": {
        "en": "[{low}, {high}]",
        "fr": "[{low} ; {high}]",
    },
    "sig_same": {
        "en": "Same inputs as the current model.",
        "fr": "Mêmes entrées que le modèle actuel.",
    },
    "sig_benign_only": {
        "en": "Same inputs; {count} description change(s).",
        "fr": "Mêmes entrées ; {count} changement(s) de description.",
    },
    "sig_to_accept": {
        "en": "{count} input change(s) to accept: {changes}",
        "fr": "{count} changement(s) d'entrée à accepter : {changes}",
    },
    "kind_number": {
        "en": "number",
        "fr": "nombre",
    },
    "kind_integer": {
        "en": "integer",
        "fr": "entier",
    },
    "kind_category": {
        "en": "category",
        "fr": "catégorie",
    },
    "kind_boolean": {
        "en": "boolean",
        "fr": "booléen",
    },
    "now_scoring": {
        "en": "Now scoring with {model} (was {previous}).",
        "fr": "Modèle en service : {model} (auparavant : {previous}).",
    },
    "result_message": {
        "en": "{headline} Checked: {checked}.",
        "fr": "{headline} Vérifié : {checked}.",
    },
    "checked_install": {
        "en": "file hashes against the Hub, ONNX load, {smoke}",
        "fr": "empreintes des fichiers comparées à celles du Hub, chargement ONNX, {smoke}",
    },
    "checked_use": {
        "en": "ONNX load, {smoke}",
        "fr": "chargement ONNX, {smoke}",
    },
    "checked_rollback": {
        "en": "the previous version loads",
        "fr": "la version précédente se charge",
    },
    "smoke_impossible": {
        "en": "no reference sample or example in the bundle: smoke test not possible",
        "fr": "ni échantillon de référence ni exemple dans le modèle : essai impossible",
    },
    "smoke_scored": {
        "en": "{count} reference row(s) scored to probabilities in [0, 1]",
        "fr": "{count} ligne(s) de référence évaluée(s) en probabilités dans [0, 1]",
    },
    "smoke_expected": {
        "en": "{count} reference row(s) scored; equal to the expected scores within "
        "{tolerance} (largest gap {gap})",
        "fr": "{count} ligne(s) de référence évaluée(s) ; égales aux scores attendus à "
        "{tolerance} près (plus grand écart {gap})",
    },
    "no_version": {
        "en": "No installed model version '{name}' (see `pad-desktop model list`).",
        "fr": "Aucune version installée du modèle ne s'appelle '{name}' (voir `pad-desktop "
        "model list`).",
    },
    "same_commit_other_bytes": {
        "en": "{name} is in use and the Hub now serves other bytes for the same commit: refused.",
        "fr": "{name} est en service et le Hub sert désormais d'autres octets pour le même "
        "commit : refusé.",
    },
    "nothing_to_roll_back": {
        "en": "Nothing to roll back to: the shipped model is in use.",
        "fr": "Aucune version précédente où revenir : le modèle livré avec l'application "
        "est en service.",
    },
    "rollback_not_loading": {
        "en": "Cannot roll back to {model}: it does not load ({error}).",
        "fr": "Impossible de revenir à « {model} » : ce modèle ne se charge pas ({error}).",
    },
    "verified_not_loading": {
        "en": "{model} was verified but does not load: {error}",
        "fr": "« {model} » a été vérifié mais ne se charge pas : {error}",
    },
    "read_only_mirror": {
        "en": "The Hub at {endpoint} does not accept uploads (HTTP 405): it is a read-only "
        "mirror. Push to the Hub it mirrors.",
        "fr": "Le Hub à l'adresse {endpoint} n'accepte pas les envois (HTTP 405) : c'est "
        "un miroir en lecture seule. Publiez sur le Hub dont il est le miroir.",
    },
    "upload_refused": {
        "en": "The Hub at {endpoint} refused the upload: {error}",
        "fr": "Le Hub à l'adresse {endpoint} a refusé l'envoi : {error}",
    },
    # -- training metrics, as the comparison table names them (`metric_<key>`) ----------------
    "metric_test_auc": {"en": "AUC (test)", "fr": "AUC (test)"},
    "metric_cv_auc": {"en": "AUC (cross-validation)", "fr": "AUC (validation croisée)"},
    "metric_test_cost": {
        "en": "Mean cost per applicant (test)",
        "fr": "Coût moyen par demandeur (test)",
    },
    "metric_cv_cost": {
        "en": "Mean cost per applicant (cross-validation)",
        "fr": "Coût moyen par demandeur (validation croisée)",
    },
    "metric_cost_refuse_all": {
        "en": "Mean cost when refusing everyone",
        "fr": "Coût moyen en refusant tout le monde",
    },
    "metric_onnx_parity_max_abs": {
        "en": "Largest ONNX gap from the trained model",
        "fr": "Plus grand écart ONNX au modèle entraîné",
    },
    # -- a candidate's rows in the command line (`Candidate.describe`) --------------------------
    "row_repository": {"en": "Repository", "fr": "Dépôt"},
    "row_revision": {"en": "Revision", "fr": "Révision"},
    "row_revision_value": {
        "en": "{revision} -> commit {commit}",
        "fr": "{revision}, commit {commit}",
    },
    "row_date": {"en": "Date", "fr": "Date"},
    "row_model": {"en": "Model", "fr": "Modèle"},
    "row_model_later": {"en": "(known after download)", "fr": "(connu après le téléchargement)"},
    "row_download": {"en": "Download", "fr": "Téléchargement"},
    "row_download_value": {"en": "{count} file(s)", "fr": "{count} fichier(s)"},
    "row_download_size": {"en": "{size} MB", "fr": "{size} Mo"},
    "row_threshold": {"en": "Threshold", "fr": "Seuil"},
    "row_threshold_was": {"en": " (current {value})", "fr": " (actuel : {value})"},
    "row_inputs": {"en": "Inputs", "fr": "Entrées"},
    "row_inputs_later": {
        "en": "(compared after download)",
        "fr": "(comparées après le téléchargement)",
    },
}
