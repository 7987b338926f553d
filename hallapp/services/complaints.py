"""效能投诉: a complaint about a clerk, an agent, a department or a case, from its
registration through the handler's findings and the reply to the complainant to its
closing, within a limit of working days of the hall's calendar that the deadline monitor
watches like a case's.

The limit runs from the day the complaint is received (not counted; after closing time or
on a rest day, from the next working day, as for a case) until the complainant is
answered: a reply dated on or before the due date is on time. A supervisor may extend the
limit, with a reason, while it still runs (see :func:`extend_complaint`).

Every write is one transaction: the complaint, its audit record and the outbox entry
that carries it to the county commit together or not at all. An anonymous complaint
keeps no name and no phone.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallapp.core.complaints import MAX_EXTENSION_DAYS, ComplaintState
from hallapp.db import repositories as repo
from hallapp.db.models import Agent, Complaint, Staff
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput, NotFound, PermissionDenied
from hallapp.services import audit
from hallapp.services.actors import Actor, Role, parse_roles, require_any
from hallapp.services.calendar import calendar_for
from hallapp.services.complaint_forms import ComplaintForm, form_columns, subject_columns
from hallapp.services.complaint_records import complaint_due, complaint_number, next_serial
from hallapp.services.complaint_views import (
    ComplaintView,
    checked_text,
    complaint_query,
    complaint_views,
)
from hallapp.services.outbox_records import CREATE, UPDATE, queue_complaint

__all__ = [
    "ComplaintForm",
    "ComplaintView",
    "assign_handler",
    "close_complaint",
    "complaint",
    "extend_complaint",
    "list_complaints",
    "record_findings",
    "record_reply",
    "register_complaint",
    "render_complaint_pdf",
    "staff_choices",
]

_PICKABLE = (Role.CLERK, Role.SUPERVISOR, Role.AGENT)


# --- registering ------------------------------------------------------------------------


def register_complaint(
    uow: UnitOfWork, actor: Actor, form: ComplaintForm, now: datetime | None = None
) -> ComplaintView:
    """登记效能投诉: numbered ``HALL-TSyyyymmdd-NN`` by the day received, due in ``days``
    working days."""
    require_any(actor, "登记效能投诉", Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
    problems: list[str] = []
    columns = form_columns(form, problems)
    now = now or datetime.now()
    with uow:
        session = uow.session
        columns.update(subject_columns(session, form, problems))
        if problems:
            raise InvalidInput("；".join(problems), problems)
        hall = repo.the_hall(session)
        if hall is None:
            raise NotFound("数据库尚未登记服务中心")
        number = complaint_number(
            hall.code, now.date(), next_serial(session, hall.code, now.date())
        )
        due = complaint_due(
            calendar_for(session), now, time.fromisoformat(hall.closing_time), form.days
        )
        row = Complaint(
            number=number,
            received_at=now,
            **columns,
            due_on=due.day,
            due_provisional=due.provisional,
            extended_days=0,
            extension_reason="",
            handler_name="",
            findings="",
            reply="",
            state=ComplaintState.OPEN.value,
            registered_by=actor.name,
            version=1,
            updated_at=now,
        )
        session.add(row)
        session.flush()
        detail = {
            "channel": row.channel,
            "anonymous": row.anonymous,
            "subject": row.subject_kind,
            "subject_label": row.subject_label,
            "days": row.days,
            "due": row.due_on,
        }
        return _finish(uow, actor, row, "complaint.register", detail, CREATE, now)


# --- handling ---------------------------------------------------------------------------


def _complaint(session: Session, complaint_id: int) -> Complaint:
    row = session.get(Complaint, complaint_id)
    if row is None:
        raise NotFound(f"找不到投诉 {complaint_id}")
    return row


def _finish(
    uow: UnitOfWork,
    actor: Actor,
    row: Complaint,
    action: str,
    detail: dict[str, Any],
    op: str,
    now: datetime,
) -> ComplaintView:
    """The change's audit record and outbox entry, in its transaction, then the commit."""
    session = uow.session
    if op == UPDATE:
        row.version += 1
        row.updated_at = now
    audit.record(session, actor, action, "complaint", row.number, detail, at=now)
    queue_complaint(session, row.id, op, now)
    found = session.execute(complaint_query().where(Complaint.id == row.id)).all()
    view = complaint_views(session, found, now.date(), actor)[0]
    uow.commit()
    return view


def _still_open(row: Complaint, what: str) -> None:
    if row.state != ComplaintState.OPEN.value:
        state = ComplaintState(row.state).label
        raise InvalidInput(f"该投诉{state}，不能再{what}")


