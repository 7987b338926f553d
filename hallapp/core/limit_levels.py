"""The level of a working-day limit that is not a case's: a 回访整改 after a bad rating, a
效能投诉's handling limit. Graded with the hall's case thresholds, so the monitor's yellow
and red mean the same for everything it watches."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from hallapp.core.clock import WarningThresholds
from hallapp.core.clock_marks import warn_lead
from hallapp.core.workdays import WorkdayCalendar

__all__ = ["LimitLevel", "limit_level"]


class LimitLevel(StrEnum):
    NORMAL = "normal"
    WARNING = "warning"  # 预警
    OVERDUE = "overdue"  # 超期
    CLOSED = "closed"  # done: the limit no longer runs

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    LimitLevel.NORMAL: "正常",
    LimitLevel.WARNING: "预警",
    LimitLevel.OVERDUE: "超期",
    LimitLevel.CLOSED: "已办结",
}


def limit_level(
    calendar: WorkdayCalendar,
    due_on: date,
    workdays: int,
    today: date,
    thresholds: WarningThresholds,
) -> tuple[LimitLevel, int]:
    """The level on ``today`` of a limit of ``workdays`` working days ending ``due_on``,
    and the working days left (0 on the due day, negative once overdue), counted as a
    case's are: 超期 from the first working day after the due day, 预警 as many days
    before it as a case with that many promised days."""
    left = calendar.workdays_between(today, due_on)
    if left < 0:
        return LimitLevel.OVERDUE, left
    if left <= warn_lead(workdays, thresholds):
        return LimitLevel.WARNING, left
    return LimitLevel.NORMAL, left
