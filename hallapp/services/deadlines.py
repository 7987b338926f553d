"""The deadline monitor (限时办结监控): counts per level, open cases in order of time left,
and what turns yellow or red today and tomorrow. Every figure is an indexed query over
the clock stored on the cases (services.clock_store), never a loop over cases. Beside
them: forwards awaiting a reply, and the open 回访整改 and 效能投诉 by level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, tuple_
from sqlalchemy.orm import Session

from hallapp.core.clock import PauseKind, WarningLevel
from hallapp.core.clock_marks import due_dates, level_at
from hallapp.core.identity import mask_id
from hallapp.core.lifecycle import State
from hallapp.core.limit_levels import LimitLevel, limit_level
from hallapp.core.workdays import DueDate, WorkdayCalendar
from hallapp.db.models import (
    Agent,
    Case,
    CasePause,
    ClockTally,
    Complaint,
    FollowUp,
    ItemVersion,
    ServiceItem,
    Staff,
)
from hallapp.db.uow import UnitOfWork
from hallapp.services.calendar import calendar_for
from hallapp.services.clock_store import RUN, STOP, release_expired_pauses
from hallapp.services.forward_queries import count_forwards
from hallapp.services.hall_settings import thresholds_in

PAGE = 200


class Bucket(StrEnum):
    """The monitor's levels: the clock's four, and the cases whose clock is stopped."""

    NORMAL = "normal"
    WARNING = "warning"
    OVERDUE = "overdue"
    LEGAL_OVERDUE = "legal_overdue"
    PAUSED = "paused"

    @property
    def label(self) -> str:
        return _BUCKET_LABELS[self]


_BUCKET_LABELS = {
    Bucket.NORMAL: "正常",
    Bucket.WARNING: "预警",
    Bucket.OVERDUE: "超期",
    Bucket.LEGAL_OVERDUE: "超法定期限",
    Bucket.PAUSED: "暂停计时",
}


@dataclass(frozen=True)
class LevelCounts:
    normal: int = 0
    warning: int = 0
    overdue: int = 0
    legal_overdue: int = 0
    paused: int = 0

    def of(self, bucket: Bucket) -> int:
        return int(getattr(self, bucket.value))

    @property
    def total(self) -> int:
        return self.normal + self.warning + self.overdue + self.legal_overdue + self.paused

    @property
    def alarming(self) -> int:
        """Yellow and red: what the status bar shows all day."""
        return self.warning + self.overdue + self.legal_overdue

    def as_dict(self) -> dict[str, int]:
        return {b.value: self.of(b) for b in Bucket}


@dataclass(frozen=True)
class MonitorFilter:
    bucket: Bucket | None = None
    clerk_id: int | None = None
    department: str | None = None
    item_code: str | None = None
    agent_id: int | None = None
    green_channel: bool | None = None

    @property
    def narrows_cases(self) -> bool:
        """Anything but the level: the counts must then be taken from the cases."""
        return any(
            v is not None
            for v in (
                self.clerk_id,
                self.department,
                self.item_code,
                self.agent_id,
                self.green_channel,
            )
        )


EVERYTHING = MonitorFilter()

MonitorKey = tuple[str, int, int, int, int]  # the index order: clock, due, legal, warn, id


@dataclass(frozen=True)
class MonitorRow:
    id: int
    number: str
    applicant_name: str
    masked_doc: str
    item_name: str
    department: str
    clerk_name: str
    agent_name: str
    state: State
    bucket: Bucket
    workdays_left: int  # to the promised due date; negative when overdue
    legal_workdays_left: int
    promised_due: DueDate
    legal_due: DueDate
    pause_kind: PauseKind | None
    pause_reason: str
    paused_since: date | None
    green_channel: bool
    key: MonitorKey


@dataclass(frozen=True)
class FilterOptions:
    clerks: tuple[tuple[int, str], ...]
    departments: tuple[str, ...]
    items: tuple[tuple[str, str], ...]  # (code, name)
    agents: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class DayChanges:
    """What the morning meeting needs: cases turning yellow or red today and on the next
    working day. ``today`` lists are empty on a rest day: no clock moves then."""

    today: date
    next_workday: date
    is_workday: bool
    yellow_today: tuple[MonitorRow, ...]
    red_today: tuple[MonitorRow, ...]
    yellow_next: tuple[MonitorRow, ...]
    red_next: tuple[MonitorRow, ...]
    counts: LevelCounts

    @property
    def anything(self) -> bool:
        return bool(self.yellow_today or self.red_today or self.yellow_next or self.red_next)


def _running(today_no: int) -> ColumnElement[bool]:
    """The clock counts today: running, or a pause whose approved length is over."""
    return or_(Case.clock == RUN, and_(Case.clock == STOP, Case.resume_no < today_no))


def _paused(today_no: int) -> ColumnElement[bool]:
    return and_(Case.clock == STOP, or_(Case.resume_no.is_(None), Case.resume_no >= today_no))


def bucket_condition(bucket: Bucket, t: int) -> ColumnElement[bool]:
    if bucket is Bucket.PAUSED:
        return _paused(t)
    level = {
        Bucket.LEGAL_OVERDUE: Case.legal_no < t,
        Bucket.OVERDUE: and_(Case.due_no < t, Case.legal_no >= t),
        Bucket.WARNING: and_(Case.warn_no <= t, Case.due_no >= t, Case.legal_no >= t),
        Bucket.NORMAL: and_(Case.warn_no > t, Case.due_no >= t, Case.legal_no >= t),
    }[bucket]
    return and_(_running(t), level)


def _narrowed(stmt: Select[Any], flt: MonitorFilter) -> Select[Any]:
    if flt.clerk_id is not None:
        stmt = stmt.where(Case.clerk_id == flt.clerk_id)
    if flt.agent_id is not None:
        stmt = stmt.where(Case.agent_id == flt.agent_id)
    if flt.green_channel is not None:
        stmt = stmt.where(Case.green_channel.is_(flt.green_channel))
    if flt.department is not None:
        stmt = stmt.where(
            Case.item_version_id.in_(
                select(ItemVersion.id).where(ItemVersion.department == flt.department)
            )
        )
    if flt.item_code is not None:
        stmt = stmt.where(
            Case.item_version_id.in_(
                select(ItemVersion.id)
                .join(ServiceItem, ServiceItem.id == ItemVersion.item_id)
                .where(ServiceItem.code == flt.item_code)
            )
        )
    return stmt


def _today_no(session: Session, today: date) -> tuple[WorkdayCalendar, int]:
    calendar = calendar_for(session)
    return calendar, calendar.workday_number(today)


def _counts_from_tally(session: Session, t: int) -> LevelCounts:
    """The whole hall: a few hundred tally rows, plus the stopped cases that run again."""
    run = ClockTally.clock == RUN
    row = session.execute(
        select(
            func.sum(case((and_(run, ClockTally.legal_no < t), ClockTally.n), else_=0)),
            func.sum(
                case(
                    (and_(run, ClockTally.due_no < t, ClockTally.legal_no >= t), ClockTally.n),
                    else_=0,
                )
            ),
            func.sum(
                case(
                    (
                        and_(
                            run,
                            ClockTally.warn_no <= t,
                            ClockTally.due_no >= t,
                            ClockTally.legal_no >= t,
                        ),
                        ClockTally.n,
                    ),
                    else_=0,
                )
            ),
            func.sum(case((run, ClockTally.n), else_=0)),
            func.sum(case((ClockTally.clock == STOP, ClockTally.n), else_=0)),
        )
    ).one()
    legal, overdue, warning, running, stopped = (int(v or 0) for v in row)
    counts = {
        Bucket.LEGAL_OVERDUE: legal,
        Bucket.OVERDUE: overdue,
        Bucket.WARNING: warning,
        Bucket.NORMAL: running - legal - overdue - warning,
        Bucket.PAUSED: stopped,
    }
    for numbers in session.execute(
        select(Case.due_no, Case.legal_no, Case.warn_no).where(
            Case.clock == STOP, Case.resume_no < t
        )
    ):
        due_no, legal_no, warn_no = (int(n or 0) for n in numbers)
        counts[_level_bucket(level_at(due_no, legal_no, warn_no, t))] += 1
        counts[Bucket.PAUSED] -= 1
    return LevelCounts(**{b.value: n for b, n in counts.items()})


def _level_bucket(level: WarningLevel) -> Bucket:
    return Bucket(level.value)


def _counts_from_cases(session: Session, t: int, flt: MonitorFilter) -> LevelCounts:
    stmt = select(*(func.sum(case((bucket_condition(b, t), 1), else_=0)) for b in Bucket)).where(
        Case.clock.is_not(None)
    )
    row = session.execute(_narrowed(stmt, flt)).one()
    return LevelCounts(**{b.value: int(v or 0) for b, v in zip(Bucket, row, strict=True)})


def level_counts(uow: UnitOfWork, today: date, flt: MonitorFilter = EVERYTHING) -> LevelCounts:
    """Open cases per level on ``today``; the level part of ``flt`` is ignored (each count
    is a level)."""
    with uow:
        session = uow.session
        _, t = _today_no(session, today)
        if flt.narrows_cases:
            return _counts_from_cases(session, t, flt)
        return _counts_from_tally(session, t)


def _row_query() -> Select[Any]:
    return cast(
        "Select[Any]",
        select(
            Case.id,
            Case.number,
            Case.applicant_name,
            Case.applicant_doc_number,
            ItemVersion.name,
            ItemVersion.department,
            Case.clerk_name,
            Agent.name,
            Case.state,
            Case.clock,
            Case.due_no,
            Case.legal_no,
            Case.warn_no,
            Case.resume_no,
            Case.paused_since,
            Case.accepted_on,
            Case.green_channel,
        )
        .join(ItemVersion, ItemVersion.id == Case.item_version_id)
        .outerjoin(Agent, Agent.id == Case.agent_id),
    )


def _rows(
    session: Session, calendar: WorkdayCalendar, t: int, records: list[Any]
) -> list[MonitorRow]:
    ids = [r[0] for r in records]
    open_pauses: dict[int, tuple[PauseKind, str]] = {}
    if ids:
        for case_id, kind_value, reason, procedure in session.execute(
            select(CasePause.case_id, CasePause.kind, CasePause.reason, CasePause.procedure)
            .where(CasePause.case_id.in_(ids), CasePause.end.is_(None))
            .order_by(CasePause.id)
        ):
            text = f"{procedure}：{reason}" if procedure and reason else (procedure or reason)
            open_pauses[case_id] = (PauseKind(kind_value), text)
    rows = []
    for r in records:
        (case_id, number, name, doc, item, dept, clerk, agent, state, clock) = r[:10]
        due_no, legal_no, warn_no, resume_no, paused_since, accepted_on, green = r[10:]
        paused = clock == STOP and (resume_no is None or resume_no >= t)
        if paused:
            # The clock stands still: time left as on the day it stopped.
            frozen = calendar.workday_number(paused_since) if paused_since else t
            reference, bucket = min(frozen, t), Bucket.PAUSED
        else:
            reference = t
            bucket = _level_bucket(level_at(due_no, legal_no, warn_no, t))
        promised, legal = due_dates(calendar, accepted_on, due_no, legal_no)
        kind: PauseKind | None = None
        reason = ""
        if paused and case_id in open_pauses:
            kind, reason = open_pauses[case_id]
        rows.append(
            MonitorRow(
                id=case_id,
                number=number,
                applicant_name=name,
                masked_doc=mask_id(doc),
                item_name=item,
                department=dept,
                clerk_name=clerk,
                agent_name=agent or "",
                state=State(state),
                bucket=bucket,
                workdays_left=due_no - reference,
                legal_workdays_left=legal_no - reference,
                promised_due=promised,
                legal_due=legal,
                pause_kind=kind,
                pause_reason=reason,
                paused_since=paused_since if paused else None,
                green_channel=green,
                key=(clock, due_no, legal_no, warn_no, case_id),
            )
        )
    return rows


def monitor_rows(
    uow: UnitOfWork,
    today: date,
    flt: MonitorFilter = EVERYTHING,
    after: MonitorKey | None = None,
    limit: int = PAGE,
) -> list[MonitorRow]:
    """Open cases in order of time left (running first, then the stopped ones), ``limit``
    at a time; pass the last row's ``key`` as ``after`` for the next page."""
    with uow:
        session = uow.session
        calendar, t = _today_no(session, today)
        # The order is ix_cases_clock_due's, so the first page reads the first rows of it.
        stmt = (
            _row_query()
            .where(Case.clock >= RUN)
            .order_by(Case.clock, Case.due_no, Case.legal_no, Case.warn_no, Case.id)
            .limit(limit)
        )
        if flt.bucket is not None:
            stmt = stmt.where(bucket_condition(flt.bucket, t))
        if after is not None:
            stmt = stmt.where(
                tuple_(Case.clock, Case.due_no, Case.legal_no, Case.warn_no, Case.id)
                > tuple_(*after)
            )
        records = session.execute(_narrowed(stmt, flt)).all()
        return _rows(session, calendar, t, list(records))


