"""The period of the county's statistics as the page and the command line take it: two
days written 年-月-日, or one of the usual presets (本月, 上半年, 本年)."""

from __future__ import annotations

import re
from datetime import date

from hallapp.core.report_stats import Period
from hallapp.hub.errors import HubError

__all__ = ["PeriodInvalid", "checked", "parse_day", "period_of", "presets"]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# The years a published calendar may cover (hallapp/services/calendar_files.py).
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PeriodInvalid(HubError):
    """A period the county's staff asked for that means no period; ``message`` says why."""


def parse_day(text: str, what: str) -> date:
    """``text`` as a day; ``what`` names the field in the message (起始日期, 截止日期)."""
    if _DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise PeriodInvalid(f"{what}“{text}”不是有效日期：须为 年-月-日，如 2026-01-01")


def checked(period: Period) -> Period:
    """``period`` if it is one the statistics can count; PeriodInvalid otherwise."""
    if not period.valid:
        raise PeriodInvalid(
            f"统计期间的起始日期（{period.start:%Y-%m-%d}）晚于截止日期（{period.end:%Y-%m-%d}）"
        )
    if period.start.year < FIRST_YEAR or period.end.year > LAST_YEAR:
        raise PeriodInvalid(f"统计期间须在 {FIRST_YEAR} 年至 {LAST_YEAR} 年之内")
    return period


def presets(today: date) -> tuple[tuple[str, Period], ...]:
    """本月, 上半年 and 本年 of ``today``'s year."""
    return (
        ("本月", Period.month(today.year, today.month)),
        ("上半年", Period.half_year(today.year, first=True)),
        ("本年", Period.year(today.year)),
    )


def period_of(start: str | None, end: str | None, today: date) -> Period:
    """The period of a request's ``from`` and ``to``; neither given means 本月."""
    start, end = (start or "").strip(), (end or "").strip()
    if not start and not end:
        return presets(today)[0][1]
    if not start or not end:
        raise PeriodInvalid("请同时给出起始日期和截止日期（年-月-日，如 2026-01-01）")
    return checked(Period(parse_day(start, "起始日期"), parse_day(end, "截止日期")))
