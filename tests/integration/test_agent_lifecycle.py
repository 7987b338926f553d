"""A whole agent-service case through the services: taken in at a village point, carried
to the township, forwarded to two county departments, one asks for more materials, the
applicant brings them, the case is completed and the agent delivers the result; the
materials' holder is checked at every step and the clock follows throughout."""

from __future__ import annotations

from datetime import date, datetime

from hallapp.app import AppContext
from hallapp.core.custody import APPLICANT, WINDOW, HandoverItem, Party, PartyKind
from hallapp.core.lifecycle import Action, State
from hallapp.services import agents, case_clock, cases, custody, deadlines, delivery, forwarding
from hallapp.services.actors import Actor
from hallapp.services.agents import AgentServiceForm, Origin
from hallapp.services.custody import HandoverForm
from hallapp.services.delivery import DeliveryForm, DeliveryMethod
from hallapp.services.forwarding import (
    ForwardForm,
    ForwardReply,
    ForwardTarget,
    ForwardWay,
    NeededMaterial,
    ReplyForm,
)
from tests.ui.test_register_support import make_case

ITEM = "医疗救助"  # 上报件: decided by the county
MEDICAL, CIVIL = "示例县医疗保障局", "示例县民政局"
HOUSEHOLD, ID_CARD = "户口簿", "居民身份证"


def holders(ctx: AppContext, case_id: int, day: date) -> dict[str, PartyKind]:
    view = custody.custody_view(ctx.read_uow(), case_id, day)
    return {h.material: h.holder.kind for h in view.holdings}


def test_a_village_case_forwarded_supplemented_completed_and_delivered_by_the_agent(
    demo: AppContext, clerk: Actor
) -> None:
    # Mon 2026-03-02 the township takes in what the village agent received on Thu 02-26.
    case_id = make_case(demo, clerk, item=ITEM, now=datetime(2026, 3, 2, 9, 30)).case_id
    listed = {a.name: a for a in agents.list_agents(demo.read_uow())}
    zhao, wang = listed["赵春兰"], listed["王芳"]
    point = next(
        p for p in agents.list_village_points(demo.read_uow()) if p.agent_on_duty == "赵春兰"
    )
    agents.put_under_agent_service(
        demo.uow(),
        clerk,
        case_id,
        AgentServiceForm(
            wang.id, "代为递交申请材料、领取结果", Origin.VILLAGE, point.id, date(2026, 2, 26)
        ),
        now=datetime(2026, 3, 2, 9, 40),
    )
    service = agents.agent_service(demo.read_uow(), case_id)
    assert service is not None and service.village_received_on == date(2026, 2, 26)
    assert service.days_to_township == 3  # 02-27, 02-28 (a worked Saturday), 03-02

    village = Party(PartyKind.VILLAGE_AGENT, str(zhao.id), zhao.name)
    township = Party(PartyKind.TOWNSHIP_AGENT, str(wang.id), wang.name)
    county = Party(PartyKind.DEPARTMENT, CIVIL, CIVIL)
    both = (HandoverItem(HOUSEHOLD, 1, 1), HandoverItem(ID_CARD, 1, 1))

    def hand(giver: Party, receiver: Party, items: tuple[HandoverItem, ...], at: datetime) -> None:
        custody.record_handover(
            demo.uow(), clerk, case_id, HandoverForm(giver, receiver, items, at=at), now=at
        )

    hand(APPLICANT, village, both, datetime(2026, 2, 26, 10))
    hand(village, township, both, datetime(2026, 3, 2, 8, 30))
    hand(township, WINDOW, both, datetime(2026, 3, 2, 9, 35))
    assert holders(demo, case_id, date(2026, 3, 2))[HOUSEHOLD] is PartyKind.WINDOW

    cases.apply_action(
        demo.uow(), clerk, case_id, Action.START_HANDLING, now=datetime(2026, 3, 3, 9)
    )
    sent = forwarding.forward(
        demo.uow(),
        clerk,
        case_id,
        ForwardForm(
            (
                ForwardTarget(MEDICAL, 5, ForwardWay.ELECTRONIC),
                ForwardTarget(CIVIL, 5, ForwardWay.AGENT),
            )
        ),
        now=datetime(2026, 3, 3, 10),
    )
    medical, civil = (f.id for f in sent.forwards)
    hand(WINDOW, township, (HandoverItem(HOUSEHOLD, 1, 1),), datetime(2026, 3, 3, 11))
    hand(township, county, (HandoverItem(HOUSEHOLD, 1, 1),), datetime(2026, 3, 3, 15))
    now_held = holders(demo, case_id, date(2026, 3, 4))
    assert (now_held[HOUSEHOLD], now_held[ID_CARD]) == (PartyKind.DEPARTMENT, PartyKind.WINDOW)
    assert deadlines.forward_deadlines(demo.read_uow(), date(2026, 3, 4)).pending == 2

    forwarding.record_reply(
        demo.uow(), clerk, medical, ReplyForm(ForwardReply.APPROVED), now=datetime(2026, 3, 5, 9)
    )
    asked = ReplyForm(
        ForwardReply.MORE_MATERIALS, needed=(NeededMaterial("收入证明", "须村委会盖章"),)
    )
    reply = forwarding.record_reply(demo.uow(), clerk, civil, asked, now=datetime(2026, 3, 6, 9))
    assert (
        reply.state is State.SUPPLEMENT_AFTER_ACCEPTANCE and "收入证明" in reply.supplement_reason
    )
    paused = deadlines.monitor_rows(
        demo.read_uow(), date(2026, 3, 9), deadlines.MonitorFilter(bucket=deadlines.Bucket.PAUSED)
    )
    assert [r.id for r in paused] == [case_id]

    case_clock.end_pause(demo.uow(), clerk, case_id, "已补交收入证明", now=datetime(2026, 3, 10, 9))
    again = forwarding.forward(
        demo.uow(),
        clerk,
        case_id,
        ForwardForm((ForwardTarget(CIVIL, 3, ForwardWay.AGENT),)),
        now=datetime(2026, 3, 10, 10),
    )
    forwarding.record_reply(
        demo.uow(),
        clerk,
        again.forwards[0].id,
        ReplyForm(ForwardReply.APPROVED),
        now=datetime(2026, 3, 11, 9),
    )
    hand(county, township, (HandoverItem(HOUSEHOLD, 1, 1),), datetime(2026, 3, 11, 14))
    cases.apply_action(demo.uow(), clerk, case_id, Action.COMPLETE, now=datetime(2026, 3, 12, 9))
    hand(WINDOW, township, (HandoverItem(ID_CARD, 1, 1),), datetime(2026, 3, 12, 10))
    hand(township, APPLICANT, both, datetime(2026, 3, 13, 10))
    delivered = delivery.deliver(
        demo.uow(),
        clerk,
        case_id,
        DeliveryForm(DeliveryMethod.AGENT, agent_id=wang.id),
        now=datetime(2026, 3, 13, 10, 30),
    )

    assert delivered.state is State.DELIVERED and delivered.invite_evaluation
    assert set(holders(demo, case_id, date(2026, 3, 13)).values()) == {PartyKind.APPLICANT}
    assert custody.materials_held_by(demo.read_uow(), wang.id, date(2026, 3, 13)) == []
    assert deadlines.level_counts(demo.read_uow(), date(2026, 3, 13)).total == 0
    assert deadlines.forward_deadlines(demo.read_uow(), date(2026, 3, 13)).pending == 0
