"""The audit record that every service writes in the same transaction as its change.

Every insert of an audit record goes through ``append``, which links it into the hash
chain (hallapp.core.audit_chain). The last link is read inside the writing transaction:
write sessions begin with BEGIN IMMEDIATE (hallapp.db.engine.WRITE), so SQLite lets one
writer at a time hold the database from that read to the commit, and no other record can
slip in between the read and the insert. (A deferred transaction could not do harm
either: in WAL mode SQLite refuses to let a reader whose snapshot is stale become a
writer.) The table's triggers (migration 0009) refuse any later update or deletion.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, select
from sqlalchemy.orm import Session

from hallapp.core.audit_chain import GENESIS, record_hash
from hallapp.db.models import AuditRecord
from hallapp.services.actors import Actor

AUDIT = cast(Table, AuditRecord.__table__)


def last_link(conn: Connection) -> tuple[int, str]:
    """The id and hash of the newest record, or ``(0, GENESIS)`` for an empty trail."""
    row = conn.execute(
        select(AUDIT.c.id, AUDIT.c.hash).order_by(AUDIT.c.id.desc()).limit(1)
    ).first()
    return (row.id, row.hash) if row else (0, GENESIS)


def append(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert audit rows in order, each given its id and its place in the chain.

    ``rows`` hold the columns ``at, actor_id, actor_name, action, entity, entity_id,
    detail``; ``id``, ``prev_hash`` and ``hash`` are set here (in the dicts themselves).
    Ids are given before the insert because the hash covers them.
    """
    if not rows:
        return
    conn = session.connection()
    last_id, prev = last_link(conn)
    for row in rows:
        last_id += 1
        row["id"] = last_id
        row["prev_hash"] = prev
        prev = row["hash"] = record_hash(
            prev,
            last_id,
            row["at"],
            row["actor_id"],
            row["actor_name"],
            row["action"],
            row["entity"],
            row["entity_id"],
            row["detail"],
        )
    conn.execute(insert(AUDIT), list(rows))


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: str | int,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """``at``: the moment of the change the record describes, when the caller has one
    (the step's own time); now otherwise."""
    # The record is inserted at once, not left pending in the session, so the next
    # record of the same transaction chains from it; the flush first writes the rows it
    # may refer to (a staff member added by the same call).
    session.flush()
    append(
        session,
        [
            {
                "at": at or datetime.now(),
                "actor_id": actor.staff_id,
                "actor_name": actor.name,
                "action": action,
                "entity": entity,
                "entity_id": str(entity_id),
                "detail": json.dumps(detail or {}, ensure_ascii=False, default=str),
            }
        ],
    )
