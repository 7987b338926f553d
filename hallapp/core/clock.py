"""The case clock (办理时限): due dates, time left and the warning level (电子监察 预警) of a
case, as a pure function of its timing facts, so that intake, the monitor, the reports and
the county hub all compute the same thing.

Definitions, as of the day ``today`` the clock is read:

- Due dates count from the effective acceptance day (受理日, not itself counted).
  ``working_days`` limits use working days; ``natural_days`` limits use calendar days, a last
  day that is a rest day moving to the next working day; ``hours`` limits assume 8 working
  hours per working day and round up: due = acceptance day + ceil(hours / 8) working days.
  A limit of 0 is 即办: due on the acceptance day.
- A pause (停止计时: 补正, 特别程序, 挂起) from S to E stops the clock on the working days d
  with S < d <= E, i.e. ``workdays_between(S, E)``: the day the pause starts still runs, like
  the start day of a period, and a pause opened and closed the same day costs nothing. An open
  pause runs to ``today``; a recorded end after ``today`` is read as ``today`` (the clock is
  read as of that day). Days before acceptance are ignored. A pause with ``approved_days``
  stops pausing after that many working days even if it is still open (行政许可法 第四十五条:
  the approved duration). Overlapping pauses are merged, never counted twice. Due dates move
  by the paused working days (natural-day limits: by the paused calendar days), so a pause
  never shortens a deadline.
- An extension (延期, 行政许可法 第四十二条) moves both the legal and the promised due date
  by its working days; only extensions granted on or before ``today`` count.
- ``workdays_left`` is ``workdays_between(today, due)``: 0 on the due day, negative once a
  working day after the due day has begun. A case is overdue exactly when it is negative, so
  the weekend after a Friday deadline is still 0 and the case turns 超期 on Monday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from hallapp.core.limits import LimitUnit, TimeLimit
from hallapp.core.workdays import DueDate, WorkdayCalendar

__all__ = [
    "ClockError",
    "ClockFacts",
    "ClockState",
    "Extension",
    "ExtensionRefused",
    "LimitUnit",
    "Pause",
    "PauseKind",
    "TimeLimit",
    "WarningLevel",
    "WarningThresholds",
    "check_extension",
    "compute_clock",
]

_HOURS_PER_WORKDAY = 8


class ClockError(Exception):
    """A rule of the case clock was broken; ``message`` is shown to the clerk as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ExtensionRefused(ClockError):
    """延期 beyond what the law allows for the item."""


class PauseKind(Enum):
    SUPPLEMENT = "supplement"  # 补正: waiting for the applicant's materials
    # 特别程序: 听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审、公示 (``Pause.procedure``)
    SPECIAL_PROCEDURE = "special_procedure"
    SUSPENSION = "suspension"  # 挂起: stopped by a supervisor, with a reason

    @property
    def label(self) -> str:
        return _PAUSE_LABELS[self]


_PAUSE_LABELS = {
    PauseKind.SUPPLEMENT: "补正",
    PauseKind.SPECIAL_PROCEDURE: "特别程序",
    PauseKind.SUSPENSION: "挂起",
}


@dataclass(frozen=True, slots=True)
class Pause:
    """A period the clock stood still. ``end`` is None while it is open; ``approved_days``
    (批准天数, working days) caps it; ``procedure`` names the 特别程序 (e.g. ``听证``)."""

    kind: PauseKind
    reason: str
    start: date
    end: date | None = None
    approved_days: int | None = None
    procedure: str = ""


@dataclass(frozen=True, slots=True)
class Extension:
    """延期: ``days`` working days granted by ``approver`` (the head of the office)."""

    days: int
    approver: str
    reason: str
    granted_on: date


@dataclass(frozen=True, slots=True)
class ClockFacts:
    """The timing facts of one case (办件). ``accepted_on`` is the effective acceptance day;
    ``legal`` is 法定时限, ``promised`` 承诺时限; ``max_extension_days`` the most the item's
    legal basis allows (10 for 20+10, 15 for 45+15)."""

    accepted_on: date
    legal: TimeLimit
    promised: TimeLimit
    pauses: tuple[Pause, ...] = ()
    extensions: tuple[Extension, ...] = ()
    max_extension_days: int = 0


