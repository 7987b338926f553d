"""效能投诉 through the services on a real database: registration with its number and its
limit counted in the hall's working days (across the National Day holiday here), the
handler, findings, reply and closing, extensions, every refusal with its message and
nothing written, the phone shown whole only to those who answer the complainant, and
what goes to the county."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from sqlalchemy import func, select

from hallapp.app import AppContext
from hallapp.core.complaints import ComplaintChannel, ComplaintState, SubjectKind
from hallapp.core.intake import Decision
from hallapp.db.models import AuditRecord, Complaint, OutboxEntry
from hallapp.errors import InvalidInput, NotFound, PermissionDenied
from hallapp.services import agents, complaints, intake
from hallapp.services.actors import Actor
from hallapp.services.complaints import ComplaintForm
from hallapp.services.halls import actor_for
from tests.integration.test_intake import form

# Tue 2026-09-29: five working days on is Mon 10-12 (国庆节 10-01 to 10-07; Sat 10-10 is
# 调休上班).
TUESDAY = datetime(2026, 9, 29, 10, 0)
DUE = date(2026, 10, 12)

ABOUT_LIUJUN = ComplaintForm(
    channel=ComplaintChannel.WINDOW,
    anonymous=False,
    complainant_name=" 王秀英 ",
    complainant_phone="138 0013 8000",
    subject_kind=SubjectKind.CLERK,
    subject_staff_login="liujun",
    subject_agent_id=None,
    subject_case_number=None,
    subject_department="",
    content="窗口工作人员中午提前离岗，等了一个小时",
    days=5,
)


@pytest.fixture
def liujun(demo: AppContext) -> Actor:
    return actor_for(demo.read_uow(), "liujun")


def register(
    ctx: AppContext, actor: Actor, now: datetime = TUESDAY, **changes: Any
) -> complaints.ComplaintView:
    return complaints.register_complaint(ctx.uow(), actor, replace(ABOUT_LIUJUN, **changes), now)


def written(ctx: AppContext) -> tuple[int, int, int]:
    """Complaints, their audit records and their outbox entries."""
    with ctx.read_uow() as uow:
        s = uow.session
        return (
            s.scalar(select(func.count()).select_from(Complaint)) or 0,
            s.scalar(select(func.count()).where(AuditRecord.entity == "complaint")) or 0,
            s.scalar(select(func.count()).where(OutboxEntry.entity == "complaint")) or 0,
        )


def trail(ctx: AppContext, number: str) -> list[tuple[str, str, dict[str, Any]]]:
    with ctx.read_uow() as uow:
        rows = uow.session.execute(
            select(AuditRecord.action, AuditRecord.actor_name, AuditRecord.detail)
            .where(AuditRecord.entity == "complaint", AuditRecord.entity_id == number)
            .order_by(AuditRecord.id)
        ).all()
    return [(a, n, json.loads(d)) for a, n, d in rows]


def outbox(ctx: AppContext) -> list[tuple[str, str, dict[str, Any]]]:
    with ctx.read_uow() as uow:
        rows = uow.session.execute(
            select(OutboxEntry.entity_id, OutboxEntry.op, OutboxEntry.payload)
            .where(OutboxEntry.entity == "complaint")
            .order_by(OutboxEntry.seq)
        ).all()
    return [(i, o, json.loads(p)) for i, o, p in rows]


def test_a_complaint_is_numbered_by_day_and_due_in_working_days_across_national_day(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    first = register(demo, clerk)
    assert first.number == "430121104000-TS20260929-01"
    assert (first.received_at, first.due_on, first.due_provisional) == (TUESDAY, DUE, False)
    assert (first.state, first.level, first.days_left) == (ComplaintState.OPEN, "normal", 5)
    assert (first.complainant_name, first.complainant_phone) == ("王秀英", "138****8000")
    assert (first.subject_kind, first.subject_label) == (SubjectKind.CLERK, "刘军（2号窗口）")
    assert first.subject_case_number is None and first.registered_by == "张敏"
    assert first.handler_name == "" and first.closed_on_time is None
    second = register(demo, clerk, TUESDAY.replace(hour=16))
    assert second.number == "430121104000-TS20260929-02"
    # After closing time (17:30) it counts from the next working day, 10-08, as a case.
    late = register(demo, clerk, datetime(2026, 9, 30, 18, 0))
    assert late.number == "430121104000-TS20260930-01"
    assert late.due_on == date(2026, 10, 14)
    # The phone whole only for the supervisor (or the handler).
    whole = complaints.complaint(demo.read_uow(), first.id, TUESDAY.date(), supervisor)
    assert whole.complainant_phone == "13800138000"
    assert complaints.complaint(demo.read_uow(), first.id, TUESDAY.date()) == first
    assert trail(demo, first.number) == [
        (
            "complaint.register",
            "张敏",
            {
                "channel": "window",
                "anonymous": False,
                "subject": "clerk",
                "subject_label": "刘军（2号窗口）",
                "days": 5,
                "due": "2026-10-12",
            },
        )
    ]
    entity_id, op, payload = outbox(demo)[0]
    assert (entity_id, op) == (first.number, "create")
    assert payload == {
        "received_at": "2026-09-29T10:00:00",
        "channel": "window",
        "anonymous": False,
        "subject_kind": "clerk",
        "subject_label": "刘军（2号窗口）",
        "subject_department": "",
        "subject_case": None,
        "days": 5,
        "extended_days": 0,
        "due_on": "2026-10-12",
        "due_provisional": False,
        "handler": "",
        "substantiated": None,
        "replied_on": None,
        "complainant_satisfied": None,
        "state": "open",
        "closed_on": None,
        "registered_by": "张敏",
    }
    text = json.dumps([p for _, _, p in outbox(demo)], ensure_ascii=False)
    assert "王秀英" not in text and "8000" not in text and "离岗" not in text


def test_an_anonymous_complaint_keeps_no_name_and_no_phone(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    view = register(demo, clerk, anonymous=True, channel=ComplaintChannel.HOTLINE)
    with demo.read_uow() as uow:
        stored = uow.session.execute(
            select(Complaint.complainant_name, Complaint.complainant_phone)
        ).one()
    assert tuple(stored) == ("", "") and view.anonymous
    seen = complaints.complaint(demo.read_uow(), view.id, TUESDAY.date(), supervisor)
    assert (seen.complainant_name, seen.complainant_phone) == ("", "")


def test_complaints_about_a_case_an_agent_and_a_department(demo: AppContext, clerk: Actor) -> None:
    case = intake.submit_intake(demo.uow(), clerk, form(demo), Decision.ACCEPT, now=TUESDAY)
    about_case = register(
        demo, clerk, subject_kind=SubjectKind.CASE, subject_case_number=f" {case.number} "
    )
    assert about_case.subject_case_number == case.number
    assert about_case.subject_label.startswith(f"{case.number}（临时救助")
    assert outbox(demo)[-1][2]["subject_case"] == case.number
    assert outbox(demo)[-1][2]["subject_department"]  # the item's department, for the county
    wang = next(a for a in agents.list_agents(demo.read_uow()) if a.name == "王芳")
    about_agent = register(demo, clerk, subject_kind=SubjectKind.AGENT, subject_agent_id=wang.id)
    assert (about_agent.subject_kind, about_agent.subject_label) == (SubjectKind.AGENT, "王芳")
    about_department = register(
        demo, clerk, subject_kind=SubjectKind.DEPARTMENT, subject_department=" 县民政局 "
    )
    assert about_department.subject_label == "县民政局"


def test_every_registration_refusal_names_its_field_and_writes_nothing(
    demo: AppContext, clerk: Actor
) -> None:
    before = written(demo)
    agent = actor_for(demo.read_uow(), "wangfang")

    def refused(message: str, actor: Actor = clerk, **changes: Any) -> InvalidInput | None:
        error = PermissionDenied if actor is agent else InvalidInput
        with pytest.raises(error, match=message) as caught:
            register(demo, actor, **changes)
        assert written(demo) == before
        return caught.value if isinstance(caught.value, InvalidInput) else None

    refused("投诉人姓名：实名投诉须填写姓名，不愿留名请选择匿名", complainant_name=" ")
    refused("投诉人姓名：不能超过60个字", complainant_name="王" * 61)
    refused("联系电话：", complainant_phone="12345678")
    refused("投诉内容：不能为空", content="  ")
    refused(r"投诉内容：不能超过2000字（现为2001字）", content="慢" * 2001)
    refused(r"办理时限：须为5至10个工作日（现为4）", days=4)
    refused(r"办理时限：须为5至10个工作日（现为11）", days=11)
    refused("投诉渠道：请选择窗口、电话、12345热线、信件或网上", channel="fax")
    refused("投诉对象：请选择工作人员、代办员、部门或办件", subject_kind="mayor")
    refused("投诉对象：请选择被投诉的工作人员", subject_staff_login=None)
    refused("投诉对象：找不到登录名为 nobody 的工作人员", subject_staff_login="nobody")
    refused("投诉对象：请选择被投诉的代办员", subject_kind=SubjectKind.AGENT)
    refused("投诉对象：找不到代办员 999", subject_kind=SubjectKind.AGENT, subject_agent_id=999)
    refused("投诉对象：请填写被投诉的办件编号", subject_kind=SubjectKind.CASE)
    refused(
        "投诉对象：找不到办件 430121104000-20260929-0099",
        subject_kind=SubjectKind.CASE,
        subject_case_number="430121104000-20260929-0099",
    )
    refused("投诉对象：请填写被投诉的部门", subject_kind=SubjectKind.DEPARTMENT)
    refused("登记效能投诉需要窗口人员或中心负责人或管理员角色", actor=agent)
    every = refused("；", complainant_name="", content="", days=3, subject_staff_login="x")
    assert every is not None and len(every.problems) == 4
    # An anonymous complaint needs no name, and a phone left empty is no problem.
    assert register(demo, clerk, anonymous=True, complainant_name="").anonymous
    assert register(demo, clerk, complainant_phone="").complainant_phone == ""
    admin = actor_for(demo.read_uow(), "admin")
    assert register(demo, admin).registered_by == "系统管理员"


def test_handler_findings_reply_and_closing_in_order(
    demo: AppContext, clerk: Actor, supervisor: Actor, liujun: Actor
) -> None:
    view = register(demo, clerk)
    cid, number = view.id, view.number
    uow = demo.uow
    later = datetime(2026, 10, 9, 15, 0)
    with pytest.raises(PermissionDenied, match="指定投诉承办人需要中心负责人角色"):
        complaints.assign_handler(uow(), clerk, cid, "zhangmin")
    with pytest.raises(InvalidInput, match="承办人：刘军是被投诉人，不能承办对本人的投诉"):
        complaints.assign_handler(uow(), supervisor, cid, "liujun")
    with pytest.raises(InvalidInput, match="承办人：找不到在岗的工作人员 nobody"):
        complaints.assign_handler(uow(), supervisor, cid, "nobody")
    assigned = complaints.assign_handler(uow(), supervisor, cid, "zhangmin", later)
    assert assigned.handler_name == "张敏"
    assert assigned.complainant_phone == "13800138000"  # the supervisor answers it too
    # The handler now sees the phone whole; others do not.
    assert complaints.complaint(demo.read_uow(), cid, later.date(), clerk).complainant_phone == (
        "13800138000"
    )
    assert complaints.complaint(demo.read_uow(), cid, later.date(), liujun).complainant_phone == (
        "138****8000"
    )
    with pytest.raises(InvalidInput, match="请先记录调查结果，再答复投诉人"):
        complaints.record_reply(uow(), clerk, cid, "已答复", later.date(), later)
    with pytest.raises(PermissionDenied, match="记录他人承办的投诉的调查结果需要中心负责人角色"):
        complaints.record_findings(uow(), liujun, cid, "属实", True, later)
    with pytest.raises(InvalidInput, match="调查结果：不能为空"):
        complaints.record_findings(uow(), clerk, cid, " ", True, later)
    found = complaints.record_findings(uow(), clerk, cid, "经核实，确有提前离岗", True, later)
    assert (found.findings, found.substantiated, found.state) == (
        "经核实，确有提前离岗",
        True,
        ComplaintState.OPEN,
    )
    assert (found.level, found.days_left) == ("warning", 2)  # 10-09: 10-10 and 10-12 left
    with pytest.raises(PermissionDenied, match="答复他人承办的投诉需要中心负责人角色"):
        complaints.record_reply(uow(), liujun, cid, "已答复", later.date(), later)
    with pytest.raises(InvalidInput, match="答复日期：不能晚于今天"):
        complaints.record_reply(uow(), clerk, cid, "已答复", date(2026, 10, 10), later)
    with pytest.raises(InvalidInput, match="答复日期：不能早于收到投诉的日期 2026-09-29"):
        complaints.record_reply(uow(), clerk, cid, "已答复", date(2026, 9, 28), later)
    with pytest.raises(InvalidInput, match="该投诉尚未答复投诉人，答复后才能办结"):
        complaints.close_complaint(uow(), supervisor, cid, True, later)
    replied = complaints.record_reply(
        uow(), clerk, cid, " 已电话告知处理结果 ", later.date(), later
    )
    assert (replied.state, replied.replied_on, replied.reply) == (
        ComplaintState.REPLIED,
        date(2026, 10, 9),
        "已电话告知处理结果",
    )
    assert (replied.level, replied.days_left, replied.closed_on_time) == ("closed", None, True)
    with pytest.raises(InvalidInput, match="该投诉已答复，不能再修改调查结果"):
        complaints.record_findings(uow(), supervisor, cid, "补充", False, later)
    with pytest.raises(InvalidInput, match="该投诉已答复，不能再更换承办人"):
        complaints.assign_handler(uow(), supervisor, cid, "lijianguo", later)
    with pytest.raises(PermissionDenied, match="办结效能投诉需要中心负责人角色"):
        complaints.close_complaint(uow(), clerk, cid, True, later)
    closed = complaints.close_complaint(uow(), supervisor, cid, True, datetime(2026, 10, 12, 9))
    assert (closed.state, closed.closed_on, closed.complainant_satisfied) == (
        ComplaintState.CLOSED,
        date(2026, 10, 12),
        True,
    )
    with pytest.raises(InvalidInput, match="该投诉已于2026-10-12办结"):
        complaints.close_complaint(uow(), supervisor, cid, False)
    assert [(a, n) for a, n, _ in trail(demo, number)] == [
        ("complaint.register", "张敏"),
        ("complaint.assign", "李建国"),
        ("complaint.findings", "张敏"),
        ("complaint.reply", "张敏"),
        ("complaint.close", "李建国"),
    ]
    assert trail(demo, number)[3][2]["on_time"] is True
    entries = outbox(demo)
    assert [o for _, o, _ in entries] == ["create"] + ["update"] * 4
    last = entries[-1][2]
    assert (last["state"], last["substantiated"], last["replied_on"], last["closed_on"]) == (
        "closed",
        True,
        "2026-10-09",
        "2026-10-12",
    )
    with demo.read_uow() as session_uow:
        version = session_uow.session.scalar(select(Complaint.version))
    assert version == 5


def test_an_anonymous_complaint_closes_without_the_complainants_view(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    cid = register(demo, clerk, anonymous=True).id
    # A supervisor may find and answer without being named handler: they become it.
    found = complaints.record_findings(demo.uow(), supervisor, cid, "不属实", False, TUESDAY)
    assert found.handler_name == "李建国"
    complaints.record_reply(demo.uow(), supervisor, cid, "已在网上答复", TUESDAY.date(), TUESDAY)
    with pytest.raises(InvalidInput, match="匿名投诉无法征询投诉人意见"):
        complaints.close_complaint(demo.uow(), supervisor, cid, True, TUESDAY)
    closed = complaints.close_complaint(demo.uow(), supervisor, cid, None, TUESDAY)
    assert closed.state is ComplaintState.CLOSED and closed.complainant_satisfied is None


def test_extensions_are_granted_with_a_reason_while_the_limit_runs(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    cid = register(demo, clerk).id
    uow = demo.uow
    on_the_9th = datetime(2026, 10, 9, 9)
    before = written(demo)
    with pytest.raises(PermissionDenied, match="批准投诉延期需要中心负责人角色"):
        complaints.extend_complaint(uow(), clerk, cid, 3, "需核实", on_the_9th)
    with pytest.raises(InvalidInput, match="延期理由：不能为空"):
        complaints.extend_complaint(uow(), supervisor, cid, 3, " ", on_the_9th)
    with pytest.raises(InvalidInput, match=r"延期天数：须为正整数（现为0）"):
        complaints.extend_complaint(uow(), supervisor, cid, 0, "需核实", on_the_9th)
    with pytest.raises(InvalidInput, match="超过最多可延长的10个工作日（已延期0个工作日）"):
        complaints.extend_complaint(uow(), supervisor, cid, 11, "需核实", on_the_9th)
    with pytest.raises(NotFound, match="找不到投诉 99"):
        complaints.extend_complaint(uow(), supervisor, 99, 3, "需核实", on_the_9th)
    assert written(demo) == before
    # Three more: 8 working days from 09-29 is 10-15.
    once = complaints.extend_complaint(uow(), supervisor, cid, 3, "需县民政局核实", on_the_9th)
    assert (once.due_on, once.extended_days, once.extension_reason) == (
        date(2026, 10, 15),
        3,
        "需县民政局核实",
    )
    assert (once.level, once.days_left) == ("normal", 5)
    with pytest.raises(InvalidInput, match="延期8个工作日后共11个工作日"):
        complaints.extend_complaint(uow(), supervisor, cid, 8, "再核实", on_the_9th)
    # On the due day itself it may still be extended: 15 working days from 09-29.
    twice = complaints.extend_complaint(
        uow(), supervisor, cid, 7, "当事人外出", datetime(2026, 10, 15, 16)
    )
    assert (twice.due_on, twice.extended_days) == (date(2026, 10, 26), 10)
    assert twice.extension_reason == "需县民政局核实；当事人外出"
    assert [a for a, _, _ in trail(demo, twice.number)][-2:] == [
        "complaint.extend",
        "complaint.extend",
    ]
    assert trail(demo, twice.number)[-1][2] == {
        "days": 7,
        "reason": "当事人外出",
        "before": "2026-10-15",
        "due": "2026-10-26",
    }
    assert outbox(demo)[-1][2]["due_on"] == "2026-10-26"
    assert outbox(demo)[-1][2]["extended_days"] == 10


def test_an_overdue_or_answered_complaint_is_not_extended_and_a_late_reply_is_late(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    cid = register(demo, clerk).id
    overdue = complaints.complaint(demo.read_uow(), cid, date(2026, 10, 13))
    assert (overdue.level, overdue.days_left) == ("overdue", -1)
    with pytest.raises(InvalidInput, match="该投诉已于2026-10-12到期，超期后不能再延期"):
        complaints.extend_complaint(
            demo.uow(), supervisor, cid, 3, "需核实", datetime(2026, 10, 13, 9)
        )
    late = datetime(2026, 10, 14, 10)
    complaints.record_findings(demo.uow(), supervisor, cid, "属实", True, late)
    replied = complaints.record_reply(demo.uow(), supervisor, cid, "已答复", late.date(), late)
    assert (replied.level, replied.closed_on_time) == ("closed", False)
    with pytest.raises(InvalidInput, match="该投诉已答复，不能再延期"):
        complaints.extend_complaint(demo.uow(), supervisor, cid, 3, "需核实", late)


def test_lists_by_state_and_period_the_latest_first(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    first = register(demo, clerk, datetime(2026, 9, 28, 9))
    second = register(demo, clerk, datetime(2026, 9, 29, 9))
    third = register(demo, clerk, datetime(2026, 9, 30, 9))
    complaints.record_findings(demo.uow(), supervisor, second.id, "不属实", False, TUESDAY)
    complaints.record_reply(demo.uow(), supervisor, second.id, "已答复", TUESDAY.date(), TUESDAY)
    today = date(2026, 9, 30)

    def numbers(**kw: Any) -> list[str]:
        return [c.number for c in complaints.list_complaints(demo.read_uow(), today, **kw)]

    assert numbers() == [third.number, second.number, first.number]
    assert numbers(state=ComplaintState.OPEN) == [third.number, first.number]
    assert numbers(state=ComplaintState.REPLIED) == [second.number]
    assert numbers(start=date(2026, 9, 29)) == [third.number, second.number]
    assert numbers(end=date(2026, 9, 29)) == [second.number, first.number]
    assert numbers(start=date(2026, 9, 29), end=date(2026, 9, 29)) == [second.number]
    assert numbers(limit=1) == [third.number]
    [seen] = complaints.list_complaints(demo.read_uow(), today, limit=1, actor=supervisor)
    assert seen.complainant_phone == "13800138000"


def test_staff_choices_are_those_who_serve_applicants(demo: AppContext) -> None:
    # In the order of their names, as the monitor's clerk filter lists them; no admin.
    assert complaints.staff_choices(demo.read_uow()) == [
        ("liujun", "刘军"),
        ("zhangmin", "张敏"),
        ("lijianguo", "李建国"),
        ("wangfang", "王芳"),
    ]


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text with all white space removed: CJK extraction spaces glyphs freely."""
    path = tmp_path / "complaint.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return "".join(out.split())


