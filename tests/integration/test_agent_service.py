"""Agent service (代办): the registry, a case carried by an agent, the custody chain of its
materials; each change written with its timeline step, audit record and outbox entry."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from hallapp.app import AppContext
from hallapp.core.custody import APPLICANT, WINDOW, HandoverItem, Party, PartyKind
from hallapp.core.intake import Decision
from hallapp.db.models import (
    AuditRecord,
    Case,
    CaseEvent,
    CaseHandover,
    CaseHandoverItem,
    OutboxEntry,
)
from hallapp.documents.model import DocumentKind
from hallapp.errors import InvalidInput, PermissionDenied
from hallapp.services import agents, custody, hall_settings, printing
from hallapp.services.actors import Actor
from hallapp.services.agents import AgentForm, AgentKind, AgentServiceForm, Origin
from hallapp.services.custody import HandoverForm
from hallapp.services.halls import actor_for
from tests.ui.test_register_support import MONDAY, make_case, resident_id

COUNTY = Party(PartyKind.DEPARTMENT, "县民政局")
FORM = "临时救助申请书"
ID_CARD = "居民身份证"
HOUSEHOLD = "户口簿"


def _agent_id(ctx: AppContext, name: str) -> int:
    return next(a.id for a in agents.list_agents(ctx.read_uow()) if a.name == name)


def _agent(ctx: AppContext, name: str) -> Party:
    agent_id = _agent_id(ctx, name)
    kind = next(a.kind for a in agents.list_agents(ctx.read_uow()) if a.id == agent_id)
    return Party(custody.AGENT_PARTY[kind], str(agent_id))


def _counts(ctx: AppContext) -> tuple[int, ...]:
    with ctx.read_uow() as uow:
        s = uow.session
        counts = [
            s.scalar(select(func.count()).select_from(model)) or 0
            for model in (CaseHandover, CaseHandoverItem, CaseEvent, AuditRecord, OutboxEntry)
        ]
        # A refusal leaves its own audit record (permission.refused), and nothing else.
        counts[3] -= (
            s.scalar(select(func.count()).where(AuditRecord.action == "permission.refused")) or 0
        )
        return tuple(counts)


@pytest.fixture
def wangfang(demo: AppContext) -> Actor:
    return actor_for(demo.read_uow(), "wangfang")


# --- registry --------------------------------------------------------------------------------


def test_the_registry_checks_every_detail_and_shows_id_numbers_masked(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    good = AgentForm("孙秀英", "138 0731 0009", AgentKind.TOWNSHIP, resident_id(9))
    with pytest.raises(PermissionDenied, match="中心负责人"):
        agents.save_agent(demo.uow(), clerk, good)
    with pytest.raises(InvalidInput) as refused:
        agents.save_agent(
            demo.uow(),
            supervisor,
            AgentForm("", "12", AgentKind.VILLAGE, "110105198001010010"),
        )
    problems = " ".join(refused.value.problems)
    assert "姓名" in problems and "联系电话" in problems and "身份证号" in problems
    assert "村代办点" in problems

    saved = agents.save_agent(demo.uow(), supervisor, good)
    assert saved.phone == "13807310009"
    assert saved.masked_doc == "110***********" + resident_id(9)[-4:]
    listed = {a.name: a for a in agents.list_agents(demo.read_uow())}
    assert listed["孙秀英"].masked_doc == saved.masked_doc
    assert all(resident_id(9) not in repr(a) for a in listed.values())

    agents.save_agent(
        demo.uow(), supervisor, AgentForm(**{**good.__dict__, "active": False, "id": saved.id})
    )
    assert "孙秀英" not in {a.name for a in agents.list_agents(demo.read_uow())}
    assert "孙秀英" in {a.name for a in agents.list_agents(demo.read_uow(), include_inactive=True)}

    points = {p.village: p for p in agents.list_village_points(demo.read_uow())}
    assert points["东山村"].agent_on_duty == "赵春兰"
    with pytest.raises(InvalidInput) as clash:
        agents.save_village_point(demo.uow(), supervisor, agents.VillagePointForm("东山村"))
    assert "已有代办点" in clash.value.problems[0]
    with pytest.raises(InvalidInput) as not_village:
        agents.save_village_point(
            demo.uow(),
            supervisor,
            agents.VillagePointForm("南岭村", agent_on_duty_id=_agent_id(demo, "王芳")),
        )
    assert "不是村代办员" in not_village.value.problems[0]
    new_point = agents.save_village_point(
        demo.uow(), supervisor, agents.VillagePointForm("南岭村", "南岭村村委会", None, "周三")
    )
    village_agent = agents.save_agent(
        demo.uow(),
        supervisor,
        AgentForm("周桂兰", "13807310010", AgentKind.VILLAGE, village_point_id=new_point.id),
    )
    assert village_agent.village == "南岭村"
    points = {p.village: p for p in agents.list_village_points(demo.read_uow())}
    assert points["南岭村"].agent_on_duty == "周桂兰"  # the point's first agent is on duty
    with demo.read_uow() as uow:
        actions = set(uow.session.scalars(select(AuditRecord.action)))
    assert {"agent.create", "agent.update", "village_point.create"} <= actions


# --- a case under agent service --------------------------------------------------------------


def test_a_village_point_case_keeps_the_village_date_and_counts_working_days_to_the_township(
    demo: AppContext, clerk: Actor, wangfang: Actor
) -> None:
    case_id = make_case(demo, clerk).case_id  # received Monday 2 March 2026
    point = next(p for p in agents.list_village_points(demo.read_uow()) if p.village == "东山村")
    form = AgentServiceForm(
        agent_id=_agent_id(demo, "赵春兰"),
        scope="代为提交临时救助申请材料、领取办理结果",
        origin=Origin.VILLAGE,
        village_point_id=point.id,
        village_received_on=date(2026, 2, 26),
        authorised_on=date(2026, 2, 26),
    )
    now = MONDAY + timedelta(minutes=10)
    before = _counts(demo)
    with pytest.raises(PermissionDenied, match="窗口人员或中心负责人"):
        agents.put_under_agent_service(demo.uow(), wangfang, case_id, form, now=now)
    for wrong, message in (
        ({"village_received_on": date(2026, 3, 3)}, "不能晚于镇里收件日期"),
        ({"scope": " "}, "委托事项"),
        ({"village_point_id": None}, "选定代办点"),
    ):
        with pytest.raises(InvalidInput) as refused:
            agents.put_under_agent_service(
                demo.uow(), clerk, case_id, AgentServiceForm(**{**form.__dict__, **wrong}), now=now
            )
        assert message in " ".join(refused.value.problems)
    assert _counts(demo) == before

    view = agents.put_under_agent_service(demo.uow(), clerk, case_id, form, now=now)
    assert view.origin is Origin.VILLAGE and view.village == "东山村"
    assert view.village_received_on == date(2026, 2, 26)
    assert view.township_received_on == date(2026, 3, 2)
    # 27 February (Friday) and 28 February (a Saturday worked after the Spring Festival)
    # and 2 March: the hall calendar's working days, the village's own day not counted.
    assert view.days_to_township == 3
    assert view.agent_name == "赵春兰" and not view.accepted
    assert len(view.assignments) == 1
    with pytest.raises(InvalidInput, match="已登记代办"):
        agents.put_under_agent_service(demo.uow(), clerk, case_id, form, now=now)
    after = _counts(demo)
    # Outbox: the timeline step, the case and its 代办 record.
    assert after[2:] == (before[2] + 1, before[3] + 1, before[4] + 3)
    with demo.read_uow() as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None and case.agent_id == _agent_id(demo, "赵春兰")
        event = uow.session.scalars(select(CaseEvent).order_by(CaseEvent.id.desc())).first()
        assert event is not None and event.action == "agent_service"
        assert "东山村" in event.comment and "赵春兰" in event.comment
    assert (
        agents.agent_service(demo.read_uow(), make_case(demo, clerk, doc=resident_id(2)).case_id)
        is None
    )


def test_reassignment_needs_a_reason_and_only_the_assigned_agent_accepts(
    demo: AppContext, clerk: Actor, supervisor: Actor, wangfang: Actor
) -> None:
    case_id = make_case(demo, clerk).case_id
    wang, zhao = _agent_id(demo, "王芳"), _agent_id(demo, "赵春兰")
    now = MONDAY + timedelta(hours=1)
    agents.put_under_agent_service(
        demo.uow(), clerk, case_id, AgentServiceForm(wang, "全程代办"), now=now
    )
    with pytest.raises(InvalidInput, match="原因"):
        agents.reassign(demo.uow(), clerk, case_id, zhao, "  ", now=now)
    view = agents.reassign(
        demo.uow(), clerk, case_id, zhao, "申请人住东山村，由村代办员就近代办", now=now
    )
    assert view.agent_name == "赵春兰" and not view.accepted
    assert [a.agent_name for a in view.assignments] == ["王芳", "赵春兰"]
    assert view.assignments[0].ended_at == now and view.assignments[1].reason.startswith("申请人")

    before = _counts(demo)
    with pytest.raises(PermissionDenied, match="只有赵春兰本人或中心负责人"):
        agents.accept_assignment(demo.uow(), wangfang, case_id, now=now)
    with pytest.raises(PermissionDenied, match="需要代办员或中心负责人角色"):
        agents.accept_assignment(demo.uow(), clerk, case_id, now=now)
    assert _counts(demo) == before

    agents.reassign(demo.uow(), supervisor, case_id, wang, "村代办员外出", now=now)
    accepted = agents.accept_assignment(demo.uow(), wangfang, case_id, now=now)
    assert accepted.agent_name == "王芳" and accepted.accepted
    assert len(accepted.assignments) == 3
    assert [a.ended_at is None for a in accepted.assignments] == [False, False, True]
    with pytest.raises(InvalidInput, match="已于"):
        agents.accept_assignment(demo.uow(), supervisor, case_id, now=now)
    with demo.read_uow() as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None and case.agent_id == wang
        actions = list(
            uow.session.scalars(
                select(CaseEvent.action).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
            )
        )
    assert actions[-4:] == ["agent_service", "agent_reassign", "agent_reassign", "agent_accept"]


# --- custody chain ---------------------------------------------------------------------------


def _put_under(ctx: AppContext, clerk: Actor, case_id: int) -> None:
    agents.put_under_agent_service(
        ctx.uow(),
        clerk,
        case_id,
        AgentServiceForm(_agent_id(ctx, "王芳"), "全程代办"),
        now=MONDAY,
    )


def _holders(ctx: AppContext, case_id: int, today: date) -> dict[str, tuple[str, datetime | None]]:
    view = custody.custody_view(ctx.read_uow(), case_id, today)
    return {h.material: (h.holder.label, h.since) for h in view.holdings}


def test_materials_travel_from_the_village_to_the_county_and_back_to_the_applicant(
    demo: AppContext, clerk: Actor, wangfang: Actor
) -> None:
    case_id = make_case(demo, clerk, name="张三").case_id
    _put_under(demo, clerk, case_id)
    zhao, wang = _agent(demo, "赵春兰"), _agent(demo, "王芳")
    both = (HandoverItem(ID_CARD, 1, 1), HandoverItem(HOUSEHOLD, 1, 1))
    t = MONDAY + timedelta(hours=1)

    def hand(
        actor: Actor, giver: Party, receiver: Party, items: tuple[HandoverItem, ...], at: datetime
    ) -> custody.HandoverView:
        return custody.record_handover(
            demo.uow(), actor, case_id, HandoverForm(giver, receiver, items, at=at), now=at
        )

    first = hand(clerk, APPLICANT, zhao, both, t)
    assert first.giver.label == "申请人：张三" and first.receiver.label == "村代办员：赵春兰"
    hand(clerk, zhao, wang, both, t + timedelta(hours=1))
    hand(wangfang, wang, WINDOW, both, t + timedelta(hours=2))
    to_county = t + timedelta(days=1)
    hand(clerk, WINDOW, COUNTY, (HandoverItem(HOUSEHOLD),), to_county)
    # The 材料交接单 is the slip of the latest hand-over: window to the county.
    slip = printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.HANDOVER)
    text = "".join(
        subprocess.run(["pdftotext", "-", "-"], input=slip.data, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "受理窗口" in text and "县级部门：县民政局" in text and HOUSEHOLD in text
    assert ID_CARD not in text
    holders = _holders(demo, case_id, date(2026, 3, 3))
    assert holders[ID_CARD] == ("受理窗口", t + timedelta(hours=2))
    assert holders[HOUSEHOLD] == ("县级部门：县民政局", to_county)
    assert holders[FORM] == ("申请人：张三", None)

    back = t + timedelta(days=3)
    hand(clerk, COUNTY, wang, (HandoverItem(HOUSEHOLD),), back)
    hand(clerk, WINDOW, wang, (HandoverItem(ID_CARD, 1, 1),), back)
    assert [
        m.material for m in custody.materials_held_by(demo.read_uow(), int(wang.ref), back.date())
    ] == [ID_CARD, HOUSEHOLD]
    returned = t + timedelta(days=4)
    hand(wangfang, wang, APPLICANT, both, returned)
    view = custody.custody_view(demo.read_uow(), case_id, returned.date())
    assert {h.material: h.holder for h in view.holdings}[ID_CARD] == APPLICANT
    assert all(not h.flagged for h in view.holdings)
    assert [r.receiver.kind for r in view.records] == [
        PartyKind.VILLAGE_AGENT,
        PartyKind.TOWNSHIP_AGENT,
        PartyKind.WINDOW,
        PartyKind.DEPARTMENT,
        PartyKind.TOWNSHIP_AGENT,
        PartyKind.TOWNSHIP_AGENT,
        PartyKind.APPLICANT,
    ]
    assert custody.materials_held_by(demo.read_uow(), int(wang.ref), returned.date()) == []
    with demo.read_uow() as uow:
        comments = list(
            uow.session.scalars(
                select(CaseEvent.comment).where(
                    CaseEvent.case_id == case_id, CaseEvent.action == "handover"
                )
            )
        )
    assert len(comments) == 7
    assert comments[0].startswith(
        f"第{first.id}号交接：申请人：张三 → 村代办员：赵春兰；居民身份证（原件1份、复印件1份）"
    )


def test_a_hand_over_by_someone_without_the_material_is_refused_and_nothing_is_written(
    demo: AppContext, clerk: Actor, wangfang: Actor
) -> None:
    case_id = make_case(demo, clerk).case_id
    _put_under(demo, clerk, case_id)
    wang, zhao = _agent(demo, "王芳"), _agent(demo, "赵春兰")
    before = _counts(demo)
    with pytest.raises(InvalidInput, match="现在由申请人保管，不能由镇代办员：王芳交出"):
        custody.record_handover(
            demo.uow(), wangfang, case_id, HandoverForm(wang, WINDOW, (HandoverItem(ID_CARD),))
        )
    with pytest.raises(
        PermissionDenied, match="交接只能由交出方（村代办员：赵春兰）或受理窗口登记"
    ):
        custody.record_handover(
            demo.uow(), wangfang, case_id, HandoverForm(zhao, wang, (HandoverItem(ID_CARD),))
        )
    with pytest.raises(InvalidInput, match="没有材料“结婚证”"):
        custody.record_handover(
            demo.uow(), clerk, case_id, HandoverForm(APPLICANT, WINDOW, (HandoverItem("结婚证"),))
        )
    with pytest.raises(InvalidInput, match="不是村代办员"):
        custody.record_handover(
            demo.uow(),
            clerk,
            case_id,
            HandoverForm(
                APPLICANT, Party(PartyKind.VILLAGE_AGENT, wang.ref), (HandoverItem(ID_CARD),)
            ),
        )
    assert _counts(demo) == before
    assert not hasattr(custody, "update_handover")  # records are never edited


def test_a_mistaken_hand_over_is_corrected_by_a_new_record_that_says_why(
    demo: AppContext, clerk: Actor
) -> None:
    case_id = make_case(demo, clerk).case_id
    zhao = _agent(demo, "赵春兰")
    at = MONDAY + timedelta(hours=1)
    wrong = custody.record_handover(
        demo.uow(),
        clerk,
        case_id,
        HandoverForm(APPLICANT, zhao, (HandoverItem(ID_CARD), HandoverItem(HOUSEHOLD))),
        now=at,
    )
    fix = HandoverForm(APPLICANT, zhao, (HandoverItem(ID_CARD),), corrects=wrong.id)
    with pytest.raises(InvalidInput, match="原因"):
        custody.record_handover(demo.uow(), clerk, case_id, fix, now=at)
    later = at + timedelta(minutes=5)
    correction = custody.record_handover(
        demo.uow(),
        clerk,
        case_id,
        HandoverForm(**{**fix.__dict__, "note": "户口簿未交，申请人自己保管"}),
        now=later,
    )
    assert correction.corrects == wrong.id
    with pytest.raises(InvalidInput, match="已更正过"):
        custody.record_handover(
            demo.uow(), clerk, case_id, HandoverForm(**{**fix.__dict__, "note": "再改"}), now=later
        )
    view = custody.custody_view(demo.read_uow(), case_id, later.date())
    assert [r.status_label for r in view.records] == ["已更正", "更正记录"]
    assert view.records[0].corrected_by == correction.id
    holders = {h.material: h.holder for h in view.holdings}
    assert holders[ID_CARD].kind is PartyKind.VILLAGE_AGENT
    assert holders[HOUSEHOLD] == APPLICANT


def test_a_material_held_longer_than_the_hall_allows_is_flagged(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    with pytest.raises(PermissionDenied, match="中心负责人"):
        hall_settings.set_custody_max_days(demo.uow(), clerk, 2)
    assert hall_settings.custody_max_days(demo.read_uow()) == 5
    hall_settings.set_custody_max_days(demo.uow(), supervisor, 2)
    assert hall_settings.custody_max_days(demo.read_uow()) == 2

    open_case = make_case(demo, clerk).case_id
    not_accepted = make_case(
        demo, clerk, doc=resident_id(5), decision=Decision.NOTICE, missing="申请书未签名"
    ).case_id
    monday = MONDAY + timedelta(hours=2)
    for case_id in (open_case, not_accepted):
        custody.record_handover(
            demo.uow(),
            clerk,
            case_id,
            HandoverForm(APPLICANT, WINDOW, (HandoverItem(ID_CARD), HandoverItem(HOUSEHOLD))),
            now=monday,
        )
    custody.record_handover(
        demo.uow(),
        clerk,
        open_case,
        HandoverForm(WINDOW, APPLICANT, (HandoverItem(HOUSEHOLD),)),
        now=monday + timedelta(hours=1),
    )
    wednesday, thursday = date(2026, 3, 4), date(2026, 3, 5)
    assert custody.held_too_long(demo.read_uow(), wednesday) == []
    flagged = custody.held_too_long(demo.read_uow(), thursday)
    assert [(m.case_id, m.material, m.days_held) for m in flagged] == [(open_case, ID_CARD, 3)]
    assert flagged[0].holder == WINDOW and flagged[0].since == monday
    view = custody.custody_view(demo.read_uow(), open_case, thursday)
    flags = {h.material: h.flagged for h in view.holdings}
    assert flags[ID_CARD] and not flags[HOUSEHOLD] and not flags[FORM]
    assert sum(flags.values()) == 1
    assert view.max_days == 2


def test_the_workbench_lists_what_the_agent_holds_and_what_waits_for_the_agent(
    demo: AppContext, clerk: Actor
) -> None:
    case_id = make_case(demo, clerk).case_id
    _put_under(demo, clerk, case_id)
    wang, zhao = _agent(demo, "王芳"), _agent(demo, "赵春兰")
    at = MONDAY + timedelta(hours=1)
    custody.record_handover(
        demo.uow(), clerk, case_id, HandoverForm(APPLICANT, zhao, (HandoverItem(ID_CARD),)), now=at
    )
    waiting = custody.handovers_waiting_for(demo.read_uow(), int(wang.ref), at.date())
    assert [(w.material, w.holder.label) for w in waiting] == [(ID_CARD, "村代办员：赵春兰")]
    held = custody.materials_held_by(demo.read_uow(), int(zhao.ref), at.date())
    assert [(h.case_id, h.material, h.since) for h in held] == [(case_id, ID_CARD, at)]
    custody.record_handover(
        demo.uow(), clerk, case_id, HandoverForm(zhao, wang, (HandoverItem(ID_CARD),)), now=at
    )
    assert custody.handovers_waiting_for(demo.read_uow(), int(wang.ref), at.date()) == []
    assert custody.materials_held_by(demo.read_uow(), int(zhao.ref), at.date()) == []


def test_an_agent_login_maps_to_its_agent_and_a_clerk_to_none(
    demo: AppContext, clerk: Actor, wangfang: Actor
) -> None:
    with demo.read_uow() as uow:
        found = agents.agent_for_actor(uow.session, wangfang)
        assert found is not None and found.name == "王芳"
        assert agents.agent_for_actor(uow.session, clerk) is None


def test_editing_an_agent_without_retyping_the_id_keeps_it(
    demo: AppContext, supervisor: Actor
) -> None:
    saved = agents.save_agent(
        demo.uow(),
        supervisor,
        AgentForm("孙秀英", "13807310009", AgentKind.TOWNSHIP, resident_id(9)),
    )
    # The dialog shows only the masked number, so an edit sends the field empty.
    edited = agents.save_agent(
        demo.uow(),
        supervisor,
        AgentForm("孙秀英", "13807310010", AgentKind.TOWNSHIP, "", id=saved.id),
    )
    assert "0010" in edited.phone
    assert edited.masked_doc == saved.masked_doc != ""
