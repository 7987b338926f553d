"""回访整改 through the real widgets on the demo database: the open follow-ups the most
urgent first with their levels in the monitor's colours, 整改回访办结 by the supervisor
with its outcome (greyed with the role for anyone else), the closed ones on request, and
a row opening its case."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from hallapp.app import AppContext
from hallapp.core.evaluation import Rating
from hallapp.services import evaluations
from hallapp.services.actors import Actor
from hallapp.services.deadlines import Bucket
from hallapp.services.facade import HallServices
from hallapp.ui.monitor.texts import BUCKET_COLOURS
from hallapp.ui.operations import InlineExecutor
from hallapp.ui.supervision.follow_ups_view import LEVEL_COLUMN, FollowUpsView
from tests.integration.test_evaluations import completed, rate, refused
from tests.ui.test_complaints_view import activate, alt, press, typed

# Both follow-ups open on Tue 09-29 (due Mon 10-12) and Fri 10-09 (due Fri 10-16).
TODAY = date(2026, 10, 13)


def two_follow_ups(demo: AppContext, clerk: Actor) -> tuple[int, int]:
    late = refused(demo, clerk, serial=1)
    rate(demo, clerk, late, Rating.VERY_DISSATISFIED, comment="窗口说不清要补什么材料")
    soon = completed(demo, clerk, now=datetime(2026, 10, 9, 9), serial=2)
    rate(demo, clerk, soon, Rating.DISSATISFIED, now=datetime(2026, 10, 9, 10))
    return late, soon


def open_view(qtbot: QtBot, demo: AppContext, actor: Actor) -> FollowUpsView:
    services = HallServices(demo.uow, demo.read_uow, actor, demo.db_path)
    view = FollowUpsView(services, InlineExecutor(), lambda: TODAY)
    qtbot.addWidget(view)
    view.resize(1150, 600)
    view.show()
    activate(qtbot, view)
    return view


def cell(view: FollowUpsView, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    return view.model.data(view.model.index(row, column), role)


def test_open_follow_ups_are_listed_the_most_urgent_first_in_the_monitors_colours(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    late, soon = two_follow_ups(demo, clerk)
    view = open_view(qtbot, demo, supervisor)
    assert [f.case_id for f in view.model.rows()] == [late, soon]
    assert cell(view, 0, 1) == "非常不满意" and cell(view, 0, 2) == "窗口说不清要补什么材料"
    assert cell(view, 0, 3) == "2026-09-29" and cell(view, 0, 4) == "2026-10-12"
    assert cell(view, 0, LEVEL_COLUMN) == "超期（超1个工作日）"
    assert cell(view, 1, LEVEL_COLUMN).startswith("预警（剩")
    background = cell(view, 0, LEVEL_COLUMN, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush)
    assert background.color().name() == BUCKET_COLOURS[Bucket.OVERDUE][0]
    assert view.count_label.text() == "共 2 条"


def test_the_supervisor_closes_a_follow_up_with_its_outcome(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    late, soon = two_follow_ups(demo, clerk)
    view = open_view(qtbot, demo, supervisor)
    changed: list[bool] = []
    view.changed.connect(lambda: changed.append(True))
    assert view.close_button.isEnabled()

    alt(qtbot, view, Qt.Key.Key_C)
    dialog = view.dialog
    assert dialog is not None
    assert "评价“非常不满意”：窗口说不清要补什么材料" in dialog.prompt.text()
    activate(qtbot, dialog)
    press(qtbot, Qt.Key.Key_Return)  # nothing written: it says so and stays
    assert dialog.isVisible() and dialog.hint.text() == "整改结果不能为空"
    typed(qtbot, "已电话回访致歉，窗口增设材料清单提示牌")
    press(qtbot, Qt.Key.Key_Return)

    assert not dialog.isVisible() and changed == [True]
    rated = evaluations.evaluation_of(demo.read_uow(), late, TODAY)
    assert rated is not None and rated.follow_up is not None
    closed = rated.follow_up
    assert closed.outcome == "已电话回访致歉，窗口增设材料清单提示牌"
    assert closed.closed_on is not None and closed.handler_name == "李建国"
    assert view.messages.text == f"办件 {closed.case_number} 的回访整改已办结"
    assert [f.case_id for f in view.model.rows()] == [soon]  # open ones only

    alt(qtbot, view, Qt.Key.Key_S)  # 显示已办结
    rows = view.model.rows()
    assert [f.case_id for f in rows] == [soon, late]
    assert cell(view, 1, LEVEL_COLUMN) == "已办结"
    assert cell(view, 1, 7).startswith("已电话回访致歉，窗口增设材料清单提示牌（")
    view.table.selectRow(1)
    assert not view.close_button.isEnabled()
    assert view.close_button.toolTip() == f"该回访整改已于 {closed.closed_on.isoformat()} 办结"


def test_a_clerk_sees_closing_greyed_with_the_role_it_needs(
    qtbot: QtBot, demo: AppContext, clerk: Actor
) -> None:
    two_follow_ups(demo, clerk)
    view = open_view(qtbot, demo, clerk)
    assert view.model.rowCount() == 2  # the list is for everyone to see
    assert not view.close_button.isEnabled()
    assert view.close_button.toolTip() == "办结回访整改需要中心负责人角色"
    assert view.ask_outcome() is None and view.messages.text == view.close_button.toolTip()


def test_enter_on_a_follow_up_opens_its_case(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    late, soon = two_follow_ups(demo, clerk)
    view = open_view(qtbot, demo, supervisor)
    view.table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.open_case) as opened:
        press(qtbot, Qt.Key.Key_Return)
    assert opened.args == [soon]
    with qtbot.waitSignal(view.open_case) as opened:
        view.table.doubleClicked.emit(view.model.index(0, 0))
    assert opened.args == [late]


def test_no_follow_ups_says_so(qtbot: QtBot, demo: AppContext, supervisor: Actor) -> None:
    view = open_view(qtbot, demo, supervisor)
    assert view.model.rowCount() == 0
    assert view.table.empty_label.isVisible()
    assert view.table.empty_label.text() == "没有待办的回访整改"
    assert not view.close_button.isEnabled()
    assert view.close_button.toolTip() == "请先在列表中选择一条回访整改"
