"""Counts and reconcile: after a sync, does the hub hold every case the hall has?

Why the cases table and not the outbox: the outbox is pruned after delivery (the demo
database keeps only its last 30 days), so the number of distinct records it once carried
cannot be counted. Every case the hall has must be at the hub once nothing is pending,
so the hall's ``cases`` count against the hub's ``case`` count is the check; when they
differ the digest is walked and every case the hub lacks, or holds with another content
hash, is queued again as it now stands. The other entities hang off a case and have no
cheap hall-side rebuild yet; a case re-queued brings its own state, not its timeline.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from hallapp.db.models import Case, CaseFee, CaseMaterial, ItemVersion, ServiceItem
from hallapp.db.uow import UnitOfWork
from hallapp.services.outbox_records import (
    CASE,
    OUTBOX,
    UPDATE,
    case_payload,
    outbox_json,
    outbox_row,
)
from hallapp.sync.client import HubClient
from hallapp.sync.protocol import content_hash

CASES = cast(Table, Case.__table__)
MATERIALS = cast(Table, CaseMaterial.__table__)
FEES = cast(Table, CaseFee.__table__)
DIGEST_PAGE = 1000
CHUNK = 1000  # hall cases compared (and re-queued) per transaction


def hall_case_count(uow: UnitOfWork) -> int:
    with uow:
        return int(uow.session.execute(select(func.count()).select_from(CASES)).scalar_one())


def reconcile_cases(
    uow: Callable[[], UnitOfWork],
    hub: HubClient,
    now: datetime,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Queue again every case the hub lacks or holds in another state; how many."""
    requeued = checked = 0
    after = ""
    while True:
        page = hub.digest(CASE, after, DIGEST_PAGE)
        upper = page[-1][0] if len(page) >= DIGEST_PAGE else None  # None: the last page
        hub_hashes = dict(page)
        low = after
        while True:
            # Read, compare and queue in one write transaction: a clerk's change cannot
            # slip between the read and the entry, so a re-queued state is never stale.
            with uow() as unit:
                cases = _cases_between(unit.session, low, upper, CHUNK)
                rows = [
                    outbox_row(CASE, number, UPDATE, payload, now)
                    for number, payload in _payloads(unit.session, cases)
                    if hub_hashes.get(number) != content_hash(_as_synced(payload))
                ]
                if rows:
                    unit.session.connection().execute(insert(OUTBOX), rows)
                unit.commit()
            requeued += len(rows)
            checked += len(cases)
            if progress is not None:
                progress(checked)
            if len(cases) < CHUNK:
                break
            low = cases[-1]["number"]
        if upper is None:
            return requeued
        after = upper


def _as_synced(payload: Mapping[str, Any]) -> Any:
    """The payload as the hub received it: through the outbox's JSON text and back."""
    return json.loads(outbox_json(payload))


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
