"""The working-day calendar against the State Council arrangements and a day-by-day oracle."""

from __future__ import annotations

import time as clock_time
from datetime import date, datetime, time, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallapp.core.workdays import (
    BUILTIN_YEARS,
    DayKind,
    DayOverride,
    DueDate,
    WorkdayCalendar,
)

CAL = WorkdayCalendar()

# Well beyond the precomputed table (2000–2060) on both sides.
any_day = st.dates(min_value=date(1950, 1, 1), max_value=date(2120, 12, 31))
near_day = st.dates(min_value=date(2003, 1, 1), max_value=date(2028, 12, 31))
small_n = st.integers(min_value=0, max_value=300)


def oracle_is_workday(d: date) -> bool:
    """The package itself for its years, weekends-only elsewhere: an independent walk."""
    if 2004 <= d.year <= 2026:
        return bool(chinese_calendar.is_workday(d))
    return d.weekday() < 5


def oracle_add(start: date, n: int) -> date:
    d = start
    while n > 0:
        d += timedelta(days=1)
        if oracle_is_workday(d):
            n -= 1
    return d


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# -- the official arrangements --------------------------------------------------------------


@pytest.mark.parametrize(
    ("holiday_first", "holiday_last", "makeups", "name"),
    [
        (date(2024, 2, 10), date(2024, 2, 17), [date(2024, 2, 4), date(2024, 2, 18)], "春节"),
        (date(2024, 10, 1), date(2024, 10, 7), [date(2024, 9, 29), date(2024, 10, 12)], "国庆节"),
        (date(2025, 1, 28), date(2025, 2, 4), [date(2025, 1, 26), date(2025, 2, 8)], "春节"),
        (date(2025, 10, 1), date(2025, 10, 8), [date(2025, 9, 28), date(2025, 10, 11)], "国庆节"),
        (date(2026, 2, 15), date(2026, 2, 23), [date(2026, 2, 14), date(2026, 2, 28)], "春节"),
        (date(2026, 10, 1), date(2026, 10, 7), [date(2026, 9, 20), date(2026, 10, 10)], "国庆节"),
    ],
)
def test_state_council_arrangements(
    holiday_first: date, holiday_last: date, makeups: list[date], name: str
) -> None:
    for d in days(holiday_first, holiday_last):
        assert CAL.day_kind(d) is DayKind.HOLIDAY, d
        assert not CAL.is_workday(d)
    # Each period is bounded by working days on both sides.
    assert CAL.is_workday(holiday_first - timedelta(days=1))
    assert CAL.is_workday(holiday_last + timedelta(days=1))
    for d in makeups:
        assert d.weekday() >= 5
        assert CAL.day_kind(d) is DayKind.MAKEUP_WORKDAY, d
        assert CAL.is_workday(d)
        assert CAL.holiday_name(d) == name + "调休上班"
    assert CAL.holiday_name(holiday_first) == name


def test_mid_autumn_inside_national_day_2025_keeps_its_name() -> None:
    assert CAL.holiday_name(date(2025, 10, 6)) == "中秋"
    assert CAL.holiday_name(date(2025, 10, 5)) == "国庆节"


def test_ordinary_days() -> None:
    assert CAL.day_kind(date(2025, 3, 4)) is DayKind.WORKDAY
    assert CAL.day_kind(date(2025, 3, 8)) is DayKind.WEEKEND
    assert CAL.holiday_name(date(2025, 3, 8)) is None
    # A Saturday inside a holiday period is a holiday, not a mere weekend.
    assert CAL.day_kind(date(2024, 10, 5)) is DayKind.HOLIDAY


def test_builtin_years_are_2004_to_2026() -> None:
    assert frozenset(range(2004, 2027)) == BUILTIN_YEARS
    assert CAL.known_years == BUILTIN_YEARS
    assert CAL.is_known_year(2026)
    assert not CAL.is_known_year(2027)
    assert not CAL.is_known_year(2003)


def test_whole_builtin_range_agrees_with_package() -> None:
    mismatches = [
        d
        for d in days(date(2004, 1, 1), date(2026, 12, 31))
        if CAL.is_workday(d) != oracle_is_workday(d)
    ]
    assert mismatches == []


def test_year_days_lists_special_days_with_names_and_sources() -> None:
    rows = CAL.year_days(2024)
    assert len(rows) == 28 + 8  # 28 holiday days, 8 make-up days in the 2024 arrangement
    assert rows[0] == (date(2024, 1, 1), DayKind.HOLIDAY, "元旦", "builtin")
    assert (date(2024, 2, 4), DayKind.MAKEUP_WORKDAY, "春节调休上班", "builtin") in rows
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert CAL.year_days(2027) == []


# -- known answers ---------------------------------------------------------------------------


