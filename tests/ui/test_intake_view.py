"""一窗受理 screen: real widgets on the demo database, driven by the keyboard only."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from hallapp.app import AppContext
from hallapp.core.identity import DocumentType
from hallapp.core.intake import (
    Applicant,
    ApplicantKind,
    Decision,
    IntakeForm,
    MaterialLine,
    MaterialStatus,
)
from hallapp.core.lifecycle import State
from hallapp.services.actors import Actor
from hallapp.services.cases import CaseQuery
from hallapp.services.facade import HallServices
from hallapp.services.intake import new_form_key
from hallapp.ui.intake import IntakeView
from hallapp.ui.intake.materials_model import MaterialsModel
from hallapp.ui.operations import InlineExecutor
from tests.ui.typing import type_text

ID_ZHANG = "11010519491231002X"  # 女, born 1949-12-31
ID_LI = "110101199003070011"  # 男, born 1990-03-07
WRONG_CHECK_DIGIT = "110105194912310021"
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


# helpers shared with the other test_intake_* files ----------------------------------------
@pytest.fixture
def services(demo: AppContext, clerk: Actor) -> HallServices:
    return HallServices(demo.uow, demo.read_uow, clerk, demo.db_path)


def open_view(qtbot, services: HallServices, executor: Any = None, keep: bool = True) -> IntakeView:  # type: ignore[no-untyped-def]
    view = IntakeView(services, executor or InlineExecutor())
    if keep:  # closed by qtbot at the end of the test
        qtbot.addWidget(view)
    view.resize(1280, 800)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    return view


class Keyboard:
    """The clerk's keyboard: every key goes to the widget that has the focus, and is
    counted (a typed string counts one per character, IME commits included)."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.count = 0

    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def press(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        self.qtbot.keyClick(self.focus(), key, modifier)
        self.count += 1
        QApplication.processEvents()  # a real keyboard leaves the event loop time between keys
        if modifier & ALT:
            self.qtbot.wait(130)  # a mnemonic "clicks" its button after 100 ms

    def type(self, text: str) -> None:
        type_text(self.qtbot, self.focus(), text)
        self.count += len(text)
        QApplication.processEvents()


def double_click(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """What the mouse really sends: press, release, double-click (a press), release.
    (QTest.mouseDClick alone sends only the double-click event.)"""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton)


def pick_item(kb: Keyboard, view: IntakeView, keys: str) -> None:
    assert view.picker.search.hasFocus()
    kb.type(keys)
    kb.press(Qt.Key.Key_Return)
    assert view.picker.guide is not None
    assert view.applicant.doc_number.hasFocus()


def new_applicant(kb: Keyboard, number: str = ID_LI, name: str = "李四") -> None:
    kb.type(number)
    kb.press(Qt.Key.Key_Tab)
    kb.type(name)
    kb.press(Qt.Key.Key_Tab)
    kb.type("13912345678")


def case_count(services: HallServices) -> int:
    return len(services.case_ids(CaseQuery()))


def wait_saved(qtbot, view: IntakeView) -> int:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.result, timeout=2000)
    assert view.result.result is not None
    return view.result.result.case_id


def statuses(view: IntakeView) -> list[MaterialStatus]:
    return [m.status for m in view.materials.model.lines()]


def previous_case(services: HallServices, text: str = "临时救助") -> int:
    """A case made through the services for 张三, so that 张三 comes back as a returning
    applicant."""
    row = services.search_items(text)[0]
    guide = services.item_guide(row.version_id)
    lines = tuple(
        MaterialLine(
            m.name,
            m.form.value,
            m.copies,
            m.required,
            MaterialStatus.RECEIVED if m.required else MaterialStatus.NOT_APPLICABLE,
            True,
            m.copies,
        )
        for m in guide.spec.materials
    )
    form = IntakeForm(
        row.version_id,
        Applicant(
            ApplicantKind.PERSON,
            "张三",
            DocumentType.RESIDENT_ID,
            ID_ZHANG,
            "13800138000",
            "示例镇人民路2号",
        ),
        lines,
        idempotency_key=new_form_key(),
    )
    return services.submit_intake(form, Decision.ACCEPT).case_id


