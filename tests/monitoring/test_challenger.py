"""A challenger scores every live decision in the shadow: form, batch and API decisions each
get a shadow score recorded beside them (never a second for a repeat), the answer shows none,
and `performance --model` measures the challenger on its shadow scores."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.records import Source
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.scoring import Scorer
from pad_desktop.runtime.identity import Identity
from pad_desktop.service.decision_service import DecisionService
from tests.hub.hub_repos import bundle_variant
from tests.monitoring.replayed import SHIPPED, decide_reference


@pytest.fixture
def challenger(tmp_path: Path, capsys) -> Scorer:
    folder = bundle_variant(tmp_path / "challenger", version="2026.12.09", threshold=0.3)
    assert main(["model", "challenger", "set", str(folder)]) == 0
    assert "2026.12.09" in capsys.readouterr().out
    return Scorer.from_path(str(folder))


def _applicants(n: int) -> pd.DataFrame:
    sample = pd.read_csv(SHIPPED / "reference.csv").head(n)
    return sample[list(Scorer.from_path(str(SHIPPED)).signature.names)]


def test_form_and_batch_decisions_get_a_shadow_score(challenger: Scorer) -> None:
    with DecisionLog.open() as log:
        service = DecisionService(ActiveModel(SHIPPED), log, Identity("ann", "ws-1"))
        rows = _applicants(12)
        form = service.decide(rows.iloc[0].to_dict(), case_ref="F-1")
        again = service.decide(rows.iloc[0].to_dict(), case_ref="F-1")  # the same, repeated
        assert again.repeated and again.record.id == form.record.id
        batch = service.decide_frame(rows.iloc[1:], source=Source.BATCH)
        service.close()  # what the challenger was given is recorded before it returns
        shadow = log.shadow_scores()
    ids = [str(form.record.id), *map(str, batch.batch.ids)]
    assert sorted(shadow["decision_id"]) == sorted(ids)  # one each, none for the repeat
    assert set(shadow["model_sha256"]) == {challenger.bundle.sha256}
    checked = challenger.signature.validate_frame(rows.reset_index(drop=True))
    expected = dict(zip(ids, challenger.probabilities(checked.matrix), strict=True))
    for decision_id, score in zip(shadow["decision_id"], shadow["score"], strict=True):
        assert score == pytest.approx(expected[decision_id], abs=1e-7)
    assert not hasattr(form, "shadow") and form.record.score != 0.0


def test_api_decisions_get_a_shadow_score(challenger: Scorer) -> None:
    example = dict(Scorer.from_path(str(SHIPPED)).bundle.signature.example)
    app = create_app(ApiConfig(model_path=str(SHIPPED)))
    with TestClient(app) as client:
        answer = client.post("/individual_score", json=example)
        assert answer.status_code == 200 and "shadow" not in answer.text
        many = client.post("/multiple_score", json=[example, example])
        assert many.status_code == 200
    with DecisionLog.open() as log:
        shadow = log.shadow_scores(challenger.bundle.id)
        assert len(shadow) == 3 and len(set(shadow["decision_id"])) == 3


def test_performance_of_the_challenger_reads_its_shadow_scores(challenger, tmp_path) -> None:
    with DecisionLog.open() as log:
        sample = decide_reference(log, rows=300)
        shadow = log.shadow_scores(challenger.bundle.id)
    assert len(shadow) == 300
    out = tmp_path / "perf.json"
    sha = challenger.bundle.sha256  # its id is the live model's: the same graph
    code = main(["performance", "--model", sha[:12], "--as-of", "2030-01-01", "--json", str(out)])
    assert code == 0
    figures = json.loads(out.read_text("utf-8"))
    assert figures["n"] == 300 and figures["defaults"] == int(sample["defaulted"].sum())
    assert list(figures["by_model"]) == [f"{challenger.bundle.id} ({sha[:8]})"]
    # Its decisions are its own threshold's on its own scores, not the live model's.
    assert figures["approval_rate"] == pytest.approx((shadow["score"] < 0.3).mean())


def test_shadow_scores_reach_postgresql_inside_the_chain(challenger: Scorer, pg_url: str) -> None:
    from pad_desktop.decisions import schema
    from pad_desktop.decisions.verify import verify

    log = DecisionLog.open(pg_url)
    service = DecisionService(ActiveModel(SHIPPED), log, Identity("ann", "ws-1"))
    decided = service.decide_frame(_applicants(20), source=Source.BATCH)
    service.decide(_applicants(1).iloc[0].to_dict(), case_ref="PG-1")
    service.close()
    assert log.flush(timeout=30) and log.rejected() == 0, log.health()
    shadow = log.shadow_scores(challenger.bundle.id)
    assert len(shadow) == 21 and set(map(str, decided.batch.ids)) <= set(shadow["decision_id"])
    log.close()
    engine = schema.create_engine(pg_url)
    found = verify(engine)
    engine.dispose()
    assert found.intact and found.checked == 42, found.findings


def test_compare_reads_the_challengers_shadow_scores(challenger: Scorer) -> None:
    from datetime import date

    from pad_desktop.monitoring.replay import compare, compare_frames

    with DecisionLog.open() as log:
        decide_reference(log, rows=200)
        shipped = Scorer.from_path(str(SHIPPED))
        read = compare(log, shipped, challenger, date(2030, 1, 1))
        texts, frame = log.replay_rows(matured_by="2030-01-01")
    replayed = compare_frames(shipped, challenger, texts, frame)
    assert read.from_shadow == 200 and replayed.from_shadow == 0
    assert read.swap_in.count == replayed.swap_in.count > 0
    assert read.candidate.approval_rate == replayed.candidate.approval_rate


def test_a_scored_file_gets_shadow_scores_and_a_simulation_none(challenger, tmp_path) -> None:
    source = tmp_path / "applicants.csv"
    _applicants(30).to_csv(source, index=False)
    assert main(["score", str(source), "-o", str(tmp_path / "out.csv")]) == 0
    assert main(["simulate", "--n", "40"]) == 0
    with DecisionLog.open() as log:
        shadow = log.shadow_scores(challenger.bundle.id)
    assert len(shadow) == 30  # the file's decisions; simulated traffic is not live
