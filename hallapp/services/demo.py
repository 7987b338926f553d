"""A demo hall with staff and the sample catalogue, for trying the app and for benchmarks.

Everything goes through the same services as real use, so demo data is shaped exactly
like the data a clerk produces.
"""

from __future__ import annotations

from dataclasses import dataclass

from hallapp.db import repositories as repo
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
    imported = None
    if catalogue.count_items(uow) == 0:
        imported = catalogue.import_catalogue_file(uow, actor, SAMPLE_CATALOGUE)
    return DemoResult(created, added, imported)