# full flows ------------------------------------------------------------------------------
def test_accept_by_keyboard_only(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    assert "临时救助申请" in view.picker.summary.text()
    assert "7个工作日" in view.picker.summary.text() and "15个工作日" in view.picker.summary.text()
    new_applicant(kb)
    assert "男" in view.applicant.identity.text() and "1990-03-07" in view.applicant.identity.text()
    kb.press(Qt.Key.Key_L, ALT)  # 全部已收
    assert all(
        m.status is MaterialStatus.RECEIVED for m in view.materials.model.lines() if m.required
    )
    with qtbot.waitSignal(view.case_saved) as saved:
        kb.press(Qt.Key.Key_Return, CTRL)
    case_id = saved.args[0]
    detail = services.case_detail(case_id)
    assert detail.state is State.ACCEPTED
    assert detail.applicant_name == "李四" and detail.applicant_phone == "13912345678"
    assert view.result.number.text() == detail.number
    assert view.result.password.text() == detail.query_password
    assert view.result.title.text() == "已受理"
    assert detail.promised_due is not None
    assert view.result.promised.text().startswith(detail.promised_due.day.isoformat())
    assert view.result.row_visible("promised") and view.result.row_visible("legal")
    assert view.result.next_button.hasFocus()


def test_one_time_notice_then_the_same_case_is_accepted(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    assert view.materials.table.hasFocus() and view.materials.table.current_row() == 0
    kb.press(Qt.Key.Key_2)  # 缺少
    kb.press(Qt.Key.Key_F2)
    kb.type("缺少户口簿首页")
    kb.press(Qt.Key.Key_Return)
    kb.press(Qt.Key.Key_Down)
    kb.press(Qt.Key.Key_3)  # 不符合要求
    kb.press(Qt.Key.Key_F2)
    kb.type("复印件不清晰，请重新复印")
    kb.press(Qt.Key.Key_Return)
    lines = view.materials.model.lines()
    assert (lines[0].status, lines[0].problem) == (MaterialStatus.MISSING, "缺少户口簿首页")
    assert (lines[1].status, lines[1].problem) == (
        MaterialStatus.DEFECTIVE,
        "复印件不清晰，请重新复印",
    )
    kb.press(Qt.Key.Key_N, ALT)  # 一次性告知
    case_id = wait_saved(qtbot, view)
    noticed = services.case_detail(case_id)
    assert noticed.state is State.AWAITING_SUPPLEMENT
    assert view.result.title.text() == "已一次性告知，待申请人补正"
    details = view.result.details.text().splitlines()
    assert details == [
        f"1. {lines[0].name}（缺少）：缺少户口簿首页",
        f"2. {lines[1].name}（不符合要求）：复印件不清晰，请重新复印",
    ]
    assert not view.result.row_visible("promised")

    kb.press(Qt.Key.Key_N, CTRL)  # 办理下一件
    view.resume_case(case_id)
    assert view.resume_note.isVisible() and noticed.number in view.resume_note.text()
    assert view.applicant.name.text() == "李四" and view.applicant.name.isReadOnly()
    assert view.applicant.doc_number.text() == "110***********0011"  # masked
    assert not view.picker.search.isEnabled()
    assert statuses(view)[:2] == [MaterialStatus.MISSING, MaterialStatus.DEFECTIVE]
    assert view.materials.table.hasFocus() and view.materials.table.current_row() == 0
    kb.press(Qt.Key.Key_L, ALT)
    with qtbot.waitSignal(view.case_saved) as saved:
        kb.press(Qt.Key.Key_Return, CTRL)
    assert saved.args[0] == case_id
    accepted = services.case_detail(case_id)
    assert accepted.state is State.ACCEPTED and accepted.number == noticed.number
    assert view.result.number.text() == noticed.number
    assert all(m.status == "received" for m in accepted.materials if m.required)
    assert case_count(services) == 1


def test_refusal_through_the_dialog(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_R, ALT)  # 不予受理…
    qtbot.waitUntil(lambda: view.refusal_dialog is not None and view.refusal_dialog.isVisible())
    dialog = view.refusal_dialog
    assert dialog is not None
    assert dialog.remedy.toPlainText().startswith("如对本决定不服")
    qtbot.waitUntil(dialog.text.hasFocus)
    kb.press(Qt.Key.Key_Return, CTRL)  # nothing written yet: refused by the dialog itself
    assert dialog.isVisible() and "具体理由" in dialog.error.text()
    kb.type("申请人户籍不在本镇，请向户籍地乡镇申请")
    kb.press(Qt.Key.Key_Tab)
    assert dialog.remedy.hasFocus()
    with qtbot.waitSignal(view.case_saved) as saved:
        kb.press(Qt.Key.Key_Return, CTRL)
    detail = services.case_detail(saved.args[0])
    assert detail.state is State.REFUSED
    assert detail.refusal_reason == "not_our_matter"
    assert detail.refusal_text == "申请人户籍不在本镇，请向户籍地乡镇申请"
    assert "六十日内" in detail.remedy_text
    assert view.result.title.text() == "不予受理"
    assert "户籍地乡镇" in view.result.details.text()


def test_on_the_spot_item(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    item = next(r for r in services.search_items("") if r.promised.on_the_spot)
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, item.name)
    assert view.decisions.on_the_spot_button.isEnabled()
    assert not view.decisions.accept_button.isEnabled()
    assert "即办件" in view.picker.summary.text()
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    with qtbot.waitSignal(view.case_saved) as saved:
        kb.press(Qt.Key.Key_Return, CTRL)  # the primary decision of a 即办 item is 即办
    detail = services.case_detail(saved.args[0])
    assert detail.state is State.COMPLETED
    assert detail.item_name == item.name
    assert view.result.title.text() == "已当场办结（即办）"


# the applicant ---------------------------------------------------------------------------
def test_a_returning_applicant_is_recognised_and_filled(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    previous_case(services)
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "gljt")
    kb.type(ID_ZHANG.lower())
    a = view.applicant
    assert a.returning.isVisible()
    assert a.returning.text() == "老申请人：已按上次办件填入，请核对"
    assert (a.name.text(), a.phone.text(), a.address.text()) == (
        "张三",
        "13800138000",
        "示例镇人民路2号",
    )
    assert "女" in a.identity.text() and "1949-12-31" in a.identity.text()
    assert a.doc_number.hasFocus()  # the clerk goes on as if nothing happened
    kb.press(Qt.Key.Key_Backspace)  # another number: the notice goes, typed values stay
    assert not a.returning.isVisible() and a.name.text() == "张三"


def test_a_wrong_check_digit_is_shown_and_nothing_is_saved(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb, number=WRONG_CHECK_DIGIT)
    number = view.applicant.doc_number
    assert "校验" in number.error_text and number.error.isVisible()
    assert view.applicant.identity.text() == ""
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_Return, CTRL)
    assert view.pages.currentWidget() is view.form_page
    assert view.messages.isVisible() and view.messages.text == "请先更正以下问题"
    assert any("校验" in line for line in view.messages.detail_lines())
    assert QApplication.focusWidget() is number
    assert case_count(services) == 0
    assert view.decisions.accept_button.isEnabled()  # the clerk fixes it and goes on


def test_errors_show_next_to_the_field_when_it_is_left(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    kb.type(ID_LI)
    kb.press(Qt.Key.Key_Tab)
    kb.type("张3")
    assert view.applicant.name.error_text == ""  # never while typing
    kb.press(Qt.Key.Key_Tab)
    assert "数字" in view.applicant.name.error_text
    kb.type("123")
    kb.press(Qt.Key.Key_Tab)
    assert "11位" in view.applicant.phone.error_text or "电话" in view.applicant.phone.error_text
    view.applicant.name.setFocus()
    kb.press(Qt.Key.Key_End)
    kb.press(Qt.Key.Key_Backspace)
    assert view.applicant.name.error_text == ""  # gone as soon as it is right


def test_rare_characters_and_middle_dots_are_kept(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb, name="𠮷·阿卜杜")
    kb.press(Qt.Key.Key_L, ALT)
    with qtbot.waitSignal(view.case_saved) as saved:
        kb.press(Qt.Key.Key_Return, CTRL)
    assert services.case_detail(saved.args[0]).applicant_name == "𠮷·阿卜杜"


# saving once, and failing safely -----------------------------------------------------------
class DeferredExecutor:
    """Holds each operation until :meth:`run`: a save still in flight, as on a slow disk."""

    def __init__(self) -> None:
        self.jobs: list[
            tuple[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]]
        ] = []

    def submit(
        self,
        work: Callable[[], Any],
        ok: Callable[[Any], None],
        bad: Callable[[BaseException], None],
    ) -> None:
        self.jobs.append((work, ok, bad))

    def run(self) -> int:
        done = 0
        while self.jobs:
            work, ok, bad = self.jobs.pop(0)
            try:
                value = work()
            except Exception as exc:
                bad(exc)
            else:
                ok(value)
            done += 1
        return done


def test_two_ctrl_enter_make_one_case(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    form = view.form()
    kb.press(Qt.Key.Key_Return, CTRL)
    kb.press(Qt.Key.Key_Return, CTRL)
    assert case_count(services) == 1
    # The same form sent again (a lost answer, a retry) is replayed, not made twice.
    again = services.submit_intake(form, Decision.ACCEPT)
    assert again.replayed and again.number == view.result.number.text()
    assert case_count(services) == 1
    kb.press(Qt.Key.Key_X, ALT)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    double_click(qtbot, view.decisions.accept_button)
    assert view.pages.currentWidget() is view.result
    assert case_count(services) == 2


def test_a_double_click_while_saving_makes_one_case(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    executor = DeferredExecutor()
    view = open_view(qtbot, services, executor)
    executor.run()  # the draft check at start-up
    kb = Keyboard(qtbot)
    kb.type("lsjz")
    kb.press(Qt.Key.Key_Return)  # faster than the search: the pick waits for its answer
    executor.run()
    assert view.picker.guide is not None and view.picker.guide.spec.name == "临时救助申请"
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    executor.run()  # the returning-applicant look-up
    view.drafts.stop()
    button = view.decisions.accept_button
    double_click(qtbot, button)
    assert len(executor.jobs) == 1  # the first click of the two is saving
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    kb.press(Qt.Key.Key_Return, CTRL)
    view.decide(Decision.ACCEPT)
    assert view.decisions.busy and not button.isEnabled()
    assert "正在保存" in view.decisions.status.text()
    assert len(executor.jobs) == 1  # one save in flight, nothing else queued
    assert case_count(services) == 0
    executor.run()
    assert view.pages.currentWidget() is view.result
    assert case_count(services) == 1


class FailingServices(HallServices):
    def __init__(self, base: HallServices, error: Exception) -> None:
        super().__init__(base._uow, base._read, base.actor, base.db_path)
        self.error: Exception | None = error

    def submit_intake(self, form: IntakeForm, decision: Decision, refusal: Any = None) -> Any:
        if self.error is not None:
            raise self.error
        return super().submit_intake(form, decision, refusal)


def test_a_full_disk_keeps_everything_typed(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    from hallapp.errors import StorageError

    failing = FailingServices(
        services, StorageError("保存失败：磁盘已满。已填写的内容没有丢失，请处理后重试。")
    )
    view = open_view(qtbot, failing)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    key = view.form_key
    kb.press(Qt.Key.Key_Return, CTRL)
    assert view.messages.text.startswith("保存失败：磁盘已满")
    assert view.pages.currentWidget() is view.form_page
    assert (view.applicant.doc_number.text(), view.applicant.name.text()) == (ID_LI, "李四")
    assert statuses(view)[0] is MaterialStatus.RECEIVED
    assert view.decisions.accept_button.isEnabled() and view.form_key == key
    failing.error = None
    with qtbot.waitSignal(view.case_saved):
        kb.press(Qt.Key.Key_Return, CTRL)
    assert case_count(services) == 1


def test_permission_denied_is_shown(qtbot, demo: AppContext) -> None:  # type: ignore[no-untyped-def]
    from hallapp.services.halls import actor_for

    agent = actor_for(demo.read_uow(), "wangfang")  # 代办员: may not take cases in
    services = HallServices(demo.uow, demo.read_uow, agent, demo.db_path)
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_Return, CTRL)
    assert "窗口受理需要" in view.messages.text and "王芳" in view.messages.text
    assert case_count(services) == 0


# drafts ----------------------------------------------------------------------------------
def test_a_draft_comes_back_after_a_crash(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services, keep=False)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb, name="王𠮷")
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_Down)
    kb.press(Qt.Key.Key_2)
    kb.press(Qt.Key.Key_F2)
    kb.type("未带原件")
    kb.press(Qt.Key.Key_Return)
    view.green.enabled.setFocus()
    kb.press(Qt.Key.Key_Space)
    kb.type("高龄")
    before = view.materials.model.lines()
    key = view.form_key
    assert view.drafts.timer.isActive()
    view.drafts.timer.timeout.emit()  # a second after the last key
    stored = services.load_draft()
    assert stored is not None and stored["applicant"]["name"] == "王𠮷"  # type: ignore[index]
    shiboken6.delete(view)  # the crash: nothing else is saved

    view = open_view(qtbot, services)
    assert view.banner.isVisible() and "临时救助申请" in view.banner.text.text()
    assert "王𠮷" in view.banner.text.text()
    kb.press(Qt.Key.Key_H, ALT)  # 恢复
    assert not view.banner.isVisible()
    assert view.picker.guide is not None and view.picker.guide.spec.name == "临时救助申请"
    assert view.applicant.doc_number.text() == ID_LI
    assert view.applicant.name.text() == "王𠮷"
    assert view.applicant.phone.text() == "13912345678"
    assert view.materials.model.lines() == before
    assert view.materials.model.lines()[1].problem == "未带原件"
    assert view.green.enabled.isChecked() and view.green.reason.text() == "高龄"
    assert view.form_key == key
    view.materials.table.setFocus()
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_Return, CTRL)
    assert view.pages.currentWidget() is view.result
    assert services.load_draft() is None  # gone with the saved case


