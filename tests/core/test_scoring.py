"""Scoring: ONNX Runtime agrees with CatBoost, decisions follow the threshold, reasons add up."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from pad_desktop.decisions.records import Outcome
from pad_desktop.model.scoring import Scorer

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _catboost(path: Path):
    from catboost import CatBoostClassifier

    model = CatBoostClassifier()
    model.load_model(str(path))
    return model


def test_onnx_scores_equal_catboost_on_the_whole_data(scorer: Scorer, default_bundle_dir) -> None:
    reference = scorer.bundle.reference()
    checked = scorer.signature.validate_frame(reference[scorer.signature.names])
    probs = scorer.predict(checked.matrix).probabilities
    native = _catboost(default_bundle_dir / "model.cbm").predict_proba(checked.matrix)[:, 1]
    assert np.max(np.abs(probs - native)) <= 1e-5
    assert np.max(np.abs(probs - reference["expected_probability"].to_numpy())) <= 1e-6


def test_decision_follows_the_threshold(scorer: Scorer) -> None:
    frame = scorer.bundle.reference()[scorer.signature.names]
    result = scorer.score_frame(frame)
    refused = result.probabilities >= scorer.threshold
    assert refused.any() and (~refused).any()
    assert (result.decisions[refused] == Outcome.REFUSED).all()
    assert (result.decisions[~refused] == Outcome.APPROVED).all()


def test_reasons_are_the_largest_positive_contributions(scorer: Scorer, default_bundle_dir) -> None:
    frame = scorer.bundle.reference()[scorer.signature.names].head(200)
    checked = scorer.signature.validate_frame(frame)
    prediction = scorer.predict(checked.matrix)
    contributions = prediction.contributions
    # Contributions are log-odds and add up to the model's output.
    logit = np.log(prediction.probabilities / (1 - prediction.probabilities))
    expected_value = scorer.bundle.meta["expected_value"]
    np.testing.assert_allclose(contributions.sum(axis=1) + expected_value, logit, atol=1e-4)
    reasons = scorer.explain(checked.matrix, prediction)
    labels = [f.label for f in scorer.signature.fields]
    for row, texts in enumerate(reasons):
        positive = np.sort(contributions[row][contributions[row] > 0])[::-1][:4]
        assert len(texts) == len(positive) <= 4
        named = [labels.index(t.split(":")[0]) for t in texts]
        np.testing.assert_allclose(contributions[row][named], positive, rtol=1e-6)


def test_one_applicant_in_the_officers_terms(scorer: Scorer) -> None:
    applicant = dict(scorer.signature.example)
    applicant.update(
        status_of_existing_checking_account="... < 0 DM",
        duration_in_month=60,
        credit_amount=15000,
        savings_account_and_bonds="... < 100 DM",
    )
    result = scorer.score(applicant)
    assert result.decision is Outcome.REFUSED and result.probability >= scorer.threshold
    assert 1 <= len(result.reasons) <= 4
    assert "Checking account balance: ... < 0 DM" in result.reasons
    assert any(r.startswith("Credit duration: 60 months") for r in result.reasons)


def test_single_and_frame_paths_give_the_same_answer(scorer: Scorer) -> None:
    frame = scorer.bundle.reference()[scorer.signature.names].head(30)
    batch = scorer.score_frame(frame)
    for i, row in enumerate(frame.to_dict(orient="records")):
        one = scorer.score(row)
        assert one.probability == pytest.approx(batch.probabilities[i], abs=1e-7)
        assert one.decision == batch.decisions[i]
        assert one.reasons == batch.reasons[i]


def test_the_session_is_shared_safely_between_threads(scorer: Scorer) -> None:
    frame = scorer.bundle.reference()[scorer.signature.names]
    rows = frame.to_dict(orient="records")[:200]
    expected = [scorer.score(r).probability for r in rows]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda r: scorer.score(r).probability, rows))
    assert got == expected


def test_original_service_payload_scores(original_bundle: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from foreign_model import EXAMPLE_PAYLOAD, synthetic_applicants

    scorer = Scorer.from_path(str(original_bundle), threads=1)
    result = scorer.score(EXAMPLE_PAYLOAD)
    native = _catboost(original_bundle / "catboost.cbm")
    row = scorer.signature.encode_row(scorer.signature.validate(EXAMPLE_PAYLOAD))
    assert result.probability == pytest.approx(native.predict_proba(row)[0, 1], abs=1e-5)
    assert result.threshold == pytest.approx(0.42)
    assert result.decision is (Outcome.REFUSED if result.probability >= 0.42 else Outcome.APPROVED)
    # Through the frame path too (ZipMap output, boolean column), over many rows.
    x, _ = synthetic_applicants(500, seed=3)
    import pandas as pd

    frame = pd.DataFrame(x, columns=scorer.signature.names)
    frame["NAME_FAMILY_STATUS_Married"] = frame["NAME_FAMILY_STATUS_Married"].astype(bool)
    frame["CODE_GENDER"] = frame["CODE_GENDER"].astype(int)
    scored = scorer.score_frame(frame)
    assert scored.valid.all()
    assert np.max(np.abs(scored.probabilities - native.predict_proba(x)[:, 1])) <= 1e-5
    assert any("without reasons" in w for w in scorer.warnings)
