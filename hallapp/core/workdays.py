"""The Chinese working-day calendar (工作日历): statutory holidays (法定节假日) and make-up
working days (调休上班), and deadline arithmetic over them.

Rules (see DOMAIN.md, "Counting time"):

- The start day is not counted (民法典 第二百零一条): N working days from a day end with the
  N-th working day strictly after it.
- A period counted in natural days whose last day is a rest day ends on the next working day
  (民法典 第二百零三条).
- The State Council publishes each year's arrangement around November. The builtin data is
  the ``chinese_calendar`` package (2004–2026); other years come from overrides. A year
  nobody has declared known is assumed to rest on weekends only, and every result that
  depended on such a year is marked provisional (暂定).

Every query is a table lookup: the calendar precomputes, once, a cumulative count of
working days per day ordinal and the ordinals of the working days. Outside the table the
weekends-only rule is periodic, so it is computed arithmetically; no call walks day by day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

import chinese_calendar

_TABLE_FIRST_YEAR = 2000
_TABLE_LAST_YEAR = 2060
# Working-day numbers count from here, so a number stored today means the same day tomorrow
# unless the arrangement of a day before it changes.
NUMBER_EPOCH = date(1999, 12, 31)
_MAKEUP_SUFFIX = "调休上班"


class DayKind(Enum):
    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # 法定节假日, including the weekend days inside a holiday period
    MAKEUP_WORKDAY = "makeup_workday"  # 调休上班: a Saturday or Sunday that is worked


@dataclass(frozen=True, slots=True)
class DayOverride:
    """One day's arrangement from the hall (``local``), the county (``county``) or a
    correction of the builtin data; it wins over the builtin data for that day."""

    day: date
    is_workday: bool
    name: str
    source: str = "local"


@dataclass(frozen=True, slots=True)
class DueDate:
    """A deadline (期限届满日). ``provisional`` (暂定) means a day of a year whose official
    arrangement is not loaded was needed, and weekends-only was assumed for it."""

    day: date
    provisional: bool


def _builtin_entries() -> tuple[dict[date, tuple[bool, str]], frozenset[int]]:
    """Read the package's own dicts, never its functions: those raise outside 2004–2026."""

    def chinese(english: str) -> str:
        try:
            return str(chinese_calendar.Holiday(english).chinese)
        except ValueError:  # a holiday added to the package after this code was written
            return english

    entries: dict[date, tuple[bool, str]] = {}
    for day, english in chinese_calendar.holidays.items():
        entries[day] = (False, chinese(english))
    for day, english in chinese_calendar.workdays.items():
        entries[day] = (True, chinese(english) + _MAKEUP_SUFFIX)
    years = {d.year for d in entries}
    return entries, frozenset(range(min(years), max(years) + 1))


_BUILTIN_ENTRIES, BUILTIN_YEARS = _builtin_entries()


