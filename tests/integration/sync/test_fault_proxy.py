"""The fault proxy itself, against a bare HTTP server: each fault lands where it says."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.support.fault_proxy import Fault, FaultProxy


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.complete: list[int] = []  # body sizes of requests read whole and answered
        self.incomplete = threading.Event()  # a request whose body never came whole


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        if len(body) < length:
            self.server.incomplete.set()
            self.close_connection = True
            return
        self.server.complete.append(len(body))
        getattr(self.server, "keep", []).append(body)
        answer = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=10)


@pytest.fixture
def proxy(server: _Server) -> Iterator[FaultProxy]:
    with FaultProxy(server.server_address[1]) as p:
        yield p


BODY = b"x" * 100_000


def test_pass_through_forwards_both_ways_on_one_connection(
    server: _Server, proxy: FaultProxy
) -> None:
    with httpx.Client(base_url=proxy.url) as client:
        for _ in range(3):
            assert client.post("/api/v1/batches", content=BODY).json() == {"ok": True}
    assert server.complete == [len(BODY)] * 3
    assert [s.fault for s in proxy.seen] == [Fault.PASS] * 3


def test_drop_after_response_lets_the_server_finish_and_the_client_hear_nothing(
    server: _Server, proxy: FaultProxy
) -> None:
    armed = proxy.arm(Fault.DROP_AFTER_RESPONSE)
    with httpx.Client(base_url=proxy.url) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/api/v1/batches", content=BODY)
        assert armed.done.wait(10)
        assert server.complete == [len(BODY)]
        # Only the armed request: the next goes through.
        assert client.post("/api/v1/batches", content=BODY).status_code == 200
    assert server.complete == [len(BODY)] * 2


def test_cut_request_leaves_the_server_with_half_a_body(server: _Server, proxy: FaultProxy) -> None:
    armed = proxy.arm(Fault.CUT_REQUEST, cut_at=0.5)
    with httpx.Client(base_url=proxy.url) as client, pytest.raises(httpx.TransportError):
        client.post("/api/v1/batches", content=BODY)
    assert armed.done.wait(10)
    assert server.incomplete.wait(timeout=10)
    assert server.complete == []


def test_refuse_closes_without_forwarding(server: _Server, proxy: FaultProxy) -> None:
    proxy.mode = Fault.REFUSE
    with httpx.Client(base_url=proxy.url) as client, pytest.raises(httpx.TransportError):
        client.post("/api/v1/batches", content=BODY)
    assert server.complete == []


def test_after_request_runs_the_hook_between_request_and_answer(
    server: _Server, proxy: FaultProxy
) -> None:
    seen_at_hook: list[int] = []
    armed = proxy.arm(Fault.AFTER_REQUEST, hook=lambda: seen_at_hook.append(len(proxy.seen)))
    with httpx.Client(base_url=proxy.url) as client:
        assert client.post("/api/v1/batches", content=BODY).status_code == 200
    assert armed.done.wait(10)
    assert seen_at_hook == [1]


def test_an_armed_fault_waits_for_its_path(server: _Server, proxy: FaultProxy) -> None:
    armed = proxy.arm(Fault.DROP_AFTER_RESPONSE, path_prefix="/api/v1/batches")
    with httpx.Client(base_url=proxy.url) as client:
        assert client.post("/api/v1/other", content=b"{}").status_code == 200
        assert not armed.done.is_set()
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/api/v1/batches", content=b"{}")
    assert armed.path == "/api/v1/batches"


def test_skip_lets_matching_requests_through_first(server: _Server, proxy: FaultProxy) -> None:
    armed = proxy.arm(Fault.DROP_AFTER_RESPONSE, skip=2)
    with httpx.Client(base_url=proxy.url) as client:
        for _ in range(2):
            assert client.post("/api/v1/batches", content=BODY).status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/api/v1/batches", content=BODY)
    assert armed.done.wait(10)
    assert len(server.complete) == 3


def test_corrupt_body_flips_one_bit_and_forwards(server: _Server, proxy: FaultProxy) -> None:
    received: list[bytes] = []
    server.keep = received  # type: ignore[attr-defined]
    armed = proxy.arm(Fault.CORRUPT_BODY, cut_at=0.25)
    with httpx.Client(base_url=proxy.url) as client:
        assert client.post("/api/v1/batches", content=BODY).status_code == 200
    assert armed.done.wait(10)
    assert len(received) == 1
    diff = [i for i, (a, b) in enumerate(zip(received[0], BODY, strict=True)) if a != b]
    assert diff == [len(BODY) // 4]
