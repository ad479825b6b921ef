"""What the batch says of a file: its columns, its lines, the results and errors files."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "line": {
        "en": "line {line}: {message}",
        "fr": "ligne {line} : {message}",
    },
    "width": {
        "en": "This line has {fields} fields; the header has {header}.",
        "fr": "Cette ligne a {fields} champs ; l'en-tête en a {header}.",
    },
    "no_values": {
        "en": "This line has no value in any of the model's fields, only in other columns.",
        "fr": "Cette ligne n'a de valeur dans aucun des champs du modèle, seulement dans "
        "d'autres colonnes.",
    },
    "unreadable": {
        "en": "The file cannot be read from line {line}: {reason}",
        "fr": "Le fichier ne peut pas être lu à partir de la ligne {line} : {reason}",
    },
    "not_encoded": {
        "en": "this line is not valid {encoding} text.",
        "fr": "cette ligne n'est pas un texte {encoding} valide.",
    },
    "too_long": {
        "en": "this line is longer than {limit} MiB.",
        "fr": "cette ligne dépasse {limit} Mio.",
    },
    "not_a_file": {
        "en": "{path} is not a regular file: give the path of a CSV file.",
        "fr": "{path} n'est pas un fichier ordinaire : donnez le chemin d'un fichier CSV.",
    },
    "results": {
        "en": "The results file",
        "fr": "Le fichier de résultats",
    },
    "errors": {
        "en": "The errors file",
        "fr": "Le fichier d'erreurs",
    },
    "input": {
        "en": "the input",
        "fr": "le fichier lu",
    },
    "results_other": {
        "en": "the results file",
        "fr": "le fichier de résultats",
    },
    "would_destroy": {
        "en": "{name} {path} is {other}: writing it would destroy it. Choose another file name.",
        "fr": "{name} {path} est {other} : l'écrire le détruirait. Choisissez un autre nom "
        "de fichier.",
    },
    "output_folder": {
        "en": "{name} {path} is a folder: give a file name.",
        "fr": "{name} {path} est un dossier : donnez un nom de fichier.",
    },
    "output_parent": {
        "en": "{name} {path} cannot be created: {parent} is not a folder.",
        "fr": "{name} {path} ne peut pas être créé : {parent} n'est pas un dossier.",
    },
    "output_special": {
        "en": "{name} {path} is not a regular file (a pipe or a socket): give a file name.",
        "fr": "{name} {path} n'est pas un fichier ordinaire (un tube ou une socket) : "
        "donnez un nom de fichier.",
    },
    "output_unwritable": {
        "en": "{name} {path} cannot be written: {reason}.",
        "fr": "{name} {path} ne peut pas être écrit : {reason}.",
    },
    "output_locked": {
        "en": "{name} {path} is being written by another run: wait until it ends, or "
        "choose another file name.",
        "fr": "{name} {path} est en cours d'écriture par une autre exécution : attendez "
        "qu'elle se termine, ou choisissez un autre nom de fichier.",
    },
    "write_failed": {
        "en": "{name} {path} could not be written to the end: {reason}.",
        "fr": "{name} {path} n'a pas pu être écrit jusqu'au bout : {reason}.",
    },
    "id_absent": {
        "en": "The file has no column '{column}' (--id-column); its columns are: {columns}.",
        "fr": "Le fichier n'a pas de colonne « {column} » (--id-column) ; ses colonnes "
        "sont : {columns}.",
    },
    "id_taken": {
        "en": "The id column cannot be '{column}': {why}. Name the column that holds the "
        "applicants' references.",
        "fr": "La colonne d'identifiant ne peut pas être « {column} » : {why}. Indiquez la "
        "colonne qui porte les références des demandeurs.",
    },
    "id_model": {
        "en": "it is one of the model's fields",
        "fr": "c'est un des champs du modèle",
    },
    "id_output": {
        "en": "the results and errors files have a column of that name",
        "fr": "les fichiers de résultats et d'erreurs ont une colonne de ce nom",
    },
    "duplicate": {
        "en": "The file has {count} columns named '{column}': keep one, so that it is "
        "clear which one the model reads.",
        "fr": "Le fichier a {count} colonnes nommées « {column} » : n'en gardez qu'une, "
        "pour qu'il soit clair laquelle le modèle lit.",
    },
    "missing_columns": {
        "en": "The file has no column for {count} required field(s): {columns}. Name each "
        "column as the form labels its field (in English or French) or by the "
        "field's name in parentheses.",
        "fr": "Il manque au fichier une colonne pour {count} champ(s) obligatoire(s) : "
        "{columns}. Nommez chaque colonne comme le formulaire nomme son champ (en "
        "français ou en anglais) ou par le nom entre parenthèses.",
    },
    "missing_column": {
        "en": "'{label}' ({name})",
        "fr": "« {label} » ({name})",
    },
    "missing_column_name": {"en": "'{name}'", "fr": "« {name} »"},
    "ambiguous_columns": {
        "en": "The columns '{first}' and '{second}' both name the field '{label}': keep "
        "one, so that it is clear which one the model reads.",
        "fr": "Les colonnes « {first} » et « {second} » désignent toutes deux le champ « "
        "{label} » : n'en gardez qu'une, pour qu'il soit clair laquelle le modèle "
        "lit.",
    },
    "empty": {
        "en": "The file is empty: no header line with column names.",
        "fr": "Le fichier est vide : il n'a pas de ligne d'en-tête avec les noms des colonnes.",
    },
    "no_separator": {
        "en": "No column separator found on the header line (expected ';', ',', tab or '|').",
        "fr": "Aucun séparateur de colonnes sur la ligne d'en-tête (attendu : « ; », « , », "
        "tabulation ou « | »).",
    },
    "unknown_dialect": {
        "en": "Unknown output dialect '{dialect}': choose one of {known}.",
        "fr": "Format de sortie inconnu « {dialect} » : choisissez parmi {known}.",
    },
    "process_stopped": {
        "en": "The batch process stopped unexpectedly (exit code {code}); the rows shown were "
        "recorded.",
        "fr": "Le processus de traitement par lot s’est arrêté de façon inattendue (code de "
        "sortie {code}) ; les lignes affichées ont été enregistrées.",
    },
    "model_changed": {
        "en": "The model in {folder} changed on disk since the window loaded it; nothing was "
        "scored.",
        "fr": "Le modèle de {folder} a changé sur le disque depuis que la fenêtre l'a chargé ; "
        "rien n'a été évalué.",
    },
    "process_failed": {"en": "{kind}: {message}", "fr": "{kind} : {message}"},
    # -- how a file is written (`Dialect.describe`) ------------------------------------------
    "dialect": {
        "en": "{encoding}, {separator}-separated, {decimal}, {endings} line endings",
        "fr": "{encoding}, séparateur {separator}, {decimal}, fins de ligne {endings}",
    },
    "separator_semicolon": {"en": "semicolon", "fr": "point-virgule"},
    "separator_comma": {"en": "comma", "fr": "virgule"},
    "separator_tab": {"en": "tab", "fr": "tabulation"},
    "separator_pipe": {"en": "pipe", "fr": "barre verticale"},
    "encoding_bom": {"en": "UTF-8 with BOM", "fr": "UTF-8 avec BOM"},
    "decimal_comma": {"en": "decimal comma", "fr": "virgule décimale"},
    "decimal_point": {"en": "decimal point", "fr": "point décimal"},
    "progress_rows": {"en": "{rows} rows", "fr": "{rows} lignes"},
    "progress_logged": {"en": "{done} of {total} logged", "fr": "{done} sur {total} enregistrées"},
}
