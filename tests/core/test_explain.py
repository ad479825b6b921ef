"""Explanations: exact contributions that add up, the applicant among the reference population,
similar applicants with their true outcome, the smallest approving change, the review band."""

from __future__ import annotations

import itertools
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from pad_desktop.cells.field_specs import Kind
from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.records import Outcome
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.bundle import load_bundle
from pad_desktop.model.explain import N_NEIGHBOURS, explain, population
from pad_desktop.model.scoring import Scorer
from pad_desktop.model.signature import ApplicantError
from pad_desktop.runtime.settings import Settings
from pad_desktop.service.decision_service import DecisionService, Identity

N_REFUSED = 25  # refused reference applicants checked against a brute-force grid


def reference_applicants(scorer: Scorer) -> list[dict]:
    frame = scorer.bundle.reference()
    return [frame.iloc[i][scorer.signature.names].to_dict() for i in range(len(frame))]


def test_contributions_add_up_to_the_log_odds_for_every_field(scorer: Scorer) -> None:
    for values in reference_applicants(scorer)[:50]:
        e = explain(scorer, values)
        assert e.exact and {c.name for c in e.contributions} == set(scorer.signature.names)
        total = e.base_log_odds + sum(c.log_odds for c in e.contributions)
        assert total == pytest.approx(math.log(e.probability / (1 - e.probability)), abs=1e-5)
        assert [abs(c.log_odds) for c in e.contributions] == sorted(
            (abs(c.log_odds) for c in e.contributions), reverse=True
        )
        # lowering factors are shown as well as raising ones
        assert (
            min(c.log_odds for c in e.contributions) < 0 < max(c.log_odds for c in e.contributions)
        )
    assert e.base_probability == pytest.approx(1 / (1 + math.exp(-e.base_log_odds)))
    data = e.to_json()
    assert set(data["contributions"]) == set(scorer.signature.names)


def test_standings_count_every_reference_applicant_by_true_outcome(scorer: Scorer) -> None:
    frame = scorer.bundle.reference()
    bad_total = int(frame["defaulted"].sum())
    assert bad_total == 300  # German Credit: 300 bad of 1,000
    e = explain(scorer, reference_applicants(scorer)[1])
    for s in e.standings:
        assert 0.0 <= s.percentile <= 100.0
        assert sum(s.good) + sum(s.bad) == len(frame) and sum(s.bad) == bad_total
        assert len(s.good) == len(s.bad) == len(s.bins_labels)
        spec = scorer.signature[s.name]
        if spec.kind is Kind.CATEGORY:
            assert s.bins_labels == list(spec.categories) and s.edges == []
        else:
            assert len(s.edges) == len(s.bins_labels) + 1
    # the mid-rank percentile of a duration of 48 months among the reference durations
    durations = frame["duration_in_month"].to_numpy()
    expected = 100 * (np.sum(durations < 48) + 0.5 * np.sum(durations == 48)) / len(durations)
    duration = next(s for s in e.standings if s.name == "duration_in_month")
    assert duration.value_text == "48 months" and duration.percentile == pytest.approx(expected)


def test_neighbours_are_the_nearest_reference_applicants_with_their_outcome(scorer) -> None:
    frame = scorer.bundle.reference()
    i = 7
    e = explain(scorer, reference_applicants(scorer)[i])
    assert len(e.neighbours) == N_NEIGHBOURS
    distances = [n.distance for n in e.neighbours]
    assert distances == sorted(distances) and distances[0] == 0.0  # the applicant itself
    assert e.neighbours[0].defaulted == bool(frame["defaulted"].iloc[i])
    assert e.neighbours[0].probability == pytest.approx(frame["expected_probability"].iloc[i])
    # no reference applicant is nearer than the fifth neighbour
    pop = population(scorer)
    row = scorer.signature.encode_row(scorer.signature.validate(reference_applicants(scorer)[i]))
    assert np.sort(pop.distances(row[0]))[N_NEIGHBOURS - 1] == pytest.approx(distances[-1])


