"""转报/联办 and 送达 on a real database: forwards to county departments with their
working-day reply dates, replies that bring the case back (to 承办, or to 补正 with the
clock stopped), the pending forwards in the deadline monitor, and the delivery that
closes the case."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select, text

from hallapp.app import AppContext
from hallapp.core.clock import PauseKind
from hallapp.core.identity import DocumentType
from hallapp.core.intake import Applicant, ApplicantKind, Decision, IntakeForm
from hallapp.core.lifecycle import Action, State
from hallapp.db.models import (
    CaseDelivery,
    CaseEvent,
    OutboxEntry,
)
from hallapp.documents.model import DocumentKind
from hallapp.errors import InvalidInput, PermissionDenied
from hallapp.services import (
    agents,
    case_clock,
    cases,
    deadlines,
    delivery,
    forward_queries,
    forwarding,
    intake,
    printing,
)
from hallapp.services.actors import Actor
from hallapp.services.deadlines import Bucket, MonitorFilter
from hallapp.services.delivery import DeliveryForm, DeliveryMethod
from hallapp.services.forwarding import (
    ForwardForm,
    ForwardReply,
    ForwardTarget,
    ForwardWay,
    NeededMaterial,
    ReplyForm,
)
from hallapp.services.halls import actor_for
from tests.ui.test_register_support import (
    ID_LI,
    ID_ZHANG,
    checklist,
    item_id,
    make_case,
    resident_id,
)

# 医疗救助申请: a 上报件 of the sample catalogue, promised 10 and legal 20 working days.
ITEM = "医疗救助"
MEDICAL = "示例县医疗保障局"
CIVIL = "示例县民政局"
# Wed 2026-04-01; 清明节 is Sat 04-04 to Mon 04-06.
ACCEPTED = datetime(2026, 4, 1, 9, 30)
SENT = datetime(2026, 4, 2, 10, 0)
APPROVED = ReplyForm(ForwardReply.APPROVED)
INCOME = ReplyForm(
    ForwardReply.MORE_MATERIALS, needed=(NeededMaterial("收入证明", "须提供近6个月银行流水"),)
)


def accepted_case(ctx: AppContext, actor: Actor, now: datetime = ACCEPTED, serial: int = 1) -> int:
    return make_case(ctx, actor, item=ITEM, now=now, doc=resident_id(serial)).case_id


def two_departments(sent_on: date | None = None) -> ForwardForm:
    return ForwardForm(
        (
            ForwardTarget(MEDICAL, 5, ForwardWay.AGENT, sent_on),
            ForwardTarget(CIVIL, 3, ForwardWay.POST, sent_on),
        )
    )


def forwarded_case(ctx: AppContext, actor: Actor) -> tuple[int, list[int]]:
    case_id = accepted_case(ctx, actor)
    result = forwarding.forward(ctx.uow(), actor, case_id, two_departments(), now=SENT)
    return case_id, [f.id for f in result.forwards]


def state_of(ctx: AppContext, case_id: int) -> State:
    return cases.case_detail(ctx.read_uow(), case_id).state


def steps(ctx: AppContext, case_id: int) -> list[tuple[str, str, str]]:
    return [
        (e.action, e.from_state, e.to_state)
        for e in cases.case_detail(ctx.read_uow(), case_id).timeline
    ]


def completed_case(
    ctx: AppContext, actor: Actor, proxy: Applicant | None = None, agent: str = ""
) -> int:
    vid = item_id(ctx, ITEM)
    form = IntakeForm(
        item_version_id=vid,
        applicant=Applicant(
            ApplicantKind.PERSON, "张三", DocumentType.RESIDENT_ID, ID_ZHANG, "13800138000"
        ),
        materials=checklist(ctx, vid),
        proxy=proxy,
        idempotency_key=intake.new_form_key(),
    )
    case_id = intake.submit_intake(ctx.uow(), actor, form, Decision.ACCEPT, now=ACCEPTED).case_id
    if agent:
        under_agent_service(ctx, actor, case_id, agent)
    for action in (Action.START_HANDLING, Action.COMPLETE):
        cases.apply_action(ctx.uow(), actor, case_id, action, now=datetime(2026, 4, 8, 10))
    return case_id


def agent_named(ctx: AppContext, name: str) -> int:
    return next(a.id for a in agents.list_agents(ctx.read_uow()) if a.name == name)


def under_agent_service(ctx: AppContext, actor: Actor, case_id: int, name: str) -> int:
    agent_id = agent_named(ctx, name)
    form = agents.AgentServiceForm(agent_id, "代为申请并领取结果")
    agents.put_under_agent_service(ctx.uow(), actor, case_id, form, now=ACCEPTED)
    return agent_id


def written(ctx: AppContext) -> tuple[int, int, int]:
    """How many deliveries, timeline events and outbox entries the database holds."""
    with ctx.read_uow() as uow:
        return tuple(  # type: ignore[return-value]
            uow.session.scalar(select(func.count()).select_from(t))
            for t in (CaseDelivery, CaseEvent, OutboxEntry)
        )


# --- forwarding ------------------------------------------------------------------------


def test_forward_to_two_departments_counts_reply_days_across_the_holiday(
    demo: AppContext, clerk: Actor
) -> None:
    case_id = accepted_case(demo, clerk)
    result = forwarding.forward(demo.uow(), clerk, case_id, two_departments(), now=SENT)
    assert result.state is State.FORWARDED and result.entered
    # From Thu 04-02: Fri 04-03, then 清明 (04-04..06), then Tue 04-07 onwards.
    assert [(f.department, f.expected_reply_on) for f in result.forwards] == [
        (MEDICAL, date(2026, 4, 10)),
        (CIVIL, date(2026, 4, 8)),
    ]
    assert all(f.sent_on == SENT.date() and f.pending for f in result.forwards)
    assert state_of(demo, case_id) is State.FORWARDED
    # A third department joins while the case waits: no second transition.
    more = ForwardForm((ForwardTarget("示例县残疾人联合会", 5, ForwardWay.ELECTRONIC),))
    again = forwarding.forward(demo.uow(), clerk, case_id, more, now=datetime(2026, 4, 3, 9))
    assert again.state is State.FORWARDED and not again.entered
    forward_steps = [s for s in steps(demo, case_id) if s[0] == Action.FORWARD.value]
    assert forward_steps == [
        ("forward", "accepted", "forwarded"),
        ("forward", "forwarded", "forwarded"),
    ]
    assert len(forwarding.forwards_of(demo.read_uow(), case_id, date(2026, 4, 3))) == 3


def test_a_forward_needs_valid_departments_days_and_dates(demo: AppContext, clerk: Actor) -> None:
    case_id = accepted_case(demo, clerk)

    def refused(form: ForwardForm) -> str:
        with pytest.raises(InvalidInput) as exc:
            forwarding.forward(demo.uow(), clerk, case_id, form, now=SENT)
        return exc.value.message

    assert "1至60个工作日" in refused(ForwardForm((ForwardTarget(MEDICAL, 61, ForwardWay.POST),)))
    assert "1至60个工作日" in refused(ForwardForm((ForwardTarget(MEDICAL, 0, ForwardWay.POST),)))
    tomorrow = ForwardTarget(MEDICAL, 5, ForwardWay.POST, date(2026, 4, 3))
    assert "不能晚于今天" in refused(ForwardForm((tomorrow,)))
    twice = ForwardTarget(MEDICAL, 5, ForwardWay.POST)
    assert "重复" in refused(ForwardForm((twice, twice)))
    assert "至少" in refused(ForwardForm(()))
    assert state_of(demo, case_id) is State.ACCEPTED
    forwarding.forward(demo.uow(), clerk, case_id, ForwardForm((twice,)), now=SENT)
    assert "尚未答复" in refused(ForwardForm((twice,)))
    # A case not accepted cannot be forwarded; someone without a role at the window neither.
    notice = make_case(demo, clerk, item=ITEM, decision=Decision.NOTICE, missing="缺", now=SENT)
    with pytest.raises(InvalidInput, match="不能“转报”"):
        forwarding.forward(demo.uow(), clerk, notice.case_id, ForwardForm((twice,)), now=SENT)
    admin = actor_for(demo.read_uow(), "admin")
    with pytest.raises(PermissionDenied):
        forwarding.forward(demo.uow(), admin, case_id, ForwardForm((twice,)), now=SENT)


def test_an_approval_and_a_request_for_materials_stop_the_clock_for_a_supplement(
    demo: AppContext, clerk: Actor
) -> None:
    case_id, (medical, civil) = forwarded_case(demo, clerk)
    first = forwarding.record_reply(
        demo.uow(), clerk, medical, APPROVED, now=datetime(2026, 4, 7, 9)
    )
    assert first.state is State.FORWARDED and not first.all_replied
    last = forwarding.record_reply(demo.uow(), clerk, civil, INCOME, now=datetime(2026, 4, 8, 9))
    assert last.all_replied and last.state is State.SUPPLEMENT_AFTER_ACCEPTANCE
    assert last.supplement_reason == f"{CIVIL}要求补充：收入证明（须提供近6个月银行流水）"
    assert steps(demo, case_id)[-3:] == [
        ("forward_replied", "forwarded", "forwarded"),
        ("forward_replied", "forwarded", "in_progress"),
        ("request_supplement", "in_progress", "supplement_after_acceptance"),
    ]
    clock = case_clock.case_clock(demo.read_uow(), case_id, date(2026, 4, 9))
    assert not clock.running
    assert [(p.kind, p.start, p.end) for p in clock.pauses] == [
        (PauseKind.SUPPLEMENT, date(2026, 4, 8), None)
    ]
    paused = deadlines.monitor_rows(
        demo.read_uow(), date(2026, 4, 9), MonitorFilter(bucket=Bucket.PAUSED)
    )
    assert [(r.id, r.pause_kind) for r in paused] == [(case_id, PauseKind.SUPPLEMENT)]
    assert "收入证明" in paused[0].pause_reason
    views = forwarding.forwards_of(demo.read_uow(), case_id, date(2026, 4, 9))
    assert [(v.reply, v.reply_on) for v in views] == [
        (ForwardReply.APPROVED, date(2026, 4, 7)),
        (ForwardReply.MORE_MATERIALS, date(2026, 4, 8)),
    ]
    assert forward_queries.count_pending_forwards(demo.read_uow(), date(2026, 4, 9)) == (0, 0)


def test_the_notice_for_materials_a_department_asked_for_is_printable(
    demo: AppContext, clerk: Actor
) -> None:
    case_id, (medical, civil) = forwarded_case(demo, clerk)
    forwarding.record_reply(demo.uow(), clerk, medical, APPROVED, now=datetime(2026, 4, 7, 9))
    forwarding.record_reply(demo.uow(), clerk, civil, INCOME, now=datetime(2026, 4, 8, 9))
    choices = {c.kind: c for c in printing.document_choices(demo.read_uow(), case_id)}
    assert choices[DocumentKind.NOTICE].applies, choices[DocumentKind.NOTICE].reason_if_not
    notice = printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.NOTICE)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=notice.data, capture_output=True, check=True
    ).stdout.decode()
    squeezed = "".join(text.split())
    assert "收入证明" in squeezed and "须提供近6个月银行流水" in squeezed


def test_a_refusal_needs_a_reason_and_outweighs_a_request_for_materials(
    demo: AppContext, clerk: Actor
) -> None:
    case_id, (medical, civil) = forwarded_case(demo, clerk)
    with pytest.raises(InvalidInput, match="须写明理由"):
        forwarding.record_reply(demo.uow(), clerk, medical, ReplyForm(ForwardReply.REFUSED))
    with pytest.raises(InvalidInput, match="补充哪些材料"):
        forwarding.record_reply(
            demo.uow(), clerk, civil, ReplyForm(ForwardReply.MORE_MATERIALS), now=SENT
        )
    with pytest.raises(InvalidInput, match="不能晚于今天"):
        forwarding.record_reply(
            demo.uow(), clerk, civil, replace(INCOME, replied_on=date(2026, 4, 9)), now=SENT
        )
    refusal = ReplyForm(ForwardReply.REFUSED, reason="家庭收入高于救助标准")
    forwarding.record_reply(demo.uow(), clerk, medical, refusal, now=datetime(2026, 4, 7, 9))
    with pytest.raises(InvalidInput, match="不能再次登记"):
        forwarding.record_reply(demo.uow(), clerk, medical, APPROVED, now=datetime(2026, 4, 7, 9))
    result = forwarding.record_reply(demo.uow(), clerk, civil, INCOME, now=datetime(2026, 4, 8, 9))
    # A joint handling fails on one refusal: no materials are asked of the applicant.
    assert result.all_replied and result.state is State.IN_PROGRESS
    assert result.supplement_reason == ""
    views = forwarding.forwards_of(demo.read_uow(), case_id)
    assert views[0].reply_text == "家庭收入高于救助标准"


def test_pending_and_overdue_forwards_are_listed_and_counted(
    demo: AppContext, clerk: Actor
) -> None:
    # 劳动节 2026: Fri 05-01 to Tue 05-05 off, Sat 05-09 a make-up working day.
    sent = datetime(2026, 4, 30, 9)
    ids = [accepted_case(demo, clerk, now=datetime(2026, 4, 29, 9, i), serial=i) for i in range(4)]
    for i, days in zip(ids, (1, 3, 5, 10), strict=True):
        target = ForwardTarget(CIVIL, days, ForwardWay.ELECTRONIC)
        forwarding.forward(demo.uow(), clerk, i, ForwardForm((target,)), now=sent)
    today = date(2026, 5, 8)  # a Friday; the next working day is Saturday 05-09
    rows = forward_queries.pending_forwards(demo.read_uow(), today)
    assert [(r.case_id, r.expected_reply_on, r.overdue) for r in rows] == [
        (ids[0], date(2026, 5, 6), True),
        (ids[1], date(2026, 5, 8), False),
        (ids[2], date(2026, 5, 11), False),
        (ids[3], date(2026, 5, 18), False),
    ]
    assert [r.workdays_left for r in rows] == [-2, 0, 2, 7]
    page = forward_queries.pending_forwards(demo.read_uow(), today, limit=2)
    rest = forward_queries.pending_forwards(demo.read_uow(), today, after=page[-1].key)
    assert [r.id for r in page + rest] == [r.id for r in rows]
    assert forward_queries.count_pending_forwards(demo.read_uow(), today) == (4, 1)
    # Due today (05-08) or on the next working day (Sat 05-09): one; 05-11 is later.
    assert deadlines.forward_deadlines(demo.read_uow(), today) == deadlines.ForwardCounts(4, 1, 1)
    # A withdrawn case's unanswered forward is nobody's deadline any more.
    cases.apply_action(demo.uow(), clerk, ids[0], Action.WITHDRAW, now=datetime(2026, 5, 8, 9))
    assert forward_queries.count_pending_forwards(demo.read_uow(), today) == (3, 0)
    assert ids[0] not in {r.case_id for r in forward_queries.pending_forwards(demo.read_uow(), today)}


def test_the_pending_list_reads_the_forwards_index(demo: AppContext) -> None:
    with demo.read_uow() as uow:
        plan = uow.session.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT id FROM case_forwards "
                "WHERE reply = 'pending' ORDER BY expected_reply_on, id LIMIT 200"
            )
        ).all()
    detail = " ".join(str(row[-1]) for row in plan)
    assert "ix_case_forwards_pending" in detail and "TEMP B-TREE" not in detail


# --- delivery --------------------------------------------------------------------------


def test_pick_up_at_the_window_with_the_applicants_id_closes_the_case(
    demo: AppContext, clerk: Actor
) -> None:
    case_id = completed_case(demo, clerk)
    assert delivery.delivery_of(demo.read_uow(), case_id) is None
    now = datetime(2026, 4, 9, 15)
    view = delivery.deliver(
        demo.uow(),
        clerk,
        case_id,
        DeliveryForm(DeliveryMethod.WINDOW, recipient_doc=ID_ZHANG.lower()),
        now=now,
    )
    assert view.case_closed and view.state is State.DELIVERED and view.invite_evaluation
    assert (view.recipient_name, view.recipient_masked_doc) == ("张三", "110***********002X")
    # Closed since 办结; delivery keeps that time.
    assert view.closed_at == datetime(2026, 4, 8, 10) and view.document is DocumentKind.PICKUP
    assert delivery.delivery_of(demo.read_uow(), case_id) == view
    with demo.read_uow() as uow:
        stored = uow.session.execute(select(CaseDelivery.__table__)).one()
    assert ID_ZHANG not in "|".join(str(v) for v in stored)
    with pytest.raises(InvalidInput, match="已送达"):
        delivery.deliver(
            demo.uow(), clerk, case_id, DeliveryForm(DeliveryMethod.WINDOW, recipient_doc=ID_ZHANG)
        )


def test_pick_up_by_the_authorised_person(demo: AppContext, clerk: Actor) -> None:
    proxy = Applicant(ApplicantKind.PERSON, "李四", DocumentType.RESIDENT_ID, ID_LI, "13900139000")
    case_id = completed_case(demo, clerk, proxy)
    view = delivery.deliver(
        demo.uow(), clerk, case_id, DeliveryForm(DeliveryMethod.WINDOW, recipient_doc=ID_LI)
    )
    assert (view.recipient_name, view.recipient_masked_doc) == ("李四", "110***********0011")


def test_a_wrong_id_at_the_window_is_refused_and_nothing_is_written(
    demo: AppContext, clerk: Actor
) -> None:
    case_id = completed_case(demo, clerk)
    before = written(demo)
    for doc in (resident_id(7), ""):
        with pytest.raises(InvalidInput, match="证件号码"):
            delivery.deliver(
                demo.uow(), clerk, case_id, DeliveryForm(DeliveryMethod.WINDOW, recipient_doc=doc)
            )
    assert written(demo) == before
    assert state_of(demo, case_id) is State.COMPLETED
    assert delivery.delivery_of(demo.read_uow(), case_id) is None


def test_delivery_by_the_agent_of_a_case_under_agent_service(
    demo: AppContext, clerk: Actor
) -> None:
    plain = completed_case(demo, clerk)
    with pytest.raises(InvalidInput, match="不是代办件"):
        delivery.deliver(demo.uow(), clerk, plain, DeliveryForm(DeliveryMethod.AGENT))
    case_id = completed_case(demo, clerk, agent="王芳")
    village_agent = DeliveryForm(DeliveryMethod.AGENT, agent_id=agent_named(demo, "赵春兰"))
    with pytest.raises(InvalidInput, match="没有承担该办件的代办"):
        delivery.deliver(demo.uow(), clerk, case_id, village_agent)
    agent = actor_for(demo.read_uow(), "wangfang")  # 王芳, logged in as the hall's agent
    with pytest.raises(InvalidInput, match="只能登记本人"):
        delivery.deliver(demo.uow(), agent, case_id, village_agent)
    view = delivery.deliver(demo.uow(), agent, case_id, DeliveryForm(DeliveryMethod.AGENT))
    assert (view.agent_name, view.recipient_name) == ("王芳", "张三")
    assert view.document is DocumentKind.DELIVERY and view.state is State.DELIVERED
    choices = {c.kind: c for c in printing.document_choices(demo.read_uow(), case_id)}
    assert choices[DocumentKind.DELIVERY].applies


def test_delivery_by_post_needs_the_tracking_number(demo: AppContext, clerk: Actor) -> None:
    case_id = completed_case(demo, clerk)
    before = written(demo)
    with pytest.raises(InvalidInput, match="运单号"):
        delivery.deliver(demo.uow(), clerk, case_id, DeliveryForm(DeliveryMethod.POST))
    assert written(demo) == before
    view = delivery.deliver(
        demo.uow(),
        clerk,
        case_id,
        DeliveryForm(DeliveryMethod.POST, tracking_number=" SF1234567890 "),
    )
    assert view.tracking_number == "SF1234567890" and view.state is State.DELIVERED
    assert "运单号SF1234567890" in steps_comment(demo, case_id)
    # The 送达回证 says how it went.
    paper = printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.DELIVERY)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=paper.data, capture_output=True, check=True
    ).stdout.decode()
    assert "邮寄送达（运单号SF1234567890）" in "".join(text.split())


def steps_comment(ctx: AppContext, case_id: int) -> str:
    return cases.case_detail(ctx.read_uow(), case_id).timeline[-1].comment


def test_a_case_not_yet_completed_cannot_be_delivered(demo: AppContext, clerk: Actor) -> None:
    case_id = accepted_case(demo, clerk)
    with pytest.raises(InvalidInput, match="尚未办结"):
        delivery.deliver(
            demo.uow(), clerk, case_id, DeliveryForm(DeliveryMethod.WINDOW, recipient_doc=ID_ZHANG)
        )
    assert delivery.delivery_of(demo.read_uow(), case_id) is None


# --- the whole path ---------------------------------------------------------------------


def test_forward_supplement_forward_again_complete_and_deliver_by_the_agent(
    demo: AppContext, clerk: Actor
) -> None:
    case_id, (medical, civil) = forwarded_case(demo, clerk)
    agent_id = under_agent_service(demo, clerk, case_id, "赵春兰")
    today = date(2026, 4, 8)
    assert deadlines.forward_deadlines(demo.read_uow(), today).pending == 2
    forwarding.record_reply(demo.uow(), clerk, medical, APPROVED, now=datetime(2026, 4, 7, 9))
    forwarding.record_reply(demo.uow(), clerk, civil, INCOME, now=datetime(2026, 4, 8, 9))
    assert state_of(demo, case_id) is State.SUPPLEMENT_AFTER_ACCEPTANCE
    # The applicant brings the statement; the case goes back to the department that asked.
    case_clock.end_pause(demo.uow(), clerk, case_id, "已补交银行流水", now=datetime(2026, 4, 13, 9))
    assert state_of(demo, case_id) is State.IN_PROGRESS
    again = ForwardForm((ForwardTarget(CIVIL, 3, ForwardWay.AGENT),))
    second = forwarding.forward(demo.uow(), clerk, case_id, again, now=datetime(2026, 4, 13, 10))
    assert second.entered and second.forwards[0].expected_reply_on == date(2026, 4, 16)
    reply = forwarding.record_reply(
        demo.uow(), clerk, second.forwards[0].id, APPROVED, now=datetime(2026, 4, 15, 9)
    )
    # Only this round counts: the earlier request for materials was already answered.
    assert reply.state is State.IN_PROGRESS and reply.supplement_reason == ""
    cases.apply_action(demo.uow(), clerk, case_id, Action.COMPLETE, now=datetime(2026, 4, 15, 15))
    delivered = delivery.deliver(
        demo.uow(), clerk, case_id, DeliveryForm(DeliveryMethod.AGENT), now=datetime(2026, 4, 16, 9)
    )
    assert delivered.agent_id == agent_id and delivered.state is State.DELIVERED
    detail = cases.case_detail(demo.read_uow(), case_id)
    assert detail.state is State.DELIVERED and detail.closed_at is not None
    assert detail.timeline[-1].action == Action.DELIVER.value
    day = date(2026, 4, 16)
    assert case_id not in {r.id for r in deadlines.monitor_rows(demo.read_uow(), day)}
    assert deadlines.level_counts(demo.read_uow(), day).total == 0
    assert deadlines.forward_deadlines(demo.read_uow(), day) == deadlines.ForwardCounts()
