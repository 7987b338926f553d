"""Reconcile of the records that hang off a case (timeline steps, hand-overs, forwards,
deliveries, 代办 records, ratings) and of the complaints: every one the hub lacks, or
holds with another content hash, is queued again as it now stands.

Their ids at the hub (``NUMBER/7``, ``HALLCODE/handover/12``) sort as text, not in the
order of the hall's keys, so the two sides cannot be walked side by side. The hub's digest
of the entity is read whole into a dict (short strings: about 65 MB for the
300,000 timeline steps of 100,000 cases) and the hall's rows are walked in chunks by
primary key, each payload built by the same builder as the live writer's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import Column, Table, insert, select
from sqlalchemy.orm import Session

from hallapp.db.models import (
    Agent,
    Case,
    CaseAgentService,
    CaseAssignment,
    CaseDelivery,
    CaseEvent,
    CaseForward,
    CaseHandover,
    CaseHandoverItem,
    Complaint,
    Evaluation,
    FollowUp,
    VillagePoint,
)
from hallapp.db.uow import UnitOfWork
from hallapp.services.outbox_records import (
    AGENT_SERVICE,
    COMPLAINT,
    DELIVERY,
    EVALUATION,
    EVENT,
    FORWARD,
    HANDOVER,
    OUTBOX,
    UPDATE,
    agent_service_payload,
    complaint_payload,
    delivery_payload,
    evaluation_payload,
    event_entity_id,
    event_payload,
    forward_payload,
    handover_payload,
    outbox_json,
    outbox_row,
    record_entity_id,
)
from hallapp.sync.client import HubClient
from hallapp.sync.protocol import content_hash

T = TypeVar("T")

CASES = cast(Table, Case.__table__)
EVENTS = cast(Table, CaseEvent.__table__)
HANDOVERS = cast(Table, CaseHandover.__table__)
HANDOVER_ITEMS = cast(Table, CaseHandoverItem.__table__)
FORWARDS = cast(Table, CaseForward.__table__)
DELIVERIES = cast(Table, CaseDelivery.__table__)
SERVICES = cast(Table, CaseAgentService.__table__)
ASSIGNMENTS = cast(Table, CaseAssignment.__table__)
EVALUATIONS = cast(Table, Evaluation.__table__)
FOLLOW_UPS = cast(Table, FollowUp.__table__)
COMPLAINTS = cast(Table, Complaint.__table__)

DIGEST_PAGE = 5000  # the most the hub answers in one digest page
CHUNK = 1000  # hall rows compared (and re-queued) per transaction

# A chunk of the hall's rows: (primary key, id at the hub, payload) each.
Found = list[tuple[int, str, dict[str, Any]]]
Reader = Callable[[Session, int, int], Found]


class Caller(Protocol):
    """How a request to the hub is made: the sender's ``call`` (retries of transient
    failures, the lease renewed before each), or the request as it is."""

    def __call__(self, request: Callable[[], T]) -> T: ...


def direct(request: Callable[[], T]) -> T:
    return request()


def as_synced(payload: Mapping[str, Any]) -> Any:
    """The payload as the hub received it: through the outbox's JSON text and back."""
    return json.loads(outbox_json(payload))


def queue_differing(
    session: Session,
    entity: str,
    found: Iterable[tuple[str, dict[str, Any]]],
    at_hub: Mapping[str, str],
    now: datetime,
) -> int:
    """Queue as an update, in the caller's transaction, each of ``found`` (id at the hub,
    payload) that the hub lacks or holds with another content hash; how many."""
    rows = [
        outbox_row(entity, entity_id, UPDATE, payload, now)
        for entity_id, payload in found
        if at_hub.get(entity_id) != content_hash(as_synced(payload))
    ]
    if rows:
        session.connection().execute(insert(OUTBOX), rows)
    return len(rows)


def hub_hashes(hub: HubClient, entity: str, call: Caller = direct) -> dict[str, str]:
    """Every record of ``entity`` the hub holds for this hall, with its content hash.
    Paged by the hub's own order, whatever its collation makes of the ids."""
    found: dict[str, str] = {}
    after = ""
    while True:
        page = call(partial(hub.digest, entity, after, DIGEST_PAGE))
        found.update(page)
        if len(page) < DIGEST_PAGE:
            return found
        after = page[-1][0]


def reconcile_records(
    uow: Callable[[], UnitOfWork],
    hub: HubClient,
    entity: str,
    now: datetime,
    progress: Callable[[int], None] | None = None,
    call: Caller = direct,
) -> int:
    """Queue again every record of ``entity`` (not ``case``) the hub lacks or holds in
    another state; how many."""
    at_hub = hub_hashes(hub, entity, call)
    read = READERS[entity]
    requeued = checked = after = 0
    while True:
        # Read, compare and queue in one write transaction, as for cases: a clerk's change
        # cannot slip between the read and the entry.
        with uow() as unit:
            found = read(unit.session, after, CHUNK)
            queued = queue_differing(
                unit.session, entity, ((i, p) for _, i, p in found), at_hub, now
            )
            unit.commit()
        requeued += queued
        checked += len(found)
        if progress is not None:
            progress(checked)
        if len(found) < CHUNK:
            return requeued
        after = found[-1][0]


# --- the hall's rows, a chunk at a time, with their payloads as the live writer builds them


