"""Generated demo cases look exactly like cases taken in at the counter."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, time

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hallapp.app import AppContext
from hallapp.core.complaints import ComplaintState
from hallapp.core.custody import Handover, HandoverItem, Party, PartyKind, holdings
from hallapp.core.evaluation import Rating
from hallapp.core.identity import check_resident_id
from hallapp.core.lifecycle import Action, State, next_state
from hallapp.db.models import (
    AuditRecord,
    Case,
    CaseAgentService,
    CaseAssignment,
    CaseDelivery,
    CaseEvent,
    CaseExtension,
    CaseForward,
    CaseHandover,
    CaseMaterial,
    CasePause,
    Complaint,
    Evaluation,
    FollowUp,
    ItemVersion,
    OutboxEntry,
)
from hallapp.services import cases, intake
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.audit_verify import verify_chain
from hallapp.services.calendar import load_calendar
from hallapp.services.demo_cases import generate_cases
from tests.integration.test_intake import form

TODAY = date(2026, 11, 27)
LIFECYCLE = frozenset(a.value for a in Action)


def test_generated_cases_are_valid_in_every_respect(demo: AppContext, clerk: Actor) -> None:
    result = generate_cases(demo.uow(), COMMAND_LINE, 3000, seed=7, today=TODAY)
    assert result.created == 3000
    calendar = load_calendar(demo.read_uow())
    with demo.read_uow() as uow:
        s = uow.session
        states = {
            st: n for st, n in s.execute(select(Case.state, func.count()).group_by(Case.state))
        }
        all_cases = [
            (
                c.number,
                c.state,
                c.applicant_doc_number,
                c.received_at,
                c.accepted_on,
                c.promised_due,
                c.legal_due,
                c.id,
            )
            for c in s.scalars(select(Case))
        ]
        events: dict[int, list[str]] = {}
        for case_id, action in s.execute(
            select(CaseEvent.case_id, CaseEvent.action).order_by(CaseEvent.id)
        ):
            events.setdefault(case_id, []).append(action)
    numbers = {c[0] for c in all_cases}
    assert len(numbers) == 3000
    for state in (
        State.DELIVERED,
        State.COMPLETED,
        State.ACCEPTED,
        State.IN_PROGRESS,
        State.AWAITING_SUPPLEMENT,
        State.REFUSED,
        State.FORWARDED,
    ):
        assert states.get(state.value, 0) > 0, state
    for _number, stored, doc, received, accepted_on, promised, legal, case_id in all_cases:
        check_resident_id(doc, TODAY)
        assert calendar.is_workday(received.date())
        assert received.date() <= TODAY
        # The timeline replays through the lifecycle to the stored state.
        state = State.RECEIVED
        for action in events[case_id][1:]:
            if action in LIFECYCLE:  # agent service and hand-overs leave the state as it is
                state = next_state(state, Action(action))
        assert state.value == stored
        if accepted_on is not None:
            assert promised is not None and legal is not None
            assert legal >= promised >= accepted_on


def test_numbers_continue_after_generated_cases(demo: AppContext, clerk: Actor) -> None:
    generate_cases(demo.uow(), COMMAND_LINE, 500, seed=3, today=date.today())
    made = intake.submit_intake(demo.uow(), clerk, form(demo), intake.Decision.ACCEPT)
    with demo.read_uow() as uow:
        clash = uow.session.scalar(select(func.count()).where(Case.number == made.number))
    assert clash == 1


def test_generated_and_counter_cases_have_the_same_shape(demo: AppContext, clerk: Actor) -> None:
    intake.submit_intake(demo.uow(), clerk, form(demo), intake.Decision.ACCEPT)
    generate_cases(demo.uow(), COMMAND_LINE, 50, seed=1, today=date.today())
    with demo.read_uow() as uow:
        payloads = [
            json.loads(p)
            for p in uow.session.scalars(
                select(OutboxEntry.payload).where(OutboxEntry.entity == "case")
            )
        ]
    keys = {frozenset(p) for p in payloads}
    assert len(keys) == 1
    detail = cases.case_detail(demo.read_uow(), 2)
    assert detail.timeline[0].action == "receive"


def test_agent_service_cases_come_from_the_window_and_village_points_with_valid_chains(
    demo: AppContext,
) -> None:
    generate_cases(demo.uow(), COMMAND_LINE, 2000, seed=11, today=TODAY)
    with demo.read_uow() as uow:
        s = uow.session
        cases = {c.id: (c.state, c.received_at, c.agent_id) for c in s.scalars(select(Case))}
        services = {
            r.case_id: (r.origin, r.village_point_id, r.village_received_on)
            for r in s.scalars(select(CaseAgentService))
        }
        assignments = [
            (a.case_id, a.accepted_at, a.ended_at) for a in s.scalars(select(CaseAssignment))
        ]
        materials: dict[int, list[str]] = {}
        for case_id, name in s.execute(
            select(CaseMaterial.case_id, CaseMaterial.name).order_by(CaseMaterial.seq)
        ):
            materials.setdefault(case_id, []).append(name)
        chains: dict[int, list[Handover]] = {}
        for row in s.scalars(
            select(CaseHandover).options(selectinload(CaseHandover.items)).order_by(CaseHandover.id)
        ):
            chains.setdefault(row.case_id, []).append(
                Handover(
                    row.id,
                    row.at,
                    Party(PartyKind(row.giver_kind), row.giver_ref),
                    Party(PartyKind(row.receiver_kind), row.receiver_ref),
                    tuple(HandoverItem(i.material, i.originals, i.copies) for i in row.items),
                )
            )
    agent_cases = {i for i, c in cases.items() if c[2] is not None}
    assert set(services) == agent_cases
    assert 0.08 < len(agent_cases) / len(cases) < 0.17
    assert {a[0] for a in assignments} == agent_cases
    assert all(accepted is not None and ended is None for _, accepted, ended in assignments)
    village = {i: r for i, r in services.items() if r[0] == "village"}
    assert village and len(village) < len(services)
    for case_id, (_, point_id, village_day) in village.items():
        assert point_id is not None and village_day is not None
        assert 1 <= (cases[case_id][1].date() - village_day).days <= 5
    assert set(chains) <= agent_cases and len(chains) > 0.8 * len(agent_cases)
    for case_id, chain in chains.items():
        assert [h.at for h in chain] == sorted(h.at for h in chain)
        held = holdings(materials[case_id], chain)  # raises if the chain breaks a rule
        state = State(cases[case_id][0])
        if state in (State.COMPLETED, State.DELIVERED, State.REFUSED, State.WITHDRAWN):
            assert all(h.holder.kind is PartyKind.APPLICANT for h in held.values())
        if state is State.FORWARDED:
            assert any(h.holder.kind is PartyKind.DEPARTMENT for h in held.values())


def test_forwarded_cases_await_a_reply_and_delivered_ones_say_how(demo: AppContext) -> None:
    generate_cases(demo.uow(), COMMAND_LINE, 1500, seed=4, today=date(2026, 11, 27))
    with demo.read_uow() as uow:
        session = uow.session
        forwarded = set(session.scalars(select(Case.id).where(Case.state == State.FORWARDED.value)))
        pending = set(
            session.scalars(select(CaseForward.case_id).where(CaseForward.reply == "pending"))
        )
        delivered = set(session.scalars(select(Case.id).where(Case.state == State.DELIVERED.value)))
        methods = dict(session.execute(select(CaseDelivery.case_id, CaseDelivery.method)).all())
        agent_cases = set(session.scalars(select(Case.id).where(Case.agent_id.is_not(None))))
    assert forwarded and pending == forwarded
    assert delivered and set(methods) == delivered
    assert {"window", "agent", "post"} >= set(methods.values()) and "window" in methods.values()
    assert all(case in agent_cases for case, m in methods.items() if m == "agent")


def test_the_current_holders_table_agrees_with_the_chains(demo: AppContext) -> None:
    from hallapp.db.models import CaseHolding
    from hallapp.services import custody

    generate_cases(demo.uow(), COMMAND_LINE, 1200, seed=8, today=date(2026, 11, 27))
    with demo.read_uow() as uow:
        stored: dict[int, dict[str, tuple[str, str]]] = {}
        for row in uow.session.scalars(select(CaseHolding)):
            stored.setdefault(row.case_id, {})[row.material] = (row.holder_kind, row.holder_ref)
        chained = set(uow.session.scalars(select(CaseHandover.case_id).distinct()))
    assert stored and set(stored) == chained
    for case_id in sorted(chained)[:60]:
        view = custody.custody_view(demo.read_uow(), case_id, date(2026, 11, 27))
        expected = {
            h.material: (h.holder.kind.value, h.holder.ref)
            for h in view.holdings
            if h.since is not None
        }
        assert stored[case_id] == expected


CLOSED = {State.COMPLETED.value, State.DELIVERED.value, State.REFUSED.value}


def test_closed_cases_are_rated_in_realistic_proportions_and_bad_ratings_followed_up(
    demo: AppContext,
) -> None:
    generate_cases(demo.uow(), COMMAND_LINE, 12000, seed=5, today=TODAY)
    calendar = load_calendar(demo.read_uow())
    with demo.read_uow() as uow:
        s = uow.session
        cases = {c.id: (c.state, c.closed_at) for c in s.scalars(select(Case))}
        evaluations = s.execute(select(Evaluation.__table__)).all()
        follow_ups = {f.evaluation_id: f for f in s.execute(select(FollowUp.__table__))}
        actions = Counter(s.scalars(select(AuditRecord.action)))
    closed = [i for i, (state, _) in cases.items() if state in CLOSED]
    assert all(cases[e.case_id][0] in CLOSED for e in evaluations)  # never an open case
    assert len({e.case_id for e in evaluations}) == len(evaluations)
    assert 0.56 < len(evaluations) / len(closed) < 0.64
    ratings = Counter(Rating(e.rating) for e in evaluations)
    share = {r: ratings[r] / len(evaluations) for r in Rating}
    assert 0.67 < share[Rating.VERY_SATISFIED] < 0.73
    assert 0.19 < share[Rating.SATISFIED] < 0.25
    assert 0.035 < share[Rating.BASIC] < 0.065
    assert 0.015 < share[Rating.DISSATISFIED] < 0.03
    assert 0.005 < share[Rating.VERY_DISSATISFIED] < 0.016
    channels = Counter(e.channel for e in evaluations)
    assert channels["screen"] > 0.7 * len(evaluations)
    assert channels["paper"] > 0 and channels["phone"] > 0
    for e in evaluations:
        closed_at = cases[e.case_id][1]
        assert closed_at is not None and closed_at <= e.rated_at and e.rated_at.date() <= TODAY
    bad = {e.id: e for e in evaluations if not Rating(e.rating).is_good}
    assert set(follow_ups) == set(bad)  # every bad rating, and only those
    late = 0
    for evaluation_id, f in follow_ups.items():
        assert f.opened_on == bad[evaluation_id].rated_at.date() and f.days == 5
        assert f.due_on == calendar.add_workdays(f.opened_on, 5).day
        if f.due_on < TODAY:
            assert f.closed_on is not None and f.outcome and f.handler_name == f.closed_by
            assert f.opened_on <= f.closed_on <= TODAY
            late += f.closed_on > f.due_on
        else:
            assert f.closed_on is None and not f.outcome
    closed_follow_ups = sum(f.closed_on is not None for f in follow_ups.values())
    assert 0 < late < 0.25 * closed_follow_ups  # mostly on time, a few late
    assert actions["evaluation.record"] == len(evaluations)
    assert actions["follow_up.open"] == len(follow_ups)
    assert actions["follow_up.close"] == closed_follow_ups
    assert verify_chain(demo.uow()).intact


def test_generated_complaints_follow_the_rules_of_registered_ones(demo: AppContext) -> None:
    generate_cases(demo.uow(), COMMAND_LINE, 12000, seed=5, today=TODAY)
    calendar = load_calendar(demo.read_uow())
    with demo.read_uow() as uow:
        complaints = uow.session.execute(select(Complaint.__table__)).all()
        registered = Counter(
            uow.session.scalars(
                select(AuditRecord.entity_id).where(AuditRecord.action == "complaint.register")
            )
        )
    assert 0 < len(complaints) < 12000 / 800  # about one in 2,000 cases
    assert registered == Counter(c.number for c in complaints)
    numbers = [c.number for c in complaints]
    assert len(set(numbers)) == len(numbers)
    for c in complaints:
        match = re.fullmatch(r"430121104000-TS(\d{8})-(\d{2,})", c.number)
        assert match and match.group(1) == f"{c.received_at:%Y%m%d}"
        if c.anonymous:
            assert c.complainant_name == "" and c.complainant_phone == ""
        start = calendar.effective_acceptance_day(c.received_at, time(17, 30))
        assert c.due_on == calendar.add_workdays(start, c.days + c.extended_days).day
        state = ComplaintState(c.state)
        if state is ComplaintState.OPEN:
            assert c.replied_on is None and c.due_on >= TODAY  # only recent ones are open
        else:
            assert c.findings and c.substantiated is not None and c.reply
            assert c.replied_on is not None and c.received_at.date() <= c.replied_on <= TODAY
        if state is ComplaintState.CLOSED:
            assert c.closed_on is not None and c.replied_on <= c.closed_on <= TODAY


def test_notified_due_dates_follow_each_items_unit(demo: AppContext) -> None:
    """A case whose clock never stopped keeps the dates notified at acceptance as its
    deadlines, natural-day items (居民身份证) included, exactly as at the counter."""
    generate_cases(demo.uow(), COMMAND_LINE, 3000, seed=21, today=TODAY)
    calendar = load_calendar(demo.read_uow())
    with demo.read_uow() as uow:
        paused = select(CasePause.case_id)
        extended = select(CaseExtension.case_id)
        rows = uow.session.execute(
            select(
                Case.promised_due,
                Case.legal_due,
                Case.due_no,
                Case.legal_no,
                ItemVersion.legal_unit,
            )
            .join(ItemVersion, ItemVersion.id == Case.item_version_id)
            .where(
                Case.accepted_on.is_not(None),
                Case.id.not_in(paused),
                Case.id.not_in(extended),
            )
        ).all()
    units = Counter(r.legal_unit for r in rows)
    assert units["natural_days"] > 10 and units["working_days"] > 1000
    wrong = [
        r
        for r in rows
        if (r.promised_due, r.legal_due)
        != (calendar.day_of_number(r.due_no), calendar.day_of_number(r.legal_no))
    ]
    assert wrong == []
