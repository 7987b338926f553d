"""Permission refusals (权限拒绝) written to the audit trail.

``require_any`` holds no session, and the refused call's transaction never commits, so
the record is written in a short transaction of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from hallapp.db.uow import UnitOfWork
from hallapp.services import audit
from hallapp.services.actors import Actor, RefusalRecorder, Role, set_refusal_recorder

REFUSED = "permission.refused"


class RefusalAudit:
    """The recorder for ``actors.set_refusal_recorder``, writing through ``uow``."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow
        self.previous: RefusalRecorder | None = None

    def __call__(self, actor: Actor, attempted: str, roles: tuple[Role, ...]) -> None:
        with self.uow() as work:
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


def record_refusals_to(uow: Callable[[], UnitOfWork]) -> None:
    """Refusals from now on go to the database behind ``uow`` (the one just opened)."""
    recorder = RefusalAudit(uow)
    recorder.previous = set_refusal_recorder(recorder)


def stop_recording_to(uow: Callable[[], UnitOfWork]) -> None:
    """The database behind ``uow`` is closing: refusals go back to where they went before
    it was opened, never to a closed file."""
    current = set_refusal_recorder(None)
    if isinstance(current, RefusalAudit) and current.uow is uow:
        set_refusal_recorder(current.previous)
    else:
        set_refusal_recorder(current)
