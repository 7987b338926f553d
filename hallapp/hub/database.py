"""The hub's database: an engine for SQLite or PostgreSQL and its migrations.

SQLite (a file, for a small county) gets the same durability as a hall's database: WAL,
``synchronous=FULL``, foreign keys on. Writers take the lock when their transaction
begins (``BEGIN IMMEDIATE``): two batches arriving at once then wait for each other
instead of one failing when it upgrades from reader to writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.engine import make_url

from hallapp.db.engine import WRITE as WRITE  # the hub's writers take the lock at BEGIN too
from hallapp.db.engine import create_sqlite_engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEAD_REVISION = "h0002"
VERSION_TABLE = "hub_alembic_version"
DEFAULT_DB_FILE = "hub.sqlite3"
BUSY_TIMEOUT_MS = 30_000


def normalise_url(database: str) -> str:
    """A database URL; a bare file path means a SQLite file."""
    if "://" in database:
        return database
    return f"sqlite+pysqlite:///{Path(database).resolve()}"


def create_hub_engine(database_url: str) -> Engine:
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() != "sqlite":
        return create_engine(
            url, pool_pre_ping=True, pool_size=8, max_overflow=8, hide_parameters=True
        )
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    return create_sqlite_engine(
        url.database or ":memory:", busy_timeout_ms=BUSY_TIMEOUT_MS, hide_parameters=True
    )


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def current_hub_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        return conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalar()


def upgrade_engine(engine: Engine, revision: str = "head") -> None:
    """Bring the hub's tables to ``revision`` (the newest by default); at the head, one
    query."""
    if revision == "head" and current_hub_revision(engine) == HEAD_REVISION:
        return
    _migrate(engine, revision, down=False)


def downgrade_engine(engine: Engine, revision: str) -> None:
    """Take the hub's tables back to ``revision``, undoing the later migrations."""
    _migrate(engine, revision, down=True)


def _migrate(engine: Engine, revision: str, *, down: bool) -> None:
    from alembic import command

    cfg = _alembic_config()
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)


def upgrade_hub(database_url: str) -> None:
    """Migrate the hub database at ``database_url`` (created if it is a new SQLite file)."""
    engine = create_hub_engine(database_url)
    try:
        upgrade_engine(engine)
    finally:
        engine.dispose()
