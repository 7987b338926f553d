"""The agent's workbench on a real database: my cases with their next step, what I hold,
what waits for me, the run sheet for the county, and the supervisor's load table."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from hallapp.app import AppContext
from hallapp.core.custody import APPLICANT, HandoverItem, Party
from hallapp.db.models import AuditRecord
from hallapp.errors import PermissionDenied
from hallapp.services import agents, custody, forwarding, workbench
from hallapp.services.actors import Actor
from hallapp.services.custody import HandoverForm
from hallapp.services.forwarding import ForwardForm, ForwardTarget, ForwardWay
from hallapp.services.halls import actor_for
from hallapp.services.workbench import LoadScope
from tests.ui.test_register_support import make_case, resident_id

ITEM = "医疗救助"  # a 上报件: forwarded to the county
MEDICAL = "示例县医疗保障局"
CIVIL = "示例县民政局"
ACCEPTED = datetime(2026, 4, 1, 9, 30)
SENT = datetime(2026, 4, 2, 10, 0)
TODAY = date(2026, 4, 3)


def agent_id(ctx: AppContext, name: str) -> int:
    return next(a.id for a in agents.list_agents(ctx.read_uow()) if a.name == name)


def party(ctx: AppContext, name: str) -> Party:
    view = next(a for a in agents.list_agents(ctx.read_uow()) if a.name == name)
    return Party(custody.AGENT_PARTY[view.kind], str(view.id))


def materials(ctx: AppContext, case_id: int) -> list[str]:
    return [h.material for h in custody.custody_view(ctx.read_uow(), case_id, TODAY).holdings]


def agent_case(ctx: AppContext, clerk: Actor, serial: int, agent: str) -> int:
    case_id = make_case(ctx, clerk, item=ITEM, now=ACCEPTED, doc=resident_id(serial)).case_id
    form = agents.AgentServiceForm(agent_id(ctx, agent), "代为申请并领取结果")
    agents.put_under_agent_service(ctx.uow(), clerk, case_id, form, now=ACCEPTED)
    return case_id


@pytest.fixture
def wangfang(demo: AppContext) -> Actor:
    return actor_for(demo.read_uow(), "wangfang")


@pytest.fixture
def trip(demo: AppContext, clerk: Actor) -> tuple[int, int, str]:
    """王芳 carries one case to the county with the applicant's first material; a second
    case's material is with the village agent 赵春兰, on its way to 王芳."""
    carried = agent_case(demo, clerk, 1, "王芳")
    first = materials(demo, carried)[0]
    at = ACCEPTED + timedelta(minutes=30)
    wang = party(demo, "王芳")
    custody.record_handover(
        demo.uow(), clerk, carried, HandoverForm(APPLICANT, wang, (HandoverItem(first),)), now=at
    )
    form = ForwardForm(
        (ForwardTarget(MEDICAL, 5, ForwardWay.AGENT), ForwardTarget(CIVIL, 3, ForwardWay.POST))
    )
    forwarding.forward(demo.uow(), clerk, carried, form, now=SENT)
    coming = agent_case(demo, clerk, 2, "王芳")
    zhao = party(demo, "赵春兰")
    custody.record_handover(
        demo.uow(), clerk, coming, HandoverForm(APPLICANT, zhao, (HandoverItem(first),)), now=at
    )
    return carried, coming, first


def test_an_agent_sees_their_cases_what_they_hold_and_what_waits_for_them(
    demo: AppContext, wangfang: Actor, trip: tuple[int, int, str]
) -> None:
    carried, coming, first = trip
    bench = workbench.agent_workbench(demo.read_uow(), wangfang, None, TODAY)
    assert bench.agent.name == "王芳"
    assert {c.case_id for c in bench.cases} == {carried, coming}
    days = [c.workdays_left for c in bench.cases]
    assert days == sorted(days)
    steps = {c.case_id: c.next_step for c in bench.cases}
    assert steps[carried] == "转报回复" and steps[coming] == "承办"
    assert all(c.promised_due.day > TODAY for c in bench.cases)
    assert [(h.case_id, h.material) for h in bench.held] == [(carried, first)]
    assert not bench.flagged(bench.held[0])
    assert [(w.case_id, w.holder.label) for w in bench.waiting] == [(coming, "村代办员：赵春兰")]
    # Only the forward the agent carries is on the run sheet, with what the agent holds.
    assert [(r.case_id, r.department, r.materials) for r in bench.run_sheet] == [
        (carried, MEDICAL, (first,))
    ]
    assert "*" in bench.run_sheet[0].masked_doc


def test_only_the_supervisor_looks_at_another_agents_workbench(
    demo: AppContext, clerk: Actor, supervisor: Actor, wangfang: Actor, trip: tuple[int, int, str]
) -> None:
    zhao = agent_id(demo, "赵春兰")
    with pytest.raises(PermissionDenied):
        workbench.agent_workbench(demo.read_uow(), wangfang, zhao, TODAY)
    with pytest.raises(PermissionDenied):
        workbench.agent_workbench(demo.read_uow(), clerk, None, TODAY)
    seen = workbench.agent_workbench(demo.read_uow(), supervisor, zhao, TODAY)
    assert seen.agent.name == "赵春兰" and seen.cases == ()
    assert [h.case_id for h in seen.held] == [trip[1]]


def test_the_load_table_counts_per_agent_and_per_village_point(
    demo: AppContext, trip: tuple[int, int, str], supervisor: Actor, clerk: Actor
) -> None:
    with pytest.raises(PermissionDenied, match="中心负责人"):
        workbench.agent_loads(demo.read_uow(), clerk, TODAY)
    loads = {
        (x.scope, x.name): x for x in workbench.agent_loads(demo.read_uow(), supervisor, TODAY)
    }
    wang = loads[(LoadScope.AGENT, "王芳")]
    assert (wang.open_cases, wang.materials_held, wang.held_too_long) == (2, 1, 0)
    zhao = loads[(LoadScope.AGENT, "赵春兰")]
    assert (zhao.open_cases, zhao.materials_held) == (0, 1)
    assert wang.detail == "镇代办员"
    points = [x for x in loads.values() if x.scope is LoadScope.VILLAGE_POINT]
    assert points and all(p.open_cases == 0 for p in points)
    # Weeks later the materials are held too long and the cases are past their dates.
    late = workbench.agent_loads(demo.read_uow(), supervisor, date(2026, 6, 1))
    wang_late = next(x for x in late if x.name == "王芳")
    assert wang_late.held_too_long == 1 and wang_late.overdue >= 1


def test_the_run_sheet_prints_as_a_pdf_and_is_recorded(
    demo: AppContext, wangfang: Actor, trip: tuple[int, int, str], tmp_path: Path
) -> None:
    path = workbench.write_run_sheet(
        demo.uow(), wangfang, None, TODAY, tmp_path / "出行单-2026-04-03.pdf"
    )
    assert path.read_bytes().startswith(b"%PDF")
    with demo.read_uow() as uow:
        actions = list(uow.session.scalars(select(AuditRecord.action)))
    assert "print.run_sheet" in actions
    sections = workbench.run_sheet_sections(
        workbench.agent_workbench(demo.read_uow(), wangfang, None, TODAY)
    )
    assert [s.title for s in sections] == [f"{MEDICAL}（1件）"]