def _turning(
    session: Session, calendar: WorkdayCalendar, t: int, on: int
) -> tuple[list[MonitorRow], list[MonitorRow]]:
    """Cases turning yellow, and red (超期 or 超法定期限), on the working day numbered ``on``."""
    base = _row_query().where(_running(on))
    yellow = session.execute(
        base.where(Case.warn_no == on, Case.due_no >= on, Case.legal_no >= on).order_by(
            Case.due_no, Case.id
        )
    ).all()
    red = session.execute(
        base.where(
            or_(Case.due_no == on - 1, and_(Case.legal_no == on - 1, Case.due_no < on))
        ).order_by(Case.due_no, Case.id)
    ).all()
    return _rows(session, calendar, t, list(yellow)), _rows(session, calendar, t, list(red))


def day_changes(uow: UnitOfWork, today: date) -> DayChanges:
    with uow:
        session = uow.session
        calendar, t = _today_no(session, today)
        is_workday = calendar.is_workday(today)
        yellow_today: list[MonitorRow] = []
        red_today: list[MonitorRow] = []
        if is_workday:
            yellow_today, red_today = _turning(session, calendar, t, t)
        yellow_next, red_next = _turning(session, calendar, t, t + 1)
        return DayChanges(
            today=today,
            next_workday=calendar.next_workday(today),
            is_workday=is_workday,
            yellow_today=tuple(yellow_today),
            red_today=tuple(red_today),
            yellow_next=tuple(yellow_next),
            red_next=tuple(red_next),
            counts=_counts_from_tally(session, t),
        )


