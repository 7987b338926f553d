"""The case clock: due dates, pauses, extensions and warning levels on the real calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallapp.core.clock import (
    ClockError,
    ClockFacts,
    Extension,
    ExtensionRefused,
    LimitUnit,
    Pause,
    PauseKind,
    TimeLimit,
    WarningLevel,
    WarningThresholds,
    check_extension,
    compute_clock,
)
from hallapp.core.workdays import DayOverride, DueDate, WorkdayCalendar

CAL = WorkdayCalendar()
WD = LimitUnit.WORKING_DAYS


def wd(n: int) -> TimeLimit:
    return TimeLimit(n, LimitUnit.WORKING_DAYS)


def supplement(start: date, end: date | None = None) -> Pause:
    return Pause(PauseKind.SUPPLEMENT, "缺少身份证复印件", start, end)


# Accepted Fri 2025-09-26. Promised 5 working days: 09-28 (make-up Sunday), 09-29, 09-30, then
# the 10-01..10-08 holiday, 10-09, 10-10. Legal 20: ... 10-11 (make-up Saturday), 10-13..17,
# 10-20..24, 10-27..30.
BEFORE_NATIONAL_DAY = ClockFacts(date(2025, 9, 26), legal=wd(20), promised=wd(5))


def test_plain_case() -> None:
    state = compute_clock(BEFORE_NATIONAL_DAY, CAL, date(2025, 9, 26))
    assert state.promised_due == DueDate(date(2025, 10, 10), False)
    assert state.legal_due == DueDate(date(2025, 10, 30), False)
    assert state.original_promised_due == state.promised_due
    assert state.original_legal_due == state.legal_due
    assert (state.workdays_left, state.legal_workdays_left) == (5, 20)
    assert state.level is WarningLevel.NORMAL
    assert (state.paused, state.pause_reason, state.provisional) == (False, None, False)
    assert (state.paused_workdays, state.extension_days) == (0, 0)


@pytest.mark.parametrize(
    ("today", "left", "legal_left", "level"),
    [
        (date(2025, 9, 29), 3, 18, WarningLevel.NORMAL),
        (date(2025, 9, 30), 2, 17, WarningLevel.WARNING),  # exactly warn_days_left
        (date(2025, 10, 1), 2, 17, WarningLevel.WARNING),  # a holiday: no time passes
        (date(2025, 10, 10), 0, 15, WarningLevel.WARNING),  # the due day itself
        (date(2025, 10, 11), -1, 14, WarningLevel.OVERDUE),  # a make-up Saturday runs
        (date(2025, 10, 30), -15, 0, WarningLevel.OVERDUE),  # last day of the legal limit
        (date(2025, 10, 31), -16, -1, WarningLevel.LEGAL_OVERDUE),
    ],
)
def test_levels_at_boundaries(today: date, left: int, legal_left: int, level: WarningLevel) -> None:
    state = compute_clock(BEFORE_NATIONAL_DAY, CAL, today)
    assert (state.workdays_left, state.legal_workdays_left, state.level) == (
        left,
        legal_left,
        level,
    )


def test_fraction_threshold() -> None:
    # Accepted Mon 2025-03-03, promised 15 working days: due Mon 03-24.
    facts = ClockFacts(date(2025, 3, 3), legal=wd(20), promised=wd(15))
    # Default: 预警 below a third of 15, i.e. at 4 days left.
    assert compute_clock(facts, CAL, date(2025, 3, 17)).level is WarningLevel.NORMAL  # 5 left
    assert compute_clock(facts, CAL, date(2025, 3, 18)).level is WarningLevel.WARNING  # 4 left
    half = WarningThresholds(warn_days_left=0, warn_fraction_left=0.5)
    at_7 = compute_clock(facts, CAL, date(2025, 3, 13), half)
    at_8 = compute_clock(facts, CAL, date(2025, 3, 12), half)
    assert (at_7.workdays_left, at_7.level) == (7, WarningLevel.WARNING)
    assert (at_8.workdays_left, at_8.level) == (8, WarningLevel.NORMAL)


def test_on_the_spot_case() -> None:
    facts = ClockFacts(date(2025, 9, 26), legal=wd(20), promised=wd(0))
    today = compute_clock(facts, CAL, date(2025, 9, 26))
    assert today.promised_due.day == date(2025, 9, 26)
    assert (today.workdays_left, today.level) == (0, WarningLevel.NORMAL)
    # Saturday 09-27 is a rest day: nothing could be done, nothing is late yet.
    assert compute_clock(facts, CAL, date(2025, 9, 27)).level is WarningLevel.NORMAL
    # Sunday 09-28 is a make-up working day: the next working day, 超期.
    late = compute_clock(facts, CAL, date(2025, 9, 28))
    assert (late.workdays_left, late.level) == (-1, WarningLevel.OVERDUE)
    both_zero = ClockFacts(date(2025, 9, 26), legal=wd(0), promised=wd(0))
    assert compute_clock(both_zero, CAL, date(2025, 9, 28)).level is WarningLevel.LEGAL_OVERDUE


def test_pause_across_a_holiday() -> None:
    # Accepted Mon 2025-09-22, promised 10: due Sat 10-11 (make-up day); legal 20: Fri 10-24.
    # 补正 from 09-29 to 10-10 stops the clock on 09-30, 10-09 and 10-10 only: the holiday
    # days were not running anyway.
    facts = ClockFacts(
        date(2025, 9, 22),
        legal=wd(20),
        promised=wd(10),
        pauses=(supplement(date(2025, 9, 29), date(2025, 10, 10)),),
    )
    state = compute_clock(facts, CAL, date(2025, 10, 13))
    assert state.original_promised_due.day == date(2025, 10, 11)
    assert state.original_legal_due.day == date(2025, 10, 24)
    assert state.paused_workdays == 3
    assert state.promised_due.day == date(2025, 10, 15)
    assert state.legal_due.day == date(2025, 10, 29)
    assert (state.workdays_left, state.level, state.paused) == (2, WarningLevel.WARNING, False)


def test_open_pause_freezes_the_clock() -> None:
    # Accepted Mon 2025-03-03, promised 10: due 03-17, 3 working days left on 03-12.
    facts = ClockFacts(
        date(2025, 3, 3), legal=wd(20), promised=wd(10), pauses=(supplement(date(2025, 3, 12)),)
    )
    on_start = compute_clock(facts, CAL, date(2025, 3, 12))
    assert (on_start.paused_workdays, on_start.workdays_left) == (0, 3)
    assert on_start.paused and on_start.pause_reason == "缺少身份证复印件"
    assert on_start.pause_kind is PauseKind.SUPPLEMENT
    week_later = compute_clock(facts, CAL, date(2025, 3, 19))
    assert week_later.paused_workdays == 5  # 03-13, 14, 17, 18, 19
    assert week_later.promised_due.day == date(2025, 3, 24)
    assert (week_later.workdays_left, week_later.level) == (3, WarningLevel.WARNING)
    assert week_later.paused
    closed = ClockFacts(
        facts.accepted_on,
        facts.legal,
        facts.promised,
        pauses=(supplement(date(2025, 3, 12), date(2025, 3, 19)),),
    )
    after = compute_clock(closed, CAL, date(2025, 3, 25))
    assert (after.promised_due.day, after.workdays_left) == (date(2025, 3, 24), -1)
    assert (after.level, after.paused) == (WarningLevel.OVERDUE, False)


def test_special_procedure_stops_pausing_at_its_approved_length() -> None:
    review = Pause(
        PauseKind.SPECIAL_PROCEDURE,
        "申请人申请听证",
        date(2025, 3, 5),
        None,
        approved_days=5,
        procedure="听证",
    )
    facts = ClockFacts(date(2025, 3, 3), legal=wd(20), promised=wd(20), pauses=(review,))
    during = compute_clock(facts, CAL, date(2025, 3, 10))
    assert (during.paused_workdays, during.paused) == (3, True)
    # Approved 5 working days: 03-06..03-12. Still open on 04-30, but no longer pausing.
    late = compute_clock(facts, CAL, date(2025, 4, 30))
    assert (late.paused_workdays, late.paused) == (5, False)
    assert late.original_legal_due.day == date(2025, 3, 31)
    assert late.legal_due.day == date(2025, 4, 8)  # 04-01..03, (04-04..06 清明), 04-07, 08
    assert late.level is WarningLevel.LEGAL_OVERDUE


def test_overlapping_pauses_are_not_counted_twice() -> None:
    facts = ClockFacts(
        date(2025, 3, 3),
        legal=wd(20),
        promised=wd(20),
        pauses=(
            supplement(date(2025, 3, 5), date(2025, 3, 12)),
            Pause(PauseKind.SUSPENSION, "等待上级答复", date(2025, 3, 10), date(2025, 3, 14)),
        ),
    )
    # Union (03-05, 03-14]: 03-06, 07, 10..14 = 7, not 5 + 4.
    assert compute_clock(facts, CAL, date(2025, 3, 20)).paused_workdays == 7


def test_natural_day_limit_moves_by_paused_calendar_days() -> None:
    # 10 natural days from Mon 2025-03-03: Thu 03-13. A pause 03-05..03-08 adds 3 days:
    # Sun 03-16, a rest day, so Mon 03-17.
    facts = ClockFacts(
        date(2025, 3, 3),
        legal=TimeLimit(10, LimitUnit.NATURAL_DAYS),
        promised=TimeLimit(10, LimitUnit.NATURAL_DAYS),
        pauses=(supplement(date(2025, 3, 5), date(2025, 3, 8)),),
    )
    state = compute_clock(facts, CAL, date(2025, 3, 10))
    assert state.original_promised_due.day == date(2025, 3, 13)
    assert state.promised_due.day == date(2025, 3, 17)
    assert state.paused_workdays == 2


def test_hour_limits_use_eight_hour_days() -> None:
    def due(hours: int) -> date:
        limit = TimeLimit(hours, LimitUnit.HOURS)
        facts = ClockFacts(date(2025, 9, 26), legal=limit, promised=limit)
        return compute_clock(facts, CAL, date(2025, 9, 26)).promised_due.day

    assert due(0) == date(2025, 9, 26)
    assert due(4) == date(2025, 9, 28)  # one working day: the make-up Sunday
    assert due(8) == date(2025, 9, 28)
    assert due(9) == date(2025, 9, 29)
    assert due(16) == date(2025, 9, 29)


def test_extension_moves_both_due_dates_once_granted() -> None:
    ext = Extension(10, "张主任", "需现场核查", date(2025, 3, 20))
    facts = ClockFacts(
        date(2025, 3, 3), legal=wd(20), promised=wd(15), extensions=(ext,), max_extension_days=10
    )
    before = compute_clock(facts, CAL, date(2025, 3, 19))
    assert (before.extension_days, before.legal_due.day) == (0, date(2025, 3, 31))
    after = compute_clock(facts, CAL, date(2025, 3, 20))
    assert after.extension_days == 10
    # 03-31 + 10: 04-01..03, (04-04..06 清明), 04-07..11, 04-14, 04-15.
    assert after.legal_due.day == date(2025, 4, 15)
    # 03-24 + 10: 03-25..28, 03-31, 04-01..03, 04-07, 04-08.
    assert after.promised_due.day == date(2025, 4, 8)
    assert after.original_promised_due.day == date(2025, 3, 24)


def test_extension_beyond_maximum_refused() -> None:
    granted = Extension(6, "张主任", "需现场核查", date(2025, 3, 20))
    facts = ClockFacts(
        date(2025, 3, 3),
        legal=wd(20),
        promised=wd(15),
        extensions=(granted,),
        max_extension_days=10,
    )
    assert check_extension(facts, 4) == 10
    with pytest.raises(ExtensionRefused) as refused:
        check_extension(facts, 5)
    assert "10" in refused.value.message
    assert isinstance(refused.value, ClockError)
    with pytest.raises(ExtensionRefused):
        check_extension(facts, 0)
    no_extension = ClockFacts(date(2025, 3, 3), legal=wd(20), promised=wd(15))
    with pytest.raises(ExtensionRefused):
        check_extension(no_extension, 1)


def test_2027_deadline_is_provisional_until_the_year_is_known() -> None:
    # Accepted Thu 2026-12-10, 20 working days reach Thu 2027-01-07 on weekends only.
    facts = ClockFacts(date(2026, 12, 10), legal=wd(20), promised=wd(5))
    state = compute_clock(facts, CAL, date(2026, 12, 10))
    assert state.legal_due == DueDate(date(2027, 1, 7), True)
    assert state.promised_due == DueDate(date(2026, 12, 17), False)
    assert state.provisional
    known = WorkdayCalendar(
        overrides=[DayOverride(date(2027, 1, 1), False, "元旦", "county")], extra_known_years={2027}
    )
    final = compute_clock(facts, known, date(2026, 12, 10))
    assert final.legal_due == DueDate(date(2027, 1, 8), False)
    assert not final.provisional


def test_pause_days_before_acceptance_are_ignored() -> None:
    facts = ClockFacts(
        date(2025, 3, 3),
        legal=wd(20),
        promised=wd(20),
        pauses=(supplement(date(2025, 2, 20), date(2025, 3, 5)),),
    )
    assert compute_clock(facts, CAL, date(2025, 3, 10)).paused_workdays == 2  # 03-04, 03-05


def test_odd_stored_data_does_not_raise() -> None:
    facts = ClockFacts(
        date(2025, 3, 3),
        legal=TimeLimit(-3, WD),
        promised=wd(5),
        pauses=(
            supplement(date(2025, 3, 6), date(2025, 3, 4)),
            Pause(PauseKind.SPECIAL_PROCEDURE, "检测", date(2025, 3, 5), None, approved_days=-1),
        ),
        extensions=(Extension(-5, "", "", date(2025, 3, 4)),),
        max_extension_days=0,
    )
    state = compute_clock(facts, CAL, date(2025, 3, 10))
    assert state.legal_due.day == date(2025, 3, 3)
    assert (state.paused_workdays, state.extension_days) == (0, 0)
    assert state.level is WarningLevel.LEGAL_OVERDUE


def test_labels() -> None:
    assert [level.label for level in WarningLevel] == ["正常", "预警", "超期", "超法定期限"]
    assert PauseKind.SPECIAL_PROCEDURE.label == "特别程序"


# -- properties ------------------------------------------------------------------------------

days_2024_2026 = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 10, 31))
limits = st.builds(
    TimeLimit,
    st.integers(min_value=0, max_value=60),
    st.sampled_from(list(LimitUnit)),
)


@st.composite
def pauses(draw: st.DrawFn, accepted_on: date) -> Pause:
    start = accepted_on + timedelta(days=draw(st.integers(min_value=-5, max_value=40)))
    length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=30)))
    end = None if length is None else start + timedelta(days=length)
    approved = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=15)))
    kind = draw(st.sampled_from(list(PauseKind)))
    return Pause(kind, "r", start, end, approved)


@st.composite
def cases(draw: st.DrawFn) -> tuple[ClockFacts, date]:
    accepted_on = draw(days_2024_2026)
    facts = ClockFacts(
        accepted_on,
        legal=draw(limits),
        promised=draw(limits),
        pauses=tuple(draw(st.lists(pauses(accepted_on), max_size=4))),
    )
    today = accepted_on + timedelta(days=draw(st.integers(min_value=0, max_value=80)))
    return facts, today


@given(case=cases(), extra=st.data())
def test_pauses_never_shorten_a_deadline(
    case: tuple[ClockFacts, date], extra: st.DataObject
) -> None:
    facts, today = case
    state = compute_clock(facts, CAL, today)
    assert state.promised_due.day >= state.original_promised_due.day
    assert state.legal_due.day >= state.original_legal_due.day
    more = ClockFacts(
        facts.accepted_on,
        facts.legal,
        facts.promised,
        pauses=(*facts.pauses, extra.draw(pauses(facts.accepted_on))),
    )
    with_more = compute_clock(more, CAL, today)
    assert with_more.promised_due.day >= state.promised_due.day
    assert with_more.legal_due.day >= state.legal_due.day
    assert with_more.paused_workdays >= state.paused_workdays


@given(case=cases(), later=st.integers(min_value=0, max_value=60))
def test_open_pause_effect_grows_with_today(case: tuple[ClockFacts, date], later: int) -> None:
    facts, today = case
    early = compute_clock(facts, CAL, today)
    late = compute_clock(facts, CAL, today + timedelta(days=later))
    assert late.paused_workdays >= early.paused_workdays
    assert late.promised_due.day >= early.promised_due.day


@given(
    accepted_on=days_2024_2026,
    promised=limits,
    offset=st.integers(min_value=0, max_value=30),
    later=st.integers(min_value=0, max_value=60),
)
def test_level_stands_still_while_paused(
    accepted_on: date, promised: TimeLimit, offset: int, later: int
) -> None:
    start = accepted_on + timedelta(days=offset)
    facts = ClockFacts(
        accepted_on, legal=TimeLimit(60, WD), promised=promised, pauses=(supplement(start),)
    )
    at_start = compute_clock(facts, CAL, start)
    now = compute_clock(facts, CAL, start + timedelta(days=later))
    assert now.paused
    assert (now.workdays_left, now.legal_workdays_left, now.level) == (
        at_start.workdays_left,
        at_start.legal_workdays_left,
        at_start.level,
    )
