"""The rows that make up a case, and the records written beside every change of one:
its timeline step, the audit record and the outbox entry for the county hub.

Intake, later steps and demo data all build their rows here, so a case looks the same
however it was made.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from hallapp.core.intake import Applicant, ApplicantKind, MaterialLine
from hallapp.db.models import (
    AuditRecord,
    Case,
    CaseEvent,
    CaseFee,
    CaseMaterial,
    IntakeDraft,
    OutboxEntry,
)
from hallapp.services.actors import Actor


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


# Local search helpers, and the stored clock: working-day numbers mean something only
# with this hall's calendar, and the hub computes its own from the dates.
_NOT_SYNCED = frozenset(
    {
        "id",
        "applicant_doc_rev",
        "applicant_phone_rev",
        "idempotency_key",
        "clock",
        "due_no",
        "legal_no",
        "warn_no",
        "promised_days",
        "paused_since",
        "resume_no",
    }
)


def case_payload(columns: dict[str, Any], materials: list[list[Any]], fees: list[list[Any]]) -> str:
    """The case as the county hub should see it: every column but the local search helpers,
    with its materials and fees. One shape for the counter, every later step and demo data."""
    payload = {k: v for k, v in columns.items() if k not in _NOT_SYNCED}
    payload["materials"] = materials
    payload["fees"] = fees
    return json.dumps(payload, ensure_ascii=False, default=str, separators=(",", ":"))


CASES = cast(Table, Case.__table__)
MATERIALS = cast(Table, CaseMaterial.__table__)
FEES = cast(Table, CaseFee.__table__)
EVENTS = cast(Table, CaseEvent.__table__)
AUDIT = cast(Table, AuditRecord.__table__)
OUTBOX = cast(Table, OutboxEntry.__table__)
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


def material_payload(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [[m["seq"], m["name"], m["status"], m["original_seen"], m["copies_taken"]] for m in rows]


def fee_payload(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [[f["seq"], f["name"], f["amount_fen"], f["waived"]] for f in rows]


def write_outbox(session: Session, number: str, op: str, payload: str, now: datetime) -> None:
    session.connection().execute(
        insert(OUTBOX),
        {"entity": "case", "entity_id": number, "op": op, "payload": payload, "created_at": now},
    )


def queue_case(session: Session, case_id: int, op: str, now: datetime) -> None:
    """Queue the case as it now stands in the database (after a later step)."""
    conn = session.connection()
    columns = dict(conn.execute(select(CASES).where(CASES.c.id == case_id)).mappings().one())
    materials = [
        dict(m)
        for m in conn.execute(
            select(MATERIALS).where(MATERIALS.c.case_id == case_id).order_by(MATERIALS.c.seq)
        ).mappings()
    ]
    fees = [
        dict(f)
        for f in conn.execute(
            select(FEES).where(FEES.c.case_id == case_id).order_by(FEES.c.seq)
        ).mappings()
    ]
    payload = case_payload(columns, material_payload(materials), fee_payload(fees))
    write_outbox(session, columns["number"], op, payload, now)


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
    session.connection().execute(
        insert(EVENTS),
        {
            "case_id": case_id,
            "at": now,
            "actor_id": actor.staff_id,
            "actor_name": actor.name,
            "action": action,
            "from_state": before,
            "to_state": after,
            "comment": comment,
        },
    )


def add_audit(
    session: Session,
    actor: Actor,
    action: str,
    case_id: int,
    detail: dict[str, Any],
    now: datetime,
) -> None:
    session.connection().execute(
        insert(AUDIT),
        {
            "at": now,
            "actor_id": actor.staff_id,
            "actor_name": actor.name,
            "action": action,
            "entity": "case",
            "entity_id": str(case_id),
            "detail": json.dumps(detail, ensure_ascii=False, default=str),
        },
    )