def test_five_days_across_national_day_2025() -> None:
    # Fri 09-26 is not counted. Sat 09-27 rests; Sun 09-28 is a make-up day (1); Mon 09-29 (2);
    # Tue 09-30 (3); 10-01..10-08 holiday; Thu 10-09 (4); Fri 10-10 (5).
    assert CAL.add_workdays(date(2025, 9, 26), 5) == DueDate(date(2025, 10, 10), False)


def test_twenty_days_across_spring_festival_2025() -> None:
    # Mon 01-20 not counted: 01-21..01-24 (4), Sun 01-26 make-up (5), Mon 01-27 (6),
    # 01-28..02-04 holiday, 02-05..02-07 (9), Sat 02-08 make-up (10), 02-10..02-14 (15),
    # 02-17..02-21 (20).
    assert CAL.add_workdays(date(2025, 1, 20), 20).day == date(2025, 2, 21)


def test_year_boundary_2025_to_2026() -> None:
    # 2026-01-01..03 is the New Year holiday and Sun 2026-01-04 a make-up day.
    assert CAL.add_workdays(date(2025, 12, 31), 1) == DueDate(date(2026, 1, 4), False)
    assert CAL.next_workday(date(2025, 12, 31)) == date(2026, 1, 4)
    assert CAL.workdays_between(date(2025, 12, 31), date(2026, 1, 5)) == 2


def test_make_up_saturday_counts() -> None:
    assert CAL.add_workdays(date(2025, 2, 7), 1).day == date(2025, 2, 8)
    assert CAL.add_workdays(date(2025, 2, 7), 2).day == date(2025, 2, 10)


def test_zero_days_is_due_the_same_day_even_on_a_rest_day() -> None:
    assert CAL.add_workdays(date(2025, 10, 3), 0) == DueDate(date(2025, 10, 3), False)
    assert CAL.add_workdays(date(2027, 3, 3), 0) == DueDate(date(2027, 3, 3), True)


def test_negative_days_refused() -> None:
    with pytest.raises(ValueError):
        CAL.add_workdays(date(2025, 1, 1), -1)
    with pytest.raises(ValueError):
        CAL.add_natural_days(date(2025, 1, 1), -1)