@dataclass(frozen=True, slots=True)
class WarningThresholds:
    """预警 when at most ``warn_days_left`` working days are left, or less than
    ``warn_fraction_left`` of the promised working days. A hall setting, not a national rule."""

    warn_days_left: int = 2
    warn_fraction_left: float = 1 / 3


class WarningLevel(Enum):
    NORMAL = "normal"
    WARNING = "warning"  # yellow
    OVERDUE = "overdue"  # red: past the promised date
    LEGAL_OVERDUE = "legal_overdue"  # past the legal date

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {
    WarningLevel.NORMAL: "正常",
    WarningLevel.WARNING: "预警",
    WarningLevel.OVERDUE: "超期",
    WarningLevel.LEGAL_OVERDUE: "超法定期限",
}


@dataclass(frozen=True, slots=True)
class ClockState:
    """The clock of one case as of one day. ``workdays_left`` counts to the promised due
    date, ``legal_workdays_left`` to the legal one; ``provisional`` (暂定) when a day of a
    year without an official arrangement was needed."""

    promised_due: DueDate
    legal_due: DueDate
    original_promised_due: DueDate
    original_legal_due: DueDate
    paused_workdays: int
    extension_days: int
    workdays_left: int
    legal_workdays_left: int
    level: WarningLevel
    paused: bool
    pause_reason: str | None
    provisional: bool
    pause_kind: PauseKind | None = None


def check_extension(facts: ClockFacts, days: int) -> int:
    """Validate a new 延期 of ``days`` working days; return the total after it.

    Raises ExtensionRefused when the total would exceed ``max_extension_days``.
    """
    if days <= 0:
        raise ExtensionRefused(f"延期天数必须大于零（{days}）")
    granted = sum(e.days for e in facts.extensions)
    total = granted + days
    if total > facts.max_extension_days:
        raise ExtensionRefused(
            f"延期{days}个工作日后共{total}个工作日，超过本事项最多可延长的"
            f"{facts.max_extension_days}个工作日（已延期{granted}个工作日）"
        )
    return total


