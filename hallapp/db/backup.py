"""Copies of the database file made with SQLite's online backup API."""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

_SAFE = re.compile(r"[^0-9A-Za-z_-]+")


def backup_database(db_path: Path, backup_dir: Path, reason: str) -> Path:
    """Write a consistent copy of ``db_path`` into ``backup_dir`` and verify it.

    The online backup API copies a live WAL database page by page under a read lock, so
    the copy is consistent even while the app keeps writing.
    """
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"{db_path.stem}-{stamp}-{_SAFE.sub('_', reason)}.sqlite3"
    src = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            result = dst.execute("PRAGMA integrity_check").fetchone()
        finally:
            dst.close()
    finally:
        src.close()
    if result is None or result[0] != "ok":
        target.unlink(missing_ok=True)
        raise sqlite3.DatabaseError(f"backup {target} failed its integrity check")
    return target


def list_backups(backup_dir: Path, stem: str) -> list[Path]:
    """Backups of the database named ``stem``, newest first."""
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob(f"{stem}-*.sqlite3"), reverse=True)


def restore_backup(backup: Path, db_path: Path) -> Path:
    """Put ``backup`` in place of ``db_path``; the current file is kept aside, not deleted.

    Returns where the previous file now lies.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
    if db_path.exists():
        db_path.rename(aside)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            side.rename(aside.with_name(aside.name + suffix))
    shutil.copy2(backup, db_path)
    return aside
