"""好差评 and 回访整改 through the services on a real database: one rating per closed case,
a bad one opening a follow-up due in the hall's working days (across the National Day
holiday here), what the supervisor records when it is done, the cases still to be rated,
and every refusal leaving nothing behind."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from hallapp.app import AppContext
from hallapp.core.evaluation import EvaluationChannel, Rating
from hallapp.core.intake import Applicant, Decision, Refusal
from hallapp.core.lifecycle import Action
from hallapp.db.models import AuditRecord, Evaluation, FollowUp, OutboxEntry
from hallapp.errors import InvalidInput, NotFound, PermissionDenied
from hallapp.services import cases, catalogue, evaluations, intake
from hallapp.services.actors import Actor
from hallapp.services.evaluations import EvaluationForm
from hallapp.services.halls import actor_for
from tests.integration.test_intake import form, person
from tests.ui.test_register_support import resident_id

# Tue 2026-09-29: the next working days are Wed 09-30, then (国庆节 10-01 to 10-07) Thu
# 10-08, Fri 10-09, Sat 10-10 (调休上班) and Mon 10-12.
TUESDAY = datetime(2026, 9, 29, 15, 0)
FIFTH_WORKDAY = date(2026, 10, 12)
NOT_CLOSED = "该办件尚未办结，办结或不予受理后才能评价"


def refused(ctx: AppContext, actor: Actor, now: datetime = TUESDAY, serial: int = 1) -> int:
    """A case refused at the counter (不予受理): closed at once."""
    f = form(ctx, applicant=_person(serial))
    refusal = Refusal("not_our_matter", "该事项由县自然资源局受理，请前往县政务服务中心办理")
    return intake.submit_intake(ctx.uow(), actor, f, Decision.REFUSE, refusal, now=now).case_id


def accepted(ctx: AppContext, actor: Actor, now: datetime = TUESDAY, serial: int = 1) -> int:
    f = form(ctx, applicant=_person(serial))
    return intake.submit_intake(ctx.uow(), actor, f, Decision.ACCEPT, now=now).case_id


def completed(ctx: AppContext, actor: Actor, now: datetime = TUESDAY, serial: int = 1) -> int:
    case_id = accepted(ctx, actor, now, serial)
    for action in (Action.START_HANDLING, Action.COMPLETE):
        cases.apply_action(ctx.uow(), actor, case_id, action, now=now)
    return case_id


def _person(serial: int) -> Applicant:
    return person(doc_number=resident_id(serial))


def rate(
    ctx: AppContext,
    actor: Actor,
    case_id: int,
    rating: Rating,
    now: datetime = TUESDAY,
    comment: str = "",
) -> evaluations.EvaluationView:
    return evaluations.record_evaluation(
        ctx.uow(), actor, EvaluationForm(case_id, rating, EvaluationChannel.SCREEN, comment), now
    )


def written(ctx: AppContext) -> tuple[int, int, int, int]:
    """Ratings, follow-ups, their audit records and their outbox entries."""
    with ctx.read_uow() as uow:
        s = uow.session
        return (
            s.scalar(select(func.count()).select_from(Evaluation)) or 0,
            s.scalar(select(func.count()).select_from(FollowUp)) or 0,
            s.scalar(select(func.count()).where(AuditRecord.entity == "evaluation")) or 0,
            s.scalar(select(func.count()).where(OutboxEntry.entity == "evaluation")) or 0,
        )


def outbox(ctx: AppContext) -> list[tuple[str, str, dict[str, Any]]]:
    with ctx.read_uow() as uow:
        rows = uow.session.execute(
            select(OutboxEntry.entity_id, OutboxEntry.op, OutboxEntry.payload)
            .where(OutboxEntry.entity == "evaluation")
            .order_by(OutboxEntry.seq)
        ).all()
    return [(i, o, json.loads(p)) for i, o, p in rows]


def trail(ctx: AppContext, number: str) -> list[tuple[str, str, dict[str, Any]]]:
    with ctx.read_uow() as uow:
        rows = uow.session.execute(
            select(AuditRecord.action, AuditRecord.actor_name, AuditRecord.detail)
            .where(AuditRecord.entity == "evaluation", AuditRecord.entity_id == number)
            .order_by(AuditRecord.id)
        ).all()
    return [(a, n, json.loads(d)) for a, n, d in rows]


def test_a_good_rating_is_kept_once_with_its_audit_record_and_outbox_entry(
    demo: AppContext, clerk: Actor
) -> None:
    case_id = refused(demo, clerk)
    view = rate(demo, clerk, case_id, Rating.VERY_SATISFIED, comment=" 一次说清楚了 ")
    assert (view.case_id, view.rating, view.channel) == (
        case_id,
        Rating.VERY_SATISFIED,
        EvaluationChannel.SCREEN,
    )
    assert view.comment == "一次说清楚了" and view.recorded_by == "张敏"
    assert view.rated_at == TUESDAY and view.follow_up is None
    assert evaluations.evaluation_of(demo.read_uow(), case_id, TUESDAY.date()) == view
    assert trail(demo, view.case_number) == [
        ("evaluation.record", "张敏", {"rating": "very_satisfied", "channel": "screen"})
    ]
    [(entity_id, op, payload)] = outbox(demo)
    assert (entity_id, op) == (view.case_number, "create")
    assert payload == {
        "case": view.case_number,
        "rating": "very_satisfied",
        "channel": "screen",
        "comment": "一次说清楚了",
        "rated_at": "2026-09-29T15:00:00",
        "recorded_by": "张敏",
        "follow_up": None,
    }
    with demo.read_uow() as uow:
        clerk_id = uow.session.scalar(select(Evaluation.clerk_id))
    assert clerk_id == clerk.staff_id  # whose service was rated

    before = written(demo)
    with pytest.raises(InvalidInput, match=r"^该办件已评价$"):
        rate(demo, clerk, case_id, Rating.DISSATISFIED)
    assert written(demo) == before


def test_completed_delivered_and_on_the_spot_cases_may_be_rated_by_an_agent_too(
    demo: AppContext, clerk: Actor
) -> None:
    agent = actor_for(demo.read_uow(), "wangfang")
    done = completed(demo, clerk, serial=2)
    assert rate(demo, agent, done, Rating.SATISFIED).recorded_by == "王芳"
    spot = [i for i in catalogue.search_items(demo.read_uow(), "") if i.promised.on_the_spot]
    f = form(demo, spot[0].name)
    on_the_spot = intake.submit_intake(demo.uow(), clerk, f, Decision.ON_THE_SPOT, now=TUESDAY)
    assert rate(demo, clerk, on_the_spot.case_id, Rating.BASIC).rating is Rating.BASIC


def test_a_bad_rating_opens_a_follow_up_due_in_five_working_days_across_national_day(
    demo: AppContext, clerk: Actor
) -> None:
    case_id = completed(demo, clerk)
    view = rate(demo, clerk, case_id, Rating.DISSATISFIED, comment="排队太久")
    follow_up = view.follow_up
    assert follow_up is not None
    assert (follow_up.opened_on, follow_up.due_on) == (TUESDAY.date(), FIFTH_WORKDAY)
    assert not follow_up.due_provisional and follow_up.closed_on is None
    assert (follow_up.rating, follow_up.comment) == (Rating.DISSATISFIED, "排队太久")
    assert (follow_up.level, follow_up.days_left) == ("normal", 5)
    # The default thresholds warn at 2 working days left; the holiday does not count.
    for today, level, left in (
        (date(2026, 10, 7), "normal", 4),
        (date(2026, 10, 9), "warning", 2),
        (date(2026, 10, 11), "warning", 1),  # a Sunday: 10-12 is still ahead
        (date(2026, 10, 12), "warning", 0),
        (date(2026, 10, 13), "overdue", -1),
    ):
        [found] = evaluations.follow_ups(demo.read_uow(), today)
        assert (found.level, found.days_left) == (level, left), today
    assert [a for a, _, _ in trail(demo, view.case_number)] == [
        "evaluation.record",
        "follow_up.open",
    ]
    [(_, _, payload)] = outbox(demo)
    assert payload["follow_up"] == {
        "opened_on": "2026-09-29",
        "days": 5,
        "due_on": "2026-10-12",
        "due_provisional": False,
        "closed_on": None,
        "outcome": "",
        "handler": "",
    }


def test_the_hall_sets_the_follow_up_limit_for_follow_ups_opened_afterwards(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    first = rate(demo, clerk, refused(demo, clerk, serial=1), Rating.VERY_DISSATISFIED)
    assert evaluations.follow_up_days(demo.read_uow()) == 5
    assert evaluations.set_follow_up_days(demo.uow(), supervisor, 10) == 10
    second = rate(demo, clerk, refused(demo, clerk, serial=2), Rating.DISSATISFIED)
    assert first.follow_up is not None and second.follow_up is not None
    assert first.follow_up.due_on == FIFTH_WORKDAY  # kept as it was opened
    assert second.follow_up.due_on == date(2026, 10, 19)
    with demo.read_uow() as uow:
        change = uow.session.execute(
            select(AuditRecord.action, AuditRecord.entity_id, AuditRecord.detail).where(
                AuditRecord.action == "settings.update"
            )
        ).one()
    assert change[:2] == ("settings.update", "evaluation.follow_up_days")
    assert json.loads(change[2]) == {"before": None, "after": "10"}
    for days in (4, 16):
        with pytest.raises(InvalidInput, match="回访整改期限须在5至15个工作日之间"):
            evaluations.set_follow_up_days(demo.uow(), supervisor, days)
    with pytest.raises(PermissionDenied, match="修改回访整改期限需要中心负责人或管理员角色"):
        evaluations.set_follow_up_days(demo.uow(), clerk, 7)
    assert evaluations.follow_up_days(demo.read_uow()) == 10


def test_every_refusal_says_why_and_writes_nothing(demo: AppContext, clerk: Actor) -> None:
    open_case = accepted(demo, clerk, serial=1)
    closed = refused(demo, clerk, serial=2)
    admin = actor_for(demo.read_uow(), "admin")
    before = written(demo)

    def refused_with(error: type[Exception], message: str, actor: Actor, **form: Any) -> None:
        values: dict[str, Any] = {
            "case_id": closed,
            "rating": Rating.DISSATISFIED,
            "channel": EvaluationChannel.PAPER,
            "comment": "",
            **form,
        }
        with pytest.raises(error, match=message):
            evaluations.record_evaluation(demo.uow(), actor, EvaluationForm(**values), TUESDAY)
        assert written(demo) == before

    refused_with(InvalidInput, f"^{NOT_CLOSED}$", clerk, case_id=open_case)
    refused_with(InvalidInput, r"评价意见不能超过500字（现为501字）", clerk, comment="慢" * 501)
    refused_with(InvalidInput, "请选择评价等级", clerk, rating="excellent")
    refused_with(InvalidInput, "请选择评价渠道", clerk, channel="email")
    refused_with(NotFound, "找不到办件 999", clerk, case_id=999)
    refused_with(PermissionDenied, "登记评价需要窗口人员或中心负责人或代办员角色", admin)
    # A case goes on to 办结: then it may be rated.
    for action in (Action.START_HANDLING, Action.COMPLETE):
        cases.apply_action(demo.uow(), clerk, open_case, action, now=TUESDAY)
    assert rate(demo, clerk, open_case, Rating.SATISFIED).rating is Rating.SATISFIED
    # A 500-character comment is allowed.
    assert len(rate(demo, clerk, closed, Rating.BASIC, comment="好" * 500).comment) == 500


def test_the_supervisor_closes_a_follow_up_with_its_outcome(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    view = rate(demo, clerk, refused(demo, clerk), Rating.VERY_DISSATISFIED)
    assert view.follow_up is not None
    follow_up_id = view.follow_up.id
    before = written(demo)
    with pytest.raises(PermissionDenied, match="办结回访整改需要中心负责人角色"):
        evaluations.close_follow_up(demo.uow(), clerk, follow_up_id, "已回访")
    with pytest.raises(InvalidInput, match="请填写回访整改情况"):
        evaluations.close_follow_up(demo.uow(), supervisor, follow_up_id, "  ")
    with pytest.raises(InvalidInput, match="不能超过1000字"):
        evaluations.close_follow_up(demo.uow(), supervisor, follow_up_id, "改" * 1001)
    with pytest.raises(NotFound, match="找不到回访整改记录 77"):
        evaluations.close_follow_up(demo.uow(), supervisor, 77, "已回访")
    assert written(demo) == before

    closed = evaluations.close_follow_up(
        demo.uow(), supervisor, follow_up_id, " 已电话回访并致歉 ", now=datetime(2026, 10, 13, 9)
    )
    assert (closed.closed_on, closed.outcome, closed.handler_name) == (
        date(2026, 10, 13),
        "已电话回访并致歉",
        "李建国",
    )
    assert (closed.level, closed.days_left) == ("closed", None)
    assert evaluations.follow_ups(demo.read_uow(), date(2026, 10, 14)) == []
    assert evaluations.follow_ups(demo.read_uow(), date(2026, 10, 14), open_only=False) == [closed]
    with pytest.raises(InvalidInput, match="该回访整改已于2026-10-13办结"):
        evaluations.close_follow_up(demo.uow(), supervisor, follow_up_id, "再次回访")
    actions = trail(demo, view.case_number)
    assert actions[-1] == (
        "follow_up.close",
        "李建国",
        {"id": follow_up_id, "outcome": "已电话回访并致歉", "due": "2026-10-12", "on_time": False},
    )
    entries = outbox(demo)
    assert [(i, o) for i, o, _ in entries] == [
        (view.case_number, "create"),
        (view.case_number, "update"),
    ]
    assert entries[-1][2]["follow_up"]["closed_on"] == "2026-10-13"
    assert entries[-1][2]["follow_up"]["handler"] == "李建国"


def test_follow_ups_list_the_open_ones_by_due_date_then_the_closed_ones(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    later = rate(demo, clerk, refused(demo, clerk, serial=1), Rating.DISSATISFIED)
    earlier = rate(
        demo,
        clerk,
        refused(demo, clerk, datetime(2026, 9, 28, 10), serial=2),
        Rating.DISSATISFIED,
        now=datetime(2026, 9, 28, 10),
    )
    done = rate(demo, clerk, refused(demo, clerk, serial=3), Rating.VERY_DISSATISFIED)
    assert done.follow_up is not None and earlier.follow_up and later.follow_up
    evaluations.close_follow_up(demo.uow(), supervisor, done.follow_up.id, "已回访", TUESDAY)
    today = TUESDAY.date()
    open_ones = evaluations.follow_ups(demo.read_uow(), today)
    assert [f.id for f in open_ones] == [earlier.follow_up.id, later.follow_up.id]
    every = evaluations.follow_ups(demo.read_uow(), today, open_only=False)
    assert [f.id for f in every] == [
        earlier.follow_up.id,
        later.follow_up.id,
        done.follow_up.id,
    ]
    assert len(evaluations.follow_ups(demo.read_uow(), today, open_only=False, limit=2)) == 2


def test_cases_closed_today_wait_for_their_rating_at_the_counter(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    liujun = actor_for(demo.read_uow(), "liujun")
    first = refused(demo, clerk, datetime(2026, 9, 29, 9), serial=1)
    done = completed(demo, clerk, datetime(2026, 9, 29, 10), serial=2)
    theirs = refused(demo, liujun, datetime(2026, 9, 29, 11), serial=3)
    refused(demo, clerk, datetime(2026, 9, 28, 16), serial=4)  # yesterday
    accepted(demo, clerk, datetime(2026, 9, 29, 12), serial=5)  # still open
    mine = evaluations.awaiting_rating(demo.read_uow(), clerk, TUESDAY.date())
    assert [a.case_id for a in mine] == [done, first]  # the latest first
    assert mine[0].state_label == "办结" and mine[1].state_label == "不予受理"
    assert mine[0].closed_at == datetime(2026, 9, 29, 10)
    assert mine[0].applicant_name == "张三" and mine[0].item_name.startswith("临时救助")
    everyone = evaluations.awaiting_rating(demo.read_uow(), supervisor, TUESDAY.date())
    assert [a.case_id for a in everyone] == [theirs, done, first]
    rate(demo, clerk, done, Rating.SATISFIED)
    mine = evaluations.awaiting_rating(demo.read_uow(), clerk, TUESDAY.date())
    assert [a.case_id for a in mine] == [first]
    assert len(evaluations.awaiting_rating(demo.read_uow(), supervisor, TUESDAY.date(), 1)) == 1
    assert evaluations.awaiting_rating(demo.read_uow(), clerk, date(2026, 9, 30)) == []


def test_the_rating_and_its_follow_up_are_in_the_cases_trail(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    from hallapp.services.audit_trail import case_trail

    case_id = refused(demo, clerk)
    view = rate(demo, clerk, case_id, Rating.DISSATISFIED, comment="等候太久")
    assert view.follow_up is not None
    evaluations.close_follow_up(demo.uow(), supervisor, view.follow_up.id, "已致歉，增开窗口")
    trail = case_trail(demo.read_uow(), supervisor, view.case_number)
    labels = [line.label for line in trail.lines]
    assert labels[0] == "不予受理"
    assert labels[1:] == ["登记评价", "开启回访整改", "回访整改办结"]
    assert trail.total == 4
