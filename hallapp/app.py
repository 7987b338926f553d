"""Composition root: settings -> engine -> units of work -> services -> UI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from hallapp.config import Settings
from hallapp.db.backup import integrity_problem
from hallapp.db.engine import check_database_file, create_sqlite_engine
from hallapp.db.schema import MigrationResult, upgrade_database
from hallapp.db.start_check import StartCheck, start_check
from hallapp.db.uow import UnitOfWork, make_read_session_factory, make_session_factory
from hallapp.errors import DatabaseDamaged
from hallapp.services.backups import finish_pending_restore
from hallapp.services.refusal_audit import record_refusals_to, stop_recording_to

# The quick check reads every page, so its time grows with the file: 0.1 s for 52 MB
# (20,000 cases) and 0.7 s for 585 MB with the file in the disk cache, 38.5 s at start
# for 2.4 GB (1,000,000 cases). Below this size the clerk waits 4 s at that slowest rate
# and a damaged file is caught before anything writes to it. 256 MB holds about 100,000
# cases, years of a township hall's work, so most halls keep the check before opening.
QUICK_CHECK_BEFORE_OPENING_BELOW = 256 * 1024 * 1024


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    migration: MigrationResult
    uow: Callable[[], UnitOfWork]  # for writes: BEGIN IMMEDIATE
    read_uow: Callable[[], UnitOfWork]  # for queries: never waits for the writer
    # A large file opened without its quick check: the window runs it in the background.
    quick_check_pending: bool = False

    @property
    def db_path(self) -> Path:
        return self.settings.db_path

    def close(self) -> None:
        stop_recording_to(self.uow)
        # Keeps the query planner's statistics current as the register grows (cheap:
        # SQLite only analyses tables whose size changed a lot).
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA optimize")
        except DBAPIError:
            pass  # best effort: a full or read-only disk must not stop the app from closing
        self.engine.dispose()


def open_database(
    settings: Settings,
    *,
    extra_pragmas: tuple[str, ...] = (),
    quick_check_below: int | None = None,
) -> AppContext:
    """Open (creating if needed) and migrate the hall database.

    A backup the admin chose to restore (恢复备份) is put in place first. Raises
    DatabaseDamaged for a file that is not a readable SQLite database, and DatabaseTooNew
    for one made by a newer program; neither file is changed.

    ``PRAGMA quick_check`` runs before opening (a failure raises DatabaseDamaged) for every
    file when ``quick_check_below`` is None, else only for files smaller than it (the
    window passes QUICK_CHECK_BEFORE_OPENING_BELOW). A larger file
    opens at once with ``quick_check_pending`` set, and the window checks it in the
    background (hallapp.ui.database_check).
    """
    path = settings.db_path
    finish_pending_restore(settings, datetime.now())
    check_database_file(path)
    when = start_check(path, quick_check_below)
    if when is StartCheck.BEFORE_OPENING:
        quick_check(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_sqlite_engine(path, extra_pragmas=extra_pragmas)
    try:
        migration = upgrade_database(engine, path, settings.backup_dir)
    except Exception:
        engine.dispose()
        raise
    write_factory = make_session_factory(engine)
    read_factory = make_read_session_factory(engine)
    context = AppContext(
        settings=settings,
        engine=engine,
        migration=migration,
        uow=lambda: UnitOfWork(write_factory),
        read_uow=lambda: UnitOfWork(read_factory),
        quick_check_pending=when is StartCheck.IN_BACKGROUND,
    )
    record_refusals_to(context.uow)
    return context


def quick_check(path: Path) -> None:
    """A damaged page found now leads to the restore offer, instead of an error in the
    middle of the clerk's work. Raises DatabaseDamaged."""
    if not path.exists() or path.stat().st_size == 0:
        return
    problem = integrity_problem(path, quick=True)
    if problem:
        raise DatabaseDamaged(path, f"快速检查未通过：{problem}")
