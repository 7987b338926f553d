"""效能投诉 through the real widgets on the demo database: registered by keyboard alone,
walked through every handling step to 已办结 by the supervisor, each step greyed with the
role it needs or the reason it must wait, the services' refusals in Chinese, the filters,
and the 登记处理单 written through the print preview."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hallapp.app import AppContext
from hallapp.core.complaints import ComplaintChannel, ComplaintState, SubjectKind
from hallapp.db.models import AuditRecord
from hallapp.services import complaints, halls
from hallapp.services.actors import COMMAND_LINE, Actor, Role
from hallapp.services.facade import HallServices
from hallapp.ui.operations import InlineExecutor
from hallapp.ui.printing import PrintSettings
from hallapp.ui.supervision.complaint_dialogs import (
    AssignDialog,
    CloseDialog,
    ExtendDialog,
    FindingsDialog,
    ReplyDialog,
)
from hallapp.ui.supervision.complaint_form import ComplaintDialog
from hallapp.ui.supervision.complaint_steps import Step
from hallapp.ui.supervision.complaints_view import ComplaintsView
from tests.integration.test_complaints import DUE, TUESDAY, pdf_text, register
from tests.ui.test_printing_ui import PdfPrinters
from tests.ui.typing import type_text

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
# Received Tue 2026-09-29, due Mon 10-12: on 10-09 it has one working day left.
IN_TIME = date(2026, 10, 9)


@pytest.fixture
def reader(demo: AppContext) -> Actor:
    member = halls.StaffMember("zhaoxiao", "赵晓", frozenset({Role.READONLY}))
    return halls.add_staff(demo.uow(), COMMAND_LINE, member)


def open_view(
    qtbot: QtBot, demo: AppContext, actor: Actor, tmp_path: Path, today: date | None = None
) -> ComplaintsView:
    services = HallServices(demo.uow, demo.read_uow, actor, demo.db_path)
    view = ComplaintsView(
        services,
        InlineExecutor(),
        today or date.today(),
        PrintSettings(QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)),
        PdfPrinters(tmp_path),
        ask_file=lambda _parent, _suggested: str(tmp_path / "saved.pdf"),
    )
    qtbot.addWidget(view)
    view.resize(1150, 740)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    return view


def activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key as the clerk presses it: to whatever has the focus."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def alt(qtbot: QtBot, widget: QWidget, key: Qt.Key) -> None:
    """Alt and a button's letter: the button clicks itself a moment later, as on screen."""
    letter = "&" + QKeySequence(key).toString()
    [button] = [
        b
        for b in widget.findChildren(QAbstractButton)
        if letter in b.text() and b.isVisible() and b.isEnabled()
    ]
    activate(qtbot, widget.window())
    with qtbot.waitSignal(button.clicked, timeout=1000):
        qtbot.keyClick(widget, key, ALT)


def typed(qtbot: QtBot, text: str) -> None:
    type_text(qtbot, QApplication.focusWidget(), text)


def step_button(view: ComplaintsView, step: Step) -> QPushButton:
    return view.detail.buttons[step]


def select_number(view: ComplaintsView, number: str) -> None:
    rows = view.model.rows()
    view.table.selectRow(next(i for i, c in enumerate(rows) if c.number == number))


