"""好差评 and 回访整改: the applicant's rating of a closed case (办结, 送达 or 不予受理), one
per case, and the return visit and fix that a bad rating (不满意 or worse) opens, with a
limit in working days of the hall's calendar that the deadline monitor watches.

Every write is one transaction: the rating, the follow-up it opens, their audit records
and the outbox entry that carries them to the county commit together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from hallapp.core.evaluation import (
    FOLLOW_UP_DAYS_DEFAULT,
    FOLLOW_UP_DAYS_RANGE,
    EvaluationChannel,
    Rating,
)
from hallapp.core.lifecycle import State
from hallapp.core.limit_levels import LimitLevel, limit_level
from hallapp.db.models import AuditRecord, Case, Evaluation, FollowUp, ItemVersion
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput, NotFound
from hallapp.services import audit
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.calendar import calendar_for
from hallapp.services.hall_settings import store_value, stored_value, thresholds_in
from hallapp.services.outbox_records import CREATE, UPDATE, queue_evaluation

FOLLOW_UP_KEY = "evaluation.follow_up_days"
MAX_COMMENT = 500
MAX_OUTCOME = 1000
# The states in which the applicant has had the service and may rate it.
RATEABLE = frozenset({State.COMPLETED, State.DELIVERED, State.REFUSED})
# The steps that end the applicant's visit: a rating is asked for right after them.
_CLOSING_STEPS = ("case.complete", "case.complete_on_the_spot", "case.deliver", "case.refuse")
_RECORDERS = (Role.CLERK, Role.SUPERVISOR, Role.AGENT)


@dataclass(frozen=True)
class EvaluationForm:
    case_id: int
    rating: Rating
    channel: EvaluationChannel
    comment: str = ""


@dataclass(frozen=True)
class FollowUpView:
    id: int
    evaluation_id: int
    case_id: int
    case_number: str
    rating: Rating
    comment: str
    opened_on: date
    due_on: date
    due_provisional: bool
    handler_name: str
    outcome: str
    closed_on: date | None
    level: str  # "normal" | "warning" | "overdue" | "closed"
    days_left: int | None  # working days left (negative when overdue), None when closed


@dataclass(frozen=True)
class EvaluationView:
    id: int
    case_id: int
    case_number: str
    rating: Rating
    channel: EvaluationChannel
    comment: str
    rated_at: datetime
    recorded_by: str
    follow_up: FollowUpView | None


@dataclass(frozen=True)
class AwaitingRating:
    case_id: int
    case_number: str
    item_name: str
    applicant_name: str
    closed_at: datetime  # when the visit ended today (办结, 送达 or 不予受理)
    state_label: str


def follow_up_days_in(session: Session) -> int:
    return int(stored_value(session, FOLLOW_UP_KEY, FOLLOW_UP_DAYS_DEFAULT))


def follow_up_days(uow: UnitOfWork) -> int:
    """回访整改期限: the working days a bad rating's return visit and fix may take."""
    with uow:
        return follow_up_days_in(uow.session)


def set_follow_up_days(uow: UnitOfWork, actor: Actor, days: int) -> int:
    """Change the limit for follow-ups opened from now on; open ones keep their due date,
    as a case keeps the limit it was accepted under."""
    require_any(actor, "修改回访整改期限", Role.SUPERVISOR, Role.ADMIN)
    low, high = FOLLOW_UP_DAYS_RANGE
    if not low <= days <= high:
        raise InvalidInput(f"回访整改期限须在{low}至{high}个工作日之间")
    with uow:
        store_value(uow.session, actor, FOLLOW_UP_KEY, days)
        uow.commit()
    return days


# --- rating -----------------------------------------------------------------------------


def _check_form(form: EvaluationForm) -> tuple[Rating, EvaluationChannel, str]:
    problems = []
    rating = channel = None
    try:
        rating = Rating(form.rating)
    except ValueError:
        problems.append("请选择评价等级（非常满意至非常不满意）")
    try:
        channel = EvaluationChannel(form.channel)
    except ValueError:
        problems.append("请选择评价渠道（窗口评价屏、纸质评价表或电话回访）")
    comment = form.comment.strip()
    if len(comment) > MAX_COMMENT:
        problems.append(f"评价意见不能超过{MAX_COMMENT}字（现为{len(comment)}字）")
    if problems:
        raise InvalidInput("；".join(problems), problems)
    assert rating is not None and channel is not None
    return rating, channel, comment


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    number: str,
    detail: dict[str, Any],
    now: datetime,
) -> None:
    """An audit record under the rating's case number, at the moment of the change."""
    audit.record(session, actor, action, "evaluation", number, detail, at=now)


