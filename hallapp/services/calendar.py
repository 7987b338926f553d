"""The hall's working-day calendar: builtin official data plus the overrides in the
database (years not yet in the builtin data, local corrections), and their editing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, extract, func, select
from sqlalchemy.orm import Session

from hallapp.core.workdays import DayKind, DayOverride, DueDate, WorkdayCalendar
from hallapp.db.models import CalendarOverride, CalendarYear
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput
from hallapp.services import audit
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.calendar_files import YearArrangement, check_arrangement, read_calendar_file

SOURCE_LABELS = {"builtin": "国家公布（内置）", "local": "本中心修改", "county": "县级下发"}
KIND_LABELS = {
    DayKind.WORKDAY: "工作日",
    DayKind.WEEKEND: "休息日",
    DayKind.HOLIDAY: "法定节假日",
    DayKind.MAKEUP_WORKDAY: "调休上班",
}


@dataclass(frozen=True)
class DayInfo:
    day: date
    kind: DayKind
    name: str | None
    source: str | None  # None for an ordinary day

    @property
    def is_workday(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source or "", "")


@dataclass(frozen=True)
class YearView:
    year: int
    known: bool
    special_days: dict[date, DayInfo]
    warning: str | None

    def info(self, day: date) -> DayInfo:
        found = self.special_days.get(day)
        if found is not None:
            return found
        kind = DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY
        return DayInfo(day, kind, None, None)


@dataclass(frozen=True)
class ImportedYear:
    year: int
    days: int
    replaced: int
    moved_cases: int = 0  # open cases whose promised or legal due date moved


def _recount_cases(session: Session, before: WorkdayCalendar, first_day: date) -> int:
    """Bring the open cases' clocks in line with the changed calendar, in this transaction."""
    # clock_store reads the calendar through this module: imported here, not at the top.
    from hallapp.services.clock_store import after_calendar_change

    session.flush()
    return after_calendar_change(session, before, first_day, date.today())


def _calendar(session: Session) -> WorkdayCalendar:
    overrides = [
        DayOverride(o.day, o.is_workday, o.name, o.source)
        for o in session.scalars(select(CalendarOverride))
    ]
    years = session.scalars(select(CalendarYear.year)).all()
    return WorkdayCalendar(overrides, extra_known_years=years)


# Building the tables takes a few milliseconds: too much for every saved case. The cache
# is keyed by a stamp of the override tables, so an edit anywhere (this process, another
# window, the CLI) is seen by the next call.
_cache: dict[tuple[object, ...], WorkdayCalendar] = {}


def _stamp(session: Session) -> tuple[object, ...]:
    """Changes whenever an override or a known year is added, edited or removed."""
    row = (
        session.connection()
        .execute(
            select(
                select(func.count()).select_from(CalendarOverride).scalar_subquery(),
                select(func.max(CalendarOverride.changed_at)).scalar_subquery(),
                select(func.sum(CalendarOverride.id)).scalar_subquery(),
                select(func.count()).select_from(CalendarYear).scalar_subquery(),
                select(func.max(CalendarYear.added_at)).scalar_subquery(),
            )
        )
        .one()
    )
    return (str(session.get_bind().engine.url), *row)


def calendar_for(session: Session) -> WorkdayCalendar:
    """The hall's calendar, built once per change of its overrides."""
    stamp = _stamp(session)
    found = _cache.get(stamp)
    if found is None:
        _cache.clear()
        found = _cache[stamp] = _calendar(session)
    return found


def load_calendar(uow: UnitOfWork) -> WorkdayCalendar:
    with uow:
        return calendar_for(uow.session)


def next_year_warning(calendar: WorkdayCalendar, today: date) -> str | None:
    """From November on, the next year's arrangement is due; say so until it is loaded."""
    following = today.year + 1
    if today.month >= 11 and not calendar.is_known_year(following):
        return (
            f"尚未载入{following}年节假日安排：跨入{following}年的期限暂按“仅周末休息”计算并标为暂定。"
            f"国务院办公厅公布后，请导入{following}年安排。"
        )
    return None


def year_view(uow: UnitOfWork, year: int, today: date) -> YearView:
    calendar = load_calendar(uow)
    special = {
        day: DayInfo(day, kind, name, source)
        for day, kind, name, source in calendar.year_days(year)
    }
    return YearView(year, calendar.is_known_year(year), special, next_year_warning(calendar, today))


def add_workdays(uow: UnitOfWork, start: date, n: int) -> DueDate:
    if n < 0:
        raise InvalidInput("工作日数不能为负数")
    return load_calendar(uow).add_workdays(start, n)


def workdays_between(uow: UnitOfWork, d1: date, d2: date) -> int:
    return load_calendar(uow).workdays_between(d1, d2)


