from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor

from hallapp.app import AppContext
from hallapp.core.workdays import DayKind
from hallapp.services.actors import Actor
from hallapp.services.facade import HallServices
from hallapp.ui.main_window import MainWindow
from hallapp.ui.operations import InlineExecutor
from hallapp.ui.year_grid import FILL
from tests.ui.typing import type_text

TODAY = date(2026, 11, 28)


def open_calendar(qtbot, ctx: AppContext, actor: Actor, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    services = HallServices(ctx.uow, ctx.read_uow, actor, ctx.db_path)
    state = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, InlineExecutor(), state, today=lambda: TODAY)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.show_area("settings")
    window.settings_tabs.setCurrentWidget(window.calendar_view)
    return window


def test_a_make_up_saturday_shows_as_a_working_day(
    qtbot, demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = open_calendar(qtbot, demo, clerk, tmp_path).calendar_view
    view.year.setValue(2026)
    saturday = date(2026, 2, 14)  # 春节调休上班
    assert saturday.weekday() == 5
    view.grid.select(saturday)
    assert view.kind_label.text() == "调休上班"
    assert view.name_label.text() == "春节调休上班"
    assert view.source_label.text() == "国家公布（内置）"
    image = view.grid.grab().toImage()
    corner = view.grid.cell_rect(saturday).topLeft()
    assert QColor(image.pixel(corner.x() + 3, corner.y() + 3)) == FILL[DayKind.MAKEUP_WORKDAY]
    holiday = view.grid.cell_rect(date(2026, 2, 16)).topLeft()
    assert QColor(image.pixel(holiday.x() + 3, holiday.y() + 3)) == FILL[DayKind.HOLIDAY]


def test_the_banner_warns_in_november_that_2027_is_missing(
    qtbot, demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = open_calendar(qtbot, demo, clerk, tmp_path).calendar_view
    assert view.banner.isVisible()
    assert "尚未载入2027年节假日安排" in view.banner.text()
    view.year.setValue(2027)
    assert "仅按周末休息计算" in view.known_label.text()
    assert not view.edit_box.isEnabled()
    assert "中心负责人或管理员" in view.edit_box.toolTip()


def test_arrow_keys_move_the_selected_day(
    qtbot, demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = open_calendar(qtbot, demo, clerk, tmp_path).calendar_view
    view.grid.setFocus()
    assert view.grid.selected == TODAY
    qtbot.keyClick(view.grid, Qt.Key.Key_Right)
    qtbot.keyClick(view.grid, Qt.Key.Key_Down)
    assert view.grid.selected == date(2026, 12, 6)
    assert view.day_label.text() == "2026-12-06 周日"


def test_an_override_edited_here_changes_workdays_add(
    qtbot, demo: AppContext, supervisor: Actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    def cli_add() -> str:
        env = dict(os.environ, HALLAPP_DB=str(demo.db_path))
        result = subprocess.run(
            [sys.executable, "-m", "hallapp", "workdays", "add", "2026-12-04", "1"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert cli_add() == "2026-12-07"
    view = open_calendar(qtbot, demo, supervisor, tmp_path).calendar_view
    assert view.edit_box.isEnabled()
    view.grid.select(date(2026, 12, 5))  # a Saturday
    assert view.new_kind.currentText() == "工作日（上班）"
    type_text(qtbot, view.new_name, "年终结算上班")
    type_text(qtbot, view.reason, "县政府办通知")
    qtbot.keyClick(view.reason, Qt.Key.Key_Return)
    assert "2026-12-05 已改为调休上班" in view.messages.text
    assert view.source_label.text() == "本中心修改"
    assert cli_add() == "2026-12-05"

    type_text(qtbot, view.reason, "通知撤销")
    qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    assert cli_add() == "2026-12-07"


def test_a_reason_is_required(qtbot, demo: AppContext, supervisor: Actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_calendar(qtbot, demo, supervisor, tmp_path).calendar_view
    view.grid.select(date(2026, 12, 5))
    view.save_day()
    assert view.messages.text == "请填写修改原因"
    assert view.grid.info(date(2026, 12, 5)).kind is DayKind.WEEKEND


def test_importing_the_2027_arrangement_in_the_view(
    qtbot, demo: AppContext, supervisor: Actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = open_calendar(qtbot, demo, supervisor, tmp_path).calendar_view
    view.import_file(Path(__file__).resolve().parents[1] / "data" / "calendar-2027-test.json")
    assert view.messages.text == "已导入2027年节假日安排，共 21 天；0 件在办件的期限随之调整"
    assert view.year.value() == 2027
    assert view.known_label.text() == "已载入该年节假日安排"
    assert not view.banner.isVisible()


def test_the_deadline_calculator_marks_provisional_dates(
    qtbot, demo: AppContext, supervisor: Actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    view = open_calendar(qtbot, demo, supervisor, tmp_path).calendar_view
    view.calc_start.setDate(QDate(2025, 9, 26))
    view.calc_days.setValue(5)
    assert view.calc_result.text() == "2025-10-10"
    assert view.calc_result.toolTip() == ""
    view.calc_start.setDate(QDate(2026, 12, 25))
    view.calc_days.setValue(10)
    assert view.calc_result.text() == "2027-01-08（暂定）"
    assert "尚未载入节假日安排的年份（2027年）" in view.calc_result.toolTip()
    view.import_file(Path(__file__).resolve().parents[1] / "data" / "calendar-2027-test.json")
    assert view.calc_result.text() == "2027-01-11"
