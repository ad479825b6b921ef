"""What the decision log says when it cannot record: closed, its store or outbox damaged."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "store_unreadable": {
        "en": "The decision store {path} cannot be read ({reason}): it is damaged or is "
        "not a decision store. Nothing was written to it. Move it aside (its "
        "decisions stay in the moved file) to start a new one, or restore it from a "
        "backup.",
        "fr": "Le registre des décisions {path} est illisible ({reason}) : il est "
        "endommagé ou n’est pas un registre des décisions. Rien n’y a été écrit. "
        "Déplacez-le (ses décisions restent dans le fichier déplacé) pour en "
        "commencer un nouveau, ou restaurez-le depuis une sauvegarde.",
    },
    "outbox_damaged": {
        "en": "The outbox {path}, where decisions wait to be delivered to {target}, is "
        "damaged ({reason}): nothing more is acknowledged into it. Close pad-desktop "
        "on this computer, then run `pad-desktop db salvage`: it delivers every "
        "record the file still holds and moves the file aside (kept, never deleted).",
        "fr": "La file d’attente {path}, où les décisions attendent d’être transmises à "
        "{target}, est endommagée ({reason}) : plus rien n’y est enregistré. Fermez "
        "pad-desktop sur cet ordinateur, puis lancez `pad-desktop db salvage` : il "
        "transmet chaque décision que le fichier contient encore et le met de côté "
        "(conservé, jamais supprimé).",
    },
    "closed": {
        "en": "The decision log is not open, so no decision can be made: every decision "
        "must be recorded before it is shown. Check the database settings, then try "
        "again.",
        "fr": "Le registre des décisions n'est pas ouvert : aucune décision ne peut être "
        "prise, car chaque décision doit être enregistrée avant d'être montrée. "
        "Vérifiez les réglages de la base de données, puis réessayez.",
    },
}