def record_evaluation(
    uow: UnitOfWork, actor: Actor, form: EvaluationForm, now: datetime | None = None
) -> EvaluationView:
    """登记评价: the applicant's rating of a closed case; a bad one opens its 回访整改, due
    in the hall's number of working days."""
    require_any(actor, "登记评价", *_RECORDERS)
    rating, channel, comment = _check_form(form)
    now = now or datetime.now()
    with uow:
        session = uow.session
        case = session.get(Case, form.case_id)
        if case is None:
            raise NotFound(f"找不到办件 {form.case_id}")
        if State(case.state) not in RATEABLE:
            raise InvalidInput("该办件尚未办结，办结或不予受理后才能评价")
        if session.scalar(select(Evaluation.id).where(Evaluation.case_id == case.id)):
            raise InvalidInput("该办件已评价")
        row = Evaluation(
            case_id=case.id,
            rating=rating.value,
            channel=channel.value,
            comment=comment,
            clerk_id=case.clerk_id,
            rated_at=now,
            recorded_by=actor.name,
        )
        session.add(row)
        session.flush()
        detail = {"rating": rating.value, "channel": channel.value}
        _audit(session, actor, "evaluation.record", case.number, detail, now)
        if rating.needs_follow_up:
            days = follow_up_days_in(session)
            due = calendar_for(session).add_workdays(now.date(), days)
            follow_up = FollowUp(
                evaluation_id=row.id,
                opened_on=now.date(),
                days=days,
                due_on=due.day,
                due_provisional=due.provisional,
                handler_name="",
                outcome="",
                closed_by="",
            )
            session.add(follow_up)
            session.flush()
            opened = {"id": follow_up.id, "days": days, "due": due.day}
            _audit(session, actor, "follow_up.open", case.number, opened, now)
        queue_evaluation(session, row.id, CREATE, now)
        view = _evaluation_view(session, row.id, now.date())
        uow.commit()
    return view


def evaluation_of(uow: UnitOfWork, case_id: int, today: date) -> EvaluationView | None:
    """The case's rating with its follow-up as of ``today``; None if it is not rated."""
    with uow:
        session = uow.session
        found = session.scalar(select(Evaluation.id).where(Evaluation.case_id == case_id))
        return None if found is None else _evaluation_view(session, found, today)


def awaiting_rating(
    uow: UnitOfWork, actor: Actor, today: date, limit: int = 20
) -> list[AwaitingRating]:
    """The cases this clerk closed, delivered or refused today that are not rated yet
    (every clerk's for a supervisor), the latest first: the applicant may still be at
    the counter."""
    start = datetime.combine(today, time.min)
    # Read from the audit trail: it is indexed by time and names who took each step,
    # where the cases and their timelines are indexed by neither.
    steps = (
        select(
            cast(AuditRecord.entity_id, Integer).label("case_id"),
            func.max(AuditRecord.at).label("at"),
        )
        .where(
            AuditRecord.at >= start,
            AuditRecord.at < start + timedelta(days=1),
            AuditRecord.entity == "case",
            AuditRecord.action.in_(_CLOSING_STEPS),
        )
        .group_by(AuditRecord.entity_id)
    )
    if not actor.has_any(Role.SUPERVISOR):
        steps = steps.where(AuditRecord.actor_id == actor.staff_id)
    closed = steps.subquery()
    with uow:
        rows = uow.session.execute(
            select(
                Case.id, Case.number, ItemVersion.name, Case.applicant_name, closed.c.at, Case.state
            )
            .join(closed, closed.c.case_id == Case.id)
            .join(ItemVersion, ItemVersion.id == Case.item_version_id)
            .outerjoin(Evaluation, Evaluation.case_id == Case.id)
            .where(Case.state.in_([s.value for s in RATEABLE]), Evaluation.id.is_(None))
            .order_by(closed.c.at.desc(), Case.id.desc())
            .limit(limit)
        ).all()
    return [AwaitingRating(r[0], r[1], r[2], r[3], r[4], State(r[5]).label) for r in rows]


# --- follow-ups -------------------------------------------------------------------------