def _brute_force_grid(scorer: Scorer, values: dict, changes: dict) -> tuple[np.ndarray, ...]:
    """Every combination, on the changed fields, of the original value and a fine grid of the
    allowed values (all integers; credit amounts every 1/400 of the way, plus the proposal)."""
    signature = scorer.signature
    rules = {r["name"]: r for r in scorer.bundle.actionable}
    pop = population(scorer)
    names = list(changes)
    axes, costs = [], []
    for name in names:
        spec, rule, old = signature[name], rules[name], values[name]
        j = signature.names.index(name)
        if spec.kind is Kind.CATEGORY:
            options = [old, *[c for c in rule["to"] if c != old]]
            axes.append([spec.code_map[c] for c in options])
            costs.append([0.0] + [1.0] * (len(options) - 1))
            continue
        low = max(rule.get("min", spec.minimum), spec.minimum)
        high = min(rule.get("max", spec.maximum), spec.maximum)
        if rule.get("direction") == "down":
            high = old
        step = max(1, (high - low) // 400)
        grid = sorted({*range(int(low), int(high) + 1, step), old, changes[name][1]})
        axes.append([float(v) for v in grid])
        costs.append([abs(v - old) * pop.inverse_spread[j] for v in grid])
    row = signature.encode_row(signature.validate(values))[0]
    mesh = np.array(list(itertools.product(*axes)))
    cost = np.array([sum(c) for c in itertools.product(*costs)])
    matrix = np.repeat(row[None, :], len(mesh), axis=0)
    for k, name in enumerate(names):
        matrix[:, signature.names.index(name)] = mesh[:, k]
    original = [
        axis[0] if signature[n].kind is Kind.CATEGORY else float(values[n])
        for n, axis in zip(names, axes, strict=True)
    ]
    changed = (mesh != np.array(original)).sum(axis=1)
    return scorer.predict(matrix).probabilities, cost, changed


def test_the_counterfactual_approves_and_no_smaller_change_does(scorer: Scorer) -> None:
    refused = [v for v in reference_applicants(scorer) if scorer.score(v).decision == "refused"]
    checked = 0
    for values in refused[:N_REFUSED]:
        cf = explain(scorer, values).counterfactual
        assert cf is not None
        if cf.changes is None:
            assert cf.message and cf.outcome is Outcome.REFUSED
            continue
        proposed = {**values, **{name: new for name, (_, new) in cf.changes.items()}}
        rescored = scorer.score(proposed)
        assert rescored.decision is Outcome.APPROVED and rescored.probability < scorer.threshold
        assert cf.probability == pytest.approx(rescored.probability)
        assert all(values[name] == old != new for name, (old, new) in cf.changes.items())
        probs, cost, changed = _brute_force_grid(scorer, values, cf.changes)
        smaller = (changed < len(cf.changes)) | (
            (changed == len(cf.changes)) & (cost < cf.distance - 1e-9)
        )
        assert not np.any(probs[smaller] < scorer.threshold)
        checked += 1
    assert checked >= N_REFUSED // 2


def test_an_approved_applicant_has_no_counterfactual(scorer: Scorer) -> None:
    e = explain(scorer, reference_applicants(scorer)[0])
    assert e.outcome is Outcome.APPROVED and e.counterfactual is None


def _bundle_copy(default_bundle_dir: Path, tmp_path: Path, **meta) -> Path:
    folder = tmp_path / "bundle"
    shutil.copytree(default_bundle_dir, folder)
    doc = yaml.safe_load((folder / "MLmodel").read_text(encoding="utf-8"))
    doc["metadata"]["pad_desktop"].update(meta)
    (folder / "MLmodel").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return folder


def test_no_change_within_the_allowed_ranges_is_said_so(default_bundle_dir, tmp_path) -> None:
    folder = _bundle_copy(
        default_bundle_dir,
        tmp_path,
        actionable=[{"name": "present_residence_since", "direction": "up", "max": 4}],
    )
    scorer = Scorer(load_bundle(folder), threads=1)
    worst = max(reference_applicants(scorer), key=lambda v: scorer.score(v).probability)
    for lang, words in (("en", "No change within the allowed ranges"), ("fr", "Aucune")):
        cf = explain(scorer, worst, lang).counterfactual
        assert cf is not None and cf.changes is None and cf.message.startswith(words)
        assert cf.outcome is Outcome.REFUSED


def test_hostile_values_are_refused_like_scoring(scorer: Scorer) -> None:
    with pytest.raises(ApplicantError) as raised:
        explain(scorer, {**scorer.signature.example, "credit_amount": "lots", "purpose": "x"})
    assert {e.field for e in raised.value.errors} == {"credit_amount", "purpose"}


def test_the_review_band_refers_close_decisions(scorer: Scorer, tmp_path: Path) -> None:
    assert scorer.bundle.review_band == 0.03
    service = DecisionService(ActiveModel.of(scorer), None, Identity("a", "b"))
    applicants = reference_applicants(scorer)
    for values in applicants[:40]:
        p = scorer.score(values).probability
        decision = service.prepare(values)
        assert decision.refer_for_review == (abs(p - scorer.threshold) <= 0.03)
        assert service.explain(values).in_review_band == decision.refer_for_review
    near = next(v for v in applicants if abs(scorer.score(v).probability - 0.13) < 0.02)
    assert service.prepare(near).refer_for_review
    narrow = DecisionService(
        ActiveModel.of(scorer), None, Identity("a", "b"), Settings(review_band=0.0)
    )  # Preferences override the bundle's band
    assert not narrow.prepare(near).refer_for_review
    assert not narrow.explain(near).in_review_band


def test_a_simulation_is_not_recorded(scorer: Scorer, tmp_path: Path) -> None:
    log = DecisionLog.open(data_dir=tmp_path / "log")
    try:
        service = DecisionService(ActiveModel.of(scorer), log, Identity("a", "b"))
        what_if = {**scorer.signature.example, "credit_amount": 15000}
        e = service.simulate(what_if)
        assert e.inputs["credit_amount"] == 15000
        # a slider's what-if can skip the search: the waterfall comes back alone
        refused = {**what_if, "credit_amount": 15000, "duration_in_month": 6}
        assert service.simulate(refused).outcome is Outcome.REFUSED
        assert service.simulate(refused, counterfactual=False).counterfactual is None
        assert log.count(HistoryFilter(include_simulated=True)) == 0
    finally:
        log.close()


def test_a_foreign_model_gets_occlusion_contributions(original_bundle: Path) -> None:
    scorer = Scorer.from_path(str(original_bundle), threads=1)
    from tests.foreign_model import EXAMPLE_PAYLOAD

    e = explain(scorer, EXAMPLE_PAYLOAD)
    assert not e.exact and len(e.contributions) == len(scorer.signature.fields)
    assert e.neighbours == [] and (e.counterfactual is None or e.counterfactual.changes is None)
