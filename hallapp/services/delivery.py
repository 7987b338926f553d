"""送达: how the result of a 办结 case reached the applicant, which closes the case.

Three ways: 窗口领取 (the person collecting shows an ID, checked against the applicant's
and the authorised person's, 委托代理人), 代办员送达 (the agent of a case under agent
service hands it over and brings back the signed 送达回证) and 邮寄送达 (with the tracking
number). Only the masked ID number of the person collecting is kept. The record, the
step to 已送达 (Action.DELIVER), its timeline event, audit record and outbox entries (the
step, the case, the delivery) commit together; afterwards the case may be rated (好差评).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallapp.core.identity import mask_id
from hallapp.core.lifecycle import Action, State
from hallapp.db.models import Agent, Case, CaseAgentService, CaseAssignment, CaseDelivery
from hallapp.db.uow import UnitOfWork
from hallapp.documents.model import DocumentKind
from hallapp.errors import InvalidInput, NotFound
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.agents import agent_for_actor
from hallapp.services.forwarding import move_case
from hallapp.services.outbox_records import UPDATE, queue_case, queue_delivery

MAX_TRACKING = 60


class DeliveryMethod(StrEnum):
    WINDOW = "window"
    AGENT = "agent"
    POST = "post"

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]

    @property
    def document(self) -> DocumentKind:
        """The paper that goes with it: the 取件凭证 at the window, else the 送达回证."""
        return DocumentKind.PICKUP if self is DeliveryMethod.WINDOW else DocumentKind.DELIVERY


_METHOD_LABELS = {
    DeliveryMethod.WINDOW: "窗口领取",
    DeliveryMethod.AGENT: "代办员送达",
    DeliveryMethod.POST: "邮寄送达",
}


@dataclass(frozen=True)
class DeliveryForm:
    method: DeliveryMethod
    recipient_doc: str = ""  # ID shown at the window (required there, checked if given)
    recipient_name: str = ""  # who signed for it; the applicant's name if left empty
    agent_id: int | None = None  # the delivering agent; the case's agent if left empty
    tracking_number: str = ""  # required by post


@dataclass(frozen=True)
class DeliveryView:
    case_id: int
    case_number: str
    method: DeliveryMethod
    recipient_name: str
    recipient_masked_doc: str
    agent_id: int | None
    agent_name: str
    tracking_number: str
    delivered_at: datetime
    recorded_by: str
    state: State
    closed_at: datetime | None
    document: DocumentKind  # printable from services.printing
    invite_evaluation: bool = True  # delivered: the applicant may now be asked to rate it

    @property
    def case_closed(self) -> bool:
        return self.state is State.DELIVERED


def _normal(doc: str) -> str:
    return "".join(doc.split()).upper()


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"找不到办件 {case_id}")
    return case


def _window_recipient(case: Case, form: DeliveryForm) -> tuple[str, str]:
    """(name, masked number) of the person collecting, who must be the applicant or the
    authorised person of the case."""
    shown = _normal(form.recipient_doc)
    if not shown:
        raise InvalidInput("窗口领取须核验取件人身份证件，请录入证件号码")
    if shown == _normal(case.applicant_doc_number):
        return case.applicant_name, mask_id(shown)
    if case.proxy_doc_number and shown == _normal(case.proxy_doc_number):
        return case.proxy_name, mask_id(shown)
    who = "申请人或委托代理人" if case.proxy_doc_number else "申请人"
    raise InvalidInput(
        f"取件人证件号码（{mask_id(shown)}）与{who}的证件号码不一致，不能领取。"
        "请申请人本人持证领取，或由委托代理人持授权委托书和本人证件领取。"
    )


def _delivering_agent(session: Session, actor: Actor, case: Case, agent_id: int | None) -> Agent:
    """The agent delivering must carry this case: the case's agent or one assigned to it.
    An agent logged in records only their own deliveries; the window records anyone's."""
    service = session.get(CaseAgentService, case.id)
    if case.agent_id is None and service is None:
        raise InvalidInput("该办件不是代办件，不能由代办员送达；请选择窗口领取或邮寄送达")
    assigned = {case.agent_id} if case.agent_id is not None else set()
    assigned |= set(
        session.scalars(
            select(CaseAssignment.agent_id).where(
                CaseAssignment.case_id == case.id, CaseAssignment.ended_at.is_(None)
            )
        )
    )
    own = agent_for_actor(session, actor)
    chosen = agent_id if agent_id is not None else (own.id if own else case.agent_id)
    if own is not None and chosen != own.id:
        raise InvalidInput(f"代办员只能登记本人（{own.name}）的送达")
    if chosen is None:
        raise InvalidInput("该办件尚未指派代办员，请先指派或选择送达的代办员")
    agent = session.get(Agent, chosen)
    if agent is None:
        raise NotFound(f"找不到代办员 {chosen}")
    if chosen not in assigned:
        raise InvalidInput(f"代办员{agent.name}没有承担该办件的代办，不能由其送达")
    if not agent.active:
        raise InvalidInput(f"代办员{agent.name}已停用，不能送达")
    return agent


