"""The states of a case (办件) and the actions that move it, enforced in one place.

The whole life of a case is the table :data:`TRANSITIONS`: for each state, the actions a
clerk may take, in the order their buttons appear, and where each one leads. Nothing else
decides whether an action is allowed.

The main road: 暂存 → 收件 → 受理 → 承办 (→ 转报 → 承办) → 审核 → 决定 → 办结 → 送达.
Before acceptance a 一次性告知 puts a case in 待补正 until the materials arrive (no clock
runs yet). After acceptance three states stop the clock (行政许可法 第四十五条): 补正中
(waiting for the applicant), 特别程序 and 挂起; leaving them returns the case to the state
it was paused from, which the caller reads from the case's timeline and passes as
``return_to`` (see :func:`state_to_return_to`). Only one pause is open at a time.

Rules that need more than the state stay with the caller: 即办 (``complete_on_the_spot``)
only for items whose promised limit is 0, and the reasons that some actions require
(:func:`needs_reason`). The supervisor-only actions are data here (:func:`needs_supervisor`);
checking the acting user is the services' job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from types import MappingProxyType

from hallapp.core.clock import PauseKind

__all__ = [
    "PAUSE_KINDS",
    "TRANSITIONS",
    "Action",
    "CaseState",
    "IllegalTransition",
    "State",
    "allowed_actions",
    "clock_running",
    "is_open",
    "is_terminal",
    "needs_reason",
    "needs_supervisor",
    "next_state",
    "pause_kind",
    "return_states",
    "state_to_return_to",
    "stops_clock",
]


class CaseState(StrEnum):
    DRAFT = "draft"
    RECEIVED = "received"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    IN_PROGRESS = "in_progress"
    FORWARDED = "forwarded"
    UNDER_REVIEW = "under_review"
    DECIDED_APPROVED = "decided_approved"
    DECIDED_DENIED = "decided_denied"
    COMPLETED = "completed"
    DELIVERED = "delivered"
    WITHDRAWN = "withdrawn"
    RETURNED = "returned"
    VOIDED = "voided"
    SUPPLEMENT_AFTER_ACCEPTANCE = "supplement_after_acceptance"
    SPECIAL_PROCEDURE = "special_procedure"
    SUSPENDED = "suspended"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


State = CaseState  # the short name used in the design notes

_STATE_LABELS = {
    CaseState.DRAFT: "暂存",
    CaseState.RECEIVED: "收件",
    CaseState.AWAITING_SUPPLEMENT: "待补正",
    CaseState.ACCEPTED: "受理",
    CaseState.REFUSED: "不予受理",
    CaseState.IN_PROGRESS: "承办",
    CaseState.FORWARDED: "转报",
    CaseState.UNDER_REVIEW: "审核",
    CaseState.DECIDED_APPROVED: "决定：准予",
    CaseState.DECIDED_DENIED: "决定：不予许可",
    CaseState.COMPLETED: "办结",
    CaseState.DELIVERED: "已送达",
    CaseState.WITHDRAWN: "撤件",
    CaseState.RETURNED: "退件",
    CaseState.VOIDED: "作废",
    CaseState.SUPPLEMENT_AFTER_ACCEPTANCE: "补正中",
    CaseState.SPECIAL_PROCEDURE: "特别程序",
    CaseState.SUSPENDED: "挂起",
}


class Action(StrEnum):
    RECEIVE = "receive"
    ISSUE_NOTICE = "issue_notice"
    SUPPLEMENT_RECEIVED = "supplement_received"
    ACCEPT = "accept"
    REFUSE = "refuse"
    COMPLETE_ON_THE_SPOT = "complete_on_the_spot"
    START_HANDLING = "start_handling"
    FORWARD = "forward"
    FORWARD_REPLIED = "forward_replied"
    SUBMIT_FOR_REVIEW = "submit_for_review"
    APPROVE = "approve"
    DENY = "deny"
    COMPLETE = "complete"
    DELIVER = "deliver"
    WITHDRAW = "withdraw"
    RETURN_CASE = "return_case"
    VOID = "void"
    REQUEST_SUPPLEMENT = "request_supplement"
    SUPPLEMENT_DONE = "supplement_done"
    START_SPECIAL_PROCEDURE = "start_special_procedure"
    END_SPECIAL_PROCEDURE = "end_special_procedure"
    SUSPEND = "suspend"
    RESUME = "resume"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.RECEIVE: "收件",
    Action.ISSUE_NOTICE: "一次性告知",
    Action.SUPPLEMENT_RECEIVED: "材料补齐",
    Action.ACCEPT: "受理",
    Action.REFUSE: "不予受理",
    Action.COMPLETE_ON_THE_SPOT: "即办",
    Action.START_HANDLING: "承办",
    Action.FORWARD: "转报",
    Action.FORWARD_REPLIED: "转报回复",
    Action.SUBMIT_FOR_REVIEW: "提交审核",
    Action.APPROVE: "准予许可",
    Action.DENY: "不予许可",
    Action.COMPLETE: "办结",
    Action.DELIVER: "送达",
    Action.WITHDRAW: "撤件",
    Action.RETURN_CASE: "退件",
    Action.VOID: "作废",
    Action.REQUEST_SUPPLEMENT: "要求补正",
    Action.SUPPLEMENT_DONE: "补正完成",
    Action.START_SPECIAL_PROCEDURE: "启动特别程序",
    Action.END_SPECIAL_PROCEDURE: "结束特别程序",
    Action.SUSPEND: "挂起",
    Action.RESUME: "恢复办理",
}

# Short names for the table below.
S = CaseState
A = Action
# Back to the state the pause came from (``return_to``).
RETURN = None

# For each state: action → next state, in the order the buttons appear. Destructive actions
# come last. A state missing here or mapped to nothing is terminal.
_TABLE: dict[CaseState, dict[Action, CaseState | None]] = {
    S.DRAFT: {A.RECEIVE: S.RECEIVED, A.WITHDRAW: S.WITHDRAWN, A.VOID: S.VOIDED},
    S.RECEIVED: {
        A.ACCEPT: S.ACCEPTED,
        A.COMPLETE_ON_THE_SPOT: S.COMPLETED,
        A.ISSUE_NOTICE: S.AWAITING_SUPPLEMENT,
        A.REFUSE: S.REFUSED,
        A.WITHDRAW: S.WITHDRAWN,
        A.RETURN_CASE: S.RETURNED,
        A.VOID: S.VOIDED,
    },
    S.AWAITING_SUPPLEMENT: {
        A.SUPPLEMENT_RECEIVED: S.RECEIVED,
        A.WITHDRAW: S.WITHDRAWN,
        A.RETURN_CASE: S.RETURNED,
        A.VOID: S.VOIDED,
    },
    S.ACCEPTED: {
        A.START_HANDLING: S.IN_PROGRESS,
        A.FORWARD: S.FORWARDED,
        A.REQUEST_SUPPLEMENT: S.SUPPLEMENT_AFTER_ACCEPTANCE,
        A.START_SPECIAL_PROCEDURE: S.SPECIAL_PROCEDURE,
        A.SUSPEND: S.SUSPENDED,
        A.WITHDRAW: S.WITHDRAWN,
        A.RETURN_CASE: S.RETURNED,
        A.VOID: S.VOIDED,
    },
    S.IN_PROGRESS: {
        A.SUBMIT_FOR_REVIEW: S.UNDER_REVIEW,
        A.COMPLETE: S.COMPLETED,
        A.FORWARD: S.FORWARDED,
        A.REQUEST_SUPPLEMENT: S.SUPPLEMENT_AFTER_ACCEPTANCE,
        A.START_SPECIAL_PROCEDURE: S.SPECIAL_PROCEDURE,
        A.SUSPEND: S.SUSPENDED,
        A.WITHDRAW: S.WITHDRAWN,
        A.RETURN_CASE: S.RETURNED,
        A.VOID: S.VOIDED,
    },
    S.FORWARDED: {A.FORWARD_REPLIED: S.IN_PROGRESS, A.WITHDRAW: S.WITHDRAWN, A.VOID: S.VOIDED},
    S.UNDER_REVIEW: {
        A.APPROVE: S.DECIDED_APPROVED,
        A.DENY: S.DECIDED_DENIED,
        A.REQUEST_SUPPLEMENT: S.SUPPLEMENT_AFTER_ACCEPTANCE,
        A.START_SPECIAL_PROCEDURE: S.SPECIAL_PROCEDURE,
        A.SUSPEND: S.SUSPENDED,
        A.WITHDRAW: S.WITHDRAWN,
        A.VOID: S.VOIDED,
    },
    S.DECIDED_APPROVED: {A.COMPLETE: S.COMPLETED, A.VOID: S.VOIDED},
    S.DECIDED_DENIED: {A.COMPLETE: S.COMPLETED, A.VOID: S.VOIDED},
    S.COMPLETED: {A.DELIVER: S.DELIVERED, A.VOID: S.VOIDED},
    S.SUPPLEMENT_AFTER_ACCEPTANCE: {
        A.SUPPLEMENT_DONE: RETURN,
        A.WITHDRAW: S.WITHDRAWN,
        A.VOID: S.VOIDED,
    },
    S.SPECIAL_PROCEDURE: {
        A.END_SPECIAL_PROCEDURE: RETURN,
        A.WITHDRAW: S.WITHDRAWN,
        A.VOID: S.VOIDED,
    },
    S.SUSPENDED: {A.RESUME: RETURN, A.WITHDRAW: S.WITHDRAWN, A.VOID: S.VOIDED},
    S.REFUSED: {},
    S.DELIVERED: {},
    S.WITHDRAWN: {},
    S.RETURNED: {},
    S.VOIDED: {},
}
TRANSITIONS: Mapping[CaseState, Mapping[Action, CaseState | None]] = MappingProxyType(
    {state: MappingProxyType(moves) for state, moves in _TABLE.items()}
)

# The clock-stopping states, the action that enters each, and the kind of pause recorded.
PAUSE_KINDS: Mapping[CaseState, PauseKind] = MappingProxyType(
    {
        S.SUPPLEMENT_AFTER_ACCEPTANCE: PauseKind.SUPPLEMENT,
        S.SPECIAL_PROCEDURE: PauseKind.SPECIAL_PROCEDURE,
        S.SUSPENDED: PauseKind.SUSPENSION,
    }
)
_PAUSE_ENTRY = {
    S.SUPPLEMENT_AFTER_ACCEPTANCE: A.REQUEST_SUPPLEMENT,
    S.SPECIAL_PROCEDURE: A.START_SPECIAL_PROCEDURE,
    S.SUSPENDED: A.SUSPEND,
}
_SUPERVISOR_ACTIONS = frozenset({A.VOID, A.SUSPEND, A.RESUME})
_REASON_ACTIONS = frozenset(
    {
        A.REFUSE,
        A.DENY,
        A.RETURN_CASE,
        A.VOID,
        A.REQUEST_SUPPLEMENT,
        A.START_SPECIAL_PROCEDURE,
        A.SUSPEND,
    }
)
_NOT_YET_ACCEPTED = frozenset({S.DRAFT, S.RECEIVED, S.AWAITING_SUPPLEMENT})


class IllegalTransition(Exception):
    """An action the case's state does not allow; ``message`` is shown to the clerk."""

    def __init__(self, state: CaseState, action: Action, message: str | None = None) -> None:
        if message is None:
            allowed = allowed_actions(state)
            message = f"办件处于“{state.label}”状态，不能“{action.label}”"
            if allowed:
                message += "。可进行的操作：" + "、".join(a.label for a in allowed)
            else:
                message += "：该办件已终结"
        super().__init__(message)
        self.state = state
        self.action = action
        self.message = message


