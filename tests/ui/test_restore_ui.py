"""恢复备份 in the settings area (admin only) and the daily backup while the window is open."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings

from hallapp.app import AppContext, open_database
from hallapp.config import Settings
from hallapp.services import backups, halls
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.demo import DEMO_HALL
from hallapp.services.facade import HallServices
from hallapp.ui.main_window import MainWindow
from hallapp.ui.operations import InlineExecutor
from hallapp.ui.recovery import BackupWatch
from hallapp.ui.settings_view import SettingsView

NOON = datetime(2026, 3, 18, 12, 0)


def settings_view(qtbot, ctx: AppContext, actor: Actor) -> SettingsView:  # type: ignore[no-untyped-def]
    view = SettingsView(HallServices(ctx.uow, ctx.read_uow, actor, ctx.db_path), InlineExecutor())
    qtbot.addWidget(view)
    view.show()
    return view


def test_the_admin_restores_a_backup_at_the_next_start(  # type: ignore[no-untyped-def]
    qtbot, demo: AppContext, settings: Settings
) -> None:
    done = backups.back_up(settings, NOON)
    halls.update_hall_profile(demo.uow(), COMMAND_LINE, replace(DEMO_HALL, name="改名以后的中心"))
    view = settings_view(qtbot, demo, COMMAND_LINE)
    box = view.backup_box
    assert "2026-03-18 12:00" in box.last_label.text()
    assert box.restore_button.isEnabled()
    asked: list[Path] = []
    box.choose_file = lambda: done.path
    box.confirm = lambda path: asked.append(path) or True
    with qtbot.waitSignal(box.restart_needed, timeout=5000):
        box.restore_button.click()
    assert asked == [done.path]
    assert "再次启动时换上这份备份" in box.result_label.text()
    demo.close()

    reopened = open_database(settings)
    try:
        assert halls.hall_profile(reopened.read_uow()) == DEMO_HALL
    finally:
        reopened.close()
    assert list(settings.db_path.parent.glob("*.replaced-*"))


def test_declining_the_confirmation_changes_nothing(  # type: ignore[no-untyped-def]
    qtbot, demo: AppContext, settings: Settings
) -> None:
    done = backups.back_up(settings, NOON)
    view = settings_view(qtbot, demo, COMMAND_LINE)
    box = view.backup_box
    box.choose_file = lambda: done.path
    box.confirm = lambda path: False
    box.restore_button.click()
    assert not backups.pending_restore_path(settings).exists()
    assert box.result_label.text() == ""


def test_a_clerk_cannot_restore(qtbot, demo: AppContext, clerk: Actor, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    done = backups.back_up(settings, NOON)
    view = settings_view(qtbot, demo, clerk)
    box = view.backup_box
    assert not box.restore_button.isEnabled()
    assert "管理员" in box.restore_button.toolTip()
    box.choose_file = lambda: done.path
    box.confirm = lambda path: True
    box.restore()  # the service refuses as well, whatever the button says
    assert "恢复备份需要管理员角色" in box.result_label.text()
    assert clerk.name in box.result_label.text()
    assert not backups.pending_restore_path(settings).exists()


def test_a_damaged_backup_is_refused_in_the_window(  # type: ignore[no-untyped-def]
    qtbot, demo: AppContext, settings: Settings, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x07" * 8000)
    view = settings_view(qtbot, demo, COMMAND_LINE)
    box = view.backup_box
    box.choose_file = lambda: junk
    box.confirm = lambda path: True
    box.restore_button.click()
    assert "恢复备份未完成" in box.result_label.text()
    assert box.restore_button.isEnabled()
    assert not backups.pending_restore_path(settings).exists()


def test_the_daily_backup_runs_once_per_day_and_says_when_it_fails(  # type: ignore[no-untyped-def]
    qtbot, demo: AppContext, settings: Settings, tmp_path: Path
) -> None:
    clock = [NOON]
    watch = BackupWatch(settings, InlineExecutor(), lambda: clock[0])
    said: list[str] = []
    watch.done.connect(said.append)
    watch.start()
    assert watch.timer.isActive()
    watch.check()
    assert len(said) == 1 and "已完成并校验" in said[0]
    clock[0] = NOON + timedelta(days=1, hours=-11)  # past midnight, the window still open
    watch.check()
    assert len(said) == 2
    assert len(list(settings.backup_dir.glob("*.sqlite3"))) == 2

    usb = replace(settings, backup_dir=tmp_path / "E盘" / "备份")
    failing = BackupWatch(usb, InlineExecutor(), lambda: NOON)
    problems: list[str] = []
    failing.problem.connect(problems.append)
    failing.check()
    assert problems and "备份盘未插入" in problems[0] and str(usb.backup_dir) in problems[0]


def test_the_main_window_backs_up_in_the_background(  # type: ignore[no-untyped-def]
    qtbot, demo: AppContext, clerk: Actor, settings: Settings, tmp_path: Path
) -> None:
    services = HallServices(demo.uow, demo.read_uow, clerk, demo.db_path)
    state = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, InlineExecutor(), state, daily_backup=True)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "已完成并校验" in window.statusBar().currentMessage(), timeout=20000)
    assert len(list(settings.backup_dir.glob("*.sqlite3"))) == 1
    window.close()
