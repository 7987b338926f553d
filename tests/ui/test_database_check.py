"""A large database opens at once and is checked in the background once the work areas are
filled: silence when it passes; a damaged page offers the newest backup (staged, put in
place at the next start) or 稍后处理 with a red warning that stays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hallapp import app as composition
from hallapp.app import AppContext, open_database
from hallapp.config import Settings
from hallapp.db.start_check import QuickCheck
from hallapp.errors import DatabaseDamaged
from hallapp.services import backups, catalogue
from hallapp.services.actors import COMMAND_LINE
from hallapp.services.database_check import DatabaseHealth
from hallapp.services.demo import seed_demo
from hallapp.services.halls import actor_for
from hallapp.ui.database_check import DatabaseCheck
from hallapp.ui.launch import _open_in_background, _Startup, open_or_recover
from hallapp.ui.main_window import MainWindow
from hallapp.ui.operations import InlineExecutor
from tests.support.damaged_page import damage_table_page

NOON = datetime(2026, 3, 18, 12, 0)
DAMAGED_TABLE = "case_prints"  # read only in a case's print history


class BoxAnswers:
    """Clicks through the message boxes as they open, one answer per box, in order."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.seen: list[QMessageBox] = []
        self.texts: list[str] = []
        QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        if not self.answers:
            return
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or any(box is seen for seen in self.seen):
            QTimer.singleShot(20, self._poll)
            return
        self.seen.append(box)
        self.texts.append(box.text())
        wanted = self.answers.pop(0)
        for button in box.buttons():
            if wanted in button.text() and button.isEnabled():
                button.click()
                break
        else:
            box.reject()  # the test then fails on what it expected to see
        QTimer.singleShot(20, self._poll)


@pytest.fixture
def hall(settings: Settings) -> Settings:
    ctx = open_database(settings)
    seed_demo(ctx.uow(), COMMAND_LINE)
    ctx.close()
    return settings


@pytest.fixture
def opened(hall: Settings) -> Iterator[list[AppContext]]:
    """Contexts a test opens, closed at its end (the check's worker is done by then)."""
    contexts: list[AppContext] = []
    yield contexts
    for ctx in contexts:
        ctx.close()


def fill_window(qtbot, qapp, ctx: AppContext, login: str, tmp_path: Path) -> _Startup:  # type: ignore[no-untyped-def]
    """What run_gui does once the login succeeded: the work areas filled for ``login``."""
    state = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    executor = InlineExecutor()
    window = MainWindow(None, executor, state, daily_backup=False, morning_reminder=False)
    qtbot.addWidget(window)
    window.show()
    startup = _Startup(qapp, window, ctx.settings, executor, state)
    startup.ctx = ctx
    startup.logged_in(actor_for(ctx.read_uow(), login))
    return startup


def started_check(startup: _Startup) -> DatabaseCheck:
    assert startup.check is not None
    return startup.check


def test_a_small_database_is_not_checked_again_in_the_window(  # type: ignore[no-untyped-def]
    qtbot, qapp, hall: Settings, opened: list[AppContext], tmp_path: Path
) -> None:
    ctx = open_database(hall, quick_check_below=1024 * 1024 * 1024)
    opened.append(ctx)
    startup = fill_window(qtbot, qapp, ctx, "zhangmin", tmp_path)
    assert startup.window.services is not None
    assert startup.check is None


def test_a_large_database_is_checked_after_the_window_is_filled_and_passes_silently(  # type: ignore[no-untyped-def]
    qtbot, qapp, hall: Settings, opened: list[AppContext], tmp_path: Path
) -> None:
    ctx = open_database(hall, quick_check_below=1)
    opened.append(ctx)
    assert ctx.quick_check_pending
    startup = fill_window(qtbot, qapp, ctx, "zhangmin", tmp_path)
    check = started_check(startup)
    assert startup.window.services is not None  # filled before the check has an answer
    with qtbot.waitSignal(check.passed, timeout=20000):
        pass
    assert not check.running_label.isVisible()
    assert not check.warning_button.isVisible()
    assert startup.window.statusBar().currentMessage() == ""
    assert QApplication.activeModalWidget() is None
    startup.logged_in(actor_for(ctx.read_uow(), "liujun"))  # 切换用户: no second check
    assert startup.check is check


