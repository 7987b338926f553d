"""The figures of the period reports as pure functions of a case's working-day numbers."""

from __future__ import annotations

from datetime import date

import pytest

from hallapp.core.report_stats import (
    CompletionTally,
    Period,
    average,
    complaint_on_time,
    days_used,
    legal_days,
    month_key,
    on_time,
    rate,
    speedup_rate,
)
from hallapp.core.workdays import WorkdayCalendar
from hallapp.reports.formats import DASH, Kind, column_kind, display, display_width

CAL = WorkdayCalendar()


def test_a_case_completed_on_its_due_day_or_the_rest_day_after_is_on_time() -> None:
    friday, saturday, monday = date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 9)
    due_no = CAL.workday_number(friday)
    assert on_time(CAL.workday_number(friday), due_no)
    # A rest day has the number of the working day before it: not late before Monday.
    assert on_time(CAL.workday_number(saturday), due_no)
    assert not on_time(CAL.workday_number(monday), due_no)


def test_days_used_leave_out_the_paused_days_and_never_go_negative() -> None:
    # Accepted on working day 100 with 10 promised days, paused 5 working days: the
    # promised due day moved to 115. Completed on 112: 12 days since acceptance, 7 used.
    assert days_used(closed_no=112, due_no=115, promised_days=10) == 7
    assert legal_days(due_no=115, legal_no=125, promised_days=10) == 20
    # 即办 accepted after closing time (counts from the next working day) and done the
    # same evening: the day before its clock started, still 0 days.
    assert days_used(closed_no=99, due_no=100, promised_days=0) == 0


def test_a_tally_of_cases_gives_the_rates_and_averages() -> None:
    cases = [
        CompletionTally.of_case(closed_no=107, due_no=107, legal_no=115, promised_days=7),
        CompletionTally.of_case(closed_no=116, due_no=115, legal_no=125, promised_days=10),
        CompletionTally.of_case(closed_no=100, due_no=100, legal_no=100, promised_days=0),
        CompletionTally.of_case(closed_no=130, due_no=None, legal_no=None, promised_days=None),
    ]
    total = sum(cases, CompletionTally())
    assert total == CompletionTally(
        completed=4,
        judged=3,
        on_time_promised=2,
        on_time_legal=3,
        days_used=7 + 11 + 0,
        promised_days=17,
        legal_days=15 + 20 + 0,
    )
    assert total.on_time_promised_rate == pytest.approx(2 / 3)
    assert total.on_time_legal_rate == 1.0
    assert total.avg_days_used == pytest.approx(6.0)
    assert total.avg_promised_days == pytest.approx(17 / 3)
    assert total.avg_legal_days == pytest.approx(35 / 3)
    assert total.speedup_rate == pytest.approx(1 - 17 / 35)


def test_nothing_to_judge_is_no_figure_rather_than_zero() -> None:
    empty = CompletionTally()
    assert empty.on_time_promised_rate is None
    assert empty.avg_days_used is None
    assert empty.speedup_rate is None
    assert rate(0, 0) is None and rate(0, 4) == 0.0
    assert average(10, 0) is None and average(10, 4) == 2.5
    # Only 即办 items: the law gave no time to compress.
    assert speedup_rate(0, 0) is None
    assert speedup_rate(10, 30) == pytest.approx(2 / 3)


def test_a_complaint_is_on_time_when_answered_by_its_deadline() -> None:
    due = date(2026, 5, 12)
    assert complaint_on_time(date(2026, 5, 12), due)
    assert not complaint_on_time(date(2026, 5, 13), due)
    assert not complaint_on_time(None, due)  # not answered yet


def test_periods_name_their_days_and_months() -> None:
    first = Period.half_year(2026, first=True)
    assert (first.start, first.end) == (date(2026, 1, 1), date(2026, 6, 30))
    assert first.label == "2026年1月1日—2026年6月30日"
    assert Period.half_year(2026, first=False).start == date(2026, 7, 1)
    assert Period.month(2024, 2).end == date(2024, 2, 29)
    assert Period.month(2026, 12).months() == ("2026-12",)
    assert Period.year(2026).months()[0] == "2026-01" and len(Period.year(2026).months()) == 12
    assert Period.quarter(2026, 4) == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert Period(date(2025, 11, 29), date(2026, 2, 1)).months() == (
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    )
    assert month_key(date(2026, 3, 31)) == "2026-03"
    assert Period(date(2026, 2, 1), date(2026, 1, 31)).valid is False
    with pytest.raises(ValueError, match="季度"):
        Period.quarter(2026, 5)


def test_figures_read_as_percentages_days_or_a_dash() -> None:
    assert column_kind("按期办结率（承诺时限）") is Kind.RATE
    assert column_kind("占比") is Kind.RATE
    assert column_kind("平均用时（工作日）") is Kind.AVERAGE
    assert column_kind("收件") is Kind.COUNT
    assert display(2 / 3, Kind.RATE) == "66.7%"
    assert display(7.25, Kind.AVERAGE) == "7.2"
    assert display(12, Kind.COUNT) == "12"
    assert display(None, Kind.RATE) == DASH
    assert display("合计", Kind.COUNT) == "合计"
    assert display_width("合计ab") == 6


def test_the_report_writers_import_neither_qt_nor_the_database() -> None:
    import re
    from pathlib import Path

    import hallapp.reports

    for source in Path(hallapp.reports.__file__).parent.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+(PySide6|sqlalchemy)", text, re.M), source
