"""代办 through the case view's real widgets: a case from a village agent point, its agent,
the materials passing from hand to hand, two county departments (one asks for more
materials), completion and delivery by the agent; and the refusals shown in words."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from hallapp.app import AppContext
from hallapp.core.lifecycle import Action, State
from hallapp.services.actors import Actor
from hallapp.services.delivery import DeliveryMethod
from hallapp.services.forwarding import ForwardReply
from hallapp.ui.operations import InlineExecutor
from hallapp.ui.register import CaseView
from hallapp.ui.register.agent_dialogs import AgentServiceDialog
from hallapp.ui.register.custody_dialog import HandoverDialog
from hallapp.ui.register.delivery_dialog import DeliveryDialog
from hallapp.ui.register.forward_dialogs import ForwardDialog, ReplyDialog
from hallapp.ui.register.reason_dialog import TextDialog
from tests.ui.test_register_support import ID_LI, make_case, services_for
from tests.ui.typing import type_text

APPLICANT = "申请人：张三"
VILLAGE_AGENT = "村代办员：赵春兰"
TOWNSHIP_AGENT = "镇代办员：王芳"
WINDOW = "受理窗口"


def _open(qtbot: QtBot, demo: AppContext, actor: Actor, case_id: int) -> CaseView:
    view = CaseView(services_for(demo, actor), InlineExecutor(), today=date.today)
    qtbot.addWidget(view)
    view.resize(1280, 900)
    with qtbot.waitExposed(view):
        view.show()
    view.show_case(case_id)
    return view


def _pick(combo: QComboBox, text: str) -> None:
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    combo.setCurrentIndex(index)


def _dialog(view: CaseView, kind: type[QDialog]) -> QDialog:
    dialog = view.dialog
    assert isinstance(dialog, kind) and dialog.isVisible()
    return dialog


def _state(view: CaseView) -> State:
    assert view.detail is not None
    return view.detail.state


def _holders(view: CaseView) -> set[str]:
    return {row[1] for row in view.custody_section.holding_rows()}


def _no_slip(view: CaseView) -> None:
    """After a hand-over the slip is offered; here it is declined."""
    box = view.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "材料交接单" in box.text()
    next(b for b in box.buttons() if b.text() == "不打印").click()
    assert not box.isVisible()


def _hand_over(qtbot: QtBot, view: CaseView, giver: str, receiver: str) -> None:
    view.custody_section.handover_button.click()
    dialog = _dialog(view, HandoverDialog)
    assert isinstance(dialog, HandoverDialog)
    _pick(dialog.giver.combo, giver)
    _pick(dialog.receiver.combo, receiver)
    assert dialog.items(), "what the giver holds is ticked"
    with qtbot.waitSignal(view.case_changed):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    _no_slip(view)


def _reply(qtbot: QtBot, view: CaseView, department: str, reply: ForwardReply) -> None:
    view.action_bar.buttons[Action.FORWARD_REPLIED].click()
    dialog = _dialog(view, ReplyDialog)
    assert isinstance(dialog, ReplyDialog)
    _pick(dialog.forward, department)
    dialog.choose(reply)
    if reply is ForwardReply.MORE_MATERIALS:
        dialog.set_needed([(dialog.materials[0], "须提供原件")])
    with qtbot.waitSignal(view.case_changed):
        dialog.ok_button.click()


def test_the_whole_agent_service_lifecycle_in_the_case_view(
    qtbot: QtBot, demo: AppContext, supervisor: Actor
) -> None:
    case_id = make_case(demo, supervisor).case_id
    view = _open(qtbot, demo, supervisor, case_id)
    assert view.agent_section.isVisible() and view.agent_section.register_button.isVisible()
    assert not view.custody_section.isVisible()

    # 设为代办件: from the 东山村 point, received there the Friday before the township.
    view.agent_section.register_button.click()
    dialog = _dialog(view, AgentServiceDialog)
    assert isinstance(dialog, AgentServiceDialog)
    qtbot.keyClick(dialog.scope, Qt.Key.Key_Return)  # nothing chosen: said in the dialog
    assert dialog.isVisible() and dialog.hint.text() == "请选择代办员"
    _pick(dialog.agent, "王芳")
    dialog.village_button.setChecked(True)
    _pick(dialog.point, "东山村")
    dialog.village_date.setDate(QDate(2026, 2, 27))
    dialog.scope.setFocus()
    type_text(qtbot, dialog.scope, "代为递交申请材料、补正材料，领取办理结果")
    with qtbot.waitSignal(view.case_changed):
        qtbot.keyClick(dialog.scope, Qt.Key.Key_Return)
    fields = view.agent_section.fields
    assert fields["agent"].text() == "王芳（镇代办员）"
    assert fields["accepted"].text() == "待代办员接收"
    assert "东山村代办点" in fields["origin"].text() and "2026-02-27" in fields["origin"].text()
    assert "个工作日后到镇里" in fields["origin"].text()

    # The agent accepts (recorded by the supervisor, for an agent without the app).
    with qtbot.waitSignal(view.case_changed):
        view.agent_section.accept_button.click()
    assert fields["accepted"].text().startswith("已接收")
    assert not view.agent_section.accept_button.isEnabled()

    # Hand-overs: applicant → village agent → township agent → window.
    assert view.custody_section.isVisible()
    assert _holders(view) == {APPLICANT}
    _hand_over(qtbot, view, "申请人", VILLAGE_AGENT)
    assert _holders(view) == {VILLAGE_AGENT}
    _hand_over(qtbot, view, VILLAGE_AGENT, TOWNSHIP_AGENT)
    assert _holders(view) == {TOWNSHIP_AGENT}
    _hand_over(qtbot, view, TOWNSHIP_AGENT, WINDOW)
    assert _holders(view) == {WINDOW}
    records = view.custody_section.record_rows()
    assert [(r[2], r[3]) for r in records] == [
        (APPLICANT, VILLAGE_AGENT),
        (VILLAGE_AGENT, TOWNSHIP_AGENT),
        (TOWNSHIP_AGENT, WINDOW),
    ]

    # 转报 from the action bar: two departments at once (联合审批).
    view.action_bar.buttons[Action.FORWARD].click()
    forward = _dialog(view, ForwardDialog)
    assert isinstance(forward, ForwardDialog)
    forward.departments[0].setText("县民政局")
    forward.departments[1].setText("县人社局")
    with qtbot.waitSignal(view.case_changed):
        forward.ok_button.click()
    assert _state(view) is State.FORWARDED
    assert [r[0] for r in view.forward_section.rows()] == ["县民政局", "县人社局"]
    assert all(r[4] == "待答复" for r in view.forward_section.rows())

    _reply(qtbot, view, "县民政局", ForwardReply.APPROVED)
    assert _state(view) is State.FORWARDED  # still waiting for the other department
    _reply(qtbot, view, "县人社局", ForwardReply.MORE_MATERIALS)
    assert _state(view) is State.SUPPLEMENT_AFTER_ACCEPTANCE
    assert view.state_chip.text() == "补正中"
    assert "补正" in view.messages.text

    # The materials come: 补正完成 through the clock section.
    view.clock_section.buttons["end"].click()
    end = _dialog(view, TextDialog)
    with qtbot.waitSignal(view.case_changed):
        qtbot.keyClick(end.reason, Qt.Key.Key_Return)
    assert _state(view) is State.IN_PROGRESS

    # Forwarded again to the department that asked, which approves this time.
    view.forward_section.forward_button.click()
    again = _dialog(view, ForwardDialog)
    assert isinstance(again, ForwardDialog)
    again.departments[0].setText("县人社局")
    with qtbot.waitSignal(view.case_changed):
        again.ok_button.click()
    _reply(qtbot, view, "县人社局", ForwardReply.APPROVED)
    assert _state(view) is State.IN_PROGRESS
    assert [r[4][:2] for r in view.forward_section.rows()] == ["同意", "需补", "同意"]

    with qtbot.waitSignal(view.case_changed):
        view.action_bar.buttons[Action.COMPLETE].click()
    assert _state(view) is State.COMPLETED

    # 送达 by the agent from the action bar.
    view.action_bar.buttons[Action.DELIVER].click()
    delivery = _dialog(view, DeliveryDialog)
    assert isinstance(delivery, DeliveryDialog) and delivery.method is DeliveryMethod.AGENT
    with qtbot.waitSignal(view.case_changed):
        delivery.ok_button.click()
    assert _state(view) is State.DELIVERED
    said = view.messages.text
    assert "已送达" in said and "办结归档" in said and "评价" in said
    assert view.state_chip.text() == "已送达"


def test_a_hand_over_by_a_party_without_the_material_is_refused_in_words(
    qtbot: QtBot, demo: AppContext, clerk: Actor
) -> None:
    case_id = make_case(demo, clerk).case_id
    view = _open(qtbot, demo, clerk, case_id)
    # Under agent service from the window; the applicant hands everything to the window.
    view.agent_section.register_button.click()
    dialog = _dialog(view, AgentServiceDialog)
    assert isinstance(dialog, AgentServiceDialog)
    _pick(dialog.agent, "王芳")
    dialog.scope.setText("代为递交申请材料")
    with qtbot.waitSignal(view.case_changed):
        dialog.ok_button.click()
    _hand_over(qtbot, view, "申请人", WINDOW)
    before = view.custody_section.holding_rows()
    material = before[0][0]

    view.custody_section.handover_button.click()
    wrong = _dialog(view, HandoverDialog)
    assert isinstance(wrong, HandoverDialog)
    _pick(wrong.giver.combo, "申请人")
    _pick(wrong.receiver.combo, TOWNSHIP_AGENT)
    assert not wrong.items()  # the applicant holds nothing any more
    wrong.set_checked(material, True)
    wrong.ok_button.click()
    assert f"“{material}”现在由受理窗口保管，不能由申请人：张三交出" in view.messages.text
    assert view.custody_section.holding_rows() == before
    assert len(view.custody_section.record_rows()) == 1

    # A correction needs its reason, and then replaces the record (已更正 / 更正记录).
    view.custody_section.records.selectRow(0)
    view.custody_section.correct_button.click()
    fix = _dialog(view, HandoverDialog)
    assert isinstance(fix, HandoverDialog) and fix.items()
    _pick(fix.receiver.combo, TOWNSHIP_AGENT)
    fix.ok_button.click()
    assert fix.isVisible() and fix.hint.text() == "请写明更正原因"
    fix.note.setText("接收人登记错误")
    with qtbot.waitSignal(view.case_changed):
        fix.ok_button.click()
    _no_slip(view)
    rows = view.custody_section.record_rows()
    assert rows[0][4].startswith("已更正") and rows[1][4].startswith("更正记录")
    assert {r[1] for r in view.custody_section.holding_rows()} == {TOWNSHIP_AGENT}


def test_a_wrong_id_at_window_pick_up_is_refused(
    qtbot: QtBot, demo: AppContext, supervisor: Actor
) -> None:
    case_id = make_case(demo, supervisor).case_id
    services = services_for(demo, supervisor)
    services.apply_action(case_id, Action.START_HANDLING)
    services.apply_action(case_id, Action.COMPLETE)
    view = _open(qtbot, demo, supervisor, case_id)
    assert not view.agent_section.isVisible()  # 办结, and never under agent service

    view.action_bar.buttons[Action.DELIVER].click()
    dialog = _dialog(view, DeliveryDialog)
    assert isinstance(dialog, DeliveryDialog)
    assert dialog.method is DeliveryMethod.WINDOW
    assert not dialog.method_buttons[DeliveryMethod.AGENT].isEnabled()
    dialog.ok_button.click()  # no ID: said in the dialog, nothing sent
    assert dialog.isVisible() and "证件号码" in dialog.hint.text()
    type_text(qtbot, dialog.doc, ID_LI)
    dialog.ok_button.click()
    assert "不一致，不能领取" in view.messages.text
    assert _state(view) is State.COMPLETED
    assert services.delivery_of(case_id) is None
