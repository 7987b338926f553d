"""The county's statistics of a period (县级统计), per hall and for the county: the figures
of the halls' own period report (``hallapp.services.reports.period_stats``), counted from
the records the halls synced, with the rules of :mod:`hallapp.core.report_stats`.

What is counted, as the hall counts it:

- 收件: cases whose 收件 time lies in the period, whatever became of them.
- 办结: cases now 办结 or 送达 whose closing time lies in the period.
- 按期办结率 against the promised and the legal limit, over the completed cases that have
  a clock (accepted by this program): ``CompletionTally.of_case`` with the working-day
  numbers of the closing day and of the two due dates, in the county's calendar
  (:mod:`hallapp.hub.calendar`).
- 代办件 and 村代办点收件: cases received in the period carried by an agent, and those of
  them whose 代办 began at a village point.
- 满意率 and the count of each level: the ratings given in the period.
- 效能投诉: complaints registered in the period, those found 属实, and those answered on
  time (``complaint_on_time``: the reply, else the closing, on or before the deadline).

Where the county's figures can differ from the hall's, and why:

- The hall keeps each case's clock as working-day numbers that move with every pause
  (停止计时: 补正, 特别程序, 挂起) and every granted extension (延期). Neither the numbers
  nor the pauses and extensions are synced (docs/sync-protocol.md); a case's payload
  carries its 受理日 and the due dates notified at acceptance. So the hub takes
  ``workday_number`` of the notified 承诺 and 法定 due dates for the hall's ``due_no`` and
  ``legal_no``, and of the 受理日 for the start of the clock, the hall's
  ``due_no - promised_days``. For a case completed without a pause or an extension these
  are the hall's own numbers, and every figure is the hall's. Otherwise:

  - a pause: the hub counts its working days as time used (平均办理用时 is higher) and
    judges the case against the notified dates, which the pause did not move (a case on
    time only thanks to its pause counts as late). Its limits, and so 平均承诺时限,
    平均法定时限 and 提速率, are the hall's: the hall leaves paused days out of them too.
  - an extension: the hub's limits lack its days (平均承诺时限 and 平均法定时限 lower,
    提速率 computed without it) and the case is judged against the unextended dates.

- Working-day numbers come from the county's calendar: the built-in official years and
  the years the county published. A correction a hall made to its own calendar, and
  never published by the county, is not known here.
- Records not yet synced are not counted: a hall's figures match the county's once its
  outbox is delivered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from types import MappingProxyType

from sqlalchemy import ColumnElement, Connection, Engine, and_, case, func, select

from hallapp.core.evaluation import Rating, satisfaction_rate
from hallapp.core.lifecycle import CaseState
from hallapp.core.report_stats import CompletionTally, Period, complaint_on_time
from hallapp.core.workdays import WorkdayCalendar
from hallapp.hub.calendar import county_calendar
from hallapp.hub.periods import checked
from hallapp.hub.schema import halls, records

__all__ = ["CountyStats", "HallFigures", "Period", "county_stats"]

COMPLETED_STATES = (CaseState.COMPLETED.value, CaseState.DELIVERED.value)
COUNTY_NAME = "全县合计"
_LEVELS = tuple(r.value for r in Rating)
_GOOD = frozenset(r.value for r in Rating if r.is_good)


def _no_ratings() -> Mapping[str, int]:
    return MappingProxyType(dict.fromkeys(_LEVELS, 0))


@dataclass(frozen=True)
class HallFigures:
    """One hall's figures of the period (or the county's, added up: figures add)."""

    hall_code: str
    hall_name: str
    received: int = 0
    done: CompletionTally = field(default_factory=CompletionTally)
    agent_cases: int = 0
    village_cases: int = 0
    ratings: Mapping[str, int] = field(default_factory=_no_ratings)  # every level, in order
    complaints_received: int = 0
    complaints_substantiated: int = 0
    complaints_on_time: int = 0

    @property
    def completed(self) -> int:
        return self.done.completed

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def good(self) -> int:
        return sum(n for level, n in self.ratings.items() if level in _GOOD)

    @property
    def satisfaction_rate(self) -> float | None:
        """满意率 (好评率)."""
        return satisfaction_rate(self.good, self.rated)

    def plus(self, other: HallFigures, code: str, name: str) -> HallFigures:
        ratings = Counter(self.ratings)
        ratings.update(other.ratings)
        return HallFigures(
            code,
            name,
            self.received + other.received,
            self.done + other.done,
            self.agent_cases + other.agent_cases,
            self.village_cases + other.village_cases,
            _levels(ratings),
            self.complaints_received + other.complaints_received,
            self.complaints_substantiated + other.complaints_substantiated,
            self.complaints_on_time + other.complaints_on_time,
        )


@dataclass(frozen=True)
class CountyStats:
    period: Period
    halls: tuple[HallFigures, ...]  # every registered hall, by code
    total: HallFigures


def county_stats(engine: Engine, period: Period) -> CountyStats:
    """The figures of ``period`` for every registered hall, and their sum."""
    checked(period)
    first, after = period.start.isoformat(), (period.end + timedelta(days=1)).isoformat()
    calendar = county_calendar(engine)
    with engine.connect() as conn:
        names = dict(conn.execute(select(halls.c.code, halls.c.name).order_by(halls.c.code)).all())
        received = _received(conn, first, after)
        village = _village(conn, first, after)
        done = _completed(conn, first, after, calendar)
        ratings = _ratings(conn, first, after)
        complaints = _complaints(conn, first, after)
    per_hall = tuple(
        HallFigures(
            code,
            name,
            received.get(code, (0, 0))[0],
            done.get(code, CompletionTally()),
            received.get(code, (0, 0))[1],
            village.get(code, 0),
            _levels(ratings.get(code, {})),
            *complaints.get(code, (0, 0, 0)),
        )
        for code, name in names.items()
    )
    total = HallFigures("", COUNTY_NAME)
    for figures in per_hall:
        total = total.plus(figures, "", COUNTY_NAME)
    return CountyStats(period, per_hall, total)


def _levels(counts: Mapping[str, int]) -> Mapping[str, int]:
    """Every level of the scheme in its order, then any other value a hall sent."""
    out = dict.fromkeys(_LEVELS, 0)
    for level, n in counts.items():
        out[level] = out.get(level, 0) + n
    return MappingProxyType(out)


def _in(column: ColumnElement[str | None], first: str, after: str) -> ColumnElement[bool]:
    """The period as a range of ISO text: ``2026-06-30T17:00`` is before ``2026-07-01``."""
    return and_(column >= first, column < after)


def _received(conn: Connection, first: str, after: str) -> dict[str, tuple[int, int]]:
    """hall -> (cases received, of them carried by an agent)."""
    rows = conn.execute(
        select(
            records.c.hall_code,
            func.count(),
            func.coalesce(func.sum(case((records.c.with_agent.is_(True), 1), else_=0)), 0),
        )
        .where(records.c.entity == "case", _in(records.c.received_at, first, after))
        .group_by(records.c.hall_code)
    )
    return {code: (int(n), int(agents)) for code, n, agents in rows}


def _village(conn: Connection, first: str, after: str) -> dict[str, int]:
    """hall -> cases received carried by an agent whose 代办 began at a village point."""
    service = records.alias("service")
    rows = conn.execute(
        select(records.c.hall_code, func.count())
        .select_from(
            records.join(
                service,
                and_(
                    service.c.entity == "agent_service",
                    service.c.entity_id == records.c.entity_id,
                    service.c.hall_code == records.c.hall_code,
                ),
            )
        )
        .where(
            records.c.entity == "case",
            _in(records.c.received_at, first, after),
            records.c.with_agent.is_(True),
            service.c.origin == "village",
        )
        .group_by(records.c.hall_code)
    )
    return {code: int(n) for code, n in rows}


def _completed(
    conn: Connection, first: str, after: str, calendar: WorkdayCalendar
) -> dict[str, CompletionTally]:
    """hall -> the tally of the cases completed in the period. Cases closed on the same
    day with the same acceptance and due days are judged once."""
    closed_day = func.substr(records.c.closed_at, 1, 10)
    rows = conn.execute(
        select(
            records.c.hall_code,
            closed_day,
            records.c.accepted_on,
            records.c.promised_due,
            records.c.legal_due,
            func.count(),
        )
        .where(
            records.c.entity == "case",
            _in(records.c.closed_at, first, after),
            records.c.state.in_(COMPLETED_STATES),
        )
        .group_by(
            records.c.hall_code,
            closed_day,
            records.c.accepted_on,
            records.c.promised_due,
            records.c.legal_due,
        )
    )
    out: dict[str, CompletionTally] = {}
    for code, closed, accepted, promised, legal, n in rows:
        tally = _times(case_tally(calendar, closed, accepted, promised, legal), int(n))
        out[code] = out.get(code, CompletionTally()) + tally
    return out


def case_tally(
    calendar: WorkdayCalendar,
    closed: str,
    accepted_on: str | None,
    promised_due: str | None,
    legal_due: str | None,
) -> CompletionTally:
    """One completed case, judged as the hall judges it (see the module's note on pauses
    and extensions); without a readable acceptance or due date it counts as completed but
    not judged, as a hall's case without a clock."""
    closed_no = calendar.workday_number(date.fromisoformat(closed))
    days = [_day(text) for text in (accepted_on, promised_due, legal_due)]
    if any(d is None for d in days):
        return CompletionTally.of_case(closed_no, None, None, None)
    start_no, due_no, legal_no = (calendar.workday_number(d) for d in days if d is not None)
    return CompletionTally.of_case(closed_no, due_no, legal_no, due_no - start_no)


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None  # a hall sent a date the hub cannot read; the hall's own report has it


