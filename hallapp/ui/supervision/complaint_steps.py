"""A complaint's handling steps in order, and why one cannot be taken now.

Only for shaping the screen: the complaints service checks every call again and has the
last word. The roles repeat the service's ``require_any`` so a greyed button names the
same roles as the refusal would; the state rules repeat the order the service enforces.
"""

from __future__ import annotations

from enum import StrEnum

from hallapp.core.complaints import MAX_EXTENSION_DAYS, ComplaintState
from hallapp.services.actors import Actor, Role
from hallapp.services.complaints import ComplaintView
from hallapp.ui.roles import needs

# complaints.register_complaint
REGISTER = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
# complaints.render_complaint_pdf
PRINT = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
# complaints.assign_handler, extend_complaint, close_complaint; findings and the reply
# of a complaint someone else handles
SUPERVISE = (Role.SUPERVISOR,)


class Step(StrEnum):
    ASSIGN = "assign"
    FINDINGS = "findings"
    REPLY = "reply"
    EXTEND = "extend"
    CLOSE = "close"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Step.ASSIGN: "指定承办人",
    Step.FINDINGS: "调查结果",
    Step.REPLY: "答复",
    Step.EXTEND: "延期",
    Step.CLOSE: "办结",
}


# The action each step's refusal names, as the service words it.
_ACTIONS = {
    Step.ASSIGN: "指定投诉承办人",
    Step.FINDINGS: "记录他人承办的投诉的调查结果",
    Step.REPLY: "答复他人承办的投诉",
    Step.EXTEND: "批准投诉延期",
    Step.CLOSE: "办结效能投诉",
}


def is_handler(actor: Actor, complaint: ComplaintView) -> bool:
    """The complaint's 承办人 records findings and the reply without being 中心负责人. The
    view names the handler, not their account: the name is what there is to compare."""
    return bool(complaint.handler_name) and complaint.handler_name == actor.name


def extension_left(complaint: ComplaintView) -> int:
    return max(0, MAX_EXTENSION_DAYS - complaint.extended_days)


def _role_refusal(step: Step, actor: Actor, complaint: ComplaintView) -> str:
    if actor.has_any(*SUPERVISE):
        return ""
    if step in (Step.FINDINGS, Step.REPLY) and is_handler(actor, complaint):
        return ""
    return needs(_ACTIONS[step], SUPERVISE)


def _state_refusal(step: Step, c: ComplaintView) -> str:
    if c.state is ComplaintState.CLOSED:
        return f"该投诉已于{c.closed_on.isoformat()}办结" if c.closed_on else "该投诉已办结"
    replied = c.state is not ComplaintState.OPEN
    if step is Step.ASSIGN and replied:
        return "该投诉已答复，不能再更换承办人"
    if step is Step.FINDINGS and replied:
        return "该投诉已答复，不能再修改调查结果"
    if step is Step.REPLY:
        if replied:
            return f"已于{c.replied_on.isoformat()}答复投诉人" if c.replied_on else "已答复投诉人"
        if not c.findings:
            return "请先记录调查结果，再答复投诉人"
    if step is Step.EXTEND:
        if replied:
            return "该投诉已答复，不能再延期"
        if c.days_left is not None and c.days_left < 0:
            return f"该投诉已于{c.due_on.isoformat()}到期，超期后不能再延期：延期须在期限届满前决定"
        if extension_left(c) == 0:
            return (
                f"延期已达上限：最多可延长{MAX_EXTENSION_DAYS}个工作日"
                f"（已延期{c.extended_days}个工作日）"
            )
    if step is Step.CLOSE and not replied:
        return "该投诉尚未答复投诉人，答复后才能办结"
    return ""


def refusal(step: Step, actor: Actor, complaint: ComplaintView | None) -> str:
    """Why ``step`` cannot be taken on ``complaint`` by ``actor`` now, or "" when it can:
    the role first (no state makes it possible), then the state."""
    if complaint is None:
        return "请先在列表中选择一件投诉"
    return _role_refusal(step, actor, complaint) or _state_refusal(step, complaint)


def next_step(complaint: ComplaintView) -> Step | None:
    """What the complaint waits for, in the order the steps are taken."""
    for step in (Step.ASSIGN, Step.FINDINGS, Step.REPLY, Step.CLOSE):
        if not _state_refusal(step, complaint) and not _done(step, complaint):
            return step
    return None


def _done(step: Step, complaint: ComplaintView) -> bool:
    return {
        Step.ASSIGN: bool(complaint.handler_name),
        Step.FINDINGS: bool(complaint.findings),
        Step.REPLY: complaint.replied_on is not None,
        Step.CLOSE: complaint.state is ComplaintState.CLOSED,
    }.get(step, False)
