"""`POST /individual_score` and `POST /multiple_score`, as plain ASGI endpoints.

They sit on the hot path (the targets are sub-millisecond), so they skip FastAPI's request
machinery: the body is parsed once (pydantic-core's JSON parser), validated once (the signature's
pydantic model inside `Scorer.score`, or the vectorised frame checks of `Scorer.score_frame`) and
the answer is serialised once. `schemas.add_scoring_paths` documents them in the OpenAPI schema.
Field errors, reasons and error sentences are in French when `Accept-Language` prefers it.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from pydantic_core import from_json, to_json
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State
from starlette.types import Receive, Scope, Send

from pad_desktop.api.asgi import read_body, send_json
from pad_desktop.api.errors import request_language
from pad_desktop.api.service import ApiService
from pad_desktop.cells.messages import api_message, case_ref_message
from pad_desktop.cells.values import CaseRefError, cells_frame, read_case_ref
from pad_desktop.decisions import RecordRefused, WriterClosed
from pad_desktop.decisions.records import Outcome, Source
from pad_desktop.model.bundle import BundleError
from pad_desktop.model.scoring import MODEL_OUTPUT
from pad_desktop.model.signature import ApplicantError, FieldError
from pad_desktop.policy import PolicyError
from pad_desktop.service.decision_service import LogClosed
from pad_desktop.texts import describe, text

log = logging.getLogger(__name__)

NOT_RECORDED = api_message("not_recorded")
CASE_KEY = "applicant_id"  # optional in a body: the case reference the decision is recorded with


class Invalid(Exception):
    """A request body that cannot be scored; `problems` are FastAPI-shaped 422 entries."""

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__(problems)
        self.problems = problems


def parse_json(body: bytes, lang: str = "en") -> Any:
    try:
        return from_json(body)
    except ValueError as exc:
        message = api_message("json_invalid", lang, error=exc)
        raise Invalid([{"loc": ["body"], "msg": message, "type": "json_invalid"}]) from None


def field_problems(errors: list[FieldError], row: int | None = None) -> list[dict[str, Any]]:
    where = ["body"] if row is None else ["body", row]
    return [
        {"loc": [*where, e.field], "msg": e.message, "type": str(e.rule), "input": e.value}
        for e in errors
    ]


def body_case_ref(values: dict[str, Any], lang: str = "en") -> str | None:
    try:
        return read_case_ref(values.get(CASE_KEY))
    except CaseRefError as exc:
        problem = {
            "loc": ["body", CASE_KEY],
            "type": "string_type",
            "msg": case_ref_message(exc.rule, lang),
        }
        raise Invalid([problem]) from None


def score_payload(
    probability: float,
    outcome: Outcome,
    threshold: float,
    reasons: list[str],
    decision_id: str,
    policy: dict[str, Any] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    payload = {
        "score": probability,
        "prediction": outcome.prediction,
        "threshold": threshold,
        "decision": outcome.label_fr,
        "reasons": reasons,
        "decision_id": decision_id,
    }
    if policy:  # beside the original fields: the lending policy's part of the decision
        payload["policy"] = policy_payload(policy, lang)
        stop = policy.get("stop")
        if stop:  # the stop switch referred the case: no automated decision was made
            payload["referred"] = True
            payload["stopped"] = {
                "by": stop.get("by"),
                "reason": stop.get("reason"),
                "event_id": stop.get("event"),
                "message": text("oversight.referred_stop", lang),
            }
    return payload


def policy_payload(policy: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """The policy's verdict as the API answers it: which policy, its effect ("refuse",
    "refer" or null), and each rule fired with its outcome and reason in `lang`."""
    from pad_desktop.policy.reasons import fired_rules

    french = str(lang).lower().startswith("fr")
    return {
        "id": policy.get("id"),
        "version": policy.get("version"),
        "sha256": policy.get("sha256"),
        "effect": policy.get("effect"),
        "rules": [
            {"id": f.get("rule"), "outcome": f.get("outcome"),
             "reason": (f.get("reason") or {}).get("fr" if french else "en")}
            for f in fired_rules(policy)
        ],
    }  # fmt: skip


class _Endpoint:
    """Shared plumbing: read, answer 422 on `Invalid`, 503 when the decision was not recorded."""

    def __init__(self, state: State) -> None:
        self._state = state  # the app's state: its `service` exists once the lifespan started

    @property
    def service(self) -> ApiService:
        return self._state.service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = await read_body(receive)
        lang = request_language(scope)
        try:
            status, payload = await self.handle(body, lang)
        except Invalid as exc:
            status, payload = 422, {"detail": exc.problems}
        except (WriterClosed, LogClosed):
            status, payload = 503, {"detail": api_message("not_recorded", lang)}
        except BundleError as exc:  # the model's fault, not the log's: nothing was decided
            status, payload = 503, model_unusable(exc, lang)
        except PolicyError as exc:  # PAD_POLICY names a policy that cannot be used
            status, payload = 503, {"detail": exc.one_line(lang)}
        except RecordRefused as exc:  # the database would refuse it: never acknowledged
            problem = {"loc": ["body"], "msg": describe(exc, lang), "type": "record_refused"}
            status, payload = 422, {"detail": [problem]}
        except _NotRecorded as exc:
            detail = api_message("not_recorded", lang)
            status, payload = 503, {"detail": detail, "error_id": exc.error_id}
        await send_json(send, status, payload)

    async def handle(self, body: bytes, lang: str) -> tuple[int, Any]:
        raise NotImplementedError

    @staticmethod
    async def recorded(pending: Any) -> Any:
        """Await a decision's recording; a log failure becomes a 503 with an error id."""
        try:
            return await pending
        except (
            WriterClosed, LogClosed, Invalid, ApplicantError, RecordRefused, BundleError,
            PolicyError,
        ):  # fmt: skip
            raise
        except Exception as exc:  # the log already wrote the traceback to the server log
            error_id = uuid.uuid4().hex[:12]
            log.error("error %s: decision not recorded: %s", error_id, exc)
            raise _NotRecorded(error_id) from exc