def _due(
    calendar: WorkdayCalendar,
    accepted_on: date,
    limit: TimeLimit,
    paused_workdays: int,
    paused_natural_days: int,
    extension_days: int,
) -> DueDate:
    # Stored rows are not re-validated here: a negative value is read as 即办, not an error.
    value = max(limit.value, 0)
    if limit.unit is LimitUnit.NATURAL_DAYS:
        due = calendar.add_natural_days(accepted_on, value + paused_natural_days)
        if extension_days <= 0:
            return due
        extended = calendar.add_workdays(due.day, extension_days)
        return DueDate(extended.day, due.provisional or extended.provisional)
    if limit.unit is LimitUnit.HOURS:
        value = -(-value // _HOURS_PER_WORKDAY)
    return calendar.add_workdays(accepted_on, value + paused_workdays + extension_days)


def _pause_intervals(
    facts: ClockFacts, calendar: WorkdayCalendar, today: date
) -> tuple[list[tuple[date, date]], list[tuple[date, Pause]]]:
    """The effective (start, end] intervals of the pauses as of ``today``, and the pauses
    holding the clock today, with their effective start."""
    intervals: list[tuple[date, date]] = []
    holding: list[tuple[date, Pause]] = []
    for p in facts.pauses:
        start = p.start if p.start > facts.accepted_on else facts.accepted_on
        if start > today:
            continue
        still_open = p.end is None or p.end > today
        end = today if still_open or p.end is None else p.end
        if p.approved_days is not None:
            cap = calendar.add_workdays(start, max(p.approved_days, 0)).day
            if cap < end:
                end = cap
            still_open = still_open and start < cap and today <= cap
        if end > start:
            intervals.append((start, end))
        if still_open:
            holding.append((start, p))
    return intervals, holding


def _moved_dues(
    facts: ClockFacts, calendar: WorkdayCalendar, as_of: date, extension_days: int
) -> tuple[DueDate, DueDate, int, list[tuple[date, Pause]]]:
    """Promised and legal due dates moved by the pauses up to ``as_of`` and by the
    extensions; also the paused working days and the pauses holding the clock."""
    intervals, holding = _pause_intervals(facts, calendar, as_of)
    if len(intervals) > 1:
        intervals.sort()
        merged = [intervals[0]]
        for start, end in intervals[1:]:
            last_start, last_end = merged[-1]
            if start <= last_end:
                if end > last_end:
                    merged[-1] = (last_start, end)
            else:
                merged.append((start, end))
        intervals = merged
    paused_workdays = 0
    paused_natural_days = 0
    known = True
    for start, end in intervals:
        paused_workdays += calendar.workdays_between(start, end)
        paused_natural_days += (end - start).days
        known = known and calendar.is_known_span(start, end)
    accepted_on = facts.accepted_on
    promised = _due(
        calendar, accepted_on, facts.promised, paused_workdays, paused_natural_days, extension_days
    )
    legal = _due(
        calendar, accepted_on, facts.legal, paused_workdays, paused_natural_days, extension_days
    )
    if not known:
        promised = DueDate(promised.day, True)
        legal = DueDate(legal.day, True)
    return promised, legal, paused_workdays, holding


def compute_clock(
    facts: ClockFacts,
    calendar: WorkdayCalendar,
    today: date,
    thresholds: WarningThresholds = WarningThresholds(),
) -> ClockState:
    """Read the clock of a case on ``today`` (see the module docstring for the rules).

    Level: 超法定期限 past the legal due date, else 超期 past the promised one, else 预警
    when few working days are left, else 正常. A 即办 case is never 预警: it is 正常 on the
    acceptance day and 超期 from the next working day. While paused, the days left and the
    level are read as of the day the pause began (time does not run); the due dates shown
    are today's. Never raises for facts that were accepted when stored.
    """
    accepted_on = facts.accepted_on
    extension_days = (
        max(sum(e.days for e in facts.extensions if e.granted_on <= today), 0)
        if facts.extensions
        else 0
    )
    original_promised = _due(calendar, accepted_on, facts.promised, 0, 0, 0)
    original_legal = _due(calendar, accepted_on, facts.legal, 0, 0, 0)
    if facts.pauses:
        promised, legal, paused_workdays, holding = _moved_dues(
            facts, calendar, today, extension_days
        )
    else:
        paused_workdays, holding = 0, []
        if extension_days:
            promised = _due(calendar, accepted_on, facts.promised, 0, 0, extension_days)
            legal = _due(calendar, accepted_on, facts.legal, 0, 0, extension_days)
        else:
            promised, legal = original_promised, original_legal

    reference, ref_promised, ref_legal = today, promised, legal
    if holding and (
        facts.promised.unit is LimitUnit.NATURAL_DAYS or facts.legal.unit is LimitUnit.NATURAL_DAYS
    ):
        # The clock has stood still since the earliest pause still holding it. Working-day
        # due dates move one working day per paused working day, so their days left are
        # already frozen; a natural-day due date snaps to working days and would wobble.
        frozen_since = min(start for start, _ in holding)
        if frozen_since < today:
            reference = frozen_since
            ref_promised, ref_legal, _, _ = _moved_dues(
                facts, calendar, frozen_since, extension_days
            )
    left = calendar.workdays_between(reference, ref_promised.day)
    legal_left = calendar.workdays_between(reference, ref_legal.day)
    if legal_left < 0:
        level = WarningLevel.LEGAL_OVERDUE
    elif left < 0:
        level = WarningLevel.OVERDUE
    else:
        # The promised working days the clock may run: 0 for a 即办 case, which has no
        # lead time to warn about.
        budget = calendar.workdays_between(accepted_on, original_promised.day) + extension_days
        if budget > 0 and (
            left <= thresholds.warn_days_left or left < thresholds.warn_fraction_left * budget
        ):
            level = WarningLevel.WARNING
        else:
            level = WarningLevel.NORMAL

    latest = max(holding, key=lambda h: h[1].start)[1] if holding else None
    lo = min(accepted_on, today)
    hi = max(today, promised.day, legal.day)
    provisional = promised.provisional or legal.provisional or not calendar.is_known_span(lo, hi)
    return ClockState(
        promised_due=promised,
        legal_due=legal,
        original_promised_due=original_promised,
        original_legal_due=original_legal,
        paused_workdays=paused_workdays,
        extension_days=extension_days,
        workdays_left=left,
        legal_workdays_left=legal_left,
        level=level,
        paused=latest is not None,
        pause_reason=None if latest is None else latest.reason,
        pause_kind=None if latest is None else latest.kind,
        provisional=provisional,
    )
