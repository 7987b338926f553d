"""The SQL of the period reports: every figure is a GROUP BY over one index
(migration 0012), returning a few thousand groups for a year of a busy hall; Python only
adds groups up.

The month is ``substr(<column>, 1, 7)`` of the stored text, written exactly as the
indexes spell it: SQLite uses an index on an expression only for the same expression,
with literals, not bound parameters. For the same reason the completed cases are chosen
by the literal ``state IN ('completed', 'delivered')`` of their partial index, wrapped in
``likelihood(…, 0.9)``: without it the planner takes that term for a selective one and
reads the cases through the state index instead, a row and a sort per case.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    bindparam,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from hallapp.core.report_stats import CompletionTally, Period, complaint_on_time
from hallapp.core.workdays import WorkdayCalendar
from hallapp.db.models import (
    Agent,
    Case,
    CaseAgentService,
    Complaint,
    Evaluation,
    ItemVersion,
    ServiceItem,
    Staff,
)

RECEIVED_MONTH: ColumnElement[str] = literal_column("substr(cases.received_at, 1, 7)")
CLOSED_MONTH: ColumnElement[str] = literal_column("substr(cases.closed_at, 1, 7)")
RATED_MONTH: ColumnElement[str] = literal_column("substr(evaluations.rated_at, 1, 7)")
COMPLETED = text("likelihood(cases.state IN ('completed', 'delivered'), 0.9)")


@dataclass(frozen=True)
class ReceivedGroup:
    """Cases taken in (收件) during the period sharing month, item version, clerk, current
    state and channel; ``agents`` of them under agent service, ``accepted`` accepted."""

    month: str
    version_id: int
    clerk_id: int | None
    state: str
    channel: str
    n: int
    agents: int
    accepted: int


@dataclass(frozen=True)
class CompletedGroup:
    """Cases completed (办结) in the period sharing month, item version and clerk."""

    month: str
    version_id: int
    clerk_id: int | None
    tally: CompletionTally


@dataclass(frozen=True)
class ItemInfo:
    item_id: int
    code: str
    name: str
    department: str


@dataclass(frozen=True)
class ComplaintGroup:
    channel: str
    received: int
    substantiated: int
    on_time: int


def bounds(period: Period) -> tuple[datetime, datetime]:
    """The first moment of the period and the first moment after it."""
    return (
        datetime.combine(period.start, time.min),
        datetime.combine(period.end + timedelta(days=1), time.min),
    )


def _months(period: Period) -> tuple[str, str]:
    months = period.months()
    return months[0], months[-1]


def received_groups(session: Session, period: Period) -> list[ReceivedGroup]:
    first, after = bounds(period)
    m0, m1 = _months(period)
    rows = session.execute(
        select(
            RECEIVED_MONTH,
            Case.item_version_id,
            Case.clerk_id,
            Case.state,
            Case.channel,
            func.count(),
            func.count(Case.agent_id),
            func.count(Case.accepted_on),
        )
        .select_from(Case)
        .where(
            RECEIVED_MONTH.between(m0, m1),
            Case.received_at >= first,
            Case.received_at < after,
        )
        .group_by(RECEIVED_MONTH, Case.item_version_id, Case.clerk_id, Case.state, Case.channel)
    )
    return [ReceivedGroup(*row) for row in rows]


def completed_groups(
    session: Session, period: Period, calendar: WorkdayCalendar
) -> list[CompletedGroup]:
    """The sums of :class:`~hallapp.core.report_stats.CompletionTally`, in SQL: each case is
    judged against the working-day number of its completion day, looked up in a table of
    the period's days.

    The table comes in as one JSON parameter, so the statement is the same for every
    period and compiled once; MATERIALIZED makes SQLite read it once into a table it can
    index, where a plain CTE would read the JSON again for every case.
    """
    first, after = bounds(period)
    m0, m1 = _months(period)
    numbered = {
        day.isoformat(): calendar.workday_number(day)
        for day in (period.start + timedelta(days=i) for i in range(_length(period)))
    }
    pairs = func.json_each(bindparam("days", json.dumps(numbered), type_=String)).table_valued(
        "key", "value"
    )
    days = (
        select(pairs.c.key.label("day"), pairs.c.value.label("no"))
        .cte("report_days")
        .prefix_with("MATERIALIZED")
    )
    closed_no = days.c.no
    rows = session.execute(
        select(
            CLOSED_MONTH,
            Case.item_version_id,
            Case.clerk_id,
            func.count(),
            func.count(Case.due_no),
            _total(closed_no <= Case.due_no),
            _total(closed_no <= Case.legal_no),
            _total(func.max(closed_no - Case.due_no + Case.promised_days, 0)),
            _total(Case.promised_days),
            _total(Case.legal_no - Case.due_no + Case.promised_days),
        )
        .select_from(Case)
        .join(days, days.c.day == func.substr(Case.closed_at, 1, 10))
        .where(
            COMPLETED,
            CLOSED_MONTH.between(m0, m1),
            Case.closed_at >= first,
            Case.closed_at < after,
        )
        .group_by(CLOSED_MONTH, Case.item_version_id, Case.clerk_id)
    )
    return [
        CompletedGroup(month, version_id, clerk_id, CompletionTally(*(int(v) for v in sums)))
        for month, version_id, clerk_id, *sums in rows
    ]


def _total(value: ColumnElement[Any] | InstrumentedAttribute[Any]) -> ColumnElement[int]:
    """SUM as an integer, 0 over no rows. Typed, because the sum of a comparison would
    otherwise come back through the comparison's Boolean type: a count of 4 as True."""
    return func.coalesce(func.sum(value, type_=Integer), 0, type_=Integer)