def test_workdays_between_known_values() -> None:
    assert CAL.workdays_between(date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert CAL.workdays_between(date(2025, 10, 9), date(2025, 9, 30)) == -1
    assert CAL.workdays_between(date(2025, 10, 1), date(2025, 10, 8)) == 0
    assert CAL.workdays_between(date(2025, 3, 3), date(2025, 3, 3)) == 0


def test_workday_on_or_after() -> None:
    assert CAL.workday_on_or_after(date(2025, 10, 9)) == date(2025, 10, 9)
    assert CAL.workday_on_or_after(date(2025, 10, 1)) == date(2025, 10, 9)


def test_natural_days_ending_on_a_holiday_move_past_it() -> None:
    # 09-24 + 7 = 10-01, first day of the holiday: the period ends on 10-09.
    assert CAL.add_natural_days(date(2025, 9, 24), 7) == DueDate(date(2025, 10, 9), False)
    # Ending on an ordinary Saturday moves to Monday.
    assert CAL.add_natural_days(date(2025, 3, 3), 5).day == date(2025, 3, 10)
    # Ending on a make-up Sunday stays there.
    assert CAL.add_natural_days(date(2025, 9, 21), 7).day == date(2025, 9, 28)
    assert CAL.add_natural_days(date(2025, 3, 3), 2).day == date(2025, 3, 5)
    assert CAL.add_natural_days(date(2025, 10, 3), 0).day == date(2025, 10, 3)


def test_effective_acceptance_day() -> None:
    closing = time(17, 0)
    # Friday before closing counts that day; after closing it counts from the make-up Sunday.
    assert CAL.effective_acceptance_day(datetime(2025, 9, 26, 16, 59), closing) == date(2025, 9, 26)
    assert CAL.effective_acceptance_day(datetime(2025, 9, 26, 17, 0), closing) == date(2025, 9, 26)
    assert CAL.effective_acceptance_day(datetime(2025, 9, 26, 17, 1), closing) == date(2025, 9, 28)
    # Taken during the holiday (a window open on duty): counts from the first day back.
    assert CAL.effective_acceptance_day(datetime(2025, 10, 3, 10, 0), closing) == date(2025, 10, 9)


# -- years without an arrangement --------------------------------------------------------------


def test_2027_without_arrangement_is_provisional_and_does_not_raise() -> None:
    # Weekends only: 12-28..12-31 (4), Fri 2027-01-01 (5), 01-04..01-08 (10).
    assert CAL.add_workdays(date(2026, 12, 25), 10) == DueDate(date(2027, 1, 8), True)
    assert CAL.is_workday(date(2027, 1, 1))
    assert CAL.day_kind(date(2027, 1, 1)) is DayKind.WORKDAY


def test_2027_with_overrides_is_final_and_moves_by_the_holiday() -> None:
    new_year = DayOverride(date(2027, 1, 1), False, "元旦", "county")
    cal = WorkdayCalendar(overrides=[new_year], extra_known_years={2027})
    assert cal.add_workdays(date(2026, 12, 25), 10) == DueDate(date(2027, 1, 11), False)
    assert cal.day_kind(date(2027, 1, 1)) is DayKind.HOLIDAY
    assert cal.year_days(2027) == [(date(2027, 1, 1), DayKind.HOLIDAY, "元旦", "county")]
    # Overrides alone do not make a year known.
    partial = WorkdayCalendar(overrides=[new_year])
    assert partial.add_workdays(date(2026, 12, 25), 10) == DueDate(date(2027, 1, 11), True)


def test_override_wins_over_builtin() -> None:
    fix = DayOverride(date(2025, 10, 8), True, "本地更正", "local")
    cal = WorkdayCalendar(overrides=[fix])
    assert cal.is_workday(date(2025, 10, 8))
    assert cal.day_kind(date(2025, 10, 8)) is DayKind.WORKDAY
    assert cal.holiday_name(date(2025, 10, 8)) == "本地更正"
    assert cal.add_workdays(date(2025, 9, 30), 1).day == date(2025, 10, 8)
    assert CAL.add_workdays(date(2025, 9, 30), 1).day == date(2025, 10, 9)


def test_without_builtin_data() -> None:
    cal = WorkdayCalendar(builtin=False)
    assert cal.known_years == frozenset()
    assert cal.is_workday(date(2025, 10, 1))
    assert cal.add_workdays(date(2025, 9, 26), 5) == DueDate(date(2025, 10, 3), True)


def test_far_years_outside_the_table() -> None:
    assert CAL.add_workdays(date(2099, 12, 31), 1) == DueDate(date(2100, 1, 1), True)
    assert CAL.add_workdays(date(1990, 1, 5), 1) == DueDate(date(1990, 1, 8), True)
    assert CAL.workdays_between(date(1999, 12, 31), date(2061, 1, 3)) == sum(
        1 for d in days(date(2000, 1, 1), date(2061, 1, 3)) if oracle_is_workday(d)
    )


def test_override_outside_default_table_extends_it() -> None:
    cal = WorkdayCalendar(
        overrides=[DayOverride(date(2070, 1, 1), False, "元旦", "county")],
        extra_known_years={2070},
    )
    assert cal.add_workdays(date(2069, 12, 31), 1) == DueDate(date(2070, 1, 2), False)


def test_table_builds_quickly() -> None:
    started = clock_time.perf_counter()
    WorkdayCalendar()
    # About 5 ms on a laptop; the bound leaves room for a loaded CI machine.
    assert clock_time.perf_counter() - started < 0.25


# -- properties ------------------------------------------------------------------------------


@given(start=any_day, n=small_n)
def test_add_then_count_gives_n_back(start: date, n: int) -> None:
    assert CAL.workdays_between(start, CAL.add_workdays(start, n).day) == n


@given(start=any_day, n=small_n)
def test_monotonic_in_n(start: date, n: int) -> None:
    assert CAL.add_workdays(start, n).day < CAL.add_workdays(start, n + 1).day


@given(start=any_day, n=st.integers(min_value=1, max_value=300))
def test_result_is_a_working_day_after_start(start: date, n: int) -> None:
    due = CAL.add_workdays(start, n).day
    assert due > start
    assert CAL.is_workday(due)


@given(start=near_day, n=st.integers(min_value=0, max_value=60))
@settings(max_examples=300)
def test_matches_day_by_day_walk(start: date, n: int) -> None:
    due = CAL.add_workdays(start, n)
    assert due.day == oracle_add(start, n)
    walked = days(start + timedelta(days=1), due.day) if n else [start]
    assert due.provisional == any(not 2004 <= d.year <= 2026 for d in walked)


@given(a=any_day, b=any_day, c=any_day)
def test_between_is_antisymmetric_and_additive(a: date, b: date, c: date) -> None:
    assert CAL.workdays_between(a, b) == -CAL.workdays_between(b, a)
    assert CAL.workdays_between(a, b) + CAL.workdays_between(b, c) == CAL.workdays_between(a, c)


@given(d=any_day)
def test_next_workday_skips_only_rest_days(d: date) -> None:
    nxt = CAL.next_workday(d)
    assert CAL.is_workday(nxt)
    assert all(not CAL.is_workday(x) for x in days(d + timedelta(days=1), nxt)[:-1])


@given(start=near_day, n=st.integers(min_value=1, max_value=60))
def test_natural_days_end_on_first_working_day_from_the_raw_end(start: date, n: int) -> None:
    raw_end = start + timedelta(days=n)
    due = CAL.add_natural_days(start, n).day
    assert oracle_is_workday(due)
    assert due >= raw_end
    assert all(not oracle_is_workday(x) for x in days(raw_end, due)[:-1])
