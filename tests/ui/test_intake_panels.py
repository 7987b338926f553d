"""The intake screen's parts: item search keys, applicant kinds, proxy, materials keys,
fees and waivers, the guide, the tab order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hallapp.app import AppContext
from hallapp.core.identity import gb32100_check_char
from hallapp.core.intake import MaterialStatus
from hallapp.core.lifecycle import State
from hallapp.services.actors import Actor
from hallapp.services.facade import HallServices
from hallapp.ui.intake.materials_model import MaterialsModel
from tests.ui.test_intake_view import (
    ALT,
    CTRL,
    ID_LI,
    ID_ZHANG,
    Keyboard,
    case_count,
    new_applicant,
    open_view,
    pick_item,
    statuses,
)

FEE_ITEM = "集镇住宅不动产转移登记"  # two fees: 80.00 and 10.00 yuan


def credit_code(body: str = "91430121MA4L2B7C3") -> str:
    return body + gb32100_check_char(body)


@pytest.fixture
def services(demo: AppContext, clerk: Actor) -> HallServices:
    return HallServices(demo.uow, demo.read_uow, clerk, demo.db_path)


@pytest.fixture
def supervisor_services(demo: AppContext, supervisor: Actor) -> HallServices:
    return HallServices(demo.uow, demo.read_uow, supervisor, demo.db_path)


def test_search_list_follows_typing_and_arrows(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    kb.type("cxjm")
    qtbot.waitUntil(lambda: view.picker.matches.isVisible(), timeout=2000)
    names = view.picker.matches.names()
    assert len(names) >= 4 and all(n.startswith("城乡居民") for n in names)
    assert view.picker.matches.currentRow() == 0
    kb.press(Qt.Key.Key_Down)
    kb.press(Qt.Key.Key_Down)
    kb.press(Qt.Key.Key_Up)
    assert view.picker.matches.currentRow() == 1 and view.picker.search.hasFocus()
    chosen = view.picker.current_row()
    assert chosen is not None
    kb.press(Qt.Key.Key_Return)
    assert view.picker.guide is not None and view.picker.guide.spec.name == chosen.name
    assert not view.picker.matches.isVisible() and view.picker.search.text() == ""
    assert view.applicant.doc_number.hasFocus()
    assert view.materials.model.rowCount() == len(view.picker.guide.spec.materials)


def test_nothing_found_says_so(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    kb.type("zzzzqq")
    kb.press(Qt.Key.Key_Return)
    assert view.picker.guide is None
    assert view.picker.matches.names() == ["没有找到符合“zzzzqq”的事项"]
    kb.press(Qt.Key.Key_Return, CTRL)
    assert view.messages.text == "请先选择事项" and view.picker.search.hasFocus()


def test_f1_opens_the_guide(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    assert view.picker.guide_button.text() == "办事指南(F1)"
    pick_item(kb, view, "lsjz")
    kb.press(Qt.Key.Key_F1)
    dialog = view.guide_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    assert "临时救助申请" in text and "申请材料" in text and "承诺时限" in text
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_tab_follows_the_paper_form(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    a = view.applicant
    seen = [QApplication.focusWidget()]
    for _ in range(4):
        kb.press(Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [a.doc_number, a.name, a.phone, a.address, view.proxy.enabled]
    kb.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.materials.table
    kb.press(Qt.Key.Key_Tab)  # the table does not swallow Tab
    assert QApplication.focusWidget() is view.materials.all_received
    view.applicant.name.setFocus()
    kb.press(Qt.Key.Key_Return)  # Enter moves on, as on a paper-form program
    assert QApplication.focusWidget() is a.phone
    for button, text in (
        (view.decisions.accept_button, "受理(&A)"),
        (view.decisions.notice_button, "一次性告知(&N)"),
        (view.decisions.on_the_spot_button, "即办(&J)"),
        (view.materials.all_received, "全部已收(&L)"),
        (view.materials.add_button, "添加材料(&M)"),
        (view.result.next_button, "办理下一件(&X)"),
    ):
        assert button.text() == text
    assert view.decisions.refuse_button.text().startswith("不予受理(&R)")


def test_material_keys(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    model = view.materials.model
    lines = model.lines()
    optional = [i for i, m in enumerate(lines) if not m.required]
    assert [statuses(view)[i] for i in optional] == [MaterialStatus.NOT_APPLICABLE]
    assert all(m.status is MaterialStatus.MISSING for m in lines if m.required)
    view.materials.table.setFocus()
    kb.press(Qt.Key.Key_1)
    first = model.line(0)
    assert first.status is MaterialStatus.RECEIVED and first.copies_taken == first.copies_required
    kb.press(Qt.Key.Key_Space)
    assert model.line(0).original_seen
    kb.press(Qt.Key.Key_Plus)
    kb.press(Qt.Key.Key_Plus)
    kb.press(Qt.Key.Key_Minus)
    assert model.line(0).copies_taken == first.copies_required + 1
    kb.press(Qt.Key.Key_0)
    assert model.line(0).status is MaterialStatus.NOT_APPLICABLE
    assert (model.line(0).copies_taken, model.line(0).original_seen) == (0, False)
    kb.press(Qt.Key.Key_Down)
    kb.press(Qt.Key.Key_3)
    assert model.line(1).status is MaterialStatus.DEFECTIVE
    index = model.index(1, MaterialsModel.STATUS)
    assert index.data() == "不符合要求"
    kb.press(Qt.Key.Key_M, ALT)  # 添加材料: the name editor opens at once
    kb.type("情况说明")
    kb.press(Qt.Key.Key_Return)
    extra = model.line(model.rowCount() - 1)
    assert (extra.name, extra.extra, extra.status) == ("情况说明", True, MaterialStatus.RECEIVED)


def test_organisation_applicant(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    a = view.applicant
    kb.press(Qt.Key.Key_2, ALT)  # 法人或其他组织
    assert a.organisation.isChecked()
    assert a.doc_type.currentText() == "统一社会信用代码" and not a.doc_type.isEnabled()
    assert a.name_label.text() == "单位名称(&E)" and a.legal_rep.isVisible()
    a.doc_number.setFocus()
    kb.type(credit_code())
    assert a.doc_number.error_text == ""
    kb.press(Qt.Key.Key_Tab)
    kb.type("示例镇兴农种植专业合作社")
    kb.press(Qt.Key.Key_Tab)
    kb.type("13912345678")
    a.legal_rep.setFocus()
    kb.type("王五")
    kb.press(Qt.Key.Key_L, ALT)
    with qtbot.waitSignal(view.case_saved) as saved:
        kb.press(Qt.Key.Key_Return, CTRL)
    detail = services.case_detail(saved.args[0])
    assert detail.applicant_kind == "organisation"
    assert detail.applicant_doc_type == "credit_code"
    assert detail.legal_representative == "王五"
    kb.press(Qt.Key.Key_X, ALT)
    assert a.person.isChecked() and a.doc_type.currentText() == "居民身份证"


def test_proxy_is_revealed_and_saved(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb, number=ID_ZHANG, name="张三")
    assert not view.proxy.details.isVisible()
    kb.press(Qt.Key.Key_W, ALT)  # 委托代理人
    assert view.proxy.details.isVisible() and view.proxy.name.hasFocus()
    kb.type("李四")
    kb.press(Qt.Key.Key_Tab)
    kb.press(Qt.Key.Key_Tab)  # past the document type
    kb.type(ID_LI)
    kb.press(Qt.Key.Key_L, ALT)
    with qtbot.waitSignal(view.case_saved) as saved:
        kb.press(Qt.Key.Key_Return, CTRL)
    detail = services.case_detail(saved.args[0])
    assert detail.proxy_name == "李四" and detail.proxy_masked_doc == "110***********0011"


def test_a_clerk_cannot_waive_a_fee(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, FEE_ITEM)
    fees = view.fees
    assert [(r.name.text(), r.amount.text()) for r in fees.rows] == [
        (r.fee.name, f"{r.fee.amount_fen // 100}.00 元") for r in fees.rows
    ]
    assert fees.total.text() == "应缴合计：90.00 元"
    assert all(not r.waived.isEnabled() for r in fees.rows)
    assert fees.rows[0].waived.toolTip() == "减免收费需要中心负责人角色"
    assert fees.payment.isVisible()
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_Return, CTRL)
    assert "请选择缴费方式" in view.messages.detail_lines()
    assert fees.payment.hasFocus()
    kb.press(Qt.Key.Key_Down)  # 现金
    with qtbot.waitSignal(view.case_saved) as saved:
        kb.press(Qt.Key.Key_Return, CTRL)
    detail = services.case_detail(saved.args[0])
    assert (detail.fee_total_fen, detail.payment_method) == (9000, "cash")
    assert detail.receipt_number == detail.number


def test_a_supervisor_waives_a_fee_with_a_reason(qtbot, supervisor_services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, supervisor_services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, FEE_ITEM)
    new_applicant(kb)
    fees = view.fees
    big = max(range(len(fees.rows)), key=lambda i: fees.rows[i].fee.amount_fen)
    small = fees.rows[1 - big].fee.amount_fen
    assert fees.rows[big].waived.isEnabled()
    fees.rows[big].waived.setFocus()
    kb.press(Qt.Key.Key_Space)
    assert fees.rows[big].reason.hasFocus()
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_Return, CTRL)  # no reason yet
    assert any("减免" in line and "理由" in line for line in view.messages.detail_lines())
    assert fees.rows[big].reason.hasFocus()
    kb.type("低保对象")
    assert fees.total.text() == f"应缴合计：{small // 100}.00 元"
    fees.payment.setFocus()
    kb.press(Qt.Key.Key_Down)
    kb.press(Qt.Key.Key_Down)  # 银行卡
    with qtbot.waitSignal(view.case_saved) as saved:
        kb.press(Qt.Key.Key_Return, CTRL)
    detail = supervisor_services.case_detail(saved.args[0])
    assert detail.state is State.ACCEPTED
    assert detail.fee_total_fen == small and detail.payment_method == "card"
    waived = [f for f in detail.fees if f.waived]
    assert len(waived) == 1 and waived[0].waiver_reason == "低保对象"
    assert waived[0].waived_by == supervisor_services.actor.name


def test_a_free_item_hides_the_payment_method(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    assert view.fees.none_label.isVisible() and view.fees.none_label.text() == "本事项不收费"
    assert not view.fees.payment.isVisible()


def test_green_channel_needs_a_reason(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_G, ALT)
    assert view.green.enabled.isChecked() and view.green.reason.hasFocus()
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_Return, CTRL)
    assert view.green.reason.hasFocus()
    assert "绿色通道" in view.green.reason.error_text
    kb.type("八十岁以上老人")
    with qtbot.waitSignal(view.case_saved) as saved:
        kb.press(Qt.Key.Key_Return, CTRL)
    detail = services.case_detail(saved.args[0])
    assert detail.green_channel and detail.green_reason == "八十岁以上老人"
    assert case_count(services) == 1


def test_a_notice_without_what_is_wrong_opens_that_row(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_Down)
    kb.press(Qt.Key.Key_Down)
    kb.press(Qt.Key.Key_2)
    view.applicant.name.setFocus()
    kb.press(Qt.Key.Key_N, ALT)
    name = view.materials.model.line(2).name
    assert f"请写明“{name}”需要补正的内容" in view.messages.detail_lines()
    assert view.materials.table.current_row() == 2
    assert view.materials.table.currentIndex().column() == MaterialsModel.PROBLEM
    kb.type("缺少村委会证明")  # the 补正说明 editor is open for that row
    kb.press(Qt.Key.Key_Return)
    assert view.materials.model.line(2).problem == "缺少村委会证明"
    kb.press(Qt.Key.Key_N, ALT)
    assert view.pages.currentWidget() is view.result


def test_a_fee_case_is_paid_when_it_resumes(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, FEE_ITEM)
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_2)
    kb.press(Qt.Key.Key_F2)
    kb.type("缺少原件")
    kb.press(Qt.Key.Key_Return)
    with qtbot.waitSignal(view.case_saved) as saved:
        kb.press(Qt.Key.Key_N, ALT)  # a notice needs no payment method yet
    kb.press(Qt.Key.Key_N, CTRL)
    view.resume_case(saved.args[0])
    assert view.fees.total.text() == "应缴合计：90.00 元"
    assert view.fees.payment.isEnabled()
    assert view.fees.rows and not view.fees.rows[0].waived.isEnabled()
    view.fees.payment.setCurrentIndex(view.fees.payment.findData("cash"))
    kb.press(Qt.Key.Key_L, ALT)
    with qtbot.waitSignal(view.case_saved):
        kb.press(Qt.Key.Key_Return, CTRL)
    assert services.case_detail(saved.args[0]).payment_method == "cash"
    assert services.case_detail(saved.args[0]).state.value == "accepted"


def test_only_a_case_awaiting_materials_can_be_resumed(qtbot, services: HallServices) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, services)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    with qtbot.waitSignal(view.case_saved) as saved:
        kb.press(Qt.Key.Key_Return, CTRL)
    kb.press(Qt.Key.Key_N, CTRL)
    view.resume_case(saved.args[0])
    assert "只有“待补正”的办件" in view.messages.text and "“受理”" in view.messages.text
    assert view.resuming is None and view.picker.search.isEnabled()
