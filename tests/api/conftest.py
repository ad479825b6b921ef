"""Fixtures of the API tests: an app on the shipped model with its own decision log (the test's
data dir), HTTP clients, a real `pad-desktop serve` process, and a fresh PostgreSQL database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from pad_desktop.api import ApiConfig, create_app
from pad_desktop.model.bundle import load_bundle
from tests.decisions.helpers import PG_ADMIN_URL, create_database, drop_database, free_port

ROOT = Path(__file__).resolve().parents[2]
SERVER_START_S = 60  # imports + model + log on a loaded 2-core machine


@pytest.fixture(scope="session")
def example(default_bundle_dir: Path) -> dict:
    return dict(load_bundle(default_bundle_dir).signature.example)


@pytest.fixture
def client(default_bundle_dir: Path) -> Iterator[TestClient]:
    """The app over httpx (Starlette's TestClient runs the lifespan), shipped model, no key."""
    app = create_app(ApiConfig(model_path=str(default_bundle_dir)))
    with TestClient(app) as c:
        yield c


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh database on 127.0.0.1:5432, migrated, dropped afterwards."""
    url = create_database(PG_ADMIN_URL)
    yield url
    drop_database(PG_ADMIN_URL, url)


class Server:
    """`pad-desktop serve` in its own process, on a free loopback port."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pad_desktop", "serve", "--port", str(self.port),
             "--log-level", "warning", *args],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited: {self.process.stdout.read()}")
            try:
                if httpx.get(f"{self.url}/api_health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("server did not answer in time")

    def stop(self) -> tuple[int, str]:
        """SIGTERM, as a service manager would; returns the exit code and the output."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        output, _ = self.process.communicate(timeout=60)
        return self.process.returncode, output


@pytest.fixture
def serve(isolated_user_dirs: Path) -> Iterator:
    """Start `pad-desktop serve` with extra environment; every server is stopped at the end."""
    servers: list[Server] = []

    def start(*args: str, **env: str) -> Server:
        server = Server({**os.environ, **env}, *args)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
