"""Agent service (代办): the registry of agents and village agent points, and a case carried
by an agent for the applicant: the authorisation, where it came from, who carries it.

The registry is the supervisor's (中心负责人); putting a case under agent service and
reassigning it is the window's; accepting an assignment is the assigned agent's own act
(or the supervisor's, for an agent who does not use the app).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hallapp.core.contact import check_phone
from hallapp.core.identity import InvalidDocument, check_person_name, check_resident_id, mask_id
from hallapp.core.lifecycle import State, is_terminal
from hallapp.db.models import (
    Agent,
    Case,
    CaseAgentService,
    CaseAssignment,
    Staff,
    VillagePoint,
)
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput, NotFound, PermissionDenied
from hallapp.services import audit
from hallapp.services.actors import Actor, Role, parse_roles, require_any
from hallapp.services.calendar import calendar_for
from hallapp.services.case_records import add_audit, add_event
from hallapp.services.outbox_records import CREATE, UPDATE, queue_agent_service, queue_case


class AgentKind(StrEnum):
    TOWNSHIP = "township"  # 镇代办员: the hall's own
    VILLAGE = "village"  # 村代办员: serves a 村代办点

    @property
    def label(self) -> str:
        return "镇代办员" if self is AgentKind.TOWNSHIP else "村代办员"


class Origin(StrEnum):
    WINDOW = "window"  # the applicant or the agent came to the counter
    VILLAGE = "village"  # taken in at a village agent point first

    @property
    def label(self) -> str:
        return "窗口" if self is Origin.WINDOW else "村代办点"


# --- the registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentForm:
    """A new agent (``id`` None) or the new details of one."""

    name: str
    phone: str
    kind: AgentKind
    doc_number: str = ""  # 身份证号, optional
    village_point_id: int | None = None  # required for a village agent
    staff_id: int | None = None  # the login of an agent who uses the app
    active: bool = True
    id: int | None = None


@dataclass(frozen=True)
class AgentView:
    id: int
    name: str
    phone: str
    kind: AgentKind
    masked_doc: str  # never the full number outside this module
    village_point_id: int | None
    village: str
    staff_id: int | None
    active: bool

    @property
    def kind_label(self) -> str:
        return self.kind.label


@dataclass(frozen=True)
class VillagePointForm:
    village: str
    address: str = ""
    agent_on_duty_id: int | None = None
    opening_days: str = ""  # e.g. 周一、周四
    active: bool = True
    id: int | None = None


@dataclass(frozen=True)
class VillagePointView:
    id: int
    village: str
    address: str
    agent_on_duty_id: int | None
    agent_on_duty: str
    opening_days: str
    active: bool


def agent_for_actor(session: Session, actor: Actor) -> Agent | None:
    """The agent a logged-in user is: a user with the 代办员 role whose login is linked to an
    agent of the registry. Clerks and supervisors act as the window, never as an agent."""
    if actor.staff_id is None or not actor.has_any(Role.AGENT):
        return None
    return session.scalar(select(Agent).where(Agent.staff_id == actor.staff_id))


def _agent_view(agent: Agent, villages: dict[int, str]) -> AgentView:
    return AgentView(
        agent.id,
        agent.name,
        agent.phone,
        AgentKind(agent.kind),
        mask_id(agent.doc_number) if agent.doc_number else "",
        agent.village_point_id,
        villages.get(agent.village_point_id or 0, ""),
        agent.staff_id,
        agent.active,
    )


def _villages(session: Session) -> dict[int, str]:
    return {i: v for i, v in session.execute(select(VillagePoint.id, VillagePoint.village))}


def list_agents(uow: UnitOfWork, include_inactive: bool = False) -> list[AgentView]:
    """代办员名册: township agents first, then village agents, by name."""
    with uow:
        session = uow.session
        query = select(Agent).order_by(Agent.kind, Agent.name, Agent.id)
        if not include_inactive:
            query = query.where(Agent.active.is_(True))
        villages = _villages(session)
        return [_agent_view(a, villages) for a in session.scalars(query)]


def get_agent(uow: UnitOfWork, agent_id: int) -> AgentView:
    with uow:
        session = uow.session
        return _agent_view(_agent(session, agent_id), _villages(session))


def _agent(session: Session, agent_id: int) -> Agent:
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFound(f"找不到代办员 {agent_id}")
    return agent


def _point(session: Session, point_id: int) -> VillagePoint:
    point = session.get(VillagePoint, point_id)
    if point is None:
        raise NotFound(f"找不到村代办点 {point_id}")
    return point


def save_agent(uow: UnitOfWork, actor: Actor, form: AgentForm) -> AgentView:
    """Add or change an agent (中心负责人). A village agent serves one village point; if
    that point has no agent on duty yet, this agent becomes it."""
    require_any(actor, "管理代办员名册", Role.SUPERVISOR, Role.ADMIN)
    problems: list[str] = []
    name = phone = doc = ""
    try:
        name = check_person_name(form.name)
    except InvalidDocument as exc:
        problems.append(f"姓名：{exc}")
    try:
        phone = check_phone(form.phone)
    except InvalidDocument as exc:
        problems.append(f"联系电话：{exc}")
    if form.doc_number.strip():
        try:
            doc = check_resident_id(form.doc_number, date.today()).number
        except InvalidDocument as exc:
            problems.append(f"身份证号：{exc}")
    with uow:
        session = uow.session
        point = None
        if form.kind is AgentKind.VILLAGE:
            if form.village_point_id is None:
                problems.append("村代办员须选定所在的村代办点")
            else:
                point = _point(session, form.village_point_id)
        if form.staff_id is not None:
            staff = session.get(Staff, form.staff_id)
            if staff is None:
                problems.append("关联的登录账号不存在")
            elif Role.AGENT not in parse_roles(staff.roles):
                problems.append(f"登录账号“{staff.login}”没有代办员角色")
            else:
                other = session.scalar(
                    select(Agent).where(Agent.staff_id == form.staff_id, Agent.id != (form.id or 0))
                )
                if other is not None:
                    problems.append(f"登录账号“{staff.login}”已关联代办员{other.name}")
        if problems:
            raise InvalidInput("代办员信息有误", problems)
        if form.id is None:
            agent = Agent()
            session.add(agent)
        else:
            agent = _agent(session, form.id)
        before = _agent_view(agent, {}) if form.id is not None else None
        agent.name, agent.phone, agent.kind = name, phone, form.kind.value
        # The form shows only a masked number: left empty on an edit, the one on file stays.
        if doc or form.id is None:
            agent.doc_number = doc
        agent.village_point_id = point.id if point is not None else None
        agent.staff_id = form.staff_id
        agent.active = form.active
        session.flush()
        if point is not None and point.agent_on_duty_id is None and agent.active:
            point.agent_on_duty_id = agent.id
        view = _agent_view(agent, _villages(session))
        audit.record(
            session,
            actor,
            "agent.create" if before is None else "agent.update",
            "agent",
            agent.id,
            {"before": before and before.__dict__, "after": view.__dict__},
        )
        uow.commit()
        return view


def list_village_points(uow: UnitOfWork, include_inactive: bool = False) -> list[VillagePointView]:
    with uow:
        session = uow.session
        query = select(VillagePoint).order_by(VillagePoint.village)
        if not include_inactive:
            query = query.where(VillagePoint.active.is_(True))
        names = {i: n for i, n in session.execute(select(Agent.id, Agent.name))}
        return [_point_view(p, names) for p in session.scalars(query)]


def _point_view(point: VillagePoint, names: dict[int, str]) -> VillagePointView:
    return VillagePointView(
        point.id,
        point.village,
        point.address,
        point.agent_on_duty_id,
        names.get(point.agent_on_duty_id or 0, ""),
        point.opening_days,
        point.active,
    )


def save_village_point(uow: UnitOfWork, actor: Actor, form: VillagePointForm) -> VillagePointView:
    """Add or change a 村代办点 (中心负责人). The agent on duty must be a village agent of
    no other point; one not yet linked to a point is linked to this one."""
    require_any(actor, "管理村代办点", Role.SUPERVISOR, Role.ADMIN)
    village = form.village.strip()
    problems: list[str] = []
    if not village:
        problems.append("村名不能为空")
    elif len(village) > 60:
        problems.append("村名不能超过60个字")
    if len(form.address.strip()) > 200:
        problems.append("地址不能超过200个字")
    if len(form.opening_days.strip()) > 60:
        problems.append("开放日不能超过60个字")
    with uow:
        session = uow.session
        clash = session.scalar(
            select(VillagePoint).where(
                VillagePoint.village == village, VillagePoint.id != (form.id or 0)
            )
        )
        if clash is not None:
            problems.append(f"“{village}”已有代办点")
        agent = None
        if form.agent_on_duty_id is not None:
            agent = _agent(session, form.agent_on_duty_id)
            if agent.kind != AgentKind.VILLAGE.value:
                problems.append(f"{agent.name}不是村代办员")
            elif not agent.active:
                problems.append(f"{agent.name}已停用")
            elif agent.village_point_id not in (None, form.id):
                problems.append(f"{agent.name}是另一个村代办点的代办员")
        if problems:
            raise InvalidInput("村代办点信息有误", problems)
        if form.id is None:
            point = VillagePoint()
            session.add(point)
            before = None
        else:
            point = _point(session, form.id)
            before = _point_view(point, {}).__dict__
        point.village, point.address = village, form.address.strip()
        point.agent_on_duty_id = agent.id if agent is not None else None
        point.opening_days, point.active = form.opening_days.strip(), form.active
        session.flush()
        if agent is not None:
            agent.village_point_id = point.id
        view = _point_view(point, {agent.id: agent.name} if agent is not None else {})
        audit.record(
            session,
            actor,
            "village_point.create" if before is None else "village_point.update",
            "village_point",
            point.id,
            {"before": before, "after": view.__dict__},
        )
        uow.commit()
        return view


# --- a case under agent service -------------------------------------------------------------


@dataclass(frozen=True)
class AgentServiceForm:
    """代办登记: the agent, the applicant's authorisation (代办委托书) and where the case
    came from."""

    agent_id: int
    scope: str  # 委托事项和权限, as written on the authorisation
    origin: Origin = Origin.WINDOW
    village_point_id: int | None = None
    village_received_on: date | None = None
    authorised_on: date | None = None  # None: today


@dataclass(frozen=True)
class AssignmentView:
    agent_id: int
    agent_name: str
    reason: str
    assigned_by: str
    assigned_at: datetime
    accepted_at: datetime | None
    ended_at: datetime | None


@dataclass(frozen=True)
class AgentServiceView:
    case_id: int
    origin: Origin
    village_point_id: int | None
    village: str
    village_received_on: date | None
    township_received_on: date
    # Working days from the village agent's receipt to the township's (hall calendar).
    days_to_township: int | None
    scope: str
    authorised_on: date | None
    agent_id: int
    agent_name: str
    agent_kind: AgentKind
    accepted: bool
    assignments: tuple[AssignmentView, ...]  # oldest first; the last is current


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"找不到办件 {case_id}")
    return case


def _current(session: Session, case_id: int) -> CaseAssignment | None:
    return session.scalar(
        select(CaseAssignment)
        .where(CaseAssignment.case_id == case_id, CaseAssignment.ended_at.is_(None))
        .order_by(CaseAssignment.id.desc())
        .limit(1)
    )


def _check_open(case: Case, what: str) -> State:
    state = State(case.state)
    if is_terminal(state) or state is State.COMPLETED:
        raise InvalidInput(f"办件处于“{state.label}”状态，不能{what}")
    return state


def _active_agent(session: Session, agent_id: int) -> Agent:
    agent = _agent(session, agent_id)
    if not agent.active:
        raise InvalidInput(f"代办员{agent.name}已停用，不能指派")
    return agent


def put_under_agent_service(
    uow: UnitOfWork,
    actor: Actor,
    case_id: int,
    form: AgentServiceForm,
    now: datetime | None = None,
) -> AgentServiceView:
    """代办登记: at intake or later, while the case is open (not 办结 or ended)."""
    require_any(actor, "登记代办", Role.CLERK, Role.SUPERVISOR)
    now = now or datetime.now()
    today = now.date()
    with uow:
        session = uow.session
        case = _case(session, case_id)
        state = _check_open(case, "登记代办")
        if session.get(CaseAgentService, case_id) is not None:
            raise InvalidInput("该办件已登记代办；更换代办员请用“改派”")
        agent = _active_agent(session, form.agent_id)
        problems: list[str] = []
        scope = form.scope.strip()
        if not scope:
            problems.append("须写明委托事项和权限（以代办委托书为准）")
        authorised_on = form.authorised_on or today
        if authorised_on > today:
            problems.append("委托日期不能晚于今天")
        point = None
        received_on = case.received_at.date()
        if form.origin is Origin.VILLAGE:
            if form.village_point_id is None:
                problems.append("村代办点收件须选定代办点")
            else:
                point = _point(session, form.village_point_id)
            if form.village_received_on is None:
                problems.append("村代办点收件须填写村代办员收件日期")
            else:
                if form.village_received_on > today:
                    problems.append("村代办员收件日期不能晚于今天")
                if form.village_received_on > received_on:
                    problems.append(
                        f"村代办员收件日期不能晚于镇里收件日期（{received_on:%Y-%m-%d}）"
                    )
        if problems:
            raise InvalidInput("代办登记有误", problems)
        session.add(
            CaseAgentService(
                case_id=case_id,
                origin=form.origin.value,
                village_point_id=point.id if point is not None else None,
                village_received_on=form.village_received_on if point is not None else None,
                scope=scope,
                authorised_on=authorised_on,
                created_at=now,
            )
        )
        session.add(
            CaseAssignment(
                case_id=case_id,
                agent_id=agent.id,
                reason="",
                assigned_by=actor.name,
                assigned_at=now,
            )
        )
        session.flush()
        where = "窗口"
        if point is not None and form.village_received_on is not None:
            where = f"{point.village}代办点，{form.village_received_on:%Y-%m-%d}村代办员收件"
        comment = f"代办员：{agent.name}（{AgentKind(agent.kind).label}）；来源：{where}；委托事项：{scope}"
        _record(session, actor, case, state, "agent_service", comment, now, agent.id, CREATE)
        uow.commit()
    found = agent_service(uow, case_id)
    assert found is not None
    return found


def reassign(
    uow: UnitOfWork,
    actor: Actor,
    case_id: int,
    agent_id: int,
    reason: str,
    now: datetime | None = None,
) -> AgentServiceView:
    """改派: the current agent is taken off the case and another put on it, with the
    reason; the new agent accepts anew."""
    require_any(actor, "改派代办员", Role.CLERK, Role.SUPERVISOR)
    if not reason.strip():
        raise InvalidInput("改派代办员须写明原因")
    now = now or datetime.now()
    with uow:
        session = uow.session
        case = _case(session, case_id)
        state = _check_open(case, "改派代办员")
        if session.get(CaseAgentService, case_id) is None:
            raise InvalidInput("该办件未登记代办，请先登记代办")
        agent = _active_agent(session, agent_id)
        current = _current(session, case_id)
        before = ""
        if current is not None:
            if current.agent_id == agent.id:
                raise InvalidInput(f"该办件已由{agent.name}代办")
            current.ended_at = now
            before = _agent(session, current.agent_id).name
        session.add(
            CaseAssignment(
                case_id=case_id,
                agent_id=agent.id,
                reason=reason.strip(),
                assigned_by=actor.name,
                assigned_at=now,
            )
        )
        session.flush()
        comment = f"改派代办员：{before or '（无）'} → {agent.name}；原因：{reason.strip()}"
        _record(session, actor, case, state, "agent_reassign", comment, now, agent.id, UPDATE)
        uow.commit()
    found = agent_service(uow, case_id)
    assert found is not None
    return found


def accept_assignment(
    uow: UnitOfWork, actor: Actor, case_id: int, now: datetime | None = None
) -> AgentServiceView:
    """接受代办: the assigned agent takes the case on; the supervisor may record it for an
    agent who does not use the app."""
    require_any(actor, "接受代办指派", Role.AGENT, Role.SUPERVISOR)
    now = now or datetime.now()
    with uow:
        session = uow.session
        case = _case(session, case_id)
        state = _check_open(case, "接受代办指派")
        current = _current(session, case_id)
        if current is None:
            raise InvalidInput("该办件没有待接受的代办指派")
        agent = _agent(session, current.agent_id)
        if not actor.has_any(Role.SUPERVISOR):
            own = agent_for_actor(session, actor)
            if own is None or own.id != agent.id:
                raise PermissionDenied(
                    f"该办件指派给代办员{agent.name}，只有{agent.name}本人或中心负责人可以接受。"
                )
        if current.accepted_at is not None:
            raise InvalidInput(f"{agent.name}已于{current.accepted_at:%Y-%m-%d %H:%M}接受该办件")
        current.accepted_at = now
        session.flush()
        who = "" if agent.staff_id == actor.staff_id else f"（{actor.name}代为登记）"
        comment = f"{agent.name}接受代办{who}"
        _record(session, actor, case, state, "agent_accept", comment, now, None, UPDATE)
        uow.commit()
    found = agent_service(uow, case_id)
    assert found is not None
    return found


def agent_service(uow: UnitOfWork, case_id: int) -> AgentServiceView | None:
    """The case's 代办 section: None for a case without agent service."""
    with uow:
        session = uow.session
        case = _case(session, case_id)
        row = session.get(CaseAgentService, case_id)
        if row is None:
            return None
        names = {
            a.id: (a.name, AgentKind(a.kind))
            for a in session.scalars(
                select(Agent)
                .join(CaseAssignment, CaseAssignment.agent_id == Agent.id)
                .where(CaseAssignment.case_id == case_id)
            )
        }
        assignments = tuple(
            AssignmentView(
                a.agent_id,
                names[a.agent_id][0],
                a.reason,
                a.assigned_by,
                a.assigned_at,
                a.accepted_at,
                a.ended_at,
            )
            for a in session.scalars(
                select(CaseAssignment)
                .where(CaseAssignment.case_id == case_id)
                .order_by(CaseAssignment.id)
            )
        )
        current = next((a for a in reversed(assignments) if a.ended_at is None), assignments[-1])
        point = session.get(VillagePoint, row.village_point_id) if row.village_point_id else None
        received_on = case.received_at.date()
        days = None
        if row.village_received_on is not None:
            days = calendar_for(session).workdays_between(row.village_received_on, received_on)
        return AgentServiceView(
            case_id=case_id,
            origin=Origin(row.origin),
            village_point_id=row.village_point_id,
            village=point.village if point is not None else "",
            village_received_on=row.village_received_on,
            township_received_on=received_on,
            days_to_township=days,
            scope=row.scope,
            authorised_on=row.authorised_on,
            agent_id=current.agent_id,
            agent_name=current.agent_name,
            agent_kind=names[current.agent_id][1],
            accepted=current.accepted_at is not None,
            assignments=assignments,
        )


def _record(
    session: Session,
    actor: Actor,
    case: Case,
    state: State,
    action: str,
    comment: str,
    now: datetime,
    agent_id: int | None,
    service_op: str,
) -> None:
    """The timeline step, audit record and outbox entries (the case and its 代办 record,
    ``service_op`` create or update) of a change to the agent service; ``agent_id`` (when
    given) becomes the case's agent."""
    add_event(session, case.id, actor, action, state.value, state.value, comment, now)
    add_audit(session, actor, f"case.{action}", case.id, {"comment": comment}, now)
    values: dict[str, object] = {"version": Case.version + 1, "updated_at": now}
    if agent_id is not None:
        values["agent_id"] = agent_id
    session.execute(update(Case).where(Case.id == case.id).values(**values))
    queue_case(session, case.id, UPDATE, now)
    queue_agent_service(session, case.id, service_op, now)
