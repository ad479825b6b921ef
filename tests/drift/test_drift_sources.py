"""Drift reads real traffic only unless told otherwise, and says which sources and how many."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.records import Source
from pad_desktop.drift import (
    DriftError,
    DriftSummary,
    FeatureDrift,
    parse_sources,
    run_drift,
)
from pad_desktop.model.scoring import Scorer
from pad_desktop.service.simulate import simulate


def test_undrifted_form_traffic_and_drifted_simulation_only_drift_when_simulation_is_asked_for(
    scorer: Scorer, decision_log: DecisionLog, now: datetime
) -> None:
    simulate(scorer, decision_log, 1_000, 0.0, seed=31, days=7, until=now, source=Source.FORM)
    simulate(scorer, decision_log, 1_000, 1.0, seed=32, days=7, until=now)  # source simulation
    period = (now - timedelta(days=7), now + timedelta(seconds=1))

    default = run_drift(scorer.bundle, decision_log, *period, now=now)
    assert not default.dataset_drift and default.drift_share < 0.2
    assert default.n_rows == 1_000 and default.sources == ("form", "batch", "api")
    assert default.score_psi_band == "stable"
    assert "in 1,000 decisions (form, batch, api)" in default.headline()

    everything = (*parse_sources("form,batch,api"), Source.SIMULATION)
    mixed = run_drift(scorer.bundle, decision_log, *period, sources=everything, now=now)
    assert mixed.dataset_drift and mixed.drift_share >= 0.5
    assert mixed.n_rows == 2_000 and mixed.sources == ("form", "batch", "api", "simulation")
    assert mixed.score_psi > default.score_psi
    assert mixed.to_dict()["sources"] == ["form", "batch", "api", "simulation"]


def test_sources_are_parsed_or_refused_in_one_readable_sentence() -> None:
    assert parse_sources("form, API,form") == (Source.FORM, Source.API)
    for text in ("form,web", "", " , "):
        with pytest.raises(DriftError, match=r"not a list of decision sources: use one or more"):
            parse_sources(text)


def test_no_source_at_all_is_refused(
    scorer: Scorer, decision_log: DecisionLog, now: datetime
) -> None:
    with pytest.raises(DriftError, match="at least one source"):
        run_drift(scorer.bundle, decision_log, sources=(), now=now)


def _feature(i: int, drifted: bool) -> FeatureDrift:
    return FeatureDrift(f"col_{i}", "num", "K-S p_value", 0.05, 0.0, drifted, label=f"Field {i}")


def test_the_headline_names_drifted_inputs_by_label_then_and_n_more() -> None:
    now = datetime(2026, 11, 20, tzinfo=UTC)

    def summary(n_drifted: int) -> DriftSummary:
        features = tuple(_feature(i, i < n_drifted) for i in range(18))
        return DriftSummary(
            "m",
            "Model",
            now - timedelta(days=30),
            now,
            500,
            1000,
            0.5,
            n_drifted / 18,
            n_drifted,
            18,
            n_drifted / 18 >= 0.5,
            features,
            sources=("form",),
            score_psi=0.3,
            score_psi_band="significant",
            refusal_rate=0.25,
        )

    seven = summary(7).headline()  # all named when only one more would not fit
    assert seven.endswith("Drifted: " + ", ".join(f"Field {i}" for i in range(7)))
    eighteen = summary(18).headline()
    assert eighteen.endswith(", ".join(f"Field {i}" for i in range(6)) + " and 12 more")
    assert "col_" not in eighteen
    assert "score PSI 0.300 (significant); 25% refused" in eighteen
    assert "Drifted" not in summary(0).headline()
