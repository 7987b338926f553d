"""One case: what was taken in, its steps, and its next actions, on the demo database."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget, QWidget

from hallapp.app import AppContext
from hallapp.core.identity import DocumentType, gb32100_check_char
from hallapp.core.intake import (
    Applicant,
    ApplicantKind,
    Decision,
    FeeLine,
    IntakeForm,
    PaymentMethod,
    Refusal,
)
from hallapp.core.lifecycle import Action, State, allowed_actions
from hallapp.core.workdays import DueDate
from hallapp.services import intake
from hallapp.services.actors import Actor, Role
from hallapp.ui.operations import InlineExecutor
from hallapp.ui.register import CaseView
from hallapp.ui.register.action_bar import ActionBar
from tests.ui.test_register_support import (
    ID_LI,
    ID_ZHANG,
    MONDAY,
    checklist,
    item_id,
    make_case,
    services_for,
)
from tests.ui.typing import type_text


def open_view(qtbot, demo: AppContext, actor: Actor, case_id: int) -> CaseView:  # type: ignore[no-untyped-def]
    view = CaseView(services_for(demo, actor), InlineExecutor())
    qtbot.addWidget(view)
    view.resize(1150, 740)
    with qtbot.waitExposed(view):
        view.show()
    view.activateWindow()
    view.show_case(case_id)
    return view


def all_text(widget: QWidget) -> str:
    """Everything the clerk can read in the view: labels, tables, buttons."""
    parts = [label.text() for label in widget.findChildren(QLabel)]
    parts += [b.text() for b in widget.findChildren(QPushButton)]
    for table in widget.findChildren(QTableWidget):
        for r in range(table.rowCount()):
            for c in range(table.columnCount()):
                item = table.item(r, c)
                parts.append(item.text() if item else "")
    return "\n".join(parts)


def buttons(view: CaseView) -> dict[str, QPushButton]:
    return {action.label: button for action, button in view.action_bar.buttons.items()}


def test_shows_everything_taken_in_with_the_id_masked(
    qtbot, demo: AppContext, clerk: Actor
) -> None:  # type: ignore[no-untyped-def]
    case = make_case(
        demo,
        clerk,
        item="居民身份证申领",
        fees=True,
        green_reason="八十岁以上老人",
        now=datetime.now().replace(hour=9),
    )
    view = open_view(qtbot, demo, clerk, case.case_id)
    text = all_text(view)
    assert ID_ZHANG not in text and ID_ZHANG.lower() not in text
    assert "110***********002X" in view.applicant.text("document")
    assert view.applicant.text("document").startswith("居民身份证")
    assert view.applicant.text("sex_birth") == "女，1949-12-31"
    assert view.applicant.text("phone") == "13800138000"
    assert view.number_label.text() == case.number
    assert view.state_chip.text() == "受理"
    assert view.info.text("password") == case.query_password
    assert view.info.text("item").startswith("居民身份证申领")
    assert view.info.text("promised_due") == due_text(case.promised_due)
    assert view.info.text("legal_due") == due_text(case.legal_due)
    assert view.level_chip.text() == "时限：正常"
    assert view.green_chip.isVisible() and view.info.text("green") == "八十岁以上老人"
    materials = view.materials.rows()
    assert materials and all(row[1] in ("已收", "不适用") for row in materials)
    assert materials[0][2] == "已核验"
    assert [row[:2] for row in _fee_rows(view)] == [["居民身份证工本费", "¥20.00"]]
    assert view.fees.total.text() == "合计应收：¥20.00"
    assert "现金" in view.fees.payment.text() and case.number in view.fees.payment.text()
    assert not view.refusal.isVisibleTo(view)


def _fee_rows(view: CaseView) -> list[list[str]]:
    table = view.fees.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def due_text(due: DueDate | None) -> str:
    assert due is not None
    return due.day.isoformat() + ("（暂定）" if due.provisional else "")


def test_an_organisation_with_its_representative_proxy_and_a_waived_fee(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,  # type: ignore[no-untyped-def]
) -> None:
    body17 = "93430121MA4L00000"  # 93: a farmers' cooperative
    code = body17 + gb32100_check_char(body17)
    vid = item_id(demo, "集镇住宅不动产转移登记")
    form = IntakeForm(
        vid,
        Applicant(
            ApplicantKind.ORGANISATION,
            "示例镇兴农农业专业合作社",
            DocumentType.CREDIT_CODE,
            code,
            "0731-84000000",
            "示例镇农机站旁",
            legal_representative="王建国",
        ),
        checklist(demo, vid),
        fees=(
            FeeLine("不动产登记费（住宅类）", 8000),
            FeeLine("不动产权属证书工本费（每增加一本）", 1000, True, "特困供养对象"),
        ),
        proxy=Applicant(
            ApplicantKind.PERSON, "李四", DocumentType.RESIDENT_ID, ID_LI, "13912345678"
        ),
        payment_method=PaymentMethod.MOBILE,
        idempotency_key=intake.new_form_key(),
    )
    case = intake.submit_intake(demo.uow(), supervisor, form, Decision.ACCEPT, now=MONDAY)
    view = open_view(qtbot, demo, clerk, case.case_id)
    assert view.applicant.text("kind") == "法人或其他组织"
    assert view.applicant.text("legal_rep") == "王建国"
    assert view.applicant.text("proxy") == "李四  110***********0011"
    assert code not in all_text(view) and ID_LI not in all_text(view)
    assert view.applicant.text("document").startswith("统一社会信用代码")
    assert not view.applicant.fields["sex_birth"].isVisibleTo(view)  # nothing to say
    fees = _fee_rows(view)
    assert fees[0] == ["不动产登记费（住宅类）", "¥80.00", ""]
    assert (
        fees[1][1] == "¥10.00" and fees[1][2] == f"已减免：特困供养对象（{supervisor.name} 批准）"
    )
    assert view.fees.total.text() == "合计应收：¥80.00"
    assert "扫码支付" in view.fees.payment.text()


def test_a_provisional_due_date_is_marked(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    # 20 working days from 21 December 2026 reach into 2027, whose holidays are not loaded.
    case = make_case(demo, clerk, item="最低生活保障申请", now=datetime(2026, 12, 21, 9, 0))
    view = open_view(qtbot, demo, clerk, case.case_id)
    label = view.info.fields["promised_due"]
    assert label.text().endswith("（暂定）") and "2027" in label.toolTip()


def test_an_overdue_case_says_so(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    case = make_case(demo, clerk, now=MONDAY)  # 临时救助: 7 working days, long past
    view = open_view(qtbot, demo, clerk, case.case_id)
    assert view.level_chip.text() == "时限：超法定期限"
    assert "#a3160b" in view.level_chip.styleSheet()


def test_timeline_in_order_and_only_allowed_actions(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    case = make_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    steps = view.timeline.rows()
    assert [(s[2], s[3]) for s in steps] == [("收件", "→ 收件"), ("受理", "收件 → 受理")]
    assert steps[0][0] == "2026-03-02 09:30" and steps[0][1] == clerk.name
    assert list(buttons(view)) == [
        "承办",
        "转报",
        "要求补正",
        "启动特别程序",
        "挂起",
        "撤件",
        "退件",
        "作废",
    ]
    assert [a.label for a in view.action_bar.buttons] == [
        a.label for a in allowed_actions(State.ACCEPTED)
    ]


def test_intake_decisions_are_never_offered_here(qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = ActionBar({Role.CLERK})
    qtbot.addWidget(bar)
    bar.set_actions(allowed_actions(State.RECEIVED))  # 受理, 即办, 一次性告知, 不予受理 …
    assert [a.label for a in bar.buttons] == ["撤件", "退件", "作废"]
    bar.set_actions((Action.ACCEPT, Action.REFUSE))
    assert bar.buttons == {} and bar.none_label.text() == "请在“受理”窗口作出受理决定"


def test_start_handling_moves_the_case_and_the_timeline_grows(
    qtbot, demo: AppContext, clerk: Actor
) -> None:  # type: ignore[no-untyped-def]
    case = make_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    with qtbot.waitSignal(view.case_changed) as changed:
        qtbot.mouseClick(buttons(view)["承办"], Qt.MouseButton.LeftButton)
    assert changed.args == [case.case_id]
    assert view.state_chip.text() == "承办"
    assert view.timeline.rows()[-1][2:4] == ("承办", "受理 → 承办")
    assert len(view.timeline.rows()) == 3
    assert "提交审核" in buttons(view) and "承办" not in buttons(view)
    assert view.messages.isVisible() and "受理 → 承办" in view.messages.text


def test_actions_answer_to_their_mnemonic(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    case = make_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    assert buttons(view)["承办"].text() == "承办(&C)"
    view.setFocus()
    with qtbot.waitSignal(view.case_changed):
        qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert view.state_chip.text() == "承办"


def test_supervisor_only_actions_are_disabled_for_a_clerk(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,  # type: ignore[no-untyped-def]
) -> None:
    case = make_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    void = buttons(view)["作废"]
    assert not void.isEnabled() and "中心负责人" in void.toolTip()
    assert not buttons(view)["挂起"].isEnabled()
    assert buttons(view)["承办"].isEnabled()
    # The service refuses it anyway, and the clerk reads why.
    view.apply(Action.VOID, "录入错误")
    assert view.messages.isVisible() and "中心负责人" in view.messages.text
    assert view.state_chip.text() == "受理"
    boss = open_view(qtbot, demo, supervisor, case.case_id)
    assert buttons(boss)["作废"].isEnabled()


def test_a_reason_is_asked_for_and_required(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    case = make_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    assert buttons(view)["要求补正"].text() == "要求补正…(&Q)"
    qtbot.mouseClick(buttons(view)["要求补正"], Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # no reason: refused, the dialog stays
    assert dialog.isVisible() and dialog.hint.isVisible()
    assert view.state_chip.text() == "受理"
    type_text(qtbot, dialog.reason, "户口簿复印件不清晰")
    with qtbot.waitSignal(view.case_changed):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert view.state_chip.text() == "补正中"
    assert view.timeline.rows()[-1][2:] == ("要求补正", "受理 → 补正中", "户口簿复印件不清晰")


def test_escape_cancels_the_reason_dialog(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    case = make_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    qtbot.mouseClick(buttons(view)["退件"], Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    type_text(qtbot, dialog.reason, "不要了")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert view.state_chip.text() == "受理" and len(view.timeline.rows()) == 2


def test_escape_before_the_dialog_is_active_still_only_cancels(
    qtbot,
    demo: AppContext,
    clerk: Actor,  # type: ignore[no-untyped-def]
) -> None:
    case = make_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    view.timeline.setFocus()
    view.trigger(Action.RETURN_CASE)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    with qtbot.assertNotEmitted(view.back):
        qtbot.keyClick(view.timeline, Qt.Key.Key_Escape)  # the view still has the focus
    assert not dialog.isVisible()
    assert view.state_chip.text() == "受理"


def test_the_service_refusal_is_shown(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    case = make_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    view.apply(Action.RETURN_CASE, "  ")
    assert "须写明原因" in view.messages.text
    view.apply(Action.DELIVER)  # not allowed before 办结
    assert "不能“送达”" in view.messages.text
    assert view.state_chip.text() == "受理"


def test_supplement_received_hands_the_case_to_intake(
    qtbot, demo: AppContext, clerk: Actor
) -> None:  # type: ignore[no-untyped-def]
    case = make_case(demo, clerk, decision=Decision.NOTICE, missing="缺少户口簿首页")
    view = open_view(qtbot, demo, clerk, case.case_id)
    assert view.state_chip.text() == "待补正"
    assert [view.materials.rows()[0][1], view.materials.rows()[0][4]] == ["缺少", "缺少户口簿首页"]
    assert not view.info.fields["promised_due"].isVisibleTo(view)  # no clock before 受理
    with qtbot.waitSignal(view.resume_intake) as resumed:
        qtbot.mouseClick(buttons(view)["材料补齐"], Qt.MouseButton.LeftButton)
    assert resumed.args == [case.case_id]
    assert view.state_chip.text() == "待补正" and len(view.timeline.rows()) == 2


def test_a_refused_case_shows_reason_and_remedy_and_no_actions(
    qtbot,
    demo: AppContext,
    clerk: Actor,  # type: ignore[no-untyped-def]
) -> None:
    vid = item_id(demo, "临时救助")
    form = IntakeForm(
        vid,
        Applicant(ApplicantKind.PERSON, "张三", DocumentType.RESIDENT_ID, ID_ZHANG, "13800138000"),
        checklist(demo, vid),
        idempotency_key=intake.new_form_key(),
    )
    refusal = Refusal("not_our_matter", "该事项由县自然资源局受理")
    case = intake.submit_intake(demo.uow(), clerk, form, Decision.REFUSE, refusal, now=MONDAY)
    view = open_view(qtbot, demo, clerk, case.case_id)
    assert view.state_chip.text() == "不予受理"
    assert view.refusal.isVisibleTo(view)
    assert view.refusal.text("reason") == "申请事项依法不属于本机关职权范围"
    assert view.refusal.text("text") == "该事项由县自然资源局受理"
    assert "六十日内" in view.refusal.text("remedy")
    assert view.action_bar.buttons == {}
    assert view.action_bar.none_label.isVisibleTo(view)


def test_escape_goes_back_to_the_register(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    case = make_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    view.timeline.setFocus()
    with qtbot.waitSignal(view.back):
        qtbot.keyClick(view.timeline, Qt.Key.Key_Escape)


def test_a_late_answer_for_another_case_is_dropped(
    qtbot,
    demo: AppContext,
    clerk: Actor,  # type: ignore[no-untyped-def]
) -> None:
    first = make_case(demo, clerk)
    second = make_case(demo, clerk, item="高龄", now=MONDAY + timedelta(hours=1))
    view = open_view(qtbot, demo, clerk, second.case_id)
    late = services_for(demo, clerk).case_detail(first.case_id)
    view._show(first.case_id, late, "")  # the answer to an earlier show_case(first)
    assert view.number_label.text() == second.number
    assert view.info.text("item").startswith("高龄")


def test_the_register_hears_of_the_change(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    from hallapp.ui.register import RegisterView

    case = make_case(demo, clerk)
    register = RegisterView(services_for(demo, clerk), InlineExecutor())
    qtbot.addWidget(register)
    register.run_search()
    assert register.model.index(0, 5).data() == "受理"
    view = open_view(qtbot, demo, clerk, case.case_id)
    view.case_changed.connect(lambda _id: register.refresh())
    view.trigger(Action.START_HANDLING)
    assert register.model.index(0, 5).data() == "承办"