def deliver(
    uow: UnitOfWork, actor: Actor, case_id: int, form: DeliveryForm, now: datetime | None = None
) -> DeliveryView:
    """送达 a 办结 case by ``form``'s method; the case is closed (已送达)."""
    require_any(actor, "送达", Role.CLERK, Role.SUPERVISOR, Role.AGENT)
    if form.method not in set(DeliveryMethod):
        raise InvalidInput("请选择送达方式：窗口领取、代办员送达或邮寄送达")
    method = DeliveryMethod(form.method)
    tracking = form.tracking_number.strip()
    if method is DeliveryMethod.POST:
        if not tracking:
            raise InvalidInput("邮寄送达须填写邮件运单号")
        if len(tracking) > MAX_TRACKING:
            raise InvalidInput(f"运单号不能超过{MAX_TRACKING}个字符")
    now = now or datetime.now()
    with uow:
        session = uow.session
        case = _case(session, case_id)
        state = State(case.state)
        if state is not State.COMPLETED:
            if state is State.DELIVERED:
                raise InvalidInput("该办件已送达，不能重复送达")
            raise InvalidInput(f"办件处于“{state.label}”状态，尚未办结，不能送达")
        name = form.recipient_name.strip() or case.applicant_name
        masked = ""
        agent: Agent | None = None
        if method is DeliveryMethod.WINDOW:
            name, masked = _window_recipient(case, form)
        elif form.recipient_doc.strip():
            # A number written on the 送达回证 or the post slip is checked all the same.
            name, masked = _window_recipient(case, form)
        if method is DeliveryMethod.AGENT:
            agent = _delivering_agent(session, actor, case, form.agent_id)
        row = CaseDelivery(
            case_id=case_id,
            method=method.value,
            recipient_name=name,
            recipient_masked_doc=masked,
            agent_id=agent.id if agent else None,
            tracking_number=tracking if method is DeliveryMethod.POST else "",
            delivered_at=now,
            recorded_by=actor.name,
        )
        session.add(row)
        session.flush()
        comment = _comment(method, name, masked, agent, tracking)
        details = {
            "delivery_id": row.id,
            "method": method.value,
            "recipient": name,
            "masked_doc": masked,
            "agent_id": row.agent_id,
            "tracking_number": row.tracking_number,
        }
        move_case(session, actor, case_id, Action.DELIVER, comment, now, details)
        queue_case(session, case_id, UPDATE, now)
        queue_delivery(session, row.id, now)
        view = _view(session, row)
        uow.commit()
        return view


def _comment(
    method: DeliveryMethod, name: str, masked: str, agent: Agent | None, tracking: str
) -> str:
    who = f"{name}（{masked}）" if masked else name
    if method is DeliveryMethod.AGENT and agent is not None:
        return f"代办员{agent.name}送达，{who}签收送达回证"
    if method is DeliveryMethod.POST:
        return f"邮寄送达{who}，运单号{tracking}"
    return f"窗口领取：{who}"


def _view(session: Session, row: CaseDelivery) -> DeliveryView:
    case = _case(session, row.case_id)
    agent = session.get(Agent, row.agent_id) if row.agent_id is not None else None
    method = DeliveryMethod(row.method)
    return DeliveryView(
        case_id=row.case_id,
        case_number=case.number,
        method=method,
        recipient_name=row.recipient_name,
        recipient_masked_doc=row.recipient_masked_doc,
        agent_id=row.agent_id,
        agent_name=agent.name if agent else "",
        tracking_number=row.tracking_number,
        delivered_at=row.delivered_at,
        recorded_by=row.recorded_by,
        state=State(case.state),
        closed_at=case.closed_at,
        document=method.document,
    )


def delivery_of(uow: UnitOfWork, case_id: int) -> DeliveryView | None:
    """How the case was delivered, or None while it has not been."""
    with uow:
        session = uow.session
        _case(session, case_id)
        row = session.scalars(
            select(CaseDelivery)
            .where(CaseDelivery.case_id == case_id)
            .order_by(CaseDelivery.id.desc())
            .limit(1)
        ).first()
        return _view(session, row) if row is not None else None
