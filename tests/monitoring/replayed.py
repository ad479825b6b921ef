"""A log of real decisions: the shipped model's reference sample decided through the decision
service (canonical inputs as any face records them), with its true outcomes imported."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pandas as pd

from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.records import Source
from pad_desktop.model.active import ActiveModel
from pad_desktop.monitoring import outcomes
from pad_desktop.runtime.identity import Identity
from pad_desktop.service.decision_service import DecisionService
from tests.monitoring.loggedlog import START

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "resources" / "model"


def decide_reference(log: DecisionLog, rows: int = 1000) -> pd.DataFrame:
    """Decide the first `rows` of the reference sample (cases REF-0...), one per hour from
    `START`, and import their true outcomes; returns the sample."""
    sample = pd.read_csv(SHIPPED / "reference.csv").head(rows)
    service = DecisionService(ActiveModel(SHIPPED), log, Identity("ann", "ws-1"))
    names = list(service.scorer.signature.names)
    refs = [f"REF-{i}" for i in range(len(sample))]
    times = [START + timedelta(hours=i) for i in range(len(sample))]
    service.decide_frame(sample[names], source=Source.BATCH, case_refs=refs, created_at=times)
    service.close()  # a challenger, if one is set, has recorded its shadow scores
    lines = [
        outcomes.OutcomeLine(i + 2, case_ref=ref, defaulted=int(flag),
                             observed_on=(t + timedelta(days=365)).date())
        for i, (ref, flag, t) in enumerate(zip(refs, sample["defaulted"], times, strict=True))
    ]  # fmt: skip
    report = outcomes.import_lines(log, lines, Identity("ann", "ws-1"))
    assert report.recorded == len(sample), report.problems[:3]
    return sample
