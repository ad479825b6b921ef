"""What is wrong with a model bundle, naming the file and the part (IT reads it, and so does the
officer whose window or batch refuses the model)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "threshold_not_number": {
        "en": "MLmodel: the threshold is not a number ({value}).",
        "fr": "MLmodel : le seuil n'est pas un nombre ({value}).",
    },
    "threshold_out_of_range": {
        "en": "MLmodel: the threshold {value} is not a probability between 0 and 1.",
        "fr": "MLmodel : le seuil {value} n'est pas une probabilité comprise entre 0 et 1.",
    },
    "bound_not_number": {
        "en": "MLmodel: input '{field}': '{part}' is not a number ({value}).",
        "fr": "MLmodel : entrée « {field} » : « {part} » n'est pas un nombre ({value}).",
    },
    "bounds_reversed": {
        "en": "MLmodel: input '{field}': 'min' {minimum} is above 'max' {maximum}.",
        "fr": "MLmodel : entrée « {field} » : « min » {minimum} dépasse « max » {maximum}.",
    },
    "categories_not_texts": {
        "en": "MLmodel: input '{field}': 'categories' is not a list of texts.",
        "fr": "MLmodel : entrée « {field} » : « categories » n'est pas une liste de textes.",
    },
    "category_twice": {
        "en": "MLmodel: input '{field}': the category '{category}' is listed twice.",
        "fr": "MLmodel : entrée « {field} » : la catégorie « {category} » figure deux fois.",
    },
    "codes_not_list": {
        "en": "MLmodel: input '{field}': 'codes' is not a list of numbers.",
        "fr": "MLmodel : entrée « {field} » : « codes » n'est pas une liste de nombres.",
    },
    "codes_count": {
        "en": "MLmodel: input '{field}' has {categories} categories but {codes} codes: "
        "each category needs one code.",
        "fr": "MLmodel : l'entrée « {field} » a {categories} catégories mais {codes} codes "
        ": chaque catégorie a besoin d'un code.",
    },
    "code_not_number": {
        "en": "MLmodel: input '{field}': the code {value} is not a number.",
        "fr": "MLmodel : entrée « {field} » : le code {value} n'est pas un nombre.",
    },
    "reference_unreadable": {
        "en": "{file}: the reference sample cannot be read ({error}).",
        "fr": "{file} : l'échantillon de référence est illisible ({error}).",
    },
    "reference_invalid": {
        "en": "{file}: {count} row(s) of the reference sample fail the bundle's own "
        "signature, e.g. row {row}: {message}",
        "fr": "{file} : {count} ligne(s) de l'échantillon de référence ne respectent pas "
        "la signature du modèle, par exemple la ligne {row} : {message}",
    },
    "example_invalid": {
        "en": "MLmodel: the example applicant fails the bundle's own signature: {message}",
        "fr": "MLmodel : l'exemple de demandeur ne respecte pas la signature du modèle : {message}",
    },
    "expected_not_number": {
        "en": "{file}: the expected score of row {row} is not a number ('{value}').",
        "fr": "{file} : le score attendu de la ligne {row} n'est pas un nombre (« {value} »).",
    },
    "not_probabilities": {
        "en": "model.onnx answers {value} for row {row} of the bundle's {sample}, which is "
        "not a probability (a finite number between 0 and 1): the model is unusable.",
        "fr": "model.onnx répond {value} pour la ligne {row} de {sample} du modèle, ce qui "
        "n'est pas une probabilité (un nombre fini entre 0 et 1) : le modèle est "
        "inutilisable.",
    },
    "check_failed": {
        "en": "The bundle's check could not score its sample ({error}): the model is unusable.",
        "fr": "Le contrôle du modèle n'a pas pu noter son échantillon ({error}) : le modèle "
        "est inutilisable.",
    },
    "not_reproduced": {
        "en": "model.onnx does not reproduce the expected scores of {file}: row {row} "
        "scores {score}, the bundle expects {expected} (tolerance {tolerance}).",
        "fr": "model.onnx ne reproduit pas les scores attendus de {file} : la ligne {row} "
        "obtient {score}, le modèle annonce {expected} (tolérance {tolerance}).",
    },
    "sample_reference": {
        "en": "reference sample",
        "fr": "l'échantillon de référence",
    },
    "sample_example": {
        "en": "example applicant",
        "fr": "l'exemple de demandeur",
    },
    "output_not_probability": {
        "en": "The model answered {value} for this applicant, which is not a probability "
        "(a finite number between 0 and 1): no decision was made. The model is "
        "faulty; tell IT.",
        "fr": "Le modèle a répondu {value} pour ce demandeur, ce qui n'est pas une "
        "probabilité (un nombre fini entre 0 et 1) : aucune décision n'a été prise. "
        "Le modèle est défectueux ; prévenez l'informatique.",
    },
    "row_output": {
        "en": "The model answered {value} for this row, which is not a probability (a "
        "finite number between 0 and 1): no decision was made for it.",
        "fr": "Le modèle a répondu {value} pour cette ligne, ce qui n'est pas une "
        "probabilité (un nombre fini entre 0 et 1) : aucune décision n'a été prise "
        "pour elle.",
    },
    "no_signature": {
        "en": "The MLmodel file has no signature: the app cannot know the inputs.",
        "fr": "Le fichier MLmodel n'a pas de signature : l'application ne peut pas connaître "
        "les entrées.",
    },
    "signature_not_json": {
        "en": "The model's signature is not valid JSON.",
        "fr": "La signature du modèle n'est pas du JSON valide.",
    },
    "signature_not_list": {
        "en": "The model's signature is not a list of input columns.",
        "fr": "La signature du modèle n'est pas une liste de colonnes d'entrée.",
    },
    "tensor_signature": {
        "en": "The model's signature is a tensor signature without column names; pad_desktop "
        "needs one named column per applicant field.",
        "fr": "La signature du modèle est une signature de tenseurs sans noms de colonnes ; "
        "pad_desktop a besoin d'une colonne nommée par champ du demandeur.",
    },
    "input_unnamed": {
        "en": "An input of the model's signature has no name or type: {column}",
        "fr": "Une entrée de la signature du modèle n'a ni nom ni type : {column}",
    },
    "required_not_bool": {
        "en": "Input '{field}': 'required' is not true or false.",
        "fr": "Entrée « {field} » : « required » ne vaut ni true ni false.",
    },
    "no_folder": {
        "en": "No model bundle at {folder}: the folder does not exist.",
        "fr": "Aucun modèle à l'emplacement {folder} : le dossier n'existe pas.",
    },
    "no_mlmodel": {
        "en": "{folder} is not a model bundle: it has no MLmodel file.",
        "fr": "{folder} n'est pas un modèle : il n'a pas de fichier MLmodel.",
    },
    "no_onnx": {
        "en": "{folder} is not an ONNX model bundle: it has no model.onnx.",
        "fr": "{folder} n'est pas un modèle ONNX : il n'a pas de fichier model.onnx.",
    },
    "mlmodel_unreadable": {
        "en": "The MLmodel file of {folder} cannot be read: {error}",
        "fr": "Le fichier MLmodel de {folder} est illisible : {error}",
    },
    "link_in_bundle": {
        "en": "{path} in {folder} is a link or a special file: a model bundle holds regular "
        "files only.",
        "fr": "{path} dans {folder} est un lien ou un fichier spécial : un modèle ne contient "
        "que des fichiers ordinaires.",
    },
    "reference_outside": {
        "en": "The bundle's reference sample '{name}' is not a file inside the bundle folder.",
        "fr": "L'échantillon de référence « {name} » du modèle n'est pas un fichier du dossier "
        "du modèle.",
    },
    "reference_not_file": {
        "en": "The bundle's reference sample '{name}' is not a file.",
        "fr": "L'échantillon de référence « {name} » du modèle n'est pas un fichier.",
    },
    "features_not_list": {
        "en": "The bundle's feature descriptions are not a list of named fields.",
        "fr": "Les descriptions des champs du modèle ne sont pas une liste de champs nommés.",
    },
    "type_unscorable": {
        "en": "Input '{field}' has type '{type}', which the app cannot score.",
        "fr": "L'entrée « {field} » est de type « {type} », que l'application ne sait pas évaluer.",
    },
    "no_categories": {
        "en": "Input '{field}' is text but the bundle lists no categories and codes for it.",
        "fr": "L'entrée « {field} » est un texte, mais le modèle ne lui donne ni catégories ni "
        "codes.",
    },
    "onnx_not_loading": {
        "en": "{file} in {folder} is not a model ONNX Runtime can load ({error}).",
        "fr": "{file} dans {folder} n'est pas un modèle que ONNX Runtime peut charger ({error}).",
    },
    # -- the MLflow registry (IT's `pad-desktop model promote` and `from-run`) ----------------
    "registry_no_model": {
        "en": "The registry has no model named '{name}': train one first.",
        "fr": "Le registre n'a aucun modèle nommé « {name} » : entraînez-en un d'abord.",
    },
    "registry_refused": {
        "en": "{name} version {version}: {error}",
        "fr": "{name}, version {version} : {error}",
    },
    "registry_no_run": {
        "en": "The tracking server has no run {run}.",
        "fr": "Le serveur de suivi n'a pas d'exécution {run}.",
    },
    "registry_no_logged_model": {
        "en": "Run {run} logged no model.",
        "fr": "L'exécution {run} n'a enregistré aucun modèle.",
    },
    "registry_old_run": {
        "en": "Run {run} predates bundles logged whole (no reference.csv): retrain it.",
        "fr": "L'exécution {run} date d'avant l'enregistrement des modèles complets (pas de "
        "reference.csv) : entraînez-le de nouveau.",
    },
}
