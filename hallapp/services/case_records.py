"""The rows that make up a case, and the records written beside every change of one:
its timeline step (queued for the county hub with it) and the audit record. The outbox
entries themselves are built in services.outbox_records.

Intake, later steps and demo data all build their rows here, so a case looks the same
however it was made.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from hallapp.core.intake import Applicant, ApplicantKind, MaterialLine
from hallapp.db.models import (
    Case,
    CaseEvent,
    CaseFee,
    CaseMaterial,
    IntakeDraft,
)
from hallapp.services import audit
from hallapp.services.actors import Actor
from hallapp.services.outbox_records import (
    CREATE,
    EVENT,
    event_entity_id,
    event_payload,
    write_outbox,
)


def reversed_text(text: str) -> str:
    return text[::-1]


def applicant_columns(a: Applicant, today: date) -> dict[str, Any]:
    sex, birth = "", None
    if a.kind is ApplicantKind.PERSON and a.doc_type.value == "resident_id":
        from hallapp.core.identity import check_resident_id

        rid = check_resident_id(a.doc_number, today)
        sex, birth = rid.sex.value, rid.birth_date
    return {
        "applicant_kind": a.kind.value,
        "applicant_name": a.name,
        "applicant_doc_type": a.doc_type.value,
        "applicant_doc_number": a.doc_number,
        "applicant_doc_rev": reversed_text(a.doc_number),
        "applicant_phone": a.phone,
        "applicant_phone_rev": reversed_text(a.phone),
        "applicant_address": a.address,
        "applicant_sex": sex,
        "applicant_birth_date": birth,
        "legal_representative": a.legal_representative,
    }


def proxy_columns(p: Applicant | None) -> dict[str, Any]:
    if p is None:
        return {"proxy_name": "", "proxy_doc_type": "", "proxy_doc_number": "", "proxy_phone": ""}
    return {
        "proxy_name": p.name,
        "proxy_doc_type": p.doc_type.value,
        "proxy_doc_number": p.doc_number,
        "proxy_phone": p.phone,
    }


def material_rows(case_id: int, materials: tuple[MaterialLine, ...]) -> list[dict[str, Any]]:
    return [
        {
            "case_id": case_id,
            "seq": i,
            "name": m.name,
            "form": m.form,
            "copies_required": m.copies_required,
            "required": m.required,
            "status": m.status.value,
            "original_seen": m.original_seen,
            "copies_taken": m.copies_taken,
            "problem": m.problem,
            "extra": m.extra,
        }
        for i, m in enumerate(materials, start=1)
    ]


CASES = cast(Table, Case.__table__)
MATERIALS = cast(Table, CaseMaterial.__table__)
FEES = cast(Table, CaseFee.__table__)
EVENTS = cast(Table, CaseEvent.__table__)
DRAFTS = cast(Table, IntakeDraft.__table__)


def _blank_case() -> dict[str, Any]:
    """Every case column with its default: the payload has one shape whatever was set."""
    blank: dict[str, Any] = {}
    for column in CASES.columns:
        if column.key != "id":
            default = getattr(column.default, "arg", None)
            blank[column.key] = None if callable(default) else default
    return blank


BLANK_CASE = _blank_case()


def add_event(
    session: Session,
    case_id: int,
    actor: Actor,
    action: str,
    before: str,
    after: str,
    comment: str,
    now: datetime,
) -> None:
    """One step of the timeline, queued for the county with it (entity ``event``)."""
    row = {
        "case_id": case_id,
        "at": now,
        "actor_id": actor.staff_id,
        "actor_name": actor.name,
        "action": action,
        "from_state": before,
        "to_state": after,
        "comment": comment,
    }
    conn = session.connection()
    event_id = conn.execute(insert(EVENTS).returning(EVENTS.c.id), row).scalar_one()
    number = conn.execute(select(CASES.c.number).where(CASES.c.id == case_id)).scalar_one()
    write_outbox(session, EVENT, event_entity_id(number, event_id), CREATE, event_payload(row), now)


def add_audit(
    session: Session,
    actor: Actor,
    action: str,
    case_id: int,
    detail: dict[str, Any],
    now: datetime,
) -> None:
    audit.record(session, actor, action, "case", case_id, detail, at=now)
