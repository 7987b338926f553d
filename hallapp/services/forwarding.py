"""转报/联办: a case sent to one or more county departments, and their replies.

A case enters 转报 when it is first sent (Action.FORWARD); more departments may be added
while it waits there (联合审批) without a second step. Each forward keeps its own date
sent, the reply expected within N working days of the hall's calendar, the way it went
and the department's reply. When the last department of the round has replied, the case
goes back to 承办 (Action.FORWARD_REPLIED), and then, by the replies of that round:

- any 不同意 (refused): the case stays in 承办. A joint handling fails on any refusal, so
  the applicant is not sent for materials that could not change the outcome; the window
  goes on to 审核 and 不予许可 with the department's reason.
- otherwise any 需补充材料 (more materials): 补正 (Action.REQUEST_SUPPLEMENT), the clock
  stopped, with everything every department asked for in the reason given to the
  applicant (一次性告知: all of it at once, never one department after another).
- all 同意: the case stays in 承办 for the window to finish.

Every call is one transaction: the forward rows, the case's steps, their timeline events
and audit records, and the outbox entries (the case, its steps, each forward as sent or
as answered) commit together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hallapp.core.lifecycle import Action, IllegalTransition, State
from hallapp.db.models import AuditRecord, Case, CaseForward
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput, NotFound
from hallapp.services import cases
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.calendar import calendar_for
from hallapp.services.case_records import add_audit, add_event
from hallapp.services.outbox_records import CREATE, UPDATE, queue_case, queue_forward

PAGE = 200
MAX_EXPECTED_DAYS = 60
_RECORDERS = (Role.CLERK, Role.SUPERVISOR, Role.AGENT)


class ForwardWay(StrEnum):
    AGENT = "agent"  # 代办员送达
    POST = "post"
    ELECTRONIC = "electronic"

    @property
    def label(self) -> str:
        return _WAY_LABELS[self]


_WAY_LABELS = {
    ForwardWay.AGENT: "代办员送达",
    ForwardWay.POST: "邮寄",
    ForwardWay.ELECTRONIC: "网上报送",
}


class ForwardReply(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    MORE_MATERIALS = "more_materials"

    @property
    def label(self) -> str:
        return _REPLY_LABELS[self]


_REPLY_LABELS = {
    ForwardReply.PENDING: "待答复",
    ForwardReply.APPROVED: "同意",
    ForwardReply.REFUSED: "不同意",
    ForwardReply.MORE_MATERIALS: "需补充材料",
}


@dataclass(frozen=True)
class ForwardTarget:
    """One department the case goes to; ``sent_on`` defaults to today."""

    department: str
    expected_days: int  # working days for the reply, 1–60
    way: ForwardWay
    sent_on: date | None = None


@dataclass(frozen=True)
class ForwardForm:
    targets: tuple[ForwardTarget, ...]
    note: str = ""


@dataclass(frozen=True)
class NeededMaterial:
    """What a department asks for: the material and what is missing or wrong with it."""

    name: str
    need: str


@dataclass(frozen=True)
class ReplyForm:
    reply: ForwardReply
    reason: str = ""  # required for 不同意; a note otherwise
    needed: tuple[NeededMaterial, ...] = ()  # required for 需补充材料
    replied_on: date | None = None  # defaults to today


@dataclass(frozen=True)
class ForwardView:
    id: int
    case_id: int
    department: str
    sent_on: date
    expected_days: int
    expected_reply_on: date
    expected_provisional: bool  # the hall's calendar does not know that year yet
    way: ForwardWay
    reply: ForwardReply
    reply_on: date | None
    reply_text: str
    recorded_by: str
    overdue: bool  # still pending after the expected day

    @property
    def pending(self) -> bool:
        return self.reply is ForwardReply.PENDING


@dataclass(frozen=True)
class ForwardResult:
    state: State  # the case's state afterwards
    entered: bool  # the case moved to 转报 with this call (False: departments added)
    forwards: tuple[ForwardView, ...]  # the ones just recorded


@dataclass(frozen=True)
class ReplyResult:
    forward: ForwardView
    state: State  # the case's state afterwards
    all_replied: bool  # the round is over and the case has left 转报
    supplement_reason: str  # what the applicant is told to bring; "" without a 补正


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"找不到办件 {case_id}")
    return case


def move_case(
    session: Session,
    actor: Actor,
    case_id: int,
    action: Action,
    comment: str,
    now: datetime,
    details: dict[str, Any] | None = None,
) -> State:
    """cases.take_step, with a refused step said as invalid input: a forward, a reply or
    a delivery and the step it causes commit together."""
    try:
        return cases.take_step(session, actor, case_id, action, comment, now, details=details)
    except IllegalTransition as exc:
        raise InvalidInput(exc.message) from exc


def _check_targets(form: ForwardForm, today: date, accepted_on: date | None) -> None:
    problems: list[str] = []
    if not form.targets:
        problems.append("请至少选择一个转报部门")
    seen: set[str] = set()
    for t in form.targets:
        name = t.department.strip() or "（未填写部门）"
        if not t.department.strip():
            problems.append("转报部门不能为空")
        elif name in seen:
            problems.append(f"“{name}”重复填写")
        seen.add(name)
        if not 1 <= t.expected_days <= MAX_EXPECTED_DAYS:
            problems.append(
                f"{name}：预计答复期限须为1至{MAX_EXPECTED_DAYS}个工作日（{t.expected_days}）"
            )
        sent = t.sent_on or today
        if sent > today:
            problems.append(f"{name}：发出日期不能晚于今天")
        elif accepted_on is not None and sent < accepted_on:
            problems.append(f"{name}：发出日期不能早于受理日期 {accepted_on.isoformat()}")
        if t.way not in set(ForwardWay):
            problems.append(f"{name}：请选择报送方式（代办员送达、邮寄或网上报送）")
    if problems:
        raise InvalidInput("；".join(problems), problems)


def _view(session: Session, row: CaseForward, today: date) -> ForwardView:
    calendar = calendar_for(session)
    reply = ForwardReply(row.reply)
    return ForwardView(
        id=row.id,
        case_id=row.case_id,
        department=row.department,
        sent_on=row.sent_on,
        expected_days=row.expected_days,
        expected_reply_on=row.expected_reply_on,
        expected_provisional=not calendar.is_known_year(row.expected_reply_on.year),
        way=ForwardWay(row.way),
        reply=reply,
        reply_on=row.reply_on,
        reply_text=row.reply_text,
        recorded_by=row.recorded_by,
        overdue=reply is ForwardReply.PENDING and row.expected_reply_on < today,
    )


def forward(
    uow: UnitOfWork, actor: Actor, case_id: int, form: ForwardForm, now: datetime | None = None
) -> ForwardResult:
    """转报 the case to the departments of ``form`` (several at once: 联合审批)."""
    require_any(actor, "转报", *_RECORDERS)
    now = now or datetime.now()
    today = now.date()
    with uow:
        session = uow.session
        case = _case(session, case_id)
        before = State(case.state)
        _check_targets(form, today, case.accepted_on)
        waiting = set(
            session.scalars(
                select(CaseForward.department).where(
                    CaseForward.case_id == case_id,
                    CaseForward.reply == ForwardReply.PENDING.value,
                )
            )
        )
        again = [t.department.strip() for t in form.targets if t.department.strip() in waiting]
        if again:
            raise InvalidInput("已转报且尚未答复：" + "、".join(again))
        calendar = calendar_for(session)
        rows = []
        for t in form.targets:
            sent = t.sent_on or today
            row = CaseForward(
                case_id=case_id,
                department=t.department.strip(),
                sent_on=sent,
                expected_days=t.expected_days,
                expected_reply_on=calendar.add_workdays(sent, t.expected_days).day,
                way=ForwardWay(t.way).value,
                reply=ForwardReply.PENDING.value,
                reply_text="",
                recorded_by=actor.name,
            )
            session.add(row)
            rows.append(row)
        session.flush()
        ids = [r.id for r in rows]
        comment = "；".join(
            f"{r.department}（{r.sent_on.isoformat()}{ForwardWay(r.way).label}，"
            f"{r.expected_days}个工作日内即{r.expected_reply_on.isoformat()}前答复）"
            for r in rows
        )
        if form.note.strip():
            comment += f"。{form.note.strip()}"
        details = {"forward_ids": ids, "departments": [r.department for r in rows]}
        entered = before is not State.FORWARDED
        if entered:
            state = move_case(session, actor, case_id, Action.FORWARD, comment, now, details)
        else:
            # Another department joins the round: a step on the timeline, not a transition.
            state = before
            _record_step(session, actor, case_id, Action.FORWARD, state, comment, now, details)
        queue_case(session, case_id, UPDATE, now)
        for forward_id in ids:
            queue_forward(session, forward_id, CREATE, now)
        views = tuple(_view(session, r, today) for r in rows)
        uow.commit()
        return ForwardResult(state, entered, views)


def _record_step(
    session: Session,
    actor: Actor,
    case_id: int,
    action: Action,
    state: State,
    comment: str,
    now: datetime,
    details: dict[str, Any],
) -> None:
    add_event(session, case_id, actor, action.value, state.value, state.value, comment, now)
    audit = {"from": state.value, "to": state.value, "comment": comment, **details}
    add_audit(session, actor, f"case.{action.value}", case_id, audit, now)
    session.execute(
        update(Case).where(Case.id == case_id).values(version=Case.version + 1, updated_at=now)
    )


def _reply_text(form: ReplyForm) -> str:
    if form.reply is ForwardReply.PENDING:
        raise InvalidInput("请选择部门的答复：同意、不同意或需补充材料")
    if form.reply is ForwardReply.REFUSED:
        if not form.reason.strip():
            raise InvalidInput("部门不同意的，须写明理由（将告知申请人）")
        return form.reason.strip()
    if form.reply is ForwardReply.MORE_MATERIALS:
        needed = [m for m in form.needed if m.name.strip()]
        if not needed or any(not m.need.strip() for m in needed):
            raise InvalidInput("需补充材料的，须写明补充哪些材料、每项需要什么")
        text = "；".join(f"{m.name.strip()}（{m.need.strip()}）" for m in needed)
        return text + (f"。{form.reason.strip()}" if form.reason.strip() else "")
    return form.reason.strip()


def _round_ids(session: Session, case_id: int) -> list[int]:
    """The forwards of the case's current stay in 转报: those recorded since it last
    entered it (earlier rounds were answered, and acted on, before it left)."""
    ids: list[int] = []
    for (detail,) in session.execute(
        select(AuditRecord.detail)
        .where(
            AuditRecord.entity == "case",
            AuditRecord.entity_id == str(case_id),
            AuditRecord.action == f"case.{Action.FORWARD.value}",
        )
        .order_by(AuditRecord.id.desc())
    ):
        data = json.loads(detail)
        ids += data.get("forward_ids", [])
        if data.get("from") != State.FORWARDED.value:
            break
    return ids


def record_reply(
    uow: UnitOfWork, actor: Actor, forward_id: int, form: ReplyForm, now: datetime | None = None
) -> ReplyResult:
    """The department's reply; the last one of the round moves the case on (module doc)."""
    require_any(actor, "登记转报答复", *_RECORDERS)
    text = _reply_text(form)
    now = now or datetime.now()
    today = now.date()
    replied_on = form.replied_on or today
    with uow:
        session = uow.session
        row = session.get(CaseForward, forward_id)
        if row is None:
            raise NotFound(f"找不到转报记录 {forward_id}")
        if row.reply != ForwardReply.PENDING.value:
            raise InvalidInput(
                f"{row.department}的答复已于{row.reply_on}登记为“{ForwardReply(row.reply).label}”，"
                "不能再次登记"
            )
        state = State(_case(session, row.case_id).state)
        if state is not State.FORWARDED:
            raise InvalidInput(f"办件处于“{state.label}”状态，不能登记转报答复")
        if replied_on > today:
            raise InvalidInput("答复日期不能晚于今天")
        if replied_on < row.sent_on:
            raise InvalidInput(f"答复日期不能早于发出日期 {row.sent_on.isoformat()}")
        row.reply, row.reply_on, row.reply_text = form.reply.value, replied_on, text
        session.flush()
        case_id = row.case_id
        comment = f"{row.department}：{form.reply.label}" + (f"。{text}" if text else "")
        details = {"forward_id": row.id, "reply": form.reply.value, "text": text}
        still_waiting = session.scalar(
            select(func.count()).where(
                CaseForward.case_id == case_id, CaseForward.reply == ForwardReply.PENDING.value
            )
        )
        supplement = ""
        if still_waiting:
            _record_step(
                session, actor, case_id, Action.FORWARD_REPLIED, state, comment, now, details
            )
        else:
            state = move_case(
                session, actor, case_id, Action.FORWARD_REPLIED, comment, now, details
            )
            supplement = _supplement_reason(session, case_id)
            if supplement:
                state = move_case(
                    session, actor, case_id, Action.REQUEST_SUPPLEMENT, supplement, now
                )
        queue_case(session, case_id, UPDATE, now)
        queue_forward(session, row.id, UPDATE, now)
        view = _view(session, row, today)
        uow.commit()
        return ReplyResult(view, state, not still_waiting, supplement)


def _supplement_reason(session: Session, case_id: int) -> str:
    """What the round's departments asked for, or "" when none did or one refused."""
    ids = _round_ids(session, case_id)
    rows = list(
        session.scalars(select(CaseForward).where(CaseForward.id.in_(ids)).order_by(CaseForward.id))
    )
    if any(r.reply == ForwardReply.REFUSED.value for r in rows):
        return ""
    asked = [r for r in rows if r.reply == ForwardReply.MORE_MATERIALS.value]
    return "；".join(f"{r.department}要求补充：{r.reply_text}" for r in asked)


def forwards_of(uow: UnitOfWork, case_id: int, today: date | None = None) -> list[ForwardView]:
    """Every forward of the case, in the order sent."""
    today = today or date.today()
    with uow:
        session = uow.session
        _case(session, case_id)
        rows = session.scalars(
            select(CaseForward).where(CaseForward.case_id == case_id).order_by(CaseForward.id)
        ).all()
        return [_view(session, r, today) for r in rows]
