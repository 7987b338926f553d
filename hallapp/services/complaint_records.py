"""What a 效能投诉 record is made of, shared by the registering service and the demo
generator: its number, its due date, and how its subject reads."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallapp.core.workdays import DueDate, WorkdayCalendar
from hallapp.db.models import Complaint

SUBJECT_LABEL_LENGTH = 120


def complaint_number(hall_code: str, day: date, serial: int) -> str:
    """效能投诉编号: the hall's code, TS and the day received, and the day's serial."""
    return f"{hall_code}-TS{day:%Y%m%d}-{serial:02d}"


def _prefix(hall_code: str, day: date | None = None) -> str:
    return f"{hall_code}-TS" + (f"{day:%Y%m%d}-" if day is not None else "")


def next_serial(session: Session, hall_code: str, day: date) -> int:
    """The next serial of ``day``: one past the highest given, so a number is never reused."""
    prefix = _prefix(hall_code, day)
    numbers = session.scalars(
        select(Complaint.number).where(Complaint.number.startswith(prefix, autoescape=True))
    )
    return max((int(n[len(prefix) :]) for n in numbers), default=0) + 1


def last_serials(session: Session, hall_code: str) -> dict[date, int]:
    """The highest serial given on each day (complaints are few: every number is read)."""
    prefix = _prefix(hall_code)
    found: dict[date, int] = {}
    for number in session.scalars(select(Complaint.number)):
        if number.startswith(prefix):
            day_text, _, serial = number[len(prefix) :].partition("-")
            day = datetime.strptime(day_text, "%Y%m%d").date()
            found[day] = max(found.get(day, 0), int(serial))
    return found


def complaint_due(
    calendar: WorkdayCalendar, received_at: datetime, closing: time, workdays: int
) -> DueDate:
    """The handling limit counts as a case's does: from the day received, itself not
    counted, a complaint taken after closing time or on a rest day counting from the next
    working day."""
    start = calendar.effective_acceptance_day(received_at, closing)
    return calendar.add_workdays(start, workdays)


def staff_subject_label(name: str, window: str) -> str:
    """A clerk as the complaint names them: 张敏（1号窗口）."""
    return f"{name}（{window}）" if window else name


def case_subject_label(number: str, item_name: str) -> str:
    return f"{number}（{item_name}）"[:SUBJECT_LABEL_LENGTH]
