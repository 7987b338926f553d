"""期限: the deadline monitor, the status bar's figure, the day timer and the start-of-day
reminder, on a real database with cases in every level on a fixed day."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from hallapp.app import AppContext
from hallapp.core.clock import PauseKind
from hallapp.core.lifecycle import Action
from hallapp.services import case_clock, cases
from hallapp.services.actors import Actor
from hallapp.services.deadlines import Bucket, LevelCounts, MonitorRow
from hallapp.ui.main_window import MainWindow
from hallapp.ui.monitor.day_timer import LONGEST_WAIT_MS, DayTimer, next_refresh, opening_time
from hallapp.ui.monitor.monitor_model import MonitorTableModel
from hallapp.ui.monitor.monitor_view import MonitorView
from hallapp.ui.operations import InlineExecutor
from tests.ui.test_register_support import make_case, resident_id, services_for

TODAY = date(2026, 3, 20)  # a Friday; the next working day is Monday 23 March
NEXT_WORKDAY = date(2026, 3, 23)
# 临时救助申请 promises 7 working days (legal: 15); 预警 from 2 days left. Accepted on…
HALL = {
    "normal": ("王一", date(2026, 3, 20), False),
    "normal_next_yellow": ("王二", date(2026, 3, 16), True),  # turns 预警 on Monday
    "green": ("王三", date(2026, 3, 17), False),
    "warning": ("王四", date(2026, 3, 12), False),
    "yellow_today": ("王五", date(2026, 3, 13), True),
    "red_next": ("王六", date(2026, 3, 11), False),  # due today: 超期 on Monday
    "red_today": ("王七", date(2026, 3, 10), False),
    "overdue": ("王八", date(2026, 3, 5), False),
    "legal_today": ("王九", date(2026, 2, 27), True),  # past the legal date since today
    "legal": ("王十", date(2026, 2, 13), False),
    "paused": ("赵一", date(2026, 3, 18), False),
}
EXPECTED = LevelCounts(normal=3, warning=3, overdue=2, legal_overdue=2, paused=1)


def make_hall(ctx: AppContext, clerk: Actor, supervisor: Actor) -> dict[str, int]:
    """Open cases in every level on TODAY; those marked True taken in by the supervisor."""
    ids: dict[str, int] = {}
    for serial, (key, (name, day, by_supervisor)) in enumerate(HALL.items()):
        ids[key] = make_case(
            ctx,
            supervisor if by_supervisor else clerk,
            name=name,
            doc=resident_id(serial),
            now=datetime.combine(day, time(9, 30)),
            green_reason="八十岁以上老人" if key == "green" else "",
        ).case_id
    paused = ids["paused"]
    cases.apply_action(ctx.uow(), clerk, paused, Action.START_HANDLING, now=datetime(2026, 3, 18, 11))
    case_clock.start_pause(
        ctx.uow(), clerk, paused, PauseKind.SUPPLEMENT, "缺少户口簿", now=datetime(2026, 3, 19, 10)
    )
    return ids


@pytest.fixture
def hall(demo: AppContext, clerk: Actor, supervisor: Actor) -> dict[str, int]:
    return make_hall(demo, clerk, supervisor)


def open_window(  # type: ignore[no-untyped-def]
    qtbot, ctx: AppContext, actor: Actor, tmp_path: Path, today: object = None, reminder: bool = False
) -> MainWindow:
    state = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        services_for(ctx, actor),
        InlineExecutor(),
        state,
        today=today or (lambda: TODAY),  # type: ignore[arg-type]
        morning_reminder=reminder,
    )
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def monitor_for(ctx: AppContext, actor: Actor, page_size: int = 3) -> MonitorView:
    view = MonitorView(services_for(ctx, actor), InlineExecutor(), lambda: TODAY, page_size)
    view.refresh()
    return view


def fetch_all(model: MonitorTableModel, most: int = 50) -> list[MonitorRow]:
    for _ in range(most):
        if not model.canFetchMore():
            return [model.row_at(i) for i in range(model.rowCount())]
        model.fetchMore()
    raise AssertionError(f"still more to fetch after {most} pages")


def shown_count(view: MonitorView, bucket: Bucket) -> int:
    """The number the clerk reads on a level's button."""
    text = view.levels.buttons[bucket].count.text()
    match = re.search(r"\d+", text)
    assert match, text
    return int(match.group())


