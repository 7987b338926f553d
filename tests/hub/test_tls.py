"""`hallapp hub serve` over HTTPS: with a certificate and key it answers only TLS."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.ports import free_port, wait_for_port

REPO = Path(__file__).resolve().parents[2]


def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "hub.crt", folder / "hub.key"
    subprocess.run(
        [
            shutil.which("openssl") or "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_the_hub_serves_https_with_a_certificate(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hallapp",
            "hub",
            "serve",
            "--db",
            str(tmp_path / "hub.sqlite3"),
            "--port",
            str(port),
            "--tls-cert",
            str(cert),
            "--tls-key",
            str(key),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert process.stdout is not None
        started = ""
        while "县级平台已启动" not in started:
            line = process.stdout.readline()
            assert line, "the hub stopped before it started"
            started = line.decode("utf-8")
        assert started.startswith(f"县级平台已启动：https://127.0.0.1:{port}/")
        # uvicorn binds its socket right after that line: wait for the port, then ask.
        wait_for_port(port)
        with httpx.Client(verify=str(cert), timeout=5) as client:
            assert client.get(f"https://127.0.0.1:{port}/healthz").status_code == 200
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_a_certificate_without_its_key_is_refused(tmp_path: Path) -> None:
    cert, _ = _self_signed(tmp_path)
    from hallapp.cli import main

    assert (
        main(["hub", "serve", "--db", str(tmp_path / "hub.sqlite3"), "--tls-cert", str(cert)]) == 1
    )