def _length(period: Period) -> int:
    return (period.end - period.start).days + 1


def agent_groups(session: Session, period: Period) -> list[tuple[int, str, int]]:
    """(agent, where the case came from, cases) for the cases taken in during the period
    under agent service (代办); a case without its record counts as from the window."""
    first, after = bounds(period)
    rows = session.execute(
        select(
            Case.agent_id,
            func.coalesce(CaseAgentService.origin, "window"),
            func.count(),
        )
        .select_from(Case)
        .outerjoin(CaseAgentService, CaseAgentService.case_id == Case.id)
        .where(Case.agent_id.is_not(None), Case.received_at >= first, Case.received_at < after)
        .group_by(Case.agent_id, func.coalesce(CaseAgentService.origin, "window"))
    )
    return [(int(a or 0), str(o), int(n)) for a, o, n in rows]


def rating_groups(session: Session, period: Period) -> list[tuple[str, int | None, int]]:
    """(rating, clerk, how many) of the evaluations given during the period."""
    first, after = bounds(period)
    m0, m1 = _months(period)
    counts: dict[tuple[str, int | None], int] = {}
    for rating, clerk_id, n in session.execute(
        select(Evaluation.rating, Evaluation.clerk_id, func.count())
        .where(
            RATED_MONTH.between(m0, m1),
            Evaluation.rated_at >= first,
            Evaluation.rated_at < after,
        )
        .group_by(RATED_MONTH, Evaluation.rating, Evaluation.clerk_id)
    ):
        key = (str(rating), clerk_id)
        counts[key] = counts.get(key, 0) + int(n)
    return [(rating, clerk_id, n) for (rating, clerk_id), n in counts.items()]


def complaint_groups(session: Session, period: Period) -> list[ComplaintGroup]:
    """Complaints received during the period per channel: how many, found substantiated
    (属实), handled on time (:func:`~hallapp.core.report_stats.complaint_on_time`). A hall
    receives a few a month, so they are read one by one."""
    first, after = bounds(period)
    found: dict[str, list[int]] = {}
    for channel, substantiated, replied_on, closed_on, due_on in session.execute(
        select(
            Complaint.channel,
            Complaint.substantiated,
            Complaint.replied_on,
            Complaint.closed_on,
            Complaint.due_on,
        ).where(Complaint.received_at >= first, Complaint.received_at < after)
    ):
        counts = found.setdefault(str(channel), [0, 0, 0])
        counts[0] += 1
        counts[1] += int(bool(substantiated))
        answered: date | None = replied_on or closed_on
        counts[2] += int(complaint_on_time(answered, due_on))
    return [ComplaintGroup(c, *counts) for c, counts in found.items()]


def items(session: Session) -> dict[int, ItemInfo]:
    """Every item version's item, name and department (a catalogue of a few hundred)."""
    rows = session.execute(
        select(
            ItemVersion.id,
            ItemVersion.item_id,
            ServiceItem.code,
            ItemVersion.name,
            ItemVersion.department,
        ).join(ServiceItem, ServiceItem.id == ItemVersion.item_id)
    )
    return {vid: ItemInfo(item_id, code, name, dept) for vid, item_id, code, name, dept in rows}


def staff_names(session: Session) -> dict[int, str]:
    return {i: n for i, n in session.execute(select(Staff.id, Staff.name))}


def agents(session: Session) -> dict[int, tuple[str, str]]:
    """Agent id -> (name, kind)."""
    return {i: (n, k) for i, n, k in session.execute(select(Agent.id, Agent.name, Agent.kind))}
