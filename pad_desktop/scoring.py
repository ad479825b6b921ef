"""From raw applicant values to a decision: validate, encode, ONNX Runtime, threshold, reasons.

One `Scorer` per loaded bundle holds one thread-safe ONNX Runtime session. Single applicants and
frames share `predict` (matrix -> probabilities and contributions) and `explain`, and both read
their cells with the same table of value rules (see `values` and `signature`).
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import onnxruntime as ort

from pad_desktop.bundle import Bundle, BundleError, load_bundle
from pad_desktop.reasons import (
    occlusion_contributions,
    reason_codes,
    reason_lists,
    reason_texts,
    reference_baseline,
    top_positive,
)
from pad_desktop.records import Outcome
from pad_desktop.signature import FrameValidation, Signature

if TYPE_CHECKING:  # pandas costs 1-3 s of import: only the frame paths need it
    import pandas as pd

CONTRIBUTIONS = "contributions"
PROBABILITIES = "probabilities"


@dataclass(frozen=True)
class Prediction:
    probabilities: np.ndarray  # float64 [N], P(default)
    contributions: np.ndarray | None  # float [N, F], see `reasons`


@dataclass(frozen=True)
class ScoreResult:
    """The outcome for one applicant, as the officer sees it."""

    inputs: dict[str, Any]
    probability: float
    threshold: float
    decision: Outcome
    reasons: list[str]
    latency_ms: float


@dataclass
class FrameScores:
    """The outcome for a frame: scores for the valid rows, errors for the others."""

    valid: np.ndarray  # bool [n_rows]
    errors: pd.DataFrame  # index (position), field, value, message
    probabilities: np.ndarray  # [n_valid]
    decisions: np.ndarray  # object [n_valid], Outcome values
    reason_codes: np.ndarray  # int32 [n_valid, k] into `reason_table`, -1: no reason
    reason_table: list[str]

    @cached_property
    def reasons(self) -> list[list[str]]:  # [n_valid], for the faces that show them per row
        return reason_lists(self.reason_codes, self.reason_table)


def session_options() -> ort.SessionOptions:
    """Explicit threading: one intra-op thread, no inter-op pool.

    Parallelism is ours instead (`Scorer.lanes`): a large matrix is cut into one slice per
    lane and the slices run concurrently on the same session (ORT's `run` is thread-safe and
    releases the GIL). The dense tree graph runs its row chunks one after another, so ORT's own
    intra-op threads barely help it, while slices scale with the cores.
    """
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return options


PARALLEL_MIN_ROWS = 4096  # below this, one call beats the cost of handing slices to threads
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _shared_pool() -> ThreadPoolExecutor:
    """One process-wide pool for the slices of every scorer (models come and go, threads stay)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="pad-onnx")
        return _pool


