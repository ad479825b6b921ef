"""`DecisionBatch`, the columnar record batch scoring hands to the log."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pad_desktop.decisions import DecisionBatch, DecisionLog, HistoryFilter, new_decision_ids
from pad_desktop.decisions.records import Outcome, Source, new_id, new_ids
from tests.decisions.helpers import make_batch, make_inputs


def test_new_decision_ids_are_unique_time_ordered_uuid7() -> None:
    before = time.time_ns() // 1_000_000
    ids = new_decision_ids(50_000)
    after = time.time_ns() // 1_000_000
    assert len(set(ids.tolist())) == 50_000
    assert ids.tolist() == sorted(ids.tolist())  # a chunk's keys increase: B-tree appends
    for text in ids[:200]:
        parsed = uuid.UUID(text)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122 and str(parsed) == text
        assert before <= parsed.int >> 80 <= after  # the first 48 bits are Unix milliseconds
    other_writer = new_decision_ids(50_000)  # same millisecond, another workstation
    assert not set(ids.tolist()) & set(other_writer.tolist())


def test_ids_of_decisions_made_together_are_distinct_uuid7() -> None:
    """`new_ids`: the single decisions of one event-loop turn share one random read."""
    before = time.time_ns() // 1_000_000
    ids = [*new_ids(16), new_id()]
    after = time.time_ns() // 1_000_000
    assert len(set(ids)) == 17
    for parsed in ids:
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
        assert before <= parsed.int >> 80 <= after
    assert new_ids(0) == []


def test_defaults_and_lengths() -> None:
    batch = make_batch(10)
    assert len(batch) == 10 and len(batch.ids) == 10 and batch.latency_ms.shape == (10,)
    with pytest.raises(ValueError, match="other lengths"):
        DecisionBatch(
            "alice",
            "ws-1",
            Source.BATCH,
            "m",
            "0" * 64,
            0.5,
            make_inputs(3),
            scores=np.zeros(2),
            decisions=["approved"] * 3,
            reasons=[[]] * 3,
            latency_ms=1.0,
        )


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_outcome_objects_aware_times_and_odd_values(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    paris = timezone(timedelta(hours=1))
    inputs = pd.DataFrame(
        {
            "id": ["A", "B", "C"],
            "note": ['back\\slash "quoted"\ttab', None, "=1+1"],
            "amount": [1.5, float("nan"), float("inf")],
            "when": pd.to_datetime(["2026-01-01", None, "2026-01-03"]),
        }
    )
    batch = DecisionBatch(
        "alice",
        "ws-1",
        Source.BATCH,
        "m-odd",
        "0" * 64,
        0.5,
        inputs,
        scores=np.array([0.1, 0.6, 0.9]),
        decisions=np.array([Outcome.APPROVED, Outcome.REFUSED, Outcome.REFUSED], dtype=object),
        reasons=[["amount"], [], ["note", "amount"]],
        latency_ms=[1.0, 2.0, 3.0],
        created_at=[datetime(2026, 5, 1, 12, 0, tzinfo=paris)] * 3,
    )
    url = request.getfixturevalue("pg_url") if backend == "postgresql" else None
    log = DecisionLog.open(url, data_dir=tmp_path)
    log.record_batch(batch)
    assert log.flush()
    stored = {r.inputs["id"]: r for r in log.history(HistoryFilter(model_id="m-odd"))}
    log.close()
    assert stored["A"].inputs["note"] == 'back\\slash "quoted"\ttab'
    assert stored["B"].inputs["note"] is None and stored["B"].inputs["amount"] is None
    assert stored["C"].inputs["amount"] is None  # JSON has no infinity
    assert stored["A"].inputs["when"].startswith("2026-01-01")
    assert [stored[k].decision for k in "ABC"] == [Outcome.APPROVED, *[Outcome.REFUSED] * 2]
    assert stored["A"].created_at == datetime(2026, 5, 1, 11, 0, tzinfo=UTC)
    assert stored["C"].reasons == ["note", "amount"] and stored["B"].latency_ms == 2.0
