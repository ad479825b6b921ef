"""From scoring results to decision-log records: one applicant, or a scored batch chunk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from pad_desktop.batch import ChunkResult
from pad_desktop.records import DecisionBatch, DecisionRecord, Source
from pad_desktop.scoring import FrameScores, Scorer, ScoreResult


def decision_record(
    result: ScoreResult, scorer: Scorer, source: Source, officer: str, workstation: str
) -> DecisionRecord:
    """The decision record of one scored applicant (form or API)."""
    return DecisionRecord(
        officer=officer,
        workstation=workstation,
        source=source,
        model_id=scorer.bundle.id,
        model_sha256=scorer.bundle.sha256,
        inputs=result.inputs,
        score=result.probability,
        threshold=result.threshold,
        decision=result.decision,
        reasons=result.reasons,
        latency_ms=result.latency_ms,
    )


def frame_batch(
    inputs: pd.DataFrame,
    scores: FrameScores | ChunkResult,
    scorer: Scorer,
    source: Source,
    officer: str,
    workstation: str,
    latency_ms: float,
    **extra: Any,
) -> DecisionBatch:
    """The decision records of scored rows (a frame's valid rows or a CSV chunk's), columnar."""
    return DecisionBatch(
        officer=officer,
        workstation=workstation,
        source=source,
        model_id=scorer.bundle.id,
        model_sha256=scorer.bundle.sha256,
        threshold=scorer.threshold,
        inputs=inputs,
        scores=scores.probabilities,
        decisions=scores.decisions,
        reasons=scores.reasons,
        latency_ms=latency_ms,
        **extra,
    )


def decision_batch(
    chunk: ChunkResult,
    scorer: Scorer,
    officer: str,
    workstation: str,
    source: Source = Source.BATCH,
) -> DecisionBatch:
    """The decision records of a CSV chunk's scored rows, with their row numbers and batch id."""
    inputs = chunk.inputs
    if chunk.ids is not None and chunk.id_column:  # the file's applicant id, for history search
        inputs = inputs.assign(**{chunk.id_column: chunk.ids})
    return frame_batch(
        inputs, chunk, scorer, source, officer, workstation, chunk.latency_ms,
        row_numbers=chunk.rows, batch_id=chunk.batch_id,
    )  # fmt: skip


def log_sink(
    log,
    scorer: Scorer,
    source: Source = Source.BATCH,
    officer: str | None = None,
    workstation: str | None = None,
) -> Callable[[ChunkResult], None]:
    """A `score_csv` sink that records every scored row before the chunk is written out."""
    from pad_desktop.settings import get_settings

    settings = get_settings()
    who = officer or settings.officer
    where = workstation or settings.workstation

    def sink(chunk: ChunkResult) -> None:
        if len(chunk.rows):
            log.record_batch(decision_batch(chunk, scorer, who, where, source))

    return sink