def _require_handler_or_supervisor(
    uow: UnitOfWork, actor: Actor, complaint_id: int, action: str
) -> None:
    """The supervisor, or the staff member handling this complaint. Read before the write
    begins: a refusal is recorded in a transaction of its own."""
    if actor.has_any(Role.SUPERVISOR):
        return
    with uow:
        handler = _complaint(uow.session, complaint_id).handler_id
    if handler is None or handler != actor.staff_id:
        require_any(actor, action, Role.SUPERVISOR)


def _recheck_handler(row: Complaint, actor: Actor) -> None:
    """The handler may have changed since the check; the write goes by the current one."""
    if not actor.has_any(Role.SUPERVISOR) and row.handler_id != actor.staff_id:
        raise PermissionDenied(f"投诉 {row.number} 已改由{row.handler_name or '他人'}承办")


def assign_handler(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: int,
    handler_login: str,
    now: datetime | None = None,
) -> ComplaintView:
    """指定承办人: who looks into the complaint and answers the complainant."""
    require_any(actor, "指定投诉承办人", Role.SUPERVISOR)
    now = now or datetime.now()
    with uow:
        session = uow.session
        row = _complaint(session, complaint_id)
        _still_open(row, "更换承办人")
        staff = repo.staff_by_login(session, handler_login.strip())
        if staff is None or not staff.active:
            raise InvalidInput(f"承办人：找不到在岗的工作人员 {handler_login.strip()}")
        if staff.id == row.subject_staff_id or (
            row.subject_agent_id is not None
            and session.scalar(select(Agent.staff_id).where(Agent.id == row.subject_agent_id))
            == staff.id
        ):
            raise InvalidInput(f"承办人：{staff.name}是被投诉人，不能承办对本人的投诉")
        before = row.handler_name
        row.handler_id, row.handler_name = staff.id, staff.name
        detail = {"handler": staff.login, "name": staff.name, "before": before}
        return _finish(uow, actor, row, "complaint.assign", detail, UPDATE, now)


def record_findings(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: int,
    findings: str,
    substantiated: bool,
    now: datetime | None = None,
) -> ComplaintView:
    """调查结果: what the handler found, and whether the complaint is substantiated (属实).
    Written again until the complainant is answered."""
    problems: list[str] = []
    text = checked_text(findings, "调查结果", problems)
    if not isinstance(substantiated, bool):
        problems.append("调查结论：请选择投诉属实或不属实")
    if problems:
        raise InvalidInput("；".join(problems), problems)
    _require_handler_or_supervisor(uow, actor, complaint_id, "记录他人承办的投诉的调查结果")
    now = now or datetime.now()
    with uow:
        row = _complaint(uow.session, complaint_id)
        _recheck_handler(row, actor)
        _still_open(row, "修改调查结果")
        if row.handler_id is None:
            row.handler_id, row.handler_name = actor.staff_id, actor.name
        row.findings, row.substantiated = text, substantiated
        detail = {"substantiated": substantiated, "findings": text}
        return _finish(uow, actor, row, "complaint.findings", detail, UPDATE, now)


def record_reply(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: int,
    reply: str,
    replied_on: date,
    now: datetime | None = None,
) -> ComplaintView:
    """答复投诉人: what the complainant was told and when; it stops the limit."""
    problems: list[str] = []
    text = checked_text(reply, "答复内容", problems)
    now = now or datetime.now()
    if replied_on > now.date():
        problems.append("答复日期：不能晚于今天")
    if problems:
        raise InvalidInput("；".join(problems), problems)
    _require_handler_or_supervisor(uow, actor, complaint_id, "答复他人承办的投诉")
    with uow:
        row = _complaint(uow.session, complaint_id)
        _recheck_handler(row, actor)
        _still_open(row, "答复")
        if not row.findings:
            raise InvalidInput("请先记录调查结果，再答复投诉人")
        if replied_on < row.received_at.date():
            raise InvalidInput(
                f"答复日期：不能早于收到投诉的日期 {row.received_at.date().isoformat()}"
            )
        row.reply, row.replied_on = text, replied_on
        row.state = ComplaintState.REPLIED.value
        detail = {"replied_on": replied_on, "on_time": replied_on <= row.due_on, "reply": text}
        return _finish(uow, actor, row, "complaint.reply", detail, UPDATE, now)


def close_complaint(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: int,
    complainant_satisfied: bool | None,
    now: datetime | None = None,
) -> ComplaintView:
    """办结: after the reply, with whether the complainant was satisfied (None: not
    asked; always so for an anonymous complaint, whose complainant cannot be asked)."""
    require_any(actor, "办结效能投诉", Role.SUPERVISOR)
    now = now or datetime.now()
    with uow:
        row = _complaint(uow.session, complaint_id)
        if row.state == ComplaintState.CLOSED.value:
            closed = row.closed_on.isoformat() if row.closed_on else ""
            raise InvalidInput(f"该投诉已于{closed}办结")
        if row.state != ComplaintState.REPLIED.value:
            raise InvalidInput("该投诉尚未答复投诉人，答复后才能办结")
        if row.anonymous and complainant_satisfied is not None:
            raise InvalidInput("投诉人满意情况：匿名投诉无法征询投诉人意见，应选“未征询”")
        row.complainant_satisfied = complainant_satisfied
        row.state, row.closed_on = ComplaintState.CLOSED.value, now.date()
        detail = {"satisfied": complainant_satisfied}
        return _finish(uow, actor, row, "complaint.close", detail, UPDATE, now)


