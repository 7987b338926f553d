"""The transactional outbox on a real database: every change to a synced record writes its
entries (docs/sync-protocol.md, "Entities") with the change, a refused change writes none,
entity ids are the contract's, demo data queues the same entries, and a batch of them
stays within the county's size on the wire."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from hallapp.app import AppContext
from hallapp.core.complaints import ComplaintChannel, SubjectKind
from hallapp.core.custody import APPLICANT, WINDOW, HandoverItem, Party, PartyKind
from hallapp.core.evaluation import EvaluationChannel, Rating
from hallapp.core.lifecycle import Action, IllegalTransition
from hallapp.db.models import (
    Case,
    CaseAgentService,
    CaseDelivery,
    CaseEvent,
    CaseForward,
    CaseHandover,
    Complaint,
    Evaluation,
    ItemVersion,
    OutboxEntry,
    ServiceItem,
)
from hallapp.errors import InvalidInput, PermissionDenied
from hallapp.services import (
    agents,
    calendar,
    case_clock,
    cases,
    complaints,
    custody,
    delivery,
    evaluations,
    forwarding,
)
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.agents import AgentServiceForm
from hallapp.services.custody import HandoverForm
from hallapp.services.delivery import DeliveryForm, DeliveryMethod
from hallapp.services.demo_cases import generate_cases
from hallapp.sync.protocol import Entry, make_batch
from tests.integration.test_forwarding import (
    APPROVED,
    SENT,
    accepted_case,
    agent_named,
    completed_case,
    two_departments,
)
from tests.ui.test_register_support import ID_ZHANG, MONDAY, make_case

HALL = "430121104000"
TODAY = date(2026, 11, 27)
LOCAL = {"id", "applicant_doc_rev", "applicant_phone_rev", "idempotency_key", "clock"}
CLOCK_NUMBERS = {"due_no", "legal_no", "warn_no", "promised_days", "paused_since", "resume_no"}


def last_seq(ctx: AppContext) -> int:
    with ctx.read_uow() as uow:
        return int(uow.session.scalar(select(func.max(OutboxEntry.seq))) or 0)


def entries(
    ctx: AppContext, after: int = 0, upto: int | None = None
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(entity, entity_id, op, payload) of the entries after sequence ``after``."""
    query = select(
        OutboxEntry.entity, OutboxEntry.entity_id, OutboxEntry.op, OutboxEntry.payload
    ).where(OutboxEntry.seq > after)
    if upto is not None:
        query = query.where(OutboxEntry.seq <= upto)
    with ctx.read_uow() as uow:
        rows = uow.session.execute(query.order_by(OutboxEntry.seq)).all()
    return [(e, i, o, json.loads(p)) for e, i, o, p in rows]


def heads(found: list[tuple[str, str, str, dict[str, Any]]]) -> list[tuple[str, str, str]]:
    return [(e, i, o) for e, i, o, _ in found]


def number_of(ctx: AppContext, case_id: int) -> str:
    with ctx.read_uow() as uow:
        return str(uow.session.scalar(select(Case.number).where(Case.id == case_id)))


def event_ids(ctx: AppContext, case_id: int) -> list[int]:
    with ctx.read_uow() as uow:
        return list(
            uow.session.scalars(
                select(CaseEvent.id).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
            )
        )


def last_id(ctx: AppContext, model: type[Any]) -> int:
    with ctx.read_uow() as uow:
        return int(uow.session.scalar(select(func.max(model.id))) or 0)


# --- live changes ------------------------------------------------------------------------


def test_intake_queues_the_case_with_its_item_then_its_two_steps(
    demo: AppContext, clerk: Actor
) -> None:
    made = make_case(demo, clerk)
    receive, accept = event_ids(demo, made.case_id)
    found = entries(demo)
    assert heads(found) == [
        ("case", made.number, "create"),
        ("event", f"{made.number}/{receive}", "create"),
        ("event", f"{made.number}/{accept}", "create"),
    ]
    case = found[0][3]
    with demo.read_uow() as uow:
        code, name = uow.session.execute(
            select(ServiceItem.code, ItemVersion.name)
            .join(ItemVersion, ItemVersion.item_id == ServiceItem.id)
            .join(Case, Case.item_version_id == ItemVersion.id)
            .where(Case.id == made.case_id)
        ).one()
    assert (case["item_code"], case["item_name"]) == (code, name) and "临时救助" in name
    assert case["state"] == "accepted" and case["applicant_doc_number"] == ID_ZHANG
    assert case["materials"] and all(len(m) == 5 for m in case["materials"])
    assert not (LOCAL | CLOCK_NUMBERS) & set(case)
    assert case["promised_due"] and case["legal_due"]  # the notified dates travel
    assert [(p["action"], p["from"], p["to"]) for _, _, _, p in found[1:]] == [
        ("receive", "", "received"),
        ("accept", "received", "accepted"),
    ]
    assert found[2][3]["actor"] == clerk.name and found[2][3]["at"] == MONDAY.isoformat()