def prints(ctx: AppContext) -> list[tuple[str, str, dict[str, Any]]]:
    with ctx.read_uow() as uow:
        rows = uow.session.execute(
            select(AuditRecord.entity_id, AuditRecord.actor_name, AuditRecord.detail)
            .where(AuditRecord.action == "print.complaint")
            .order_by(AuditRecord.id)
        ).all()
    return [(i, n, json.loads(d)) for i, n, d in rows]


def test_the_printed_form_shows_the_complaint_as_it_stands_and_is_recorded(
    demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    view = register(demo, clerk)
    cid = view.id
    fresh = pdf_text(complaints.render_complaint_pdf(demo.uow(), clerk, cid, TUESDAY), tmp_path)
    for words in (
        "示例镇便民服务中心",
        "效能投诉登记处理单",
        f"投诉编号：{view.number}",
        "2026年9月29日10:00",
        "窗口",
        "王秀英",
        "138****8000",
        "工作人员：刘军（2号窗口）",
        "5个工作日，2026年10月12日前答复投诉人",
        "窗口工作人员中午提前离岗，等了一个小时",
        "办理中",
        "承办人（签名）",
        "中心负责人（签名）",
        "打印人：张敏",
    ):
        assert words in fresh, words
    assert "13800138000" not in fresh  # the clerk does not answer this complaint
    later = datetime(2026, 10, 9, 15)
    complaints.assign_handler(demo.uow(), supervisor, cid, "lijianguo", later)
    complaints.extend_complaint(demo.uow(), supervisor, cid, 2, "需县人社局核实", later)
    complaints.record_findings(demo.uow(), supervisor, cid, "经调阅监控，确有离岗", True, later)
    complaints.record_reply(
        demo.uow(), supervisor, cid, "已电话致歉并告知处理结果", later.date(), later
    )
    done = complaints.render_complaint_pdf(demo.uow(), supervisor, cid, later)
    assert done.startswith(b"%PDF")
    handled = pdf_text(done, tmp_path)
    for words in (
        "13800138000",
        "延期2个工作日",
        "需县人社局核实",
        "李建国",
        "属实",
        "经调阅监控，确有离岗",
        "已电话致歉并告知处理结果",
        "2026年10月9日",
        "按期答复",
        "已答复",
    ):
        assert words in handled, words
    assert prints(demo) == [
        (view.number, "张敏", {"state": "open", "phone": "masked"}),
        (view.number, "李建国", {"state": "replied", "phone": "whole"}),
    ]
    with pdfium.PdfDocument(done) as pdf:
        width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4


def test_an_anonymous_complaint_prints_no_one_and_refusals_print_nothing(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    view = register(demo, clerk, anonymous=True, channel=ComplaintChannel.HOTLINE)
    words = pdf_text(complaints.render_complaint_pdf(demo.uow(), clerk, view.id), tmp_path)
    assert "匿名" in words and "王秀英" not in words and "12345热线" in words
    agent = actor_for(demo.read_uow(), "wangfang")
    with pytest.raises(PermissionDenied, match="打印效能投诉登记处理单需要窗口人员或中心负责人"):
        complaints.render_complaint_pdf(demo.uow(), agent, view.id)
    with pytest.raises(NotFound, match="找不到投诉 42"):
        complaints.render_complaint_pdf(demo.uow(), clerk, 42)
    assert len(prints(demo)) == 1
