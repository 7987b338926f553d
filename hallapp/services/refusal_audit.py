"""Permission refusals (权限拒绝) written to the audit trail.

``require_any`` holds no session, and the refused call's transaction never commits, so
the record is written in a short transaction of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from hallapp.db.uow import UnitOfWork
from hallapp.services import audit
from hallapp.services.actors import Actor, RefusalRecorder, Role

REFUSED = "permission.refused"


def refusal_recorder(uow: Callable[[], UnitOfWork]) -> RefusalRecorder:
    """A recorder for ``actors.set_refusal_recorder`` writing through ``uow``."""

    def record(actor: Actor, attempted: str, roles: tuple[Role, ...]) -> None:
        with uow() as work:
            audit.record(
                work.session,
                actor,
                REFUSED,
                "staff",
                actor.staff_id if actor.staff_id is not None else actor.login,
                {
                    "attempted": attempted,
                    "needed": "或".join(r.label for r in roles),
                    "held": "、".join(sorted(r.label for r in actor.roles)) or "无",
                },
            )
            work.commit()

    return record
