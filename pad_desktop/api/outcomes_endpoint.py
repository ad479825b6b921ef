"""`POST /outcomes`: record observed loan outcomes sent as a JSON list (admin key).

Each item: `case_ref` or `decision_id`, `defaulted` (1/0, true/false, "oui"/"non"...),
`observed_on` ("2026-12-31" or "31/12/2026"), optionally `loan_start`. A body not shaped so is
a 422 (FastAPI's problem list); an item shaped right but not recordable (a date that is none,
a case without a decision) is reported in the answer by its position (from 1) and reason, in
English and French. The same list sent again records nothing.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request, Security
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import from_json
from starlette.concurrency import run_in_threadpool

from pad_desktop.api import schemas
from pad_desktop.api.errors import request_language
from pad_desktop.api.routes import _admin_key, _require_admin, _service
from pad_desktop.monitoring.outcomes import MAX_API_LINES

router = APIRouter()
Text = Annotated[str, Field(max_length=200)]


class OutcomeItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    case_ref: Text | int | None = None
    decision_id: Text | None = None
    defaulted: bool | int | Text
    observed_on: Text
    loan_start: Text | None = None


Items = Annotated[list[OutcomeItem], Field(max_length=MAX_API_LINES)]
_ITEMS = TypeAdapter(Items)


def _body_schema() -> dict[str, Any]:
    """The list's JSON schema with its item inline (OpenAPI resolves no `$defs` of its own)."""
    schema = _ITEMS.json_schema()
    defs = schema.pop("$defs", {})
    schema["items"] = defs["OutcomeItem"]
    return schema


class LineReport(BaseModel):
    line: int
    reason: str
    message: str
    message_fr: str


class OutcomesReport(BaseModel):
    recorded: int
    already: int
    unmatched: list[LineReport]
    conflicts: list[LineReport]
    invalid: list[LineReport]
    summary: str


def _items(raw: bytes) -> list[OutcomeItem]:
    """The body read as FastAPI reads one (its 422 shape on a problem)."""
    try:
        value = from_json(raw)
    except ValueError as exc:
        problem = {"type": "json_invalid", "loc": ("body",), "msg": "JSON decode error"}
        problem |= {"input": {}, "ctx": {"error": str(exc)}}
        raise RequestValidationError([problem]) from None
    try:
        return _ITEMS.validate_python(value)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


@router.post(
    "/outcomes",
    tags=["monitoring"],
    response_model=OutcomesReport,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _body_schema()}},
        }
    },
    responses={
        401: {"model": schemas.Failure, "description": "Missing X-Admin-Key header"},
        403: {"model": schemas.Failure, "description": "Wrong X-Admin-Key, or no PAD_ADMIN_KEY"},
        422: {"model": schemas.ValidationProblems, "description": "Not a list of outcomes"},
    },
)
async def post_outcomes(
    request: Request, admin_key: str | None = Security(_admin_key)
) -> dict[str, Any]:
    """Record a list of observed outcomes, each matched to the decision it judges."""
    from pad_desktop.monitoring import outcomes

    service = _service(request)
    _require_admin(request, service.config.admin_key, admin_key)  # the key before the body
    items = _items(await request.body())
    lines = outcomes.read_items([item.model_dump() for item in items])
    identity = service.decisions.identity
    report = await run_in_threadpool(outcomes.import_lines, service.log, lines, identity, "api")
    return {**report.as_json(), "summary": report.summary(request_language(request.scope))}
