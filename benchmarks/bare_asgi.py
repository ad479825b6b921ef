"""The API benchmark's ceiling: a bare ASGI app that answers every request with a fixed JSON
of /individual_score's shape, run by uvicorn with `pad-desktop serve`'s own settings. It reads
the request body (as a real endpoint must) and does nothing else."""

from __future__ import annotations

import json

BODY = json.dumps(
    {"probability": 0.0123, "decision": "Accordé", "threshold": 0.13, "reasons": []}
).encode()
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(scope, receive, send) -> None:  # the ASGI callable
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
