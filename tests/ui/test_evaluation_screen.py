"""好差评评价器: the applicant rates a case on the counter's screen; the rating is recorded
through the service, and whatever goes wrong is told to the clerk, not the applicant."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from hallapp.app import AppContext
from hallapp.core.evaluation import EvaluationChannel, Rating
from hallapp.core.intake import Decision
from hallapp.services import evaluations
from hallapp.services.actors import Actor
from hallapp.services.evaluations import EvaluationForm
from hallapp.services.intake import IntakeResult
from hallapp.ui.evaluation import (
    EvaluationScreen,
    applicant_screen,
    install_evaluation_shortcut,
)
from hallapp.ui.main_window import MainWindow
from hallapp.ui.operations import InlineExecutor
from hallapp.ui.register import CaseView
from tests.ui.conftest import make_window
from tests.ui.test_case_view import open_view
from tests.ui.test_register_support import ID_ZHANG, make_case, services_for
from tests.ui.typing import type_text

LEVEL_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5)


def done_case(demo: AppContext, clerk: Actor, doc: str = ID_ZHANG) -> IntakeResult:
    """居住证明 is done on the spot (即办): the case is 办结 at once, ready to be rated."""
    return make_case(demo, clerk, item="居住证明", decision=Decision.ON_THE_SPOT, doc=doc)


def saved(demo: AppContext, case_id: int) -> evaluations.EvaluationView | None:
    return evaluations.evaluation_of(demo.read_uow(), case_id, date.today())


def send_to_screen(qtbot, view: CaseView) -> EvaluationScreen:  # type: ignore[no-untyped-def]
    """The clerk presses Ctrl+E in the case view."""
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    screen = view.evaluation_desk.screen
    assert screen is not None
    qtbot.addWidget(screen)
    return screen


def screen_text(screen: EvaluationScreen) -> str:
    return "\n".join(label.text() for label in screen.findChildren(QLabel) if label.isVisible())


def test_the_applicant_rates_by_key_and_the_case_view_shows_it(
    qtbot, demo: AppContext, clerk: Actor
) -> None:  # type: ignore[no-untyped-def]
    case = done_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    section = view.evaluation_section
    assert section.isVisibleTo(view) and section.ask_button.isEnabled()
    assert section.none_label.text() == "申请人尚未评价。"

    screen = send_to_screen(qtbot, view)
    assert screen.isVisible() and screen.page == "rating"
    assert not screen.isFullScreen()  # one monitor here: a window the clerk can move
    assert case.number in screen.case_label.text() and "居住证明" in screen.case_label.text()
    assert "请您对本次服务进行评价" in screen_text(screen)
    assert "已请申请人在评价屏上评价" in view.messages.text
    assert not screen.submit_button.isEnabled()

    qtbot.keyClick(screen, Qt.Key.Key_2)
    assert screen.rating is Rating.SATISFIED
    assert not screen.comment.isVisibleTo(screen)
    qtbot.keyClick(screen, Qt.Key.Key_Return)

    assert screen.page == "thanks" and "感谢您的评价" in screen_text(screen)
    rated = saved(demo, case.case_id)
    assert rated is not None
    assert (rated.rating, rated.channel, rated.comment) == (
        Rating.SATISFIED,
        EvaluationChannel.SCREEN,
        "",
    )
    assert rated.recorded_by == clerk.name and rated.follow_up is None
    assert section.text("rating") == "满意" and section.text("channel") == "窗口评价屏"
    assert view.messages.text == "申请人已评价：满意"
    assert not section.ask_button.isVisibleTo(view) and not section.enter_button.isVisibleTo(view)

    # The thanks stays for a few seconds: the timer's own slot brings back 欢迎评价.
    assert screen.thanks_timer.isActive() and screen.thanks_timer.isSingleShot()
    screen.thanks_timer.timeout.emit()
    assert screen.page == "idle" and "欢迎评价" in screen_text(screen)
    assert screen.rating is None


def test_keys_one_to_five_pick_the_levels_from_left_to_right(qtbot) -> None:  # type: ignore[no-untyped-def]
    screen = EvaluationScreen(thanks_ms=1234)
    qtbot.addWidget(screen)
    assert screen.thanks_timer.interval() == 1234
    qtbot.keyClick(screen, Qt.Key.Key_1)  # nobody is rating: the idle page takes no keys
    assert screen.page == "idle" and screen.rating is None

    screen.show()
    screen.ask("430121104000-20261127-0001", "居住证明")
    qtbot.keyClick(screen, Qt.Key.Key_Return)  # nothing picked yet: nothing sent
    assert screen.page == "rating" and not screen.busy
    labels = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    for n, (key, rating) in enumerate(zip(LEVEL_KEYS, Rating, strict=True)):
        button = screen.level_buttons[rating]
        assert button.text() == f"{labels[n]}\n{n + 1}"
        qtbot.keyClick(screen, key)
        assert screen.rating is rating and button.isChecked()
        assert [r for r, b in screen.level_buttons.items() if b.isChecked()] == [rating]
        assert screen.comment.isVisible() == rating.needs_follow_up
        assert screen.comment_label.text() == "请告诉我们哪里做得不好"
        assert screen.submit_button.isEnabled()
    # A new case starts with nothing picked.
    screen.ask("430121104000-20261127-0002", "居住证明")
    assert screen.rating is None and not any(b.isChecked() for b in screen.level_buttons.values())


def test_a_bad_rating_asks_what_went_wrong_and_opens_a_follow_up(
    qtbot, demo: AppContext, clerk: Actor
) -> None:  # type: ignore[no-untyped-def]
    case = done_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    screen = send_to_screen(qtbot, view)
    qtbot.mouseClick(screen.level_buttons[Rating.VERY_DISSATISFIED], Qt.MouseButton.LeftButton)
    assert screen.comment.isVisible() and screen.comment_label.isVisible()
    type_text(qtbot, screen.comment, "排队时间太长")
    qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)

    assert screen.page == "thanks" and "尽快与您联系" in screen_text(screen)
    rated = saved(demo, case.case_id)
    assert rated is not None and rated.rating is Rating.VERY_DISSATISFIED
    assert rated.comment == "排队时间太长"
    follow_up = rated.follow_up
    assert follow_up is not None and follow_up.closed_on is None
    assert follow_up.due_on > follow_up.opened_on
    section = view.evaluation_section
    assert section.text("rating") == "非常不满意" and section.text("comment") == "排队时间太长"
    assert section.text("follow_up").startswith("剩余")
    assert section.text("due").startswith(follow_up.due_on.isoformat())
    assert view.messages.text == "申请人已评价：非常不满意，已生成回访整改"


def test_a_comment_for_a_good_rating_is_not_kept(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    case = done_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    screen = send_to_screen(qtbot, view)
    qtbot.keyClick(screen, Qt.Key.Key_4)
    type_text(qtbot, screen.comment, "态度不好")
    qtbot.keyClick(screen, Qt.Key.Key_1)  # changed their mind: the box goes, and its text
    assert not screen.comment.isVisible()
    qtbot.keyClick(screen, Qt.Key.Key_Enter)
    rated = saved(demo, case.case_id)
    assert rated is not None and rated.rating is Rating.VERY_SATISFIED and rated.comment == ""


def test_an_already_rated_case_is_told_to_the_clerk_not_the_applicant(
    qtbot, demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:  # type: ignore[no-untyped-def]
    case = done_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    screen = send_to_screen(qtbot, view)
    # Meanwhile the supervisor enters the applicant's paper form.
    form = EvaluationForm(case.case_id, Rating.BASIC, EvaluationChannel.PAPER)
    evaluations.record_evaluation(demo.uow(), supervisor, form)

    qtbot.keyClick(screen, Qt.Key.Key_1)
    qtbot.keyClick(screen, Qt.Key.Key_Return)

    assert screen.page == "idle" and not screen.busy
    assert "已评价" not in screen_text(screen) and "没有保存" not in screen_text(screen)
    assert view.messages.isVisible()
    assert view.messages.text.startswith(f"办件 {case.number} 的评价没有保存：")
    assert "该办件已评价" in view.messages.text
    rated = saved(demo, case.case_id)
    assert rated is not None and (rated.rating, rated.channel) == (
        Rating.BASIC,
        EvaluationChannel.PAPER,
    )


class QueuedExecutor:
    """Keeps each operation until :meth:`run_all`, as the worker thread does while the
    database is busy."""

    def __init__(self) -> None:
        self.queue: list[tuple[Callable[[], Any], Any, Any]] = []

    def submit(self, work: Callable[[], Any], ok: Any, bad: Any) -> None:
        self.queue.append((work, ok, bad))

    def run_all(self) -> None:
        while self.queue:
            work, ok, bad = self.queue.pop(0)
            try:
                value = work()
            except Exception as exc:
                bad(exc)
            else:
                ok(value)


def test_the_screen_waits_for_the_save_and_takes_no_second_press(
    qtbot, demo: AppContext, clerk: Actor
) -> None:  # type: ignore[no-untyped-def]
    case = done_case(demo, clerk)
    executor = QueuedExecutor()
    view = CaseView(services_for(demo, clerk), executor)
    qtbot.addWidget(view)
    view.show()
    view.show_case(case.case_id)
    executor.run_all()
    view.ask_applicant_rating()
    screen = view.evaluation_desk.screen
    assert screen is not None
    qtbot.addWidget(screen)
    executor.run_all()  # the hall's name
    assert "示例" in screen.hall_labels[1].text()

    qtbot.keyClick(screen, Qt.Key.Key_3)
    qtbot.keyClick(screen, Qt.Key.Key_Return)
    assert screen.busy and screen.submit_button.text() == "正在提交…"
    assert not screen.submit_button.isEnabled()
    assert not screen.level_buttons[Rating.BASIC].isEnabled()
    qtbot.keyClick(screen, Qt.Key.Key_Return)
    qtbot.keyClick(screen, Qt.Key.Key_1)
    assert len(executor.queue) == 1 and screen.rating is Rating.BASIC
    assert saved(demo, case.case_id) is None  # nothing is written on the UI thread

    executor.run_all()
    assert screen.page == "thanks"
    rated = saved(demo, case.case_id)
    assert rated is not None and rated.rating is Rating.BASIC


def test_the_screen_faces_the_applicant_on_the_other_monitor() -> None:
    assert applicant_screen(["clerk", "counter"], "clerk") == "counter"
    assert applicant_screen(["counter", "clerk"], "clerk") == "counter"
    assert applicant_screen(["clerk"], "clerk") is None
    assert applicant_screen([], None) is None


def test_ctrl_shift_e_opens_the_windows_one_screen(
    qtbot, demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(qtbot, demo, clerk, tmp_path)
    services = services_for(demo, clerk)
    desk = install_evaluation_shortcut(window, services, InlineExecutor())
    qtbot.keyClick(
        window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    screen = desk.screen
    assert screen is not None and screen.isVisible()
    qtbot.addWidget(screen)
    assert screen.page == "idle" and "欢迎评价" in screen_text(screen)
    profile = services.hall_profile()
    assert profile is not None and profile.name in screen_text(screen)

    # 切换用户 installs again: still one action, and its keys still work.
    assert install_evaluation_shortcut(window, services, InlineExecutor()) is desk
    actions = [a for a in window.actions() if a.objectName() == "open_evaluation_screen"]
    assert len(actions) == 1 and isinstance(actions[0], QAction)
    screen.close()
    qtbot.keyClick(
        window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert screen.isVisible() and desk.screen is screen
    # The case view sends its cases to the same screen.
    assert window.case_view.evaluation_desk is desk

    window.close()  # the applicant's screen closes with the clerk's window
    assert not screen.isVisible()
