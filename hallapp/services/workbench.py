"""The agent's workbench (代办员工作台): my open cases with their next step and promised due
date, the materials I hold, the hand-overs waiting for me, and the run sheet (出行单) for
a trip to the county; and, for the supervisor, the load per agent and per village point.

Every list is an indexed query over one agent's rows (cases by ix_cases_agent_clock,
hand-overs by their receiver and giver indexes); nothing here walks all cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import case as when
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from hallapp.core.custody import PartyKind
from hallapp.core.identity import mask_id
from hallapp.core.lifecycle import State, allowed_actions
from hallapp.core.workdays import DueDate
from hallapp.db import repositories as repo
from hallapp.db.models import (
    Agent,
    Case,
    CaseAgentService,
    CaseForward,
    CaseHolding,
    ItemVersion,
    VillagePoint,
)
from hallapp.db.uow import UnitOfWork
from hallapp.documents.case_list import ListSection, render_list_pdf
from hallapp.errors import InvalidInput, NotFound, PermissionDenied
from hallapp.services import audit, custody, deadlines
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.agents import AgentKind, AgentView, agent_for_actor, get_agent
from hallapp.services.calendar import calendar_for
from hallapp.services.custody import HeldMaterial
from hallapp.services.deadlines import Bucket, MonitorFilter, MonitorRow
from hallapp.services.forwarding import ForwardReply, ForwardWay
from hallapp.services.hall_settings import custody_max_days_in

# The first screen of "my cases": an agent with more open cases than this scrolls to the
# monitor (filtered by agent) for the rest.
CASES_SHOWN = 200

_AGENT_KINDS = (PartyKind.TOWNSHIP_AGENT.value, PartyKind.VILLAGE_AGENT.value)
_WATCHERS = (Role.SUPERVISOR, Role.ADMIN)


@dataclass(frozen=True)
class WorkbenchCase:
    """我的办件: one open case of the agent, with what is to be done next."""

    row: MonitorRow
    next_step: str  # the label of the first action the case's state allows; "" if none

    @property
    def case_id(self) -> int:
        return self.row.id

    @property
    def promised_due(self) -> DueDate:
        return self.row.promised_due

    @property
    def workdays_left(self) -> int:
        return self.row.workdays_left


@dataclass(frozen=True)
class RunSheetLine:
    """One line of the 出行单: a case the agent carries to a county department, with the
    materials the agent holds for it."""

    case_id: int
    number: str
    applicant_name: str
    masked_doc: str
    item_name: str
    department: str
    sent_on: date
    expected_reply_on: date
    materials: tuple[str, ...]


@dataclass(frozen=True)
class Workbench:
    agent: AgentView
    today: date
    max_days: int  # the hall's custody limit: a material held longer is flagged
    cases: tuple[WorkbenchCase, ...]  # the least time left first, at most CASES_SHOWN
    more_cases: bool  # the agent has more open cases than shown
    held: tuple[HeldMaterial, ...]  # longest held first
    waiting: tuple[HeldMaterial, ...]
    run_sheet: tuple[RunSheetLine, ...]  # by department, then expected reply

    def flagged(self, held: HeldMaterial) -> bool:
        return held.days_held > self.max_days


class LoadScope(StrEnum):
    AGENT = "agent"
    VILLAGE_POINT = "village_point"

    @property
    def label(self) -> str:
        return "代办员" if self is LoadScope.AGENT else "村代办点"


@dataclass(frozen=True)
class AgentLoad:
    """One line of the supervisor's load table (代办工作量)."""

    scope: LoadScope
    id: int
    name: str  # the agent's name, or the village
    detail: str  # the agent's kind, or the point's agent on duty
    open_cases: int
    warning: int  # 预警
    overdue: int  # 超期 and 超法定期限
    materials_held: int
    held_too_long: int


# --- whose workbench ----------------------------------------------------------------------


def _whose(session: Session, actor: Actor, agent_id: int | None) -> int:
    """The agent whose workbench ``actor`` may see: their own, or for the supervisor any."""
    if actor.has_any(*_WATCHERS):
        if agent_id is not None:
            return agent_id
        own = agent_for_actor(session, actor)
        if own is None:
            raise InvalidInput("请选择要查看的代办员")
        return own.id
    require_any(actor, "查看代办员工作台", Role.AGENT, *_WATCHERS)
    own = agent_for_actor(session, actor)
    if own is None:
        raise NotFound(f"登录账号“{actor.login}”没有关联代办员名册，请中心负责人关联后再用")
    if agent_id is not None and agent_id != own.id:
        raise PermissionDenied("代办员只能查看本人的工作台")
    return own.id


