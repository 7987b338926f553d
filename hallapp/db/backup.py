"""Copies of the database file made with SQLite's online backup API, their rotation, and
putting one back in place.

A copy is written under a temporary name, checked with ``PRAGMA integrity_check``, flushed
to disk and only then renamed to its final name: a half-written or unverified copy never
looks like a backup, and rotation runs only after a verified one.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from datetime import date, datetime
from pathlib import Path

from hallapp.core.backup_rotation import (
    DEFAULT_POLICY,
    BackupEntry,
    BackupKind,
    RotationPolicy,
    to_delete,
)
from hallapp.errors import HallappError

_SAFE = re.compile(r"[^0-9A-Za-z_-]+")
_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[0-9A-Za-z_-]+)\.sqlite3$"
)
PARTIAL = ".partial"


class BackupFailed(HallappError):
    """A backup could not be written or did not pass its check; nothing was deleted."""


class DatabaseBusy(HallappError):
    """Another program has the database open."""


def backup_database(
    db_path: Path,
    backup_dir: Path,
    reason: str,
    *,
    now: datetime | None = None,
    policy: RotationPolicy = DEFAULT_POLICY,
) -> Path:
    """Write a verified copy of ``db_path`` into ``backup_dir``, then rotate old ones.

    The online backup API copies a live WAL database page by page under a read lock, so
    the copy is consistent even while the app keeps writing.
    """
    taken = now or datetime.now()
    _ensure_dir(backup_dir)
    target = (
        backup_dir / f"{db_path.stem}-{taken.strftime(_STAMP)}-{_SAFE.sub('_', reason)}.sqlite3"
    )
    work = target.with_name(target.name + PARTIAL)
    try:
        copy_database(db_path, work)
        problem = integrity_problem(work)
        if problem:
            raise BackupFailed(f"备份校验未通过，这份备份已作废：{target}（{problem}）")
        os.replace(work, target)
        _fsync_dir(backup_dir)
    except OSError as exc:
        raise BackupFailed(_disk_message(backup_dir, exc)) from exc
    except sqlite3.Error as exc:
        raise BackupFailed(f"备份失败：{target}（{exc}）") from exc
    finally:
        remove_with_sidecars(work)
    rotate_backups(backup_dir, db_path.stem, taken.date(), policy, protect=target)
    return target


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` into a new file ``target`` with the backup API, flushed to disk."""
    target.write_bytes(b"")  # an unwritable folder fails here, with the OS's reason
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            # Pages in steps, so a writer in the app is not held up for the whole copy.
            src.backup(dst, pages=4096)
            # One self-contained file: no -wal beside it to lose when it is copied on.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    with target.open("rb+") as fh:
        os.fsync(fh.fileno())


def integrity_problem(path: Path, *, quick: bool = False) -> str | None:
    """None when SQLite finds the file sound, else its first complaint."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute(f"PRAGMA {pragma}").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if row is None or row[0] != "ok":
        return str(row[0]) if row else "没有检查结果"
    return None


def parse_backup_name(name: str, stem: str) -> BackupEntry | None:
    """The kind and time of a backup of database ``stem``; None for any other file."""
    match = _NAME.match(name)
    if match is None or match["stem"] != stem:
        return None
    taken = datetime.strptime(match["stamp"], _STAMP)
    reason = match["reason"]
    if reason.startswith("before-migration"):
        kind = BackupKind.MIGRATION
    else:
        try:
            kind = BackupKind(reason)
        except ValueError:
            kind = BackupKind.MANUAL
    return BackupEntry(name, kind, taken)


def backup_entries(backup_dir: Path, stem: str) -> list[BackupEntry]:
    """Backups of the database named ``stem``, newest first."""
    if not backup_dir.is_dir():
        return []
    found = (parse_backup_name(p.name, stem) for p in backup_dir.glob(f"{stem}-*.sqlite3"))
    return sorted((e for e in found if e is not None), key=lambda e: e.taken, reverse=True)


def list_backups(backup_dir: Path, stem: str) -> list[Path]:
    """Backups of the database named ``stem``, newest first."""
    return [backup_dir / e.name for e in backup_entries(backup_dir, stem)]


def rotate_backups(
    backup_dir: Path,
    stem: str,
    today: date,
    policy: RotationPolicy = DEFAULT_POLICY,
    protect: Path | None = None,
) -> list[Path]:
    """Delete the backups the rotation no longer keeps; returns them."""
    doomed = to_delete(
        backup_entries(backup_dir, stem), today, policy, protect.name if protect else None
    )
    deleted = []
    for entry in doomed:
        path = backup_dir / entry.name
        try:
            path.unlink()
        except OSError:
            continue  # tried again after the next backup; an old copy left over harms nobody
        deleted.append(path)
    return deleted


def ensure_not_in_use(db_path: Path) -> None:
    """Refuse when another connection holds the database: it takes SQLite's exclusive lock
    for a moment (the lock goes before the file is renamed, a window of milliseconds)."""
    if not db_path.exists():
        return
    try:
        conn = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseBusy(
                f"数据库正被其他程序使用：{db_path}。请先关闭所有“便民服务窗口系统”窗口再恢复备份。"
            ) from exc
    except sqlite3.DatabaseError:
        pass  # a damaged file: nobody can be working in it
    finally:
        conn.close()


def restore_backup(backup: Path, db_path: Path, *, now: datetime | None = None) -> Path:
    """Put a copy of ``backup`` in place of ``db_path``; the current file (with its -wal
    and -shm) is renamed aside, never overwritten or deleted. Returns where it now lies.

    The copy is made beside the database first (same disk), verified and flushed, so the
    switch itself is two renames.
    """
    staged = db_path.with_name(db_path.name + ".restoring")
    copy_database(backup, staged)
    try:
        problem = integrity_problem(staged)
        if problem:
            raise BackupFailed(f"备份文件未通过完整性检查：{backup}（{problem}）")
        return swap_in(staged, db_path, now=now)
    finally:
        remove_with_sidecars(staged)


def swap_in(staged: Path, db_path: Path, *, now: datetime | None = None) -> Path:
    ensure_not_in_use(db_path)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
    number = 1
    while aside.exists():  # two restores in one second: the first one's file stays
        number += 1
        aside = db_path.with_name(f"{db_path.name}.replaced-{stamp}-{number}")
    if db_path.exists():
        db_path.rename(aside)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            side.rename(aside.with_name(aside.name + suffix))
    os.replace(staged, db_path)
    _fsync_dir(db_path.parent)
    return aside


def remove_with_sidecars(path: Path) -> None:
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        path.with_name(name).unlink(missing_ok=True)


def _ensure_dir(backup_dir: Path) -> None:
    """Create the backup folder, but only inside an existing one: a USB drive that is not
    plugged in must be reported, not replaced by a folder on the system disk."""
    if backup_dir.is_dir():
        return
    if not backup_dir.parent.is_dir():
        raise BackupFailed(f"备份盘未插入或备份目录不存在：{backup_dir}")
    try:
        backup_dir.mkdir()
    except OSError as exc:
        raise BackupFailed(_disk_message(backup_dir, exc)) from exc


def _disk_message(backup_dir: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"备份盘空间不足：{backup_dir}"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"备份目录不能写入：{backup_dir}（请检查权限或备份盘是否写保护）"
    if exc.errno == errno.ENOENT:
        return f"备份盘未插入或备份目录不存在：{backup_dir}"
    return f"备份失败：{backup_dir}（{exc.strerror or exc}）"


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to flush."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
