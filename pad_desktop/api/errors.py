"""Every error answers valid JSON, and no error costs the client its keep-alive connection.

* 422 bodies echo the offending input; JSON has no NaN or Infinity (Python's parser accepts
  them), so non-finite numbers are echoed as the strings "NaN", "Infinity", "-Infinity".
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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("pad_desktop.api")


def json_safe(value: Any) -> Any:
    """`value` with every non-finite float replaced by its name (valid JSON everywhere)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value


async def validation_problems(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422 shape, in valid JSON."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    return JSONResponse({"detail": json_safe(jsonable_encoder(errors))}, status_code=422)


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """Never a stack trace in a response: an id the operator finds in the server log."""
    error_id = uuid.uuid4().hex[:12]
    log.error("error %s on %s %s", error_id, request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        {"detail": "Internal error; the server log has the details.", "error_id": error_id},
        status_code=500,
    )


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
