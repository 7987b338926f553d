"""Bring a database file to the schema this program expects, safely.

Start-up cost matters (the clerk opens the app every morning), so the common case, a
database already at the head revision, is answered by one query without importing
Alembic.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from hallapp.db.backup import backup_database
from hallapp.errors import DatabaseTooNew

if TYPE_CHECKING:
    from alembic.config import Config  # imported late: start-up cost

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Kept equal to the newest file in migrations/versions; a test checks it against Alembic.
HEAD_REVISION = "0012"


@dataclass(frozen=True)
class MigrationResult:
    before: str | None
    after: str
    backup: Path | None


def current_revision(db_path: Path) -> str | None:
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not exists:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def script_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def upgrade_database(
    engine: Engine, db_path: Path, backup_dir: Path, target: str = "head"
) -> MigrationResult:
    """Migrate to ``target``; a database with data is backed up first.

    A database stamped with a revision this program does not know was made by a newer
    version: it is refused and left untouched.
    """
    before = current_revision(db_path)
    if before == HEAD_REVISION and target == "head":
        return MigrationResult(before, before, None)
    if before is not None and before not in known_revisions():
        raise DatabaseTooNew(db_path, before)

    backup = None
    if before is not None:
        backup = backup_database(db_path, backup_dir, f"before-migration-from-{before}")

    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    after = current_revision(db_path)
    assert after is not None
    return MigrationResult(before, after, backup)


def downgrade_database(engine: Engine, target: str) -> None:
    """Migrate back to ``target`` (support and tests; the app never does it). Some steps
    rebuild tables, which SQLite allows only with foreign keys off on the connection,
    set outside the transaction; they are checked before the transaction commits."""
    from alembic import command

    cfg = _alembic_config()
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, target)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"foreign keys broken by the downgrade: {broken[:5]}")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