def _times(tally: CompletionTally, n: int) -> CompletionTally:
    return CompletionTally(*(getattr(tally, f.name) * n for f in fields(tally)))


def _ratings(conn: Connection, first: str, after: str) -> dict[str, dict[str, int]]:
    """hall -> rating level -> how many were given in the period."""
    rows = conn.execute(
        select(records.c.hall_code, records.c.rating, func.count())
        .where(records.c.entity == "evaluation", _in(records.c.rated_at, first, after))
        .group_by(records.c.hall_code, records.c.rating)
    )
    out: dict[str, dict[str, int]] = {}
    for code, level, n in rows:
        out.setdefault(code, {})[str(level)] = int(n)
    return out


def _complaints(conn: Connection, first: str, after: str) -> dict[str, tuple[int, int, int]]:
    """hall -> (registered, 属实, answered on time). A hall receives a few a month: they
    are judged one by one, with the hall's rule."""
    rows = conn.execute(
        select(
            records.c.hall_code,
            records.c.substantiated,
            records.c.replied_on,
            records.c.closed_on,
            records.c.due_on,
        ).where(records.c.entity == "complaint", _in(records.c.received_at, first, after))
    )
    out: dict[str, list[int]] = {}
    for code, substantiated, replied, closed, due in rows:
        counts = out.setdefault(code, [0, 0, 0])
        counts[0] += 1
        counts[1] += int(bool(substantiated))
        due_on = _day(due)
        answered = _day(replied) or _day(closed)
        counts[2] += int(due_on is not None and complaint_on_time(answered, due_on))
    return {code: (a, b, c) for code, (a, b, c) in out.items()}
