"""History, export and drift inputs read the same from PostgreSQL and from the embedded store."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.queries import (
    LOGGED_AT,
    LOGGED_DECISION,
    LOGGED_SCORE,
    LOGGED_SOURCE,
)
from pad_desktop.decisions.records import ModelEvent, Outcome, OverrideRecord, Source
from tests.decisions.helpers import make_batch, make_record

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LOGGED = (LOGGED_AT, LOGGED_SOURCE, LOGGED_SCORE, LOGGED_DECISION)


@pytest.fixture(params=["sqlite", "postgresql"])
def log(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DecisionLog]:
    """A log holding 12 decisions, one hour apart, in both kinds of store."""
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    opened = DecisionLog.open(url, data_dir=tmp_path)
    for i in range(12):
        opened.record(
            make_record(
                officer=("alice", "bob", "carol")[i % 3],
                source=(Source.FORM, Source.API, Source.SIMULATION, Source.BATCH)[i % 4],
                model_id="m-old" if i < 6 else "m-new",
                score=i / 12,
                decision=Outcome.REFUSED if i / 12 >= 0.5 else Outcome.APPROVED,
                inputs={"id": f"APP-{i}", "credit_amount": 1000 + i, "purpose": "=HYPERLINK(1)"},
                case_ref=f"APP-{i}",
                created_at=T0 + timedelta(hours=i),
            )
        )
    assert opened.flush()
    yield opened
    opened.close()


def test_history_is_newest_first_and_hides_simulations(log: DecisionLog) -> None:
    rows = log.history(HistoryFilter())
    assert [r.inputs["id"] for r in rows] == [f"APP-{i}" for i in range(11, -1, -1) if i % 4 != 2]
    assert log.count(HistoryFilter()) == 9
    assert log.count(HistoryFilter(include_simulated=True)) == 12
    assert log.count(HistoryFilter(source=Source.SIMULATION)) == 3
    assert all(r.created_at.tzinfo is not None for r in rows)


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (HistoryFilter(officer="bob", include_simulated=True), [10, 7, 4, 1]),
        (HistoryFilter(decision=Outcome.APPROVED), [5, 4, 3, 1, 0]),
        (HistoryFilter(model_id="m-old", source=Source.FORM), [4, 0]),
        (HistoryFilter(score_min=0.25, score_max=0.5), [5, 4, 3]),  # 6 is simulated
        (HistoryFilter(since=T0 + timedelta(hours=3), until=T0 + timedelta(hours=5)), [4, 3]),
        (HistoryFilter(case_ref="APP-7"), [7]),
        (HistoryFilter(case_ref="APP-6"), []),  # a simulation, hidden
    ],
)
def test_history_filters(log: DecisionLog, f: HistoryFilter, expected: list[int]) -> None:
    assert [r.inputs["id"] for r in log.history(f)] == [f"APP-{i}" for i in expected]
    assert log.count(f) == len(expected)


def test_paging(log: DecisionLog) -> None:
    everything = log.history(HistoryFilter(include_simulated=True), limit=100)
    pages = [
        log.history(HistoryFilter(include_simulated=True), offset=o, limit=5) for o in (0, 5, 10)
    ]
    assert [len(p) for p in pages] == [5, 5, 2]
    assert [r.id for p in pages for r in p] == [r.id for r in everything]


def test_get_with_overrides(log: DecisionLog) -> None:
    decision = log.history(HistoryFilter(case_ref="APP-1"))[0]
    assert decision.final_decision is Outcome.APPROVED and decision.overrides == ()
    review = OverrideRecord(decision.id, "dave", "ws-9", "review", None, "pay\tslips\n\\ok")
    override = OverrideRecord(decision.id, "erin", "ws-9", "override", Outcome.REFUSED, "fraud")
    log.record_override(review)
    log.record_override(override)
    assert log.flush()
    stored = log.get(decision.id)
    assert stored is not None and stored.overrides == (review, override)
    assert stored.final_decision is Outcome.REFUSED and stored.decision is Outcome.APPROVED
    assert log.overrides_for(decision.id) == [review, override]
    assert log.get(make_record().id) is None


def test_export_csv_neutralises_formulas(log: DecisionLog, tmp_path: Path) -> None:
    log.record(make_record(officer="=cmd|' /C calc'!A0", created_at=T0, inputs={"id": "@x"}))
    log.record(make_record(officer="+1", created_at=T0, reasons=["-2+3", "ok"]))
    assert log.flush()
    path = tmp_path / "history.csv"
    assert log.export_csv(HistoryFilter(), path) == 11
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 11
    officers = {r["officer"] for r in rows}
    assert {"'=cmd|' /C calc'!A0", "'+1", "alice"} <= officers
    assert "'-2+3; ok" in {r["reasons"] for r in rows}
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())


def test_production_inputs_filter_sources_and_carry_the_outcome(log: DecisionLog) -> None:
    period = {"since": T0, "until": T0 + timedelta(hours=11)}
    frame = log.production_inputs("m-new", **period)  # form, batch, api: no simulation
    assert list(frame["id"]) == [f"APP-{i}" for i in (7, 8, 9)]
    assert set(frame.columns) == {"id", "credit_amount", "purpose"} | set(LOGGED)
    assert frame["credit_amount"].dtype.kind == "i"
    assert list(frame[LOGGED_SOURCE]) == ["batch", "form", "api"]
    assert list(frame[LOGGED_SCORE]) == [7 / 12, 8 / 12, 9 / 12]
    assert list(frame[LOGGED_DECISION]) == ["refused"] * 3
    assert list(frame[LOGGED_AT]) == [T0 + timedelta(hours=i) for i in (7, 8, 9)]
    simulated = log.production_inputs("m-new", **period, sources=[Source.SIMULATION])
    assert list(simulated["id"]) == ["APP-6", "APP-10"]
    chosen = log.production_inputs("m-new", **period, sources=(Source.FORM, Source.API))
    assert list(chosen["id"]) == ["APP-8", "APP-9"]
    assert log.production_inputs("nobody", None, None).empty


def test_batches_round_trip(log: DecisionLog) -> None:
    batch = make_batch(500, source=Source.BATCH, model_id="m-batch")
    log.record_batch(batch)
    assert log.flush()
    stored = log.history(HistoryFilter(model_id="m-batch"), limit=1000)
    assert len(stored) == 500 and {str(r.id) for r in stored} == set(batch.ids.tolist())
    first = min(stored, key=lambda r: r.row_number or 0)
    assert first.batch_id == batch.batch_id and first.row_number == 0
    assert first.score == pytest.approx(batch.scores[0], abs=0) and first.reasons == [
        "credit_amount",
        "duration_in_month",
    ]
    frame = log.production_inputs("m-batch", None, None)
    assert len(frame) == 500 and set(frame["id"]) == set(batch.inputs["id"])


def test_model_events_newest_first(log: DecisionLog) -> None:
    events = [
        ModelEvent("install", "alice", "ws-1", None, "m-old", "org/credit", "abc", created_at=T0),
        ModelEvent("rollback", "bob", "ws-2", "m-new", "m-old", created_at=T0 + timedelta(1)),
    ]
    for e in events:
        log.record_model_event(e)
    assert log.flush()
    assert log.model_events() == events[::-1]
    assert log.model_events(limit=1) == events[:0:-1]


def test_a_part_of_a_case_reference_finds_its_cases(log: DecisionLog) -> None:
    """What an officer remembers of a number finds it, capitals or not; % and _ are not
    wildcards; the page size still bounds what one query reads."""
    assert log.count(HistoryFilter(case_ref_part="APP-1")) == 2  # APP-1, APP-11 (APP-10: sim.)
    found = log.history(HistoryFilter(case_ref_part="app-1", include_simulated=True))
    assert sorted(r.case_ref for r in found) == ["APP-1", "APP-10", "APP-11"]
    assert [r.case_ref for r in log.history(HistoryFilter(case_ref_part=" p-7 "))] == ["APP-7"]
    assert log.count(HistoryFilter(case_ref_part="%")) == 0
    assert log.count(HistoryFilter(case_ref_part="APP_1")) == 0
    assert log.count(HistoryFilter(case_ref_part="0002")) == 0
    assert len(log.history(HistoryFilter(case_ref_part="APP"), limit=4)) == 4
