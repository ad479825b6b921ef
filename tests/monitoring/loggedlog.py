"""Logged decisions with known scores, and outcome files about them, for the model loop tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.records import DecisionRecord, Outcome
from tests.decisions.records import make_record

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def log_decisions(
    log: DecisionLog, n: int = 240, seed: int = 7, **changes: object
) -> list[DecisionRecord]:
    """`n` form decisions of cases DOS-0..n-1, one every ~17 hours from `START`, scores drawn
    with ties (rounded to 2 places, as a real model's are not, to exercise tie handling)."""
    rng = np.random.default_rng(seed)
    scores = np.round(rng.beta(2, 5, n), 2)
    records = []
    for i, score in enumerate(scores):
        decision = Outcome.REFUSED if score >= 0.5 else Outcome.APPROVED
        rec = make_record(
            case_ref=f"DOS-{i}", score=float(score), decision=decision,
            created_at=START + timedelta(hours=17 * i), **changes,
        )  # fmt: skip
        log.record(rec)
        records.append(rec)
    return records


def outcomes_for(records: list[DecisionRecord], seed: int = 11) -> list[int]:
    """A default drawn for each decision with its own score as the probability."""
    rng = np.random.default_rng(seed)
    return [int(rng.random() < r.score) for r in records]


def french_file(path: Path, records: list[DecisionRecord], defaults: list[int]) -> Path:
    """`;`, Windows-1252, dd/mm/yyyy, oui/non: what French Excel saves."""
    lines = ["Référence dossier;Défaut;Date d'observation"]
    for rec, flag in zip(records, defaults, strict=True):
        observed = (rec.created_at + timedelta(days=400)).strftime("%d/%m/%Y")
        lines.append(f"{rec.case_ref};{'oui' if flag else 'non'};{observed}")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path
