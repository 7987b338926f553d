"""Backups on real files: verified, rotated, refused without harm, restored beside the
current file, and the quick check at start."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hallapp.app import open_database
from hallapp.config import Settings
from hallapp.core.backup_rotation import BackupKind
from hallapp.db.backup import BackupFailed, DatabaseBusy, backup_entries
from hallapp.errors import DatabaseDamaged, PermissionDenied
from hallapp.services import backups, catalogue, halls
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.demo import DEMO_HALL, seed_demo

NOON = datetime(2026, 3, 18, 12, 0)


@pytest.fixture
def hall(settings: Settings) -> Settings:
    ctx = open_database(settings)
    seed_demo(ctx.uow(), COMMAND_LINE)
    ctx.close()
    return settings


def rename_hall(settings: Settings, name: str) -> None:
    ctx = open_database(settings)
    try:
        halls.update_hall_profile(ctx.uow(), COMMAND_LINE, replace(DEMO_HALL, name=name))
    finally:
        ctx.close()


def hall_name(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT name FROM halls").fetchone()[0])
    finally:
        conn.close()


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def test_the_daily_backup_runs_once_a_day_verified_and_rotated(hall: Settings) -> None:
    first = backups.backup_if_due(hall, NOON)
    assert first is not None and first.kind is BackupKind.MONTHLY
    assert sqlite3.connect(first.path).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert hall_name(first.path) == DEMO_HALL.name
    assert backups.backup_if_due(hall, NOON + timedelta(hours=5)) is None
    assert backups.last_backup(hall) == NOON

    # Past midnight: due again. Sixty days later the rotation keeps 7 daily backups.
    made = [first.path]
    for day in range(1, 61):
        done = backups.backup_if_due(hall, NOON + timedelta(days=day))
        assert done is not None and done.path.exists()
        made.append(done.path)
    kinds = [e.kind for e in backup_entries(hall.backup_dir, hall.db_path.stem)]
    assert kinds.count(BackupKind.DAILY) == 7
    assert kinds.count(BackupKind.WEEKLY) == 4
    assert kinds.count(BackupKind.MONTHLY) == 3  # March, April, May
    assert made[-1].exists()
    assert not list(hall.backup_dir.glob("*.partial"))


def test_a_missing_backup_drive_is_reported_in_chinese_and_nothing_is_deleted(
    hall: Settings, tmp_path: Path
) -> None:
    backups.backup_if_due(hall, NOON)
    before = files(hall.backup_dir)
    usb = replace(hall, backup_dir=tmp_path / "E盘" / "备份")
    with pytest.raises(BackupFailed, match="备份盘未插入") as caught:
        backups.backup_if_due(usb, NOON + timedelta(days=1))
    assert str(usb.backup_dir) in caught.value.message
    assert not (tmp_path / "E盘").exists()  # not made on the system disk instead
    assert files(hall.backup_dir) == before


# As root (CI containers run the suite so) no permission bit refuses a write: the backup
# then runs in a child without the capabilities that override them, as any clerk's
# account would be.
_BACKUP_IN_CHILD = """
import sys
from datetime import datetime
from pathlib import Path
from hallapp.config import Settings
from hallapp.db.backup import BackupFailed
from hallapp.services import backups
folder = Path(sys.argv[1])
hall = Settings(folder / "hall.sqlite3", folder / "backups", folder / "config.toml")
try:
    backups.backup_if_due(hall, datetime.fromisoformat(sys.argv[2]))
except BackupFailed as exc:
    print(exc.message)
    sys.exit(3)
