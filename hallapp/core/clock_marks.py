"""The case clock as the database keeps it: a few working-day numbers per case, from which
the level of every open case on any day is a comparison, not a computation.

A case's clock (:mod:`hallapp.core.clock`) is read as of a day. Storing its result would go
stale every night; storing due *dates* would go stale whenever a holiday is declared. So the
marks are working-day numbers (:meth:`WorkdayCalendar.workday_number`): a holiday declared
next month changes which date a number falls on, not the number. With ``t`` the number of
the day the clock is read:

- 超法定期限 when ``t > legal_no``; 超期 when ``t > due_no``; 预警 when ``t >= warn_no``;
  正常 otherwise (:func:`level_at`), exactly the levels :func:`compute_clock` gives.
- A pause that is still open holds the clock (``running`` False). The numbers then count
  the pause as it will end at the latest: an open pause with an approved length counts all
  of it, and the clock runs again from ``resume_no``; an open pause without one counts
  nothing yet, so the numbers are those of the day it began and move when it ends.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

from hallapp.core.clock import ClockFacts, Pause, WarningLevel, WarningThresholds, compute_clock
from hallapp.core.workdays import DueDate, WorkdayCalendar

__all__ = [
    "ClockMarks",
    "clock_marks",
    "due_dates",
    "level_at",
    "max_extension_days",
    "warn_lead",
]


@dataclass(frozen=True, slots=True)
class ClockMarks:
    due_no: int  # 承诺期限届满日
    legal_no: int  # 法定期限届满日
    warn_no: int  # the first day the case is 预警
    promised_days: int  # the working days the promised limit gives, extensions included
    running: bool
    paused_since: date | None = None
    resume_no: int | None = None  # an open pause with an approved length ends here


def max_extension_days(legal_limit_workdays: int) -> int:
    """The most a case may be extended (行政许可法 第四十二条): 20 working days + 10 with
    the head of the office's approval; 45 (joint handling, 联合办理) + 15. Items with a
    shorter legal limit follow their own rules and cannot be extended here."""
    if legal_limit_workdays >= 45:
        return 15
    if legal_limit_workdays >= 20:
        return 10
    return 0


def _open_pauses_closed(facts: ClockFacts, calendar: WorkdayCalendar) -> tuple[ClockFacts, date]:
    """The facts with every open pause ended as late as it can end without the clock
    running (its approved length, or the day it began), and the latest such end."""
    horizon = facts.accepted_on
    pauses: list[Pause] = []
    for p in facts.pauses:
        if p.end is None:
            if p.approved_days is not None:
                start = max(p.start, facts.accepted_on)
                end = calendar.add_workdays(start, max(p.approved_days, 0)).day
            else:
                end = p.start
            p = replace(p, end=end)
        assert p.end is not None
        horizon = max(horizon, p.end)
        pauses.append(p)
    return replace(facts, pauses=tuple(pauses)), horizon


def clock_marks(
    facts: ClockFacts,
    calendar: WorkdayCalendar,
    today: date,
    thresholds: WarningThresholds,
) -> ClockMarks:
    """The marks to store for a case whose clock facts are ``facts`` on ``today``."""
    settled, horizon = _open_pauses_closed(facts, calendar)
    # Read far enough ahead that every pause counts in full; extensions count once granted.
    granted = tuple(e for e in facts.extensions if e.granted_on <= today)
    state = compute_clock(
        replace(settled, extensions=granted), calendar, max(today, horizon), thresholds
    )
    due_no = calendar.workday_number(state.promised_due.day)
    legal_no = calendar.workday_number(state.legal_due.day)
    budget = (
        calendar.workdays_between(facts.accepted_on, state.original_promised_due.day)
        + state.extension_days
    )
    warn_no = due_no - warn_lead(budget, thresholds)
    holding = [
        (max(original.start, facts.accepted_on), closed, original.approved_days)
        for original, closed in zip(facts.pauses, settled.pauses, strict=True)
        if original.end is None
    ]
    holding = [
        (start, closed, approved)
        for start, closed, approved in holding
        # As compute_clock: a pause with an approved length holds through its last day.
        if start <= today and (approved is None or (closed.end or today) >= today)
    ]
    paused_since = min((start for start, _, _ in holding), default=None)
    resume_no: int | None = None
    if holding and all(approved is not None for _, _, approved in holding):
        resume_no = max(calendar.workday_number(c.end or today) for _, c, _ in holding)
    return ClockMarks(
        due_no=due_no,
        legal_no=legal_no,
        warn_no=warn_no,
        promised_days=budget,
        running=paused_since is None,
        paused_since=paused_since,
        resume_no=resume_no,
    )


def warn_lead(promised_days: int, thresholds: WarningThresholds) -> int:
    """How many working days before the promised due date a case turns 预警: compute_clock
    warns when left <= warn_days_left or left < fraction * promised days. A 即办 case has
    nothing to warn about before it is overdue (-1: it would turn the day after)."""
    if promised_days <= 0:
        return -1
    below = math.ceil(thresholds.warn_fraction_left * promised_days) - 1
    return max(thresholds.warn_days_left, below)


def level_at(due_no: int, legal_no: int, warn_no: int, today_no: int) -> WarningLevel:
    """The level of a running clock on the day numbered ``today_no``."""
    if today_no > legal_no:
        return WarningLevel.LEGAL_OVERDUE
    if today_no > due_no:
        return WarningLevel.OVERDUE
    if today_no >= warn_no:
        return WarningLevel.WARNING
    return WarningLevel.NORMAL


def due_dates(
    calendar: WorkdayCalendar, accepted_on: date, due_no: int, legal_no: int
) -> tuple[DueDate, DueDate]:
    """The promised and legal due dates the numbers stand for, each provisional (暂定) when
    a year between acceptance and it has no official arrangement loaded."""
    promised = calendar.day_of_number(due_no)
    legal = calendar.day_of_number(legal_no)
    return (
        DueDate(promised, not calendar.is_known_span(accepted_on, promised)),
        DueDate(legal, not calendar.is_known_span(accepted_on, legal)),
    )
