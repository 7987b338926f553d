"""The figures of the period reports (统计报表), as pure functions of a case's stored
working-day numbers, so that the hall's reports and the county hub count alike.

A closed case keeps its clock as working-day numbers (:mod:`hallapp.core.clock_marks`):
``due_no`` (承诺期限届满日), ``legal_no`` (法定期限届满日) and ``promised_days`` (the
working days the promised limit gives, extensions included). Pauses (停止计时) moved the
two due numbers by the working days they stood still, so with ``closed_no`` the number of
the day the case was completed (办结):

- **按期办结** against the promised limit when ``closed_no <= due_no``, against the legal
  one when ``closed_no <= legal_no``. A case completed on the Saturday after a Friday
  deadline is on time: a rest day has the number of the working day before it, exactly as
  the deadline monitor never turns such a case 超期 before Monday.
- **办理用时** (working days used) is ``closed_no - (due_no - promised_days)``: the clock
  started at ``due_no - promised_days``, the acceptance day's number plus the paused
  working days, so a stopped clock never counts as time used. A 即办 case accepted after
  closing time and finished the same evening counts 0, not -1.
- **法定时限** of the case in working days is ``legal_no - due_no + promised_days`` (the
  legal limit plus any extension, paused days left out).
- **提速率** is ``1 − Σ承诺时限 / Σ法定时限`` over the cases completed in the period, each
  limit in the case's working days (:func:`speedup_rate`). Counted over the cases, not over
  the items of the catalogue: a period report describes what the period's applicants were
  promised, so an item nobody applied for promises nobody anything, a busy item weighs
  as much as its applicants, and an item counted in natural days or hours stands on the
  same footing as the rest, since every case keeps its limits in working days. The
  function takes plain sums, so the hub may still weigh items instead where a county asks
  for the catalogue's compression (承诺时限压缩比).
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "CompletionTally",
    "Period",
    "average",
    "complaint_on_time",
    "days_used",
    "legal_days",
    "month_key",
    "on_time",
    "rate",
    "speedup_rate",
]


def on_time(closed_no: int, limit_no: int) -> bool:
    """按期: completed on or before the working day numbered ``limit_no``."""
    return closed_no <= limit_no


def days_used(closed_no: int, due_no: int, promised_days: int) -> int:
    """Working days from acceptance to completion, paused days left out, never negative."""
    return max(closed_no - due_no + promised_days, 0)


def legal_days(due_no: int, legal_no: int, promised_days: int) -> int:
    """The case's legal limit in working days, extensions included."""
    return legal_no - due_no + promised_days


def rate(part: int, whole: int) -> float | None:
    """``part / whole``; None when there is nothing to judge (shown as a dash, not 0%)."""
    return None if whole == 0 else part / whole


def average(total: float, count: int) -> float | None:
    return None if count == 0 else total / count


def speedup_rate(promised_total: float, legal_total: float) -> float | None:
    """提速率 = 1 − Σ承诺时限 / Σ法定时限; None when the legal limits sum to nothing
    (only 即办 items, whose law sets no limit to compress)."""
    return None if legal_total <= 0 else 1 - promised_total / legal_total


def complaint_on_time(answered_on: date | None, due_on: date) -> bool:
    """A complaint is handled on time when its answer (答复, or its closing where no answer
    was recorded) is dated on or before its deadline, extensions included."""
    return answered_on is not None and answered_on <= due_on


def month_key(day: date) -> str:
    """``2026-01``: how the reports name a month, and how it sorts."""
    return f"{day.year:04d}-{day.month:02d}"


@dataclass(frozen=True, slots=True)
class CompletionTally:
    """Sums over completed cases from which every completion figure follows; tallies add
    up, so a total is the sum of its rows. ``judged`` counts the cases with a clock (every
    case accepted by this program); ``completed`` may count old ones without."""

    completed: int = 0
    judged: int = 0
    on_time_promised: int = 0
    on_time_legal: int = 0
    days_used: int = 0
    promised_days: int = 0
    legal_days: int = 0

    @classmethod
    def of_case(
        cls, closed_no: int, due_no: int | None, legal_no: int | None, promised_days: int | None
    ) -> CompletionTally:
        """The tally of one completed case (``None`` numbers: a case without a clock)."""
        if due_no is None or legal_no is None or promised_days is None:
            return cls(completed=1)
        return cls(
            completed=1,
            judged=1,
            on_time_promised=int(on_time(closed_no, due_no)),
            on_time_legal=int(on_time(closed_no, legal_no)),
            days_used=days_used(closed_no, due_no, promised_days),
            promised_days=promised_days,
            legal_days=legal_days(due_no, legal_no, promised_days),
        )

    def __add__(self, other: CompletionTally) -> CompletionTally:
        return CompletionTally(
            self.completed + other.completed,
            self.judged + other.judged,
            self.on_time_promised + other.on_time_promised,
            self.on_time_legal + other.on_time_legal,
            self.days_used + other.days_used,
            self.promised_days + other.promised_days,
            self.legal_days + other.legal_days,
        )

    @property
    def on_time_promised_rate(self) -> float | None:
        """按期办结率 against the promised limit (承诺时限)."""
        return rate(self.on_time_promised, self.judged)

    @property
    def on_time_legal_rate(self) -> float | None:
        """按期办结率 against the legal limit (法定时限)."""
        return rate(self.on_time_legal, self.judged)

    @property
    def avg_days_used(self) -> float | None:
        return average(self.days_used, self.judged)

    @property
    def avg_promised_days(self) -> float | None:
        return average(self.promised_days, self.judged)

    @property
    def avg_legal_days(self) -> float | None:
        return average(self.legal_days, self.judged)

    @property
    def speedup_rate(self) -> float | None:
        return speedup_rate(self.promised_days, self.legal_days)


@dataclass(frozen=True, slots=True)
class Period:
    """统计期间: from ``start`` to ``end``, both days included."""

    start: date
    end: date

    @property
    def label(self) -> str:
        """``2026年1月1日—2026年6月30日``."""
        return f"{_cn(self.start)}—{_cn(self.end)}"

    @property
    def valid(self) -> bool:
        return self.start <= self.end

    def months(self) -> tuple[str, ...]:
        """The months the period touches, in order: ``("2026-01", …)``."""
        keys: list[str] = []
        day = self.start.replace(day=1)
        while day <= self.end:
            keys.append(month_key(day))
            day = (day + timedelta(days=32)).replace(day=1)
        return tuple(keys)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, monthrange(year, month)[1]))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise ValueError(f"季度须为1至4：{quarter}")
        first = 3 * quarter - 2
        return cls(date(year, first, 1), cls.month(year, first + 2).end)

    @classmethod
    def half_year(cls, year: int, first: bool) -> Period:
        """上半年 (January–June) when ``first``, else 下半年 (July–December)."""
        if first:
            return cls(date(year, 1, 1), date(year, 6, 30))
        return cls(date(year, 7, 1), date(year, 12, 31))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
