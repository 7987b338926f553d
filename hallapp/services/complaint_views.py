"""效能投诉 as staff read them: the view of one complaint with its level on a day, and the
checks on the texts and people that the writing services share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from hallapp.core.complaints import ComplaintChannel, ComplaintState, SubjectKind
from hallapp.core.contact import mask_phone
from hallapp.core.limit_levels import LimitLevel, limit_level
from hallapp.db.models import Case, Complaint
from hallapp.services.actors import Actor, Role
from hallapp.services.calendar import calendar_for
from hallapp.services.hall_settings import thresholds_in

MAX_TEXT = 2000


@dataclass(frozen=True)
class ComplaintView:
    id: int
    number: str
    received_at: datetime
    channel: ComplaintChannel
    anonymous: bool
    complainant_name: str
    complainant_phone: str  # masked unless the reader is the supervisor or the handler
    subject_kind: SubjectKind
    subject_label: str
    subject_case_number: str | None
    content: str
    days: int
    due_on: date
    due_provisional: bool
    extended_days: int
    extension_reason: str
    handler_name: str
    findings: str
    substantiated: bool | None
    reply: str
    replied_on: date | None
    complainant_satisfied: bool | None
    state: ComplaintState
    closed_on: date | None
    registered_by: str
    # The handling limit runs until the complainant is answered: "closed" once replied.
    level: str  # "normal" | "warning" | "overdue" | "closed"
    days_left: int | None  # working days left (negative when overdue), None once replied
    closed_on_time: bool | None  # answered by the due date; None until answered


def sees_phone(actor: Actor | None, handler_id: int | None) -> bool:
    """Whoever answers the complainant needs the number: the supervisor and the handler.
    Everyone else, the staff complained about among them, sees it masked."""
    if actor is None:
        return False
    return actor.has_any(Role.SUPERVISOR) or (
        actor.staff_id is not None and actor.staff_id == handler_id
    )


def checked_text(value: str, field: str, problems: list[str], required: bool = True) -> str:
    """``value`` stripped; a problem naming ``field`` if it is empty or too long."""
    text = value.strip()
    if required and not text:
        problems.append(f"{field}：不能为空")
    elif len(text) > MAX_TEXT:
        problems.append(f"{field}：不能超过{MAX_TEXT}字（现为{len(text)}字）")
    return text


def complaint_query() -> Select[Complaint, str]:
    """A complaint with the number of the case it is about, if it is about one."""
    return select(Complaint, Case.number).outerjoin(Case, Case.id == Complaint.subject_case_id)


def complaint_views(
    session: Session, rows: Any, today: date, actor: Actor | None
) -> list[ComplaintView]:
    """Views of ``rows`` of :func:`complaint_query`, with their levels on ``today``."""
    rows = list(rows)
    if not rows:
        return []
    calendar, thresholds = calendar_for(session), thresholds_in(session)
    views = []
    for c, case_number in rows:
        state = ComplaintState(c.state)
        level, left, on_time = LimitLevel.CLOSED, None, None
        if c.replied_on is not None:
            on_time = c.replied_on <= c.due_on
        else:
            workdays = c.days + c.extended_days
            level, days_left = limit_level(calendar, c.due_on, workdays, today, thresholds)
            left = days_left
        phone = c.complainant_phone
        if phone and not sees_phone(actor, c.handler_id):
            phone = mask_phone(phone)
        views.append(
            ComplaintView(
                id=c.id,
                number=c.number,
                received_at=c.received_at,
                channel=ComplaintChannel(c.channel),
                anonymous=c.anonymous,
                complainant_name=c.complainant_name,
                complainant_phone=phone,
                subject_kind=SubjectKind(c.subject_kind),
                subject_label=c.subject_label,
                subject_case_number=case_number,
                content=c.content,
                days=c.days,
                due_on=c.due_on,
                due_provisional=c.due_provisional,
                extended_days=c.extended_days,
                extension_reason=c.extension_reason,
                handler_name=c.handler_name,
                findings=c.findings,
                substantiated=c.substantiated,
                reply=c.reply,
                replied_on=c.replied_on,
                complainant_satisfied=c.complainant_satisfied,
                state=state,
                closed_on=c.closed_on,
                registered_by=c.registered_by,
                level=level.value,
                days_left=left,
                closed_on_time=on_time,
            )
        )
    return views
