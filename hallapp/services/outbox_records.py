"""The county hub's view of every synced record (docs/sync-protocol.md, "Entities"): one
payload builder per entity, its id at the hub, and the outbox entry that carries it.

Live changes and generated demo data both build their entries here, so an entry looks
the same however the record was made. Builders take plain row dicts (column name to
value) and return plain dicts; the ``queue_*`` functions read a record as it now stands
inside the caller's transaction and write its entry there, so the change and its entry
commit together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from hallapp.db.models import (
    Agent,
    Case,
    CaseAgentService,
    CaseAssignment,
    CaseDelivery,
    CaseFee,
    CaseForward,
    CaseHandover,
    CaseHandoverItem,
    CaseMaterial,
    Complaint,
    Evaluation,
    FollowUp,
    ItemVersion,
    OutboxEntry,
    ServiceItem,
    VillagePoint,
)

CASE = "case"
EVENT = "event"
HANDOVER = "handover"
FORWARD = "forward"
DELIVERY = "delivery"
AGENT_SERVICE = "agent_service"
EVALUATION = "evaluation"
COMPLAINT = "complaint"
CREATE = "create"
UPDATE = "update"

OUTBOX = cast(Table, OutboxEntry.__table__)

# Local search helpers, and the stored clock: working-day numbers mean something only
# with this hall's calendar (and change in bulk when it changes), so the hub computes its
# own from the dates and the published calendar. The notified due dates are synced.
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


def _iso(value: object) -> str:
    if isinstance(value, date | time):  # a datetime is a date
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a payload value")


# One encoder for every entry: a million demo cases write several million of them.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_iso)


def outbox_json(payload: Mapping[str, Any]) -> str:
    """The stored text of a payload: compact, Chinese kept as it is (a third of the bytes
    of \\u escapes), dates and times as ISO text."""
    return _ENCODER.encode(payload)


def outbox_row(
    entity: str, entity_id: str, op: str, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """One outbox row, for a statement of many (demo data) or of one (write_outbox)."""
    return {
        "entity": entity,
        "entity_id": entity_id,
        "op": op,
        "payload": outbox_json(payload),
        "created_at": now,
    }


def write_outbox(
    session: Session,
    entity: str,
    entity_id: str,
    op: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> None:
    """Queue one record for the county, in the caller's transaction."""
    session.connection().execute(insert(OUTBOX), outbox_row(entity, entity_id, op, payload, now))


# --- ids at the hub ---------------------------------------------------------------------


def event_entity_id(number: str, event_id: int) -> str:
    """A timeline step: the case number and the hall's event id."""
    return f"{number}/{event_id}"


def record_entity_id(hall_code: str, kind: str, record_id: int) -> str:
    """A record with no county-wide id of its own: the hall's code, the kind and the
    hall's primary key."""
    return f"{hall_code}/{kind}/{record_id}"


# --- payloads ---------------------------------------------------------------------------


