"""One record for one decision: the same applicant is recorded with the same canonical inputs
(what the model saw) whichever face it came from, the cells as typed kept beside them where they
differ; and the same case submitted concurrently is recorded once.

The desktop form's record is checked in tests/gui/test_form.py (it hands the service the same
texts as `_service_record` here)."""

from __future__ import annotations

import json
import multiprocessing
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.records import Source
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.bundle import load_bundle
from pad_desktop.runtime.settings import get_settings
from pad_desktop.service.decision_service import DecisionService
from tests.decisions.helpers import PG_ADMIN_URL, create_database, drop_database

CASE = "DOSSIER-0042"


@pytest.fixture(scope="module")
def example(default_bundle_dir: Path) -> dict:
    return dict(load_bundle(default_bundle_dir).signature.example)


def french_row(default_bundle_dir: Path, example: dict) -> dict[str, str]:
    """The applicant as a French Excel export holds it: French labels, decimal commas."""
    signature = load_bundle(default_bundle_dir).signature
    row = {}
    for spec in signature.fields:
        value = example[spec.name]
        if spec.categories:
            row[spec.name] = spec.category_label(value, "fr")
        else:
            row[spec.name] = f"{value:.2f}".replace(".", ",")  # "1169,00"
    return row


def _stored(data_dir: Path, source: Source) -> list:
    with DecisionLog.open(data_dir=data_dir) as log:
        return log.history(HistoryFilter(source=source))


def _batch_record(path: Path, tmp_path: Path) -> object:
    out = tmp_path / f"{path.stem}.out.csv"
    assert main(["score", str(path), "-o", str(out)]) == 0
    [record] = _stored(tmp_path / "data", Source.BATCH)
    return record


def test_every_face_records_the_same_canonical_inputs(
    default_bundle_dir: Path, example: dict, tmp_path: Path
) -> None:
    french = french_row(default_bundle_dir, example)
    records = {}

    # The service, as the form calls it (texts as typed, in French).
    with DecisionLog.open() as log:
        service = DecisionService(ActiveModel(str(default_bundle_dir)), log)
        records["form"] = service.decide(french, case_ref=CASE, decimal=",").record

    # A French Excel batch: ';', decimal commas, French labels, Windows-1252.
    fr_csv = tmp_path / "fr.csv"
    header = ";".join(["applicant_id", *french])
    fr_csv.write_bytes(f"{header}\r\n{CASE};{';'.join(french.values())}\r\n".encode("cp1252"))
    records["fr batch"] = _batch_record(fr_csv, tmp_path)

    # A US batch: ',', decimal points, the bundle's own vocabulary.
    us_csv = tmp_path / "us.csv"
    cells = [f'"{v}"' if isinstance(v, str) else str(v) for v in example.values()]
    us_csv.write_text(
        ",".join(["applicant_id", *example]) + "\n" + ",".join([CASE + "-US", *cells]) + "\n",
        encoding="utf-8",
    )
    assert main(["score", str(us_csv), "-o", str(tmp_path / "us.out.csv")]) == 0
    with DecisionLog.open() as log:
        records["us batch"] = next(
            d for d in log.history(HistoryFilter(source=Source.BATCH)) if d.case_ref.endswith("US")
        )

    # The API: typed JSON values.
    with TestClient(create_app(ApiConfig(model_path=str(default_bundle_dir)))) as client:
        one = client.post("/individual_score", json={**example, "applicant_id": CASE + "-I"})
        many = client.post("/multiple_score", json=[{**example, "applicant_id": CASE + "-M"}])
        assert one.status_code == 200 and many.status_code == 200, (one.text, many.text)
    with DecisionLog.open() as log:
        api = {d.case_ref: d for d in log.history(HistoryFilter(source=Source.API))}
    records["individual_score"], records["multiple_score"] = api[CASE + "-I"], api[CASE + "-M"]

    with DecisionLog.open() as log:
        stored = {face: log.get(r.id) for face, r in records.items()}
    inputs = {face: json.dumps(r.inputs, sort_keys=True) for face, r in stored.items()}
    assert set(inputs.values()) == {json.dumps(example, sort_keys=True)}, inputs
    assert len({r.score for r in stored.values()}) == 1
    # The French cells as typed stay beside the canonical inputs, for the audit.
    assert stored["fr batch"].typed_inputs["housing"] == "propriétaire"
    assert stored["fr batch"].typed_inputs["credit_amount"] == "1169,00"
    assert stored["form"].typed_inputs == stored["fr batch"].typed_inputs
    assert stored["individual_score"].typed_inputs == {}
    assert stored["us batch"].typed_inputs == {}


