"""The headless API: `create_app()` builds it; `pad-desktop serve` runs it under uvicorn.

Layers, outermost first: the error shield and FastAPI's error middleware (a generic 500 with
an error id, the traceback in the server log only, the connection kept; see `errors`), the
gate (API key, size limits, concurrency), then FastAPI's router with the original service's
informational endpoints and `/reload_model` (admin key). The two scoring endpoints (plain
ASGI, see `scoring_endpoints`) are reached before that stack, through the same gate and the
same 500 answer in one layer (`asgi.HotPaths`). The lifespan opens the model and the decision
log, and on shutdown (uvicorn handles SIGTERM: it stops accepting, lets requests finish, then
runs it) writes every queued decision and delivers what it can before the process exits.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from pad_desktop.api import schemas
from pad_desktop.api.asgi import HotPaths
from pad_desktop.api.config import ApiConfig
from pad_desktop.api.docs import add_offline_docs
from pad_desktop.api.errors import ErrorShield, http_problem, internal_error, validation_problems
from pad_desktop.api.explain_endpoint import router as explain_router
from pad_desktop.api.gate import OPEN_PATHS, ApiGate
from pad_desktop.api.outcomes_endpoint import router as outcomes_router
from pad_desktop.api.routes import router
from pad_desktop.api.scoring_endpoints import IndividualScore, MultipleScore
from pad_desktop.api.service import ApiService

TITLE = "Prêt à dépenser — credit scoring API"
DESCRIPTION = (
    "Scores loan applicants with the active model bundle and records every decision in the "
    "decision log. `prediction` 1 means a predicted default: the credit is `Refusé`."
)
BATCH_PATHS = frozenset({"/multiple_score"})


class ScoringApi(FastAPI):
    """FastAPI with `ErrorShield` outside Starlette's error middleware (see `api.errors`), and
    the scoring endpoints reached before FastAPI's own stack (`asgi.HotPaths`)."""

    hot: HotPaths | None = None

    def build_middleware_stack(self) -> ASGIApp:
        return ErrorShield(super().build_middleware_stack())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        hot = self.hot
        if hot is not None and scope["type"] == "http" and scope["path"] in hot.endpoints:
            await hot(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


def create_app(config: ApiConfig | None = None) -> FastAPI:
    """The API app; with no `config`, read from the environment (what each worker does)."""
    config = config or ApiConfig.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = await asyncio.to_thread(ApiService, config)
        service.writer.attach(asyncio.get_running_loop())  # the writing process reports here
        app.state.service = service
        watcher = asyncio.create_task(service.watch_active_model())
        try:
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            await asyncio.to_thread(service.close)

    app = ScoringApi(title=TITLE, description=DESCRIPTION, version=_version(), lifespan=lifespan,
                  redoc_url=None, docs_url=None)  # fmt: skip
    add_offline_docs(app)
    app.include_router(router)
    app.include_router(explain_router)
    app.include_router(outcomes_router)
    gate = ApiGate(
        None,  # type: ignore[arg-type]  # the rest of the stack, once Starlette builds it
        api_key=config.api_key,
        max_body_bytes=config.max_body_bytes,
        batch_paths=BATCH_PATHS,
        max_batch_body_bytes=config.max_batch_body_bytes,
        max_in_flight=config.max_in_flight,
    )

    def mount_gate(app: ASGIApp) -> ApiGate:  # one gate (one in-flight count) for both ways in
        gate.app = app
        return gate

    app.add_middleware(mount_gate)  # type: ignore[arg-type]
    app.hot = HotPaths(
        gate.guard,
        {
            "/individual_score": IndividualScore(app.state),
            "/multiple_score": MultipleScore(app.state),
        },
        internal_error,
    )
    app.add_exception_handler(Exception, internal_error)
    app.add_exception_handler(RequestValidationError, validation_problems)
    app.add_exception_handler(StarletteHTTPException, http_problem)
    app.openapi = _openapi_builder(app, config)  # type: ignore[method-assign]
    return app


def _openapi_builder(app: FastAPI, config: ApiConfig):
    """The OpenAPI document of the model in use, rebuilt when the model changes."""
    cache: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        service: ApiService | None = getattr(app.state, "service", None)
        scorer = service.scorer if service is not None else None
        if cache.get("scorer") is not scorer or "doc" not in cache:
            doc = get_openapi(title=app.title, version=app.version, description=app.description,
                              routes=app.routes)  # fmt: skip
            if scorer is not None:
                schemas.add_scoring_paths(doc, scorer.signature)
            schemas.add_gate_answers(doc)
            if config.api_key:
                schemas.add_api_key_scheme(doc, OPEN_PATHS)
            cache.update(scorer=scorer, doc=doc)
        return cache["doc"]

    return openapi


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pad-desktop")
    except PackageNotFoundError:
        return "0"