def follow_ups(
    uow: UnitOfWork, today: date, open_only: bool = True, limit: int = 200
) -> list[FollowUpView]:
    """回访整改: the open ones by due date (the most urgent first), then, unless
    ``open_only``, the closed ones, the latest first."""
    with uow:
        session = uow.session
        stmt = (
            _follow_up_query()
            .order_by(
                FollowUp.closed_on.is_not(None),
                FollowUp.closed_on.desc(),
                FollowUp.due_on,
                FollowUp.id,
            )
            .limit(limit)
        )
        if open_only:
            stmt = stmt.where(FollowUp.closed_on.is_(None))
        rows = session.execute(stmt).all()
        return _follow_up_views(session, rows, today)


def close_follow_up(
    uow: UnitOfWork,
    actor: Actor,
    follow_up_id: int,
    outcome: str,
    now: datetime | None = None,
) -> FollowUpView:
    """回访整改办结: the supervisor records what the return visit found and what was fixed."""
    require_any(actor, "办结回访整改", Role.SUPERVISOR)
    text = outcome.strip()
    if not text:
        raise InvalidInput("请填写回访整改情况")
    if len(text) > MAX_OUTCOME:
        raise InvalidInput(f"回访整改情况不能超过{MAX_OUTCOME}字（现为{len(text)}字）")
    now = now or datetime.now()
    with uow:
        session = uow.session
        row = session.get(FollowUp, follow_up_id)
        if row is None:
            raise NotFound(f"找不到回访整改记录 {follow_up_id}")
        if row.closed_on is not None:
            raise InvalidInput(f"该回访整改已于{row.closed_on.isoformat()}办结")
        row.handler_id, row.handler_name = actor.staff_id, actor.name
        row.outcome, row.closed_on, row.closed_by = text, now.date(), actor.name
        session.flush()
        number = session.scalar(
            select(Case.number)
            .join(Evaluation, Evaluation.case_id == Case.id)
            .where(Evaluation.id == row.evaluation_id)
        )
        assert number is not None
        on_time = row.closed_on <= row.due_on
        detail = {"id": row.id, "outcome": text, "due": row.due_on, "on_time": on_time}
        _audit(session, actor, "follow_up.close", number, detail, now)
        queue_evaluation(session, row.evaluation_id, UPDATE, now)
        found = session.execute(_follow_up_query().where(FollowUp.id == row.id)).all()
        view = _follow_up_views(session, found, now.date())[0]
        uow.commit()
    return view


# --- views ------------------------------------------------------------------------------


def _follow_up_query() -> Any:
    return (
        select(
            FollowUp.id,
            FollowUp.evaluation_id,
            Case.id,
            Case.number,
            Evaluation.rating,
            Evaluation.comment,
            FollowUp.opened_on,
            FollowUp.due_on,
            FollowUp.due_provisional,
            FollowUp.handler_name,
            FollowUp.outcome,
            FollowUp.closed_on,
            FollowUp.days,
        )
        .join(Evaluation, Evaluation.id == FollowUp.evaluation_id)
        .join(Case, Case.id == Evaluation.case_id)
    )


def _follow_up_views(session: Session, rows: Any, today: date) -> list[FollowUpView]:
    if not rows:
        return []
    calendar, thresholds = calendar_for(session), thresholds_in(session)
    views = []
    for r in rows:
        level, left = LimitLevel.CLOSED, None
        if r.closed_on is None:
            level, days_left = limit_level(calendar, r.due_on, r.days, today, thresholds)
            left = days_left
        views.append(
            FollowUpView(
                id=r[0],
                evaluation_id=r[1],
                case_id=r[2],
                case_number=r[3],
                rating=Rating(r[4]),
                comment=r[5],
                opened_on=r[6],
                due_on=r[7],
                due_provisional=r[8],
                handler_name=r[9],
                outcome=r[10],
                closed_on=r[11],
                level=level.value,
                days_left=left,
            )
        )
    return views


def _evaluation_view(session: Session, evaluation_id: int, today: date) -> EvaluationView:
    row = session.execute(
        select(Evaluation, Case.number)
        .join(Case, Case.id == Evaluation.case_id)
        .where(Evaluation.id == evaluation_id)
    ).one()
    evaluation, number = row
    found = session.execute(_follow_up_query().where(FollowUp.evaluation_id == evaluation_id)).all()
    follow_up = _follow_up_views(session, found, today)
    return EvaluationView(
        id=evaluation.id,
        case_id=evaluation.case_id,
        case_number=number,
        rating=Rating(evaluation.rating),
        channel=EvaluationChannel(evaluation.channel),
        comment=evaluation.comment,
        rated_at=evaluation.rated_at,
        recorded_by=evaluation.recorded_by,
        follow_up=follow_up[0] if follow_up else None,
    )