class Scorer:
    """Scores applicants with one bundle. Immutable once built; safe to share across threads."""

    def __init__(self, bundle: Bundle, threads: int = 0) -> None:
        self.bundle = bundle
        self.lanes = threads if threads > 0 else (os.cpu_count() or 1)
        try:
            self.session = ort.InferenceSession(
                str(bundle.onnx_path), session_options(), providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # ORT's own error types: a broken or hostile file
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise BundleError(
                f"{bundle.onnx_path.name} in {bundle.path} is not a model ONNX Runtime can load "
                f"({first[:200]})."
            ) from None
        feed = self.session.get_inputs()
        if len(feed) != 1:
            raise ValueError(
                f"The model takes {len(feed)} inputs; the app feeds one tensor of all fields."
            )
        self._input = feed[0].name
        self._dtype = np.float64 if feed[0].type == "tensor(double)" else np.float32
        outputs = [o.name for o in self.session.get_outputs()]
        self._outputs = [PROBABILITIES if PROBABILITIES in outputs else outputs[-1]]
        if CONTRIBUTIONS in outputs:
            self._outputs.append(CONTRIBUTIONS)
        self._baseline: np.ndarray | None = None
        self.warnings = list(bundle.warnings)
        if CONTRIBUTIONS not in outputs:
            reference = bundle.reference()
            if reference is not None:
                self._baseline = reference_baseline(bundle.signature, reference)
            else:
                self.warnings.append(
                    "This model has neither a contributions output nor a reference sample: "
                    "its decisions come without reasons."
                )

    @classmethod
    def from_path(cls, path: str, threads: int = 0) -> Scorer:
        return cls(load_bundle(path), threads)

    @property
    def signature(self) -> Signature:
        return self.bundle.signature

    @property
    def threshold(self) -> float:
        return self.bundle.threshold

    @property
    def has_contributions(self) -> bool:
        """The graph computes contributions that add up to the log-odds (our tree bundles)."""
        return CONTRIBUTIONS in self._outputs

    # -- shared path ------------------------------------------------------------------------
    def _run(self, matrix: np.ndarray) -> list:
        return self.session.run(
            self._outputs, {self._input: matrix.astype(self._dtype, copy=False)}
        )

    def _run_sliced(self, matrix: np.ndarray) -> list:
        if self.lanes == 1 or len(matrix) < PARALLEL_MIN_ROWS:
            return self._run(matrix)
        first, *rest = np.array_split(matrix, self.lanes)
        pending = [_shared_pool().submit(self._run, part) for part in rest]
        parts = [self._run(first)] + [p.result() for p in pending]
        return [
            list(itertools.chain.from_iterable(p[i] for p in parts))
            if isinstance(parts[0][i], list)
            else np.concatenate([p[i] for p in parts])
            for i in range(len(self._outputs))
        ]

    def _probabilities(self, matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        out = self._run_sliced(matrix)
        probs = out[0]
        if isinstance(probs, list):  # CatBoost's default export ends in ZipMap: [{0: p0, 1: p1}]
            probs = np.array([row[1] for row in probs], dtype=np.float64)
        elif probs.ndim == 2:
            probs = probs[:, -1]
        contributions = out[1] if len(out) > 1 else None
        return np.asarray(probs, dtype=np.float64), contributions

    def predict(self, matrix: np.ndarray) -> Prediction:
        """Encoded inputs [N, F] -> P(default) and per-field contributions."""
        probs, contributions = self._probabilities(matrix)
        if contributions is None and self._baseline is not None and len(matrix):
            contributions = occlusion_contributions(
                lambda m: self._probabilities(m)[0], matrix, self._baseline
            )
        return Prediction(probs, contributions)

    def decide(self, probabilities: np.ndarray) -> np.ndarray:
        """P(default) at or above the threshold is refused."""
        return np.where(probabilities >= self.threshold, Outcome.REFUSED, Outcome.APPROVED)

    def explain(
        self, matrix: np.ndarray, prediction: Prediction, lang: str = "en"
    ) -> list[list[str]]:
        if prediction.contributions is None:
            return [[] for _ in range(len(matrix))]
        return reason_texts(self.signature, matrix, top_positive(prediction.contributions), lang)

    # -- one applicant ----------------------------------------------------------------------
    def score(self, values: dict[str, Any], decimal: str = ".", lang: str = "en") -> ScoreResult:
        """Validate and score one applicant; raise `ApplicantError` listing every bad field."""
        start = time.perf_counter()
        clean = self.signature.validate(values, decimal, lang)
        row = self.signature.encode_row(clean)
        prediction = self.predict(row)
        probability = float(prediction.probabilities[0])
        reasons = self.explain(row, prediction, lang)[0]
        return ScoreResult(
            inputs=clean,
            probability=probability,
            threshold=self.threshold,
            decision=Outcome(self.decide(prediction.probabilities)[0]),
            reasons=reasons,
            latency_ms=(time.perf_counter() - start) * 1000.0,
        )

    # -- a frame ----------------------------------------------------------------------------
    def score_frame(self, frame: pd.DataFrame, decimal: str = ".", lang: str = "en") -> FrameScores:
        """Validate and score every row; a bad row gets its errors and never stops the others."""
        checked = self.signature.validate_frame(frame, decimal, lang)
        return self.frame_scores(checked, self.predict(checked.matrix), lang)

    def frame_scores(
        self, checked: FrameValidation, prediction: Prediction, lang: str = "en"
    ) -> FrameScores:
        """A validated frame's outcome from its prediction (a batch predicts one chunk while it
        validates the next and explains the one before)."""
        return FrameScores(
            valid=checked.valid,
            errors=checked.errors,
            probabilities=prediction.probabilities,
            decisions=self.decide(prediction.probabilities),
            **self._reason_codes(checked.matrix, prediction, lang),
        )

    def _reason_codes(
        self, matrix: np.ndarray, prediction: Prediction, lang: str = "en"
    ) -> dict[str, Any]:
        if prediction.contributions is None:
            return {"reason_codes": np.full((len(matrix), 0), -1, np.int32), "reason_table": []}
        top = top_positive(prediction.contributions)
        codes, table = reason_codes(self.signature, matrix, top, lang)
        return {"reason_codes": codes, "reason_table": table}
