"""Generated demo cases look exactly like cases taken in at the counter."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from hallapp.app import AppContext
from hallapp.core.identity import check_resident_id
from hallapp.core.lifecycle import Action, State, next_state
from hallapp.db.models import Case, CaseEvent, OutboxEntry
from hallapp.services import cases, intake
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.calendar import load_calendar
from hallapp.services.demo_cases import generate_cases
from tests.integration.test_intake import form

TODAY = date(2026, 11, 27)


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
        payloads = [json.loads(p) for p in uow.session.scalars(select(OutboxEntry.payload))]
    keys = {frozenset(p) for p in payloads}
    assert len(keys) == 1
    detail = cases.case_detail(demo.read_uow(), 2)
    assert detail.timeline[0].action == "receive"
