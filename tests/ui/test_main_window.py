from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from hallapp.app import AppContext
from hallapp.services.actors import Actor
from hallapp.services.complaints import register_complaint
from hallapp.services.halls import actor_for
from hallapp.ui.main_window import MainWindow
from hallapp.ui.pages import UnavailablePage
from tests.integration.test_complaints import ABOUT_LIUJUN
from tests.ui.conftest import make_window

AREAS = ["受理", "办件", "期限", "代办", "同步", "统计", "事项", "设置"]


def test_the_navigation_lists_every_work_area_in_chinese(window: MainWindow) -> None:
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == AREAS
    assert window.current_area() == "catalogue"


def test_every_work_area_is_built(window: MainWindow) -> None:
    assert not [k for k, page in window.pages.items() if isinstance(page, UnavailablePage)]


def test_status_bar_shows_hall_user_and_sync_state(window: MainWindow) -> None:
    assert window.hall_label.text() == "服务中心：示例镇便民服务中心"
    assert window.user_label.text() == "当前用户：张敏（窗口人员）"
    assert "同步" in window.sync_label.text()
    assert "示例镇便民服务中心" in window.windowTitle()


def test_ctrl_number_switches_area(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "settings"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "intake"
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "catalogue"


def test_window_geometry_is_remembered(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    first = make_window(qtbot, demo, clerk, tmp_path)
    # A size the window allows (above its minimum) and the offscreen screen can hold.
    least = first.minimumSizeHint()
    size = (max(least.width(), 700) + 10, max(least.height(), 460) + 10)
    first.resize(*size)
    first.close()
    assert QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat).contains(
        "main/geometry"
    )
    second = make_window(qtbot, demo, clerk, tmp_path)
    assert (second.width(), second.height()) == size


def test_chinese_text_is_drawn_with_the_shipped_font(window: MainWindow) -> None:
    family = window.nav.font().family()
    assert family == "WenQuanYi Micro Hei"
    image = window.nav.grab().toImage()
    dark = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if QColor(image.pixel(x, y)).lightness() < 100
    )
    assert dark > 200  # glyphs, not empty boxes or nothing at all


def test_the_window_shows_before_the_database_is_open(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from hallapp.services.facade import HallServices
    from hallapp.ui.operations import InlineExecutor
    from hallapp.ui.pages import LoadingPage

    state = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    shell = MainWindow(None, InlineExecutor(), state)
    qtbot.addWidget(shell)
    shell.show()
    assert isinstance(shell.pages["catalogue"], LoadingPage)
    assert shell.hall_label.text() == "正在打开数据库…"
    shell.show_area("settings")
    shell.attach(HallServices(demo.uow, demo.read_uow, clerk, demo.db_path))
    assert shell.current_area() == "settings"
    assert shell.stack.currentWidget() is shell.settings_tabs
    assert shell.hall_label.text() == "服务中心：示例镇便民服务中心"
    shell.show_area("catalogue")
    qtbot.waitUntil(lambda: shell.catalogue.model.rowCount() > 40, timeout=2000)


def test_ctrl_shift_e_opens_the_evaluation_screen_once(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from hallapp.ui.evaluation.screen import EvaluationScreen

    qtbot.keyClick(
        window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    screens = [w for w in QApplication.topLevelWidgets() if isinstance(w, EvaluationScreen)]
    assert len(screens) == 1 and screens[0].isVisible()
    screens[0].close()
    window.attach(window.services)  # 切换用户 builds the areas again: still one shortcut
    qtbot.keyClick(
        window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    again = [w for w in QApplication.topLevelWidgets() if isinstance(w, EvaluationScreen)]
    assert again == screens and screens[0].isVisible()
    screens[0].close()


def test_a_complaint_from_the_monitor_opens_in_its_tab(
    qtbot,  # type: ignore[no-untyped-def]
    demo: AppContext,
    clerk: Actor,
    tmp_path: Path,
) -> None:
    supervisor = actor_for(demo.read_uow(), "lijianguo")
    complaint = register_complaint(demo.uow(), clerk, ABOUT_LIUJUN)
    window = make_window(qtbot, demo, supervisor, tmp_path)
    window.show_area("deadlines")
    window.monitor.open_complaint.emit(complaint.id)
    assert window.current_area() == "reports"
    assert window.reports.currentIndex() == 3
    chosen = window.reports.complaints.selected()
    assert chosen is not None and chosen.number == complaint.number
