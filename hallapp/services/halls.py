"""The hall (便民服务中心) this database belongs to, and its staff."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time

from hallapp.db import repositories as repo
from hallapp.db.models import Hall, Staff
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput, NotFound
from hallapp.services import audit
from hallapp.services.actors import Actor, Role, parse_roles, require_any

DIVISION_CODE_RE = re.compile(r"^\d{12}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class HallProfile:
    code: str
    name: str
    phone: str = ""
    address: str = ""
    opening_time: str = "08:30"
    closing_time: str = "17:30"

    @property
    def closing(self) -> time:
        return time.fromisoformat(self.closing_time)


def check_profile(profile: HallProfile) -> list[str]:
    problems = []
    if not DIVISION_CODE_RE.match(profile.code):
        problems.append("区划代码须为12位数字")
    if not profile.name.strip():
        problems.append("服务中心名称不能为空")
    elif len(profile.name) > 100:
        problems.append("服务中心名称不能超过100个字")
    for label, value in (
        ("开始办公时间", profile.opening_time),
        ("结束办公时间", profile.closing_time),
    ):
        if not TIME_RE.match(value):
            problems.append(f"{label}须为 时:分 格式，如 08:30")
    if not problems and profile.opening_time >= profile.closing_time:
        problems.append("结束办公时间须晚于开始办公时间")
    return problems


def _profile(hall: Hall) -> HallProfile:
    return HallProfile(
        hall.code, hall.name, hall.phone, hall.address, hall.opening_time, hall.closing_time
    )


def hall_profile(uow: UnitOfWork) -> HallProfile | None:
    with uow:
        hall = repo.the_hall(uow.session)
        return _profile(hall) if hall else None


def initialise_hall(uow: UnitOfWork, actor: Actor, profile: HallProfile) -> HallProfile:
    """Give an empty database its hall; a database belongs to exactly one hall."""
    problems = check_profile(profile)
    if problems:
        raise InvalidInput("服务中心信息有误", problems)
    with uow:
        existing = repo.the_hall(uow.session)
        if existing is not None:
            if existing.code != profile.code:
                raise InvalidInput(
                    f"此数据库已属于 {existing.name}（{existing.code}），不能改为另一个服务中心。"
                )
            return _profile(existing)
        hall = Hall(created_at=datetime.now(), **profile.__dict__)
        uow.session.add(hall)
        uow.session.flush()
        audit.record(uow.session, actor, "hall.create", "hall", hall.code, profile.__dict__)
        uow.commit()
        return profile


def update_hall_profile(uow: UnitOfWork, actor: Actor, profile: HallProfile) -> HallProfile:
    """Change the hall's name, phone, address and office hours (the code never changes)."""
    require_any(actor, "修改服务中心信息", Role.SUPERVISOR, Role.ADMIN)
    problems = check_profile(profile)
    if problems:
        raise InvalidInput("服务中心信息有误", problems)
    with uow:
        hall = repo.the_hall(uow.session)
        if hall is None:
            raise NotFound("数据库尚未初始化服务中心")
        if hall.code != profile.code:
            raise InvalidInput("区划代码不能修改")
        before = _profile(hall)
        hall.name, hall.phone, hall.address = profile.name, profile.phone, profile.address
        hall.opening_time, hall.closing_time = profile.opening_time, profile.closing_time
        audit.record(
            uow.session,
            actor,
            "hall.update",
            "hall",
            hall.code,
            {"before": before.__dict__, "after": profile.__dict__},
        )
        uow.commit()
        return profile


@dataclass(frozen=True)
class StaffMember:
    login: str
    name: str
    roles: frozenset[Role]
    window: str = ""


def add_staff(uow: UnitOfWork, actor: Actor, member: StaffMember) -> Actor:
    with uow:
        hall = repo.the_hall(uow.session)
        if hall is None:
            raise NotFound("数据库尚未初始化服务中心")
        if repo.staff_by_login(uow.session, member.login) is not None:
            raise InvalidInput(f"登录名“{member.login}”已被使用")
        row = Staff(
            hall_id=hall.id,
            login=member.login,
            name=member.name,
            roles=",".join(sorted(r.value for r in member.roles)),
            window=member.window,
            active=True,
        )
        uow.session.add(row)
        uow.session.flush()
        audit.record(uow.session, actor, "staff.add", "staff", row.id, {"login": member.login})
        uow.commit()
        return Actor(row.id, row.login, row.name, member.roles)


def actor_for(uow: UnitOfWork, login: str) -> Actor:
    with uow:
        row = repo.staff_by_login(uow.session, login)
        if row is None or not row.active:
            raise NotFound(f"没有名为“{login}”的在岗人员")
        return Actor(row.id, row.login, row.name, parse_roles(row.roles))
