"""From raw applicant values to a decision: validate, encode, ONNX Runtime, threshold, reasons.

One `Scorer` per loaded bundle holds one thread-safe ONNX Runtime session. Single applicants and
frames share `predict` (matrix -> probabilities and contributions) and `explain`, and both read
their cells with the same table of value rules (see `values` and `signature`).
"""

from __future__ import annotations

import copy
import csv
import itertools
import os
import threading
import time
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import onnxruntime as ort

from pad_desktop.cells.messages import field_message
from pad_desktop.decisions.records import Outcome
from pad_desktop.model.bundle import EXPECTED_COLUMN, Bundle, BundleError, load_bundle
from pad_desktop.model.reasons import (
    occlusion_contributions,
    reason_codes,
    reason_lists,
    reason_texts,
    reference_baseline,
    top_positive,
)
from pad_desktop.model.signature import ApplicantError, FrameValidation, Signature

if TYPE_CHECKING:  # pandas costs 1-3 s of import: only the frame paths need it
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    import pandas as pd

    from pad_desktop.cells.field_specs import FieldSpec
    from pad_desktop.cells.values import Rule

CONTRIBUTIONS = "contributions"
PROBABILITIES = "probabilities"
MODEL_OUTPUT = "model_output"  # the rule of a row whose output is no probability (no decision)
EXPECTED_TOLERANCE = 1e-5  # reference scores must be reproduced within this (float32 graphs)
REFERENCE_ROWS_CHECKED = 20_000  # a bundle's reference sample is checked up to this many rows


class ModelOutputError(BundleError):
    """The model answered something that is not a probability for one applicant: no decision.

    A model fault, not the applicant's: the faces say the model is unusable (the API a 503)."""

    def __init__(self, value: float) -> None:
        super().__init__("output_not_probability", value=value)
        self.value = value


def is_probability(values: np.ndarray) -> np.ndarray:
    """Which outputs are probabilities: finite and within [0, 1] (NaN is neither)."""
    with np.errstate(invalid="ignore"):
        return np.isfinite(values) & (values >= 0.0) & (values <= 1.0)


@dataclass(frozen=True)
class OutputCheck:
    """What the check of a bundle's outputs scored when it was loaded (see `check_outputs`)."""

    rows: int  # rows of the sample scored; 0: the bundle has no sample and no example
    sample: str  # "sample_reference", "sample_example", or "" (nothing to score)
    largest_gap: float | None  # against the bundle's expected scores; None: it has none


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


# `score_many` runs at most this many rows through the graph at once: up to 8 rows, ONNX
# Runtime's kernels give each row of the shipped graph the very float it gets alone (600
# reference rows; from 9 rows on, some differ by up to 8e-8), so a concurrent request's score
# does not depend on its neighbours.
# `tests/core/test_decide_together.py` checks it on the machine that runs the tests.
SAME_AS_ONE_ROWS = 8
PARALLEL_MIN_ROWS = 4096  # below this, one call beats the cost of handing slices to threads
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _shared_pool() -> ThreadPoolExecutor:
    """One process-wide pool for the slices of every scorer (models come and go, threads stay)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            # imported here: a large batch's first slices, not every start of the window (~4 ms)
            from concurrent.futures import ThreadPoolExecutor

            _pool = ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="pad-onnx")
        return _pool


class BundleCheck:
    """The bundle's own check (`check_outputs`) of a scorer and of its copies
    (`with_signature`): nothing is scored before it has passed. `wait` blocks until it has run,
    then answers its `OutputCheck` or raises its `BundleError` (again at every call)."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self.running = threading.Lock()  # one check at a time
        self._result: OutputCheck | None = None
        self._error: BundleError | None = None

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def settle(self, result: OutputCheck | None, error: BundleError | None = None) -> None:
        self._result, self._error = result, error
        self._done.set()

    def wait(self) -> OutputCheck:
        self._done.wait()
        if self._error is not None:
            raise copy.copy(self._error).with_traceback(None)
        assert self._result is not None
        return self._result


