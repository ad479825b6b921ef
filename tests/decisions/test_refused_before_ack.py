"""Records the decision database would refuse are refused before they are acknowledged.

Before, `record()` returned for them (the caller was told "logged"), then PostgreSQL's COPY
refused them and they sat aside in the outbox. Each case is tried on the PostgreSQL log
(nothing may reach the outbox) and on the embedded SQLite store.
"""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

import numpy as np
import pytest

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.records import ModelEvent, OverrideRecord
from tests.decisions.helpers import make_batch, make_record, pg_count

SINGLE_CASES = {
    "NUL in the model id": ({"model_id": "german-credit\x00@1"}, "model id contains a NUL"),
    "NUL in the officer": ({"officer": "ali\x00ce"}, "officer contains a NUL"),
    "NUL in an input value": ({"inputs": {"id": "APP-1", "purpose": "car\x00x"}}, "'purpose'"),
    "NUL in an input name": ({"inputs": {"pur\x00pose": "car"}}, "input name"),
    "NUL in a nested input": ({"inputs": {"id": "A", "extra": {"k": "v\x00"}}}, "'extra'"),
    "NUL in a reason": ({"reasons": ["credit\x00amount"]}, "reason"),
    "lone surrogate": ({"inputs": {"id": "APP-\ud800"}}, "surrogate"),
    "source too long": ({"source": "x" * 17}, "the most the database takes is 16"),
    "NaN score": ({"score": float("nan")}, "score is nan"),
    "infinite threshold": ({"threshold": float("inf")}, "threshold is inf"),
    "NaN latency": ({"latency_ms": float("nan")}, "latency is nan"),
    "row number over int64": ({"row_number": 1 << 63}, "64-bit integer"),
    "sha256 too long": ({"model_sha256": "0" * 65}, "sha256 is 65 characters"),
}


def _batch_cases() -> dict[str, tuple[object, str]]:
    nul = make_batch(50)
    nul.inputs.loc[17, "purpose"] = "own\x00garbage"
    bad_id = make_batch(100)
    bad_id.ids[42] = "not-a-uuid"
    upper = make_batch(100)
    upper.ids[3] = str(uuid.uuid4()).upper()
    nan = make_batch(80)
    nan.scores[9] = np.nan
    twice = make_batch(10)
    twice.inputs.columns = ["id", "purpose", "purpose", "duration_in_month", "age_in_years"]
    return {
        "batch: NUL in a cell": (nul, "'purpose' of row 17 contains a NUL"),
        "batch: id not a uuid": (bad_id, "'not-a-uuid' is not a canonical"),
        "batch: upper-case uuid": (upper, "is not a canonical"),
        "batch: NaN score": (nan, "score of row 9 is nan"),
        "batch: a column twice": (twice, "same field twice"),
    }


def _other_cases() -> dict[str, tuple[object, str]]:
    rec = make_record()
    return {
        "override: NUL in justification": (
            OverrideRecord(rec.id, "bob", "ws-2", "review", None, "ok\x00"),
            "justification",
        ),
        "override: kind too long": (
            OverrideRecord(rec.id, "bob", "ws-2", "k" * 40, None, "ok"),
            "kind is 40",
        ),
        "model event: NUL in the model": (
            ModelEvent("use", "bob", "ws-2", None, "m\x00"),
            "to model contains a NUL",
        ),
    }


def _write(log: DecisionLog, item: object) -> None:
    if isinstance(item, OverrideRecord):
        log.record_override(item)
    elif isinstance(item, ModelEvent):
        log.record_model_event(item)
    elif isinstance(item, dict):
        log.record(make_record(**item))
    else:
        log.record_batch(item)  # type: ignore[arg-type]


ALL = sorted(SINGLE_CASES) + sorted(_batch_cases()) + sorted(_other_cases())


def _case(name: str) -> tuple[object, str]:
    return {**SINGLE_CASES, **_batch_cases(), **_other_cases()}[name]


@pytest.mark.parametrize("name", ALL)
def test_refused_before_acknowledgement_postgresql(pg_url: str, tmp_path: Path, name: str) -> None:
    item, message = _case(name)
    log = DecisionLog.open(pg_url, data_dir=tmp_path)
    try:
        with pytest.raises(ValueError, match="Not recorded") as caught:  # RecordRefused
            _write(log, item)
        assert message in str(caught.value) and "\n" not in str(caught.value)
        assert log.pending() == 0  # nothing acknowledged, nothing waiting
        log.record(make_record())  # and the log goes on
        assert log.flush(timeout=10)
        health = log.health()
    finally:
        log.close()
    assert health.rejected == 0 and health.last_error is None
    assert pg_count(pg_url, "SELECT count(*) FROM decisions") == 1


@pytest.mark.parametrize("name", ALL)
def test_refused_before_acknowledgement_embedded(tmp_path: Path, name: str) -> None:
    item, message = _case(name)
    log = DecisionLog.open(f"sqlite:///{tmp_path / 'log.sqlite3'}", data_dir=tmp_path)
    try:
        with pytest.raises(ValueError, match="Not recorded") as caught:
            _write(log, item)
        assert message in str(caught.value)
        log.record(make_record())
        assert log.count(HistoryFilter()) == 1
    finally:
        log.close()


def test_what_the_database_takes_is_still_taken(pg_url: str, tmp_path: Path) -> None:
    """Near misses are not refused: a backslash-u text, a tab, accents, a 300-digit number."""
    inputs = {"id": "APP-\\u0000", "note": "a\tb\nc é ü", "big": 10**300, "none": None}
    rec = make_record(inputs=inputs)
    batch = make_batch(20)
    batch.inputs.loc[3, "purpose"] = "tab\there \\u0000"
    log = DecisionLog.open(pg_url, data_dir=tmp_path)
    log.record(rec)
    log.record(dataclasses.replace(make_record(), source="x" * 16))
    log.record_batch(batch)
    assert log.flush(timeout=10)
    stored = log.get(rec.id)
    log.close()
    assert stored is not None and stored.inputs == inputs
    assert pg_count(pg_url, "SELECT count(*) FROM decisions") == 22
