"""Which roles a screen's writes need, and the sentence a greyed-out control shows.

Only for shaping the screens: the services check every call again and have the last word.
Each tuple repeats the ``require_any`` of the services it stands for, in their order, so a
tooltip names the same roles as the refusal would.
"""

from __future__ import annotations

from hallapp.services.actors import Actor, Role

# cases.apply_action, custody.record_handover, forwarding, delivery, printing (打印文书)
CASE_WORK = (Role.CLERK, Role.SUPERVISOR, Role.AGENT)
# intake.submit_intake, agents.put_under_agent_service and reassign
INTAKE = (Role.CLERK, Role.SUPERVISOR)
# agents.accept_assignment
ACCEPT_ASSIGNMENT = (Role.AGENT, Role.SUPERVISOR)
# hall settings, the calendar, the catalogue, 同步设置 and 重新发送
MANAGERS = (Role.SUPERVISOR, Role.ADMIN)
# Any one of these gives some right to change the hall's records.
_WRITERS = (Role.CLERK, Role.AGENT, Role.SUPERVISOR, Role.ADMIN)


def read_only(actor: Actor) -> bool:
    """只读用户: the account may look at everything it is shown and change nothing."""
    return not actor.has_any(*_WRITERS)


def needs(what: str, roles: tuple[Role, ...]) -> str:
    """“打印文书需要窗口人员、中心负责人或代办员角色”."""
    labels = [r.label for r in roles]
    said = labels[0] if len(labels) == 1 else "、".join(labels[:-1]) + "或" + labels[-1]
    return f"{what}需要{said}角色"