def test_a_step_queues_its_event_and_the_case_and_a_refused_step_nothing(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    made = make_case(demo, clerk)
    mark = last_seq(demo)
    with pytest.raises(IllegalTransition):
        cases.apply_action(demo.uow(), clerk, made.case_id, Action.DELIVER)
    with pytest.raises(PermissionDenied):
        cases.apply_action(demo.uow(), clerk, made.case_id, Action.VOID, "录入错误")
    with pytest.raises(InvalidInput):
        cases.apply_action(demo.uow(), supervisor, made.case_id, Action.VOID, " ")
    assert entries(demo, mark) == []

    now = MONDAY + timedelta(hours=2)
    cases.apply_action(demo.uow(), clerk, made.case_id, Action.START_HANDLING, now=now)
    step = event_ids(demo, made.case_id)[-1]
    found = entries(demo, mark)
    assert heads(found) == [
        ("event", f"{made.number}/{step}", "create"),
        ("case", made.number, "update"),
    ]
    event, case = found[0][3], found[1][3]
    assert (event["action"], event["from"], event["to"]) == (
        "start_handling",
        "accepted",
        "in_progress",
    )
    assert case["state"] == "in_progress" and case["version"] == 2


def test_a_forward_is_queued_when_sent_and_again_with_its_reply(
    demo: AppContext, clerk: Actor
) -> None:
    case_id = accepted_case(demo, clerk)
    number = number_of(demo, case_id)
    mark = last_seq(demo)
    result = forwarding.forward(demo.uow(), clerk, case_id, two_departments(), now=SENT)
    medical, civil = (f.id for f in result.forwards)
    found = entries(demo, mark)
    assert [h for h in heads(found) if h[0] != "event"] == [
        ("case", number, "update"),
        ("forward", f"{HALL}/forward/{medical}", "create"),
        ("forward", f"{HALL}/forward/{civil}", "create"),
    ]
    assert [p["action"] for e, _, _, p in found if e == "event"] == ["forward"]
    sent = found[-2][3]
    assert sent["case"] == number and sent["reply"] == "pending"
    assert sent["department"] == "示例县医疗保障局" and sent["sent_on"] == "2026-04-02"

    mark = last_seq(demo)
    forwarding.record_reply(demo.uow(), clerk, medical, APPROVED, now=datetime(2026, 4, 7, 9))
    found = entries(demo, mark)
    assert [h for h in heads(found) if h[0] != "event"] == [
        ("case", number, "update"),
        ("forward", f"{HALL}/forward/{medical}", "update"),
    ]
    reply = found[-1][3]
    assert (reply["reply"], reply["reply_on"]) == ("approved", "2026-04-07")
    assert {k: v for k, v in reply.items() if k not in ("reply", "reply_on")} == {
        k: v for k, v in sent.items() if k not in ("reply", "reply_on")
    }

    mark = last_seq(demo)
    with pytest.raises(InvalidInput, match="不能再次登记"):
        forwarding.record_reply(demo.uow(), clerk, medical, APPROVED, now=datetime(2026, 4, 7, 10))
    assert entries(demo, mark) == []


def test_a_delivery_is_queued_with_the_masked_number_only(demo: AppContext, clerk: Actor) -> None:
    case_id = completed_case(demo, clerk)
    number = number_of(demo, case_id)
    mark = last_seq(demo)
    with pytest.raises(InvalidInput):
        delivery.deliver(
            demo.uow(), clerk, case_id, DeliveryForm(DeliveryMethod.WINDOW, "110101199003070011")
        )
    assert entries(demo, mark) == []

    now = datetime(2026, 4, 9, 10)
    delivery.deliver(
        demo.uow(), clerk, case_id, DeliveryForm(DeliveryMethod.WINDOW, ID_ZHANG), now=now
    )
    found = entries(demo, mark)
    delivered = last_id(demo, CaseDelivery)
    assert heads(found)[1:] == [
        ("case", number, "update"),
        ("delivery", f"{HALL}/delivery/{delivered}", "create"),
    ]
    assert (found[0][0], found[0][3]["to"]) == ("event", "delivered")
    payload = found[-1][3]
    assert payload["case"] == number and payload["method"] == "window"
    assert payload["delivered_at"] == now.isoformat() and payload["recipient_name"] == "张三"
    assert payload["recipient_masked_doc"].endswith(ID_ZHANG[-4:])
    assert ID_ZHANG not in json.dumps(payload)


def test_hand_overs_are_queued_a_correction_names_the_record_and_a_refused_one_nothing(
    demo: AppContext, clerk: Actor
) -> None:
    made = make_case(demo, clerk)
    at = MONDAY + timedelta(minutes=5)
    mark = last_seq(demo)
    slip = HandoverForm(APPLICANT, WINDOW, (HandoverItem("居民身份证", 1, 2),), at=at)
    first = custody.record_handover(demo.uow(), clerk, made.case_id, slip, now=at)
    found = entries(demo, mark)
    assert heads(found)[1:] == [
        ("case", made.number, "update"),
        ("handover", f"{HALL}/handover/{first.id}", "create"),
    ]
    payload = found[-1][3]
    assert payload == {
        "case": made.number,
        "at": at.isoformat(),
        "giver": ["applicant", "", "张三"],
        "receiver": ["window", "", ""],
        "items": [["居民身份证", 1, 2]],
        "corrects": None,
        "note": "",
        "recorded_by": clerk.name,
    }

    mark = last_seq(demo)
    nobody_holds = HandoverForm(
        WINDOW, Party(PartyKind.DEPARTMENT, "县民政局"), (HandoverItem("户口簿"),)
    )
    with pytest.raises(InvalidInput):
        custody.record_handover(demo.uow(), clerk, made.case_id, nobody_holds, now=at)
    assert entries(demo, mark) == []

    fixed = HandoverForm(
        APPLICANT, WINDOW, (HandoverItem("居民身份证", 1, 1),), first.id, "复印件份数记错", at
    )
    second = custody.record_handover(demo.uow(), clerk, made.case_id, fixed, now=at)
    found = entries(demo, mark)
    assert found[-1][:3] == ("handover", f"{HALL}/handover/{second.id}", "create")
    assert found[-1][3]["corrects"] == f"{HALL}/handover/{first.id}"


def test_the_agent_service_record_follows_registration_acceptance_and_reassignment(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    made = make_case(demo, clerk)
    wang, zhao = agent_named(demo, "王芳"), agent_named(demo, "赵春兰")
    now = MONDAY + timedelta(hours=1)

    def service_entries(mark: int) -> list[tuple[str, str, dict[str, Any]]]:
        return [(i, o, p) for e, i, o, p in entries(demo, mark) if e == "agent_service"]

    mark = last_seq(demo)
    agents.put_under_agent_service(
        demo.uow(), clerk, made.case_id, AgentServiceForm(wang, "全程代办"), now=now
    )
    [(entity_id, op, payload)] = service_entries(mark)
    assert (entity_id, op) == (made.number, "create")
    assert payload["agent"] == "王芳" and payload["agent_kind"] == "township"
    assert payload["state"] == "assigned" and payload["accepted_at"] is None
    assert (payload["origin"], payload["village"], payload["scope"]) == ("window", "", "全程代办")

    mark = last_seq(demo)
    agents.accept_assignment(demo.uow(), supervisor, made.case_id, now=now)
    [(entity_id, op, payload)] = service_entries(mark)
    assert (entity_id, op, payload["state"]) == (made.number, "update", "accepted")
    assert payload["accepted_at"] == now.isoformat()

    mark = last_seq(demo)
    with pytest.raises(InvalidInput, match="原因"):
        agents.reassign(demo.uow(), clerk, made.case_id, zhao, " ", now=now)
    assert entries(demo, mark) == []
    agents.reassign(demo.uow(), clerk, made.case_id, zhao, "申请人住东山村", now=now)
    [(entity_id, op, payload)] = service_entries(mark)
    assert (entity_id, op) == (made.number, "update")
    assert (payload["agent"], payload["agent_kind"], payload["state"]) == (
        "赵春兰",
        "village",
        "assigned",
    )
    case = next(p for e, _, _, p in entries(demo, mark) if e == "case")
    assert case["agent_id"] == zhao


def test_an_extension_requeues_the_case_with_its_step_and_a_calendar_change_queues_nothing(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    case_id = accepted_case(demo, clerk)
    number = number_of(demo, case_id)
    mark = last_seq(demo)
    case_clock.request_extension(demo.uow(), clerk, case_id, 5, "需实地核查", now=SENT)
    assert [h[0] for h in heads(entries(demo, mark))] == ["event", "case"]
    assert entries(demo, mark)[1][:3] == ("case", number, "update")

    def deadline() -> tuple[date, date]:
        """The legal deadline as the hall now counts it, and as it was notified."""
        with demo.read_uow() as uow:
            legal_no, notified = uow.session.execute(
                select(Case.legal_no, Case.legal_due).where(Case.id == case_id)
            ).one()
        return calendar.load_calendar(demo.read_uow()).day_of_number(legal_no), notified

    # A working day inside the case's limits becomes a holiday: the deadline the hall
    # counts moves, the notified one does not, and nothing is queued: the clock is
    # hall-local, derived from the calendar, and not part of the synced case.
    before = deadline()
    mark = last_seq(demo)
    calendar.set_day(demo.uow(), supervisor, date(2026, 4, 10), False, "临时停工", "县里统一安排")
    after = deadline()
    assert after[0] > before[0] and after[1] == before[1]
    assert entries(demo, mark) == []


def test_every_record_of_a_case_life_has_one_stable_id(demo: AppContext, clerk: Actor) -> None:
    case_id = completed_case(demo, clerk, agent="王芳")
    number = number_of(demo, case_id)
    delivery.deliver(
        demo.uow(),
        clerk,
        case_id,
        DeliveryForm(DeliveryMethod.WINDOW, ID_ZHANG),
        now=datetime(2026, 4, 9, 10),
    )
    other = accepted_case(demo, clerk, serial=2)
    forwarding.forward(demo.uow(), clerk, other, two_departments(), now=SENT)
    found = entries(demo)
    created = [(e, i) for e, i, o, _ in found if o == "create"]
    assert len(created) == len(set(created))
    seen: set[tuple[str, str]] = set()
    for entity, entity_id, op, _ in found:
        if op == "update":
            assert (entity, entity_id) in seen, (entity, entity_id)
        seen.add((entity, entity_id))
    events = [i for e, i, _, _ in found if e == "event" and i.startswith(number + "/")]
    assert events == [f"{number}/{i}" for i in event_ids(demo, case_id)]
    with demo.read_uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(CaseAgentService)) == 1
    assert ("agent_service", number) in seen


# --- demo data ---------------------------------------------------------------------------


def _ids(ctx: AppContext) -> dict[str, set[str]]:
    """The entity id every record of the database should have in the outbox."""
    with ctx.read_uow() as uow:
        s = uow.session
        numbers = {i: n for i, n in s.execute(select(Case.id, Case.number))}
        return {
            "case": set(numbers.values()),
            "event": {
                f"{numbers[c]}/{i}" for i, c in s.execute(select(CaseEvent.id, CaseEvent.case_id))
            },
            "handover": {f"{HALL}/handover/{i}" for i in s.scalars(select(CaseHandover.id))},
            "forward": {f"{HALL}/forward/{i}" for i in s.scalars(select(CaseForward.id))},
            "delivery": {f"{HALL}/delivery/{i}" for i in s.scalars(select(CaseDelivery.id))},
            "agent_service": {numbers[c] for c in s.scalars(select(CaseAgentService.case_id))},
            "evaluation": {numbers[c] for c in s.scalars(select(Evaluation.case_id))},
            "complaint": set(s.scalars(select(Complaint.number))),
        }


def test_demo_with_everything_waiting_queues_every_record_once(demo: AppContext) -> None:
    generate_cases(demo.uow(), COMMAND_LINE, 600, seed=11, today=TODAY, outbox="all")
    found = entries(demo)
    expected = _ids(demo)
    assert len(expected["case"]) == 600
    assert expected["evaluation"] and expected["complaint"]  # seed 11 makes one complaint
    for entity, ids in expected.items():
        queued = [i for e, i, _, _ in found if e == entity]
        assert len(queued) == len(set(queued)) == len(ids), entity
        assert set(queued) == ids, entity
    assert {o for _, _, o, _ in found} == {"create"}
    # Events carry the timeline as it is stored, from and to state included.
    with demo.read_uow() as uow:
        stored = {
            (a, f, t)
            for a, f, t in uow.session.execute(
                select(CaseEvent.action, CaseEvent.from_state, CaseEvent.to_state)
            )
        }
    assert {(p["action"], p["from"], p["to"]) for e, _, _, p in found if e == "event"} == stored
    # A case comes before its steps.
    numbers: set[str] = set()
    for entity, entity_id, _, _ in found:
        if entity == "case":
            numbers.add(entity_id)
        elif entity == "event":
            assert entity_id.split("/")[0] in numbers, entity_id


def test_demo_by_default_queues_only_the_last_30_days(demo: AppContext) -> None:
    generate_cases(demo.uow(), COMMAND_LINE, 600, seed=11, today=TODAY)
    with demo.read_uow() as uow:
        oldest = uow.session.scalar(select(func.min(OutboxEntry.created_at)))
        kinds = set(uow.session.scalars(select(OutboxEntry.entity).distinct()))
        queued_cases = uow.session.scalar(select(func.count()).where(OutboxEntry.entity == "case"))
    assert oldest is not None and (TODAY - oldest.date()).days <= 30
    assert {"case", "event"} <= kinds
    assert 0 < (queued_cases or 0) < 600
    with pytest.raises(InvalidInput):
        generate_cases(demo.uow(), COMMAND_LINE, 10, today=TODAY, outbox="everything")


def test_demo_entries_have_the_shape_of_live_ones(demo: AppContext, clerk: Actor) -> None:
    case_id = completed_case(demo, clerk, agent="王芳")
    delivery.deliver(
        demo.uow(),
        clerk,
        case_id,
        DeliveryForm(DeliveryMethod.WINDOW, ID_ZHANG),
        now=datetime(2026, 4, 9, 10),
    )
    slip = HandoverForm(APPLICANT, WINDOW, (HandoverItem("居民身份证"),))
    custody.record_handover(
        demo.uow(), clerk, accepted_case(demo, clerk, serial=3), slip, now=datetime(2026, 4, 1, 10)
    )
    forwarding.forward(
        demo.uow(), clerk, accepted_case(demo, clerk, serial=2), two_departments(), now=SENT
    )
    rated = evaluations.EvaluationForm(case_id, Rating.DISSATISFIED, EvaluationChannel.SCREEN)
    evaluations.record_evaluation(demo.uow(), clerk, rated, now=datetime(2026, 4, 9, 10, 5))
    about = complaints.ComplaintForm(
        channel=ComplaintChannel.PHONE,
        anonymous=False,
        complainant_name="王秀英",
        complainant_phone="13800138000",
        subject_kind=SubjectKind.CASE,
        subject_staff_login=None,
        subject_agent_id=None,
        subject_case_number=number_of(demo, case_id),
        subject_department="",
        content="送达拖了一周",
    )
    complaints.register_complaint(demo.uow(), clerk, about, now=datetime(2026, 4, 10, 9))
    mark = last_seq(demo)
    generate_cases(demo.uow(), COMMAND_LINE, 600, seed=11, today=TODAY, outbox="all")

    def shapes(found: list[tuple[str, str, str, dict[str, Any]]]) -> dict[str, set[Any]]:
        out: dict[str, set[Any]] = {}
        for entity, _, _, payload in found:
            out.setdefault(entity, set()).add(frozenset(payload))
        return out

    live, generated = shapes(entries(demo, upto=mark)), shapes(entries(demo, mark))
    assert (
        set(live)
        == set(generated)
        == {
            "case",
            "event",
            "handover",
            "forward",
            "delivery",
            "agent_service",
            "evaluation",
            "complaint",
        }
    )
    for entity, keys in live.items():
        assert keys == generated[entity] and len(keys) == 1, entity


# --- size on the wire --------------------------------------------------------------------


def wire_bytes_per_case(ctx: AppContext, cases_made: int) -> float:
    """What the outbox costs on the wire per case: its entries in seq order, packed in
    batches of 500, body plus envelope header."""
    with ctx.read_uow() as uow:
        rows = uow.session.execute(
            select(
                OutboxEntry.seq,
                OutboxEntry.entity,
                OutboxEntry.entity_id,
                OutboxEntry.op,
                OutboxEntry.payload,
                OutboxEntry.created_at,
            ).order_by(OutboxEntry.seq)
        ).all()
    queued = [Entry(s, e, i, o, json.loads(p), c.isoformat()) for s, e, i, o, p, c in rows]
    total = 0
    for start in range(0, len(queued), 500):
        batch = make_batch(HALL, "0" * 64, queued[start : start + 500])
        total += len(batch.body) + len(json.dumps(batch.header()))
    return total / cases_made


def test_a_case_with_its_materials_and_steps_costs_at_most_400_bytes_on_the_wire(
    demo: AppContext,
) -> None:
    generate_cases(demo.uow(), COMMAND_LINE, 500, seed=11, today=TODAY, outbox="all")
    with demo.read_uow() as uow:
        accepted = uow.session.scalar(select(func.count()).where(Case.accepted_on.is_not(None)))
    assert (accepted or 0) > 400  # most generated cases were accepted
    figure = wire_bytes_per_case(demo, 500)
    assert 100 < figure <= 400, figure
