"""A real Hub for the tests: olah serving local git repositories, offline, on a free port.

Also a server that accepts connections and never answers, and an address where nothing listens.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hub.hub_repos import Olah, bundle_variant, free_port, run_olah


@pytest.fixture(scope="session")
def olah(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Olah]:
    with run_olah(tmp_path_factory.mktemp("olah")) as server:
        yield server


@pytest.fixture(scope="session")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Bundles to publish: v2 (new version/threshold), renamed input, wrong expected scores."""
    root = tmp_path_factory.mktemp("variants")
    return {
        "v1": bundle_variant(root / "v1", version="2026.11.30", threshold=0.15),
        "v2": bundle_variant(root / "v2", version="2026.12.01", threshold=0.2),
        "renamed": bundle_variant(root / "renamed", rename=("telephone", "phone")),
        "wrong_expected": bundle_variant(root / "wrong", expected_shift=0.01),
    }


@pytest.fixture
def hub_env(olah: Olah, monkeypatch: pytest.MonkeyPatch) -> Olah:
    """Settings pointing at the test Hub (repo set per test)."""
    from pad_desktop.runtime.settings import get_settings

    monkeypatch.setenv("HF_ENDPOINT", olah.endpoint)
    get_settings.cache_clear()
    return olah


class SilentServer:
    """Accepts TCP connections and never sends a byte (a hung proxy or server)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.endpoint = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(conn)  # held open, never answered

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for conn in self.accepted:
            conn.close()
        self.sock.close()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture
def down_endpoint() -> str:
    """An address where nothing listens (connection refused)."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def store_root() -> Path:
    from pad_desktop.model.active import store_dir

    return store_dir()


def store_entries(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir()) if root.exists() else []
