"""The sync state in the hall database: configuration, the sender's lease, the
acknowledged sequence, parked batches, and the outbox entries still to send.

Each writing function here is its own short transaction, so that what the hub has
acknowledged is on disk while the next batch is on its way (``sync_marks``), and a lease
never waits behind a long send. The entries ahead of the sender are read in transactions that only read
(``read_ahead``): packing the next batch never holds the write lock a clerk's save needs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from hallapp.db.engine import WRITE
from hallapp.db.models import OutboxEntry, SyncParked, SyncState
from hallapp.db.uow import UnitOfWork
from hallapp.services.sync_types import ParkedBatch, SyncBusy, SyncConfig
from hallapp.sync.protocol import Entry, RawEntry

UowFactory = Callable[[], UnitOfWork]

STATE = cast(Table, SyncState.__table__)
OUTBOX = cast(Table, OutboxEntry.__table__)
# A crashed sender blocks the others for no longer than this.
LEASE = timedelta(seconds=180)
# The sender renews before a request once this much has passed since its last renewal
# (one UPDATE and one fsync each, so not before every batch). The longest stretch without
# a renewal is then this, one request (5 s connect, 60 s read) and one backoff wait (60 s
# at most): 155 s, inside the lease.
RENEW_EVERY = timedelta(seconds=30)


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


def mark_acked(
    uow: UnitOfWork, seq: int, record: Callable[[Session, int], None] | None = None
) -> int:
    """Entries up to ``seq`` are delivered; the mark never moves back. The mark after.
    ``record`` writes the audit record of a hand-made delivery (an ack file) in the same
    transaction; the sender's acknowledgements over HTTP are not audited one by one."""
    with uow:
        session = uow.session
        session.execute(
            update(STATE).where(STATE.c.id == 1, STATE.c.acked_seq < seq).values(acked_seq=seq)
        )
        acked = int(session.execute(select(STATE.c.acked_seq).where(STATE.c.id == 1)).scalar_one())
        if record is not None:
            record(session, acked)
        uow.commit()
        return acked


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
    return [
        Entry(seq, entity, entity_id, op, json.loads(payload), created_at)
        for seq, entity, entity_id, op, payload, created_at in read_raw_entries(
            session, after, limit
        )
    ]


def read_raw_entries(session: Session, after: int, limit: int) -> list[RawEntry]:
    """``read_entries`` with each payload left as the JSON text the outbox stores, for
    ``protocol.make_batch_from_rows``."""
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
    entries: list[RawEntry] = []
    for seq, entity, entity_id, op, payload, created_at in rows:
        if entries and seq != entries[-1].seq + 1:
            break
        entries.append(
            RawEntry(seq, entity, entity_id, op, payload, created_at.isoformat(timespec="seconds"))
        )
    return entries


@dataclass(frozen=True)
class Ahead:
    """What the sender needs to know before it sends the entries after some sequence."""

    entries: list[RawEntry]
    blocked: ParkedBatch | None  # the first parked batch that reaches past that sequence
    newest: int  # the highest sequence in the outbox


def read_ahead(uow: UnitOfWork, after: int, limit: int) -> Ahead:
    """The next entries after ``after`` (up to ``limit``), read in one transaction that
    only reads: a deferred BEGIN, which never waits for the write lock nor holds it."""
    with uow:
        session = uow.session
        session.connection(execution_options=dict.fromkeys(WRITE, False))
        blocked = [p for p in open_parked(session) if p.last_seq > after]
        return Ahead(
            read_raw_entries(session, after, limit),
            blocked[0] if blocked else None,
            last_seq(session),
        )


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
