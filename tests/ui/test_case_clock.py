"""办理时限 in the case view: pauses and extensions, by keyboard, on the demo database.

The services stamp each change with the real clock, so the cases are accepted some working
days before the real today and the view reads its clock as of that day too.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from hallapp.app import AppContext
from hallapp.core.clock import PauseKind, WarningLevel
from hallapp.core.lifecycle import Action
from hallapp.services.actors import Actor
from hallapp.services.deadlines import Bucket, MonitorFilter
from hallapp.services.facade import HallServices
from hallapp.ui.operations import InlineExecutor
from hallapp.ui.register import CaseView
from hallapp.ui.register.clock_dialogs import ExtensionDialog, PauseDialog
from hallapp.ui.register.reason_dialog import TextDialog
from tests.ui.test_register_support import make_case, services_for
from tests.ui.typing import type_text

ITEM = "最低生活保障申请"  # promised 20, legal 30 working days: may be extended by 10
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def today() -> date:
    return date.today()


def _is_workday(services: HallServices, day: date) -> bool:
    return services.add_workdays(day - timedelta(days=1), 1).day == day


def workdays_before(services: HallServices, today: date, n: int) -> date:
    """The latest working day from which ``n`` working days end on or before ``today``."""
    day = today
    while True:
        day -= timedelta(days=1)
        if _is_workday(services, day) and services.add_workdays(day, n).day <= today:
            return day


def yellow_case(demo: AppContext, clerk: Actor, today: date, name: str = "张三") -> int:
    """A case with 3 of its 20 promised working days left: 预警."""
    accepted = workdays_before(services_for(demo, clerk), today, 17)
    case = make_case(demo, clerk, item=ITEM, name=name, now=datetime.combine(accepted, time(9, 30)))
    clock = services_for(demo, clerk).case_clock(case.case_id, today)
    assert clock.clock is not None and clock.clock.level is WarningLevel.WARNING
    return case.case_id


def open_view(qtbot: QtBot, demo: AppContext, actor: Actor, case_id: int, today: date) -> CaseView:
    view = CaseView(services_for(demo, actor), InlineExecutor(), today=lambda: today)
    qtbot.addWidget(view)
    view.resize(1150, 740)
    with qtbot.waitExposed(view):
        view.show()
    view.activateWindow()
    view.show_case(case_id)
    return view


def listed(services: HallServices, today: date, bucket: Bucket) -> set[int]:
    return {row.id for row in services.monitor_rows(today, MonitorFilter(bucket=bucket))}


def press(qtbot: QtBot, view: CaseView, key: Qt.Key) -> QDialog:
    """Alt+``key`` in the view; the dialog it opens, once it has the keyboard."""
    before = view.dialog
    view.activateWindow()  # back from a dialog that has just closed
    qtbot.waitUntil(view.isActiveWindow)
    view.setFocus()
    qtbot.keyClick(view, key, ALT)
    # A mnemonic clicks its button after a short animation, not at once.
    qtbot.waitUntil(lambda: view.dialog is not before and view.dialog is not None)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def typed(qtbot: QtBot, text: str) -> None:
    """Type into whatever has the keyboard, as the clerk does."""
    type_text(qtbot, focused(), text)


def test_a_case_paused_in_the_case_view_leaves_the_yellow_list(
    qtbot: QtBot, demo: AppContext, clerk: Actor, today: date
) -> None:
    case_id = yellow_case(demo, clerk, today)
    services = services_for(demo, clerk)
    assert case_id in listed(services, today, Bucket.WARNING)
    view = open_view(qtbot, demo, clerk, case_id, today)
    section = view.clock_section
    assert section.status.text() == "正在计时"
    assert section.level_chip.text() == "预警" and "#fff1c7" in section.level_chip.styleSheet()
    assert section.promised_left.text() == "还剩 3 个工作日"

    dialog = press(qtbot, view, Qt.Key.Key_A)  # 暂停计时…
    assert isinstance(dialog, PauseDialog) and dialog.kind is PauseKind.SUPPLEMENT
    assert QApplication.focusWidget() is dialog.reason
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # no reason: refused, the dialog stays
    assert dialog.isVisible() and dialog.hint.text() == "原因不能为空"
    typed(qtbot, "户口簿复印件不清晰")
    with qtbot.waitSignal(view.case_changed) as changed:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert changed.args == [case_id] and not dialog.isVisible()

    assert view.state_chip.text() == "补正中"
    assert section.status.text().startswith(f"暂停计时：补正，自 {today.isoformat()} 起")
    assert "户口簿复印件不清晰" in section.status.text()
    assert section.promised_left.text() == "还剩 3 个工作日（暂停中）"
    assert "暂停计时" in view.level_chip.text()
    assert view.messages.text == "已“要求补正”：受理 → 补正中，暂停计时"
    assert view.timeline.rows()[-1][2:] == ("要求补正", "受理 → 补正中", "户口簿复印件不清晰")
    assert section.pause_rows() == [
        ["补正", "", today.isoformat(), "尚未结束", "", clerk.name, "户口簿复印件不清晰"]
    ]
    assert case_id not in listed(services, today, Bucket.WARNING)
    assert case_id in listed(services, today, Bucket.PAUSED)
    assert not section.buttons["pause"].isEnabled()
    assert "请先恢复计时" in section.buttons["pause"].toolTip()


def test_ending_the_pause_puts_the_case_back_on_the_yellow_list(
    qtbot: QtBot, demo: AppContext, clerk: Actor, today: date
) -> None:
    case_id = yellow_case(demo, clerk, today)
    services = services_for(demo, clerk)
    services.start_pause(case_id, PauseKind.SUPPLEMENT, "缺少收入证明")
    view = open_view(qtbot, demo, clerk, case_id, today)
    assert view.state_chip.text() == "补正中"

    dialog = press(qtbot, view, Qt.Key.Key_K)  # 恢复计时…
    assert isinstance(dialog, TextDialog) and "补正完成" in dialog.windowTitle()
    typed(qtbot, "收入证明已补交")
    with qtbot.waitSignal(view.case_changed):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    assert view.state_chip.text() == "受理"
    assert view.clock_section.status.text() == "正在计时"
    assert view.clock_section.pause_rows()[0][3] == today.isoformat()  # closed today
    assert view.timeline.rows()[-1][2:] == ("补正完成", "补正中 → 受理", "收入证明已补交")
    assert case_id in listed(services, today, Bucket.WARNING)
    assert case_id not in listed(services, today, Bucket.PAUSED)


def test_escape_cancels_a_pause_and_nothing_changes(
    qtbot: QtBot, demo: AppContext, clerk: Actor, today: date
) -> None:
    case_id = yellow_case(demo, clerk, today)
    view = open_view(qtbot, demo, clerk, case_id, today)
    dialog = press(qtbot, view, Qt.Key.Key_A)
    typed(qtbot, "不用了")
    with qtbot.assertNotEmitted(view.case_changed), qtbot.assertNotEmitted(view.back):
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert view.state_chip.text() == "受理" and view.clock_section.pause_rows() == []


def test_a_special_procedure_records_its_procedure_and_approved_days(
    qtbot: QtBot, demo: AppContext, clerk: Actor, today: date
) -> None:
    case_id = yellow_case(demo, clerk, today)
    view = open_view(qtbot, demo, clerk, case_id, today)
    # Chosen in the action bar, it opens the same dialog with 特别程序 chosen.
    assert view.action_bar.buttons[Action.START_SPECIAL_PROCEDURE].text() == "启动特别程序…(&X)"
    dialog = press(qtbot, view, Qt.Key.Key_X)
    assert isinstance(dialog, PauseDialog) and dialog.kind is PauseKind.SPECIAL_PROCEDURE
    assert QApplication.focusWidget() is dialog.procedure
    qtbot.keyClick(dialog.procedure, Qt.Key.Key_Return)  # no procedure: refused
    assert dialog.isVisible() and "特别程序的名称" in dialog.hint.text()

    typed(qtbot, "检验")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.days
    qtbot.keyClick(dialog.days, Qt.Key.Key_Return)  # no approved days yet: refused
    assert dialog.isVisible() and "批准的期限" in dialog.hint.text()
    typed(qtbot, "10")
    qtbot.keyClick(dialog.days, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.reason
    typed(qtbot, "房屋安全性能检验")
    with qtbot.waitSignal(view.case_changed):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    assert view.state_chip.text() == "特别程序"
    pause = services_for(demo, clerk).case_clock(case_id, today).pauses[-1]
    assert (pause.kind, pause.procedure, pause.approved_days) == (
        PauseKind.SPECIAL_PROCEDURE,
        "检验",
        10,
    )
    status = view.clock_section.status.text()
    assert "特别程序（检验）" in status and "批准 10 个工作日" in status
    resume = services_for(demo, clerk).add_workdays(today, 10).day
    assert f"至 {resume.isoformat()}" in status
    assert view.clock_section.pause_rows()[-1][:5] == [
        "特别程序",
        "检验",
        today.isoformat(),
        "尚未结束",
        "10 个工作日",
    ]


def test_without_its_terms_a_special_procedure_is_refused(
    qtbot: QtBot, demo: AppContext, clerk: Actor, today: date
) -> None:
    case_id = yellow_case(demo, clerk, today)
    view = open_view(qtbot, demo, clerk, case_id, today)
    view.apply(Action.START_SPECIAL_PROCEDURE, "需要检验")  # the old path, without terms
    assert "须写明程序名称" in view.messages.text
    assert view.state_chip.text() == "受理" and view.clock_section.pause_rows() == []


def test_a_clerk_cannot_suspend_a_case(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor, today: date
) -> None:
    case_id = yellow_case(demo, clerk, today)
    view = open_view(qtbot, demo, clerk, case_id, today)
    assert not view.action_bar.buttons[Action.SUSPEND].isEnabled()
    dialog = press(qtbot, view, Qt.Key.Key_A)
    assert isinstance(dialog, PauseDialog)
    suspend = dialog.kind_buttons[PauseKind.SUSPENSION]
    assert not suspend.isEnabled() and "中心负责人" in suspend.toolTip()
    assert dialog.kind_buttons[PauseKind.SUPPLEMENT].isEnabled()
    dialog.reject()

    # The service is the guard: asked anyway, it refuses, and the clerk reads why.
    assert view.clock is not None
    view.clock_actions.start_pause(view.clock, PauseKind.SUSPENSION, "等待上级答复")
    assert view.messages.isVisible()
    assert "挂起需要中心负责人角色" in view.messages.text
    assert view.state_chip.text() == "受理" and view.clock_section.pause_rows() == []

    boss = open_view(qtbot, demo, supervisor, case_id, today)
    boss_dialog = press(qtbot, boss, Qt.Key.Key_A)
    assert isinstance(boss_dialog, PauseDialog)
    assert boss_dialog.kind_buttons[PauseKind.SUSPENSION].isEnabled()
    boss_dialog.reject()


def test_only_a_supervisor_resumes_a_suspended_case(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor, today: date
) -> None:
    case_id = yellow_case(demo, clerk, today)
    services_for(demo, supervisor).start_pause(case_id, PauseKind.SUSPENSION, "等待上级答复")
    view = open_view(qtbot, demo, clerk, case_id, today)
    end = view.clock_section.buttons["end"]
    assert not end.isEnabled() and end.toolTip() == "“恢复办理”需要中心负责人角色"
    assert "“恢复办理”需要中心负责人角色" in view.clock_section.note.text()  # said in words
    assert view.clock is not None
    view.clock_actions.end_pause(view.clock)
    assert "恢复办理需要中心负责人角色" in view.messages.text
    assert view.state_chip.text() == "挂起"


def test_an_approved_extension_moves_the_promised_date(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor, today: date
) -> None:
    case_id = yellow_case(demo, clerk, today)
    services = services_for(demo, clerk)
    before = services.case_clock(case_id, today).clock
    assert before is not None
    view = open_view(qtbot, demo, clerk, case_id, today)
    section = view.clock_section
    assert "还可申请 10 个" in section.note.text()

    dialog = press(qtbot, view, Qt.Key.Key_L)  # 申请延期…
    assert isinstance(dialog, ExtensionDialog) and dialog.days.maximum() == 10
    assert QApplication.focusWidget() is dialog.days
    typed(qtbot, "5")
    qtbot.keyClick(dialog.days, Qt.Key.Key_Tab)
    typed(qtbot, "需入户核查家庭经济状况")
    with qtbot.waitSignal(view.case_changed):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    assert view.messages.text == "已申请延期 5 个工作日，等待中心负责人批准"
    assert section.pending.isVisible() and "5 个工作日" in section.pending.text()
    assert not section.buttons["approve"].isEnabled()
    assert "中心负责人" in section.buttons["approve"].toolTip()
    assert not section.buttons["request"].isEnabled()  # one request at a time
    assert section.extension_rows()[0][:3] == ["5 个工作日", "需入户核查家庭经济状况", "待批准"]
    assert view.timeline.rows()[-1][2:4] == ("申请延期", "受理")

    boss = open_view(qtbot, demo, supervisor, case_id, today)
    approve = boss.clock_section.buttons["approve"]
    assert approve.isVisible() and approve.isEnabled()
    decision = press(qtbot, boss, Qt.Key.Key_I)  # 批准延期…
    with qtbot.waitSignal(boss.case_changed):
        qtbot.keyClick(decision, Qt.Key.Key_Return)  # a note is not needed to approve

    after = services.case_clock(case_id, today).clock
    assert after is not None
    moved = services.add_workdays(before.promised_due.day, 5).day
    assert after.promised_due.day == moved
    assert boss.clock_section.promised_due.text().startswith(moved.isoformat())
    assert boss.clock_section.extension_rows()[0][2] == "已批准"
    assert "延期 5 个工作日顺延" in boss.clock_section.moved.text()
    assert not boss.clock_section.pending.isVisible()


def test_an_extension_beyond_the_maximum_is_refused(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor, today: date
) -> None:
    case_id = yellow_case(demo, clerk, today)
    view = open_view(qtbot, demo, clerk, case_id, today)  # still sees 10 days to ask for
    boss = services_for(demo, supervisor)
    boss.decide_extension(boss.request_extension(case_id, 8, "专家评审意见分歧").id, True)

    dialog = press(qtbot, view, Qt.Key.Key_L)
    assert isinstance(dialog, ExtensionDialog)
    typed(qtbot, "5")
    qtbot.keyClick(dialog.days, Qt.Key.Key_Tab)
    typed(qtbot, "再次核查")
    with qtbot.assertNotEmitted(view.case_changed):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    assert view.messages.isVisible()
    assert "超过本事项最多可延长的10个工作日" in view.messages.text
    clock = services_for(demo, clerk).case_clock(case_id, today)
    assert [(e.days, e.status) for e in clock.extensions] == [(8, "approved")]
    # The view now shows the case as it is: 2 days are left to ask for.
    assert "还可申请 2 个" in view.clock_section.note.text()
    again = press(qtbot, view, Qt.Key.Key_L)
    assert isinstance(again, ExtensionDialog) and again.days.maximum() == 2
    again.reject()


def test_refusing_an_extension_needs_a_note(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor, today: date
) -> None:
    case_id = yellow_case(demo, clerk, today)
    services_for(demo, clerk).request_extension(case_id, 5, "需入户核查")
    view = open_view(qtbot, demo, supervisor, case_id, today)

    dialog = press(qtbot, view, Qt.Key.Key_O)  # 不批准…
    assert isinstance(dialog, TextDialog)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.hint.text() == "不批准须写明理由"
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert not dialog.isVisible()

    # Sent without a note anyway, the service refuses and nothing is decided.
    assert view.clock is not None and view.clock.pending is not None
    view.clock_actions.decide_extension(view.clock.pending, False, "")
    assert view.messages.text == "不批准延期须写明理由"
    assert view.clock is not None and view.clock.pending is not None

    dialog = press(qtbot, view, Qt.Key.Key_O)
    typed(qtbot, "理由不充分")
    with qtbot.waitSignal(view.case_changed):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert view.clock.pending is None
    assert view.clock_section.extension_rows()[0][2] == "未批准"
    assert view.clock_section.extension_rows()[0][5] == "理由不充分"
    assert view.clock_section.buttons["request"].isEnabled()
