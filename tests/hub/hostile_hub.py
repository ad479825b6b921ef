"""A small hostile Hub for the tests: it serves whatever tree listing and bytes a test sets.

olah (the real Hub server of the other tests) refuses names like `..` itself, so a client's
defences against a malicious or compromised endpoint need a server that lies. This one speaks
the few Hub routes the client uses (revision, tree, refs, resolve) from a dict of files, with
optional listing entries that are not backed by any file and sizes or bytes that lie.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

COMMIT = "c0ffee" * 6 + "c0fe"  # 40 hex digits


def blob_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass
class HostileHub:
    """What the server answers; tests edit it between calls."""

    repo_id: str = "evil/credit"
    files: dict[str, bytes] = field(default_factory=dict)
    extra_entries: list[dict] = field(default_factory=list)  # listed, raw, as the test wrote them
    advertised_size: dict[str, int] = field(default_factory=dict)  # lies about a file's size
    requested: list[str] = field(default_factory=list)  # resolve paths the client asked for
    user_agents: list[str] = field(default_factory=list)  # of the metadata (/api/) requests
    tree_delay: float = 0.0  # seconds before the tree listing answers (a hung server)
    tree_requests: int = 0  # how many times the tree listing was asked for
    endpoint: str = ""

    def listing(self) -> list[dict]:
        entries = [
            {
                "type": "file",
                "path": path,
                "size": self.advertised_size.get(path, len(data)),
                "oid": blob_sha1(data),
            }
            for path, data in self.files.items()
        ]
        return entries + list(self.extra_entries)

    def add_entry(self, path: str, data: bytes = b"#!/bin/sh\necho owned\n") -> None:
        """A listed file whose bytes the server also serves (as a real Hub would)."""
        self.files[path] = data


def _handler(hub: HostileHub) -> type[BaseHTTPRequestHandler]:
    prefix = f"/api/models/{hub.repo_id}/"
    resolve = f"/{hub.repo_id}/resolve/{COMMIT}/"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:  # quiet test output
            pass

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path.startswith("/api/"):
                hub.user_agents.append(self.headers.get("user-agent", ""))
            if path.startswith(prefix + "revision/"):
                date = "2026-12-01T00:00:00Z"
                self._json(
                    {
                        "id": hub.repo_id,
                        "sha": COMMIT,
                        "lastModified": date,
                        "private": False,
                        "siblings": [],
                    }
                )
            elif path.startswith(prefix + "tree/"):
                hub.tree_requests += 1
                time.sleep(hub.tree_delay)
                self._json(hub.listing())
            elif path == prefix + "refs":
                self._json({"branches": [], "tags": [], "converts": []})
            elif path.startswith(resolve):
                name = unquote(path[len(resolve) :])
                hub.requested.append(name)
                data = hub.files.get(name)
                if data is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            else:
                self.send_error(404)

        def _json(self, payload: object) -> None:
            body = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def serve_hostile_hub(hub: HostileHub) -> Iterator[HostileHub]:
    """Run `hub` on a free loopback port for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(hub))
    server.daemon_threads = True
    hub.endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