def allowed_actions(state: CaseState) -> tuple[Action, ...]:
    """The actions allowed in ``state``, in the order their buttons appear."""
    return tuple(TRANSITIONS[state])


def return_states(pause_state: CaseState) -> tuple[CaseState, ...]:
    """The states a case may be paused from into ``pause_state``, hence may go back to."""
    entry = _PAUSE_ENTRY[pause_state]
    return tuple(s for s, moves in TRANSITIONS.items() if moves.get(entry) is pause_state)


def next_state(state: CaseState, action: Action, return_to: CaseState | None = None) -> CaseState:
    """Where ``action`` takes a case in ``state``; raises IllegalTransition if not allowed.

    ``return_to`` is required when leaving a pause (补正完成, 结束特别程序, 恢复办理) and
    must be a state the pause can be entered from (:func:`return_states`). Other actions
    have a fixed target and ignore it, so a caller may always pass the state the timeline
    shows before the current one.
    """
    moves = TRANSITIONS[state]
    if action not in moves:
        raise IllegalTransition(state, action)
    target = moves[action]
    if target is not None:
        return target
    if return_to is None:
        raise ValueError(f"{action.value} needs return_to, the state before {state.value}")
    origins = return_states(state)
    if return_to not in origins:
        raise IllegalTransition(
            state,
            action,
            f"“{action.label}”后只能回到"
            + "、".join(f"“{s.label}”" for s in origins)
            + f"状态，不能回到“{return_to.label}”",
        )
    return return_to


