"""Plain ASGI plumbing for the hot paths: read a body, send JSON, the way in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pydantic_core import to_json
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


class HotPaths:
    """The scoring endpoints' way in, taken by `ScoringApi.__call__` before FastAPI's own stack:
    the gate, then the endpoint (`POST` only, else 405).

    FastAPI's telemetry check, Starlette's error, telemetry and body-limit middlewares, its
    exception middleware and router cost tens of microseconds per request on the hot path.
    What they would do here is done in this one layer: an exception before the answer started
    becomes the app's 500 answer (`on_error`: an error id, the traceback in the server log);
    after a complete answer it is dropped (as `errors.ErrorShield` does); in between, it
    reaches the server, which closes the connection.
    """

    def __init__(
        self, guard: Callable[..., Awaitable[None]], endpoints: dict[str, ASGIApp],
        on_error: Callable[[Request, Exception], Awaitable[Response]],
    ) -> None:  # fmt: skip
        self._guard = guard  # `ApiGate.guard`
        self.endpoints = endpoints
        self._on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        progress = 0  # 1: the answer started, 2: it is complete

        async def tracking_send(message: Message) -> None:
            nonlocal progress
            await send(message)
            if message["type"] == "http.response.start":
                progress = max(progress, 1)
            elif not message.get("more_body"):
                progress = 2

        try:
            await self._guard(scope, receive, tracking_send, self._dispatch)
        except Exception as exc:
            if progress == 0:
                response = await self._on_error(Request(scope), exc)
                await response(scope, receive, send)
            elif progress == 1:  # half an answer: only closing the connection can end it
                raise

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] == "POST":
            await self.endpoints[scope["path"]](scope, receive, send)
        else:  # RFC 9110: a 405 says which methods the resource takes
            detail = {"detail": say(scope, "method_not_allowed")}
            await send_json(send, 405, detail, headers=[(b"allow", b"POST")])
