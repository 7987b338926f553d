"""Which clock actions the case view offers, and why one is not offered, in the clerk's
words. Only for the buttons: the services check every call again and have the last word.

Each function returns "" when the action may be tried, else the reason shown as the
button's tooltip.
"""

from __future__ import annotations

from collections.abc import Set

from hallapp.core.clock import PauseKind, WarningLevel
from hallapp.core.lifecycle import is_open, needs_supervisor
from hallapp.services.actors import Role
from hallapp.services.case_clock import PAUSE_ACTIONS, CaseClock
from hallapp.ui.roles import CASE_WORK, needs

CASE_ROLES = frozenset(CASE_WORK)
EXTENSION_ROLES = (Role.CLERK, Role.SUPERVISOR)


def _needs(what: str, role: Role) -> str:
    return f"“{what}”需要{role.label}角色"


def _not_running(clock: CaseClock) -> str:
    """Why no clock action fits the case at all, or ""."""
    if clock.clock is None:
        return "办件尚未受理，没有办理时限"
    if not is_open(clock.state):
        return f"办件处于“{clock.state.label}”状态，已不再计时"
    return ""


def pause_kind_blocked(clock: CaseClock, kind: PauseKind, roles: Set[Role]) -> str:
    action = PAUSE_ACTIONS[kind][0]
    if kind not in clock.pause_kinds:
        return _not_running(clock) or (
            f"办件处于“{clock.state.label}”状态，不能{kind.label}"
            if clock.end_action is None
            else f"计时已因“{clock.state.label}”暂停，请先恢复计时"
        )
    if not roles & CASE_ROLES:
        return needs("办理办件", CASE_WORK)
    if needs_supervisor(action) and Role.SUPERVISOR not in roles:
        return _needs(action.label, Role.SUPERVISOR)
    return ""


def pause_blocked(clock: CaseClock, roles: Set[Role]) -> str:
    """暂停计时: some kind of pause is open to this user."""
    reasons = [pause_kind_blocked(clock, kind, roles) for kind in PauseKind]
    # 补正 asks only for the state and a working role, so its reason is the general one.
    return reasons[0] if all(reasons) else ""


def end_blocked(clock: CaseClock, roles: Set[Role]) -> str:
    """恢复计时: ends the pause the case is in."""
    if clock.end_action is None:
        return _not_running(clock) or "计时没有暂停"
    if not roles & CASE_ROLES:
        return needs("办理办件", CASE_WORK)
    if needs_supervisor(clock.end_action) and Role.SUPERVISOR not in roles:
        return _needs(clock.end_action.label, Role.SUPERVISOR)
    return ""


def request_blocked(clock: CaseClock, roles: Set[Role]) -> str:
    """申请延期 (行政许可法 第四十二条)."""
    if reason := _not_running(clock):
        return reason
    if clock.max_extension_days <= 0:
        return "本事项的法定期限不足二十个工作日，依法不能延期"
    if clock.pending is not None:
        return "已有一项延期申请等待批准"
    if clock.extension_left <= 0:
        return f"已延期{clock.extension_granted}个工作日，达到本事项最多可延长的天数"
    assert clock.clock is not None
    if clock.clock.level is WarningLevel.LEGAL_OVERDUE:
        return "法定期限已届满，不能再申请延期"
    if not roles & set(EXTENSION_ROLES):
        return "“申请延期”需要" + "或".join(r.label for r in EXTENSION_ROLES) + "角色"
    return ""


def decide_blocked(clock: CaseClock, roles: Set[Role]) -> str:
    """批准 / 不批准 the pending extension: the head of the office (中心负责人)."""
    if clock.pending is None:
        return "没有等待批准的延期申请"
    if Role.SUPERVISOR not in roles:
        return _needs("批准延期", Role.SUPERVISOR)
    return ""
