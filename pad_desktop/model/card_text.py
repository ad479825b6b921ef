"""The model card in French (`README.fr.md` of a bundle), from the same facts as the English
card `training.model_card` writes: the bundle's metadata and the fairness audit.

`Bundle.card_in("fr")` reads it; a bundle without one shows its English card.
"""

from __future__ import annotations

from typing import Any

from pad_desktop.texts.locale_text import format_number, format_percent

CARD_FR = "README.fr.md"

# The audit's group names as the dataset spells them -> French.
GROUPS_FR = {
    "female : divorced/separated/married": "femme : divorcée/séparée/mariée",
    "male : divorced/separated": "homme : divorcé/séparé",
    "male : married/widowed": "homme : marié/veuf",
    "male : single": "homme : célibataire",
    "yes": "oui",
    "no": "non",
    "under 25": "moins de 25 ans",
    "25-39": "25-39 ans",
    "40-59": "40-59 ans",
    "60 and over": "60 ans et plus",
}
POSITIVE_FR = "le demandeur fait défaut sur son crédit (creditability = bad)."
ATTRIBUTES_FR = {
    "personal_status_and_sex": "Situation familiale et sexe (`personal_status_and_sex`)",
    "foreign_worker": "Travailleur étranger (`foreign_worker`)",
    "age_band": "Tranche d'âge (`age_band`)",
}


_AUDIT = {
    "en": ("| group | n | approval rate | TPR | FPR |", "Largest approval-rate difference: "),
    "fr": ("| groupe | n | taux d'acceptation | TVP | TFP |",
           "Plus grand écart de taux d'acceptation : "),
}  # fmt: skip


def _n(value: float, decimals: int | None = None, lang: str = "fr") -> str:
    return format_number(value, lang, decimals)


def fairness_lines(fairness: dict[str, Any], lang: str) -> list[str]:
    """The fairness audit's tables, one per protected attribute, for a model card in `lang`."""
    header, difference = _AUDIT[lang]
    french = lang == "fr"
    lines: list[str] = []
    for attribute, result in fairness.items():
        title = ATTRIBUTES_FR.get(attribute, attribute) if french else attribute
        lines += ["", f"### {title}", "", header, "|---|---|---|---|---|"]
        for group, row in result["by_group"].items():
            name = GROUPS_FR.get(group, group) if french else group
            cells = [_n(row["count"], 0, lang)]
            cells += [_n(row[k], 2, lang) for k in ("approval_rate", "tpr", "fpr")]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append(f"\n{difference}{_n(result['approval_rate_difference'], 2, lang)}")
    return lines


def model_card_fr(meta: dict[str, Any], fairness: dict[str, Any]) -> str:
    """The French model card of a bundle whose metadata is `meta`."""
    t = meta["training"]
    p = t["params"]
    m = t["metrics"]
    threshold = _n(meta["threshold"], 2)
    lines = [
        f"# {meta['name']} {meta['version']}",
        "",
        "Évalue les demandes de crédit à la consommation : le modèle donne la probabilité de "
        "défaut.",
        f"Classe positive : {meta.get('positive_meaning_fr') or POSITIVE_FR}",
        f"À partir du seuil **{threshold}**, la demande est refusée.",
        "",
        "## Données",
        f"Statlog (German Credit Data), UCI, CC BY 4.0 : {_n(t['rows'])} demandes "
        f"({format_percent(t['bad_rate'], 'fr', 0)} de mauvais payeurs). Découpage "
        f"{_n(t['train_rows'])} entraînement / {_n(t['test_rows'])} test (stratifié, graine 0).",
        "",
        "## Modèle",
        f"CatBoost, {_n(p['iterations'])} arbres symétriques de profondeur {p['depth']}, taux "
        f"d'apprentissage {_n(p['learning_rate'])}. Les catégories sont codées avant les arbres "
        "(rang du taux de défaut lissé sur l'échantillon d'entraînement ; codes dans `MLmodel`). "
        "Les attributs protégés (`personal_status_and_sex`, `foreign_worker`) ne sont pas des "
        "entrées.",
        "",
        "## Seuil",
        "Choisi sur les prédictions hors échantillon d'une validation croisée à 5 plis de "
        "l'échantillon d'entraînement, pour minimiser le coût du jeu de données (accepter un "
        f"mauvais payeur : 5, refuser un bon : 1) : {threshold}.",
        "",
        "## Mesures sur l'échantillon de test",
        f"- AUC : {_n(m['test_auc'], 3)}",
        f"- Coût moyen par demandeur : {_n(m['test_cost'], 3)} "
        f"(tout refuser : {_n(m['cost_refuse_all'], 3)})",
        "- Matrice de confusion (lignes : bons/mauvais réels, colonnes : accordés/refusés) : "
        f"{t['confusion']}",
        "",
        "## Audit d'équité (échantillon de test)",
    ]
    lines += fairness_lines(fairness, "fr")
    lines += [
        "",
        "TVP : taux de vrais positifs (mauvais payeurs refusés) ; TFP : taux de faux positifs "
        "(bons payeurs refusés).",
        "",
        "## Motifs",
        "Pour chaque champ, sa contribution au score (en log-cote), calculée dans le graphe "
        "ONNX ; les quatre plus fortes contributions positives au plus sont données comme "
        "motifs.",
        "",
        "## Limites",
        f"{_n(t['rows'])} demandes historiques d'une seule banque allemande (montants en DM) : un "
        "modèle de démonstration, non validé pour l'octroi de crédits réels.",
    ]
    return "\n".join(lines) + "\n"
