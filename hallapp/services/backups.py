"""Backups: the daily one, one on demand, and restoring one (恢复备份, admin only).

These work on the database file, not through a unit of work: the online backup API reads
the live file beside the app's own connections, and a restore swaps the file while no
connection is open. Every function can run on a worker thread.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from hallapp.config import Settings
from hallapp.core.backup_rotation import BackupKind, backed_up_today, scheduled_kind
from hallapp.db.backup import (
    BackupFailed,
    backup_database,
    backup_entries,
    copy_database,
    integrity_problem,
    remove_with_sidecars,
    restore_backup,
    swap_in,
)
from hallapp.db.engine import SQLITE_HEADER
from hallapp.db.schema import HEAD_REVISION, current_revision, known_revisions
from hallapp.services.actors import Actor, Role, require_any


@dataclass(frozen=True)
class BackupDone:
    path: Path
    kind: BackupKind
    taken: datetime
    deleted: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.kind.label}已完成并校验：{self.path}"


@dataclass(frozen=True)
class RestoreDone:
    backup: Path
    previous_file_kept_at: Path | None  # None: staged, swapped in at the next start


def back_up(settings: Settings, now: datetime, kind: BackupKind = BackupKind.MANUAL) -> BackupDone:
    """A verified backup of ``kind`` now; older ones past the rotation are removed after."""
    before = {e.name for e in backup_entries(settings.backup_dir, settings.db_path.stem)}
    path = backup_database(settings.db_path, settings.backup_dir, kind.value, now=now)
    after = {e.name for e in backup_entries(settings.backup_dir, settings.db_path.stem)}
    gone = sorted(settings.backup_dir / name for name in before - after)
    return BackupDone(path, kind, now, gone)


def backup_if_due(settings: Settings, now: datetime) -> BackupDone | None:
    """每日自动备份: the first call of a day backs up (monthly, weekly or daily as the
    rotation needs), later calls that day do nothing. Raises BackupFailed with the reason
    in plain words (e.g. the USB drive is not plugged in); the app keeps working."""
    if not settings.db_path.is_file():
        return None
    existing = backup_entries(settings.backup_dir, settings.db_path.stem)
    today = now.date()
    if backed_up_today(today, existing):
        return None
    return back_up(settings, now, scheduled_kind(today, existing))


def last_backup(settings: Settings) -> datetime | None:
    """When the newest backup in the backup folder was taken (None: none, or the folder
    cannot be reached)."""
    try:
        entries = backup_entries(settings.backup_dir, settings.db_path.stem)
    except OSError:
        return None
    return entries[0].taken if entries else None


def check_backup_file(path: Path) -> str:
    """The schema revision of a backup that may be restored; refuses anything else."""
    if not path.is_file():
        raise BackupFailed(f"找不到备份文件：{path}")
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupFailed(f"不是本系统的备份文件（不是 SQLite 数据库）：{path}")
    problem = integrity_problem(path)
    if problem:
        raise BackupFailed(f"备份文件已损坏，不能恢复：{path}（{problem}）")
    try:
        revision = current_revision(path)
    except sqlite3.DatabaseError as exc:
        raise BackupFailed(f"备份文件无法读取，不能恢复：{path}（{exc}）") from exc
    if revision is None:
        raise BackupFailed(f"不是本系统的备份文件（没有数据库结构版本）：{path}")
    if revision not in known_revisions():
        raise BackupFailed(
            f"备份文件由更新版本的程序创建（结构版本 {revision}，本程序为 {HEAD_REVISION}），"
            f"不能恢复：{path}。请升级程序后再恢复。"
        )
    return revision


def restore(settings: Settings, actor: Actor, backup: Path, now: datetime) -> RestoreDone:
    """恢复备份 now (command line: no other connection may be open). The current file is
    kept aside; an older revision is migrated when the app next opens it."""
    require_any(actor, "恢复备份", Role.ADMIN)
    check_backup_file(backup)
    aside = restore_backup(backup, settings.db_path, now=now)
    return RestoreDone(backup, aside)


def pending_restore_path(settings: Settings) -> Path:
    return settings.db_path.with_name(settings.db_path.name + ".restore-pending")


def stage_restore(settings: Settings, actor: Actor, backup: Path) -> RestoreDone:
    """恢复备份 from the running app: checks and copies the backup beside the database now
    (the USB drive may go away), and the next start puts it in place, once the app's own
    connections are closed."""
    require_any(actor, "恢复备份", Role.ADMIN)
    check_backup_file(backup)
    staged = pending_restore_path(settings)
    work = staged.with_name(staged.name + ".partial")
    try:
        copy_database(backup, work)
        problem = integrity_problem(work)
        if problem:
            raise BackupFailed(f"备份文件复制后未通过完整性检查：{backup}（{problem}）")
        work.replace(staged)
    except OSError as exc:
        raise BackupFailed(f"无法把备份复制到数据库旁：{staged.parent}（{exc.strerror}）") from exc
    finally:
        remove_with_sidecars(work)
    return RestoreDone(backup, None)


def finish_pending_restore(settings: Settings, now: datetime) -> Path | None:
    """At start, before the database opens: put a staged backup in place. Returns where
    the replaced file was kept, None when nothing was staged."""
    staged = pending_restore_path(settings)
    if not staged.is_file():
        return None
    if integrity_problem(staged):
        # Damaged after staging: the current database stays as it is.
        staged.rename(staged.with_name(staged.name + f".damaged-{now:%Y%m%d-%H%M%S}"))
        return None
    return swap_in(staged, settings.db_path, now=now)
