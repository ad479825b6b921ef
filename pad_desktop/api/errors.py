"""Every error answers valid JSON, and no error costs the client its keep-alive connection.

* 422 bodies echo the offending input; JSON has no NaN or Infinity (Python's parser accepts
  them), so non-finite numbers are echoed as the strings "NaN", "Infinity", "-Infinity".
* Error sentences are the message table's (`messages.api_message`), in French when the
  request's `Accept-Language` prefers French (q-values weighed), English otherwise; the JSON
  shapes do not change with the language.
* Starlette's error middleware answers 500 and then re-raises; uvicorn then closes the
  connection, so the client's next request on it fails. `ErrorShield` (outermost) keeps the
  exception from reaching uvicorn once a complete answer has been sent.
"""

from __future__ import annotations

import logging
import math
import uuid
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pad_desktop.cells.messages import api_message, api_translation, validation_message
from pad_desktop.texts.locale_text import accept_language

log = logging.getLogger("pad_desktop.api")


def request_language(scope: Scope) -> str:
    """The language a request's `Accept-Language` header asks for ("fr" or "en")."""
    for name, value in scope.get("headers") or ():
        if name == b"accept-language":
            return accept_language(value.decode("latin-1"))
    return "en"


def say(scope: Scope, key: str, **values: Any) -> str:
    """The API sentence `key` in the request's language."""
    return api_message(key, request_language(scope), **values)


def json_safe(value: Any) -> Any:
    """`value` with every non-finite float replaced by its name (valid JSON everywhere)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value


async def validation_problems(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422 shape, in valid JSON; `msg` in the request's language."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    lang = request_language(request.scope)
    if lang != "en":
        errors = [
            {**e, "msg": validation_message(str(e.get("type")), str(e.get("msg")), lang)}
            for e in errors
        ]
    return JSONResponse({"detail": json_safe(jsonable_encoder(errors))}, status_code=422)


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """Never a stack trace in a response: an id the operator finds in the server log."""
    error_id = uuid.uuid4().hex[:12]
    log.error("error %s on %s %s", error_id, request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        {"detail": say(request.scope, "internal"), "error_id": error_id}, status_code=500
    )


async def http_problem(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's own answers (404 "Not Found", 405...) in the request's language; the shape
    and headers as Starlette gives them."""
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail
    if isinstance(detail, str):
        detail = api_translation(detail, request_language(request.scope))
    if exc.status_code in (204, 304):  # no body allowed
        return JSONResponse(None, status_code=exc.status_code, headers=exc.headers)
    return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)


class ErrorShield:
    """Swallow an exception raised after the answer was completely sent (it is logged)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        complete = False

        async def tracking_send(message: Message) -> None:
            nonlocal complete
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                complete = True

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            if not complete:  # half an answer: only closing the connection can end it
                raise
