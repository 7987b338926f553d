"""Keeps the clock stored on each case (core.clock_marks) current: when the case, one of
its pauses or extensions, the calendar or the warning thresholds change. Every function
here runs inside the caller's transaction, so the change and its clock commit together."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hallapp.core.clock import ClockFacts, Extension, Pause, PauseKind, WarningThresholds
from hallapp.core.clock_marks import clock_marks, max_extension_days, warn_lead
from hallapp.core.lifecycle import State, is_open, stops_clock
from hallapp.core.limits import LimitUnit, TimeLimit
from hallapp.core.workdays import WorkdayCalendar
from hallapp.db.models import (
    Case,
    CaseExtension,
    CasePause,
    ClockBulk,
    ClockTally,
    ItemVersion,
)
from hallapp.services.calendar import calendar_for
from hallapp.services.hall_settings import thresholds_in

RUN = "run"
STOP = "stop"


@dataclass(frozen=True)
class CaseTiming:
    """What the clock of one case is computed from."""

    facts: ClockFacts
    state: State


def extension_limit(legal: TimeLimit) -> int:
    """The most a case of this legal limit may be extended. The 20+10 and 45+15 of the
    licensing law are working days; a limit in natural days comes from its own law
    (e.g. 居民身份证法) and has no extension here."""
    if legal.unit is LimitUnit.NATURAL_DAYS:
        return 0
    days = -(-legal.value // 8) if legal.unit is LimitUnit.HOURS else legal.value
    return max_extension_days(days)


def pauses_of(session: Session, case_id: int) -> tuple[Pause, ...]:
    return tuple(
        Pause(PauseKind(p.kind), p.reason, p.start, p.end, p.approved_days, p.procedure)
        for p in session.scalars(
            select(CasePause).where(CasePause.case_id == case_id).order_by(CasePause.id)
        )
    )


def granted_extensions(session: Session, case_id: int) -> tuple[Extension, ...]:
    return tuple(
        Extension(e.days, e.approver, e.reason, e.granted_on)
        for e in session.scalars(
            select(CaseExtension)
            .where(CaseExtension.case_id == case_id, CaseExtension.status == "approved")
            .order_by(CaseExtension.id)
        )
        if e.granted_on is not None
    )


def timing_of(session: Session, case: Case) -> CaseTiming | None:
    """None for a case that was never accepted (no clock)."""
    if case.accepted_on is None:
        return None
    version = session.get(ItemVersion, case.item_version_id)
    assert version is not None
    legal = TimeLimit(version.legal_limit, LimitUnit(version.legal_unit))
    facts = ClockFacts(
        accepted_on=case.accepted_on,
        legal=legal,
        promised=TimeLimit(version.promised_limit, LimitUnit(version.promised_unit)),
        pauses=pauses_of(session, case.id),
        extensions=granted_extensions(session, case.id),
        max_extension_days=extension_limit(legal),
    )
    return CaseTiming(facts, State(case.state))


def refresh_case(session: Session, case_id: int, today: date) -> None:
    """Store the clock of ``case_id`` as of ``today``, after any change to it."""
    case = session.get(Case, case_id)
    assert case is not None
    session.flush()
    timing = timing_of(session, case)
    if timing is None:
        return
    calendar = calendar_for(session)
    marks = clock_marks(timing.facts, calendar, today, thresholds_in(session))
    state = State(case.state)
    clock: str | None = None
    if is_open(state):
        # The state decides whether a pause holds the clock; a pause past its approved
        # length lets it run again although the case still waits in that state.
        clock = STOP if stops_clock(state) and not marks.running else RUN
    session.execute(
        update(Case)
        .where(Case.id == case_id)
        .values(
            clock=clock,
            due_no=marks.due_no,
            legal_no=marks.legal_no,
            warn_no=marks.warn_no,
            promised_days=marks.promised_days,
            paused_since=marks.paused_since if clock == STOP else None,
            resume_no=marks.resume_no if clock == STOP else None,
        )
    )
    session.expire(case)


def release_expired_pauses(session: Session, calendar: WorkdayCalendar, today: date) -> int:
    """Let the clock run again for pauses whose approved length (特别程序) is over."""
    today_no = calendar.workday_number(today)
    result = session.execute(
        update(Case)
        .where(Case.clock == STOP, Case.resume_no.is_not(None), Case.resume_no < today_no)
        .values(clock=RUN, paused_since=None, resume_no=None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def rewarn_open_cases(session: Session, thresholds: WarningThresholds) -> int:
    """New warning thresholds: move every open case's 预警 day, one statement per distinct
    length of promised limit (a few dozen), not one per case."""
    lengths = session.scalars(
        select(Case.promised_days).where(Case.clock.is_not(None)).distinct()
    ).all()
    changed = 0
    for days in lengths:
        if days is None:
            continue
        result = session.execute(
            update(Case)
            .where(Case.clock.is_not(None), Case.promised_days == days)
            .values(warn_no=Case.due_no - warn_lead(days, thresholds))
        )
        changed += int(result.rowcount)  # type: ignore[attr-defined]
    return changed


def _moved(before: WorkdayCalendar, after: WorkdayCalendar, due_no: int, legal_no: int) -> bool:
    return before.day_of_number(due_no) != after.day_of_number(due_no) or before.day_of_number(
        legal_no
    ) != after.day_of_number(legal_no)


def _numbers(rows: object) -> list[tuple[int, int, int]]:
    """(due_no, legal_no, how many) from a result of three columns."""
    return [(int(d or 0), int(g or 0), int(n)) for d, g, n in rows]  # type: ignore[attr-defined]


def _moved_count(
    before: WorkdayCalendar, after: WorkdayCalendar, numbers: list[tuple[int, int, int]]
) -> int:
    return sum(n for due_no, legal_no, n in numbers if _moved(before, after, due_no, legal_no))


def _group_facts(session: Session, accepted_on: date, version_id: int) -> ClockFacts:
    version = session.get(ItemVersion, version_id)
    assert version is not None
    legal = TimeLimit(version.legal_limit, LimitUnit(version.legal_unit))
    return ClockFacts(
        accepted_on=accepted_on,
        legal=legal,
        promised=TimeLimit(version.promised_limit, LimitUnit(version.promised_unit)),
        max_extension_days=extension_limit(legal),
    )


def _recompute(
    session: Session,
    today: date,
    groups: set[tuple[date, int]],
    singles: set[int],
    before: WorkdayCalendar | None = None,
) -> tuple[int, int]:
    """Recompute the open cases of ``groups`` (acceptance day, item version) and the cases
    ``singles``. Return how many of them a count of moved dates over their old numbers
    would include, and how many really changed a due date (both as dates of ``before``).

    A case without pauses or extensions has the same clock as every other case of its
    group: one computation and one indexed UPDATE serve them all. The others are computed
    one by one, with their own pauses and extensions.
    """
    after = calendar_for(session)
    then = before or after
    thresholds = thresholds_in(session)
    paused = select(CasePause.case_id)
    extended = select(CaseExtension.case_id).where(CaseExtension.status == "approved")
    counted = changed = 0
    # The groups' rows move between tally entries together: the triggers stand aside and
    # the tally is adjusted once per group and set of numbers instead of twice per row.
    session.add(ClockBulk(id=1))
    session.flush()
    tally: dict[tuple[str, int, int, int], int] = defaultdict(int)
    for accepted_on, version_id in sorted(groups):
        group = (
            (Case.item_version_id == version_id)
            & (Case.accepted_on == accepted_on)
            & Case.clock.is_not(None)
        )
        singles.update(
            session.scalars(
                select(Case.id).where(group, or_(Case.id.in_(paused), Case.id.in_(extended)))
            )
        )
        plain = and_(group, Case.id.not_in(paused), Case.id.not_in(extended))
        marks = clock_marks(
            _group_facts(session, accepted_on, version_id), after, today, thresholds
        )
        new = (after.day_of_number(marks.due_no), after.day_of_number(marks.legal_no))
        differs = or_(
            Case.due_no != marks.due_no,
            Case.legal_no != marks.legal_no,
            Case.warn_no != marks.warn_no,
        )
        for clock, due_no, legal_no, warn_no, n in session.execute(
            select(Case.clock, Case.due_no, Case.legal_no, Case.warn_no, func.count())
            .where(plain)
            .group_by(Case.clock, Case.due_no, Case.legal_no, Case.warn_no)
        ):
            # An open case always has its numbers: the tally could not hold it otherwise.
            old = (str(clock), int(due_no or 0), int(legal_no or 0), int(warn_no or 0))
            if (then.day_of_number(old[1]), then.day_of_number(old[2])) != new:
                changed += n
            if _moved(then, after, old[1], old[2]):
                counted += n
            if old[1:] != (marks.due_no, marks.legal_no, marks.warn_no):
                tally[old] -= n
                tally[(old[0], marks.due_no, marks.legal_no, marks.warn_no)] += n
        session.execute(
            update(Case)
            .where(plain, differs)
            .execution_options(synchronize_session=False)
            .values(
                due_no=marks.due_no,
                legal_no=marks.legal_no,
                warn_no=marks.warn_no,
                promised_days=marks.promised_days,
            )
        )
    for (clock, due_no, legal_no, warn_no), n in tally.items():
        if n:
            session.execute(
                sqlite_insert(ClockTally)
                .values(clock=clock, due_no=due_no, legal_no=legal_no, warn_no=warn_no, n=n)
                .on_conflict_do_update(
                    index_elements=["clock", "due_no", "legal_no", "warn_no"],
                    set_={"n": ClockTally.n + n},
                )
            )
    session.execute(delete(ClockBulk))
    for case_id in sorted(singles):
        old_due, old_legal = session.execute(
            select(Case.due_no, Case.legal_no).where(Case.id == case_id)
        ).one()
        refresh_case(session, case_id, today)
        new_due, new_legal = session.execute(
            select(Case.due_no, Case.legal_no).where(Case.id == case_id)
        ).one()
        if (
            old_due is None
            or old_legal is None
            or (then.day_of_number(old_due), then.day_of_number(old_legal))
            != (
                after.day_of_number(int(new_due or 0)),
                after.day_of_number(int(new_legal or 0)),
            )
        ):
            changed += 1
    return counted, changed


def after_calendar_change(
    session: Session, before: WorkdayCalendar, first_day: date, today: date
) -> int:
    """The calendar changed from ``first_day`` on: bring every open case's clock in line and
    return how many open cases' promised or legal due date moved.

    Stored numbers stay right for a case counted across the change: the change moves which
    date a number falls on. Only cases whose numbers were themselves taken from a changed
    day are recomputed: accepted on or after it, with a pause that began or ended on or
    after it, or counting in natural days (a fixed date) to a date on or after it. For a
    change in the future those are few, and each query below reads an index.
    """
    after = calendar_for(session)
    first_no = before.workday_number(first_day) - 1
    groups = _groups(session, Case.accepted_on >= first_day)
    natural = session.scalars(
        select(ItemVersion.id).where(
            or_(
                ItemVersion.legal_unit == LimitUnit.NATURAL_DAYS.value,
                ItemVersion.promised_unit == LimitUnit.NATURAL_DAYS.value,
            )
        )
    ).all()
    for version_id in natural:
        groups |= _groups(
            session, (Case.item_version_id == version_id) & (Case.legal_no >= first_no)
        )
    singles = set(
        session.scalars(
            select(CasePause.case_id)
            .join(Case, Case.id == CasePause.case_id)
            .where(
                Case.clock.is_not(None),
                or_(CasePause.start >= first_day, CasePause.end >= first_day),
            )
        )
    )
    # Every open case, read per distinct pair of numbers from the tally; the recomputed
    # ones are then taken out by their old numbers and counted again by their new ones.
    tally = _numbers(
        session.execute(
            select(ClockTally.due_no, ClockTally.legal_no, func.sum(ClockTally.n))
            .where(ClockTally.n > 0)
            .group_by(ClockTally.due_no, ClockTally.legal_no)
        )
    )
    moved = _moved_count(before, after, tally)
    counted, changed = _recompute(session, today, groups, singles, before)
    return moved - counted + changed


def recompute_all(session: Session, today: date) -> int:
    """Recompute every open case's clock from its facts (a repair, e.g. after restoring
    data written by other means); return how many changed a due date."""
    return _recompute(session, today, _groups(session, Case.clock.is_not(None)), set())[1]


def _groups(session: Session, condition: ColumnElement[bool]) -> set[tuple[date, int]]:
    """The (acceptance day, item version) of the open cases meeting ``condition``."""
    found = session.execute(
        select(Case.accepted_on, Case.item_version_id)
        .where(condition, Case.clock.is_not(None))
        .distinct()
    )
    return {(a, v) for a, v in found if a is not None}
