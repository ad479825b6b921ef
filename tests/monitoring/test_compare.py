"""`model compare`: the shipped bundle against itself swaps nothing; against a copy with another
threshold, the swap counts and their observed default rates are what a direct computation on
the same probabilities gives; nothing is recorded; the report holds no script."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.model.scoring import Scorer
from pad_desktop.monitoring import replay
from pad_desktop.monitoring.replay import compare
from tests.hub.hub_repos import bundle_variant
from tests.monitoring.replayed import SHIPPED, decide_reference

AS_OF = date(2030, 1, 1)


@pytest.fixture
def log(tmp_path: Path):
    opened = DecisionLog.open(data_dir=tmp_path / "log")
    yield opened
    opened.close()


def test_the_shipped_bundle_against_itself_swaps_nothing(log: DecisionLog) -> None:
    sample = decide_reference(log, rows=400)
    before = log.count(HistoryFilter())
    shipped = Scorer.from_path(str(SHIPPED))
    result = compare(log, shipped, Scorer.from_path(str(SHIPPED)), AS_OF)
    assert (result.n, result.not_replayed, result.with_outcomes) == (400, 0, 400)
    assert result.swap_in.count == result.swap_out.count == 0
    assert result.active.approval_rate == result.candidate.approval_rate
    assert result.active.auc == result.candidate.auc is not None
    assert result.defaults == int(sample["defaulted"].sum())
    assert log.count(HistoryFilter()) == before  # records nothing
    # The replayed probabilities are the logged ones: canonical inputs, the same model.
    logged = np.sort(log.scored_outcomes()["score"].to_numpy())
    assert result.active.expected_default_rate_approved == pytest.approx(
        logged[logged < shipped.threshold].mean(), abs=1e-6
    )


def test_another_threshold_swaps_what_a_direct_computation_says(
    log: DecisionLog, tmp_path: Path
) -> None:
    sample = decide_reference(log, rows=600)
    shipped = Scorer.from_path(str(SHIPPED))
    candidate = Scorer.from_path(str(bundle_variant(tmp_path / "t30", threshold=0.3)))
    result = compare(log, shipped, candidate, AS_OF)
    checked = shipped.signature.validate_frame(sample[list(shipped.signature.names)])
    p = shipped.probabilities(checked.matrix)
    swap_in = (p >= shipped.threshold) & (p < 0.3)
    flags = sample["defaulted"].to_numpy()
    assert result.swap_in.count == int(swap_in.sum()) > 0
    assert result.swap_out.count == 0
    assert result.swap_in.defaults == int(flags[swap_in].sum())
    assert result.swap_in.observed_default_rate == pytest.approx(flags[swap_in].mean())
    assert result.candidate.approval_rate == pytest.approx((p < 0.3).mean())
    assert result.active.approval_rate == pytest.approx((p < shipped.threshold).mean())
    assert {c["case_ref"] for c in result.swap_in.cases} == {
        f"REF-{i}" for i in np.flatnonzero(swap_in)
    }
    assert result.active.auc == result.candidate.auc  # same graph, same ranking


def test_compare_from_the_command_line(tmp_path: Path, capsys) -> None:
    with DecisionLog.open() as log:
        decide_reference(log, rows=200)
    candidate = bundle_variant(tmp_path / "t30", threshold=0.3)
    out_json, out_html = tmp_path / "cmp.json", tmp_path / "cmp.html"
    args = ["model", "compare", str(candidate), "--as-of", "2030-01-01", "--json", str(out_json)]
    code = main(["--lang", "fr", "--model", str(SHIPPED), *args, "-o", str(out_html)])
    assert code == 0
    assert "200 décisions rejouées" in capsys.readouterr().out
    found = json.loads(out_json.read_text("utf-8"))
    assert found["n"] == 200 and found["swap_out"]["count"] == 0
    assert set(found["active"]) >= {"approval_rate", "expected_default_rate_approved", "auc"}
    page = out_html.read_text("utf-8")
    assert "<script" not in page and "Entrants" in page


def test_a_candidate_that_is_no_bundle_is_one_line(tmp_path: Path, capsys) -> None:
    assert main(["model", "compare", str(tmp_path / "nothing-here")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def _close(a: object, b: object) -> bool:
    """Same JSON, floats within 1e-6 (the probability graph's sums differ in the 8th digit)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-6
    return a == b


def test_the_probability_graph_replays_the_figures_of_the_dense_graph(
    log: DecisionLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large replay goes through the bundles' probability graph (`Scorer.probabilities`):
    the same report as through their dense graph (issue 32). Here 600 rows count as large."""
    monkeypatch.setattr(replay, "PROBABILITY_GRAPH_ROWS", 600)
    decide_reference(log, rows=600)
    variant = str(bundle_variant(tmp_path / "t30", threshold=0.3))
    before = [Scorer.from_path(str(SHIPPED)), Scorer.from_path(variant)]
    for scorer in before:
        scorer._probability_graph._compiled = True  # no probability graph: the dense one
    now = [Scorer.from_path(str(SHIPPED)), Scorer.from_path(variant)]
    result = compare(log, *now, AS_OF)
    assert all(scorer._probability_graph.session() is not None for scorer in now)
    assert result.swap_in.count > 0
    assert _close(result.as_json(), compare(log, *before, AS_OF).as_json())
