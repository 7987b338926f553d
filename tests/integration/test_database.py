"""The database file: migrations, durability settings, damaged and newer files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from hallapp.app import open_database
from hallapp.config import Settings
from hallapp.db.engine import create_sqlite_engine
from hallapp.db.schema import HEAD_REVISION, current_revision, script_head, upgrade_database
from hallapp.errors import DatabaseDamaged, DatabaseTooNew, StorageError
from hallapp.services import catalogue, halls, maintenance
from hallapp.services.actors import COMMAND_LINE
from hallapp.services.demo import DEMO_HALL, seed_demo


def test_head_constant_matches_the_migration_scripts() -> None:
    assert script_head() == HEAD_REVISION


def test_a_new_database_is_migrated_to_head_without_a_backup(settings: Settings) -> None:
    ctx = open_database(settings)
    try:
        assert ctx.migration.before is None
        assert ctx.migration.after == HEAD_REVISION
        assert ctx.migration.backup is None
        assert current_revision(settings.db_path) == HEAD_REVISION
    finally:
        ctx.close()


def test_connections_are_durable(settings: Settings) -> None:
    ctx = open_database(settings)
    try:
        with ctx.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
    finally:
        ctx.close()


@pytest.mark.parametrize("previous", ["0001", "0002", "0003", "0004", "0005", "0006"])
def test_upgrade_from_an_older_revision_keeps_data_and_backs_up_first(
    settings: Settings, previous: str
) -> None:
    engine = create_sqlite_engine(settings.db_path)
    upgrade_database(engine, settings.db_path, settings.backup_dir, target=previous)
    engine.dispose()
    assert current_revision(settings.db_path) == previous
    raw = sqlite3.connect(settings.db_path)
    with raw:
        raw.execute(
            "INSERT INTO halls (code, name, phone, address, opening_time, closing_time, created_at)"
            " VALUES ('430121104000', '示例镇便民服务中心', '', '', '08:30', '17:30', '2026-01-01')"
        )
    raw.close()

    ctx = open_database(settings)
    try:
        assert (ctx.migration.before, ctx.migration.after) == (previous, HEAD_REVISION)
        assert ctx.migration.backup is not None and ctx.migration.backup.exists()
        assert halls.hall_profile(ctx.read_uow()) == halls.HallProfile(
            "430121104000", "示例镇便民服务中心"
        )
        with ctx.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM calendar_overrides")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM cases")).scalar() == 0
    finally:
        ctx.close()
    backup = sqlite3.connect(ctx.migration.backup)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == (previous,)
    assert backup.execute("SELECT name FROM halls").fetchone() == ("示例镇便民服务中心",)
    backup.close()


def test_a_database_from_a_newer_version_is_refused_untouched(settings: Settings) -> None:
    open_database(settings).close()
    raw = sqlite3.connect(settings.db_path)
    with raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()
    before = settings.db_path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="更新版本的程序"):
        open_database(settings)
    assert settings.db_path.read_bytes() == before
    assert not settings.backup_dir.exists() or not any(settings.backup_dir.iterdir())


def test_a_file_that_is_not_sqlite_is_refused_untouched(settings: Settings) -> None:
    settings.db_path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 10)
    before = settings.db_path.read_bytes()
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(settings)
    assert str(settings.db_path) in caught.value.message
    assert settings.db_path.read_bytes() == before


def test_a_damaged_database_can_be_replaced_by_the_latest_backup(settings: Settings) -> None:
    ctx = open_database(settings)
    seed_demo(ctx.uow(), COMMAND_LINE)
    ctx.close()
    maintenance.back_up_now(settings)
    data = bytearray(settings.db_path.read_bytes())
    data[16:100] = b"\xff" * 84  # smash the header fields after the magic string
    settings.db_path.write_bytes(bytes(data))
    damaged = settings.db_path.read_bytes()
    with pytest.raises(DatabaseDamaged):
        open_database(settings)

    restored = maintenance.restore_latest_backup(settings)
    assert restored is not None
    assert restored.previous_file_kept_at.read_bytes() == damaged
    ctx = open_database(settings)
    try:
        assert halls.hall_profile(ctx.read_uow()) == DEMO_HALL
        assert catalogue.count_items(ctx.read_uow()) >= 40
    finally:
        ctx.close()


def test_a_full_disk_fails_the_save_cleanly(settings: Settings) -> None:
    ctx = open_database(settings)
    seed_demo(ctx.uow(), COMMAND_LINE)
    with ctx.engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar()
    ctx.close()
    # A real SQLITE_FULL: the file may not grow past its current size.
    full = open_database(settings, extra_pragmas=(f"max_page_count={pages}",))
    try:
        profile = halls.HallProfile(
            DEMO_HALL.code, DEMO_HALL.name, address="示例县示例镇人民路" + "很长的地址" * 4000
        )
        supervisor = halls.actor_for(full.read_uow(), "lijianguo")
        with pytest.raises(StorageError, match="磁盘已满"):
            halls.update_hall_profile(full.uow(), supervisor, profile)
        assert halls.hall_profile(full.read_uow()) == DEMO_HALL
    finally:
        full.close()


def test_a_read_only_database_fails_the_save_cleanly(settings: Settings) -> None:
    ctx = open_database(settings)
    seed_demo(ctx.uow(), COMMAND_LINE)
    ctx.close()
    ro = open_database(settings, extra_pragmas=("query_only=ON",))
    try:
        supervisor = halls.actor_for(ro.read_uow(), "lijianguo")
        changed = halls.HallProfile(DEMO_HALL.code, "改名的中心")
        with pytest.raises(StorageError, match="保存失败"):
            halls.update_hall_profile(ro.uow(), supervisor, changed)
    finally:
        ro.close()


def test_backups_are_verified_copies(settings: Settings, tmp_path: Path) -> None:
    ctx = open_database(settings)
    seed_demo(ctx.uow(), COMMAND_LINE)
    ctx.close()
    path = maintenance.back_up_now(settings, "test")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM service_items").fetchone()[0] >= 40
    conn.close()
    assert maintenance.latest_backup(settings) == path


CLOCK = "SELECT id, clock, due_no, legal_no, warn_no, promised_days, paused_since, resume_no FROM cases ORDER BY id"
TALLY = (
    "SELECT clock, due_no, legal_no, warn_no, n FROM clock_tally WHERE n > 0 ORDER BY 1, 2, 3, 4"
)


def test_upgrading_a_hall_with_cases_stores_their_clock_as_the_services_would(
    settings: Settings,
) -> None:
    from datetime import date

    from hallapp.db.schema import downgrade_database
    from hallapp.services.demo_cases import generate_cases

    ctx = open_database(settings)
    try:
        seed_demo(ctx.uow(), COMMAND_LINE)
        generate_cases(ctx.uow(), COMMAND_LINE, 400, seed=3, today=date.today())
        with ctx.engine.connect() as conn:
            clocks = conn.execute(text(CLOCK)).all()
            tally = conn.execute(text(TALLY)).all()
        assert any(c.clock == "stop" for c in clocks) and any(c.clock == "run" for c in clocks)
        downgrade_database(ctx.engine, "0003")
    finally:
        ctx.close()
    assert current_revision(settings.db_path) == "0003"

    ctx = open_database(settings)
    try:
        assert ctx.migration.before == "0003" and ctx.migration.backup is not None
        with ctx.engine.connect() as conn:
            assert conn.execute(text(CLOCK)).all() == clocks
            assert conn.execute(text(TALLY)).all() == tally
    finally:
        ctx.close()
