"""Human oversight's sentences: roles, four eyes, the stop switch, the applicant's voice."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # roles
    "role_officer": {"en": "credit officer", "fr": "chargé de crédit"},
    "role_supervisor": {"en": "supervisor", "fr": "superviseur"},
    "role_model_owner": {"en": "model owner", "fr": "responsable du modèle"},
    "role_auditor": {"en": "auditor", "fr": "auditeur"},
    "role_either": {"en": "{a} or {b}", "fr": "{a} ou {b}"},
    "roles_line": {"en": "Roles: {roles}", "fr": "Rôles : {roles}"},
    "roles_none": {"en": "no role", "fr": "aucun rôle"},
    "roles_single": {"en": "all (one user)", "fr": "tous (utilisateur unique)"},
    "roles_cli": {
        "en": "Connected as {user}: {roles}.",
        "fr": "Connecté en tant que {user} : {roles}.",
    },
    # what a role allows, named in refusals
    "do_override": {"en": "override a decision", "fr": "modifier une décision"},
    "do_request_review": {
        "en": "record a request for human review",
        "fr": "enregistrer une demande de réexamen humain",
    },
    "do_answer": {
        "en": "approve or reject an override or a review",
        "fr": "approuver ou rejeter une modification ou un réexamen",
    },
    "do_answer_model": {
        "en": "approve or reject a model switch",
        "fr": "approuver ou rejeter un changement de modèle",
    },
    "do_switch": {"en": "switch the model in use", "fr": "changer le modèle utilisé"},
    "do_stop": {"en": "stop automated decisions", "fr": "suspendre les décisions automatiques"},
    "do_resume": {
        "en": "resume automated decisions",
        "fr": "reprendre les décisions automatiques",
    },
    # refusals
    "not_allowed": {
        "en": "Only a {role} may {action}.",
        "fr": "Seul un {role} peut {action}.",
    },
    "own_request": {
        "en": "Four eyes: a request is approved by another person than the one who made it.",
        "fr": "Principe des quatre yeux : une demande est approuvée par une autre personne "
        "que son auteur.",
    },
    "no_request": {
        "en": "No request {ref} in the decision log.",
        "fr": "Aucune demande {ref} dans le journal des décisions.",
    },
    "answered": {
        "en": "Request {ref} is already answered ({verdict}).",
        "fr": "La demande {ref} a déjà reçu une réponse ({verdict}).",
    },
    "empty_text": {
        "en": "Write a reason: it is recorded with the action.",
        "fr": "Indiquez un motif : il est enregistré avec l’action.",
    },
    "switch_waiting": {
        "en": "The switch to {target} waits for a second model owner's approval "
        "(request {ref}); run the command again once it is approved.",
        "fr": "Le passage au modèle {target} attend l’approbation d’un second responsable du "
        "modèle (demande {ref}) ; relancez la commande une fois la demande approuvée.",
    },
    "no_decision": {
        "en": "No decision of case {ref} in the decision log.",
        "fr": "Aucune décision du dossier {ref} dans le journal des décisions.",
    },
    # verdicts and kinds
    "v_approved": {"en": "approved", "fr": "approuvée"},
    "v_rejected": {"en": "rejected", "fr": "rejetée"},
    "v_reviewed": {"en": "reviewed", "fr": "réexaminée"},
    "k_override": {"en": "Override", "fr": "Modification"},
    "k_model": {"en": "Model switch", "fr": "Changement de modèle"},
    "k_review": {"en": "Review request", "fr": "Demande de réexamen"},
    # what the command line says
    "pending_override": {
        "en": "The override is beyond an officer's delegation: recorded as request {ref}, "
        "it takes effect when a supervisor approves it.",
        "fr": "La modification dépasse la délégation d’un chargé de crédit : enregistrée comme "
        "demande {ref}, elle prend effet quand un superviseur l’approuve.",
    },
    "review_recorded": {
        "en": "Request for human review {ref} recorded for case {case}: it joins the "
        "supervisors' queue.",
        "fr": "Demande de réexamen humain {ref} enregistrée pour le dossier {case} : elle "
        "rejoint la file des superviseurs.",
    },
    "answer_recorded": {
        "en": "Request {ref} {verdict}; recorded.",
        "fr": "Demande {ref} {verdict} ; enregistré.",
    },
    "queue_empty": {"en": "Nothing waits for you.", "fr": "Rien ne vous attend."},
    "stopped_now": {
        "en": "Automated decisions are stopped for the whole lender: every case is referred "
        "to human review. Reason: {reason}",
        "fr": "Les décisions automatiques sont suspendues pour tout l’établissement : chaque "
        "dossier est transmis à un examen humain. Motif : {reason}",
    },
    "resumed_now": {
        "en": "Automated decisions resumed. Reason: {reason}",
        "fr": "Les décisions automatiques reprennent. Motif : {reason}",
    },
    "running": {
        "en": "Automated decisions are running.",
        "fr": "Les décisions automatiques fonctionnent.",
    },
    "not_delivered": {
        "en": "Recorded on this machine; the shared database has not received it yet (other "
        "workstations see it once it has).",
        "fr": "Enregistré sur ce poste ; la base partagée ne l’a pas encore reçu (les autres "
        "postes le verront ensuite).",
    },
    # the window
    "banner": {
        "en": "Automated decisions are stopped by {by}: every case is referred to human "
        "review. Reason: {reason}",
        "fr": "Décisions automatiques suspendues par {by} : chaque dossier est transmis à un "
        "examen humain. Motif : {reason}",
    },
    "referred_stop": {
        "en": "Referred to human review: automated decisions are stopped.",
        "fr": "Transmis à un examen humain : les décisions automatiques sont suspendues.",
    },
    "referred_label": {"en": "Referred", "fr": "À examiner"},
    "model_proposal": {
        "en": "The model's proposal, not a decision: {outcome}",
        "fr": "Proposition du modèle, qui n’est pas une décision : {outcome}",
    },
    "history_requests": {
        "en": "Requests for a second person",
        "fr": "Demandes soumises à une seconde personne",
    },
    "queue_title": {"en": "Supervision", "fr": "File de supervision"},
    "queue_intro": {
        "en": "Requests waiting for a second person. Select one, write the reason, then "
        "approve or reject it.",
        "fr": "Demandes en attente d’une seconde personne. Sélectionnez-en une, indiquez le "
        "motif, puis approuvez-la ou rejetez-la.",
    },
    "col_when": {"en": "Requested", "fr": "Demandée le"},
    "col_kind": {"en": "Kind", "fr": "Type"},
    "col_case": {"en": "Case or model", "fr": "Dossier ou modèle"},
    "col_by": {"en": "By", "fr": "Par"},
    "col_text": {
        "en": "Justification or applicant's view",
        "fr": "Justification ou avis du demandeur",
    },
    "reason_label": {"en": "Reason", "fr": "Motif"},
    "approve": {"en": "Approve", "fr": "Approuver"},
    "reject": {"en": "Reject", "fr": "Rejeter"},
    "record_review": {"en": "Record the review", "fr": "Enregistrer le réexamen"},
    "refresh": {"en": "Refresh", "fr": "Actualiser"},
    "menu": {"en": "Oversight", "fr": "Contrôle humain"},
    "menu_stop": {
        "en": "Stop automated decisions…",
        "fr": "Suspendre les décisions automatiques…",
    },
    "menu_resume": {
        "en": "Resume automated decisions…",
        "fr": "Reprendre les décisions automatiques…",
    },
    "menu_review": {
        "en": "Record the applicant's request for review…",
        "fr": "Enregistrer la demande de réexamen du demandeur…",
    },
    "ask_stop_reason": {
        "en": "Why stop automated decisions (recorded)?",
        "fr": "Pourquoi suspendre les décisions automatiques (enregistré) ?",
    },
    "ask_resume_reason": {
        "en": "Why resume automated decisions (recorded)?",
        "fr": "Pourquoi reprendre les décisions automatiques (enregistré) ?",
    },
    "ask_review_text": {
        "en": "The applicant's point of view and request for human review:",
        "fr": "Le point de vue du demandeur et sa demande de réexamen humain :",
    },
    "not_done": {"en": "Not recorded", "fr": "Non enregistré"},
}
