"""A demo hall with staff and the sample catalogue, for trying the app and for benchmarks.

Everything goes through the same services as real use, so demo data is shaped exactly
like the data a clerk produces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from hallapp.core.identity import gb11643_check_char
from hallapp.db import repositories as repo
from hallapp.db.models import Agent, VillagePoint
from hallapp.db.uow import UnitOfWork
from hallapp.resources import SAMPLE_CATALOGUE
from hallapp.services import accounts, agents, catalogue, halls
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
# Every demo account logs in with this published password. Its Argon2id hash is computed
# once here rather than at each seeding (the tests seed the demo hundreds of times); it is
# rehashed at the first login if the parameters have changed since.
DEMO_PASSWORD = "hall2026demo"
DEMO_PASSWORD_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=1$RVwxDUokVAqma4vhCroreg$"
    "IDLR1Nrv5lGbdvhtmsI6R3TLF+DFUyg/BTg+FiqUJTI"
)


def _demo_id(body: str) -> str:
    return body + gb11643_check_char(body)


# (village, address, opening days): the village agent points (村代办点).
DEMO_POINTS = (
    ("东山村", "示例镇东山村村民委员会一楼", "周一、周四"),
    ("西湾村", "示例镇西湾村党群服务中心", "周二、周五"),
)
# (name, phone, kind, staff login, ID body, village): the hall's own agent and the agents
# of the two village points.
DEMO_AGENTS: tuple[tuple[str, str, str, str | None, str, str | None], ...] = (
    ("王芳", "13807310001", "township", "wangfang", "43012119850312002", None),
    ("赵春兰", "13807310002", "village", None, "43012119720905004", "东山村"),
    ("陈德厚", "13807310003", "village", None, "43012119650118001", "西湾村"),
)


@dataclass(frozen=True)
class DemoResult:
    created_hall: bool
    staff_added: int
    catalogue: catalogue.ImportResult | None


DEMO_ADMIN = "admin"


def seed_demo(uow: UnitOfWork, actor: Actor) -> DemoResult:
    """Create the demo hall, its staff and the sample catalogue where they are missing.

    ``actor`` (the command line, or the app's first start) only creates the hall and its
    administrator, as the first-run wizard would; everything after is done by that named
    administrator, so the trail says who set the hall up."""
    created = halls.hall_profile(uow) is None
    if created:
        halls.initialise_hall(uow, actor, DEMO_HALL)
    added = 0
    admin_first = sorted(DEMO_STAFF, key=lambda m: m.login != DEMO_ADMIN)
    for member in admin_first:
        with uow:
            exists = repo.staff_by_login(uow.session, member.login) is not None
        if not exists:
            halls.add_staff(uow, actor, member)
            added += 1
        if member.login == DEMO_ADMIN:
            actor = halls.actor_for(uow, DEMO_ADMIN)
    accounts.set_missing_passwords(
        uow, actor, [m.login for m in DEMO_STAFF], DEMO_PASSWORD_HASH, datetime.now()
    )
    _seed_agents(uow, actor)
    imported = None
    if catalogue.count_items(uow) == 0:
        imported = catalogue.import_catalogue_file(uow, actor, SAMPLE_CATALOGUE)
    return DemoResult(created, added, imported)


def demo_admin(uow: UnitOfWork) -> Actor:
    """The demo hall's administrator, who generates the demo cases."""
    return halls.actor_for(uow, DEMO_ADMIN)


def _seed_agents(uow: UnitOfWork, actor: Actor) -> None:
    """The demo agents and village points, through the registry's own service; an older
    demo database whose agents have no village point gets the points and the links."""
    with uow:
        session = uow.session
        points = {v: i for v, i in session.execute(select(VillagePoint.village, VillagePoint.id))}
        existing = {a.name: (a.id, a.village_point_id) for a in session.scalars(select(Agent))}
        logins = {
            login: staff.id
            for login in (a[3] for a in DEMO_AGENTS if a[3])
            if (staff := repo.staff_by_login(session, login)) is not None
        }
    for village, address, days in DEMO_POINTS:
        if village not in points:
            made = agents.save_village_point(
                uow, actor, agents.VillagePointForm(village, address, None, days)
            )
            points[village] = made.id
    for name, phone, kind, login, body, serves in DEMO_AGENTS:
        found = existing.get(name)
        if found is not None and (serves is None or found[1] is not None):
            continue
        agents.save_agent(
            uow,
            actor,
            agents.AgentForm(
                name,
                phone,
                agents.AgentKind(kind),
                _demo_id(body),
                points[serves] if serves else None,
                logins.get(login) if login else None,
                id=found[0] if found else None,
            ),
        )
