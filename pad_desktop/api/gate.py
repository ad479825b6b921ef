"""The door of the API: the API key, the request size limits and the concurrency limit, before
any routing.

A plain ASGI middleware (not Starlette's `BaseHTTPMiddleware`, which costs tens of microseconds
per request): it reads two headers and, for bodies sent without a length, counts the bytes.
"""

from __future__ import annotations

import functools
import hmac
import ipaddress

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pad_desktop.api.asgi import send_json
from pad_desktop.api.errors import say
from pad_desktop.cells.messages import api_message

API_KEY_HEADER = "X-API-Key"
# Reachable without a key: load-balancer probes and the documentation (the schema is no secret).
OPEN_PATHS = frozenset(
    {"/", "/api_health", "/router_health", "/docs", "/docs/oauth2-redirect", "/openapi.json"}
)
OPEN_PREFIX = "/docs-static/"  # the documentation's scripts and styles
_KEY = API_KEY_HEADER.lower().encode("latin-1")


NO_KEY_ON_PUBLIC_ADDRESS = api_message("no_key_public")


@functools.cache
def _public_ip(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:  # not an IP address: a test client's name or a Unix socket path
        return False
    return not address.is_loopback


def _public(server: tuple | None) -> bool:
    """Whether the socket this request came in on is bound to a non-loopback IP address
    (the same rule as `pad-desktop serve`, for servers started some other way)."""
    return bool(server) and isinstance(server[0], str) and _public_ip(server[0])


BUSY = api_message("busy")


class BodyTooLarge(Exception):
    """Raised from `receive` when a body sent without Content-Length grows past the limit."""


async def send_problem(
    scope: Scope, send: Send, status: int, key: str, headers: list | None = None, **values: object
) -> None:
    """A refusal of the gate: `{"detail": sentence}`, in the request's language."""
    await send_json(send, status, {"detail": say(scope, key, **values)}, headers)


class ApiGate:
    """Refuse requests without the right `X-API-Key` (when one is configured), too large, or
    beyond `max_in_flight` at once in this worker (503 with Retry-After, in JSON)."""

    def __init__(
        self,
        app: ASGIApp,
        api_key: str | None,
        max_body_bytes: int,
        batch_paths: frozenset[str] = frozenset(),
        max_batch_body_bytes: int | None = None,
        max_in_flight: int | None = None,
    ) -> None:
        self.app = app
        self._max_in_flight = max_in_flight
        self._in_flight = 0
        self._key = api_key.encode("utf-8") if api_key else None
        self._limit = max_body_bytes
        self._batch_paths = batch_paths
        self._batch_limit = max_batch_body_bytes or max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.guard(scope, receive, send, self.app)

    async def guard(self, scope: Scope, receive: Receive, send: Send, app: ASGIApp) -> None:
        """Admit an HTTP request to `app` (this gate's own, or a scoring endpoint reached
        without the rest of the stack, see `asgi.HotPaths`: one in-flight count for both)."""
        if self._max_in_flight is not None and self._in_flight >= self._max_in_flight:
            await send_problem(scope, send, 503, "busy", [(b"retry-after", b"1")])
            return
        self._in_flight += 1  # one event loop per worker: no lock needed
        try:
            await self._admit(scope, receive, send, app)
        finally:
            self._in_flight -= 1

    async def _admit(self, scope: Scope, receive: Receive, send: Send, app: ASGIApp) -> None:
        if self._key is None and _public(scope.get("server")):
            await send_problem(scope, send, 503, "no_key_public")
            return
        path = scope["path"]
        limit = self._batch_limit if path in self._batch_paths else self._limit
        provided = length = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                length = value
            elif name == _KEY:
                provided = value
        if self._key is not None and path not in OPEN_PATHS and not path.startswith(OPEN_PREFIX):
            if provided is None:
                await send_problem(
                    scope,
                    send,
                    401,
                    "missing_header",
                    [(b"www-authenticate", API_KEY_HEADER.encode("latin-1"))],
                    header=API_KEY_HEADER,
                )
                return
            if not hmac.compare_digest(provided, self._key):
                await send_problem(scope, send, 403, "wrong_header", header=API_KEY_HEADER)
                return
        if length is not None:
            if not length.isdigit() or int(length) > limit:
                await send_problem(scope, send, 413, "too_large", limit=limit)
                return
            await app(scope, receive, send)  # the server enforces Content-Length itself
            return
        await self._counted(scope, receive, send, limit, app)

    async def _counted(
        self, scope: Scope, receive: Receive, send: Send, limit: int, app: ASGIApp
    ) -> None:
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await send_problem(scope, send, 413, "too_large", limit=limit)
