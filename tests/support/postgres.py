"""A throwaway PostgreSQL server for the hub's tests: initdb into a fresh directory, start
on a free loopback port, stop and delete it afterwards.

The hub runs on PostgreSQL in production, so its tests must really run against it; when
the server binaries are missing this raises, it never quietly skips (tools/system-deps.sh
installs Debian's ``postgresql`` for ``make test``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.ports import free_port

SUPERUSER = "postgres"
_START_TIMEOUT = 60.0


class PostgresMissing(RuntimeError):
    """The PostgreSQL server binaries (initdb, pg_ctl, postgres) are not installed."""


def find_bin_dir() -> Path:
    """Where initdb and pg_ctl live: $HALLAPP_PG_BIN, then Debian's newest
    /usr/lib/postgresql/N/bin, then PATH."""
    candidates: list[Path] = []
    if os.environ.get("HALLAPP_PG_BIN"):
        candidates.append(Path(os.environ["HALLAPP_PG_BIN"]))
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates += [Path(p) for p in debian]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if all((folder / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    raise PostgresMissing(
        "PostgreSQL server binaries not found (looked in $HALLAPP_PG_BIN, "
        "/usr/lib/postgresql/*/bin and PATH). Install them: `bash tools/system-deps.sh test` "
        "as root, or `apt-get install postgresql`."
    )


@dataclass
class PostgresServer:
    bin_dir: Path
    base: Path  # holds the data directory, the socket and the log
    port: int
    _as_postgres: bool
    _process: subprocess.Popen[bytes] | None = None

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def log(self) -> Path:
        return self.base / "server.log"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self._as_postgres:
            # initdb and postgres refuse to run as root.
            command = ["runuser", "-u", "postgres", "--", *command]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        if proc.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({proc.returncode}):\n"
                f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}\n{log}"
            )
        return proc

    def start(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        # In the foreground, as our own child (not pg_ctl's daemon): we reap it, so no
        # orphan or zombie outlives the run whatever init the machine has.
        command = [
            str(self.bin_dir / "postgres"), "-D", str(self.data), "-p", str(self.port),
            "-k", str(self.base), "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=60",
        ]  # fmt: skip
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        import psycopg

        deadline = time.monotonic() + _START_TIMEOUT
        while True:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(
                    f"postgres exited with {self._process.returncode}:\n"
                    + self.log.read_text(errors="replace")[-3000:]
                )
            try:
                psycopg.connect(self.dsn("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)  # polling a server that is starting up, not synchronising

    def dsn(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={database}"

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            # Immediate shutdown (SIGQUIT to the postmaster): the data is thrown away anyway.
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                _kill_postmaster(self.data / "postmaster.pid")
                process.kill()
                process.wait(timeout=30)
        shutil.rmtree(self.base, ignore_errors=True)


def _kill_postmaster(pid_file: Path) -> None:
    """Last resort when pg_ctl cannot stop it: SIGKILL the postmaster, whose children
    exit when it is gone."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        pid = int(pid_file.read_text().splitlines()[0])
        os.kill(pid, 9)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except OSError:
                return
            time.sleep(0.05)


def start_postgres() -> PostgresServer:
    """Initialise and start a new server; the caller must call ``stop()``."""
    bin_dir = find_bin_dir()
    as_postgres = os.geteuid() == 0
    # Not under pytest's tmp dirs: those are private to root and the server runs as the
    # postgres user when we are root.
    base = Path(tempfile.mkdtemp(prefix="hallapp-pg-"))
    if as_postgres:
        account = pwd.getpwnam("postgres")
        os.chown(base, account.pw_uid, account.pw_gid)
    server = PostgresServer(bin_dir, base, free_port(), as_postgres)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server
