"""Printing the 效能投诉登记处理单: the complaint as it stands, rendered to an A4 PDF, and the
print recorded in the audit trail (print.complaint) once the document exists."""

from __future__ import annotations

import json
from datetime import datetime

from hallapp.db import repositories as repo
from hallapp.db.models import Complaint, Hall
from hallapp.db.uow import UnitOfWork
from hallapp.documents.a4_complaint import ComplaintDocument, render_complaint_a4
from hallapp.errors import NotFound
from hallapp.services import audit
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.complaint_views import ComplaintView, complaint_query, complaint_views
from hallapp.services.document_data import hall_info

PRINTERS = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)


def complaint_document(
    view: ComplaintView, hall: Hall | None, actor: Actor, now: datetime
) -> ComplaintDocument:
    return ComplaintDocument(
        hall=hall_info(hall),
        number=view.number,
        received_at=view.received_at,
        channel=view.channel.label,
        anonymous=view.anonymous,
        complainant_name=view.complainant_name,
        complainant_phone=view.complainant_phone,
        subject_kind=view.subject_kind.label,
        subject_label=view.subject_label,
        content=view.content,
        days=view.days,
        due_on=view.due_on,
        due_provisional=view.due_provisional,
        extended_days=view.extended_days,
        extension_reason=view.extension_reason,
        registered_by=view.registered_by,
        state=view.state.label,
        handler_name=view.handler_name,
        findings=view.findings,
        substantiated=view.substantiated,
        reply=view.reply,
        replied_on=view.replied_on,
        closed_on_time=view.closed_on_time,
        complainant_satisfied=view.complainant_satisfied,
        closed_on=view.closed_on,
        printed_by=actor.name,
        printed_at=now,
    )


def render_complaint(
    uow: UnitOfWork, actor: Actor, complaint_id: int, now: datetime | None = None
) -> bytes:
    """The form of the complaint as an A4 PDF; the print is recorded once it is made."""
    require_any(actor, "打印效能投诉登记处理单", *PRINTERS)
    now = now or datetime.now()
    with uow:
        session = uow.session
        found = session.execute(complaint_query().where(Complaint.id == complaint_id)).all()
        if not found:
            raise NotFound(f"找不到投诉 {complaint_id}")
        view = complaint_views(session, found, now.date(), actor)[0]
        hall = repo.the_hall(session)
        doc = complaint_document(view, hall, actor, now)
    data = render_complaint_a4(doc)
    phone = view.complainant_phone
    shown = "none" if not phone else "masked" if "*" in phone else "whole"
    with uow:
        audit.append(
            uow.session,
            [
                {
                    "at": now,
                    "actor_id": actor.staff_id,
                    "actor_name": actor.name,
                    "action": "print.complaint",
                    "entity": "complaint",
                    "entity_id": view.number,
                    "detail": json.dumps({"state": view.state.value, "phone": shown}),
                }
            ],
        )
        uow.commit()
    return data
