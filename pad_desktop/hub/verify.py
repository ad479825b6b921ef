"""Is a downloaded bundle fit to score applicants? Loaded, compared, smoke-tested.

Run on the staged copy before anything is installed: the ONNX graph must load in our `Scorer`,
a changed signature must have been accepted, and the bundle's own reference sample must score
to finite probabilities in [0, 1] equal to its `expected_probability` column when it has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pad_desktop.bundle import EXPECTED_COLUMN, BundleError
from pad_desktop.hub.errors import SignatureChanged, VerificationError
from pad_desktop.hub.signature_diff import SignatureDiff, compare_signatures
from pad_desktop.hub.texts import Number, Phrase, phrase
from pad_desktop.scoring import Scorer
from pad_desktop.signature import Signature

EXPECTED_TOLERANCE = 1e-5


@dataclass(frozen=True)
class Verified:
    scorer: Scorer
    diff: SignatureDiff | None
    smoke: Phrase  # what the smoke test did, for the report


def verify_bundle(
    path: Path, current: Signature | None, accept_difference: bool = False
) -> Verified:
    """Load and check the bundle at `path`; raise `VerificationError` / `SignatureChanged`."""
    try:
        scorer = Scorer.from_path(str(path), threads=1)
    except BundleError as exc:
        raise VerificationError("download_unusable", error=exc) from None
    except Exception as exc:  # ONNX Runtime raises its own types for a broken graph
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise VerificationError("onnx_not_loading", error=first) from None
    smoke = smoke_test(scorer)
    diff = compare_signatures(current, scorer.signature) if current is not None else None
    if diff is not None and diff.needs_acceptance and not accept_difference:
        raise SignatureChanged("signature_changed", diff, changes=diff.breaking_phrase())
    return Verified(scorer, diff, smoke)


def smoke_test(scorer: Scorer) -> Phrase:
    """Score the bundle's reference sample (or its example); raise `VerificationError` if wrong."""
    reference = scorer.bundle.reference()
    if reference is None:
        if not scorer.signature.example:
            return phrase("smoke_impossible")
        reference = pd.DataFrame([scorer.signature.example])
    scores = scorer.score_frame(reference)
    if not scores.valid.all():
        first = scores.errors.iloc[0]
        raise VerificationError(
            "reference_invalid",
            count=int((~scores.valid).sum()),
            row=int(first["index"]) + 1,
            message=first["message"],
        )
    probs = scores.probabilities
    if not np.isfinite(probs).all() or (probs < 0).any() or (probs > 1).any():
        raise VerificationError("not_probabilities")
    if EXPECTED_COLUMN not in reference.columns:
        return phrase("smoke_scored", count=len(probs))
    expected = pd.to_numeric(reference[EXPECTED_COLUMN], errors="coerce").to_numpy(np.float64)
    gaps = np.abs(probs - expected)
    worst = int(np.nanargmax(gaps)) if np.isfinite(gaps).any() else 0
    if not np.isfinite(gaps).all() or gaps[worst] > EXPECTED_TOLERANCE:
        raise VerificationError(
            "not_reproduced",
            row=worst + 1,
            score=Number(float(probs[worst]), 6),
            expected=Number(float(expected[worst]), 6),
            tolerance=EXPECTED_TOLERANCE,
        )
    return phrase(
        "smoke_expected",
        count=len(probs),
        tolerance=Number(EXPECTED_TOLERANCE, spec="g"),
        gap=Number(float(gaps.max()), spec=".1e"),
    )
