"""The county hub as a real process: ``python -m hallapp hub serve`` on a free loopback
port, over a SQLite file or a PostgreSQL database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.ports import free_port

REPO = Path(__file__).resolve().parents[2]
_READY_TIMEOUT = 60.0


class HubDidNotStart(RuntimeError):
    pass


@dataclass
class HubProcess:
    store_url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: the hub dies wherever it stands, as on a power cut."""
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process.wait(timeout=30)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""


def hub_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    )
    return env


def start_hub(store_url: str, log_dir: Path, port: int | None = None) -> HubProcess:
    """Start the hub and return once ``GET /healthz`` answers 200."""
    port = port or free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"hub-{port}.log"
    command = [sys.executable, "-m", "hallapp", "hub", "serve", "--db", store_url]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=REPO, env=hub_env(), stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    hub = HubProcess(store_url, port, process, log)
    try:
        wait_healthy(hub)
    except BaseException:
        hub.kill()
        raise
    return hub


def wait_healthy(hub: HubProcess) -> None:
    deadline = time.monotonic() + _READY_TIMEOUT
    with httpx.Client(timeout=2.0) as client:
        while True:
            if not hub.alive():
                raise HubDidNotStart(
                    f"hub exited with {hub.process.returncode}:\n{hub.output()[-4000:]}"
                )
            try:
                if client.get(f"{hub.url}/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise HubDidNotStart(f"hub not healthy after {_READY_TIMEOUT} s:\n{hub.output()}")
            time.sleep(0.05)  # polling a server that is starting, not synchronising
