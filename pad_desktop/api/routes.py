"""The original service's informational endpoints and `/reload_model` (FastAPI routes)."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, HTTPException, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.security import APIKeyHeader
from pydantic import ValidationError
from pydantic_core import from_json
from starlette.concurrency import run_in_threadpool

from pad_desktop.api import schemas
from pad_desktop.api.errors import request_language, say
from pad_desktop.api.service import ApiService
from pad_desktop.model.bundle import Bundle
from pad_desktop.model.scoring import Scorer
from pad_desktop.texts import describe

router = APIRouter()
ADMIN_KEY_HEADER = "X-Admin-Key"
_admin_key = APIKeyHeader(
    name=ADMIN_KEY_HEADER,
    scheme_name="AdminKey",
    description="PAD_ADMIN_KEY of the server: model changes over HTTP need it (off when unset).",
    auto_error=False,
)


def _service(request: Request) -> ApiService:
    return request.app.state.service


@router.get("/", include_in_schema=False)
def root() -> RedirectResponse:
    return RedirectResponse("/docs")


@router.get("/api_health", response_model=schemas.Health, tags=["health"])
def api_health() -> schemas.Health:
    return schemas.Health(message="The scoring API is running.")


@router.get("/router_health", response_model=schemas.Health, tags=["health"])
def router_health() -> schemas.Health:
    return schemas.Health(message="The scoring router is up.")


@router.get("/model_status", response_model=schemas.ModelStatus, tags=["model"])
def model_status(request: Request) -> schemas.ModelStatus:
    service = _service(request)
    bundle = service.scorer.bundle
    health = service.log.health()
    return schemas.ModelStatus(
        model_id=bundle.id,
        model_name=bundle.name,
        model_sha256=bundle.sha256,
        decision_log=health.target,
        decision_log_connected=health.connected,
        decisions_pending=health.pending,
        decisions_rejected=health.rejected,
    )


def n_features(scorer: Scorer) -> int:
    """What the ONNX graph takes (the signature may describe the same columns differently)."""
    width = scorer.session.get_inputs()[0].shape[-1]
    return width if isinstance(width, int) else len(scorer.signature.fields)


@router.get("/model_signature", response_model=schemas.ModelSignature, tags=["model"])
def model_signature(request: Request) -> schemas.ModelSignature:
    scorer = _service(request).scorer
    types = {col.name: col.type for col in scorer.bundle.doc.input_columns()}
    columns = [
        schemas.Column(
            name=spec.name,
            type=types.get(spec.name, str(spec.kind)),
            description=spec.help or spec.description or spec.name,
            required=spec.required,
            minimum=spec.minimum,
            maximum=spec.maximum,
            unit=spec.unit or None,
            categories=list(spec.categories) or None,
        )
        for spec in scorer.signature.fields
    ]
    return schemas.ModelSignature(
        message=f"Inputs of {scorer.bundle.short()}.",
        columns=columns,
        nb_features=len(columns),
        n_features=n_features(scorer),
    )


@router.get("/model_info", response_model=schemas.ModelInfo, tags=["model"])
def model_info(request: Request) -> schemas.ModelInfo:
    bundle = _service(request).scorer.bundle
    return schemas.ModelInfo(
        message=f"Scoring with {bundle.short()}.",
        info=_original_info(bundle),
        version=bundle.version,
        creation_date=bundle.created,
        threshold=bundle.threshold,
        model_id=bundle.id,
        model_name=bundle.name,
        model_sha256=bundle.sha256,
    )


def _original_info(bundle: Bundle) -> schemas.OriginalModelInfo:
    """What the original service read from MLmodel: its CatBoost flavor when there is one (its
    bundles); else CatBoost for ours (`train` fits CatBoost) and the ONNX file."""
    flavors = bundle.doc.flavors
    catboost = flavors.get("catboost") or {}
    onnx = flavors.get("onnx") or {}
    return schemas.OriginalModelInfo(
        model_type=catboost.get("model_type")
        or ("CatBoostClassifier" if bundle.training else "onnx"),
        model_name=catboost.get("data") or onnx.get("data") or bundle.onnx_path.name,
        mlflow_model_id=bundle.doc.model_id or bundle.doc.model_uuid or bundle.doc.run_id,
        created_on=bundle.doc.utc_time_created,
        nb_feature=len(bundle.signature.fields),
        best_threshold=bundle.threshold,
    )


@router.post(
    "/reload_model",
    response_model=schemas.ReloadResult,
    tags=["model"],
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": schemas.ReloadRequest.model_json_schema()}},
        }
    },
    responses={
        401: {"model": schemas.Failure, "description": "Missing X-Admin-Key header"},
        403: {"model": schemas.Failure, "description": "Wrong X-Admin-Key, or no PAD_ADMIN_KEY"},
        404: {"model": schemas.Failure, "description": "No such repository or revision on the Hub"},
        409: {"model": schemas.Failure, "description": "Cannot follow the Hub, or inputs differ"},
        422: {"model": schemas.ValidationProblems, "description": "The body is not a reload"},
        502: {"model": schemas.Failure, "description": "The Hub failed or the bundle is broken"},
    },
)
async def reload_model(
    request: Request, admin_key: str | None = Security(_admin_key)
) -> schemas.ReloadResult:
    """Switch to the active model bundle (optionally pulled from the Hub first, at the revision
    the server is configured with) without a restart; requests in flight finish on the model
    they started with. Needs the server's admin key in `X-Admin-Key`."""
    service = _service(request)
    # The key before the body: a client without it learns nothing of what a reload accepts.
    _require_admin(request, service.config.admin_key, admin_key)
    body = _reload_request(await request.body())
    return await run_in_threadpool(_reload, request, service, body is not None and body.pull)