"""
WITHOUT_OVERRIDE = ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--")


def backup_refusal(hall: Settings, when: datetime) -> str:
    if os.geteuid() != 0:
        with pytest.raises(BackupFailed) as caught:
            backups.backup_if_due(hall, when)
        return caught.value.message
    folder = str(hall.db_path.parent)
    done = subprocess.run(
        [*WITHOUT_OVERRIDE, sys.executable, "-c", _BACKUP_IN_CHILD, folder, when.isoformat()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    return done.stdout.strip()


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_an_unwritable_backup_folder_is_reported_and_nothing_is_deleted(hall: Settings) -> None:
    backups.backup_if_due(hall, NOON)
    before = files(hall.backup_dir)
    hall.backup_dir.chmod(0o500)
    try:
        message = backup_refusal(hall, NOON + timedelta(days=1))
    finally:
        hall.backup_dir.chmod(0o700)
    assert message.startswith("备份目录不能写入") and str(hall.backup_dir) in message
    assert files(hall.backup_dir) == before


def test_a_backup_that_fails_its_check_deletes_nothing(hall: Settings) -> None:
    for day in range(10):
        backups.backup_if_due(hall, NOON + timedelta(days=day))
    before = files(hall.backup_dir)
    # A damaged page in the live file: the copy carries it and fails integrity_check.
    conn = sqlite3.connect(hall.db_path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='service_items'").fetchone()
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(hall.db_path.read_bytes())
    data[(root[0] - 1) * page + 8 : root[0] * page] = b"\x07" * (page - 8)
    hall.db_path.write_bytes(bytes(data))
    with pytest.raises(BackupFailed, match="备份"):
        backups.backup_if_due(hall, NOON + timedelta(days=10))
    assert files(hall.backup_dir) == before


def test_restore_keeps_the_current_file_aside_and_the_backup_opens(hall: Settings) -> None:
    done = backups.back_up(hall, NOON)
    rename_hall(hall, "改名以后的中心")
    current = hall.db_path.read_bytes()
    restored = backups.restore(hall, COMMAND_LINE, done.path, NOON + timedelta(hours=1))
    assert restored.previous_file_kept_at is not None
    assert restored.previous_file_kept_at.read_bytes() == current
    assert hall_name(restored.previous_file_kept_at) == "改名以后的中心"
    ctx = open_database(hall)
    try:
        assert halls.hall_profile(ctx.read_uow()) == DEMO_HALL
        assert catalogue.count_items(ctx.read_uow()) >= 40
    finally:
        ctx.close()
    # A second restore in the same second keeps the first one's file too.
    again = backups.restore(hall, COMMAND_LINE, done.path, NOON + timedelta(hours=1))
    assert again.previous_file_kept_at != restored.previous_file_kept_at
    assert restored.previous_file_kept_at.read_bytes() == current


def _refused(settings: Settings, backup: Path, match: str) -> None:
    current = settings.db_path.read_bytes()
    listing = files(settings.db_path.parent)
    with pytest.raises(BackupFailed, match=match):
        backups.restore(settings, COMMAND_LINE, backup, NOON)
    assert settings.db_path.read_bytes() == current
    assert files(settings.db_path.parent) == listing


def test_restore_refuses_a_damaged_backup(hall: Settings) -> None:
    done = backups.back_up(hall, NOON)
    data = bytearray(done.path.read_bytes())
    data[4096 + 8 : 3 * 4096] = b"\x07" * (2 * 4096 - 8)
    done.path.write_bytes(bytes(data))
    _refused(hall, done.path, "已损坏")


def test_restore_refuses_a_file_that_is_not_a_hallapp_database(
    hall: Settings, tmp_path: Path
) -> None:
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    _refused(hall, other, "不是本系统的备份文件")
    text = tmp_path / "notes.txt"
    text.write_text("不是数据库" * 100)
    _refused(hall, text, "不是本系统的备份文件")


def test_restore_refuses_a_backup_from_a_newer_program(hall: Settings) -> None:
    done = backups.back_up(hall, NOON)
    conn = sqlite3.connect(done.path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    _refused(hall, done.path, "更新版本的程序")


def test_restore_refuses_while_another_program_has_the_database_open(hall: Settings) -> None:
    done = backups.back_up(hall, NOON)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(hall.db_path)!r})\n"
            "c.execute('SELECT count(*) FROM halls').fetchone()\n"
            "print('open', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        current = hall.db_path.read_bytes()
        with pytest.raises(DatabaseBusy, match="正被其他程序使用"):
            backups.restore(hall, COMMAND_LINE, done.path, NOON)
        assert hall.db_path.read_bytes() == current
        assert not list(hall.db_path.parent.glob("*.replaced-*"))
    finally:
        holder.communicate("", timeout=10)


def test_only_an_admin_may_restore(hall: Settings, clerk: Actor) -> None:
    done = backups.back_up(hall, NOON)
    current = hall.db_path.read_bytes()
    with pytest.raises(PermissionDenied, match="恢复备份需要管理员角色") as caught:
        backups.restore(hall, clerk, done.path, NOON)
    assert clerk.name in caught.value.message
    with pytest.raises(PermissionDenied, match="管理员"):
        backups.stage_restore(hall, clerk, done.path)
    assert hall.db_path.read_bytes() == current
    assert not backups.pending_restore_path(hall).exists()


def test_a_staged_restore_is_put_in_place_at_the_next_start(hall: Settings) -> None:
    done = backups.back_up(hall, NOON)
    rename_hall(hall, "改名以后的中心")
    staged = backups.stage_restore(hall, COMMAND_LINE, done.path)
    assert staged.previous_file_kept_at is None
    assert hall_name(hall.db_path) == "改名以后的中心"  # nothing swapped while the app runs
    done.path.unlink()  # the USB drive is gone by the next start
    ctx = open_database(hall)
    try:
        assert halls.hall_profile(ctx.read_uow()) == DEMO_HALL
    finally:
        ctx.close()
    assert not backups.pending_restore_path(hall).exists()
    (aside,) = [
        p for p in hall.db_path.parent.glob("*.replaced-*") if not p.name.endswith(("-wal", "-shm"))
    ]
    assert hall_name(aside) == "改名以后的中心"


def test_a_failed_quick_check_at_start_is_a_damaged_database(hall: Settings) -> None:
    conn = sqlite3.connect(hall.db_path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='service_items'").fetchone()
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(hall.db_path.read_bytes())
    data[(root[0] - 1) * page + 8 : root[0] * page] = b"\x07" * (page - 8)
    hall.db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged, match="快速检查未通过") as caught:
        open_database(hall)
    assert caught.value.path == hall.db_path
    assert hall.db_path.read_bytes() == bytes(data)


def test_the_restore_command_says_where_the_old_file_went(hall: Settings) -> None:
    done = backups.back_up(hall, NOON)
    rename_hall(hall, "改名以后的中心")

    def hallapp(*args: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, HALLAPP_DB=str(hall.db_path))
        return subprocess.run(
            [sys.executable, "-m", "hallapp", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    refused = hallapp("restore", str(hall.db_path.parent / "nothing.sqlite3"))
    assert refused.returncode == 1 and "找不到备份文件" in refused.stderr
    result = hallapp("restore", str(done.path))
    assert result.returncode == 0, result.stderr
    assert "原数据库已保留为" in result.stdout
    assert hall_name(hall.db_path) == DEMO_HALL.name
    manual = hallapp("backup")
    assert manual.returncode == 0 and "已备份并校验" in manual.stdout