def test_a_draft_can_be_discarded(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    services.save_draft({"v": 1, "key": "k", "item": None, "applicant": {"name": "半截"}})
    view = open_view(qtbot, services)
    assert view.banner.isVisible()
    kb = Keyboard(qtbot)
    kb.press(Qt.Key.Key_D, ALT)
    assert not view.banner.isVisible() and services.load_draft() is None
    assert view.applicant.name.text() == "" and view.picker.search.hasFocus()


def test_next_applicant_gets_an_empty_form_and_a_fresh_key(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_Return, CTRL)
    first_key = view.form_key
    kb.press(Qt.Key.Key_X, ALT)  # 办理下一件
    assert view.pages.currentWidget() is view.form_page
    assert view.picker.search.hasFocus() and view.picker.guide is None
    assert view.applicant.doc_number.text() == "" and view.materials.model.rowCount() == 0
    assert view.form_key != first_key
    assert not view.decisions.accept_button.isEnabled()
    kb.press(Qt.Key.Key_N, CTRL)  # on the form, Ctrl+N never throws a form away
    assert view.pages.currentWidget() is view.form_page


# the benchmark: a returning applicant, everything in hand ------------------------------------
MAX_KEYSTROKES = 45


def test_keystrokes_for_a_returning_applicant(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    previous_case(services)
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    kb.type("gljt")  # 高龄津贴申领 by its pinyin initials
    kb.press(Qt.Key.Key_Return)
    kb.type(ID_ZHANG)  # 张三 is known: name, phone and address fill in
    kb.press(Qt.Key.Key_L, ALT)  # 全部已收
    with qtbot.waitSignal(view.case_saved) as saved:
        kb.press(Qt.Key.Key_Return, CTRL)  # 受理
    detail = services.case_detail(saved.args[0])
    assert detail.state is State.ACCEPTED
    assert detail.item_name == "高龄津贴申领"
    assert (detail.applicant_name, detail.applicant_phone) == ("张三", "13800138000")
    assert kb.count <= MAX_KEYSTROKES
    assert kb.count == 4 + 1 + 18 + 1 + 1
    out = os.environ.get("HALLAPP_KEYSTROKES_OUT")
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            json.dump({"keystrokes": kb.count}, handle)


def test_the_materials_model_is_a_sound_qt_model(qtmodeltester, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    from hallapp.ui.intake.materials_model import lines_from_spec

    guide = services.item_guide(services.search_items("lsjz")[0].version_id)
    model = MaterialsModel()
    model.set_lines(lines_from_spec(guide.spec.materials))
    model.add_extra()
    model.set_status(0, MaterialStatus.DEFECTIVE)
    qtmodeltester.check(model)