def _reload_request(raw: bytes) -> schemas.ReloadRequest | None:
    """The optional body, read as FastAPI reads a body (its 422 shape on a problem)."""
    if not raw.strip():
        return None
    try:
        value = from_json(raw)
    except ValueError as exc:
        problem = {"type": "json_invalid", "loc": ("body",), "msg": "JSON decode error"}
        problem |= {"input": {}, "ctx": {"error": str(exc)}}
        raise RequestValidationError([problem]) from None
    if value is None:
        return None
    try:
        return schemas.ReloadRequest.model_validate(value)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


def _reload(request: Request, service: ApiService, pull: bool) -> schemas.ReloadResult:
    """Pull if asked, then swap to the active bundle (blocking: runs on a worker thread)."""
    from pad_desktop.model.bundle import BundleError

    previous = service.scorer
    if pull:
        _pull(request, service)
    try:
        reloaded = service.reload()
    except BundleError as exc:
        lang = request_language(request.scope)
        raise HTTPException(
            502, say(request.scope, "model_not_loading", error=describe(exc, lang))
        ) from None
    current = reloaded.current
    changed = previous.bundle.sha256 != current.bundle.sha256
    return schemas.ReloadResult(
        message=f"Now scoring with {current.bundle.short()}."
        if changed
        else f"Still scoring with {current.bundle.short()}: it is the active model.",
        changed=changed,
        previous_model_id=previous.bundle.id,
        model_id=current.bundle.id,
        version=current.bundle.version,
    )


def _require_admin(request: Request, expected: str | None, provided: str | None) -> None:
    """Model changes need the admin key, a different secret from the scoring clients' key."""
    if not expected:
        raise HTTPException(403, say(request.scope, "admin_off"))
    if provided is None:
        raise HTTPException(
            401,
            say(request.scope, "missing_header", header=ADMIN_KEY_HEADER),
            headers={"WWW-Authenticate": ADMIN_KEY_HEADER},
        )
    if not hmac.compare_digest(provided.encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(403, say(request.scope, "wrong_header", header=ADMIN_KEY_HEADER))


def _pull(request: Request, service: ApiService) -> None:
    """Install the Hub's bundle at the configured revision (verified by the hub module) and make
    it active; the revision is IT's (HF_REVISION), never the client's."""
    from pad_desktop.hub import HubError, HubNotConfigured, NotFoundOnHub, SignatureChanged

    if service.config.model_path:
        raise HTTPException(  # a valid request that the server's configuration cannot honour
            409, say(request.scope, "pinned", path=service.config.model_path)
        )
    lang = request_language(request.scope)  # the Hub's sentences in the client's language
    try:
        service.pull_from_hub(None)
    except HubNotConfigured as exc:
        raise HTTPException(409, exc.one_line(lang)) from None
    except NotFoundOnHub as exc:
        raise HTTPException(404, exc.one_line(lang)) from None
    except SignatureChanged as exc:
        raise HTTPException(
            409, say(request.scope, "needs_review", error=exc.one_line(lang))
        ) from None
    except HubError as exc:
        raise HTTPException(502, exc.one_line(lang)) from None