def checked(view: MonitorView) -> list[Bucket]:
    return [b for b, button in view.levels.buttons.items() if button.isChecked()]


def choose(combo, value: object) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(value)
    assert index > 0, value
    combo.setCurrentIndex(index)


# the table model ----------------------------------------------------------------------
def test_model_passes_the_qt_model_tester(
    demo: AppContext, clerk: Actor, hall: dict[str, int], qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    view = monitor_for(demo, clerk)
    assert view.model.rowCount() == 3 and view.model.canFetchMore()
    qtmodeltester.check(view.model, force_py=True)
    fetch_all(view.model)
    qtmodeltester.check(view.model, force_py=True)
    assert view.model.rowCount() == len(HALL)


def test_rows_come_in_order_of_time_left_in_pages(
    demo: AppContext, clerk: Actor, hall: dict[str, int]
) -> None:
    view = monitor_for(demo, clerk, page_size=4)
    rows = fetch_all(view.model)
    assert [r.id for r in rows[:2]] == [hall["legal"], hall["legal_today"]]
    assert rows[-1].id == hall["paused"]  # stopped clocks after the running ones
    running = [r.workdays_left for r in rows[:-1]]
    assert running == sorted(running)
    assert len({r.id for r in rows}) == len(HALL)  # no page repeats or skips a case


def test_a_row_shows_what_the_clerk_needs(
    demo: AppContext, clerk: Actor, hall: dict[str, int]
) -> None:
    view = monitor_for(demo, clerk, page_size=20)
    model = view.model
    row = model.row_of(hall["red_today"])
    texts = [model.index(row, c).data() for c in range(model.columnCount())]
    assert texts[MonitorTableModel.LEVEL] == "超期"
    assert texts[MonitorTableModel.NUMBER].endswith("-0001")
    assert texts[MonitorTableModel.APPLICANT].startswith("王七 ")
    assert "*" in texts[MonitorTableModel.APPLICANT]  # the ID is masked
    assert texts[MonitorTableModel.ITEM] == "临时救助申请"
    assert texts[MonitorTableModel.DAYS_LEFT] == "-1"
    assert texts[MonitorTableModel.PROMISED] == "2026-03-19"
    assert texts[MonitorTableModel.LEGAL] == "2026-03-31"
    assert texts[MonitorTableModel.STATE] == "受理"
    assert texts[MonitorTableModel.CLOCK] == ""
    assert texts[MonitorTableModel.CLERK] == "张敏"
    paused = model.row_of(hall["paused"])
    assert model.index(paused, MonitorTableModel.LEVEL).data() == "暂停计时"
    assert model.index(paused, MonitorTableModel.CLOCK).data() == "暂停：补正（缺少户口簿）"


# counts and levels ---------------------------------------------------------------------
def test_the_counts_match_the_rows_listed_in_each_level(
    demo: AppContext, clerk: Actor, hall: dict[str, int]
) -> None:
    view = monitor_for(demo, clerk)
    assert view.counts == EXPECTED
    rows = fetch_all(view.model)
    for bucket in Bucket:
        listed = sum(1 for r in rows if r.bucket is bucket)
        assert shown_count(view, bucket) == listed == EXPECTED.of(bucket), bucket
    assert view.total_label.text() == "在办共 11 件"
    assert view.count_label.text() == "共 11 件"


def test_clicking_a_count_lists_that_level_and_again_lists_all(  # type: ignore[no-untyped-def]
    qtbot, demo: AppContext, clerk: Actor, hall: dict[str, int]
) -> None:
    view = monitor_for(demo, clerk)
    qtbot.addWidget(view)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    for bucket in (Bucket.WARNING, Bucket.OVERDUE, Bucket.PAUSED):
        qtbot.mouseClick(view.levels.buttons[bucket], Qt.MouseButton.LeftButton)
        assert checked(view) == [bucket]
        rows = fetch_all(view.model)
        assert len(rows) == EXPECTED.of(bucket) and {r.bucket for r in rows} == {bucket}
        assert all(shown_count(view, b) == EXPECTED.of(b) for b in Bucket)  # counts stay
        assert view.levels.buttons[bucket].count.text().startswith("√")
    qtbot.mouseClick(view.levels.buttons[Bucket.PAUSED], Qt.MouseButton.LeftButton)
    assert checked(view) == []
    assert len(fetch_all(view.model)) == EXPECTED.total

    # The keyboard does the same: Alt+4 is the fourth level, pressed again lists all.
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert checked(view) == [Bucket.LEGAL_OVERDUE]
    assert {r.id for r in fetch_all(view.model)} == {hall["legal"], hall["legal_today"]}
    qtbot.keyClick(view.table, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert checked(view) == []


def test_a_clerk_filter_narrows_the_list_and_the_counts(
    demo: AppContext, clerk: Actor, supervisor: Actor, hall: dict[str, int]
) -> None:
    view = monitor_for(demo, clerk)
    choose(view.filters.clerk, supervisor.staff_id)
    rows = fetch_all(view.model)
    assert {r.clerk_name for r in rows} == {"李建国"}
    assert {r.id for r in rows} == {
        hall[k] for k, (_name, _day, by_supervisor) in HALL.items() if by_supervisor
    }
    assert view.counts == LevelCounts(normal=1, warning=1, legal_overdue=1)
    assert shown_count(view, Bucket.WARNING) == 1 and shown_count(view, Bucket.OVERDUE) == 0

    # A level on top of the clerk: both apply.
    view.choose_level(Bucket.LEGAL_OVERDUE)
    assert [r.id for r in fetch_all(view.model)] == [hall["legal_today"]]
    view.choose_level(None)
    view.filters.clear()
    assert view.counts == EXPECTED


def test_green_channel_and_item_filters(
    demo: AppContext, clerk: Actor, hall: dict[str, int]
) -> None:
    view = monitor_for(demo, clerk)
    choose(view.filters.green, True)
    assert [r.id for r in fetch_all(view.model)] == [hall["green"]]
    assert view.counts == LevelCounts(normal=1)
    view.filters.green.setCurrentIndex(0)
    assert view.filters.item.count() == 2  # 全部 and the one item with open cases
    assert view.filters.department.itemText(1) == "示例镇社会事务办公室"
    choose(view.filters.department, "示例镇社会事务办公室")
    assert view.counts == EXPECTED


def test_an_empty_list_says_so(  # type: ignore[no-untyped-def]
    qtbot, demo: AppContext, clerk: Actor, hall: dict[str, int]
) -> None:
    view = monitor_for(demo, clerk)
    qtbot.addWidget(view)
    view.show()
    assert not view.table.empty_label.isVisible()
    choose(view.filters.green, True)
    view.choose_level(Bucket.OVERDUE)
    assert view.model.rowCount() == 0
    assert view.table.empty_label.isVisible()
    assert view.table.empty_label.text() == "没有符合条件的在办件"


# the window ----------------------------------------------------------------------------
def test_enter_on_a_row_opens_the_case_and_esc_comes_back(  # type: ignore[no-untyped-def]
    qtbot, demo: AppContext, clerk: Actor, hall: dict[str, int], tmp_path: Path
) -> None:
    window = open_window(qtbot, demo, clerk, tmp_path)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "deadlines"
    monitor = window.monitor
    assert monitor.table.hasFocus()
    row = monitor.model.row_of(hall["red_today"])
    monitor.table.selectRow(row)
    qtbot.keyClick(monitor.table, Qt.Key.Key_Return)
    assert window.current_area() == "cases"
    assert window.case_view.case_id == hall["red_today"]
    assert "期限" in window.case_view.back_button.text()

    qtbot.keyClick(window.case_view, Qt.Key.Key_Escape)
    assert window.current_area() == "deadlines"

    # A double click opens a case too; from the register, 返回 leads to the register.
    index = monitor.model.index(monitor.model.row_of(hall["legal"]), MonitorTableModel.ITEM)
    rect = monitor.table.visualRect(index)
    # A real double click starts with a press; the view only opens what was pressed.
    qtbot.mouseClick(monitor.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(monitor.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.case_view.case_id == hall["legal"]
    window.case_view.back.emit()
    window.show_area("cases")
    window.register.open_case.emit(hall["normal"])
    assert "登记簿" in window.case_view.back_button.text()
    window.case_view.back.emit()
    assert window.current_area() == "cases"


def test_the_status_bar_follows_a_paused_case(  # type: ignore[no-untyped-def]
    qtbot, demo: AppContext, clerk: Actor, hall: dict[str, int], tmp_path: Path
) -> None:
    window = open_window(qtbot, demo, clerk, tmp_path)
    status = window.deadline_status
    assert status.isVisible()
    assert status.text() == "预警 3 件 · 超期 4 件"
    assert "#a3160b" in status.styleSheet()  # red while anything is overdue

    services = window.services
    assert services is not None
    services.apply_action(hall["warning"], Action.START_HANDLING)
    services.start_pause(hall["warning"], PauseKind.SUPPLEMENT, "缺少收入证明")
    assert status.text() == "预警 3 件 · 超期 4 件"  # nothing told the window yet
    window.case_view.case_changed.emit(hall["warning"])
    assert status.text() == "预警 2 件 · 超期 4 件"

    # The monitor, once opened, follows too.
    qtbot.mouseClick(status, Qt.MouseButton.LeftButton)
    assert window.current_area() == "deadlines"
    assert window.monitor.counts is not None and window.monitor.counts.paused == 2
    window.case_view.case_changed.emit(hall["warning"])
    assert shown_count(window.monitor, Bucket.PAUSED) == 2


def test_the_day_turning_reads_the_levels_for_the_new_day(  # type: ignore[no-untyped-def]
    qtbot, demo: AppContext, clerk: Actor, hall: dict[str, int], tmp_path: Path
) -> None:
    day = [TODAY]
    window = open_window(qtbot, demo, clerk, tmp_path, today=lambda: day[0])
    window.show_area("deadlines")
    assert window.deadline_status.text() == "预警 3 件 · 超期 4 件"
    day[0] = NEXT_WORKDAY
    window.deadlines.day_turned()
    expected = services_for(demo, clerk).level_counts(NEXT_WORKDAY)
    assert expected != EXPECTED
    assert window.deadline_status.warning == expected.warning
    assert window.deadline_status.overdue == expected.overdue + expected.legal_overdue
    assert window.monitor.counts == expected
    assert window.monitor.model.today == NEXT_WORKDAY


# the start of the day --------------------------------------------------------------------
def test_the_start_of_day_reminder_lists_todays_changes_and_prints(  # type: ignore[no-untyped-def]
    qtbot, demo: AppContext, clerk: Actor, hall: dict[str, int], tmp_path: Path
) -> None:
    window = open_window(qtbot, demo, clerk, tmp_path)
    assert window.deadlines.morning_dialog is None  # not unless asked for
    services = window.services
    assert services is not None
    dialog = window.deadlines.show_morning(services.day_changes(TODAY))
    qtbot.waitUntil(dialog.isActiveWindow)  # it comes to the front, the window stays usable
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.windowTitle() == "今日期限提醒"
    assert set(dialog.lists["red_today"].case_ids()) == {hall["red_today"], hall["legal_today"]}
    assert dialog.lists["yellow_today"].case_ids() == [hall["yellow_today"]]
    assert dialog.lists["red_next"].case_ids() == [hall["red_next"]]
    assert dialog.lists["yellow_next"].case_ids() == [hall["normal_next_yellow"]]

    opened: list[Path] = []
    dialog.opener = opened.append
    target = tmp_path / "晨会清单-2026-03-20.pdf"
    dialog.print_to(target)
    assert opened == [target]
    assert target.read_bytes().startswith(b"%PDF")
    assert "晨会清单已保存" in dialog.messages.text

    # Enter on a row opens its case; Esc closes the reminder.
    red = dialog.lists["red_today"]
    red.setFocus()
    red.setCurrentItem(red.topLevelItem(0))
    qtbot.keyClick(red, Qt.Key.Key_Return)
    assert window.case_view.case_id == red.case_ids()[0]
    qtbot.keyClick(red, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_reminder_shows_itself_once_a_day(  # type: ignore[no-untyped-def]
    qtbot, demo: AppContext, clerk: Actor, hall: dict[str, int], tmp_path: Path
) -> None:
    first = open_window(qtbot, demo, clerk, tmp_path, reminder=True)
    dialog = first.deadlines.morning_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    again = open_window(qtbot, demo, clerk, tmp_path, reminder=True)
    assert again.deadlines.morning_dialog is None
    # 今日提醒 in the monitor shows it on request all the same.
    again.show_area("deadlines")
    qtbot.mouseClick(again.monitor.morning_button, Qt.MouseButton.LeftButton)
    assert again.deadlines.morning_dialog is not None


# the day timer ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 3, 20, 6, 0), datetime(2026, 3, 20, 8, 30)),  # before opening
        (datetime(2026, 3, 20, 0, 0), datetime(2026, 3, 20, 8, 30)),  # just past midnight
        (datetime(2026, 3, 20, 8, 30), datetime(2026, 3, 21, 0, 0)),  # at opening: midnight
        (datetime(2026, 3, 20, 14, 0), datetime(2026, 3, 21, 0, 0)),
        (datetime(2026, 12, 31, 23, 59, 59), datetime(2027, 1, 1, 0, 0)),
    ],
)
def test_the_next_refresh_is_opening_time_or_midnight(now: datetime, expected: datetime) -> None:
    assert next_refresh(now, time(8, 30)) == expected


def test_the_opening_time_is_read_with_a_fallback() -> None:
    assert opening_time("07:45") == time(7, 45)
    assert opening_time("") == time(8, 30)
    assert opening_time("25:00") == time(8, 30)
    assert opening_time(None) == time(8, 30)


def test_the_day_timer_turns_once_the_moment_has_passed(qtbot) -> None:  # type: ignore[no-untyped-def]
    now = [datetime(2026, 3, 20, 17, 0)]
    timer = DayTimer(time(8, 30), now=lambda: now[0])
    timer.start()
    assert timer.due == datetime(2026, 3, 21, 0, 0)
    assert timer.interval_ms == LONGEST_WAIT_MS  # seven hours away: it looks again sooner
    turned: list[bool] = []
    timer.turned.connect(lambda: turned.append(True))
    timer._timer.timeout.emit()  # the wait is over, the moment is not: nothing turns
    assert turned == [] and timer.due == datetime(2026, 3, 21, 0, 0)
    now[0] = datetime(2026, 3, 21, 0, 0, 1)
    timer._timer.timeout.emit()
    assert turned == [True]
    assert timer.due == datetime(2026, 3, 21, 8, 30)
    timer.set_opening(time(8, 0))
    assert timer.due == datetime(2026, 3, 21, 8, 0)
    timer.stop()


def test_the_reminder_pops_up_by_itself_only_where_someone_sees_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hallapp.ui.main_window import MORNING_REMINDER_ENV, reminder_wanted

    monkeypatch.delenv(MORNING_REMINDER_ENV, raising=False)
    assert reminder_wanted(None) is False  # an offscreen window is read by nobody
    assert reminder_wanted(True) is True
    monkeypatch.setenv(MORNING_REMINDER_ENV, "1")
    assert reminder_wanted(None) is True
    monkeypatch.setenv(MORNING_REMINDER_ENV, "0")
    assert reminder_wanted(None) is False
