"""How the supervision screens word and colour a level, a due date and a yes/no finding.

A follow-up's or a complaint's level ("normal", "warning", "overdue", "closed") is shown
in the colours of the deadline monitor's levels, and always as a word too.
"""

from __future__ import annotations

from datetime import date

from hallapp.services.deadlines import Bucket
from hallapp.ui.monitor.texts import BUCKET_COLOURS
from hallapp.ui.register.texts import CLOSED_COLOUR, DASH

CLOSED = "closed"
LEVEL_LABELS = {
    Bucket.NORMAL.value: Bucket.NORMAL.label,
    Bucket.WARNING.value: Bucket.WARNING.label,
    Bucket.OVERDUE.value: Bucket.OVERDUE.label,
    CLOSED: "已办结",
}
# (background, text) of a level's cell, as the monitor colours a case of that level.
LEVEL_COLOURS: dict[str, tuple[str, str]] = {
    Bucket.NORMAL.value: BUCKET_COLOURS[Bucket.NORMAL],
    Bucket.WARNING.value: BUCKET_COLOURS[Bucket.WARNING],
    Bucket.OVERDUE.value: BUCKET_COLOURS[Bucket.OVERDUE],
    CLOSED: ("#efefef", CLOSED_COLOUR),
}
ALARMING = (Bucket.WARNING.value, Bucket.OVERDUE.value)


def level_label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def level_text(level: str, days_left: int | None) -> str:
    """预警（剩2个工作日）, 超期（超3个工作日）, 正常, 已办结."""
    label = level_label(level)
    if days_left is None or level == CLOSED:
        return label
    if days_left < 0:
        return f"{label}（超{-days_left}个工作日）"
    return f"{label}（剩{days_left}个工作日）"


def due_text(day: date, provisional: bool) -> str:
    """A table's narrow form, as the monitor writes it: "2027-01-05 暂定"."""
    return day.isoformat() + (" 暂定" if provisional else "")


def day_text(day: date | None) -> str:
    return day.isoformat() if day is not None else DASH


def yes_no(value: bool | None, yes: str, no: str) -> str:
    """属实/不属实, 满意/不满意; a dash while nobody has said."""
    if value is None:
        return DASH
    return yes if value else no


PROVISIONAL_HINT = "暂定：计算跨入了尚未载入节假日安排的年份，日期可能推后"
