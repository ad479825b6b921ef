"""`POST /individual_score` and `POST /multiple_score`, as plain ASGI endpoints.

They sit on the hot path (the targets are sub-millisecond), so they skip FastAPI's request
machinery: the body is parsed once (pydantic-core's JSON parser), validated once (the signature's
pydantic model inside `Scorer.score`, or the vectorised frame checks of `Scorer.score_frame`) and
the answer is serialised once. `schemas.add_scoring_paths` documents them in the OpenAPI schema.
"""

from __future__ import annotations

import logging
import math
import time
import uuid
from typing import Any

import numpy as np
import pandas as pd
from pydantic_core import from_json
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State
from starlette.types import Receive, Scope, Send

from pad_desktop.api.asgi import read_body, send_json
from pad_desktop.api.decision_writer import WriterClosed
from pad_desktop.api.service import ApiService
from pad_desktop.recording import frame_batch
from pad_desktop.records import Outcome, Source
from pad_desktop.scoring import FrameScores, Scorer
from pad_desktop.signature import ApplicantError, FieldError

log = logging.getLogger(__name__)

NOT_RECORDED = "The decision could not be recorded, so none was made. Try again later."


class Invalid(Exception):
    """A request body that cannot be scored; `problems` are FastAPI-shaped 422 entries."""

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__(problems)
        self.problems = problems


def parse_json(body: bytes) -> Any:
    try:
        return from_json(body)
    except ValueError as exc:
        raise Invalid(
            [{"loc": ["body"], "msg": f"The body is not valid JSON: {exc}", "type": "json_invalid"}]
        ) from None


def field_problems(errors: list[FieldError], row: int | None = None) -> list[dict[str, Any]]:
    where = ["body"] if row is None else ["body", row]
    return [
        {"loc": [*where, e.field], "msg": e.message, "type": str(e.rule), "input": e.value}
        for e in errors
    ]


def score_payload(probability: float, outcome: Outcome, threshold: float, reasons: list[str],
                  decision_id: str) -> dict[str, Any]:  # fmt: skip
    return {
        "score": probability,
        "prediction": outcome.prediction,
        "threshold": threshold,
        "decision": outcome.label_fr,
        "reasons": reasons,
        "decision_id": decision_id,
    }


class _Endpoint:
    """Shared plumbing: read, answer 422 on `Invalid`, 503 when the decision was not recorded."""

    def __init__(self, state: State) -> None:
        self._state = state  # the app's state: its `service` exists once the lifespan started

    @property
    def service(self) -> ApiService:
        return self._state.service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = await read_body(receive)
        try:
            status, payload = await self.handle(body)
        except Invalid as exc:
            status, payload = 422, {"detail": exc.problems}
        except WriterClosed:
            status, payload = 503, {"detail": NOT_RECORDED}
        except _NotRecorded as exc:
            status, payload = 503, {"detail": NOT_RECORDED, "error_id": exc.error_id}
        await send_json(send, status, payload)

    async def handle(self, body: bytes) -> tuple[int, Any]:
        raise NotImplementedError

    async def record(self, item: Any, durable: bool | None = None) -> None:
        try:
            await self.service.writer.write(item, durable)
        except WriterClosed:
            raise
        except Exception as exc:  # the log already wrote the traceback to the server log
            error_id = uuid.uuid4().hex[:12]
            log.error("error %s: decision not recorded: %s", error_id, exc)
            raise _NotRecorded(error_id) from exc


class _NotRecorded(Exception):
    def __init__(self, error_id: str) -> None:
        super().__init__(error_id)
        self.error_id = error_id


class IndividualScore(_Endpoint):
    async def handle(self, body: bytes) -> tuple[int, Any]:
        values = parse_json(body)
        if not isinstance(values, dict):
            raise Invalid([{"loc": ["body"], "msg": "The body must be a JSON object of the "
                            "applicant's fields.", "type": "dict_type"}])  # fmt: skip
        scorer = self.service.scorer  # this request's model, whatever swaps meanwhile
        try:
            result = scorer.score(values)
        except ApplicantError as exc:
            raise Invalid(field_problems(exc.errors)) from None
        record = self.service.decision_record(scorer, result)
        await self.record(record)  # durable before the answer
        return 200, score_payload(result.probability, result.decision, result.threshold,
                                  result.reasons, str(record.id))  # fmt: skip


