"""A township hall for sync tests: the demo hall with generated cases, every change still
queued in its outbox, as in a hall that has never synced; and what it has queued, read
straight from its database file."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hallapp.app import AppContext, open_database
from hallapp.config import Settings
from hallapp.hub.credentials import Credential
from hallapp.services.actors import COMMAND_LINE
from hallapp.services.demo import DEMO_HALL, seed_demo
from hallapp.services.demo_cases import generate_cases
from hallapp.services.facade import HallServices
from hallapp.services.halls import actor_for
from hallapp.sync.protocol import Entry, content_hash

REPO = Path(__file__).resolve().parents[2]
DB_NAME = "hall.sqlite3"
# About 4,200 entries, nine batches of 500: faults land inside a sync, not at its edge.
SMALL_CASES = 600
BIG_CASES = 100_000
SUPERVISOR = "lijianguo"  # 李建国, who sets up the link to the county


def _settings(directory: Path) -> Settings:
    return Settings(
        db_path=directory / DB_NAME,
        backup_dir=directory / "backups",
        config_file=directory / "config.toml",
    )


def make_township_file(directory: Path, cases: int, seed: int = 2026) -> Path:
    """Make the demo hall with ``cases`` cases queued in full; returns the closed file."""
    ctx = open_database(_settings(directory))
    try:
        seed_demo(ctx.uow(), COMMAND_LINE)
        if cases:
            generate_cases(ctx.uow(), COMMAND_LINE, cases, seed, outbox="all")
    finally:
        ctx.close()  # the last connection checkpoints the WAL into the file
    return directory / DB_NAME


@dataclass
class BackgroundTownship:
    """``make_township_file`` running in a child process."""

    directory: Path
    process: subprocess.Popen[bytes]
    log: Path

    @classmethod
    def start(cls, directory: Path, cases: int) -> BackgroundTownship:
        code = (
            "import sys; from pathlib import Path; "
            "from tests.support.township import make_township_file; "
            "make_township_file(Path(sys.argv[1]), int(sys.argv[2]))"
        )
        log = directory / "making.log"
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
        with log.open("ab") as out:
            process = subprocess.Popen(
                [sys.executable, "-c", code, str(directory / "made"), str(cases)],
                cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
        return cls(directory, process, log)

    def result(self, timeout: float = 1800) -> Path:
        code = self.process.wait(timeout=timeout)
        if code != 0:
            raise RuntimeError(f"making the township failed ({code}):\n{self.log.read_text()}")
        return self.directory / "made" / DB_NAME

    def cancel(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=60)


@dataclass
class Township:
    ctx: AppContext
    services: HallServices
    directory: Path
    hall_code: str = DEMO_HALL.code

    @property
    def db_path(self) -> Path:
        return self.ctx.db_path

    def write_credential(self, credential: Credential) -> Path:
        path = self.directory / "credential.json"
        credential.write(path)
        return path

    # --- the outbox as it stands in the file -------------------------------------------

    def _query(self, sql: str, *params: object) -> list[tuple]:  # type: ignore[type-arg]
        conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def outbox_count(self) -> int:
        return int(self._query("SELECT count(*) FROM outbox")[0][0])

    def last_seq(self) -> int:
        return int(self._query("SELECT coalesce(max(seq), 0) FROM outbox")[0][0])

    def record_counts(self) -> Counter[str]:
        """Distinct records per entity, as the hub should count them."""
        rows = self._query("SELECT entity, count(DISTINCT entity_id) FROM outbox GROUP BY entity")
        return Counter({entity: int(n) for entity, n in rows})

    def entries(self, first: int = 1, last: int | None = None) -> list[Entry]:
        """Queued entries ``first``..``last`` as the protocol carries them."""
        rows = self._query(
            "SELECT seq, entity, entity_id, op, payload, created_at FROM outbox "
            "WHERE seq >= ? AND seq <= ? ORDER BY seq",
            first,
            last if last is not None else 2**62,
        )
        return [
            Entry(seq, entity, entity_id, op, json.loads(payload), str(at).replace(" ", "T"))
            for seq, entity, entity_id, op, payload, at in rows
        ]

    def latest_hashes(self) -> dict[tuple[str, str], str]:
        """content_hash of each record's latest queued payload, keyed as the hub keys it."""
        latest: dict[tuple[str, str], str] = {}
        for entity, entity_id, payload in self._query(
            "SELECT entity, entity_id, payload FROM outbox ORDER BY seq"
        ):
            latest[(entity, entity_id)] = payload
        return {key: content_hash(json.loads(payload)) for key, payload in latest.items()}


@contextmanager
def open_township(source: Path, directory: Path) -> Iterator[Township]:
    """A private copy of the township file at ``source``, opened as the app opens it."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, directory / DB_NAME)
    ctx = open_database(_settings(directory))
    try:
        actor = actor_for(ctx.read_uow(), SUPERVISOR)
        services = HallServices(ctx.uow, ctx.read_uow, actor, ctx.db_path)
        yield Township(ctx, services, directory)
    finally:
        ctx.close()
