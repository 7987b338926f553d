"""How the monitor words and colours a level (级别), the time left and a stopped clock.

Every level is shown as text as well as colour: some clerks cannot tell red from green.
"""

from __future__ import annotations

from hallapp.core.workdays import DueDate
from hallapp.services.deadlines import Bucket, MonitorRow
from hallapp.ui.register.texts import DASH, LEVEL_COLOURS

# (background, text) of a level's cell: the case view's chips, and grey for a stopped clock.
BUCKET_COLOURS: dict[Bucket, tuple[str, str]] = {
    **{Bucket(level.value): colours for level, colours in LEVEL_COLOURS.items()},
    Bucket.PAUSED: ("#e4e4e4", "#3d3d3d"),
}
# (pale, strong) of the count buttons: pale when not chosen, strong when it filters the list.
BUTTON_COLOURS: dict[Bucket, tuple[str, str]] = {
    Bucket.NORMAL: ("#e3f2e5", "#1e5b2a"),
    Bucket.WARNING: ("#fff1c7", "#7a5200"),
    Bucket.OVERDUE: ("#fbd9d5", "#a3160b"),
    Bucket.LEGAL_OVERDUE: ("#f0c6c2", "#5c0a04"),
    Bucket.PAUSED: ("#ececec", "#4a4a4a"),
}
PROVISIONAL_MARK = "（暂定）"
PROVISIONAL_HINT = "暂定：计算跨入了尚未载入节假日安排的年份，日期可能推后"

__all__ = [
    "BUCKET_COLOURS",
    "BUTTON_COLOURS",
    "DASH",
    "PROVISIONAL_HINT",
    "clock_text",
    "clock_tooltip",
    "days_left_tooltip",
    "due_text",
    "short_due_text",
]


def due_text(due: DueDate) -> str:
    return due.day.isoformat() + (PROVISIONAL_MARK if due.provisional else "")


def short_due_text(due: DueDate) -> str:
    """A table's narrower form: "2027-01-05 暂定"."""
    return due.day.isoformat() + (" 暂定" if due.provisional else "")


def clock_text(row: MonitorRow) -> str:
    """Blank while the clock runs; "暂停：补正（缺少…）" while it stands still."""
    if row.bucket is not Bucket.PAUSED:
        return ""
    if row.pause_kind is None:
        return "暂停"
    text = "暂停：" + row.pause_kind.label
    return text + (f"（{row.pause_reason}）" if row.pause_reason else "")


def clock_tooltip(row: MonitorRow) -> str | None:
    if row.bucket is not Bucket.PAUSED:
        return None
    since = f"自 {row.paused_since.isoformat()} 起" if row.paused_since else ""
    return f"{clock_text(row)}\n{since}暂停计时，剩余工作日按暂停当日计算".strip()


def days_left_tooltip(row: MonitorRow) -> str:
    if row.bucket is Bucket.PAUSED:
        return "计时暂停中：剩余工作日停在暂停当日"
    if row.workdays_left < 0:
        text = f"已超过承诺期限 {-row.workdays_left} 个工作日"
    else:
        text = f"距承诺期限还有 {row.workdays_left} 个工作日"
    if row.legal_workdays_left < 0:
        return text + f"，超过法定期限 {-row.legal_workdays_left} 个工作日"
    return text + f"（距法定期限 {row.legal_workdays_left} 个工作日）"