def state_to_return_to(history: Sequence[CaseState]) -> CaseState | None:
    """From a case's states in time order ending in a pause, the state to go back to: the
    last one before the pause began. None when the case is not paused."""
    if not history or history[-1] not in PAUSE_KINDS:
        return None
    pause = history[-1]
    for earlier in reversed(history[:-1]):
        if earlier is not pause:
            return earlier if earlier in return_states(pause) else None
    return None


def is_terminal(state: CaseState) -> bool:
    """不予受理, 已送达, 撤件, 退件, 作废: nothing more can happen to the case."""
    return not TRANSITIONS[state]


def stops_clock(state: CaseState) -> bool:
    """补正中, 特别程序, 挂起: accepted, and the clock stands still."""
    return state in PAUSE_KINDS


def pause_kind(state: CaseState) -> PauseKind | None:
    """The kind of pause (clock.Pause) to open on entering ``state``, if it stops the clock."""
    return PAUSE_KINDS.get(state)


def is_open(state: CaseState) -> bool:
    """Accepted and not yet 办结 or ended: the cases the deadline monitor watches."""
    return not (state in _NOT_YET_ACCEPTED or state is S.COMPLETED or is_terminal(state))


def clock_running(state: CaseState) -> bool:
    """The case's 办理时限 is counting down today."""
    return is_open(state) and not stops_clock(state)


def needs_supervisor(action: Action) -> bool:
    """作废, 挂起, 恢复办理 need the 中心负责人."""
    return action in _SUPERVISOR_ACTIONS


def needs_reason(action: Action) -> bool:
    """Actions that must record a written reason (不予受理 and 不予许可 by law; 退件, 作废,
    补正, 特别程序 and 挂起 by hall practice, since the applicant is told why)."""
    return action in _REASON_ACTIONS
