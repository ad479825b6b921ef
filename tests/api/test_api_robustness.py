"""Server-level robustness under a real uvicorn: valid JSON for every error, no lost keep-alive
connection after an error, read deadlines for slow clients, and the concurrency limits."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from pad_desktop.api import ApiConfig, create_app
from tests.api.live_server import connect, live_server, read_answer, request, strict_json

ADMIN = "admin-key-for-tests"


def app_for(default_bundle_dir: Path, **kw) -> FastAPI:
    return create_app(ApiConfig(model_path=str(default_bundle_dir), admin_key=ADMIN, **kw))


@pytest.fixture
def server(default_bundle_dir: Path) -> Iterator[str]:
    app = app_for(default_bundle_dir)

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/broken", broken)
    with live_server(app) as address:
        yield address


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_422_answers_are_valid_json_for_non_finite_inputs(
    server: str, example: dict, constant: str
) -> None:
    import json

    with connect(server) as sock:
        applicant = json.dumps({**example, "age_in_years": "@"}).replace('"@"', constant)
        for path, body in [
            ("/individual_score", applicant),
            ("/multiple_score", f"[{applicant}]"),
            ("/reload_model", f'{{"pull": {constant}}}'),
        ]:
            status, _, answer = request(sock, "POST", path, body.encode(), {"X-Admin-Key": ADMIN})
            assert status == 422, (path, answer)
            detail = strict_json(answer)["detail"]
            assert constant in json.dumps(detail), (path, answer)  # echoed, as a string


def test_after_a_500_the_same_connection_still_works(server: str, example: dict) -> None:
    with connect(server) as sock:
        status, _, body = request(sock, "GET", "/broken")
        assert status == 500 and set(strict_json(body)) == {"detail", "error_id"}
        status, _, body = request(sock, "GET", "/api_health")
        assert status == 200 and strict_json(body)["status"] == "ok"
        huge = f'[{{"age_in_years": {"9" * 309}}}]'.encode()  # an int no float can hold
        status, _, body = request(sock, "POST", "/multiple_score", huge)
        problems = strict_json(body)["detail"]
        assert status == 422  # the value table refuses it, no OverflowError
        assert any(p["loc"][-1] == "age_in_years" and "too long" in p["msg"] for p in problems)
        assert request(sock, "GET", "/api_health")[0] == 200


def open_idle(address: str, n: int, partial: bool) -> list[socket.socket]:
    socks = []
    for _ in range(n):
        sock = connect(address, timeout=5)
        if partial:  # a slowloris: one header line, then nothing
            sock.sendall(b"GET /api_health HTTP/1.1\r\nHost: test\r\n")
        socks.append(sock)
    return socks


def still_held(socks: list[socket.socket]) -> int:
    held = 0
    for sock in socks:
        sock.settimeout(0.05)
        try:
            data = sock.recv(65536)
        except TimeoutError:
            held += 1
            continue
        except ConnectionError:
            continue
        if data:  # the server's last word: a 408 in JSON
            assert data.startswith(b"HTTP/1.1 408") and b'"detail"' in data, data
    return held


def closed_by_server(sock: socket.socket) -> bool:
    """Whether the server ended the connection (whatever it said before)."""
    sock.settimeout(2)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionError:
        pass
    return True


def test_slow_clients_are_cut_off_after_the_read_timeout(
    default_bundle_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAD_API_READ_TIMEOUT", "1")
    with live_server(app_for(default_bundle_dir)) as address:
        silent = open_idle(address, 100, partial=False)
        slowloris = open_idle(address, 100, partial=True)
        with connect(address) as sock:  # a slow body: head sent, 10 of 100 bytes, then nothing
            sock.sendall(
                b"POST /individual_score HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n"
                b'\r\n{"age_in_'
            )
            time.sleep(2.5)
            assert closed_by_server(sock)
            with connect(address) as fresh:  # the server still serves everyone else
                assert request(fresh, "GET", "/api_health")[0] == 200
        assert still_held(silent) == 0 and still_held(slowloris) == 0
        for sock in silent + slowloris:
            sock.close()
        with connect(address) as sock:  # a client at normal speed is not affected
            assert request(sock, "GET", "/api_health")[0] == 200
            time.sleep(0.6)
            assert request(sock, "GET", "/model_info")[0] == 200


def test_connection_and_in_flight_limits_answer_503_in_json(
    default_bundle_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAD_API_MAX_CONNECTIONS", "3")
    with live_server(app_for(default_bundle_dir, max_in_flight=1)) as address:
        held = [connect(address) for _ in range(3)]
        time.sleep(0.2)
        with connect(address) as extra:
            status, _, body = read_answer(extra)
            assert status == 503 and "too many open connections" in strict_json(body)["detail"]
        # one request in flight (its body has not all arrived): the next one is turned away
        held[0].sendall(b"POST /individual_score HTTP/1.1\r\nHost: t\r\nContent-Length: 50\r\n\r\n")
        time.sleep(0.2)
        status, headers, body = request(held[1], "GET", "/api_health")
        assert status == 503 and headers["retry-after"] == "1"
        assert "busy" in strict_json(body)["detail"]
        held[0].sendall(b"x" * 50)  # the first completes (422: not JSON), then all is normal
        assert read_answer(held[0])[0] == 422
        assert request(held[1], "GET", "/api_health")[0] == 200
        for sock in held:
            sock.close()


def test_answers_leave_whole_with_their_head_held_for_the_body(server: str, example: dict) -> None:
    """The protocol writes an answer's head with its body (`slow_clients._HeadWithBody`): an
    answer with no body write (HEAD), an interim 100 Continue, HTTP/1.0 (closed after the
    answer) and pipelined requests all still get their complete answers, in order."""
    import json

    body = json.dumps(example).encode()
    with connect(server) as sock:
        sock.sendall(b"HEAD /api_health HTTP/1.1\r\nHost: t\r\n\r\n")
        data = b""
        while b"\r\n\r\n" not in data:
            data += sock.recv(65536)
        # a head and no body (405 here: the route answers GET), then the connection goes on
        assert data.startswith(b"HTTP/1.1 405") and data.endswith(b"\r\n\r\n")
        head = (
            "POST /individual_score HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n"
        ).encode()
        sock.sendall(head + b"Expect: 100-continue\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 100 Continue")  # before the body is sent
        sock.sendall(body)
        status, _, answer = read_answer(sock)
        assert status == 200 and "decision_id" in strict_json(answer)
        sock.sendall((head + b"\r\n" + body) * 2 + b"GET /api_health HTTP/1.1\r\nHost: t\r\n\r\n")
        answers = [read_answer(sock) for _ in range(3)]
        assert [a[0] for a in answers] == [200, 200, 200]
        ids = {strict_json(a[2])["decision_id"] for a in answers[:2]}
        assert len(ids) == 2 and "decision_id" not in strict_json(answers[2][2])
    with connect(server) as sock:
        sock.sendall(b"GET /api_health HTTP/1.0\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):  # the server closes the connection after its answer
            data += chunk
        assert data.startswith(b"HTTP/1.1 200") and strict_json(data.partition(b"\r\n\r\n")[2])
