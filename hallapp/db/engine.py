"""The SQLite engine: durable settings on every connection, explicit transactions."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from hallapp.errors import DatabaseDamaged

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
# Execution option that makes a session's transaction take the write lock at BEGIN: a
# deferred transaction that later upgrades to a writer can fail with SQLITE_BUSY at once,
# without waiting for the busy timeout.
WRITE = {"hallapp_write": True}


def check_database_file(path: Path) -> None:
    """Refuse a file that is not a readable SQLite database, without changing it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DatabaseDamaged(path, "文件头不是 SQLite 格式")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(path, str(exc)) from exc


def create_sqlite_engine(
    path: Path | str,
    *,
    extra_pragmas: tuple[str, ...] = (),
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    hide_parameters: bool = False,
) -> Engine:
    """An engine whose connections run in WAL mode with ``synchronous=FULL``; a session
    with the ``WRITE`` execution option takes the write lock at BEGIN. The hall's database
    and a county hub kept in a SQLite file both use it.

    ``extra_pragmas`` exists for tests that need a real storage failure, e.g.
    ``max_page_count`` to make the disk "full".
    """
    engine = create_engine(
        f"sqlite+pysqlite:///{path}", future=True, hide_parameters=hide_parameters
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # pysqlite's own implicit BEGIN is unreliable; SQLAlchemy's begin event issues it.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        for pragma in extra_pragmas:
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("hallapp_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
