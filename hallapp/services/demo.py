"""A demo hall with staff and the sample catalogue, for trying the app and for benchmarks.

Everything goes through the same services as real use, so demo data is shaped exactly
like the data a clerk produces.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from hallapp.db import repositories as repo
from hallapp.db.models import Agent
from hallapp.db.uow import UnitOfWork
from hallapp.resources import SAMPLE_CATALOGUE
from hallapp.services import catalogue, halls
from hallapp.services.actors import Actor, Role

DEMO_HALL = halls.HallProfile(
    code="430121104000",
    name="示例镇便民服务中心",
    phone="0731-86901234",
    address="示例县示例镇人民路1号",
)
DEMO_STAFF = (
    halls.StaffMember("zhangmin", "张敏", frozenset({Role.CLERK}), "1号窗口"),
    halls.StaffMember("liujun", "刘军", frozenset({Role.CLERK}), "2号窗口"),
    halls.StaffMember("lijianguo", "李建国", frozenset({Role.SUPERVISOR, Role.CLERK}), ""),
    halls.StaffMember("wangfang", "王芳", frozenset({Role.AGENT}), "代办窗口"),
    halls.StaffMember("admin", "系统管理员", frozenset({Role.ADMIN}), ""),
)
DEMO_CLERK = "zhangmin"
# (name, phone, kind, staff login): the hall's own agent and two village agent points.
DEMO_AGENTS = (
    ("王芳", "13807310001", "township", "wangfang"),
    ("赵春兰", "13807310002", "village", None),
    ("陈德厚", "13807310003", "village", None),
)


@dataclass(frozen=True)
class DemoResult:
    created_hall: bool
    staff_added: int
    catalogue: catalogue.ImportResult | None


def seed_demo(uow: UnitOfWork, actor: Actor) -> DemoResult:
    """Create the demo hall, its staff and the sample catalogue where they are missing."""
    created = halls.hall_profile(uow) is None
    if created:
        halls.initialise_hall(uow, actor, DEMO_HALL)
    added = 0
    for member in DEMO_STAFF:
        with uow:
            exists = repo.staff_by_login(uow.session, member.login) is not None
        if not exists:
            halls.add_staff(uow, actor, member)
            added += 1
    _seed_agents(uow)
    imported = None
    if catalogue.count_items(uow) == 0:
        imported = catalogue.import_catalogue_file(uow, actor, SAMPLE_CATALOGUE)
    return DemoResult(created, added, imported)


def _seed_agents(uow: UnitOfWork) -> None:
    with uow:
        session = uow.session
        if session.scalar(select(func.count()).select_from(Agent)):
            return
        for name, phone, kind, login in DEMO_AGENTS:
            staff = repo.staff_by_login(session, login) if login else None
            session.add(
                Agent(
                    name=name,
                    phone=phone,
                    kind=kind,
                    staff_id=staff.id if staff else None,
                    active=True,
                )
            )
        uow.commit()