def _chunk(
    session: Session, table: Table, key: Column[Any], after: int, limit: int
) -> list[dict[str, Any]]:
    """Rows of ``table`` after the key ``after``, each with its case's number and hall."""
    query = (
        select(table, CASES.c.number, CASES.c.hall_code)
        .join(CASES, CASES.c.id == table.c.case_id)
        .where(key > after)
        .order_by(key)
        .limit(limit)
    )
    return [dict(r) for r in session.connection().execute(query).mappings()]


def _grouped(
    session: Session, table: Table, key: Column[Any], ids: Sequence[int], order: Column[Any]
) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    if ids:
        found = session.connection().execute(select(table).where(key.in_(ids)).order_by(key, order))
        for r in found.mappings():
            grouped.setdefault(r[key.name], []).append(dict(r))
    return grouped


def _agents(session: Session) -> dict[int, tuple[str, str]]:
    """Every agent's name and kind (a few dozen; their ID numbers are not read)."""
    found = session.execute(select(Agent.id, Agent.name, Agent.kind))
    return {i: (str(name), str(kind)) for i, name, kind in found}


def read_events(session: Session, after: int, limit: int) -> Found:
    rows = _chunk(session, EVENTS, EVENTS.c.id, after, limit)
    return [(r["id"], event_entity_id(r["number"], r["id"]), event_payload(r)) for r in rows]


def read_handovers(session: Session, after: int, limit: int) -> Found:
    rows = _chunk(session, HANDOVERS, HANDOVERS.c.id, after, limit)
    items = _grouped(
        session,
        HANDOVER_ITEMS,
        HANDOVER_ITEMS.c.handover_id,
        [r["id"] for r in rows],
        HANDOVER_ITEMS.c.seq,
    )
    return [
        (
            r["id"],
            record_entity_id(r["hall_code"], HANDOVER, r["id"]),
            handover_payload(r, items.get(r["id"], []), r["number"], r["hall_code"]),
        )
        for r in rows
    ]


def read_forwards(session: Session, after: int, limit: int) -> Found:
    rows = _chunk(session, FORWARDS, FORWARDS.c.id, after, limit)
    return [
        (
            r["id"],
            record_entity_id(r["hall_code"], FORWARD, r["id"]),
            forward_payload(r, r["number"]),
        )
        for r in rows
    ]


def read_deliveries(session: Session, after: int, limit: int) -> Found:
    rows = _chunk(session, DELIVERIES, DELIVERIES.c.id, after, limit)
    agents = _agents(session) if rows else {}
    return [
        (
            r["id"],
            record_entity_id(r["hall_code"], DELIVERY, r["id"]),
            delivery_payload(
                r, r["number"], agents[r["agent_id"]][0] if r["agent_id"] is not None else ""
            ),
        )
        for r in rows
    ]


def read_agent_services(session: Session, after: int, limit: int) -> Found:
    rows = _chunk(session, SERVICES, SERVICES.c.case_id, after, limit)
    if not rows:
        return []
    assignments = _grouped(
        session, ASSIGNMENTS, ASSIGNMENTS.c.case_id, [r["case_id"] for r in rows], ASSIGNMENTS.c.id
    )
    agents = _agents(session)
    villages = {
        int(i): str(v) for i, v in session.execute(select(VillagePoint.id, VillagePoint.village))
    }
    found: Found = []
    for r in rows:
        every = assignments.get(r["case_id"])
        if not every:  # never written without its first agent; nothing to send without one
            continue
        # The current agent, as queue_agent_service chooses it: the latest not taken off.
        current = next((a for a in reversed(every) if a["ended_at"] is None), every[-1])
        name, kind = agents[current["agent_id"]]
        point = r["village_point_id"]
        village = (villages.get(point) or "") if point is not None else ""
        payload = agent_service_payload(r, village, name, kind, current)
        found.append((r["case_id"], r["number"], payload))
    return found


def read_evaluations(session: Session, after: int, limit: int) -> Found:
    rows = _chunk(session, EVALUATIONS, EVALUATIONS.c.id, after, limit)
    follow_ups = _grouped(
        session,
        FOLLOW_UPS,
        FOLLOW_UPS.c.evaluation_id,
        [r["id"] for r in rows],
        FOLLOW_UPS.c.id,
    )
    found: Found = []
    for r in rows:
        follow_up = follow_ups.get(r["id"])
        payload = evaluation_payload(r, follow_up[0] if follow_up else None, r["number"])
        found.append((r["id"], r["number"], payload))
    return found


def read_complaints(session: Session, after: int, limit: int) -> Found:
    """Complaints stand on their own (a case is only one of the things they may be
    about): read by their key, the numbers of the cases they name looked up."""
    conn = session.connection()
    rows = [
        dict(r)
        for r in conn.execute(
            select(COMPLAINTS).where(COMPLAINTS.c.id > after).order_by(COMPLAINTS.c.id).limit(limit)
        ).mappings()
    ]
    case_ids = {r["subject_case_id"] for r in rows if r["subject_case_id"] is not None}
    numbers: dict[int, str] = {}
    if case_ids:
        found_numbers = conn.execute(
            select(CASES.c.id, CASES.c.number).where(CASES.c.id.in_(case_ids))
        )
        numbers = {int(i): str(n) for i, n in found_numbers}
    return [
        (r["id"], r["number"], complaint_payload(r, numbers.get(r["subject_case_id"])))
        for r in rows
    ]


READERS: dict[str, Reader] = {
    EVENT: read_events,
    HANDOVER: read_handovers,
    FORWARD: read_forwards,
    DELIVERY: read_deliveries,
    AGENT_SERVICE: read_agent_services,
    EVALUATION: read_evaluations,
    COMPLAINT: read_complaints,
}
