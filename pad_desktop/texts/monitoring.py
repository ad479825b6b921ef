"""The model loop's sentences: outcomes, performance, comparisons, the challenger."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # outcome files
    "file_unreadable": {
        "en": "The outcomes file {path} cannot be read: {reason}",
        "fr": "Le fichier de résultats {path} est illisible : {reason}",
    },
    "no_columns": {
        "en": "The outcomes file needs a column {what}; its header has: {header}.",
        "fr": "Le fichier de résultats doit avoir une colonne {what} ; son en-tête contient : "
        "{header}.",
    },
    "col_reference": {
        "en": "case_ref (the case reference) or decision_id",
        "fr": "case_ref (la référence du dossier) ou decision_id",
    },
    "col_defaulted": {"en": "defaulted (0 or 1)", "fr": "defaulted (0 ou 1)"},
    "col_observed": {"en": "observed_on (a date)", "fr": "observed_on (une date)"},
    "bad_defaulted": {
        "en": "“{text}” is not a default flag: write 1, yes or true for a default, "
        "0, no or false otherwise.",
        "fr": "« {text} » n’est pas un indicateur de défaut : écrivez 1, oui ou vrai pour un "
        "défaut, 0, non ou faux sinon.",
    },
    "bad_date": {
        "en": "“{text}” is not a date: write it 31/12/2026 or 2026-12-31.",
        "fr": "« {text} » n’est pas une date : écrivez-la 31/12/2026 ou 2026-12-31.",
    },
    "bad_decision_id": {
        "en": "“{text}” is not a decision id.",
        "fr": "« {text} » n’est pas un identifiant de décision.",
    },
    "bad_reference": {
        "en": "“{text}…” is not a case reference: at most 200 characters, no NUL.",
        "fr": "« {text}… » n’est pas une référence de dossier : 200 caractères au plus, sans NUL.",
    },
    "no_reference": {
        "en": "The line names neither a case reference nor a decision id.",
        "fr": "La ligne ne donne ni référence de dossier ni identifiant de décision.",
    },
    "unknown_decision": {
        "en": "No decision {decision_id} in the log.",
        "fr": "Aucune décision {decision_id} dans le journal.",
    },
    "unknown_case": {
        "en": "No decision of case {case_ref} made on or before {on}.",
        "fr": "Aucune décision du dossier {case_ref} prise le {on} ou avant.",
    },
    "conflict_held": {
        "en": "Decision {decision_id} already has an outcome (defaulted {held}, observed on "
        "{held_on}); this line says defaulted {given} on {given_on}: not recorded.",
        "fr": "La décision {decision_id} a déjà un résultat (défaut {held}, observé le "
        "{held_on}) ; cette ligne indique défaut {given} le {given_on} : non enregistrée.",
    },
    "conflict_line": {
        "en": "Line {other} gives decision {decision_id} another outcome: neither recorded.",
        "fr": "La ligne {other} donne un autre résultat à la décision {decision_id} : aucune "
        "des deux n’est enregistrée.",
    },
    "import_summary": {
        "en": "{recorded} outcome(s) recorded, {already} already recorded, {unmatched} line(s) "
        "unmatched, {conflicts} conflicting, {invalid} invalid.",
        "fr": "{recorded} résultat(s) enregistré(s), {already} déjà enregistré(s), "
        "{unmatched} ligne(s) sans décision, {conflicts} en conflit, {invalid} invalide(s).",
    },
    "line_problem": {"en": "line {line}: {text}", "fr": "ligne {line} : {text}"},
    "not_a_list": {
        "en": "The body must be a JSON list of outcomes: "
        '[{{"case_ref": "…", "defaulted": 1, "observed_on": "2026-12-31"}}, …].',
        "fr": "Le corps doit être une liste JSON de résultats : "
        '[{{"case_ref": "…", "defaulted": 1, "observed_on": "2026-12-31"}}, …].',
    },
    "not_an_object": {
        "en": "This item is not an object with case_ref or decision_id, defaulted and observed_on.",
        "fr": "Cet élément n’est pas un objet avec case_ref ou decision_id, defaulted et "
        "observed_on.",
    },
    "too_many_lines": {
        "en": "The list holds {n} outcomes; at most {most} at a time.",
        "fr": "La liste contient {n} résultats ; au plus {most} à la fois.",
    },
    # performance
    "too_few": {
        "en": "too few outcomes ({n}, {defaults} defaults)",
        "fr": "trop peu de résultats ({n}, dont {defaults} défauts)",
    },
    "alert_auc": {
        "en": "Performance alert: AUC {auc} over {n} matured decisions, below the model card's "
        "{reference} by more than {tolerance}.",
        "fr": "Alerte de performance : AUC de {auc} sur {n} décisions échues, inférieure de "
        "plus de {tolerance} aux {reference} de la fiche du modèle.",
    },
    "no_alert": {
        "en": "AUC {auc} over {n} matured decisions (model card: {reference}).",
        "fr": "AUC de {auc} sur {n} décisions échues (fiche du modèle : {reference}).",
    },
    "no_outcomes": {
        "en": "No decision with a matured outcome in this period.",
        "fr": "Aucune décision avec un résultat échu sur cette période.",
    },
    # report and view labels
    "perf_title": {"en": "Model performance", "fr": "Performance du modèle"},
    "perf_period": {
        "en": "{decisions}, outcomes observed by {as_of}; model: {model}.",
        "fr": "{decisions}, résultats observés au {as_of} ; modèle : {model}.",
    },
    "any": {"en": "any", "fr": "tous"},
    "overall": {"en": "Overall", "fr": "Ensemble"},
    "by_month": {"en": "By month of decision", "fr": "Par mois de décision"},
    "by_model": {"en": "By model version", "fr": "Par version du modèle"},
    "calibration": {
        "en": "Calibration: predicted and observed default rate by score band",
        "fr": "Calibration : taux de défaut prévu et observé par tranche de score",
    },
    "calibration_short": {
        "en": "Calibration by score band",
        "fr": "Calibration par tranche de score",
    },
    "trend": {"en": "AUC by month of decision", "fr": "AUC par mois de décision"},
    "h_group": {"en": "Group", "fr": "Groupe"},
    "h_n": {"en": "Outcomes", "fr": "Résultats"},
    "h_defaults": {"en": "Defaults", "fr": "Défauts"},
    "h_auc": {"en": "AUC (95 % CI)", "fr": "AUC (IC à 95 %)"},
    "h_gini": {"en": "Gini", "fr": "Gini"},
    "h_ks": {"en": "KS", "fr": "KS"},
    "h_approval": {"en": "Approval rate", "fr": "Taux d’accord"},
    "h_default_approved": {
        "en": "Default rate among approved",
        "fr": "Taux de défaut des accordés",
    },
    "h_band": {"en": "Score band", "fr": "Tranche de score"},
    "h_predicted": {"en": "Predicted", "fr": "Prévu"},
    "h_observed": {"en": "Observed", "fr": "Observé"},
    "ci_method": {
        "en": "AUC interval: Hanley & McNeil (1982), 95 %. Groups with fewer than {min_n} "
        "outcomes, or fewer than {min_each} defaults or non-defaults, show no figures.",
        "fr": "Intervalle de l’AUC : Hanley et McNeil (1982), 95 %. Les groupes de moins de "
        "{min_n} résultats, ou de moins de {min_each} défauts ou non-défauts, n’ont pas de "
        "chiffres.",
    },
    "import_menu": {"en": "Import &outcomes…", "fr": "Importer des &résultats…"},
    "performance_menu": {"en": "Model &performance…", "fr": "&Performance du modèle…"},
    "choose_outcomes": {
        "en": "Choose an outcomes file (CSV)",
        "fr": "Choisir un fichier de résultats (CSV)",
    },
    "csv_filter": {"en": "CSV files (*.csv *.txt)", "fr": "Fichiers CSV (*.csv *.txt)"},
    "import_title": {"en": "Outcomes imported", "fr": "Résultats importés"},
    "import_failed": {"en": "Outcomes not imported", "fr": "Résultats non importés"},
    "log_not_ready": {
        "en": "The decision log is not open yet: try again in a moment.",
        "fr": "Le journal des décisions n’est pas encore ouvert : réessayez dans un instant.",
    },
    "more_lines": {"en": "… and {n} more line(s).", "fr": "… et {n} ligne(s) de plus."},
    # comparison
    "cmp_title": {
        "en": "Model comparison on logged decisions",
        "fr": "Comparaison de modèles sur les décisions journalisées",
    },
    "cmp_headline": {
        "en": "{n} decisions replayed: the candidate approves {swap_in} refused now and refuses "
        "{swap_out} approved now.",
        "fr": "{n} décisions rejouées : le candidat accorde {swap_in} demandes refusées "
        "aujourd’hui et refuse {swap_out} demandes accordées aujourd’hui.",
    },
    "cmp_not_replayed": {
        "en": "{n} logged decision(s) could not be replayed (inputs one of the models does not "
        "take).",
        "fr": "{n} décision(s) journalisée(s) n’ont pas pu être rejouées (entrées qu’un des "
        "modèles ne prend pas).",
    },
    "cmp_period": {
        "en": "{decisions}; outcomes observed by {as_of}: {outcomes} ({defaults} defaults).",
        "fr": "{decisions} ; résultats observés au {as_of} : {outcomes} (dont {defaults} défauts).",
    },
    "period_all": {"en": "All decisions", "fr": "Toutes les décisions"},
    "period_from": {"en": "Decisions from {since}", "fr": "Décisions à partir du {since}"},
    "period_until": {"en": "Decisions before {until}", "fr": "Décisions avant le {until}"},
    "period_between": {
        "en": "Decisions from {since} to before {until}",
        "fr": "Décisions du {since} jusqu’avant le {until}",
    },
    "h_measure": {"en": "Measure", "fr": "Mesure"},
    "h_active": {"en": "Active model", "fr": "Modèle en service"},
    "h_candidate": {"en": "Candidate", "fr": "Candidat"},
    "r_model": {"en": "Model", "fr": "Modèle"},
    "r_threshold": {"en": "Threshold", "fr": "Seuil"},
    "r_approval": {"en": "Approval rate", "fr": "Taux d’accord"},
    "r_expected": {
        "en": "Expected default rate of approvals",
        "fr": "Taux de défaut attendu des accordés",
    },
    "r_observed": {
        "en": "Observed default rate of approvals",
        "fr": "Taux de défaut observé des accordés",
    },
    "r_auc": {"en": "AUC on the same decisions", "fr": "AUC sur les mêmes décisions"},
    "swap_in": {
        "en": "Swap in: refused now, approved by the candidate",
        "fr": "Entrants : refusés aujourd’hui, accordés par le candidat",
    },
    "swap_out": {
        "en": "Swap out: approved now, refused by the candidate",
        "fr": "Sortants : accordés aujourd’hui, refusés par le candidat",
    },
    "swap_line": {
        "en": "{count} decision(s); {outcomes} with an outcome, observed default rate {rate}.",
        "fr": "{count} décision(s) ; {outcomes} avec un résultat, taux de défaut observé {rate}.",
    },
    "h_case": {"en": "Case", "fr": "Dossier"},
    "h_decision": {"en": "Decision id", "fr": "Identifiant de décision"},
    "h_active_score": {"en": "Active score", "fr": "Score en service"},
    "h_candidate_score": {"en": "Candidate score", "fr": "Score candidat"},
    "h_outcome": {"en": "Defaulted", "fr": "Défaut"},
    "cases_cut": {
        "en": "The first {shown} of {count} shown; the JSON lists them all.",
        "fr": "Les {shown} premières sur {count} ; le JSON les liste toutes.",
    },
    "report_hash": {
        "en": "Report hash (SHA-256): {sha}",
        "fr": "Empreinte du rapport (SHA-256) : {sha}",
    },
    "challenger_set": {
        "en": "Challenger: {model}. Every decision from now on is also scored by it, in the "
        "shadow (never shown, never a decision).",
        "fr": "Challenger : {model}. Chaque décision désormais est aussi évaluée par lui, dans "
        "l’ombre (jamais affichée, jamais une décision).",
    },
    "challenger_cleared": {"en": "No challenger any more.", "fr": "Plus de challenger."},
    "challenger_none": {"en": "No challenger is set.", "fr": "Aucun challenger n’est défini."},
    "evidence_report": {
        "en": "Comparison report: {path} (sha256 {sha}); the switch records it.",
        "fr": "Rapport de comparaison : {path} (sha256 {sha}) ; le changement l’enregistre.",
    },
    "yes": {"en": "yes", "fr": "oui"},
    "no": {"en": "no", "fr": "non"},
}
