from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from hallapp.app import AppContext, open_database
from hallapp.config import Settings
from hallapp.services import halls
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.demo import DEMO_HALL, seed_demo
from tests.ui.conftest import make_window


def test_a_supervisor_edits_the_hall_by_keyboard(qtbot, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = open_database(settings)
    try:
        seed_demo(ctx.uow(), COMMAND_LINE)
        boss = halls.actor_for(ctx.read_uow(), "lijianguo")
        window = make_window(qtbot, ctx, boss, tmp_path)
        qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
        assert window.current_area() == "settings"
        view = window.settings_view
        assert view.name.text() == DEMO_HALL.name
        view.phone.selectAll()
        qtbot.keyClicks(view.phone, "0731-86909999")
        qtbot.keyClick(view.phone, Qt.Key.Key_Return)
        assert view.messages.text == "已保存"
        assert halls.hall_profile(ctx.read_uow()).phone == "0731-86909999"  # type: ignore[union-attr]
    finally:
        ctx.close()


def test_a_full_disk_keeps_the_form_and_says_so(qtbot, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = open_database(settings)
    seed_demo(ctx.uow(), COMMAND_LINE)
    with ctx.engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar()
    ctx.close()
    full = open_database(settings, extra_pragmas=(f"max_page_count={pages}",))
    try:
        boss = halls.actor_for(full.read_uow(), "lijianguo")
        window = make_window(qtbot, full, boss, tmp_path)
        window.show_area("settings")
        view = window.settings_view
        long_address = "示例县示例镇人民路" + "很长的地址" * 4000
        view.address.setText(long_address)
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
        assert "保存失败：磁盘已满" in view.messages.text
        assert view.address.text() == long_address
        assert view.save_button.isEnabled()
        assert halls.hall_profile(full.read_uow()) == DEMO_HALL
    finally:
        full.close()


def test_bad_office_hours_are_explained(qtbot, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = open_database(settings)
    try:
        seed_demo(ctx.uow(), COMMAND_LINE)
        boss = halls.actor_for(ctx.read_uow(), "lijianguo")
        window = make_window(qtbot, ctx, boss, tmp_path)
        window.show_area("settings")
        view = window.settings_view
        view.closing.setTime(view.opening.time().addSecs(-3600))
        view.save()
        assert view.messages.text == "服务中心信息有误"
        assert view.messages.detail_lines() == ["结束办公时间须晚于开始办公时间"]
        view.name.setText("")
        view.save()
        assert view.messages.detail_lines() == ["服务中心名称不能为空"]
        assert halls.hall_profile(ctx.read_uow()) == DEMO_HALL
    finally:
        ctx.close()


def test_a_clerk_cannot_change_hall_details(window) -> None:  # type: ignore[no-untyped-def]
    window.show_area("settings")
    assert not window.settings_view.save_button.isEnabled()
    assert "中心负责人或管理员" in window.settings_view.save_button.toolTip()


def test_warning_thresholds_are_a_hall_setting(qtbot, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hallapp.core.clock import WarningLevel, WarningThresholds
    from hallapp.services import cases
    from hallapp.services.hall_settings import warning_thresholds
    from tests.ui.test_register_support import make_case

    ctx = open_database(settings)
    try:
        seed_demo(ctx.uow(), COMMAND_LINE)
        boss = halls.actor_for(ctx.read_uow(), "lijianguo")
        case = make_case(ctx, boss)  # accepted 2026-03-02: many working days left that day
        assert (
            cases.case_detail(ctx.read_uow(), case.case_id, date(2026, 3, 2)).level
            is WarningLevel.NORMAL
        )
        window = make_window(qtbot, ctx, boss, tmp_path)
        window.show_area("settings")
        view = window.settings_view
        assert (view.warn_days.value(), view.warn_percent.value()) == (2, 33)
        view.warn_days.setValue(30)
        qtbot.mouseClick(view.warning_button, Qt.MouseButton.LeftButton)
        assert view.messages.text == "预警设置已保存"
        assert warning_thresholds(ctx.read_uow()) == WarningThresholds(30, 0.33)
        # The same case is now inside the warning window.
        assert (
            cases.case_detail(ctx.read_uow(), case.case_id, date(2026, 3, 2)).level
            is WarningLevel.WARNING
        )
    finally:
        ctx.close()


def test_the_lock_time_is_saved_and_announced(qtbot, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hallapp.services.hall_settings import idle_lock_minutes

    ctx = open_database(settings)
    try:
        seed_demo(ctx.uow(), COMMAND_LINE)
        boss = halls.actor_for(ctx.read_uow(), "lijianguo")
        window = make_window(qtbot, ctx, boss, tmp_path)
        window.show_area("settings")
        view = window.settings_view
        assert view.idle_minutes.value() == 10
        assert (view.idle_minutes.minimum(), view.idle_minutes.maximum()) == (1, 120)
        view.idle_minutes.setFocus()
        view.idle_minutes.selectAll()
        qtbot.keyClicks(view.idle_minutes, "15")
        with qtbot.waitSignal(view.idle_minutes_changed) as changed:
            qtbot.mouseClick(view.idle_button, Qt.MouseButton.LeftButton)
        assert changed.args == [15]
        assert view.messages.text == "锁定时间已保存：无操作15分钟后锁定"
        assert idle_lock_minutes(ctx.read_uow()) == 15
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("field", "button", "shown"),
    [("idle_minutes", "idle_button", 10), ("follow_up_days", "follow_up_button", 5)],
)
def test_a_clerk_sees_the_hall_rules_but_cannot_change_them(
    window, field: str, button: str, shown: int
) -> None:  # type: ignore[no-untyped-def]
    window.show_area("settings")
    view = window.settings_view
    assert getattr(view, field).value() == shown
    for widget in (getattr(view, field), getattr(view, button)):
        assert not widget.isEnabled()
        assert "中心负责人或管理员" in widget.toolTip()


def test_the_follow_up_limit_is_a_hall_setting(  # type: ignore[no-untyped-def]
    qtbot, demo: AppContext, supervisor: Actor, tmp_path: Path
) -> None:
    from hallapp.services.evaluations import follow_up_days

    window = make_window(qtbot, demo, supervisor, tmp_path)
    window.show_area("settings")
    view = window.settings_view
    assert view.follow_up_days.value() == 5
    assert (view.follow_up_days.minimum(), view.follow_up_days.maximum()) == (5, 15)
    view.follow_up_days.setFocus()
    view.follow_up_days.selectAll()
    qtbot.keyClicks(view.follow_up_days, "10")
    qtbot.mouseClick(view.follow_up_button, Qt.MouseButton.LeftButton)
    assert view.messages.text == "回访整改期限已保存：此后的不满意评价须在10个工作日内回访整改"
    assert follow_up_days(demo.read_uow()) == 10
