"""A TCP proxy between the hall and the hub that breaks the link on purpose, at an exact
point of an HTTP exchange: real sockets on loopback, one thread per connection.

It reads each HTTP/1.1 message whole (Content-Length or chunked), so a fault lands on a
known request and at a known byte, never "after about 100 ms". Usage::

    with FaultProxy(hub_port) as proxy:
        armed = proxy.arm(Fault.DROP_AFTER_RESPONSE)    # the next POST /api/v1/batches
        ... the hall syncs through proxy.url ...
        assert armed.done.is_set()

Faults:
- ``PASS``: forward both ways.
- ``DROP_AFTER_RESPONSE``: forward the request, read the hub's whole answer, then close
  the client's connection without sending it: the hub committed, the client never heard.
- ``CUT_REQUEST``: forward the head and only part of the body (``cut_at``), then close
  both sides: the hub sees a request that never ends.
- ``REFUSE``: close the client's connection without forwarding anything.
- ``AFTER_REQUEST``: forward the whole request, run the hook (e.g. SIGKILL the hub while
  it works on the batch), then relay whatever answer still comes.
- ``CORRUPT_BODY``: flip one bit of the body's byte at ``cut_at`` and forward it, as a
  bad cable or a flaky USB copy would.

An armed fault's ``hook`` runs on the proxy's thread at the fault point, before the
connection is closed. ``done`` is set when the fault has happened: before the answer is
relayed, or after the connection is closed; a test that saw its client fail waits for it
(``armed.done.wait(timeout)``), since the client may notice the close first.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from types import TracebackType

_CHUNK = 65536


class Fault(Enum):
    PASS = "pass"
    DROP_AFTER_RESPONSE = "drop_after_response"
    CUT_REQUEST = "cut_request"
    REFUSE = "refuse"
    AFTER_REQUEST = "after_request"
    CORRUPT_BODY = "corrupt_body"


@dataclass
class Armed:
    """A fault waiting for the next request whose path starts with ``path_prefix``."""

    fault: Fault
    path_prefix: str
    method: str
    cut_at: float
    hook: Callable[[], None] | None
    skip: int  # matching requests to let through first
    done: threading.Event = field(default_factory=threading.Event)
    path: str = ""  # the request it hit

    def matches(self, method: str, path: str) -> bool:
        return method == self.method and path.startswith(self.path_prefix)


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    fault: Fault
    body_bytes: int


class _Closed(Exception):
    """The peer closed the connection."""


class _Reader:
    """Reads whole HTTP/1.1 messages from a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = b""

    def _fill(self) -> None:
        data = self.sock.recv(_CHUNK)
        if not data:
            raise _Closed
        self.buf += data

    def _take(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _line(self) -> bytes:
        while b"\r\n" not in self.buf:
            self._fill()
        end = self.buf.index(b"\r\n") + 2
        out, self.buf = self.buf[:end], self.buf[end:]
        return out

    def head(self) -> bytes:
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        end = self.buf.index(b"\r\n\r\n") + 4
        out, self.buf = self.buf[:end], self.buf[end:]
        return out

    def body(self, head: bytes, *, response: bool) -> bytes:
        """The raw body bytes as they travel (chunk framing kept)."""
        headers = _headers(head)
        if "chunked" in headers.get("transfer-encoding", "").lower():
            out = b""
            while True:
                size_line = self._line()
                out += size_line
                size = int(size_line.split(b";")[0].strip(), 16)
                if size == 0:
                    while True:  # trailers, then the empty line
                        line = self._line()
                        out += line
                        if line == b"\r\n":
                            return out
                out += self._take(size + 2)
        if "content-length" in headers:
            return self._take(int(headers["content-length"]))
        status = int(head.split(b" ", 2)[1]) if response else 0
        if not response or status in (204, 304) or 100 <= status < 200:
            return b""
        out = self.buf  # an answer without a length ends when the connection does
        self.buf = b""
        with contextlib.suppress(_Closed, OSError):
            while True:
                self._fill()
                out += self.buf
                self.buf = b""
        return out


def _headers(head: bytes) -> dict[str, str]:
    lines = head.decode("latin-1").split("\r\n")[1:]
    pairs = (line.split(":", 1) for line in lines if ":" in line)
    return {name.strip().lower(): value.strip() for name, value in pairs}


def _close(sock: socket.socket | None) -> None:
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class FaultProxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        self.mode = Fault.PASS  # for every request no armed fault takes
        self.seen: list[Seen] = []
        self.errors: list[BaseException] = []  # raised by hooks
        self._armed: list[Armed] = []
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._closing = False
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._acceptor = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def retarget(self, upstream_port: int) -> None:
        """Send new connections to another port (a hub restarted elsewhere)."""
        self.upstream = (self.upstream[0], upstream_port)

    def arm(
        self,
        fault: Fault,
        *,
        path_prefix: str = "/api/v1/batches",
        method: str = "POST",
        cut_at: float = 0.5,
        hook: Callable[[], None] | None = None,
        skip: int = 0,
    ) -> Armed:
        """Apply ``fault`` to the next matching request only, or to the one after ``skip``
        matching requests went through (faults queue in order)."""
        armed = Armed(fault, path_prefix, method, cut_at, hook, skip)
        with self._lock:
            self._armed.append(armed)
        return armed

    def start(self) -> FaultProxy:
        self._acceptor.start()
        return self

    def close(self) -> None:
        self._closing = True
        _close(self._listener)
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _close(sock)
        self._acceptor.join(timeout=10)
        for thread in list(self._threads):
            thread.join(timeout=10)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- inside ------------------------------------------------------------------------

    def _track(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.add(sock)
        return sock

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.mode is Fault.REFUSE:
                _close(client)
                continue
            self._track(client)
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _take_armed(self, method: str, path: str) -> Armed | None:
        with self._lock:
            for i, armed in enumerate(self._armed):
                if armed.matches(method, path):
                    if armed.skip:
                        armed.skip -= 1
                        return None
                    armed.path = path
                    return self._armed.pop(i)
        return None

    def _run_hook(self, armed: Armed | None) -> None:
        if armed is None or armed.hook is None:
            return
        try:
            armed.hook()
        except BaseException as exc:  # reported to the test through ``errors``
            self.errors.append(exc)

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        upstream_reader: _Reader | None = None
        client_reader = _Reader(client)
        hit: Armed | None = None  # the armed fault met on this connection, if any
        try:
            while not self._closing:
                try:
                    head = client_reader.head()
                    body = client_reader.body(head, response=False)
                except (_Closed, OSError):
                    return
                method, path = (part.decode() for part in head.split(b" ", 2)[:2])
                hit = self._take_armed(method, path)
                fault = hit.fault if hit else self.mode
                self.seen.append(Seen(method, path, fault, len(body)))
                if fault is Fault.REFUSE:
                    self._run_hook(hit)
                    return
                if upstream is None:
                    try:
                        upstream = self._track(socket.create_connection(self.upstream))
                    except OSError:
                        return  # the hub is down: the client sees its connection close
                    upstream_reader = _Reader(upstream)
                assert upstream_reader is not None
                cut = len(body) if hit is None else int(len(body) * hit.cut_at)
                if fault is Fault.CUT_REQUEST:
                    with contextlib.suppress(OSError):
                        upstream.sendall(head + body[:cut])
                    self._run_hook(hit)
                    return
                if fault is Fault.CORRUPT_BODY and body:
                    at = min(cut, len(body) - 1)
                    body = body[:at] + bytes([body[at] ^ 0x01]) + body[at + 1 :]
                upstream.sendall(head + body)
                if fault is Fault.AFTER_REQUEST:
                    self._run_hook(hit)
                try:
                    answer = upstream_reader.head()
                    answer += upstream_reader.body(answer, response=True)
                except _Closed:
                    return
                if fault is Fault.DROP_AFTER_RESPONSE:
                    self._run_hook(hit)
                    return
                if hit is not None:
                    hit.done.set()  # before the answer: a client holding it sees done
                    hit = None
                client.sendall(answer)
                if "close" in _headers(answer).get("connection", "").lower():
                    return
        except OSError:
            return
        finally:
            _close(upstream)
            _close(client)
            with self._lock:
                self._sockets.discard(client)
                if upstream is not None:
                    self._sockets.discard(upstream)
            # Set only now, so a test that waits for it finds the connection already gone.
            if hit is not None:
                hit.done.set()
