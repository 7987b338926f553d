"""The sync state in the hall database: configuration, the sender's lease, the
acknowledged sequence, parked batches, and the outbox entries still to send.

Each writing function here is its own short transaction, so that what the hub has
acknowledged is on disk before the next batch leaves, and a lease never waits behind a
long send.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from hallapp.db.models import OutboxEntry, SyncParked, SyncState
from hallapp.db.uow import UnitOfWork
from hallapp.services.sync_types import ParkedBatch, SyncBusy, SyncConfig
from hallapp.sync.protocol import Entry

UowFactory = Callable[[], UnitOfWork]

STATE = cast(Table, SyncState.__table__)
OUTBOX = cast(Table, OutboxEntry.__table__)
# Renewed before every request; the longest stretch without a renewal is one backoff wait
# (60 s at most) plus one request (5 s connect, 60 s read). A crashed sender blocks the
# others for no longer than this.
LEASE = timedelta(seconds=180)


def state_row(session: Session) -> SyncState:
    row = session.get(SyncState, 1)
    if row is None:  # the migration inserts it; a hand-made database may lack it
        row = SyncState(id=1)
        session.add(row)
        session.flush()
    return row


def config_of(row: SyncState) -> SyncConfig:
    return SyncConfig(
        hub_url=row.hub_url,
        hall_code=row.hall_code,
        secret=row.secret,
        batch_size=row.batch_size,
        acked_seq=row.acked_seq,
        catalogue_version=row.catalogue_version,
        calendar_version=row.calendar_version,
    )


def read_config(uow: UnitOfWork) -> SyncConfig:
    with uow:
        return config_of(state_row(uow.session))


def take_lease(uow: UnitOfWork, holder: str, now: datetime) -> SyncConfig:
    """Become the only sender, or raise SyncBusy. An expired lease (a sender that crashed)
    is taken over."""
    with uow:
        session = uow.session
        state_row(session)
        taken = session.execute(
            update(STATE)
            .where(STATE.c.id == 1)
            .where((STATE.c.lease_until.is_(None)) | (STATE.c.lease_until < now))
            .values(lease_holder=holder, lease_until=now + LEASE, last_attempt_at=now)
        ).rowcount  # type: ignore[attr-defined]
        if not taken:
            raise SyncBusy()
        config = config_of(state_row(session))
        uow.commit()
        return config


def renew_lease(uow: UnitOfWork, holder: str, now: datetime) -> bool:
    """False when the lease is no longer ours (it expired and another sender took it)."""
    with uow:
        renewed = uow.session.execute(
            update(STATE)
            .where(STATE.c.id == 1, STATE.c.lease_holder == holder)
            .values(lease_until=now + LEASE)
        ).rowcount  # type: ignore[attr-defined]
        uow.commit()
        return bool(renewed)


def release_lease(uow: UnitOfWork, holder: str) -> None:
    with uow:
        uow.session.execute(
            update(STATE)
            .where(STATE.c.id == 1, STATE.c.lease_holder == holder)
            .values(lease_holder=None, lease_until=None)
        )
        uow.commit()


def mark_acked(uow: UnitOfWork, seq: int) -> int:
    """Entries up to ``seq`` are delivered; the mark never moves back. The mark after."""
    with uow:
        session = uow.session
        session.execute(
            update(STATE).where(STATE.c.id == 1, STATE.c.acked_seq < seq).values(acked_seq=seq)
        )
        acked = session.execute(select(STATE.c.acked_seq).where(STATE.c.id == 1)).scalar_one()
        uow.commit()
        return int(acked)


def finish_run(uow: UnitOfWork, now: datetime, error: str) -> None:
    with uow:
        values: dict[str, object] = {"last_error": error}
        if not error:
            values["last_success_at"] = now
        uow.session.execute(update(STATE).where(STATE.c.id == 1).values(**values))
        uow.commit()


def pending_count(session: Session, acked_seq: int) -> int:
    return int(
        session.execute(
            select(func.count()).select_from(OUTBOX).where(OUTBOX.c.seq > acked_seq)
        ).scalar_one()
    )


def last_seq(session: Session) -> int:
    return int(session.execute(select(func.max(OUTBOX.c.seq))).scalar_one() or 0)


def read_entries(session: Session, after: int, limit: int) -> list[Entry]:
    """Up to ``limit`` entries after ``after``, in order, cut at the first hole in the
    sequence: a batch carries consecutive numbers only."""
    rows = session.execute(
        select(
            OUTBOX.c.seq,
            OUTBOX.c.entity,
            OUTBOX.c.entity_id,
            OUTBOX.c.op,
            OUTBOX.c.payload,
            OUTBOX.c.created_at,
        )
        .where(OUTBOX.c.seq > after)
        .order_by(OUTBOX.c.seq)
        .limit(limit)
    ).all()
    entries: list[Entry] = []
    for seq, entity, entity_id, op, payload, created_at in rows:
        if entries and seq != entries[-1].seq + 1:
            break
        entries.append(
            Entry(
                seq,
                entity,
                entity_id,
                op,
                json.loads(payload),
                created_at.isoformat(timespec="seconds"),
            )
        )
    return entries


def park(uow: UnitOfWork, first: int, last: int, code: str, message: str, now: datetime) -> None:
    with uow:
        uow.session.add(
            SyncParked(first_seq=first, last_seq=last, code=code, message=message, at=now)
        )
        uow.commit()


def open_parked(session: Session) -> list[ParkedBatch]:
    rows = session.scalars(
        select(SyncParked).where(SyncParked.cleared_at.is_(None)).order_by(SyncParked.id)
    )
    return [ParkedBatch(r.first_seq, r.last_seq, r.code, r.message, r.at) for r in rows]
