"""Is a downloaded bundle fit to score applicants? Loaded, compared, smoke-tested.

Run on the staged copy before anything is installed: the ONNX graph must load in our `Scorer`,
a changed signature must have been accepted, and the bundle's own reference sample must score
to finite probabilities in [0, 1] equal to its `expected_probability` column when it has one.
That last check is the one every load runs (`scoring.check_outputs`); here its faults are worded
as the update's ("the new model ...") and its result is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pad_desktop.hub.errors import SignatureChanged, VerificationError
from pad_desktop.hub.signature_diff import SignatureDiff, compare_signatures
from pad_desktop.hub.texts import Number, Phrase, phrase
from pad_desktop.model.bundle import BundleError
from pad_desktop.model.scoring import EXPECTED_TOLERANCE, OutputCheck, Scorer
from pad_desktop.model.signature import Signature


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
        raise _verification_error(exc) from None
    except Exception as exc:  # ONNX Runtime raises its own types for a broken graph
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise VerificationError("onnx_not_loading", error=first) from None
    smoke = smoke_phrase(scorer.checked)
    diff = compare_signatures(current, scorer.signature) if current is not None else None
    if diff is not None and diff.needs_acceptance and not accept_difference:
        raise SignatureChanged("signature_changed", diff, changes=diff.breaking_phrase())
    return Verified(scorer, diff, smoke)


def _verification_error(exc: BundleError) -> VerificationError:
    """The load's refusal in the update's words where it has some, else as the bundle's."""
    values = exc.values
    if exc.key == "not_probabilities":
        return VerificationError("not_probabilities")
    if exc.key == "not_reproduced":
        return VerificationError(
            "not_reproduced",
            row=values["row"],
            score=Number(values["score"].value, 6),
            expected=Number(values["expected"].value, 6),
            tolerance=EXPECTED_TOLERANCE,
        )
    if exc.key == "reference_invalid":
        return VerificationError(
            "reference_invalid", count=values["count"], row=values["row"], message=values["message"]
        )
    return VerificationError("download_unusable", error=exc)


def smoke_phrase(checked: OutputCheck) -> Phrase:
    """What the load's check of the outputs did, for the update's report."""
    if not checked.rows:
        return phrase("smoke_impossible")
    if checked.largest_gap is None:
        return phrase("smoke_scored", count=checked.rows)
    return phrase(
        "smoke_expected",
        count=checked.rows,
        tolerance=Number(EXPECTED_TOLERANCE, spec="g"),
        gap=Number(checked.largest_gap, spec=".1e"),
    )
