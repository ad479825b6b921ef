"""`POST /explain`: the explanation of one applicant's decision, as `pad-desktop explain --json`.

The body is the same JSON object of applicant fields as `/individual_score`'s (an optional
`applicant_id` is checked as there, then ignored: nothing is recorded, an explanation is not a
decision), and invalid bodies get the same 422 shape. The counterfactual search can take a few
hundred milliseconds, so the work runs on a worker thread, never on the event loop.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from pad_desktop.api.errors import json_safe, request_language
from pad_desktop.api.scoring_endpoints import (
    Invalid,
    body_case_ref,
    field_problems,
    model_unusable,
    parse_json,
)
from pad_desktop.cells.messages import api_message
from pad_desktop.model.bundle import BundleError
from pad_desktop.model.signature import ApplicantError

router = APIRouter()

# the applicant schema `schemas.add_scoring_paths` documents from the model's signature
_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Applicant"}}},
    }
}
_PROBLEMS = {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationProblems"}}}


@router.post(
    "/explain",
    tags=["scoring"],
    openapi_extra=_BODY,
    responses={
        422: {
            "description": "The body is not an applicant (the shape of /individual_score's)",
            "content": _PROBLEMS,
        },
        503: {
            "description": "The model in use is unusable: it gave no probability",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Failure"}}},
        },
    },
)
async def explain(
    request: Request,
    lang: Literal["en", "fr"] | None = Query(
        None, description="language of the texts (default: the request's Accept-Language)"
    ),
) -> JSONResponse:
    """Base value, probability, decision and review band, every field's signed contribution in
    log-odds (keyed by field name), percentiles and good/bad distributions among the reference
    applicants, the five most similar reference applicants with their true outcome, and the
    smallest approving change (re-scored). Not recorded as a decision."""
    lang = lang or request_language(request.scope)  # as every endpoint words its answers
    unknown = sorted(set(request.query_params) - {"lang"})
    if unknown:  # a misspelt parameter must not pass silently for the default
        problems = [{"loc": ["query", name], "type": "extra_forbidden",
                     "msg": api_message("unknown_query", lang, name=name, known="lang")}
                    for name in unknown]  # fmt: skip
        return JSONResponse({"detail": json_safe(problems)}, status_code=422)
    body = await request.body()
    decisions = request.app.state.service.decisions
    scorer = decisions.scorer  # this request's model, whatever swaps meanwhile
    try:
        payload = await run_in_threadpool(_explain, decisions, scorer, body, lang)
    except Invalid as exc:
        return JSONResponse({"detail": json_safe(exc.problems)}, status_code=422)
    except BundleError as exc:  # the model answered no probability: nothing to explain
        return JSONResponse(model_unusable(exc, lang), status_code=503)
    return JSONResponse(json_safe(payload))


def _explain(decisions: Any, scorer: Any, body: bytes, lang: str) -> dict[str, Any]:
    values = parse_json(body, lang)
    if not isinstance(values, dict):
        raise Invalid([{"loc": ["body"], "msg": api_message("body_not_object", lang),
                        "type": "dict_type"}])  # fmt: skip
    body_case_ref(values, lang)  # not recorded, but held to the schema as the scoring endpoints do
    try:
        explanation = decisions.explain(values, lang, scorer=scorer)
    except ApplicantError as exc:
        raise Invalid(field_problems(exc.errors)) from None
    payload = explanation.to_json()
    payload["model_id"] = scorer.bundle.id
    return payload
