"""The audit record that every service writes in the same transaction as its change."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hallapp.db.models import AuditRecord
from hallapp.services.actors import Actor


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: str | int,
    detail: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditRecord(
            at=datetime.now(),
            actor_id=actor.staff_id,
            actor_name=actor.name,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            detail=json.dumps(detail or {}, ensure_ascii=False, default=str),
        )
    )