def extend_complaint(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: int,
    days: int,
    reason: str,
    now: datetime | None = None,
) -> ComplaintView:
    """延期: ``days`` more working days, with the reason, at most MAX_EXTENSION_DAYS in all.

    Only while the limit still runs (the due day included) and before the reply: an
    extension is decided before time is up, as a case's (行政许可法 第四十二条); granted
    afterwards it would turn a late answer into one on time in the county's figures."""
    require_any(actor, "批准投诉延期", Role.SUPERVISOR)
    problems: list[str] = []
    text = checked_text(reason, "延期理由", problems)
    if days < 1:
        problems.append(f"延期天数：须为正整数（现为{days}）")
    if problems:
        raise InvalidInput("；".join(problems), problems)
    now = now or datetime.now()
    with uow:
        session = uow.session
        row = _complaint(session, complaint_id)
        _still_open(row, "延期")
        calendar = calendar_for(session)
        if calendar.workdays_between(now.date(), row.due_on) < 0:
            raise InvalidInput(
                f"该投诉已于{row.due_on.isoformat()}到期，超期后不能再延期：延期须在期限届满前决定"
            )
        total = row.extended_days + days
        if total > MAX_EXTENSION_DAYS:
            raise InvalidInput(
                f"延期天数：延期{days}个工作日后共{total}个工作日，超过最多可延长的"
                f"{MAX_EXTENSION_DAYS}个工作日（已延期{row.extended_days}个工作日）"
            )
        hall = repo.the_hall(session)
        closing = time.fromisoformat(hall.closing_time if hall else "17:30")
        before = row.due_on
        due = complaint_due(calendar, row.received_at, closing, row.days + total)
        row.extended_days, row.due_on, row.due_provisional = total, due.day, due.provisional
        row.extension_reason = "；".join(r for r in (row.extension_reason, text) if r)
        detail = {"days": days, "reason": text, "before": before, "due": due.day}
        return _finish(uow, actor, row, "complaint.extend", detail, UPDATE, now)


# --- reading ----------------------------------------------------------------------------


def complaint(
    uow: UnitOfWork, complaint_id: int, today: date, actor: Actor | None = None
) -> ComplaintView:
    """One complaint as of ``today``; the complainant's phone whole only for ``actor``
    being the supervisor or the handler."""
    with uow:
        session = uow.session
        found = session.execute(complaint_query().where(Complaint.id == complaint_id)).all()
        if not found:
            raise NotFound(f"找不到投诉 {complaint_id}")
        return complaint_views(session, found, today, actor)[0]


def list_complaints(
    uow: UnitOfWork,
    today: date,
    state: ComplaintState | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 200,
    actor: Actor | None = None,
) -> list[ComplaintView]:
    """Complaints received from ``start`` to ``end`` (both included), the latest first."""
    stmt = complaint_query().order_by(Complaint.received_at.desc(), Complaint.id.desc())
    if state is not None:
        stmt = stmt.where(Complaint.state == ComplaintState(state).value)
    if start is not None:
        stmt = stmt.where(Complaint.received_at >= datetime.combine(start, time.min))
    if end is not None:
        stmt = stmt.where(Complaint.received_at <= datetime.combine(end, time.max))
    with uow:
        session = uow.session
        return complaint_views(session, session.execute(stmt.limit(limit)).all(), today, actor)


def staff_choices(uow: UnitOfWork) -> list[tuple[str, str]]:
    """(login, name) of the staff a complaint may be about or be handled by: everyone at
    work who serves applicants (windows, supervisors, agents), by name."""
    with uow:
        rows = uow.session.execute(
            select(Staff.login, Staff.name, Staff.roles)
            .where(Staff.active.is_(True))
            .order_by(Staff.name, Staff.login)
        ).all()
    return [(login, name) for login, name, roles in rows if parse_roles(roles) & set(_PICKABLE)]


def render_complaint_pdf(
    uow: UnitOfWork, actor: Actor, complaint_id: int, now: datetime | None = None
) -> bytes:
    """效能投诉登记处理单 (A4 PDF) of the complaint as it stands, recorded in the audit
    trail as printed (print.complaint). The complainant's phone is whole only for the
    supervisor and the handler."""
    # Imported on the first print: the template and reportlab take a noticeable part of
    # a second to import, which opening the complaints screen need not pay.
    from hallapp.services.complaint_print import render_complaint

    return render_complaint(uow, actor, complaint_id, now)
