"""Counts and reconcile: after a sync, does the hub hold every record the hall has?

Why the hall's tables and not the outbox: the outbox is pruned after delivery (the demo
database keeps only its last 30 days), so the number of distinct records it once carried
cannot be counted. Every record the hall has must be at the hub once nothing is pending,
so per entity the count of its table against the hub's count is the check. Only an entity
whose counts differ is reconciled: the hub's digest is compared with the hall's records and
every record the hub lacks, or holds with another content hash, is queued again as it now
stands. Cases, the many, are walked side by side with the digest in bounded memory (case
numbers, of one fixed shape, sort the same at both ends); the other entities, whose ids
do not, are reconciled in ``sync_reconcile_records``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from functools import partial
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from hallapp.db.models import Case, CaseFee, CaseMaterial, ItemVersion, ServiceItem
from hallapp.db.uow import UnitOfWork
from hallapp.services.outbox_records import (
    AGENT_SERVICE,
    CASE,
    COMPLAINT,
    DELIVERY,
    EVALUATION,
    EVENT,
    FORWARD,
    HANDOVER,
    case_payload,
)
from hallapp.services.sync_reconcile_records import (
    COMPLAINTS,
    DELIVERIES,
    EVALUATIONS,
    EVENTS,
    FORWARDS,
    HANDOVERS,
    SERVICES,
    Caller,
    direct,
    queue_differing,
    reconcile_records,
)
from hallapp.sync.client import HubClient

CASES = cast(Table, Case.__table__)
MATERIALS = cast(Table, CaseMaterial.__table__)
FEES = cast(Table, CaseFee.__table__)
DIGEST_PAGE = 1000
CHUNK = 1000  # hall cases compared (and re-queued) per transaction

# Each synced entity and the hall table holding one row per record of it.
TABLES: dict[str, Table] = {
    CASE: CASES,
    EVENT: EVENTS,
    HANDOVER: HANDOVERS,
    FORWARD: FORWARDS,
    DELIVERY: DELIVERIES,
    AGENT_SERVICE: SERVICES,
    EVALUATION: EVALUATIONS,
    COMPLAINT: COMPLAINTS,
}


def hall_counts(uow: UnitOfWork) -> dict[str, int]:
    """How many records of each entity the hall has, read in one transaction."""
    with uow:
        conn = uow.session.connection()
        return {
            entity: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for entity, table in TABLES.items()
        }


def reconcile(
    uow: Callable[[], UnitOfWork],
    hub: HubClient,
    hall: Mapping[str, int],
    at_hub: Mapping[str, int],
    now: datetime,
    progress: Callable[[int], None] | None = None,
    call: Caller = direct,
) -> int:
    """Reconcile each entity whose count at the hub (``at_hub``) differs from the hall's
    (``hall``, from ``hall_counts``); how many records were queued again. ``progress``
    hears the records checked so far, counting an entity whose counts agree as checked;
    it ends at the sum of ``hall``."""
    reported: int | None = None

    def report(done: int) -> None:
        nonlocal reported
        if progress is not None and done != reported:
            progress(done)
        reported = done

    requeued = done = 0
    for entity in TABLES:
        count = hall.get(entity, 0)
        if at_hub.get(entity, 0) != count:

            def step(checked: int, base: int = done) -> None:
                report(base + checked)

            if entity == CASE:
                requeued += reconcile_cases(uow, hub, now, step, call)
            else:
                requeued += reconcile_records(uow, hub, entity, now, step, call)
        done += count
    report(sum(hall.values()))
    return requeued


def reconcile_cases(
    uow: Callable[[], UnitOfWork],
    hub: HubClient,
    now: datetime,
    progress: Callable[[int], None] | None = None,
    call: Caller = direct,
) -> int:
    """Queue again every case the hub lacks or holds in another state; how many."""
    requeued = checked = 0
    after = ""
    while True:
        page = call(partial(hub.digest, CASE, after, DIGEST_PAGE))
        upper = page[-1][0] if len(page) >= DIGEST_PAGE else None  # None: the last page
        hub_hashes = dict(page)
        low = after
        while True:
            # Read, compare and queue in one write transaction: a clerk's change cannot
            # slip between the read and the entry, so a re-queued state is never stale.
            with uow() as unit:
                cases = _cases_between(unit.session, low, upper, CHUNK)
                found = _payloads(unit.session, cases)
                queued = queue_differing(unit.session, CASE, found, hub_hashes, now)
                unit.commit()
            requeued += queued
            checked += len(cases)
            if progress is not None:
                progress(checked)
            if len(cases) < CHUNK:
                break
            low = cases[-1]["number"]
        if upper is None:
            return requeued
        after = upper


def _cases_between(
    session: Session, low: str, high: str | None, limit: int
) -> list[dict[str, Any]]:
    query = select(CASES).where(CASES.c.number > low)
    if high is not None:
        query = query.where(CASES.c.number <= high)
    found = session.connection().execute(query.order_by(CASES.c.number).limit(limit))
    return [dict(r) for r in found.mappings()]


def _payloads(
    session: Session, cases: list[dict[str, Any]]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each case's payload, built as queue_case builds it, for a chunk at a time."""
    if not cases:
        return
    conn = session.connection()
    ids = [c["id"] for c in cases]
    materials: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for m in conn.execute(
        select(MATERIALS)
        .where(MATERIALS.c.case_id.in_(ids))
        .order_by(MATERIALS.c.case_id, MATERIALS.c.seq)
    ).mappings():
        materials[m["case_id"]].append(dict(m))
    fees: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for f in conn.execute(
        select(FEES).where(FEES.c.case_id.in_(ids)).order_by(FEES.c.case_id, FEES.c.seq)
    ).mappings():
        fees[f["case_id"]].append(dict(f))
    versions = {c["item_version_id"] for c in cases}
    items = {
        v: (str(code), str(name))
        for v, code, name in conn.execute(
            select(ItemVersion.id, ServiceItem.code, ItemVersion.name)
            .join(ServiceItem, ServiceItem.id == ItemVersion.item_id)
            .where(ItemVersion.id.in_(versions))
        )
    }
    for case in cases:
        code, name = items[case["item_version_id"]]
        yield (
            case["number"],
            case_payload(case, materials[case["id"]], fees[case["id"]], code, name),
        )
