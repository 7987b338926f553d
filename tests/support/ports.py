"""Free loopback ports for servers the tests start."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port nobody listens on now. Another process could take it before we bind it;
    on loopback in a test run that is rare enough, and the callers fail loudly if so."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, attempts: int = 600) -> None:
    """Until something accepts connections on the loopback port; fails after ``attempts``
    refusals (a safety limit for a server that never comes up, not a measure of time)."""
    import time

    for _ in range(attempts):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")
