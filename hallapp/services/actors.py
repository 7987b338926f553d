"""The acting user and the roles a service asks for."""

from __future__ import annotations

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


def require_any(actor: Actor, action: str, *roles: Role) -> None:
    """Refuse ``action`` unless the actor holds one of ``roles``; say which role it needs."""
    if not actor.has_any(*roles):
        needed = "或".join(r.label for r in roles)
        raise PermissionDenied(f"{action}需要{needed}角色，当前用户“{actor.name}”没有该权限。")


def parse_roles(text: str) -> frozenset[Role]:
    return frozenset(Role(r) for r in text.split(",") if r)


COMMAND_LINE = Actor(
    staff_id=None, login="cli", name="命令行", roles=frozenset({Role.ADMIN, Role.SUPERVISOR})
)