def material_payload(rows: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
    return [[m["seq"], m["name"], m["status"], m["original_seen"], m["copies_taken"]] for m in rows]


def fee_payload(rows: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
    return [[f["seq"], f["name"], f["amount_fen"], f["waived"]] for f in rows]


def case_payload(
    columns: Mapping[str, Any],
    materials: Sequence[Mapping[str, Any]],
    fees: Sequence[Mapping[str, Any]],
    item_code: str,
    item_name: str,
) -> dict[str, Any]:
    """The case: every column but the local ones, what it is by the catalogue's own code
    and name (the hub has no use for the hall's catalogue ids), its materials and fees."""
    payload = {k: v for k, v in columns.items() if k not in _NOT_SYNCED}
    payload["item_code"] = item_code
    payload["item_name"] = item_name
    payload["materials"] = material_payload(materials)
    payload["fees"] = fee_payload(fees)
    return payload


def event_payload(row: Mapping[str, Any]) -> dict[str, Any]:
    """One step of the timeline (a ``case_events`` row)."""
    return {
        "action": row["action"],
        "from": row["from_state"],
        "to": row["to_state"],
        "actor": row["actor_name"],
        "at": row["at"],
        "comment": row["comment"],
    }


def handover_payload(
    row: Mapping[str, Any],
    items: Sequence[Mapping[str, Any]],
    number: str,
    hall_code: str,
) -> dict[str, Any]:
    """One 材料交接 with its items; a correction names the record it corrects by its id at
    the hub."""
    corrects = row["corrects_id"]
    return {
        "case": number,
        "at": row["at"],
        "giver": [row["giver_kind"], row["giver_ref"], row["giver_name"]],
        "receiver": [row["receiver_kind"], row["receiver_ref"], row["receiver_name"]],
        "items": [[i["material"], i["originals"], i["copies"]] for i in items],
        "corrects": None
        if corrects is None
        else record_entity_id(hall_code, HANDOVER, int(corrects)),
        "note": row["note"],
        "recorded_by": row["recorded_by"],
    }


def forward_payload(row: Mapping[str, Any], number: str) -> dict[str, Any]:
    """A 转报 to a county department, with its reply once recorded."""
    return {
        "case": number,
        "department": row["department"],
        "sent_on": row["sent_on"],
        "expected_days": row["expected_days"],
        "expected_reply_on": row["expected_reply_on"],
        "way": row["way"],
        "reply": row["reply"],
        "reply_on": row["reply_on"],
        "reply_text": row["reply_text"],
        "recorded_by": row["recorded_by"],
    }


def delivery_payload(row: Mapping[str, Any], number: str, agent_name: str) -> dict[str, Any]:
    """A 送达; only the masked ID number of the person collecting exists anywhere."""
    return {
        "case": number,
        "method": row["method"],
        "recipient_name": row["recipient_name"],
        "recipient_masked_doc": row["recipient_masked_doc"],
        "agent": agent_name,
        "tracking_number": row["tracking_number"],
        "delivered_at": row["delivered_at"],
        "recorded_by": row["recorded_by"],
    }


def agent_service_payload(
    service: Mapping[str, Any],
    village: str,
    agent_name: str,
    agent_kind: str,
    assignment: Mapping[str, Any],
) -> dict[str, Any]:
    """The 代办 record of a case: where it came from, the authorisation, and the agent
    carrying it now (``assignment``: the current one) with whether the agent accepted."""
    accepted = assignment["accepted_at"]
    return {
        "origin": service["origin"],
        "village": village,
        "village_received_on": service["village_received_on"],
        "scope": service["scope"],
        "authorised_on": service["authorised_on"],
        "agent": agent_name,
        "agent_kind": agent_kind,
        "assigned_at": assignment["assigned_at"],
        "accepted_at": accepted,
        "state": "accepted" if accepted is not None else "assigned",
    }


def evaluation_payload(
    row: Mapping[str, Any], follow_up: Mapping[str, Any] | None, number: str
) -> dict[str, Any]:
    """A 好差评 with the 回访整改 a bad rating opened: what the county's 好评率 and its
    差评整改 figures need. The applicant is the case's; nothing of them is repeated."""
    return {
        "case": number,
        "rating": row["rating"],
        "channel": row["channel"],
        "comment": row["comment"],
        "rated_at": row["rated_at"],
        "recorded_by": row["recorded_by"],
        "follow_up": None
        if follow_up is None
        else {
            "opened_on": follow_up["opened_on"],
            "days": follow_up["days"],
            "due_on": follow_up["due_on"],
            "due_provisional": follow_up["due_provisional"],
            "closed_on": follow_up["closed_on"],
            "outcome": follow_up["outcome"],
            "handler": follow_up["handler_name"],
        },
    }


def complaint_payload(row: Mapping[str, Any], case_number: str | None) -> dict[str, Any]:
    """A 效能投诉 as the county counts it: channel, whom it is about, its limit and dates,
    and whether it was substantiated. Never the complainant's name or phone, nor the free
    texts (content, findings, reply), which name them as often as not."""
    return {
        "received_at": row["received_at"],
        "channel": row["channel"],
        "anonymous": row["anonymous"],
        "subject_kind": row["subject_kind"],
        "subject_label": row["subject_label"],
        "subject_department": row["subject_department"],
        "subject_case": case_number,
        "days": row["days"],
        "extended_days": row["extended_days"],
        "due_on": row["due_on"],
        "due_provisional": row["due_provisional"],
        "handler": row["handler_name"],
        "substantiated": row["substantiated"],
        "replied_on": row["replied_on"],
        "complainant_satisfied": row["complainant_satisfied"],
        "state": row["state"],
        "closed_on": row["closed_on"],
        "registered_by": row["registered_by"],
    }


# --- queueing a record as it now stands -------------------------------------------------

_CASES = cast(Table, Case.__table__)
_MATERIALS = cast(Table, CaseMaterial.__table__)
_FEES = cast(Table, CaseFee.__table__)


def _rows(session: Session, table: Table, *where: Any, order: Any) -> list[dict[str, Any]]:
    found = session.connection().execute(select(table).where(*where).order_by(order))
    return [dict(r) for r in found.mappings()]


def _row(session: Session, table: Table, *where: Any) -> dict[str, Any]:
    return dict(session.connection().execute(select(table).where(*where)).mappings().one())


def _case_ids(session: Session, case_id: int) -> tuple[str, str]:
    """The case number and the hall code of a case."""
    number, hall_code = session.execute(
        select(Case.number, Case.hall_code).where(Case.id == case_id)
    ).one()
    return str(number), str(hall_code)


def item_of(session: Session, version_id: int) -> tuple[str, str]:
    """The 实施编码 and the name of an item version."""
    code, name = session.execute(
        select(ServiceItem.code, ItemVersion.name)
        .join(ServiceItem, ServiceItem.id == ItemVersion.item_id)
        .where(ItemVersion.id == version_id)
    ).one()
    return str(code), str(name)


def queue_case(session: Session, case_id: int, op: str, now: datetime) -> None:
    """Queue the case as it now stands (pending changes are flushed first)."""
    session.flush()
    columns = _row(session, _CASES, _CASES.c.id == case_id)
    materials = _rows(session, _MATERIALS, _MATERIALS.c.case_id == case_id, order=_MATERIALS.c.seq)
    fees = _rows(session, _FEES, _FEES.c.case_id == case_id, order=_FEES.c.seq)
    code, name = item_of(session, columns["item_version_id"])
    payload = case_payload(columns, materials, fees, code, name)
    write_outbox(session, CASE, columns["number"], op, payload, now)


def queue_handover(session: Session, handover_id: int, now: datetime) -> None:
    """Queue a hand-over; it is never edited, so it is always a creation."""
    session.flush()
    table = cast(Table, CaseHandover.__table__)
    items_table = cast(Table, CaseHandoverItem.__table__)
    row = _row(session, table, table.c.id == handover_id)
    items = _rows(
        session, items_table, items_table.c.handover_id == handover_id, order=items_table.c.seq
    )
    number, hall_code = _case_ids(session, row["case_id"])
    payload = handover_payload(row, items, number, hall_code)
    write_outbox(
        session, HANDOVER, record_entity_id(hall_code, HANDOVER, handover_id), CREATE, payload, now
    )


def queue_forward(session: Session, forward_id: int, op: str, now: datetime) -> None:
    """Queue a forward: ``create`` when sent, ``update`` when its reply is recorded."""
    session.flush()
    table = cast(Table, CaseForward.__table__)
    row = _row(session, table, table.c.id == forward_id)
    number, hall_code = _case_ids(session, row["case_id"])
    entity_id = record_entity_id(hall_code, FORWARD, forward_id)
    write_outbox(session, FORWARD, entity_id, op, forward_payload(row, number), now)


def queue_delivery(session: Session, delivery_id: int, now: datetime) -> None:
    session.flush()
    table = cast(Table, CaseDelivery.__table__)
    row = _row(session, table, table.c.id == delivery_id)
    number, hall_code = _case_ids(session, row["case_id"])
    agent = ""
    if row["agent_id"] is not None:
        agent = session.scalar(select(Agent.name).where(Agent.id == row["agent_id"])) or ""
    entity_id = record_entity_id(hall_code, DELIVERY, delivery_id)
    write_outbox(session, DELIVERY, entity_id, CREATE, delivery_payload(row, number, agent), now)


def queue_agent_service(session: Session, case_id: int, op: str, now: datetime) -> None:
    """Queue the case's 代办 record with its current agent (the latest assignment not
    ended, else the latest)."""
    session.flush()
    table = cast(Table, CaseAgentService.__table__)
    assignments = cast(Table, CaseAssignment.__table__)
    service = _row(session, table, table.c.case_id == case_id)
    every = _rows(session, assignments, assignments.c.case_id == case_id, order=assignments.c.id)
    current = next((a for a in reversed(every) if a["ended_at"] is None), every[-1])
    agent_name, agent_kind = session.execute(
        select(Agent.name, Agent.kind).where(Agent.id == current["agent_id"])
    ).one()
    village = ""
    if service["village_point_id"] is not None:
        village = (
            session.scalar(
                select(VillagePoint.village).where(VillagePoint.id == service["village_point_id"])
            )
            or ""
        )
    number, _ = _case_ids(session, case_id)
    payload = agent_service_payload(service, village, agent_name, agent_kind, current)
    write_outbox(session, AGENT_SERVICE, number, op, payload, now)


def queue_evaluation(session: Session, evaluation_id: int, op: str, now: datetime) -> None:
    """Queue a rating with its follow-up: ``create`` when rated, ``update`` when the
    follow-up is closed."""
    session.flush()
    table = cast(Table, Evaluation.__table__)
    follow_ups = cast(Table, FollowUp.__table__)
    row = _row(session, table, table.c.id == evaluation_id)
    found = _rows(
        session, follow_ups, follow_ups.c.evaluation_id == evaluation_id, order=follow_ups.c.id
    )
    number, _ = _case_ids(session, row["case_id"])
    payload = evaluation_payload(row, found[0] if found else None, number)
    write_outbox(session, EVALUATION, number, op, payload, now)


def queue_complaint(session: Session, complaint_id: int, op: str, now: datetime) -> None:
    """Queue a complaint as it now stands: ``create`` when registered, ``update`` after
    every later step."""
    session.flush()
    table = cast(Table, Complaint.__table__)
    row = _row(session, table, table.c.id == complaint_id)
    case_number = None
    if row["subject_case_id"] is not None:
        case_number, _ = _case_ids(session, row["subject_case_id"])
    write_outbox(session, COMPLAINT, row["number"], op, complaint_payload(row, case_number), now)
