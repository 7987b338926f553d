"""The periods a hall reports on, named the way the county asks for them (本月, 上半年…),
as first and last day (both included)."""

from __future__ import annotations

import calendar
from datetime import date
from enum import Enum


class Preset(Enum):
    THIS_MONTH = "本月"
    LAST_MONTH = "上月"
    FIRST_HALF = "上半年"
    SECOND_HALF = "下半年"
    THIS_YEAR = "本年"
    LAST_YEAR = "上年"
    CUSTOM = "自定义"


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def preset_range(preset: Preset, today: date) -> tuple[date, date] | None:
    """The days of ``preset`` as seen on ``today``; None for 自定义 (the two date fields
    say it). 上半年 and 下半年 are this year's halves."""
    year = today.year
    if preset is Preset.THIS_MONTH:
        return month_range(year, today.month)
    if preset is Preset.LAST_MONTH:
        return month_range(year - 1, 12) if today.month == 1 else month_range(year, today.month - 1)
    if preset is Preset.FIRST_HALF:
        return date(year, 1, 1), date(year, 6, 30)
    if preset is Preset.SECOND_HALF:
        return date(year, 7, 1), date(year, 12, 31)
    if preset is Preset.THIS_YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    if preset is Preset.LAST_YEAR:
        return date(year - 1, 1, 1), date(year - 1, 12, 31)
    return None