# 登记投诉 ------------------------------------------------------------------------------------
def test_a_complaint_is_registered_without_the_mouse(
    qtbot: QtBot, demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    view = open_view(qtbot, demo, clerk, tmp_path)
    assert view.model.rowCount() == 0 and view.table.empty_label.text() == "没有符合条件的投诉"

    alt(qtbot, view, Qt.Key.Key_N)
    dialog = view.dialog
    assert isinstance(dialog, ComplaintDialog)
    activate(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.channel
    press(qtbot, Qt.Key.Key_Down)  # 窗口 → 电话
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.anonymous
    press(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "王秀英")
    press(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "13800138000")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.kind  # 工作人员, the first kind
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.staff
    for _ in range(dialog.staff.findText("刘军")):
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.content
    typed(qtbot, "窗口工作人员中午提前离岗，等了一个小时")
    press(qtbot, Qt.Key.Key_Tab)  # out of the text box, not a tab character in it
    assert QApplication.focusWidget() is dialog.days
    press(qtbot, Qt.Key.Key_A, CTRL)
    typed(qtbot, "7")
    press(qtbot, Qt.Key.Key_Return, CTRL)

    assert not dialog.isVisible()
    [shown] = view.model.rows()
    assert view.selected() == shown
    assert view.messages.text == f"投诉已登记：{shown.number}，办理期限 {shown.due_on.isoformat()}"
    stored = complaints.complaint(demo.read_uow(), shown.id, date.today())
    assert stored.channel is ComplaintChannel.PHONE and not stored.anonymous
    assert stored.complainant_name == "王秀英"
    assert stored.subject_kind is SubjectKind.CLERK and stored.subject_label == "刘军（2号窗口）"
    assert stored.days == 7 and stored.registered_by == "张敏"
    assert view.detail.fields["投诉对象"].text() == "工作人员：刘军（2号窗口）"


def test_an_anonymous_complaint_hides_and_keeps_no_name_or_phone(
    qtbot: QtBot, demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    view = open_view(qtbot, demo, clerk, tmp_path)
    view.new_complaint()
    dialog = view.dialog
    assert dialog is not None
    dialog.name.setText("王秀英")
    alt(qtbot, dialog, Qt.Key.Key_A)
    assert dialog.anonymous.isChecked()
    assert not dialog.form.isRowVisible(dialog.name)
    assert not dialog.form.isRowVisible(dialog.phone)
    # A department: the picker is a line to type in.
    dialog.kind.setCurrentIndex(dialog.kind.findData(SubjectKind.DEPARTMENT.value))
    assert dialog.subject.currentWidget() is dialog.department
    assert dialog.subject_label.buddy() is dialog.department
    dialog.department.setText("县医保局")
    dialog.content.setPlainText("报销材料退回三次，每次只说一项问题")
    dialog.submit()

    [shown] = view.model.rows()
    assert shown.anonymous and shown.complainant_name == "" and shown.complainant_phone == ""
    assert view.detail.fields["投诉人"].text() == "匿名"
    assert view.detail.fields["投诉对象"].text() == "部门：县医保局"


def test_a_refused_registration_says_why_in_the_dialog_which_stays_open(
    qtbot: QtBot, demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    view = open_view(qtbot, demo, clerk, tmp_path)
    view.new_complaint()
    dialog = view.dialog
    assert dialog is not None
    dialog.kind.setCurrentIndex(dialog.kind.findData(SubjectKind.CASE.value))
    dialog.case_number.setText("430121104000-20990101-0001")
    dialog.submit()

    assert dialog.isVisible() and dialog.messages.isVisible()
    problems = " ".join(dialog.messages.detail_lines()) or dialog.messages.text
    assert "投诉内容" in problems and "430121104000-20990101-0001" in problems
    assert view.model.rowCount() == 0 and not complaints.list_complaints(
        demo.read_uow(), date.today()
    )


# the handling steps --------------------------------------------------------------------------
def test_the_supervisor_takes_a_complaint_through_every_step_to_closed(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    # Received today, so that 延期 is still open and the reply may be dated today.
    number = register(demo, clerk, now=datetime.now()).number
    view = open_view(qtbot, demo, supervisor, tmp_path)
    select_number(view, number)
    assert view.detail.next_label.text() == "下一步：指定承办人"
    assert step_button(view, Step.REPLY).toolTip() == "请先记录调查结果，再答复投诉人"
    assert step_button(view, Step.CLOSE).toolTip() == "该投诉尚未答复投诉人，答复后才能办结"

    # Enter on the list goes to the step the complaint waits for.
    view.table.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is step_button(view, Step.ASSIGN)
    press(qtbot, Qt.Key.Key_Space)
    assign = view.steps.dialog
    assert isinstance(assign, AssignDialog)
    assign.handler.setCurrentIndex(assign.handler.findText("张敏"))
    qtbot.keyClick(assign, Qt.Key.Key_Return)
    assert view.messages.text == f"投诉 {number} 已指定承办人：张敏"
    assert view.detail.fields["承办人"].text() == "张敏"

    alt(qtbot, view, Qt.Key.Key_F)
    findings = view.steps.dialog
    assert isinstance(findings, FindingsDialog)
    activate(qtbot, findings)
    assert QApplication.focusWidget() is findings.findings
    press(qtbot, Qt.Key.Key_Return, CTRL)  # nothing written yet
    assert findings.isVisible() and findings.hint.text() == "调查结果不能为空"
    typed(qtbot, "调取监控核实，该工作人员11:20离岗")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert findings.hint.text() == "请选择投诉是否属实"
    alt(qtbot, findings, Qt.Key.Key_Y)
    press(qtbot, Qt.Key.Key_Return)
    assert not findings.isVisible()
    assert view.messages.text == f"投诉 {number} 的调查结果已保存（属实）"

    alt(qtbot, view, Qt.Key.Key_E)
    extend = view.steps.dialog
    assert isinstance(extend, ExtendDialog)
    assert extend.days.maximum() == 10
    extend.days.setValue(2)
    type_text(qtbot, extend.reason, "需向县医保局核实")
    qtbot.keyClick(extend, Qt.Key.Key_Return)
    extended = view.selected()
    assert extended is not None and extended.extended_days == 2
    assert view.messages.text.startswith(f"投诉 {number} 已延期，办理期限改为 ")
    assert "已延期 2 个工作日：需向县医保局核实" in view.detail.fields["办理期限"].text()

    alt(qtbot, view, Qt.Key.Key_R)
    reply = view.steps.dialog
    assert isinstance(reply, ReplyDialog)
    activate(qtbot, reply)
    typed(qtbot, "已当面致歉，并调整午间值班安排")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert view.messages.text == f"投诉 {number} 已答复投诉人"
    for step, why in (
        (Step.ASSIGN, "该投诉已答复，不能再更换承办人"),
        (Step.FINDINGS, "该投诉已答复，不能再修改调查结果"),
        (Step.EXTEND, "该投诉已答复，不能再延期"),
    ):
        assert not step_button(view, step).isEnabled()
        assert step_button(view, step).toolTip() == why
    assert view.detail.next_label.text() == "下一步：办结"

    alt(qtbot, view, Qt.Key.Key_C)
    close = view.steps.dialog
    assert isinstance(close, CloseDialog)
    alt(qtbot, close, Qt.Key.Key_Y)
    qtbot.keyClick(close, Qt.Key.Key_Return)

    done = view.selected()
    assert done is not None and done.state is ComplaintState.CLOSED
    assert done.complainant_satisfied is True and done.closed_on_time is True
    assert view.messages.text == f"投诉 {number} 已办结"
    assert view.model.data(view.model.index(0, 6)) == "已办结"
    assert view.detail.fields["办结"].text().endswith("按期办结；投诉人对答复：满意")
    closed_on = done.closed_on
    assert closed_on is not None
    for button in view.detail.buttons.values():
        assert not button.isEnabled()
        assert button.toolTip() == f"该投诉已于{closed_on.isoformat()}办结"
    assert view.detail.next_label.text() == ""
    with demo.read_uow() as uow:
        actions = uow.session.scalars(
            select(AuditRecord.action)
            .where(AuditRecord.entity == "complaint", AuditRecord.entity_id == number)
            .order_by(AuditRecord.id)
        ).all()
    assert actions == [
        "complaint.register",
        "complaint.assign",
        "complaint.findings",
        "complaint.extend",
        "complaint.reply",
        "complaint.close",
    ]


def test_a_clerk_sees_the_supervisors_steps_greyed_with_the_role(
    qtbot: QtBot, demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    number = register(demo, clerk).number
    view = open_view(qtbot, demo, clerk, tmp_path, today=IN_TIME)
    select_number(view, number)
    expected = {
        Step.ASSIGN: "指定投诉承办人需要中心负责人角色",
        Step.FINDINGS: "记录他人承办的投诉的调查结果需要中心负责人角色",
        Step.REPLY: "答复他人承办的投诉需要中心负责人角色",
        Step.EXTEND: "批准投诉延期需要中心负责人角色",
        Step.CLOSE: "办结效能投诉需要中心负责人角色",
    }
    for step, why in expected.items():
        assert not step_button(view, step).isEnabled()
        assert step_button(view, step).toolTip() == why
    assert view.new_button.isEnabled() and view.print_button.isEnabled()


def test_the_handler_records_findings_and_the_reply_but_does_not_close(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    complaint = register(demo, clerk)  # about 刘军, handled by 张敏
    complaints.assign_handler(demo.uow(), supervisor, complaint.id, "zhangmin", now=TUESDAY)
    view = open_view(qtbot, demo, clerk, tmp_path, today=IN_TIME)
    select_number(view, complaint.number)
    assert step_button(view, Step.FINDINGS).isEnabled()
    assert step_button(view, Step.REPLY).toolTip() == "请先记录调查结果，再答复投诉人"
    assert step_button(view, Step.ASSIGN).toolTip() == "指定投诉承办人需要中心负责人角色"
    # The handler's own step goes through the service as theirs.
    view.steps.start(Step.FINDINGS)
    findings = view.steps.dialog
    assert isinstance(findings, FindingsDialog)
    findings.findings.setPlainText("经核实，当日该窗口人员请假，由他人顶岗")
    findings.no.setChecked(True)
    findings.accept()
    assert view.messages.text == f"投诉 {complaint.number} 的调查结果已保存（不属实）"
    assert step_button(view, Step.REPLY).isEnabled()


def test_an_overdue_complaint_can_no_longer_be_extended(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    number = register(demo, clerk).number
    view = open_view(qtbot, demo, supervisor, tmp_path, today=date(2026, 10, 13))
    select_number(view, number)
    chosen = view.selected()
    assert chosen is not None and chosen.level == "overdue"
    assert view.model.data(view.model.index(0, 6)) == "超期（超1个工作日）"
    assert not step_button(view, Step.EXTEND).isEnabled()
    assert step_button(view, Step.EXTEND).toolTip() == (
        f"该投诉已于{DUE.isoformat()}到期，超期后不能再延期：延期须在期限届满前决定"
    )


def test_a_refused_step_shows_the_services_words(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    """Assigning the clerk complained about: the service says why, in the message panel."""
    number = register(demo, clerk).number
    view = open_view(qtbot, demo, supervisor, tmp_path, today=IN_TIME)
    select_number(view, number)
    view.steps.start(Step.ASSIGN)
    assign = view.steps.dialog
    assert isinstance(assign, AssignDialog)
    assign.handler.setCurrentIndex(assign.handler.findText("刘军"))
    assign.accept()
    assert view.messages.text == "承办人：刘军是被投诉人，不能承办对本人的投诉"
    chosen = view.selected()
    assert chosen is not None and chosen.handler_name == ""


def test_a_read_only_account_can_only_look(
    qtbot: QtBot, demo: AppContext, clerk: Actor, reader: Actor, tmp_path: Path
) -> None:
    number = register(demo, clerk).number
    view = open_view(qtbot, demo, reader, tmp_path, today=IN_TIME)
    select_number(view, number)
    assert not view.new_button.isEnabled()
    assert view.new_button.toolTip() == "登记效能投诉需要窗口人员、中心负责人或管理员角色"
    assert not view.print_button.isEnabled()
    assert view.print_button.toolTip() == (
        "打印效能投诉登记处理单需要窗口人员、中心负责人或管理员角色"
    )
    assert not any(b.isEnabled() for b in view.detail.buttons.values())
    view.new_complaint()  # Alt+N still reaches it: it says why instead
    assert view.dialog is None and view.messages.text == view.new_button.toolTip()


# the list and the sheet ----------------------------------------------------------------------
def test_the_filters_narrow_the_list_by_state_and_day(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    first = register(demo, clerk)
    second = register(demo, clerk, now=datetime(2026, 10, 8, 9, 0), content="电话一直无人接听")
    complaints.record_findings(demo.uow(), supervisor, second.id, "属实", True, now=TUESDAY)
    complaints.record_reply(
        demo.uow(), supervisor, second.id, "已致歉", date(2026, 10, 9), now=datetime(2026, 10, 9)
    )
    view = open_view(qtbot, demo, supervisor, tmp_path, today=IN_TIME)
    assert [c.number for c in view.model.rows()] == [second.number, first.number]

    view.filters.set_values(ComplaintState.REPLIED, None, None)
    assert [c.number for c in view.model.rows()] == [second.number]
    assert view.model.data(view.model.index(0, 4)) == "已答复"
    view.filters.set_values(None, date(2026, 9, 1), date(2026, 9, 30))
    assert [c.number for c in view.model.rows()] == [first.number]
    view.filters.set_values(None, date(2026, 10, 10), None)
    assert view.model.rowCount() == 0 and view.count_label.text() == ""

    view.show_complaint(second.id)  # as the deadline monitor asks for one
    assert view.filters.values() == (None, None, None)
    chosen = view.selected()
    assert chosen is not None and chosen.id == second.id


def test_the_complaint_sheet_is_previewed_and_saved(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    number = register(demo, clerk).number
    view = open_view(qtbot, demo, supervisor, tmp_path, today=IN_TIME)
    select_number(view, number)
    alt(qtbot, view, Qt.Key.Key_P)
    preview = view.printing.dialog
    assert preview is not None and preview.isVisible()
    assert preview.windowTitle() == "打印预览 — 效能投诉登记处理单"
    assert len(preview.pages) == 1 and not preview.counter_button.isVisible()

    preview.save_pdf()
    saved = tmp_path / "saved.pdf"
    assert saved.exists()
    words = pdf_text(saved.read_bytes(), tmp_path)
    assert "效能投诉登记处理单" in words and number in words
    assert view.messages.text == f"效能投诉登记处理单已另存为PDF：{saved}"
    with demo.read_uow() as uow:
        printed = uow.session.scalars(
            select(AuditRecord.entity_id).where(AuditRecord.action == "print.complaint")
        ).all()
    assert printed == [number]


def test_the_sheet_goes_to_the_printer_remembered_for_it(
    qtbot: QtBot, demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    number = register(demo, clerk).number
    view = open_view(qtbot, demo, supervisor, tmp_path, today=IN_TIME)
    select_number(view, number)
    view.print_complaint()
    preview = view.printing.dialog
    assert preview is not None
    preview.print_now()
    printers = view.printing.printers
    assert isinstance(printers, PdfPrinters) and printers.asked == 1
    [sheet] = printers.files
    paper = pdfium.PdfDocument(sheet)  # the printer's pages are pictures: read the job's name
    assert len(paper) == 1
    assert paper.get_metadata_dict()["Title"] == f"效能投诉登记处理单-{number}.pdf"
    assert view.messages.text.startswith("效能投诉登记处理单已打印（打印机：")
    assert view.printing.settings.printer_for(preview.document.kind) == printers.name  # type: ignore[arg-type]