def test_a_damaged_page_offers_the_newest_backup_put_in_place_at_the_next_start(  # type: ignore[no-untyped-def]
    qtbot, qapp, hall: Settings, tmp_path: Path
) -> None:
    backups.back_up(hall, NOON)
    newest = backups.back_up(hall, NOON.replace(hour=13))
    damage_table_page(hall.db_path, DAMAGED_TABLE)
    ctx = open_database(hall, quick_check_below=1)
    try:
        startup = fill_window(qtbot, qapp, ctx, "admin", tmp_path)
        check = started_check(startup)
        answers = BoxAnswers("恢复备份", "关闭程序")
        with qtbot.waitSignal(check.restart_needed, timeout=30000):
            pass
        assert not startup.window.isVisible()  # the program closes to finish the restore
    finally:
        ctx.close()
    offer, staged = answers.texts
    assert "数据库文件有损坏的页" in offer and str(hall.db_path) in offer
    assert str(newest.path) in offer and "2026-03-18 13:00" in offer
    assert "改名保留" in offer
    assert "再次启动" in staged
    assert backups.pending_restore_path(hall).is_file()
    assert QuickCheck(hall.db_path).run()  # nothing swapped while the app ran

    reopened = open_database(hall)
    try:
        assert not reopened.quick_check_pending
        assert catalogue.count_items(reopened.read_uow()) >= 40
    finally:
        reopened.close()
    kept = [
        p
        for p in hall.db_path.parent.glob(hall.db_path.name + ".replaced-*")
        if not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(kept) == 1 and QuickCheck(kept[0]).run()  # the damaged file, kept aside
    assert not backups.pending_restore_path(hall).exists()


def test_later_keeps_working_under_a_red_warning_and_a_clerk_needs_the_admin(  # type: ignore[no-untyped-def]
    qtbot, qapp, hall: Settings, opened: list[AppContext], tmp_path: Path
) -> None:
    backups.back_up(hall, NOON)
    damage_table_page(hall.db_path, DAMAGED_TABLE)
    ctx = open_database(hall, quick_check_below=1)
    opened.append(ctx)
    startup = fill_window(qtbot, qapp, ctx, "zhangmin", tmp_path)
    check = started_check(startup)
    answers = BoxAnswers("稍后处理")
    with qtbot.waitSignal(check.failed, timeout=20000):
        pass
    qtbot.waitUntil(lambda: not answers.answers and QApplication.activeModalWidget() is None)
    (box,) = answers.seen
    restore = [b for b in box.buttons() if "恢复备份" in b.text()]
    assert len(restore) == 1 and not restore[0].isEnabled()
    assert "恢复备份需要管理员角色" in answers.texts[0]
    assert box.defaultButton() is box.escapeButton()  # Enter or Esc: 稍后处理
    assert "稍后处理" in box.escapeButton().text()
    assert check.warning_button.isVisible()
    assert "损坏" in check.warning_button.text()
    assert not backups.pending_restore_path(hall).exists()
    assert startup.window.isVisible()
    assert catalogue.count_items(ctx.read_uow()) >= 40  # the rest of the file still serves

    again = BoxAnswers("稍后处理")
    check.warning_button.click()  # the red warning opens the offer again
    assert len(again.texts) == 1 and "数据库文件有损坏的页" in again.texts[0]
    assert check.warning_button.isVisible()


def test_without_a_backup_the_admin_is_told_to_get_help(  # type: ignore[no-untyped-def]
    qtbot, qapp, hall: Settings, opened: list[AppContext], tmp_path: Path
) -> None:
    damage_table_page(hall.db_path, DAMAGED_TABLE)
    ctx = open_database(hall, quick_check_below=1)
    opened.append(ctx)
    startup = fill_window(qtbot, qapp, ctx, "admin", tmp_path)
    check = started_check(startup)
    answers = BoxAnswers("稍后处理")
    with qtbot.waitSignal(check.failed, timeout=20000):
        pass
    qtbot.waitUntil(lambda: not answers.answers and QApplication.activeModalWidget() is None)
    (box,) = answers.seen
    assert "没有找到可用的备份" in answers.texts[0]
    assert not [b for b in box.buttons() if "恢复备份" in b.text()]
    assert check.warning_button.isVisible()
    assert not backups.pending_restore_path(hall).exists()


def test_a_closing_app_stops_the_check_without_a_verdict(  # type: ignore[no-untyped-def]
    qtbot, qapp, hall: Settings, opened: list[AppContext], tmp_path: Path
) -> None:
    damage_table_page(hall.db_path, DAMAGED_TABLE)
    ctx = open_database(hall, quick_check_below=1)
    opened.append(ctx)
    window = MainWindow(None, InlineExecutor(), None, daily_backup=False, morning_reminder=False)
    qtbot.addWidget(window)
    health = DatabaseHealth(hall, ctx.uow)
    check = DatabaseCheck(window, health, lambda: COMMAND_LINE)
    verdicts: list[object] = []
    check.passed.connect(lambda: verdicts.append("passed"))
    check.failed.connect(verdicts.append)
    check.stop()
    check.start()
    qtbot.waitUntil(lambda: check.running_label.isHidden())
    assert verdicts == [] and check.warning_button.isHidden()


def test_damage_met_while_opening_a_large_file_offers_the_restore(  # type: ignore[no-untyped-def]
    qtbot, hall: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(composition, "QUICK_CHECK_BEFORE_OPENING_BELOW", 1)
    backups.back_up(hall, NOON)
    damage_table_page(hall.db_path, "halls")  # read before the login dialog opens
    with pytest.raises(DatabaseDamaged, match="快速检查未通过") as caught:
        _open_in_background(hall)
    answers = BoxAnswers("恢复备份")
    restored = open_or_recover(hall, caught.value)
    assert restored is not None
    try:
        assert "损坏的文件会原样保留" in answers.texts[0]
        assert catalogue.count_items(restored.read_uow()) >= 40
    finally:
        restored.close()
    (kept,) = [
        p
        for p in hall.db_path.parent.glob(hall.db_path.name + ".replaced-*")
        if not p.name.endswith(("-wal", "-shm"))
    ]
    assert QuickCheck(kept).run()


def test_a_backup_that_fails_its_own_check_is_not_staged(  # type: ignore[no-untyped-def]
    qtbot, qapp, hall: Settings, opened: list[AppContext], tmp_path: Path
) -> None:
    newest = backups.back_up(hall, NOON)
    newest.path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 8000)  # the USB stick failed
    damage_table_page(hall.db_path, DAMAGED_TABLE)
    ctx = open_database(hall, quick_check_below=1)
    opened.append(ctx)
    startup = fill_window(qtbot, qapp, ctx, "admin", tmp_path)
    check = started_check(startup)
    answers = BoxAnswers("恢复备份", "")
    qtbot.waitUntil(lambda: len(answers.texts) == 2, timeout=20000)
    assert "恢复备份未完成" in answers.texts[1] and str(newest.path) in answers.texts[1]
    qtbot.waitUntil(check.warning_button.isEnabled)
    assert check.warning_button.isVisible() and check.running_label.isHidden()
    assert not backups.pending_restore_path(hall).exists()
    assert startup.window.isVisible()
