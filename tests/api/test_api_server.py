"""A real `pad-desktop serve` process: endpoints over TCP, two workers sharing PostgreSQL,
and SIGTERM draining every decision into the database."""

from __future__ import annotations

import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import httpx

from pad_desktop.cli import main
from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.records import Source
from tests.decisions.helpers import pg_count
from tests.hub.hub_repos import bundle_variant

KEY = "server-test-key"


def test_serve_two_workers_on_postgresql_and_drain_on_sigterm(serve, pg_url, example) -> None:
    server = serve("--workers", "2", DATABASE_URL=pg_url, PAD_API_KEY=KEY)
    headers = {"X-API-Key": KEY}
    with httpx.Client(base_url=server.url, headers=headers, timeout=30) as http:
        assert http.get("/", follow_redirects=False).headers["location"] == "/docs"
        for path in (
            "/api_health",
            "/router_health",
            "/model_status",
            "/model_signature",
            "/model_info",
        ):
            assert http.get(path).status_code == 200, path
        assert http.get("/model_info", headers={"X-API-Key": "nope"}).status_code == 403

        def one(_: int) -> str:
            r = http.post("/individual_score", json=example)
            assert r.status_code == 200, r.text
            return r.json()["decision_id"]

        with ThreadPoolExecutor(8) as pool:
            ids = list(pool.map(one, range(200)))
        many = http.post("/multiple_score", json=[example] * 300)
        assert many.status_code == 200 and len(many.json()) == 300
    code, output = server.stop()
    assert code == 0, output
    assert "Traceback" not in output, output
    # every acknowledged decision is in PostgreSQL once the server has exited
    assert pg_count(pg_url, "SELECT count(*) FROM decisions WHERE source = 'api'") == 500
    assert pg_count(pg_url, "SELECT count(*) FROM decisions WHERE id = ANY(%s::uuid[])", ids) == 200


def test_one_worker_delivers_from_its_writing_process_while_serving(serve, pg_url, example) -> None:
    """The decisions are written and delivered by the worker's writing process: PostgreSQL
    gets them while the server runs, `/model_status` reports that delivery, and the chain
    `db verify` checks is whole."""
    server = serve(DATABASE_URL=pg_url)
    with httpx.Client(base_url=server.url, timeout=30) as http:
        with ThreadPoolExecutor(8) as pool:
            ids = list(
                pool.map(
                    lambda _: http.post("/individual_score", json=example).json()["decision_id"],
                    range(100),
                )
            )
        status = http.get("/model_status").json()
        while status["decisions_pending"] or not status["decision_log_connected"]:
            status = http.get("/model_status").json()  # until delivered: no deadline here
        found = "SELECT count(*) FROM decisions WHERE id = ANY(%s::uuid[])"
        assert pg_count(pg_url, found, ids) == 100  # before the server stops
    code, output = server.stop()
    assert code in (0, -signal.SIGTERM), output
    assert "Traceback" not in output, output
    assert main(["db", "verify", "--url", pg_url]) == 0


def test_serve_embedded_log_every_answer_durable(serve, example, tmp_path) -> None:
    pinned = bundle_variant(tmp_path / "pinned", version="pinned-1", threshold=0.3)
    server = serve("--model", str(pinned))
    with httpx.Client(base_url=server.url, timeout=30) as http:
        assert http.get("/model_info").json()["version"] == "pinned-1"
        ids = [
            http.post("/individual_score", json=example).json()["decision_id"] for _ in range(50)
        ]
    code, output = server.stop()
    # one worker runs in uvicorn's own process, which re-raises SIGTERM after its graceful
    # shutdown (the lifespan, hence the drain, has run by then)
    assert code in (0, -signal.SIGTERM), output
    assert "Traceback" not in output, output
    with DecisionLog.open() as log:  # the same data dir as the server's
        assert log.count(HistoryFilter(source=Source.API)) == 50
        assert all(log.get(i) is not None for i in ids[-5:])


def test_serving_imports_no_qt() -> None:
    code = (
        "import sys\n"
        "from fastapi.testclient import TestClient\n"
        "import pad_desktop.cli.serve\n"
        "from pad_desktop.api import create_app\n"
        "with TestClient(create_app()) as c:\n"
        "    assert c.get('/model_info').status_code == 200\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', "
        "'pad_desktop.gui')))\n"
        "print(qt)\n"
        "sys.exit(1 if qt else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