def filter_options(uow: UnitOfWork) -> FilterOptions:
    """The choices of the monitor's filters: only those that occur among open cases."""
    with uow:
        session = uow.session
        open_versions = select(Case.item_version_id).where(Case.clock.is_not(None)).distinct()
        # Everyone who takes cases in at a window (the roles column is a comma list).
        clerks = session.execute(
            select(Staff.id, Staff.name)
            .where(
                Staff.active.is_(True),
                or_(Staff.roles.contains("clerk"), Staff.roles.contains("supervisor")),
            )
            .order_by(Staff.name)
        ).all()
        departments = session.scalars(
            select(ItemVersion.department)
            .where(ItemVersion.id.in_(open_versions))
            .distinct()
            .order_by(ItemVersion.department)
        ).all()
        items = session.execute(
            select(ServiceItem.code, ItemVersion.name)
            .join(ItemVersion, ItemVersion.item_id == ServiceItem.id)
            .where(ItemVersion.id.in_(open_versions))
            .distinct()
            .order_by(ServiceItem.code)
        ).all()
        agents = session.execute(
            select(Agent.id, Agent.name).where(Agent.active.is_(True)).order_by(Agent.name)
        ).all()
        return FilterOptions(
            clerks=tuple((r[0], r[1]) for r in clerks),
            departments=tuple(departments),
            items=tuple((r[0], r[1]) for r in items),
            agents=tuple((r[0], r[1]) for r in agents),
        )