def set_day(
    uow: UnitOfWork, actor: Actor, day: date, is_workday: bool, name: str, reason: str
) -> DayInfo:
    """Make ``day`` a holiday or a (make-up) working day for this hall, with a reason."""
    require_any(actor, "修改工作日历", Role.SUPERVISOR, Role.ADMIN)
    if not reason.strip():
        raise InvalidInput("请填写修改原因")
    problems = check_arrangement(day.year, [DayOverride(day, is_workday, name, "local")])
    if problems:
        raise InvalidInput("；".join(problems), problems)
    with uow:
        session = uow.session
        before = calendar_for(session)
        row = session.scalars(select(CalendarOverride).where(CalendarOverride.day == day)).first()
        if row is None:
            row = CalendarOverride(day=day)
            session.add(row)
        row.is_workday, row.name, row.source = is_workday, name.strip(), "local"
        row.reason, row.changed_at, row.changed_by = reason.strip(), datetime.now(), actor.name
        moved = _recount_cases(session, before, day)
        audit.record(
            session,
            actor,
            "calendar.set_day",
            "calendar_day",
            day.isoformat(),
            {
                "before": KIND_LABELS[before.day_kind(day)],
                "is_workday": is_workday,
                "name": name,
                "reason": reason,
                "moved_cases": moved,
            },
        )
        uow.commit()
    return year_view(uow, day.year, day).info(day)


def reset_day(uow: UnitOfWork, actor: Actor, day: date, reason: str) -> DayInfo:
    """Remove the hall's override of ``day``: the official (or weekend) rule applies again."""
    require_any(actor, "修改工作日历", Role.SUPERVISOR, Role.ADMIN)
    if not reason.strip():
        raise InvalidInput("请填写修改原因")
    with uow:
        before = calendar_for(uow.session)
        removed = uow.session.execute(delete(CalendarOverride).where(CalendarOverride.day == day))
        if removed.rowcount == 0:  # type: ignore[attr-defined]
            raise InvalidInput(f"{day.isoformat()} 没有本地修改，无需恢复")
        moved = _recount_cases(uow.session, before, day)
        audit.record(
            uow.session,
            actor,
            "calendar.reset_day",
            "calendar_day",
            day.isoformat(),
            {
                "before": KIND_LABELS[before.day_kind(day)],
                "after": KIND_LABELS[calendar_for(uow.session).day_kind(day)],
                "reason": reason,
                "moved_cases": moved,
            },
        )
        uow.commit()
    return year_view(uow, day.year, day).info(day)


def import_arrangement(uow: UnitOfWork, actor: Actor, arrangement: YearArrangement) -> ImportedYear:
    """Load a year's official arrangement: it replaces every override of that year, and
    the year counts as known, so its deadlines are no longer provisional."""
    require_any(actor, "导入节假日安排", Role.SUPERVISOR, Role.ADMIN)
    with uow:
        result = apply_arrangement(uow.session, actor, arrangement, datetime.now())
        uow.commit()
    return result


def apply_arrangement(
    session: Session, actor: Actor, arrangement: YearArrangement, now: datetime
) -> ImportedYear:
    """The import inside the caller's transaction, not committed: the county's downward
    update applies a catalogue and a calendar together or neither."""
    require_any(actor, "导入节假日安排", Role.SUPERVISOR, Role.ADMIN)
    before = calendar_for(session)
    replaced = session.execute(
        delete(CalendarOverride).where(extract("year", CalendarOverride.day) == arrangement.year)
    ).rowcount  # type: ignore[attr-defined]
    session.add_all(
        CalendarOverride(
            day=d.day,
            is_workday=d.is_workday,
            name=d.name,
            source=d.source,
            reason=arrangement.source,
            changed_at=now,
            changed_by=actor.name,
        )
        for d in arrangement.days
    )
    year = session.get(CalendarYear, arrangement.year)
    if year is None:
        year = CalendarYear(year=arrangement.year)
        session.add(year)
    year.source = arrangement.days[0].source if arrangement.days else "local"
    year.note, year.added_at, year.added_by = arrangement.source, now, actor.name
    moved = _recount_cases(session, before, date(arrangement.year, 1, 1))
    audit.record(
        session,
        actor,
        "calendar.import",
        "calendar_year",
        arrangement.year,
        {
            "source": arrangement.source,
            "days": len(arrangement.days),
            "replaced": replaced,
            "moved_cases": moved,
        },
    )
    return ImportedYear(arrangement.year, len(arrangement.days), replaced, moved)


def import_calendar_file(uow: UnitOfWork, actor: Actor, path: Path) -> ImportedYear:
    require_any(actor, "导入节假日安排", Role.SUPERVISOR, Role.ADMIN)
    return import_arrangement(uow, actor, read_calendar_file(path))