def _run_sheet(
    session: Session, agent_id: int, held: tuple[HeldMaterial, ...]
) -> tuple[RunSheetLine, ...]:
    """The agent's cases waiting in 转报 for a department's reply, sent by the agent."""
    rows = session.execute(
        select(
            Case.id,
            Case.number,
            Case.applicant_name,
            Case.applicant_doc_number,
            ItemVersion.name,
            CaseForward.department,
            CaseForward.sent_on,
            CaseForward.expected_reply_on,
        )
        .join(CaseForward, CaseForward.case_id == Case.id)
        .join(ItemVersion, ItemVersion.id == Case.item_version_id)
        .where(
            Case.agent_id == agent_id,
            Case.clock.is_not(None),
            Case.state == State.FORWARDED.value,
            CaseForward.reply == ForwardReply.PENDING.value,
            CaseForward.way == ForwardWay.AGENT.value,
        )
        .order_by(CaseForward.department, CaseForward.expected_reply_on, Case.id)
    ).all()
    by_case: dict[int, list[str]] = {}
    for h in held:
        by_case.setdefault(h.case_id, []).append(h.material)
    return tuple(
        RunSheetLine(
            case_id,
            number,
            name,
            mask_id(doc),
            item,
            dept,
            sent,
            expected,
            tuple(by_case.get(case_id, ())),
        )
        for case_id, number, name, doc, item, dept, sent, expected in rows
    )


def agent_workbench(uow: UnitOfWork, actor: Actor, agent_id: int | None, today: date) -> Workbench:
    """代办员工作台 of ``agent_id`` (None: the actor's own agent)."""
    with uow:
        session = uow.session
        agent_id = _whose(session, actor, agent_id)
        max_days = custody_max_days_in(session)
    agent = get_agent(uow, agent_id)
    rows = deadlines.monitor_rows(
        uow, today, MonitorFilter(agent_id=agent_id), limit=CASES_SHOWN + 1
    )
    cases = tuple(
        WorkbenchCase(r, next((a.label for a in allowed_actions(r.state)), ""))
        for r in rows[:CASES_SHOWN]
    )
    held = tuple(custody.materials_held_by(uow, agent_id, today))
    waiting = tuple(custody.handovers_waiting_for(uow, agent_id, today))
    with uow:
        run_sheet = _run_sheet(uow.session, agent_id, held)
    return Workbench(
        agent=agent,
        today=today,
        max_days=max_days,
        cases=cases,
        more_cases=len(rows) > CASES_SHOWN,
        held=held,
        waiting=waiting,
        run_sheet=run_sheet,
    )


# --- the supervisor's load table ------------------------------------------------------------


def _threshold(session: Session, today: date) -> datetime:
    """Handed over before this moment ⇔ held longer than the hall allows (as
    custody.held_too_long counts it)."""
    calendar = calendar_for(session)
    max_days = custody_max_days_in(session)
    first_ok = calendar.day_of_number(calendar.workday_number(today) - max_days)
    return datetime.combine(first_ok, time.min)


def _level_sums(t: int) -> tuple[Any, Any, Any]:
    overdue = or_(
        deadlines.bucket_condition(Bucket.OVERDUE, t),
        deadlines.bucket_condition(Bucket.LEGAL_OVERDUE, t),
    )
    return (
        func.count(),
        func.sum(when((deadlines.bucket_condition(Bucket.WARNING, t), 1), else_=0)),
        func.sum(when((overdue, 1), else_=0)),
    )


