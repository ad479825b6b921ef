"""Plain ASGI plumbing for the hot paths: read a body, send JSON, dispatch exact paths."""

from __future__ import annotations

from typing import Any

from pydantic_core import to_json
from starlette.types import ASGIApp, Receive, Scope, Send

from pad_desktop.api.errors import say

_JSON = (b"content-type", b"application/json")


async def read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def send_json(
    send: Send, status: int, payload: Any, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    # JSON has no NaN: echoed inputs may be one. Bytes are a body serialised off the loop.
    body = payload if isinstance(payload, bytes) else to_json(payload, inf_nan_mode="strings")
    length = (b"content-length", str(len(body)).encode("latin-1"))
    await send(
        {"type": "http.response.start", "status": status,
         "headers": [_JSON, length, *(headers or [])]}
    )  # fmt: skip
    await send({"type": "http.response.body", "body": body})


class ExactPaths:
    """Middleware that hands `POST` on a few exact paths straight to their endpoints.

    It sits inside the gate and the error handler but before FastAPI's exception middleware,
    exit stack and router, which cost tens of microseconds per request on the hot path.
    """

    def __init__(self, app: ASGIApp, endpoints: dict[str, ASGIApp]) -> None:
        self.app = app
        self._endpoints = endpoints

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = self._endpoints.get(scope["path"]) if scope["type"] == "http" else None
        if endpoint is None:
            await self.app(scope, receive, send)
        elif scope["method"] == "POST":
            await endpoint(scope, receive, send)
        else:  # RFC 9110: a 405 says which methods the resource takes
            detail = {"detail": say(scope, "method_not_allowed")}
            await send_json(send, 405, detail, headers=[(b"allow", b"POST")])
