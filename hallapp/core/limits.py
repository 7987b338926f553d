"""Time limits of a service item: 法定时限 (legal) and 承诺时限 (promised)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hallapp.core.labels import member_from_label


class LimitUnit(StrEnum):
    WORKING_DAYS = "working_days"
    NATURAL_DAYS = "natural_days"
    HOURS = "hours"

    @property
    def label(self) -> str:
        return _UNIT_LABELS[self]

    @classmethod
    def from_label(cls, text: str) -> LimitUnit:
        """Accept the code (``working_days``) or the Chinese label (``工作日``)."""
        return member_from_label(cls, text)


_UNIT_LABELS = {
    LimitUnit.WORKING_DAYS: "工作日",
    LimitUnit.NATURAL_DAYS: "自然日",
    LimitUnit.HOURS: "小时",
}


@dataclass(frozen=True, slots=True)
class TimeLimit:
    """A limit with its unit; a value of 0 makes the item a 即办件 (done on the spot)."""

    value: int
    unit: LimitUnit = LimitUnit.WORKING_DAYS

    @property
    def on_the_spot(self) -> bool:
        return self.value == 0

    def describe(self) -> str:
        if self.on_the_spot:
            return "即办"
        return f"{self.value}个{self.unit.label}"
