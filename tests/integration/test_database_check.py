"""The quick check of a large database after opening, on real files: a sound file passes
without a trace, a damaged page is logged (no folder, no personal data), recorded in the
audit trail and answered with the newest backup; a stopped check finds nothing."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
from sqlalchemy import select

from hallapp.app import open_database
from hallapp.config import Settings
from hallapp.db.models import AuditRecord
from hallapp.db.start_check import CheckStopped, QuickCheck
from hallapp.errors import DatabaseDamaged
from hallapp.services import backups
from hallapp.services.actors import COMMAND_LINE
from hallapp.services.audit_verify import verify_chain
from hallapp.services.database_check import CHECK_FAILED, DatabaseHealth
from hallapp.services.demo import seed_demo
from hallapp.services.halls import actor_for
from tests.support.damaged_page import damage_table_page

NOON = datetime(2026, 3, 18, 12, 0)
# Read only in a case's print history: the window opens on this damage without noticing.
DAMAGED_TABLE = "case_prints"


@pytest.fixture
def hall(settings: Settings) -> Settings:
    ctx = open_database(settings)
    seed_demo(ctx.uow(), COMMAND_LINE)
    ctx.close()
    return settings


def check_failures(settings: Settings) -> list[tuple[str, str, str]]:
    """Who was told, which file, and the detail of each failure in the audit trail."""
    ctx = open_database(settings, quick_check_below=1)
    try:
        with ctx.read_uow() as uow:
            query = select(AuditRecord).where(AuditRecord.action == CHECK_FAILED)
            return [(r.actor_name, r.entity_id, r.detail) for r in uow.session.scalars(query)]
    finally:
        ctx.close()


def test_a_small_file_is_still_checked_before_opening(hall: Settings) -> None:
    ctx = open_database(hall, quick_check_below=1024 * 1024 * 1024)
    assert not ctx.quick_check_pending
    ctx.close()
    damaged = damage_table_page(hall.db_path, DAMAGED_TABLE)
    with pytest.raises(DatabaseDamaged, match="快速检查未通过"):
        open_database(hall, quick_check_below=1024 * 1024 * 1024)
    assert hall.db_path.read_bytes() == damaged


def test_a_large_file_opens_at_once_with_its_check_pending(hall: Settings) -> None:
    damage_table_page(hall.db_path, DAMAGED_TABLE)
    ctx = open_database(hall, quick_check_below=1)
    try:
        assert ctx.quick_check_pending
    finally:
        ctx.close()


def test_a_sound_file_passes_without_a_trace(
    hall: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    ctx = open_database(hall, quick_check_below=1)
    try:
        admin = actor_for(ctx.read_uow(), "admin")
        assert DatabaseHealth(hall, ctx.uow).check(admin) is None
    finally:
        ctx.close()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert check_failures(hall) == []


def test_a_damaged_page_is_logged_recorded_and_answered_with_the_newest_backup(
    hall: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    backups.back_up(hall, NOON)
    newest = backups.back_up(hall, NOON.replace(hour=13))
    damage_table_page(hall.db_path, DAMAGED_TABLE)
    ctx = open_database(hall, quick_check_below=1)
    try:
        admin = actor_for(ctx.read_uow(), "admin")
        with caplog.at_level(logging.ERROR):
            failure = DatabaseHealth(hall, ctx.uow).check(admin)
        assert failure is not None
        assert failure.path == hall.db_path and failure.problem
        assert failure.newest_backup == newest.path
        assert failure.backup_taken == NOON.replace(hour=13)
        assert failure.recorded
        assert verify_chain(ctx.read_uow()).broken is None
    finally:
        ctx.close()
    (line,) = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert "quick check failed" in line and hall.db_path.name in line
    assert str(hall.db_path.parent) not in line
    ((told, file, detail),) = check_failures(hall)
    assert told == admin.name and file == hall.db_path.name
    assert failure.problem in detail


def test_without_backups_there_is_nothing_to_offer(hall: Settings) -> None:
    damage_table_page(hall.db_path, DAMAGED_TABLE)
    ctx = open_database(hall, quick_check_below=1)
    try:
        failure = DatabaseHealth(hall, ctx.uow).check(COMMAND_LINE)
    finally:
        ctx.close()
    assert failure is not None and failure.newest_backup is None and failure.backup_taken is None


def test_a_stopped_check_finds_nothing(hall: Settings) -> None:
    damage_table_page(hall.db_path, DAMAGED_TABLE)
    check = QuickCheck(hall.db_path)
    check.stop()
    with pytest.raises(CheckStopped):
        check.run()
    assert QuickCheck(hall.db_path).run()  # the same file, not stopped: the damage is found
    ctx = open_database(hall, quick_check_below=1)
    try:
        health = DatabaseHealth(hall, ctx.uow)
        health.stop()
        assert health.check(COMMAND_LINE) is None
    finally:
        ctx.close()
    assert check_failures(hall) == []
