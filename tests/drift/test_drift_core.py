"""Drift reports from a real decision log: drifted traffic is detected, undrifted is not."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.records import Source
from pad_desktop.drift import (
    DriftError,
    DriftSummary,
    build_report,
    comparable_frames,
    evidently_report,
    feature_drifts,
    history_path,
    latest_summary,
    prune_reports,
    public_output,
    read_history,
    reports_dir,
    run_drift,
)
from pad_desktop.drift.evidently_run import drifted_count
from pad_desktop.model.bundle import EXPECTED_COLUMN
from pad_desktop.model.scoring import Scorer
from pad_desktop.runtime.tasks import Cancelled, TaskState
from pad_desktop.service.simulate import simulate, traffic


def _saved(summary: DriftSummary) -> dict:
    return json.loads(Path(summary.json_path).read_text(encoding="utf-8"))


def test_undrifted_traffic_is_not_flagged_and_drifted_traffic_is(
    scorer: Scorer, decision_log: DecisionLog, undrifted_week, drifted_week, now: datetime
) -> None:
    calm = _saved(run_drift(scorer.bundle, decision_log, *undrifted_week, now=now))
    shifted = _saved(run_drift(scorer.bundle, decision_log, *drifted_week, now=now))

    inputs = len(scorer.signature.fields)
    for saved in (calm, shifted):
        assert saved["model_id"] == scorer.bundle.id
        assert saved["n_rows"] == 1_000 and saved["n_columns"] == inputs
        assert {f["column"] for f in saved["features"]} == set(scorer.signature.names)
        assert all(f["method"] and f["score"] >= 0.0 for f in saved["features"])
    assert calm["dataset_drift"] is False
    assert calm["drift_share"] < 0.2  # a few false alarms at p < 0.05 at most
    assert shifted["dataset_drift"] is True
    assert shifted["drift_share"] >= 0.8
    amount = next(f for f in shifted["features"] if f["column"] == "credit_amount")
    assert amount["drifted"] and amount["method"] == "K-S p_value" and amount["score"] < 1e-6
    assert Path(shifted["html_path"]).stat().st_size > 1_000_000  # self-contained: scripts inline
    assert "credit_amount" in Path(shifted["html_path"]).read_text(encoding="utf-8")

    assert [row.drifted for row in read_history(scorer.bundle.id)] == [False, True]
    for saved in (calm, shifted):  # score stability and the trend beside Evidently's tests
        assert saved["sources"] == ["form", "batch", "api"]
        assert all(f["psi"] >= 0.0 and f["psi_band"] for f in saved["features"])
        assert 0.0 < saved["refusal_rate"] < 1.0 and 0.0 < saved["reference_refusal_rate"] < 1.0
        assert sum(w["n_rows"] for w in saved["weeks"]) >= 1_000 - 2 * 100  # edge weeks < 100
    assert calm["score_psi_band"] == "stable" and shifted["score_psi_band"] != "stable"
    assert amount["psi_band"] == "significant" and amount["label"] == "Credit amount"
    assert shifted["refusal_rate"] > calm["refusal_rate"]


def test_simulated_decisions_are_logged_as_simulation_and_hidden_from_history(
    scorer: Scorer, decision_log: DecisionLog, now: datetime
) -> None:
    simulate(scorer, decision_log, 1_000, 0.8, seed=12, days=7, until=now)
    since, until = now - timedelta(days=7), now + timedelta(seconds=1)
    assert decision_log.count(HistoryFilter()) == 0
    assert decision_log.count(HistoryFilter(include_simulated=True)) == 1_000
    assert decision_log.count(HistoryFilter(source=Source.SIMULATION)) == 1_000
    assert decision_log.production_inputs(scorer.bundle.id, since, until).empty
    inputs = decision_log.production_inputs(scorer.bundle.id, since, until, [Source.SIMULATION])
    assert len(inputs) == 1_000 and set(scorer.signature.names) <= set(inputs.columns)


def test_verdicts_read_from_the_public_output_agree_with_evidentlys_headline(
    scorer: Scorer,
) -> None:
    """Per-input verdicts (the tests in the snapshot's JSON) agree with Evidently's own count,
    and with its documented rule: drift when a p-value is below, a distance at or above, the
    threshold."""
    reference = scorer.bundle.reference()
    production = traffic(reference, scorer.signature, 800, 0.3, np.random.default_rng(5))
    current, ref, numerical, categorical = comparable_frames(scorer.bundle, production)
    snapshot = evidently_report(current, ref, numerical, categorical, threshold=0.5)
    output = public_output(snapshot)
    features = feature_drifts(output, numerical)
    assert {f.column for f in features} == set(scorer.signature.names)
    count, share = drifted_count(output)
    assert 0 < sum(f.drifted for f in features) == count < len(features)
    assert count / len(features) == pytest.approx(share)
    for f in features:
        p_value = "p_value" in f.method
        assert f.drifted == (f.score < f.threshold if p_value else f.score >= f.threshold)
    assert {f.kind for f in features if f.column in numerical} == {"num"}


def test_threshold_decides_the_flag(scorer: Scorer, tmp_path: Path, now: datetime) -> None:
    production = traffic(
        scorer.bundle.reference(), scorer.signature, 500, 0.15, np.random.default_rng(3)
    )
    low = build_report(
        scorer.bundle, production, now - timedelta(days=1), now, threshold=0.05, out_dir=tmp_path
    )
    high = build_report(
        scorer.bundle, production, now - timedelta(days=1), now, threshold=1.0, out_dir=tmp_path
    )
    assert low.drift_share == high.drift_share and 0.05 <= low.drift_share < 1.0
    assert low.dataset_drift and not high.dataset_drift


def test_too_few_decisions_is_a_readable_error(
    scorer: Scorer, decision_log: DecisionLog, now: datetime
) -> None:
    with pytest.raises(DriftError, match=r"Only 0 decisions.*\(form, batch, api\).*longer period"):
        run_drift(scorer.bundle, decision_log, now=now)
    assert read_history() == [] and not list(reports_dir().glob("*.html"))


def test_an_empty_period_is_refused(
    scorer: Scorer, decision_log: DecisionLog, now: datetime
) -> None:
    with pytest.raises(DriftError, match="period is empty"):
        run_drift(scorer.bundle, decision_log, now, now - timedelta(days=1))


def test_logged_inputs_missing_a_model_input_are_refused(scorer: Scorer) -> None:
    production = traffic(scorer.bundle.reference(), scorer.signature, 100).drop(
        columns=["age_in_years"]
    )
    with pytest.raises(DriftError, match=r"lack 1 input\(s\).*age_in_years"):
        comparable_frames(scorer.bundle, production)


def test_cancel_during_evidently_leaves_no_report(
    scorer: Scorer, decision_log: DecisionLog, drifted_week, now: datetime
) -> None:
    """Evidently cannot be interrupted: a cancel during its run drops the result afterwards."""
    states: list[TaskState] = []

    def cancel_once_comparing(_fraction: float, message: str) -> None:
        if message == "Comparing distributions":
            states[0].cancel()

    states.append(TaskState(on_progress=cancel_once_comparing))
    with pytest.raises(Cancelled):
        run_drift(scorer.bundle, decision_log, *drifted_week, state=states[0], now=now)
    assert not history_path().exists()
    assert not list(reports_dir().iterdir())


def test_cancelled_before_start_reads_nothing_more(
    scorer: Scorer, decision_log: DecisionLog, now: datetime
) -> None:
    state = TaskState()
    state.cancel()
    with pytest.raises(Cancelled):
        run_drift(scorer.bundle, decision_log, state=state, now=now)


def test_traffic_follows_the_reference_and_drift_shifts_it(scorer: Scorer) -> None:
    reference = scorer.bundle.reference()
    calm = traffic(reference, scorer.signature, 5_000, 0.0, np.random.default_rng(1))
    shifted = traffic(reference, scorer.signature, 5_000, 0.8, np.random.default_rng(1))
    assert EXPECTED_COLUMN not in calm.columns
    assert list(calm.columns) == [c for c in reference.columns if c != EXPECTED_COLUMN]
    ref_mean = reference["credit_amount"].mean()
    assert abs(calm["credit_amount"].mean() - ref_mean) < 0.1 * ref_mean
    assert shifted["credit_amount"].mean() > ref_mean + 0.5 * reference["credit_amount"].std()
    top = reference["purpose"].value_counts().index[0]
    assert (shifted["purpose"] == top).mean() < (reference["purpose"] == top).mean() / 2
    for frame in (calm, shifted):  # every simulated applicant is a valid one
        assert scorer.score_frame(frame).valid.all()
    spec = scorer.signature["installment_rate_in_percentage_of_disposable_income"]
    assert shifted[spec.name].between(spec.minimum, spec.maximum).all()
    with pytest.raises(ValueError, match="between 0 and 1"):
        traffic(reference, scorer.signature, 10, 1.5)


def test_simulation_is_reproducible_with_a_seed(scorer: Scorer) -> None:
    reference = scorer.bundle.reference()
    a = traffic(reference, scorer.signature, 300, 0.5, np.random.default_rng(9))
    b = traffic(reference, scorer.signature, 300, 0.5, np.random.default_rng(9))
    pd.testing.assert_frame_equal(a, b)


def test_simulation_cancel_keeps_logged_chunks(
    scorer: Scorer, decision_log: DecisionLog, now: datetime
) -> None:
    state = TaskState(on_progress=lambda _f, _m: state.cancel())
    summary = simulate(
        scorer, decision_log, 900, 0.0, seed=1, chunk_rows=300, until=now, state=state
    )
    assert summary.cancelled and summary.rows == 300
    assert decision_log.count(HistoryFilter(include_simulated=True)) == 300


def test_history_skips_damaged_lines_and_filters_by_model(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    good = {
        "created_at": "2026-11-20T10:00:00+00:00", "model_id": "a",
        "since": "2026-10-21T10:00:00+00:00", "until": "2026-11-20T10:00:00+00:00",
        "n_rows": 50, "drift_share": 0.25, "drifted": False, "threshold": 0.5, "html_path": None,
    }  # fmt: skip
    lines = [json.dumps(good), "{not json", json.dumps({**good, "model_id": "b"}), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert [r.model_id for r in read_history(path=path)] == ["a", "b"]
    assert [r.drift_share for r in read_history("a", path=path)] == [0.25]


def test_cache_keeps_the_newest_reports_and_finds_the_latest(
    scorer: Scorer, decision_log: DecisionLog, drifted_week, now: datetime
) -> None:
    first = run_drift(scorer.bundle, decision_log, *drifted_week, now=now)
    second = run_drift(scorer.bundle, decision_log, *drifted_week, now=now)
    assert latest_summary(scorer.bundle.id) == second
    prune_reports(keep=1)
    assert not first.html_path.exists() and not first.json_path.exists()
    assert second.html_path.exists()
    assert len(read_history(scorer.bundle.id)) == 2  # the history outlives the reports
    assert DriftSummary.from_dict(second.to_dict()) == second