def _weekdays_through(ordinal: int) -> int:
    """Mondays–Fridays among ordinals 1..ordinal (ordinal 1, 0001-01-01, is a Monday)."""
    return 5 * (ordinal // 7) + min(ordinal % 7, 5)


def _nth_weekday(count: int) -> int:
    """Inverse of ``_weekdays_through``: the ordinal of the ``count``-th Monday–Friday."""
    weeks, rest = divmod(count - 1, 5)
    return 7 * weeks + rest + 1


class WorkdayCalendar:
    """Working days (工作日) of mainland China plus local and county overrides.

    ``extra_known_years`` lists the years whose arrangement was entered by hand (the
    ``calendar_years`` table); a year is known if it is builtin or listed there. Overrides
    in a year that is not known still apply, but results touching that year stay provisional.
    """

    def __init__(
        self,
        overrides: Iterable[DayOverride] = (),
        builtin: bool = True,
        extra_known_years: Iterable[int] = (),
    ) -> None:
        entries: dict[date, tuple[bool, str, str]] = {}
        if builtin:
            for day, (is_workday, name) in _BUILTIN_ENTRIES.items():
                entries[day] = (is_workday, name, "builtin")
        for o in overrides:
            entries[o.day] = (o.is_workday, o.name, o.source)
        known = set(extra_known_years) | (set(BUILTIN_YEARS) if builtin else set())
        self._known_years = frozenset(known)

        years = {d.year for d in entries} | known
        first_year = min(years | {_TABLE_FIRST_YEAR})
        last_year = max(years | {_TABLE_LAST_YEAR})
        first = date(first_year, 1, 1).toordinal()
        last = date(last_year, 12, 31).toordinal()
        self._first = first
        self._last = last
        self._entries = {d.toordinal(): v for d, v in entries.items()}

        flags = bytearray(last - first + 1)
        cum: list[int] = []
        work: list[int] = []
        # unknown_cum[i]: days of unknown years among the first i days of the table.
        unknown_cum = [0]
        unknown = 0
        count = 0
        ordinal = first
        for year in range(first_year, last_year + 1):
            year_known = year in known
            year_end = date(year, 12, 31).toordinal()
            while ordinal <= year_end:
                entry = self._entries.get(ordinal)
                # (ordinal + 6) % 7 is date.weekday(), without building a date per day.
                is_workday = entry[0] if entry is not None else (ordinal + 6) % 7 < 5
                if is_workday:
                    count += 1
                    work.append(ordinal)
                    flags[ordinal - first] = 1
                cum.append(count)
                if not year_known:
                    unknown += 1
                unknown_cum.append(unknown)
                ordinal += 1
        self._flags = flags
        self._cum = cum
        self._work = work
        self._unknown_cum = unknown_cum
        self._weekdays_before_first = _weekdays_through(first - 1)
        self._weekdays_through_last = _weekdays_through(last)
        self._epoch_count = self._count(NUMBER_EPOCH.toordinal())

    # -- low-level primitives -------------------------------------------------------------

    def _count(self, ordinal: int) -> int:
        """Cumulative working-day count: the difference of two counts is the number of
        working days in between. Beyond the table, weekends-only."""
        i = ordinal - self._first
        if 0 <= i < len(self._cum):
            return self._cum[i]
        if ordinal > self._last:
            return len(self._work) + _weekdays_through(ordinal) - self._weekdays_through_last
        return _weekdays_through(ordinal) - self._weekdays_before_first

    def _nth(self, count: int) -> int:
        """The ordinal of the working day whose cumulative count is ``count``."""
        if 1 <= count <= len(self._work):
            return self._work[count - 1]
        if count > len(self._work):
            return _nth_weekday(self._weekdays_through_last + count - len(self._work))
        return _nth_weekday(self._weekdays_before_first + count)

    def _span_known(self, first: int, last: int) -> bool:
        """Whether every day in ordinals first..last belongs to a known year."""
        if first > last:
            return True
        if first < self._first or last > self._last:
            return False
        return self._unknown_cum[last - self._first + 1] == self._unknown_cum[first - self._first]

    # -- working-day numbers ----------------------------------------------------------------

    def workday_number(self, d: date) -> int:
        """Working days in (NUMBER_EPOCH, d]: the same for a rest day as for the working day
        before it. ``workday_number(b) - workday_number(a) == workdays_between(a, b)``.

        Deadlines are stored as these numbers: a day's arrangement changing moves every
        deadline counted across it without touching the stored number, since the number
        of a later day is what changes."""
        return self._count(d.toordinal()) - self._epoch_count

    def day_of_number(self, number: int) -> date:
        """The working day whose number is ``number`` (the inverse of ``workday_number`` on
        working days)."""
        return date.fromordinal(self._nth(number + self._epoch_count))

    # -- years ----------------------------------------------------------------------------

    @property
    def known_years(self) -> frozenset[int]:
        return self._known_years

    def is_known_year(self, year: int) -> bool:
        return year in self._known_years

    def is_known_span(self, first: date, last: date) -> bool:
        """Whether all days from ``first`` to ``last`` (inclusive) lie in known years."""
        return self._span_known(first.toordinal(), last.toordinal())

    def year_days(self, year: int) -> list[tuple[date, DayKind, str | None, str]]:
        """The special days of a year (holidays, make-up days, corrections) with their name
        and source, in date order, for the calendar view."""
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        rows: list[tuple[date, DayKind, str | None, str]] = []
        for ordinal in sorted(o for o in self._entries if first <= o <= last):
            day = date.fromordinal(ordinal)
            _, name, source = self._entries[ordinal]
            rows.append((day, self.day_kind(day), name, source))
        return rows

    # -- single days ----------------------------------------------------------------------

    def is_workday(self, d: date) -> bool:
        i = d.toordinal() - self._first
        if 0 <= i < len(self._flags):
            return self._flags[i] == 1
        return d.weekday() < 5

    def day_kind(self, d: date) -> DayKind:
        entry = self._entries.get(d.toordinal())
        weekend = d.weekday() >= 5
        if entry is None:
            return DayKind.WEEKEND if weekend else DayKind.WORKDAY
        if entry[0]:
            return DayKind.MAKEUP_WORKDAY if weekend else DayKind.WORKDAY
        return DayKind.HOLIDAY

    def holiday_name(self, d: date) -> str | None:
        """The name of a special day: ``春节`` for a holiday, ``春节调休上班`` for a make-up
        day, the override's name for a local day; None for an ordinary day."""
        entry = self._entries.get(d.toordinal())
        return None if entry is None else entry[1]

    # -- arithmetic -----------------------------------------------------------------------

    def next_workday(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return date.fromordinal(self._nth(self._count(d.toordinal()) + 1))

    def workday_on_or_after(self, d: date) -> date:
        return d if self.is_workday(d) else self.next_workday(d)

    def add_workdays(self, start: date, n: int) -> DueDate:
        """The n-th working day strictly after ``start`` (起算日不计入).

        ``n == 0`` is 即办: due on ``start`` itself (callers move an acceptance made on a
        rest day to the next working day first, see ``effective_acceptance_day``).
        """
        if n < 0:
            raise ValueError(f"negative number of working days: {n}")
        o = start.toordinal()
        if n == 0:
            return DueDate(start, not self._span_known(o, o))
        result = self._nth(self._count(o) + n)
        return DueDate(date.fromordinal(result), not self._span_known(o + 1, result))

    def workdays_between(self, d1: date, d2: date) -> int:
        """Working days in (d1, d2]; negative, with the same magnitude, when d2 < d1.

        ``workdays_between(s, add_workdays(s, n).day) == n`` for every s and n >= 0, whether
        or not s is itself a working day.
        """
        return self._count(d2.toordinal()) - self._count(d1.toordinal())

    def add_natural_days(self, start: date, n: int) -> DueDate:
        """``start`` plus n calendar days (自然日); a last day that is not a working day moves
        to the next working day (民法典 第二百零三条). ``n == 0`` is due on ``start``."""
        if n < 0:
            raise ValueError(f"negative number of natural days: {n}")
        if n == 0:
            return self.add_workdays(start, 0)
        end = start + timedelta(days=n)
        final = self.workday_on_or_after(end)
        # Only the kinds of end..final were looked at; the days in between do not matter.
        return DueDate(final, not self._span_known(end.toordinal(), final.toordinal()))

    def effective_acceptance_day(self, accepted_at: datetime, closing_time: time) -> date:
        """The day a deadline counts from (受理日): an application taken after closing time
        (strictly later than ``closing_time``) or on a rest day counts as taken on the next
        working day. ``accepted_at`` is local wall-clock time."""
        day = accepted_at.date()
        if self.is_workday(day) and accepted_at.time() <= closing_time:
            return day
        return self.next_workday(day)
