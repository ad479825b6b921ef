"""The History export's column headers (`<column>`: English keeps the log's own column names, as
scripts read them) and the values it words (`value_<value>`: decisions and sources)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "id": {"en": "id", "fr": "identifiant"},
    "created_at": {"en": "created_at", "fr": "date_heure"},
    "case_ref": {"en": "case_ref", "fr": "référence_dossier"},
    "officer": {"en": "officer", "fr": "chargé_de_clientèle"},
    "os_account": {"en": "os_account", "fr": "compte_système"},
    "workstation": {"en": "workstation", "fr": "poste"},
    "source": {"en": "source", "fr": "origine"},
    "batch_id": {"en": "batch_id", "fr": "identifiant_lot"},
    "row_number": {"en": "row_number", "fr": "numéro_ligne"},
    "previous_id": {"en": "previous_id", "fr": "identifiant_précédent"},
    "model_id": {"en": "model_id", "fr": "modèle"},
    "model_sha256": {"en": "model_sha256", "fr": "empreinte_modèle_sha256"},
    "score": {"en": "score", "fr": "probabilité_défaut"},
    "threshold": {"en": "threshold", "fr": "seuil"},
    "decision": {"en": "decision", "fr": "décision"},
    "final_decision": {"en": "final_decision", "fr": "décision_finale"},
    "reasons": {"en": "reasons", "fr": "motifs"},
    "latency_ms": {"en": "latency_ms", "fr": "durée_ms"},
    "inputs": {"en": "inputs", "fr": "entrées"},
    "typed_inputs": {"en": "typed_inputs", "fr": "saisies"},
    "value_approved": {"en": "approved", "fr": "accordé"},
    "value_refused": {"en": "refused", "fr": "refusé"},
    "value_form": {"en": "form", "fr": "formulaire"},
    "value_batch": {"en": "batch", "fr": "lot"},
    "value_api": {"en": "api", "fr": "API"},
    "value_simulation": {"en": "simulation", "fr": "simulation"},
}
