"""The acting user and the roles a service asks for."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from hallapp.errors import PermissionDenied


class Role(StrEnum):
    CLERK = "clerk"  # 窗口人员
    AGENT = "agent"  # 代办员
    SUPERVISOR = "supervisor"  # 中心负责人
    ADMIN = "admin"  # 管理员
    READONLY = "readonly"  # 只读

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.CLERK: "窗口人员",
    Role.AGENT: "代办员",
    Role.SUPERVISOR: "中心负责人",
    Role.ADMIN: "管理员",
    Role.READONLY: "只读用户",
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a staff member, or the command line acting for the hall's admin."""

    staff_id: int | None
    login: str
    name: str
    roles: frozenset[Role]

    def has_any(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


_log = logging.getLogger(__name__)

# Called with (actor, attempted action, roles that would have allowed it) before a
# refusal is raised. Set by the composition root, which alone knows the database.
RefusalRecorder = Callable[[Actor, str, tuple[Role, ...]], None]
_refusal_recorder: RefusalRecorder | None = None


def set_refusal_recorder(recorder: RefusalRecorder | None) -> RefusalRecorder | None:
    """Install the recorder of permission refusals (审计); returns the previous one."""
    global _refusal_recorder
    previous, _refusal_recorder = _refusal_recorder, recorder
    return previous


def require_any(actor: Actor, action: str, *roles: Role) -> None:
    """Refuse ``action`` unless the actor holds one of ``roles``; say which role it needs."""
    if not actor.has_any(*roles):
        needed = "或".join(r.label for r in roles)
        recorder = _refusal_recorder
        if recorder is not None:
            try:
                recorder(actor, action, roles)
            except Exception:
                # The refusal must reach the user even when the record cannot be written.
                _log.exception("permission refusal could not be recorded")
        raise PermissionDenied(f"{action}需要{needed}角色，当前用户“{actor.name}”没有该权限。")


def parse_roles(text: str) -> frozenset[Role]:
    return frozenset(Role(r) for r in text.split(",") if r)


COMMAND_LINE = Actor(
    staff_id=None, login="cli", name="命令行", roles=frozenset({Role.ADMIN, Role.SUPERVISOR})
)
