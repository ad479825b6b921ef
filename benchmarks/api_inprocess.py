"""/individual_score's CPU per request without HTTP: the app's ASGI stack called directly by 16
concurrent callers in one event loop, the decision log as configured (DATABASE_URL, PAD_DATA_DIR,
PAD_MODEL as for `pad-desktop serve`).

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<fresh, upgraded database> \\
    PAD_DATA_DIR=/tmp/pad-inprocess uv run python benchmarks/api_inprocess.py [--requests 3000]

Prints requests/s, the event loop's CPU per request (`time.thread_time`), the process's CPU per
request and how many decisions shared each local commit. Run it from two checkouts in turn to
compare a change (see benchmarks/README.md, issue 32, `apifast`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

from pad_desktop.api.app import create_app
from pad_desktop.api.config import ApiConfig
from pad_desktop.api.service import ApiService

CALLERS = 16


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    config = ApiConfig.from_env()
    app = create_app(config)
    service = app.state.service = ApiService(config)
    body = json.dumps(dict(service.scorer.signature.example)).encode()
    stack = app  # as uvicorn calls it (the scoring endpoints' way in is in `__call__`)
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/individual_score", "raw_path": b"/individual_score",
        "query_string": b"", "root_path": "", "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 2), "app": app, "state": {},
        "headers": [(b"host", b"bench"), (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())],
    }  # fmt: skip
    statuses: dict[int, int] = {}

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            statuses[message["status"]] = statuses.get(message["status"], 0) + 1

    async def caller(n: int) -> None:
        for _ in range(n):
            await stack(dict(scope), receive, send)

    async def run(n: int) -> None:
        await asyncio.gather(*(caller(n // CALLERS) for _ in range(CALLERS)))

    try:
        asyncio.run(run(20 * CALLERS))  # warm-up
        statuses.clear()
        groups, written = service.writer.groups, service.writer.written
        n = args.requests // CALLERS * CALLERS
        wall, loop_cpu, cpu = time.perf_counter(), time.thread_time(), time.process_time()
        asyncio.run(run(n))
        wall = time.perf_counter() - wall
        loop_cpu, cpu = time.thread_time() - loop_cpu, time.process_time() - cpu
        groups, written = service.writer.groups - groups, service.writer.written - written
    finally:
        service.close()
    print(
        f"{n / wall:.0f} requests/s; event-loop CPU {loop_cpu / n * 1e6:.0f} µs/request; "
        f"process CPU {cpu / n * 1e6:.0f} µs/request; {written / max(groups, 1):.1f} decisions "
        f"per local commit; answers {statuses}"
    )


if __name__ == "__main__":
    main()
