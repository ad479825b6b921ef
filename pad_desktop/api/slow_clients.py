"""uvicorn's HTTP protocol with a read deadline per request and a connection cap per worker.

uvicorn times out idle keep-alive connections, but not a connection that never sends a whole
request: a client that opens a socket and sends nothing (or one header line a minute) holds it
forever, and 1,500 of them exhaust a worker. Here each request must arrive completely (head and
body) within `read_timeout` seconds of the connection opening or of the previous answer;
otherwise a head that never completed gets a JSON 408 and the connection is closed, and a body
that stalls closes the connection (the endpoint sees a disconnect). Beyond `max_connections`
open connections, a new one gets a JSON 503 and is closed. The app's own time is not limited.
"""

from __future__ import annotations

import asyncio
import functools
import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from pad_desktop.api.config import ApiConfig

TOO_SLOW = "The request did not arrive in time; the connection is closed."
TOO_MANY = "The server has too many open connections. Retry in a moment."


@functools.cache
def _limits() -> ApiConfig:
    return ApiConfig.from_env()  # once per worker process: the environment is `serve`'s


def _raw_json_answer(status: int, reason: str, detail: str) -> bytes:
    body = json.dumps({"detail": detail}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


class _HeadWithBody:
    """The transport an answer is written to: its head (status line and headers, one write
    of uvicorn's) is held until its body, and both leave in one write: one system call and
    one TCP segment per answer instead of two. Anything else passes straight through."""

    __slots__ = ("_cycle", "_head", "_headed", "_protocol", "_transport")

    def __init__(self, transport: asyncio.Transport, cycle: Any, protocol: Any) -> None:
        self._transport = transport
        self._cycle = cycle  # uvicorn's RequestResponseCycle, which writes through this
        self._protocol = protocol
        self._head: bytes | None = None
        self._headed = False

    def write(self, data: bytes) -> None:
        if not self._headed and self._cycle.response_started:  # the first write after start
            self._headed = True
            if not self._cycle.response_complete:
                self._head = data
                self._protocol._holding = self
                return
        self._transport.write(self.flush(data))

    def flush(self, data: bytes = b"") -> bytes:
        """`data` after the held head, if any; with no `data`, the head is written now."""
        head, self._head = self._head, None
        if head is None:
            return data
        if not data:
            self._transport.write(head)
            return b""
        return head + data

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:  # is_closing and the rest: the transport's
        return getattr(self._transport, name)


class GuardedHttpProtocol(HttpToolsProtocol):
    """`HttpToolsProtocol` plus the read deadline and the connection cap described above, and
    each answer's head written with its body (`_HeadWithBody`)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limits = _limits()
        self._read_timeout = limits.read_timeout
        self._max_connections = limits.max_connections
        self._deadline: asyncio.TimerHandle | None = None
        self._holding: _HeadWithBody | None = None  # the answer whose head waits for its body

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self._max_connections:
            self._answer_and_close(503, "Service Unavailable", TOO_MANY)
            return
        self._arm()

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is not None and not isinstance(cycle.transport, _HeadWithBody):
            cycle.transport = _HeadWithBody(self.transport, cycle, self)

    def on_message_complete(self) -> None:
        self._disarm()  # the whole request is in: what follows is the app's time
        super().on_message_complete()

    def on_response_complete(self) -> None:
        holding, self._holding = self._holding, None
        if holding is not None:  # an answer without a body write (HEAD): its head leaves now
            holding.flush()
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection has its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self._read_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete:  # no request head yet
            self._answer_and_close(408, "Request Timeout", TOO_SLOW)
        else:  # the head came, the body stalls: the endpoint is reading it, end the connection
            self.transport.close()

    def _answer_and_close(self, status: int, reason: str, detail: str) -> None:
        self.transport.write(_raw_json_answer(status, reason, detail))
        self.transport.close()