class MultipleScore(_Endpoint):
    async def handle(self, body: bytes) -> tuple[int, Any]:
        rows = parse_json(body)
        if not isinstance(rows, list):
            raise Invalid([{"loc": ["body"], "msg": "The body must be a JSON list of applicants.",
                            "type": "list_type"}])  # fmt: skip
        if not rows:
            return 200, []
        scorer = self.service.scorer
        start = time.perf_counter()
        # Pandas and ONNX Runtime work for milliseconds here: off the event loop.
        inputs, scores = await run_in_threadpool(score_rows, scorer, rows)
        service = self.service
        per_row_ms = (time.perf_counter() - start) * 1000.0 / len(rows)
        batch = frame_batch(inputs, scores, scorer, Source.API, service.officer,
                            service.workstation, per_row_ms)  # fmt: skip
        await self.record(batch, durable=True)  # a batch is always acknowledged when answered
        columns = (scores.probabilities.tolist(), scores.decisions, scores.reasons,
                   batch.ids.tolist())  # fmt: skip
        return 200, [
            score_payload(p, Outcome(d), scorer.threshold, r, i)
            for p, d, r, i in zip(*columns, strict=True)
        ]


def score_rows(scorer: Scorer, rows: list[Any]) -> tuple[pd.DataFrame, FrameScores]:
    """Score a list of JSON applicants in one pass; raise `Invalid` naming every bad row."""
    not_objects = [
        {"loc": ["body", i], "msg": f"Applicant {i} is not a JSON object.", "type": "dict_type"}
        for i, row in enumerate(rows) if not isinstance(row, dict)
    ]  # fmt: skip
    if not_objects:
        raise Invalid(not_objects)
    names = scorer.signature.names
    frame = pd.DataFrame.from_records(rows, columns=names)
    try:
        scores = scorer.score_frame(frame)
    except (TypeError, ValueError, OverflowError):
        # Values the vectorised checks cannot even compare (nested JSON, huge integers):
        # validate applicant by applicant, then score the cleaned values.
        frame = pd.DataFrame.from_records(_validate_each(scorer, rows), columns=names)
        scores = scorer.score_frame(frame)
    if not scores.valid.all():
        raise Invalid(_row_problems(scorer, rows, scores))
    return frame, scores


def _row_problems(scorer: Scorer, rows: list[Any], scores: FrameScores) -> list[dict[str, Any]]:
    """The bad rows' problems, re-checked one by one so that each names its rule as
    `/individual_score` would; the frame's own message stands where that check disagrees."""
    problems: list[dict[str, Any]] = []
    frame_errors = scores.errors.groupby("index")
    for i in np.flatnonzero(~scores.valid).tolist():
        try:
            scorer.signature.validate(rows[i])
        except ApplicantError as exc:
            problems.extend(field_problems(exc.errors, i))
            continue
        problems.extend(
            {"loc": ["body", i, e.field], "msg": e.message, "type": "invalid",
             "input": _plain(e.value)}
            for e in frame_errors.get_group(i).itertuples(index=False)
        )  # fmt: skip
    return problems


def _validate_each(scorer: Scorer, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    clean, problems = [], []
    for i, row in enumerate(rows):
        try:
            clean.append(scorer.signature.validate(row))
        except ApplicantError as exc:
            problems.extend(field_problems(exc.errors, i))
    if problems:
        raise Invalid(problems)
    return clean


def _plain(value: Any) -> Any:
    """A frame value as JSON can carry it back (numpy scalars unwrapped, NaN and inf as null)."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value if value is None or isinstance(value, str | bool | int | float) else str(value)
