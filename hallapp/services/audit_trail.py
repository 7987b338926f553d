"""The audit trail (审计记录) of one case or one staff member, for the supervisor.

Details are summarised for reading, with ID numbers masked: the trail is shown on
screens and terminals, and whoever reads it needs to see what happened, not the number.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select

from hallapp.core.identity import mask_id
from hallapp.db import repositories as repo
from hallapp.db.models import AuditRecord, Case
from hallapp.db.uow import UnitOfWork
from hallapp.errors import NotFound
from hallapp.services.actors import COMMAND_LINE, Actor, Role, require_any

SUMMARY_LENGTH = 120
# Resident ID numbers (18 characters, or the old 15 digits) standing alone in a text.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")


@dataclass(frozen=True)
class TrailLine:
    record_id: int
    at: datetime
    actor_name: str
    action: str
    entity: str
    entity_id: str
    summary: str


@dataclass(frozen=True)
class Trail:
    subject: str  # 办件 430121104000-20260302-0001, 工作人员 张敏（zhangmin）
    total: int
    lines: list[TrailLine]  # the newest ``limit`` records, oldest first


def mask_ids_in(text: str) -> str:
    return _ID_NUMBER.sub(lambda m: mask_id(m.group(0)), text)


def summarise(detail: str) -> str:
    """``key=value`` pairs of the detail's JSON, ID numbers masked, cut to a line."""
    try:
        data = json.loads(detail)
    except ValueError:
        data = detail
    if isinstance(data, dict):
        parts = [
            f"{key}={value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"
            for key, value in data.items()
        ]
        text = "，".join(parts)
    else:
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    text = mask_ids_in(text)
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def case_trail(uow: UnitOfWork, actor: Actor, number: str, limit: int = 200) -> Trail:
    """Every audit record of the case numbered ``number``."""
    require_any(actor, "查看审计记录", Role.SUPERVISOR, Role.ADMIN)
    with uow:
        case_id = uow.session.scalar(select(Case.id).where(Case.number == number))
        if case_id is None:
            raise NotFound(f"没有编号为 {number} 的办件")
        where = and_(AuditRecord.entity == "case", AuditRecord.entity_id == str(case_id))
        return _trail(uow, f"办件 {number}", where, limit)


def user_trail(uow: UnitOfWork, actor: Actor, login: str, limit: int = 200) -> Trail:
    """What the staff member with ``login`` did, and what was done to their account."""
    require_any(actor, "查看审计记录", Role.SUPERVISOR, Role.ADMIN)
    with uow:
        if login == COMMAND_LINE.login:
            where: ColumnElement[bool] = AuditRecord.actor_id.is_(None)
            return _trail(uow, f"{COMMAND_LINE.name}（{login}）", where, limit)
        staff = repo.staff_by_login(uow.session, login)
        if staff is None:
            raise NotFound(f"没有登录名为 {login} 的工作人员")
        where = or_(
            AuditRecord.actor_id == staff.id,
            and_(AuditRecord.entity == "staff", AuditRecord.entity_id.in_([str(staff.id), login])),
        )
        return _trail(uow, f"工作人员 {staff.name}（{login}）", where, limit)


def _trail(uow: UnitOfWork, subject: str, where: ColumnElement[bool], limit: int) -> Trail:
    session = uow.session
    total = session.scalar(select(func.count()).select_from(AuditRecord).where(where)) or 0
    rows = session.execute(
        select(
            AuditRecord.id,
            AuditRecord.at,
            AuditRecord.actor_name,
            AuditRecord.action,
            AuditRecord.entity,
            AuditRecord.entity_id,
            AuditRecord.detail,
        )
        .where(where)
        .order_by(AuditRecord.id.desc())
        .limit(limit)
    ).all()
    lines = [
        TrailLine(r.id, r.at, r.actor_name, r.action, r.entity, r.entity_id, summarise(r.detail))
        for r in reversed(rows)
    ]
    return Trail(subject, total, lines)