def agent_loads(uow: UnitOfWork, actor: Actor, today: date) -> list[AgentLoad]:
    """代办工作量 (中心负责人): per active agent, then per active village point, the open
    cases, of which 预警 and 超期, the materials held, and those held too long. For a
    village point the figures are those of the cases that came in through it, and its
    materials are those held by anyone but the applicant."""
    require_any(actor, "查看代办工作量", Role.SUPERVISOR, Role.ADMIN)
    with uow:
        session = uow.session
        t = calendar_for(session).workday_number(today)
        threshold = _threshold(session, today)
        open_cases = Case.clock.is_not(None)
        by_agent = {
            r[0]: r[1:]
            for r in session.execute(
                select(Case.agent_id, *_level_sums(t))
                .where(open_cases, Case.agent_id.is_not(None))
                .group_by(Case.agent_id)
            )
        }
        by_point = {
            r[0]: r[1:]
            for r in session.execute(
                select(CaseAgentService.village_point_id, *_level_sums(t))
                .join(Case, Case.id == CaseAgentService.case_id)
                .where(open_cases, CaseAgentService.village_point_id.is_not(None))
                .group_by(CaseAgentService.village_point_id)
            )
        }
        # The current holder of every material of the open cases that moved at all.
        held = (
            select(
                CaseHolding.case_id,
                CaseHolding.holder_kind.label("kind"),
                CaseHolding.holder_ref.label("ref"),
                CaseHolding.since,
            )
            .join(Case, Case.id == CaseHolding.case_id)
            .where(open_cases)
            .subquery()
        )
        late = when((held.c.since < threshold, 1), else_=0)
        held_by_agent = {
            int(ref): (n, int(k or 0))
            for ref, n, k in session.execute(
                select(held.c.ref, func.count(), func.sum(late))
                .where(held.c.kind.in_(_AGENT_KINDS))
                .group_by(held.c.ref)
            )
            if str(ref).isdigit()
        }
        held_by_point = {
            point: (n, int(k or 0))
            for point, n, k in session.execute(
                select(CaseAgentService.village_point_id, func.count(), func.sum(late))
                .join(CaseAgentService, CaseAgentService.case_id == held.c.case_id)
                .where(
                    held.c.kind != PartyKind.APPLICANT.value,
                    CaseAgentService.village_point_id.is_not(None),
                )
                .group_by(CaseAgentService.village_point_id)
            )
        }
        names = {i: n for i, n in session.execute(select(Agent.id, Agent.name))}
        loads: list[AgentLoad] = []
        for agent in session.scalars(
            select(Agent).where(Agent.active.is_(True)).order_by(Agent.kind, Agent.name, Agent.id)
        ):
            n, warning, overdue = by_agent.get(agent.id, (0, 0, 0))
            held, late_n = held_by_agent.get(agent.id, (0, 0))
            loads.append(
                AgentLoad(
                    LoadScope.AGENT,
                    agent.id,
                    agent.name,
                    AgentKind(agent.kind).label,
                    int(n),
                    int(warning or 0),
                    int(overdue or 0),
                    held,
                    late_n,
                )
            )
        for point in session.scalars(
            select(VillagePoint).where(VillagePoint.active.is_(True)).order_by(VillagePoint.village)
        ):
            n, warning, overdue = by_point.get(point.id, (0, 0, 0))
            held, late_n = held_by_point.get(point.id, (0, 0))
            loads.append(
                AgentLoad(
                    LoadScope.VILLAGE_POINT,
                    point.id,
                    point.village,
                    names.get(point.agent_on_duty_id or 0, ""),
                    int(n),
                    int(warning or 0),
                    int(overdue or 0),
                    held,
                    late_n,
                )
            )
        return loads


# --- the run sheet (出行单) ------------------------------------------------------------------

_COLUMNS = ("办件编号", "申请人", "事项", "转报日期", "应答复日期", "随身携带的材料")
_WIDTHS = (5.0, 3.8, 4.2, 2.4, 2.4, 5.2)


def run_sheet_sections(bench: Workbench) -> list[ListSection]:
    """One table per department, in the order the trip goes through them."""
    departments: dict[str, list[RunSheetLine]] = {}
    for line in bench.run_sheet:
        departments.setdefault(line.department, []).append(line)
    sections = [
        ListSection(
            f"{department}（{len(lines)}件）",
            _COLUMNS,
            tuple(
                (
                    line.number,
                    f"{line.applicant_name}\n{line.masked_doc}",
                    line.item_name,
                    line.sent_on.isoformat(),
                    line.expected_reply_on.isoformat(),
                    "、".join(line.materials) or "（无，只送文书）",
                )
                for line in lines
            ),
            _WIDTHS,
        )
        for department, lines in departments.items()
    ]
    if not sections:
        sections.append(ListSection("送县级部门的办件（0件）", _COLUMNS, (), _WIDTHS))
    return sections


def write_run_sheet(
    uow: UnitOfWork, actor: Actor, agent_id: int | None, today: date, path: Path
) -> Path:
    """Print the agent's 出行单 to ``path`` (PDF, A4) and record that it was printed."""
    bench = agent_workbench(uow, actor, agent_id, today)
    with uow:
        hall = repo.the_hall(uow.session)
        hall_name = hall.name if hall else ""
    agent = bench.agent
    subtitle = (
        f"代办员：{agent.name}（{agent.kind_label}，{agent.phone}）　"
        f"{today.year}年{today.month}月{today.day}日　共 {len(bench.run_sheet)} 件"
    )
    render_list_pdf(
        path,
        title="代办员出行单",
        hall_name=hall_name,
        subtitle=subtitle,
        sections=run_sheet_sections(bench),
        printed_by=actor.name,
        printed_at=datetime.now(),
    )
    with uow:
        audit.record(
            uow.session,
            actor,
            "print.run_sheet",
            "agent",
            agent.id,
            {"path": str(path), "day": today.isoformat(), "cases": len(bench.run_sheet)},
        )
        uow.commit()
    return path


__all__ = [
    "CASES_SHOWN",
    "AgentLoad",
    "LoadScope",
    "RunSheetLine",
    "Workbench",
    "WorkbenchCase",
    "agent_loads",
    "agent_workbench",
    "run_sheet_sections",
    "write_run_sheet",
]
