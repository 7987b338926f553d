"""The stored clock (working-day numbers) reads the same levels and due dates as the clock
computed from the facts, on every day, whatever the pauses and extensions."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hallapp.core.clock import (
    ClockFacts,
    Extension,
    LimitUnit,
    Pause,
    PauseKind,
    TimeLimit,
    WarningLevel,
    WarningThresholds,
    compute_clock,
)
from hallapp.core.clock_marks import (
    clock_marks,
    due_dates,
    level_at,
    max_extension_days,
    warn_lead,
)
from hallapp.core.workdays import DayOverride, WorkdayCalendar

CAL = WorkdayCalendar()
THRESHOLDS = WarningThresholds()


def wd(n: int) -> TimeLimit:
    return TimeLimit(n, LimitUnit.WORKING_DAYS)


def test_numbers_count_working_days_and_map_back() -> None:
    friday, saturday, monday = date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 30)
    assert CAL.workday_number(saturday) == CAL.workday_number(friday)
    assert CAL.workday_number(monday) == CAL.workday_number(friday) + 1
    assert CAL.day_of_number(CAL.workday_number(saturday)) == friday
    # National Day 2025: 10-01..10-08 are holidays, 09-28 and 10-11 make-up days.
    assert CAL.workday_number(date(2025, 10, 9)) - CAL.workday_number(date(2025, 9, 30)) == 1
    assert CAL.day_of_number(CAL.workday_number(date(2025, 9, 27)) + 1) == date(2025, 9, 28)


def test_a_declared_holiday_moves_the_day_a_number_falls_on() -> None:
    holiday = WorkdayCalendar([DayOverride(date(2026, 12, 3), False, "本地假日")])
    n = CAL.workday_number(date(2026, 12, 10))
    assert holiday.workday_number(date(2026, 11, 30)) == CAL.workday_number(date(2026, 11, 30))
    assert holiday.day_of_number(n) == date(2026, 12, 11)


def test_warn_lead_follows_the_thresholds() -> None:
    assert warn_lead(0, THRESHOLDS) == -1  # 即办: no warning before overdue
    assert warn_lead(3, THRESHOLDS) == 2  # 2 days left
    assert warn_lead(20, THRESHOLDS) == 6  # fewer than 20/3 left: 6 or fewer
    assert warn_lead(20, WarningThresholds(1, 0.0)) == 1


def test_an_open_pause_with_an_approved_length_counts_all_of_it() -> None:
    facts = ClockFacts(
        date(2026, 11, 2),
        legal=wd(20),
        promised=wd(10),
        pauses=(Pause(PauseKind.SPECIAL_PROCEDURE, "检验", date(2026, 11, 4), None, 5, "检验"),),
    )
    today = date(2026, 11, 5)
    marks = clock_marks(facts, CAL, today, THRESHOLDS)
    assert not marks.running
    assert marks.paused_since == date(2026, 11, 4)
    assert marks.resume_no == CAL.workday_number(date(2026, 11, 11))
    assert CAL.day_of_number(marks.due_no) == CAL.add_workdays(date(2026, 11, 2), 15).day
    # Once the approved days are used up the clock runs again by itself.
    later = clock_marks(facts, CAL, date(2026, 11, 12), THRESHOLDS)
    assert later.running and later.due_no == marks.due_no


def test_max_extension_days_follow_the_licensing_law() -> None:
    assert [max_extension_days(n) for n in (5, 19, 20, 30, 45, 60)] == [0, 0, 10, 10, 15, 15]


accepted_days = st.dates(date(2025, 9, 1), date(2026, 12, 20))
limits = st.builds(
    TimeLimit,
    st.integers(0, 40),
    st.sampled_from([LimitUnit.WORKING_DAYS, LimitUnit.NATURAL_DAYS, LimitUnit.HOURS]),
)


@st.composite
def case_facts(draw: st.DrawFn) -> tuple[ClockFacts, date]:
    # The clock counts from a working day (effective_acceptance_day moves it there).
    accepted = CAL.workday_on_or_after(draw(accepted_days))
    promised = draw(limits)
    extra = draw(st.integers(0, 20))
    legal = TimeLimit(promised.value + extra, promised.unit)
    pauses: list[Pause] = []
    cursor = accepted
    for _ in range(draw(st.integers(0, 2))):
        start = cursor + timedelta(days=draw(st.integers(0, 20)))
        if draw(st.booleans()):
            end: date | None = start + timedelta(days=draw(st.integers(0, 20)))
        else:
            end = None
        approved = draw(st.one_of(st.none(), st.integers(1, 15)))
        kind = PauseKind.SPECIAL_PROCEDURE if approved else PauseKind.SUPPLEMENT
        pauses.append(Pause(kind, "原因", start, end, approved, "检验" if approved else ""))
        if end is None:
            break
        cursor = end
    extensions = tuple(
        Extension(days, "李建国", "情况复杂", accepted + timedelta(days=offset))
        for days, offset in draw(
            st.lists(st.tuples(st.integers(1, 5), st.integers(0, 30)), max_size=2)
        )
    )
    # Ends are recorded on the day they happen: never after the day the clock is read.
    seen = [accepted, *(p.start for p in pauses), *(p.end for p in pauses if p.end)]
    today = max(seen) + timedelta(days=draw(st.integers(0, 60)))
    facts = ClockFacts(accepted, legal, promised, tuple(pauses), extensions, 15)
    return facts, today


@settings(max_examples=400, deadline=None)
@given(case_facts())
def test_stored_numbers_read_what_the_clock_computes(sample: tuple[ClockFacts, date]) -> None:
    facts, today = sample
    marks = clock_marks(facts, CAL, today, THRESHOLDS)
    state = compute_clock(facts, CAL, today, THRESHOLDS)
    if not marks.running:
        assert state.paused
        return
    t = CAL.workday_number(today)
    assert level_at(marks.due_no, marks.legal_no, marks.warn_no, t) is state.level
    promised, legal = due_dates(CAL, facts.accepted_on, marks.due_no, marks.legal_no)
    assert (promised.day, legal.day) == (state.promised_due.day, state.legal_due.day)
    assert marks.due_no - t == state.workdays_left
    assert marks.legal_no - t == state.legal_workdays_left


def test_level_at_orders_the_levels() -> None:
    assert level_at(10, 12, 8, 7) is WarningLevel.NORMAL
    assert level_at(10, 12, 8, 8) is WarningLevel.WARNING
    assert level_at(10, 12, 8, 11) is WarningLevel.OVERDUE
    assert level_at(10, 12, 8, 13) is WarningLevel.LEGAL_OVERDUE
