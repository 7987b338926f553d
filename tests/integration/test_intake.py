"""一窗受理 through the services, on a real SQLite file."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from hallapp.app import AppContext
from hallapp.core.identity import DocumentType
from hallapp.core.intake import (
    Applicant,
    ApplicantKind,
    Decision,
    FeeLine,
    IntakeForm,
    MaterialLine,
    MaterialStatus,
    PaymentMethod,
    Refusal,
)
from hallapp.core.lifecycle import Action, State
from hallapp.db.models import AuditRecord, Case, CaseEvent, CaseMaterial, OutboxEntry
from hallapp.errors import PermissionDenied
from hallapp.services import cases, catalogue, intake
from hallapp.services.actors import Actor
from hallapp.services.intake import IntakeRefused

# A valid resident ID (check digit computed by the GB 11643 rule).
ID_ZHANG = "11010519491231002X"
MONDAY_MORNING = datetime(2026, 3, 2, 9, 30)


def item_id(ctx: AppContext, text: str) -> int:
    return catalogue.search_items(ctx.read_uow(), text)[0].version_id


def checklist(
    ctx: AppContext, version_id: int, status: MaterialStatus = MaterialStatus.RECEIVED
) -> tuple[MaterialLine, ...]:
    guide = catalogue.item_guide(ctx.read_uow(), version_id)
    return tuple(
        MaterialLine(
            m.name,
            m.form.value,
            m.copies,
            m.required,
            status if m.required else MaterialStatus.NOT_APPLICABLE,
            original_seen=True,
            copies_taken=m.copies,
        )
        for m in guide.spec.materials
    )


def person(**changes: object) -> Applicant:
    base = Applicant(
        ApplicantKind.PERSON,
        "张三",
        DocumentType.RESIDENT_ID,
        ID_ZHANG.lower(),
        "138 0013 8000",
        "示例镇人民路2号",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def form(ctx: AppContext, text: str = "临时救助", **changes: object) -> IntakeForm:
    vid = item_id(ctx, text)
    base = IntakeForm(
        item_version_id=vid,
        applicant=person(),
        materials=checklist(ctx, vid),
        idempotency_key=intake.new_form_key(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def count(ctx: AppContext, model: type) -> int:
    with ctx.read_uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def test_accept_writes_case_materials_timeline_audit_and_outbox_together(
    demo: AppContext, clerk: Actor
) -> None:
    f = form(demo)
    result = intake.submit_intake(demo.uow(), clerk, f, Decision.ACCEPT, now=MONDAY_MORNING)
    assert result.state is State.ACCEPTED
    assert result.number == "430121104000-20260302-0001"
    assert len(result.query_password) == 6 and result.query_password.isdigit()
    assert result.promised_due is not None and not result.promised_due.provisional
    assert result.legal_due is not None and result.legal_due.day >= result.promised_due.day
    with demo.read_uow() as uow:
        case = uow.session.get(Case, result.case_id)
        assert case is not None
        assert case.applicant_doc_number == ID_ZHANG  # normalised: upper-case X
        assert case.applicant_phone == "13800138000"
        assert case.applicant_sex == "female"  # the 17th digit, 2, is even
        assert case.applicant_birth_date == date(1949, 12, 31)
        assert case.accepted_on == date(2026, 3, 2)
        events = uow.session.scalars(
            select(CaseEvent.action).where(CaseEvent.case_id == case.id)
        ).all()
        assert events == ["receive", "accept"]
    assert count(demo, CaseMaterial) == len(f.materials)
    assert count(demo, OutboxEntry) == 3  # the case and its two timeline steps
    with demo.read_uow() as uow:
        actions = uow.session.scalars(select(AuditRecord.action)).all()
    assert "case.accept" in actions


def test_a_double_submit_makes_one_case(demo: AppContext, clerk: Actor) -> None:
    f = form(demo)
    first = intake.submit_intake(demo.uow(), clerk, f, Decision.ACCEPT, now=MONDAY_MORNING)
    second = intake.submit_intake(demo.uow(), clerk, f, Decision.ACCEPT, now=MONDAY_MORNING)
    assert second.replayed and second.number == first.number
    assert count(demo, Case) == 1


def test_numbers_follow_each_other_per_day(demo: AppContext, clerk: Actor) -> None:
    numbers = [
        intake.submit_intake(
            demo.uow(), clerk, form(demo), Decision.ACCEPT, now=MONDAY_MORNING
        ).number
        for _ in range(3)
    ]
    assert [n[-4:] for n in numbers] == ["0001", "0002", "0003"]
    next_day = intake.submit_intake(
        demo.uow(), clerk, form(demo), Decision.ACCEPT, now=datetime(2026, 3, 3, 9, 0)
    )
    assert next_day.number.endswith("20260303-0001")


def test_after_closing_time_the_clock_starts_next_working_day(
    demo: AppContext, clerk: Actor
) -> None:
    friday_evening = datetime(2026, 3, 6, 18, 15)  # the demo hall closes at 17:30
    result = intake.submit_intake(
        demo.uow(), clerk, form(demo), Decision.ACCEPT, now=friday_evening
    )
    detail = cases.case_detail(demo.read_uow(), result.case_id, date(2026, 3, 9))
    assert detail.accepted_on == date(2026, 3, 9)


def test_missing_materials_cannot_be_accepted(demo: AppContext, clerk: Actor) -> None:
    f = form(demo)
    lines = list(f.materials)
    lines[0] = replace(lines[0], status=MaterialStatus.MISSING)
    with pytest.raises(IntakeRefused) as caught:
        intake.submit_intake(demo.uow(), clerk, replace(f, materials=tuple(lines)), Decision.ACCEPT)
    assert "请一次性告知" in caught.value.problems[0]
    assert count(demo, Case) == 0


def test_one_time_notice_then_the_same_case_is_accepted(demo: AppContext, clerk: Actor) -> None:
    f = form(demo)
    lines = list(f.materials)
    lines[0] = replace(lines[0], status=MaterialStatus.MISSING, problem="缺少户口簿首页")
    lines[1] = replace(
        lines[1], status=MaterialStatus.DEFECTIVE, problem="复印件不清晰，请重新复印"
    )
    noticed = intake.submit_intake(
        demo.uow(), clerk, replace(f, materials=tuple(lines)), Decision.NOTICE, now=MONDAY_MORNING
    )
    assert noticed.state is State.AWAITING_SUPPLEMENT
    assert noticed.promised_due is None  # no clock before acceptance
    accepted = intake.resume_after_notice(
        demo.uow(),
        clerk,
        noticed.case_id,
        f.materials,
        Decision.ACCEPT,
        now=datetime(2026, 3, 4, 10, 0),
    )
    assert accepted.number == noticed.number
    assert accepted.state is State.ACCEPTED
    detail = cases.case_detail(demo.read_uow(), noticed.case_id)
    assert detail.accepted_on == date(2026, 3, 4)
    assert [e.action for e in detail.timeline] == [
        "receive",
        "issue_notice",
        "supplement_received",
        "accept",
    ]
    assert all(m.status == "received" for m in detail.materials if m.required)
    assert count(demo, Case) == 1


def test_notice_needs_what_is_wrong_for_each_material(demo: AppContext, clerk: Actor) -> None:
    f = form(demo)
    lines = list(f.materials)
    lines[0] = replace(lines[0], status=MaterialStatus.MISSING, problem="")
    with pytest.raises(IntakeRefused) as caught:
        intake.submit_intake(demo.uow(), clerk, replace(f, materials=tuple(lines)), Decision.NOTICE)
    assert caught.value.fields == ["materials[0].problem"]


def test_refusal_keeps_reason_and_remedy(demo: AppContext, clerk: Actor) -> None:
    refusal = Refusal("not_our_matter", "该事项由县自然资源局受理，请前往县政务服务中心办理")
    result = intake.submit_intake(demo.uow(), clerk, form(demo), Decision.REFUSE, refusal)
    assert result.state is State.REFUSED
    detail = cases.case_detail(demo.read_uow(), result.case_id)
    assert detail.refusal_text.startswith("该事项由县自然资源局受理")
    assert "六十日内" in detail.remedy_text and "六个月内" in detail.remedy_text
    assert detail.actions == ()
    with pytest.raises(IntakeRefused):
        intake.submit_intake(demo.uow(), clerk, form(demo), Decision.REFUSE, Refusal("other", " "))


def test_on_the_spot_items_complete_at_once(demo: AppContext, clerk: Actor) -> None:
    items = [i for i in catalogue.search_items(demo.read_uow(), "") if i.promised.on_the_spot]
    f = form(demo, items[0].name)
    with pytest.raises(IntakeRefused, match="请先更正"):
        intake.submit_intake(demo.uow(), clerk, f, Decision.ACCEPT)
    result = intake.submit_intake(demo.uow(), clerk, f, Decision.ON_THE_SPOT, now=MONDAY_MORNING)
    assert result.state is State.COMPLETED
    assert result.promised_due is not None and result.promised_due.day == date(2026, 3, 2)


def test_bad_applicant_details_are_all_reported(demo: AppContext, clerk: Actor) -> None:
    bad = person(doc_number="110105194912310021", phone="12345678", name="张3")
    with pytest.raises(IntakeRefused) as caught:
        intake.submit_intake(demo.uow(), clerk, form(demo, applicant=bad), Decision.ACCEPT)
    assert set(caught.value.fields) == {"applicant.doc_number", "applicant.phone", "applicant.name"}
    assert any("校验" in p for p in caught.value.problems)


def test_rare_characters_and_middle_dots_in_names(demo: AppContext, clerk: Actor) -> None:
    for name in ("𠮷野家", "王䶮", "李𬌗", "阿卜杜·热合曼"):
        result = intake.submit_intake(
            demo.uow(), clerk, form(demo, applicant=person(name=name)), Decision.ACCEPT
        )
        assert cases.case_detail(demo.read_uow(), result.case_id).applicant_name == name


def test_fee_waivers_are_for_the_supervisor(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    fees = (FeeLine("工本费", 2000, waived=True, waiver_reason="低保对象"),)
    f = form(demo, fees=fees)
    with pytest.raises(PermissionDenied, match="中心负责人"):
        intake.submit_intake(demo.uow(), clerk, f, Decision.ACCEPT)
    result = intake.submit_intake(demo.uow(), supervisor, f, Decision.ACCEPT)
    detail = cases.case_detail(demo.read_uow(), result.case_id)
    assert detail.fee_total_fen == 0
    assert detail.fees[0].waived_by == supervisor.name
    paying = form(demo, fees=(FeeLine("工本费", 2000),))
    with pytest.raises(IntakeRefused, match="请先更正") as caught:
        intake.submit_intake(demo.uow(), clerk, paying, Decision.ACCEPT)
    assert caught.value.fields == ["payment_method"]
    paid = intake.submit_intake(
        demo.uow(), clerk, replace(paying, payment_method=PaymentMethod.CASH), Decision.ACCEPT
    )
    assert cases.case_detail(demo.read_uow(), paid.case_id).receipt_number == paid.number


def test_a_returning_applicant_is_recognised(demo: AppContext, clerk: Actor) -> None:
    intake.submit_intake(demo.uow(), clerk, form(demo), Decision.ACCEPT)
    found = intake.returning_applicant(demo.read_uow(), ID_ZHANG.lower())
    assert found is not None and found.name == "张三" and found.phone == "13800138000"
    assert intake.returning_applicant(demo.read_uow(), "110101199003070011") is None


def test_drafts_survive_and_go_away_once_saved(demo: AppContext, clerk: Actor) -> None:
    intake.save_draft(demo.uow(), clerk, {"applicant": {"name": "半截"}})
    assert intake.load_draft(demo.read_uow(), clerk) == {"applicant": {"name": "半截"}}
    intake.submit_intake(demo.uow(), clerk, form(demo), Decision.ACCEPT)
    assert intake.load_draft(demo.read_uow(), clerk) is None


def test_actions_follow_the_lifecycle(demo: AppContext, clerk: Actor, supervisor: Actor) -> None:
    result = intake.submit_intake(demo.uow(), clerk, form(demo), Decision.ACCEPT)
    detail = cases.case_detail(demo.read_uow(), result.case_id)
    assert Action.START_HANDLING in detail.actions
    assert (
        cases.apply_action(demo.uow(), clerk, result.case_id, Action.START_HANDLING)
        is State.IN_PROGRESS
    )
    from hallapp.core.lifecycle import IllegalTransition

    with pytest.raises(IllegalTransition):
        cases.apply_action(demo.uow(), clerk, result.case_id, Action.DELIVER)
    with pytest.raises(PermissionDenied):
        cases.apply_action(demo.uow(), clerk, result.case_id, Action.VOID, "录入错误")
    assert (
        cases.apply_action(demo.uow(), supervisor, result.case_id, Action.VOID, "录入错误")
        is State.VOIDED
    )
    with demo.read_uow() as uow:
        payloads = [
            json.loads(p)
            for p in uow.session.scalars(
                select(OutboxEntry.payload).where(OutboxEntry.entity == "case")
            )
        ]
    assert [p["state"] for p in payloads] == ["accepted", "in_progress", "voided"]


def test_register_search(demo: AppContext, clerk: Actor) -> None:
    a = intake.submit_intake(demo.uow(), clerk, form(demo), Decision.ACCEPT, now=MONDAY_MORNING)
    other = person(name="李四", doc_number="110101199003070011", phone="13912345678")
    b = intake.submit_intake(
        demo.uow(),
        clerk,
        form(demo, "高龄", applicant=other),
        Decision.ACCEPT,
        now=datetime(2026, 3, 3, 9, 0),
    )

    def find(text: str, **kw: object) -> list[int]:
        return cases.case_ids(demo.read_uow(), cases.CaseQuery(text, **kw))  # type: ignore[arg-type]

    assert find("") == [b.case_id, a.case_id]
    assert find(a.number) == [a.case_id]
    assert find(a.number.replace("-", "")) == [a.case_id]
    assert find(ID_ZHANG) == [a.case_id]
    assert find("002x") == [a.case_id]
    assert find("0011") == [b.case_id]
    assert find("5678") == [b.case_id]
    assert find("李") == [b.case_id]
    assert find("高龄") == [b.case_id]
    assert find("", received_from=date(2026, 3, 3)) == [b.case_id]
    assert find("", received_to=date(2026, 3, 2)) == [a.case_id]
    rows = cases.case_rows(demo.read_uow(), [a.case_id])
    assert rows[0].masked_doc == "110***********002X"


def test_a_stop_of_the_clock_is_its_own_record(demo: AppContext, clerk: Actor) -> None:
    from hallapp.db.models import CasePause

    result = intake.submit_intake(
        demo.uow(), clerk, form(demo), Decision.ACCEPT, now=MONDAY_MORNING
    )
    cases.apply_action(demo.uow(), clerk, result.case_id, Action.START_HANDLING)
    with pytest.raises(Exception, match="须写明原因"):
        cases.apply_action(demo.uow(), clerk, result.case_id, Action.REQUEST_SUPPLEMENT)
    cases.apply_action(demo.uow(), clerk, result.case_id, Action.REQUEST_SUPPLEMENT, "补收入证明")
    with demo.read_uow() as uow:
        pause = uow.session.scalars(select(CasePause)).one()
        assert (pause.kind, pause.reason, pause.end) == ("supplement", "补收入证明", None)
    back = cases.apply_action(demo.uow(), clerk, result.case_id, Action.SUPPLEMENT_DONE)
    assert back is State.IN_PROGRESS
    with demo.read_uow() as uow:
        assert uow.session.scalars(select(CasePause.end)).one() is not None


def test_intake_decisions_only_go_through_the_intake(demo: AppContext, clerk: Actor) -> None:
    f = form(demo)
    lines = list(f.materials)
    lines[0] = replace(lines[0], status=MaterialStatus.MISSING, problem="缺少")
    noticed = intake.submit_intake(
        demo.uow(), clerk, replace(f, materials=tuple(lines)), Decision.NOTICE
    )
    from hallapp.errors import InvalidInput

    for action in (Action.SUPPLEMENT_RECEIVED, Action.ACCEPT):
        with pytest.raises(InvalidInput, match="须在受理界面办理"):
            cases.apply_action(demo.uow(), clerk, noticed.case_id, action)
    assert cases.case_detail(demo.read_uow(), noticed.case_id).state is State.AWAITING_SUPPLEMENT


def test_fees_are_paid_when_a_noticed_case_is_accepted(demo: AppContext, clerk: Actor) -> None:
    f = form(demo, fees=(FeeLine("工本费", 1000),))
    lines = list(f.materials)
    lines[0] = replace(lines[0], status=MaterialStatus.MISSING, problem="缺少")
    noticed = intake.submit_intake(
        demo.uow(), clerk, replace(f, materials=tuple(lines)), Decision.NOTICE
    )
    with pytest.raises(IntakeRefused) as caught:
        intake.resume_after_notice(demo.uow(), clerk, noticed.case_id, f.materials, Decision.ACCEPT)
    assert caught.value.fields == ["payment_method"]
    done = intake.resume_after_notice(
        demo.uow(),
        clerk,
        noticed.case_id,
        f.materials,
        Decision.ACCEPT,
        payment_method=PaymentMethod.MOBILE,
    )
    assert done.state is State.ACCEPTED
    assert cases.case_detail(demo.read_uow(), done.case_id).payment_method == "mobile"


def test_a_returning_applicant_is_found_by_the_number_as_typed(
    demo: AppContext, clerk: Actor
) -> None:
    intake.submit_intake(demo.uow(), clerk, form(demo), Decision.ACCEPT)
    assert (
        intake.returning_applicant(demo.read_uow(), " １１０１０５１９４９１２３１００２ｘ ")
        is not None
    )