class Scorer:
    """Scores applicants with one bundle. Immutable once built; safe to share across threads.

    `check=False` (the window's start) leaves the bundle's check to `verify()`, which a worker
    runs once the form is shown: until it has passed, every score waits for it, and a bundle
    that fails it scores nothing (each score raises the check's `BundleError`)."""

    def __init__(self, bundle: Bundle, threads: int = 0, *, check: bool = True) -> None:
        self.bundle = bundle
        self.lanes = threads if threads > 0 else (os.cpu_count() or 1)
        try:
            self.session = ort.InferenceSession(
                str(bundle.onnx_path), session_options(), providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # ORT's own error types: a broken or hostile file
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise BundleError(
                "onnx_not_loading",
                file=bundle.onnx_path.name,
                folder=bundle.path,
                error=first[:200],
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
        self._probability_graph = _ProbabilityGraph(self)  # shared by `with_signature` copies
        self._baseline: np.ndarray | None = None
        self._signature: Signature | None = None  # a policy's wider value table (`with_signature`)
        self.warnings = list(bundle.warnings)
        self._check = BundleCheck()
        if check:
            self.verify()

    def verify(self) -> OutputCheck:
        """Run the bundle's check (once; later calls answer or raise what it found)."""
        with self._check.running:
            if not self._check.done:
                self._run_check()
        return self._check.wait()

    def _run_check(self) -> None:
        try:
            checked = check_outputs(self)  # before anything else reads its sample
            if CONTRIBUTIONS not in self._outputs:
                reference = self.bundle.reference()
                if reference is not None:
                    self._baseline = reference_baseline(self.bundle.signature, reference)
                else:
                    self.warnings.append(
                        "This model has neither a contributions output nor a reference "
                        "sample: its decisions come without reasons."
                    )
        except BundleError as exc:
            self._check.settle(None, exc)
            raise
        except BaseException as exc:  # anything else unexpected: still no score from it
            self._check.settle(None, BundleError("check_failed", error=str(exc)[:200]))
            raise
        self._check.settle(checked)

    @property
    def checked(self) -> OutputCheck:
        """What the bundle's check scored (waits for a check still running)."""
        return self._check.wait()

    @property
    def verified(self) -> bool:
        """The check has run and passed."""
        if not self._check.done:
            return False
        try:
            self._check.wait()
        except BundleError:
            return False
        return True

    @classmethod
    def from_path(
        cls, path: str, threads: int = 0, *, check: bool = True, mlmodel_cache: Path | None = None
    ) -> Scorer:
        """`mlmodel_cache`: see `bundle.read_mlmodel`."""
        return cls(load_bundle(path, mlmodel_cache=mlmodel_cache), threads, check=check)

    @property
    def signature(self) -> Signature:
        """The value table applicants are read with: the bundle's, or the one a lending policy
        widened so that its own rules decide those values (`policy.model.Policy.accepts`)."""
        return self._signature or self.bundle.signature

    def with_signature(self, signature: Signature) -> Scorer:
        """This scorer (same session and bundle) reading applicants with `signature`."""
        other = copy.copy(self)
        other._signature = signature
        return other

    @property
    def threshold(self) -> float:
        return self.bundle.threshold

    @property
    def has_contributions(self) -> bool:
        """The graph computes contributions that add up to the log-odds (our tree bundles)."""
        return CONTRIBUTIONS in self._outputs

    # -- shared path ------------------------------------------------------------------------
    def _run(
        self, matrix: np.ndarray, session: Any = None, outputs: list[str] | None = None
    ) -> list:
        return (session or self.session).run(
            outputs or self._outputs, {self._input: matrix.astype(self._dtype, copy=False)}
        )

    def _run_sliced(
        self, matrix: np.ndarray, session: Any = None, outputs: list[str] | None = None
    ) -> list:
        if self.lanes == 1 or len(matrix) < PARALLEL_MIN_ROWS:
            return self._run(matrix, session, outputs)
        first, *rest = np.array_split(matrix, self.lanes)
        pending = [_shared_pool().submit(self._run, part, session, outputs) for part in rest]
        parts = [self._run(first, session, outputs)] + [p.result() for p in pending]
        return [
            list(itertools.chain.from_iterable(p[i] for p in parts))
            if isinstance(parts[0][i], list)
            else np.concatenate([p[i] for p in parts])
            for i in range(len(parts[0]))
        ]

    def _probabilities(
        self, matrix: np.ndarray, *, checking: bool = False
    ) -> tuple[np.ndarray, np.ndarray | None]:
        if not checking:  # every score goes through here: none before the check has passed
            self._check.wait()
        out = self._run_sliced(matrix)
        probs = out[0]
        if isinstance(probs, list):  # CatBoost's default export ends in ZipMap: [{0: p0, 1: p1}]
            probs = np.array([row[1] for row in probs], dtype=np.float64)
        elif probs.ndim == 2:
            probs = probs[:, -1]
        contributions = out[1] if len(out) > 1 else None
        return np.asarray(probs, dtype=np.float64), contributions

    def probabilities(self, matrix: np.ndarray, graph: bool = True) -> np.ndarray:
        """Encoded inputs [N, F] -> P(default) only, without contributions (a replay, the
        challenger's shadow scores, the counterfactual grid, the reference population).

        A dense bundle's rows go through its probability graph (`onnx_graphs.probability_
        graph`: no contributions, ~3x faster), compiled from the bundle's own graph on the
        first such call, on the caller's thread (never at load: the window's start does not
        pay it; ~0.3-0.6 s once), and checked against it; any other bundle's, or with
        `graph=False` (work too small to repay the compile), through its own graph."""
        self._check.wait()  # as every score: none before the bundle's check has passed
        session = self._probability_graph.session() if graph else None
        if session is None:
            return self._probabilities(matrix)[0]
        probs = self._run_sliced(matrix, session, [PROBABILITIES])[0]
        return np.asarray(probs[:, -1], dtype=np.float64)

    def predict(self, matrix: np.ndarray) -> Prediction:
        """Encoded inputs [N, F] -> P(default) and per-field contributions."""
        probs, contributions = self._probabilities(matrix)
        if contributions is None and self._baseline is not None and len(matrix):
            contributions = occlusion_contributions(
                lambda m: self._probabilities(m)[0], matrix, self._baseline
            )
        return Prediction(probs, contributions)

    def probability_of(self, prediction: Prediction) -> float:
        """The one applicant's P(default); `ModelOutputError` when the graph answered
        something else (NaN, infinity, 5.0, -1.0): no decision is made on it."""
        probability = float(prediction.probabilities[0])
        if not is_probability(prediction.probabilities[:1])[0]:
            raise ModelOutputError(probability)
        return probability

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
    def score_many(
        self, applicants: list[dict[str, Any]], decimal: str = ".", lang: str = "en"
    ) -> list[ScoreResult | ApplicantError | ModelOutputError]:
        """`score` of a few applicants at once, one outcome per applicant in order: its
        `ScoreResult`, or the `ApplicantError` / `ModelOutputError` that `score` would raise.

        The valid rows go through the graph in runs of at most `SAME_AS_ONE_ROWS`, where
        ONNX Runtime's kernels give each row the very floats it gets alone: an applicant's
        score does not depend on who was scored beside it (concurrent API requests)."""
        start = time.perf_counter()
        out: list[ScoreResult | ApplicantError | ModelOutputError | None] = [None] * len(applicants)
        cleans, rows, where = [], [], []
        for i, values in enumerate(applicants):
            try:
                clean = self.signature.validate(values, decimal, lang)
            except ApplicantError as exc:
                out[i] = exc
                continue
            cleans.append(clean)
            rows.append(self.signature.encode_row(clean))
            where.append(i)
        for at in range(0, len(where), SAME_AS_ONE_ROWS):
            part = slice(at, at + SAME_AS_ONE_ROWS)
            matrix = np.concatenate(rows[part])
            prediction = self.predict(matrix)
            usable = is_probability(prediction.probabilities).tolist()
            reasons = self.explain(matrix, prediction, lang)
            decisions = self.decide(prediction.probabilities).tolist()
            latency_ms = (time.perf_counter() - start) * 1000.0
            for j, probability in enumerate(prediction.probabilities.tolist()):
                i = where[at + j]
                out[i] = (
                    ScoreResult(
                        inputs=cleans[at + j],
                        probability=probability,
                        threshold=self.threshold,
                        decision=Outcome(decisions[j]),
                        reasons=reasons[j],
                        latency_ms=latency_ms,
                    )
                    if usable[j]
                    else ModelOutputError(probability)
                )
        return out  # type: ignore[return-value]

    def score(self, values: dict[str, Any], decimal: str = ".", lang: str = "en") -> ScoreResult:
        """Validate and score one applicant; raise `ApplicantError` listing every bad field."""
        start = time.perf_counter()
        clean = self.signature.validate(values, decimal, lang)
        row = self.signature.encode_row(clean)
        prediction = self.predict(row)
        probability = self.probability_of(prediction)
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
        validates the next and explains the one before). A row whose output is not a
        probability is no decision: it joins the errors (rule `MODEL_OUTPUT`)."""
        usable = is_probability(prediction.probabilities)
        if not usable.all():
            checked, prediction = _refuse_outputs(checked, prediction, usable, lang)
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


class _ProbabilityGraph:
    """A scorer's probability graph: compiled from its bundle's dense graph on first need,
    then shared by every thread and copy of the scorer. None when the bundle's graph is not a
    dense one, or when the compiled graph does not give the bundle's graph's probabilities
    within `onnx_graphs.PARITY_TOLERANCE` (then the bundle's own graph keeps serving)."""

    CHECK_ROWS = 2048  # rows spanning every border (and NaN) scored by both graphs

    def __init__(self, scorer: Scorer) -> None:
        self._scorer = scorer
        self._lock = threading.Lock()
        self._compiled = False
        self._session: ort.InferenceSession | None = None
        self.compile_seconds: float | None = None

    def session(self) -> ort.InferenceSession | None:
        with self._lock:
            if not self._compiled:
                began = time.perf_counter()
                self._session = self._compile()
                self.compile_seconds = time.perf_counter() - began
                self._compiled = True
            return self._session

    def _compile(self) -> ort.InferenceSession | None:
        scorer = self._scorer
        meta = scorer.session.get_modelmeta().custom_metadata_map
        if meta.get("pad_desktop.graph") != "dense":  # onnx_graphs.GRAPH_KEY (not imported yet)
            return None
        import logging

        import onnx  # heavy imports: only on this first need

        from pad_desktop.model import onnx_graphs

        try:
            dense = onnx.load(str(scorer.bundle.onnx_path))
            forest = onnx_graphs.forest_from_graph(dense)
            proto = onnx_graphs.probability_graph_of(dense, forest)
            session = ort.InferenceSession(
                proto.SerializeToString(), session_options(), providers=["CPUExecutionProvider"]
            )
            rows = onnx_graphs.random_rows(forest, self.CHECK_ROWS, np.random.default_rng(0))
            for part in (slice(None), slice(0, onnx_graphs.WALK_MAX_ROWS)):  # both branches
                feed = {scorer._input: rows[part]}
                ours = session.run([PROBABILITIES], feed)[0]
                theirs = scorer.session.run([PROBABILITIES], feed)[0]
                gap = float(np.abs(ours - theirs).max())
                if not gap <= onnx_graphs.PARITY_TOLERANCE:
                    raise onnx_graphs.ParityError(f"max |dp| {gap:.3g}")
        except Exception:  # never worse than before: the bundle's own graph serves
            logging.getLogger(__name__).exception(
                "no probability graph for %s; its own graph scores", scorer.bundle.path
            )
            return None
        return session


def _refuse_outputs(
    checked: FrameValidation, prediction: Prediction, usable: np.ndarray, lang: str
) -> tuple[FrameValidation, Prediction]:
    """The frame without the rows whose output is not a probability, which become errors."""
    import pandas as pd

    from pad_desktop.cells.messages import bundle_message
    from pad_desktop.texts.locale_text import format_number

    positions = np.flatnonzero(checked.valid)[~usable]
    outputs = [format_number(float(p), lang) for p in prediction.probabilities[~usable]]
    refused = pd.DataFrame(
        {
            "index": positions.astype(np.int64),
            "field": "",
            "value": outputs,
            "rule": MODEL_OUTPUT,
            "message": [bundle_message("row_output", lang, value=text) for text in outputs],
        }
    )
    errors = (
        pd.concat([checked.errors, refused], ignore_index=True)
        .sort_values("index", kind="stable")
        .reset_index(drop=True)
    )
    valid = checked.valid.copy()
    valid[positions] = False
    contributions = prediction.contributions
    return (
        FrameValidation(checked.matrix[usable], valid, errors),
        Prediction(
            prediction.probabilities[usable],
            None if contributions is None else contributions[usable],
        ),
    )


# -- the bundle's own check, when it is loaded --------------------------------------------------
def check_outputs(scorer: Scorer) -> OutputCheck:
    """Score the bundle's reference sample (else its example applicant) and raise `BundleError`
    unless every output is a probability and, when the sample carries them, equal to its
    expected scores. Every load runs it, wherever the bundle comes from (shipped, `--model`,
    `PAD_MODEL`, Preferences, the model store, the Hub), before the model serves anyone.

    The sample is read with the csv module and the value table cell by cell, not with pandas,
    whose import would cost the window's start more than the whole check (tens of ms)."""
    bundle = scorer.bundle
    header, rows = _reference_rows(bundle)
    sample = "sample_reference"
    if not rows:
        if not scorer.signature.example:
            return OutputCheck(0, "", None)
        header, rows, sample = [], [dict(scorer.signature.example)], "sample_example"
    file = bundle.reference_path.name if sample == "sample_reference" else ""
    matrix = _sample_matrix(scorer.signature, rows, file)
    probabilities = scorer._probabilities(matrix, checking=True)[0]
    usable = is_probability(probabilities)
    if not usable.all():
        row = int(np.argmin(usable))
        raise BundleError(
            "not_probabilities", value=float(probabilities[row]), row=row + 1, sample=sample
        )
    if EXPECTED_COLUMN not in header:
        return OutputCheck(len(rows), sample, None)
    gap = _expected_gap(rows, probabilities, bundle.reference_path.name)
    return OutputCheck(len(rows), sample, gap)


def _reference_rows(bundle: Bundle) -> tuple[list[str], list[dict[str, Any]]]:
    """The header and the first `REFERENCE_ROWS_CHECKED` rows of the reference sample (texts),
    or nothing when the bundle ships none."""
    path = bundle.reference_path
    if not path.is_file():
        return [], []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:  # a BOM is no column name
            reader = csv.DictReader(handle)
            rows = list(itertools.islice(reader, REFERENCE_ROWS_CHECKED))
            return list(reader.fieldnames or []), rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        error = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise BundleError("reference_unreadable", file=path.name, error=error) from None


@dataclass(frozen=True)
class _CellProblem:
    """A cell of the sample that breaks the value table, worded in the reader's language."""

    spec: FieldSpec
    rule: Rule
    value: str

    def text(self, lang: str = "en") -> str:
        return field_message(self.spec, self.rule, self.value, lang)


def _sample_matrix(signature: Signature, rows: list[dict[str, Any]], file: str) -> np.ndarray:
    """The sample's rows read with the value table (as an officer's would be) and encoded;
    `file`: the reference sample's name ("": the rows are MLmodel's example applicant)."""
    matrix = np.empty((len(rows), len(signature.fields)), dtype=np.float32)
    problems: dict[int, _CellProblem] = {}  # the first broken cell of each bad row
    for j, spec in enumerate(signature.fields):
        readings: dict[tuple[str, str], tuple[float, _CellProblem | None]] = {}  # few texts
        for i, row in enumerate(rows):
            cell = row.get(spec.name)
            key = (type(cell).__name__, str(cell))
            if key not in readings:
                readings[key] = _read_sample_cell(spec, cell)
            matrix[i, j], problem = readings[key]
            if problem is not None:
                problems.setdefault(i, problem)
    if problems and not file:
        raise BundleError("example_invalid", message=problems[0])
    if problems:
        row = min(problems)
        raise BundleError(
            "reference_invalid", file=file, count=len(problems), row=row + 1, message=problems[row]
        )
    return matrix


def _read_sample_cell(spec: FieldSpec, cell: Any) -> tuple[float, _CellProblem | None]:
    """One cell of the sample as the model takes it, or the rule it breaks."""
    from pad_desktop.cells.values import encode, read_cell

    verdict = read_cell(spec, cell)
    if verdict.rule is not None:
        return np.nan, _CellProblem(spec, verdict.rule, verdict.text)
    return encode(spec, verdict.value), None


def _expected_gap(rows: list[dict[str, Any]], probabilities: np.ndarray, file: str) -> float:
    """The largest gap between the scores and the sample's expected ones; `BundleError` when
    one is not a number or is further than `EXPECTED_TOLERANCE`."""
    expected = np.empty(len(rows), dtype=np.float64)
    for i, row in enumerate(rows):
        text = (row.get(EXPECTED_COLUMN) or "").strip()
        try:
            expected[i] = float(text)
        except ValueError:
            expected[i] = np.nan
        if not np.isfinite(expected[i]):
            raise BundleError("expected_not_number", file=file, row=i + 1, value=text[:40])
    gaps = np.abs(probabilities - expected)
    worst = int(np.argmax(gaps))
    if gaps[worst] > EXPECTED_TOLERANCE:
        raise BundleError(
            "not_reproduced",
            file=file,
            row=worst + 1,
            score=_six(probabilities[worst]),
            expected=_six(expected[worst]),
            tolerance=EXPECTED_TOLERANCE,
        )
    return float(gaps[worst])


@dataclass(frozen=True)
class _Six:
    """A score written with six decimals in the reader's language."""

    value: float

    def text(self, lang: str = "en") -> str:
        from pad_desktop.texts.locale_text import format_number

        return format_number(self.value, lang, 6)


def _six(value: float) -> _Six:
    return _Six(float(value))
