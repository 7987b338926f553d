"""The states of a case: every (state, action) pair against a spec written out by hand."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallapp.core.clock import PauseKind
from hallapp.core.lifecycle import (
    Action,
    CaseState,
    IllegalTransition,
    State,
    allowed_actions,
    clock_running,
    is_open,
    is_terminal,
    needs_reason,
    needs_supervisor,
    next_state,
    pause_kind,
    return_states,
    state_to_return_to,
    stops_clock,
)

S = CaseState
A = Action

TERMINAL = {S.REFUSED, S.DELIVERED, S.WITHDRAWN, S.RETURNED, S.VOIDED}
PAUSED = {S.SUPPLEMENT_AFTER_ACCEPTANCE, S.SPECIAL_PROCEDURE, S.SUSPENDED}
PAUSE_ORIGINS = {S.ACCEPTED, S.IN_PROGRESS, S.UNDER_REVIEW}
# withdraw: every non-terminal state before a decision (see the module's notes).
WITHDRAWABLE = {
    S.DRAFT,
    S.RECEIVED,
    S.AWAITING_SUPPLEMENT,
    S.ACCEPTED,
    S.IN_PROGRESS,
    S.FORWARDED,
    S.UNDER_REVIEW,
    *PAUSED,
}
RETURNABLE = {S.RECEIVED, S.AWAITING_SUPPLEMENT, S.ACCEPTED, S.IN_PROGRESS}
RESUMES = {
    S.SUPPLEMENT_AFTER_ACCEPTANCE: A.SUPPLEMENT_DONE,
    S.SPECIAL_PROCEDURE: A.END_SPECIAL_PROCEDURE,
    S.SUSPENDED: A.RESUME,
}

# The spec, pair by pair. None: back to the state the pause came from.
SPEC: dict[tuple[CaseState, Action], CaseState | None] = {
    (S.DRAFT, A.RECEIVE): S.RECEIVED,
    (S.RECEIVED, A.ISSUE_NOTICE): S.AWAITING_SUPPLEMENT,
    (S.AWAITING_SUPPLEMENT, A.SUPPLEMENT_RECEIVED): S.RECEIVED,
    (S.RECEIVED, A.ACCEPT): S.ACCEPTED,
    (S.RECEIVED, A.REFUSE): S.REFUSED,
    (S.RECEIVED, A.COMPLETE_ON_THE_SPOT): S.COMPLETED,
    (S.ACCEPTED, A.START_HANDLING): S.IN_PROGRESS,
    (S.ACCEPTED, A.FORWARD): S.FORWARDED,
    (S.IN_PROGRESS, A.FORWARD): S.FORWARDED,
    (S.FORWARDED, A.FORWARD_REPLIED): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.SUBMIT_FOR_REVIEW): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, A.APPROVE): S.DECIDED_APPROVED,
    (S.UNDER_REVIEW, A.DENY): S.DECIDED_DENIED,
    (S.DECIDED_APPROVED, A.COMPLETE): S.COMPLETED,
    (S.DECIDED_DENIED, A.COMPLETE): S.COMPLETED,
    (S.IN_PROGRESS, A.COMPLETE): S.COMPLETED,
    (S.COMPLETED, A.DELIVER): S.DELIVERED,
    **{(s, A.WITHDRAW): S.WITHDRAWN for s in WITHDRAWABLE},
    **{(s, A.RETURN_CASE): S.RETURNED for s in RETURNABLE},
    **{(s, A.VOID): S.VOIDED for s in set(S) - TERMINAL},
    **{(s, A.REQUEST_SUPPLEMENT): S.SUPPLEMENT_AFTER_ACCEPTANCE for s in PAUSE_ORIGINS},
    **{(s, A.START_SPECIAL_PROCEDURE): S.SPECIAL_PROCEDURE for s in PAUSE_ORIGINS},
    **{(s, A.SUSPEND): S.SUSPENDED for s in PAUSE_ORIGINS},
    **{(pause, action): None for pause, action in RESUMES.items()},
}

ALL_PAIRS = list(itertools.product(CaseState, Action))


@pytest.mark.parametrize(("state", "action"), ALL_PAIRS, ids=lambda x: str(x))
def test_every_pair(state: CaseState, action: Action) -> None:
    if (state, action) not in SPEC:
        with pytest.raises(IllegalTransition) as e:
            next_state(state, action)
        assert f"“{state.label}”" in e.value.message
        assert f"“{action.label}”" in e.value.message
        assert e.value.state is state and e.value.action is action
        assert action not in allowed_actions(state)
        return
    assert action in allowed_actions(state)
    target = SPEC[state, action]
    if target is not None:
        assert next_state(state, action) is target
    else:
        for origin in PAUSE_ORIGINS:
            assert next_state(state, action, return_to=origin) is origin


def test_allowed_actions_match_the_spec_exactly() -> None:
    for state in CaseState:
        expected = {a for (s, a) in SPEC if s is state}
        actions = allowed_actions(state)
        assert set(actions) == expected, state
        assert len(actions) == len(set(actions))


def test_button_order() -> None:
    assert allowed_actions(S.RECEIVED)[:4] == (
        A.ACCEPT,
        A.COMPLETE_ON_THE_SPOT,
        A.ISSUE_NOTICE,
        A.REFUSE,
    )
    assert allowed_actions(S.UNDER_REVIEW)[:2] == (A.APPROVE, A.DENY)
    for state in CaseState:
        actions = allowed_actions(state)
        if A.VOID in actions:
            assert actions[-1] is A.VOID  # the destructive button comes last


def test_message_names_state_action_and_what_is_allowed() -> None:
    with pytest.raises(IllegalTransition) as e:
        next_state(S.AWAITING_SUPPLEMENT, A.ACCEPT)
    assert e.value.message == (
        "办件处于“待补正”状态，不能“受理”。可进行的操作：材料补齐、撤件、退件、作废"
    )
    assert str(e.value) == e.value.message


@pytest.mark.parametrize("state", sorted(TERMINAL))
def test_terminal_states_allow_nothing(state: CaseState) -> None:
    assert is_terminal(state)
    assert allowed_actions(state) == ()
    for action in Action:
        with pytest.raises(IllegalTransition) as e:
            next_state(state, action)
        assert e.value.message == f"办件处于“{state.label}”状态，不能“{action.label}”：该办件已终结"


def test_only_the_five_are_terminal() -> None:
    assert {s for s in CaseState if is_terminal(s)} == TERMINAL


def test_clock_states() -> None:
    assert {s for s in CaseState if stops_clock(s)} == PAUSED
    assert not stops_clock(S.AWAITING_SUPPLEMENT)  # no clock runs before acceptance
    assert pause_kind(S.SUPPLEMENT_AFTER_ACCEPTANCE) is PauseKind.SUPPLEMENT
    assert pause_kind(S.SPECIAL_PROCEDURE) is PauseKind.SPECIAL_PROCEDURE
    assert pause_kind(S.SUSPENDED) is PauseKind.SUSPENSION
    assert {s for s in CaseState if pause_kind(s) is not None} == PAUSED
    open_states = {
        S.ACCEPTED,
        S.IN_PROGRESS,
        S.FORWARDED,
        S.UNDER_REVIEW,
        S.DECIDED_APPROVED,
        S.DECIDED_DENIED,
        *PAUSED,
    }
    assert {s for s in CaseState if is_open(s)} == open_states
    assert {s for s in CaseState if clock_running(s)} == open_states - PAUSED


def test_supervisor_and_reasons() -> None:
    assert {a for a in Action if needs_supervisor(a)} == {A.VOID, A.SUSPEND, A.RESUME}
    assert needs_reason(A.VOID) and needs_reason(A.SUSPEND) and needs_reason(A.REFUSE)
    assert not needs_reason(A.ACCEPT)


@pytest.mark.parametrize("pause", sorted(PAUSED))
def test_return_to_validation(pause: CaseState) -> None:
    action = RESUMES[pause]
    assert set(return_states(pause)) == PAUSE_ORIGINS
    for bad in set(CaseState) - PAUSE_ORIGINS:
        with pytest.raises(IllegalTransition) as e:
            next_state(pause, action, return_to=bad)
        assert e.value.message == (
            f"“{action.label}”后只能回到“受理”、“承办”、“审核”状态，不能回到“{bad.label}”"
        )
    with pytest.raises(ValueError, match="needs return_to"):
        next_state(pause, action)


def test_return_to_is_ignored_by_actions_with_a_fixed_target() -> None:
    assert next_state(S.RECEIVED, A.ACCEPT, return_to=S.DRAFT) is S.ACCEPTED
    assert next_state(S.SUSPENDED, A.VOID, return_to=S.ACCEPTED) is S.VOIDED
    with pytest.raises(IllegalTransition):
        next_state(S.RECEIVED, A.RESUME, return_to=S.ACCEPTED)


def test_state_to_return_to() -> None:
    assert state_to_return_to([S.RECEIVED, S.ACCEPTED, S.SUSPENDED]) is S.ACCEPTED
    assert (
        state_to_return_to([S.ACCEPTED, S.IN_PROGRESS, S.UNDER_REVIEW, S.SPECIAL_PROCEDURE])
        is S.UNDER_REVIEW
    )
    assert state_to_return_to([S.IN_PROGRESS, S.SUSPENDED, S.SUSPENDED]) is S.IN_PROGRESS
    assert state_to_return_to([S.ACCEPTED, S.IN_PROGRESS]) is None
    assert state_to_return_to([]) is None
    assert state_to_return_to([S.SUSPENDED]) is None
    assert state_to_return_to([S.FORWARDED, S.SUSPENDED]) is None  # not a valid origin


def test_labels_are_chinese_and_distinct() -> None:
    for enum in (CaseState, Action):
        labels = [m.label for m in enum]
        assert all(re.search(r"[\u4e00-\u9fff]", label) for label in labels)
    states = [s.label for s in CaseState]
    assert len(set(states)) == len(states)
    assert S.AWAITING_SUPPLEMENT.label == "待补正"
    assert S.DECIDED_APPROVED.label == "决定：准予"
    assert State is CaseState


def test_every_state_is_reachable_and_can_end() -> None:
    reached = {S.DRAFT}
    frontier = [S.DRAFT]
    while frontier:
        state = frontier.pop()
        for action in allowed_actions(state):
            targets = (
                return_states(state)
                if action is RESUMES.get(state)
                else (next_state(state, action),)
            )
            for t in targets:
                if t not in reached:
                    reached.add(t)
                    frontier.append(t)
    assert reached == set(CaseState)
    for state in set(CaseState) - TERMINAL:
        assert A.VOID in allowed_actions(state)  # a supervisor can always end a case


@given(st.lists(st.integers(0, 100), max_size=40))
def test_random_walks_follow_the_table(choices: list[int]) -> None:
    history = [S.DRAFT]
    for choice in choices:
        state = history[-1]
        actions = allowed_actions(state)
        if not actions:
            assert is_terminal(state)
            break
        action = actions[choice % len(actions)]
        resuming = action is RESUMES.get(state)
        return_to = state_to_return_to(history) if resuming else None
        new = next_state(state, action, return_to=return_to)
        if resuming:
            assert new is return_to and new in PAUSE_ORIGINS
        history.append(new)
        assert not (stops_clock(new) and not is_open(new))
