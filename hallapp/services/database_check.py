"""数据库检查 of a large database once the window is filled, and what follows a failure:
a line in the app log, a record in the audit trail, the newest backup to restore.

The check runs on a worker of its own; the restore is the staged one of 恢复备份
(hallapp.services.backups.stage_restore), put in place at the next start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from hallapp.config import Settings
from hallapp.db.backup import backup_entries
from hallapp.db.start_check import CheckStopped, QuickCheck
from hallapp.db.uow import UnitOfWork
from hallapp.errors import HallappError
from hallapp.services import audit
from hallapp.services.actors import Actor
from hallapp.services.backups import RestoreDone, stage_restore

log = logging.getLogger(__name__)

CHECK_FAILED = "database.check_failed"
# SQLite names pages, tables and indexes in its complaint, never row values; the cut
# keeps a file with thousands of bad pages from filling the log and the trail.
PROBLEM_CHARS = 300


@dataclass(frozen=True)
class CheckFailure:
    path: Path
    problem: str
    newest_backup: Path | None
    backup_taken: datetime | None
    recorded: bool  # the failure is in the audit trail (a damaged file may refuse it)


class DatabaseHealth:
    """One background check of the hall's database file, as ``actor`` (who is told)."""

    def __init__(self, settings: Settings, uow: Callable[[], UnitOfWork]) -> None:
        self._settings, self._uow = settings, uow
        self._check = QuickCheck(settings.db_path)

    @property
    def path(self) -> Path:
        return self._settings.db_path

    def check(self, actor: Actor) -> CheckFailure | None:
        """None when the file is sound or the check was stopped; a failure is logged and
        recorded before it is returned."""
        try:
            problem = self._check.run()
        except CheckStopped:
            return None
        if problem is None:
            return None
        problem = problem[:PROBLEM_CHARS]
        size_mb = self.path.stat().st_size // (1024 * 1024) if self.path.exists() else 0
        # The file's name only: its folder can carry the Windows user's name.
        log.error("database quick check failed: %s (%d MB): %s", self.path.name, size_mb, problem)
        recorded = self._record(actor, problem, size_mb)
        backup_dir = self._settings.backup_dir
        try:
            entries = backup_entries(backup_dir, self.path.stem)
        except OSError:
            entries = []  # the backup drive is not plugged in: nothing to offer
        if not entries:
            return CheckFailure(self.path, problem, None, None, recorded)
        newest = entries[0]
        return CheckFailure(self.path, problem, backup_dir / newest.name, newest.taken, recorded)

    def stop(self) -> None:
        """The app is closing: a check still running gives up at once (any thread)."""
        self._check.stop()

    def stage_backup(self, actor: Actor, backup: Path) -> RestoreDone:
        """恢复备份 (admin only): the backup is checked and copied beside the database;
        the next start puts it in place and keeps the damaged file aside."""
        return stage_restore(self._settings, actor, backup)

    def _record(self, actor: Actor, problem: str, size_mb: int) -> bool:
        try:
            with self._uow() as work:
                audit.record(
                    work.session,
                    actor,
                    CHECK_FAILED,
                    "database",
                    self.path.name,
                    {"problem": problem, "size_mb": size_mb},
                )
                work.commit()
        except (SQLAlchemyError, HallappError) as exc:
            # The type only: a database error's text carries its parameters (the actor).
            log.error("the failed check is not in the audit trail: %s", type(exc).__name__)
            return False
        return True