@pytest.fixture
def pg_database() -> Iterator[str]:
    url = create_database(PG_ADMIN_URL)
    yield url
    drop_database(PG_ADMIN_URL, url)


def _decide_once(bundle: str, url: str | None, data_dir: str, values: dict, barrier) -> str:
    with DecisionLog.open(url, data_dir=Path(data_dir)) as log:
        service = DecisionService(ActiveModel(bundle), log)
        barrier.wait(60)
        return str(service.decide(values, case_ref=CASE).id)


def _process_worker(bundle: str, url: str | None, data_dir: str, values: dict, barrier, out):
    out.put(_decide_once(bundle, url, data_dir, values, barrier))


@pytest.mark.parametrize("database", ["embedded", "postgresql"])
def test_the_same_case_submitted_at_once_is_recorded_once(
    default_bundle_dir: Path, example: dict, tmp_path: Path, database: str, request, monkeypatch
) -> None:
    """8 threads and 4 processes submit the same case with the same inputs at the same moment:
    one decision is recorded and every submitter gets it back."""
    # A window no slow machine outlasts: the race, not the clock, is under test (the
    # processes inherit it).
    monkeypatch.setenv("PAD_REPEAT_WINDOW", str(10 * 365 * 24 * 3600))
    get_settings.cache_clear()
    url = request.getfixturevalue("pg_database") if database == "postgresql" else None
    data_dir = tmp_path / "shared"
    with DecisionLog.open(url, data_dir=data_dir):
        pass  # created before the race: the race is on the decision, not the file
    values = {k: str(v) for k, v in example.items()}
    bundle = str(default_bundle_dir)
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(4 + 8), ctx.Queue()
    processes = [
        ctx.Process(
            target=_process_worker, args=(bundle, url, str(data_dir), values, barrier, results)
        )
        for _ in range(4)
    ]
    for p in processes:
        p.start()
    ids: list[str] = []
    lock = threading.Lock()

    def thread() -> None:
        found = _decide_once(bundle, url, str(data_dir), values, barrier)
        with lock:
            ids.append(found)

    threads = [threading.Thread(target=thread) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    ids += [results.get(timeout=120) for _ in processes]
    for p in processes:
        p.join(60)
        assert p.exitcode == 0
    assert len(ids) == 12 and len(set(ids)) == 1, ids
    with DecisionLog.open(url, data_dir=data_dir) as log:
        assert log.flush(30)
        assert log.count(HistoryFilter(case_ref=CASE)) == 1


def test_a_repeat_is_decided_by_the_records_times_not_the_wall_clock(
    default_bundle_dir: Path, example: dict, tmp_path: Path
) -> None:
    """Within the window the same inputs are the same decision; after it, a new decision
    linked to the previous one; other inputs at once, a new linked decision."""
    from dataclasses import replace

    with DecisionLog.open(data_dir=tmp_path / "log") as log:
        service = DecisionService(ActiveModel(str(default_bundle_dir)), log)
        window = service.settings.repeat_window_s
        t0 = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # a Sunday, late

        def submit(at: datetime, values: dict):
            prepared = service.prepare(values, case_ref=CASE)
            record = replace(prepared.record, created_at=at)
            return log.record(record, window), record

        first, record = submit(t0, example)
        assert not first.repeated and first.previous_id is None
        again, _ = submit(t0 + timedelta(seconds=window - 1), example)
        assert again.repeated and again.decision_id == str(record.id)
        later, later_record = submit(t0 + timedelta(seconds=window + 1), example)
        assert not later.repeated and later.previous_id == str(record.id)
        other, _ = submit(t0 + timedelta(seconds=window + 2), {**example, "age_in_years": 30})
        assert not other.repeated and other.previous_id == str(later_record.id)
        assert log.count(HistoryFilter(case_ref=CASE)) == 3
