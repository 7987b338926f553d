"""Keeping the database file healthy: backups and restoring one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hallapp.config import Settings
from hallapp.db.backup import backup_database, list_backups, restore_backup


@dataclass(frozen=True)
class Restored:
    backup: Path
    previous_file_kept_at: Path


def latest_backup(settings: Settings) -> Path | None:
    backups = list_backups(settings.backup_dir, settings.db_path.stem)
    return backups[0] if backups else None


def restore_latest_backup(settings: Settings) -> Restored | None:
    """Put the newest backup in place; the file it replaces is renamed, never deleted."""
    backup = latest_backup(settings)
    if backup is None:
        return None
    aside = restore_backup(backup, settings.db_path)
    return Restored(backup, aside)


def back_up_now(settings: Settings, reason: str = "manual") -> Path:
    return backup_database(settings.db_path, settings.backup_dir, reason)