def model_unusable(exc: BundleError, lang: str = "en") -> dict[str, Any]:
    """The 503 body of a request the model could not decide (its output, its bundle)."""
    return {"detail": api_message("model_unusable", lang, error=describe(exc, lang))}


class RowOutputError(BundleError):
    """Applicant `index` of a list got no probability from the model (see `MODEL_OUTPUT`)."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index

    def text(self, lang: str = "en") -> str:
        return api_message("applicant_output", lang, index=self.index, message=str(self))


class _NotRecorded(Exception):
    def __init__(self, error_id: str) -> None:
        super().__init__(error_id)
        self.error_id = error_id


class IndividualScore(_Endpoint):
    async def handle(self, body: bytes, lang: str) -> tuple[int, Any]:
        values = parse_json(body, lang)
        if not isinstance(values, dict):
            message = api_message("body_not_object", lang)
            raise Invalid([{"loc": ["body"], "msg": message, "type": "dict_type"}])
        decisions = self.service.decisions
        scorer = decisions.scorer  # this request's model, whatever swaps meanwhile
        try:
            decision = await self.recorded(
                decisions.decide_async(
                    values,
                    case_ref=body_case_ref(values, lang),
                    source=Source.API,
                    scorer=scorer,
                    lang=lang,
                )
            )
        except ApplicantError as exc:
            raise Invalid(field_problems(exc.errors)) from None
        r = decision.record
        return 200, score_payload(
            r.score, r.decision, r.threshold, r.reasons, str(r.id), r.policy, lang
        )


class MultipleScore(_Endpoint):
    """A list of applicants: parsing, validation, scoring and serialisation are milliseconds
    per thousand rows, so they run on a worker thread, never on the event loop."""

    async def handle(self, body: bytes, lang: str) -> tuple[int, Any]:
        decisions = self.service.decisions
        scorer = decisions.scorer
        decided = await run_in_threadpool(_decide_body, decisions, scorer, body, lang)
        if decided is None:
            return 200, []
        await self.recorded(decisions.record_batch_async(decided))  # durable before the answer
        return 200, await run_in_threadpool(_answers, decided, scorer.threshold, lang)


def _decide_body(decisions: Any, scorer: Any, body: bytes, lang: str = "en") -> Any:
    rows = parse_json(body, lang)
    if not isinstance(rows, list):
        raise Invalid(
            [{"loc": ["body"], "msg": api_message("body_not_list", lang), "type": "list_type"}]
        )
    if not rows:
        return None
    not_objects = [
        {
            "loc": ["body", i],
            "msg": api_message("row_not_object", lang, index=i),
            "type": "dict_type",
        }
        for i, row in enumerate(rows)
        if not isinstance(row, dict)
    ]
    if not_objects:
        raise Invalid(not_objects)
    case_refs = [body_case_ref(row, lang) for row in rows]
    return _decide_rows(decisions, scorer, rows, case_refs, lang)


def _answers(decided: Any, threshold: float, lang: str = "en") -> bytes:
    """The answer body of recorded rows, serialised (the original service's shape per row,
    the policy's verdict beside it)."""
    import json

    batch = decided.batch
    policies = (
        [None] * len(batch) if batch.policy is None else [json.loads(p) for p in batch.policy]
    )
    columns = (batch.scores.tolist(), batch.decisions, batch.reasons, batch.ids.tolist(), policies)
    return to_json(
        [
            score_payload(p, Outcome(d), threshold, r, i, po, lang)
            for p, d, r, i, po in zip(*columns, strict=True)
        ]
    )


def _decide_rows(
    decisions: Any, scorer: Any, rows: list[dict[str, Any]], case_refs: list, lang: str = "en"
) -> Any:
    """Read every row with the value table; raise `Invalid` naming every bad cell."""
    policy = decisions.policy(scorer)
    extra = [] if policy is None else policy.input_names
    frame = cells_frame(rows, [*scorer.signature.names, *extra])
    decided = decisions.decide_frame(
        frame, source=Source.API, case_refs=case_refs, scorer=scorer, record=False, lang=lang
    )
    if not decided.valid.all():
        refused = decided.errors[decided.errors["rule"] == MODEL_OUTPUT]
        if len(refused):  # the model's fault: no 422 blaming the client's body
            first = refused.iloc[0]
            raise RowOutputError(int(first["index"]), str(first["message"]))
        raise Invalid(
            [
                {
                    "loc": ["body", int(e.index), e.field],
                    "msg": e.message,
                    "type": e.rule,
                    "input": e.value,
                }
                for e in decided.errors.itertuples(index=False)
            ]
        )
    return decided