def tick(uow: UnitOfWork, today: date) -> int:
    """The day moved on (midnight, the hall's opening): pauses whose approved length is over
    let their clock run again. Levels themselves need no update: they are read by day."""
    with uow:
        session = uow.session
        released = release_expired_pauses(session, calendar_for(session), today)
        if released:
            uow.commit()
        return released


@dataclass(frozen=True)
class ForwardCounts:
    """Forwards (转报) still waiting for a department's reply: all of them, those expected
    today or on the next working day, and those past their expected day. The list itself
    is services.forward_queries.pending_forwards, in order of expected reply."""

    pending: int = 0
    due_soon: int = 0
    overdue: int = 0


def forward_deadlines(uow: UnitOfWork, today: date) -> ForwardCounts:
    """The monitor's forwards line: one indexed query over the unanswered forwards."""
    with uow:
        session = uow.session
        # A reply expected on the next working day is what the morning meeting must chase.
        soon = calendar_for(session).next_workday(today)
        pending, due_soon, overdue = count_forwards(session, today, soon)
        return ForwardCounts(pending, due_soon, overdue)


@dataclass(frozen=True)
class OtherCounts:
    """Limits the monitor watches beside the cases' own: how many are 预警 and 超期."""

    warning: int = 0
    overdue: int = 0


def _other_counts(session: Session, today: date, limits: Select[date, int, int]) -> OtherCounts:
    """Count the levels of ``limits``: rows of (due date, working days, how many), graded
    with the cases' thresholds (core.limit_levels)."""
    calendar, thresholds = calendar_for(session), thresholds_in(session)
    warning = overdue = 0
    for due_on, workdays, n in session.execute(limits):
        level, _ = limit_level(calendar, due_on, int(workdays), today, thresholds)
        if level is LimitLevel.OVERDUE:
            overdue += n
        elif level is LimitLevel.WARNING:
            warning += n
    return OtherCounts(warning, overdue)


def follow_up_counts(uow: UnitOfWork, today: date) -> OtherCounts:
    """回访整改 not yet closed, by level: one indexed query, grouped by due date."""
    with uow:
        limits = (
            select(FollowUp.due_on, FollowUp.days, func.count())
            .where(FollowUp.closed_on.is_(None))
            .group_by(FollowUp.due_on, FollowUp.days)
        )
        return _other_counts(uow.session, today, limits)


def complaint_counts(uow: UnitOfWork, today: date) -> OtherCounts:
    """效能投诉 whose complainant is not answered yet, by level."""
    with uow:
        workdays = Complaint.days + Complaint.extended_days
        limits = (
            select(Complaint.due_on, workdays, func.count())
            .where(Complaint.replied_on.is_(None))
            .group_by(Complaint.due_on, workdays)
        )
        return _other_counts(uow.session, today, limits)
