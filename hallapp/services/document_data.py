"""What a case document says, read from the database as it stands: the hall, the
applicant with the ID masked, the person acting for them, the current due dates (pauses
and extensions included), the materials as last checked and the fees on the one bill."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallapp.core.catalogue import MaterialForm
from hallapp.core.clock import compute_clock
from hallapp.core.custody import Party, PartyKind
from hallapp.core.identity import DocumentType, mask_id
from hallapp.core.intake import REFUSAL_REASONS, REMEDY_TEXT, MaterialStatus, PaymentMethod
from hallapp.core.lifecycle import Action, State
from hallapp.core.limits import LimitUnit, TimeLimit
from hallapp.db import repositories as repo
from hallapp.db.models import (
    Agent,
    Case,
    CaseAgentService,
    CaseDelivery,
    CaseEvent,
    CaseHandover,
    CasePause,
    Hall,
    ItemVersion,
)
from hallapp.documents.model import (
    CaseDocument,
    DocumentKind,
    FeeItem,
    HallInfo,
    MaterialItem,
    PartyInfo,
    Reprint,
)
from hallapp.errors import NotFound
from hallapp.services.calendar import calendar_for
from hallapp.services.clock_store import timing_of
from hallapp.services.delivery import DeliveryMethod
from hallapp.services.hall_settings import thresholds_in

# The states whose documents may say how the case ended.
FINISHED = frozenset({State.COMPLETED, State.DELIVERED})
_AGENT_KINDS = {"township": "代办员", "village": "村代办点代办员"}
# Printed on every document whose case has none yet: results are collected at the window
# until the case records another way of delivery.
DELIVERY_METHOD = "窗口领取"


def hall_info(hall: Hall | None) -> HallInfo:
    if hall is None:
        raise NotFound("数据库尚未登记服务中心")
    return HallInfo(hall.name, hall.phone, hall.address, hall.code)


def _doc_type_label(code: str) -> str:
    try:
        return DocumentType(code).label
    except ValueError:
        return code


def form_label(code: str) -> str:
    try:
        return MaterialForm(code).label
    except ValueError:
        return code


def _status_label(code: str) -> str:
    try:
        return MaterialStatus(code).label
    except ValueError:
        return code


def _query_hint(hall: HallInfo) -> str:
    where = f"到{hall.name}窗口" if hall.name else "到服务中心窗口"
    if hall.phone:
        return f"查询办理进度：请致电 {hall.phone}，或凭办件编号和查询密码{where}查询"
    return f"查询办理进度：请凭办件编号和查询密码{where}查询"


def _applicant(case: Case) -> PartyInfo:
    # Numbers are masked on paper: a receipt left on a bus must not give away an identity.
    return PartyInfo(
        name=case.applicant_name,
        document_type=_doc_type_label(case.applicant_doc_type),
        masked_number=mask_id(case.applicant_doc_number),
        phone=mask_id(case.applicant_phone) if case.applicant_phone else "",
        address=case.applicant_address,
    )


def _proxy(session: Session, case: Case) -> PartyInfo | None:
    """The 代办员 if the case has one, else the 委托代理人, else nobody."""
    if case.agent_id is not None:
        agent = session.get(Agent, case.agent_id)
        if agent is not None:
            # The agent's phone is a work number the applicant needs to reach them by.
            return PartyInfo(agent.name, _AGENT_KINDS.get(agent.kind, "代办员"), "", agent.phone)
    if case.proxy_name:
        return PartyInfo(
            name=case.proxy_name,
            document_type=_doc_type_label(case.proxy_doc_type),
            masked_number=mask_id(case.proxy_doc_number) if case.proxy_doc_number else "",
            phone=mask_id(case.proxy_phone) if case.proxy_phone else "",
        )
    return None


def _decision(session: Session, case: Case) -> tuple[str, date | None]:
    """The result the 办结 paper states, and the day the case was finished."""
    decision = "已办结"
    completed: date | None = case.closed_at.date() if case.closed_at else None
    for action, at in session.execute(
        select(CaseEvent.action, CaseEvent.at)
        .where(CaseEvent.case_id == case.id)
        .order_by(CaseEvent.id)
    ):
        if action == Action.APPROVE.value:
            decision = "准予许可"
        elif action == Action.DENY.value:
            decision = "不予许可"
        elif action in (Action.COMPLETE.value, Action.COMPLETE_ON_THE_SPOT.value):
            completed = at.date()
    return decision, completed


def case_document(
    session: Session, case: Case, kind: DocumentKind, clerk: str, today: date, earlier: int
) -> CaseDocument:
    version = session.get(ItemVersion, case.item_version_id)
    assert version is not None
    hall = hall_info(repo.the_hall(session))
    promised_due = legal_due = None
    promised_provisional = False
    timing = timing_of(session, case)
    if timing is not None:
        # The due dates as they stand today: pauses and approved extensions included.
        clock = compute_clock(timing.facts, calendar_for(session), today, thresholds_in(session))
        promised_due, legal_due = clock.promised_due.day, clock.legal_due.day
        promised_provisional = clock.promised_due.provisional
    promised = TimeLimit(version.promised_limit, LimitUnit(version.promised_unit))
    decision, completed = _decision(session, case) if case.state in FINISHED else ("", None)
    proxy = _proxy(session, case)
    refusal = ""
    if case.state == State.REFUSED.value:
        label = REFUSAL_REASONS.get(case.refusal_reason, "")
        refusal = "：".join(t for t in (label, case.refusal_text) if t)
    notes: list[str] = []
    if case.green_channel:
        notes.append("绿色通道" + (f"：{case.green_reason}" if case.green_reason else ""))
    handover_from = handover_to = scope = ""
    if proxy is not None:
        handover_from = f"{proxy.document_type}　{proxy.name}" if case.agent_id else proxy.name
        handover_to = f"{hall.name}窗口　{case.clerk_name}"
        scope = (
            f"全程代办“{version.name}”：代为递交申请材料、补正材料，领取办理结果"
            if case.agent_id
            else f"代为办理“{version.name}”的申请、材料递交和结果领取"
        )
    service = session.get(CaseAgentService, case.id)
    if service is not None and service.scope:
        scope = service.scope  # as the applicant signed it
    materials = _material_items(session, case)
    if kind is DocumentKind.HANDOVER:
        handover = _last_handover(session, case.id)
        if handover is not None:
            # The slip of the latest hand-over: who gave, who took, what went.
            handover_from, handover_to = handover.giver_label, handover.receiver_label
            materials = handover.items
    return CaseDocument(
        kind=kind,
        hall=hall,
        case_number=case.number,
        query_password=case.query_password,
        query_hint=_query_hint(hall),
        item_name=version.name,
        department=version.department,
        applicant=_applicant(case),
        clerk_name=clerk,
        printed_on=today,
        received_at=case.received_at,
        accepted_on=case.accepted_on,
        promised_days=promised.describe(),
        promised_due=promised_due,
        promised_provisional=promised_provisional,
        legal_due=legal_due,
        delivery_method=_delivery_method(session, case),
        proxy=proxy,
        materials=materials,
        fees=tuple(FeeItem(f.name, f.amount_fen, f.waived, f.waiver_reason) for f in case.fees),
        payment_method=_payment_label(case.payment_method),
        receipt_number=case.receipt_number,
        refusal_reason=refusal,
        remedy_text=(case.remedy_text or REMEDY_TEXT) if refusal else "",
        decision_text=decision,
        completed_on=completed,
        notes=tuple(notes),
        reprint=Reprint(earlier) if earlier else None,
        handover_from=handover_from,
        handover_to=handover_to,
        authorisation_scope=scope,
    )


def _material_items(session: Session, case: Case) -> tuple[MaterialItem, ...]:
    return (
        *(
            MaterialItem(
                name=m.name,
                form=form_label(m.form),
                copies=m.copies_required,
                status=_status_label(m.status),
                problem=m.problem,
                original_seen=m.original_seen,
            )
            for m in case.materials
        ),
        *_asked_after_acceptance(session, case),
    )


@dataclass(frozen=True)
class _Slip:
    giver_label: str
    receiver_label: str
    items: tuple[MaterialItem, ...]


def _last_handover(session: Session, case_id: int) -> _Slip | None:
    """The latest hand-over of the case that no later record corrects."""
    corrected = select(CaseHandover.corrects_id).where(
        CaseHandover.case_id == case_id, CaseHandover.corrects_id.is_not(None)
    )
    row = session.scalars(
        select(CaseHandover)
        .where(CaseHandover.case_id == case_id, CaseHandover.id.not_in(corrected))
        .order_by(CaseHandover.id.desc())
        .limit(1)
    ).first()
    if row is None or not row.items:
        return None
    giver = Party(PartyKind(row.giver_kind), row.giver_ref, row.giver_name)
    receiver = Party(PartyKind(row.receiver_kind), row.receiver_ref, row.receiver_name)
    items = tuple(
        MaterialItem(
            name=i.material,
            form="原件"
            if i.originals and not i.copies
            else "复印件"
            if not i.originals
            else "原件和复印件",
            copies=i.originals + i.copies,
            status="已交接",
            original_seen=i.originals > 0,
        )
        for i in row.items
    )
    return _Slip(giver.label, receiver.label, items)


def _delivery_method(session: Session, case: Case) -> str:
    """How the result went (or goes) to the applicant, as recorded at 送达."""
    row = session.execute(
        select(CaseDelivery.method, CaseDelivery.tracking_number)
        .where(CaseDelivery.case_id == case.id)
        .order_by(CaseDelivery.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return DELIVERY_METHOD
    label = DeliveryMethod(row.method).label
    return f"{label}（运单号 {row.tracking_number}）" if row.tracking_number else label


def _asked_after_acceptance(session: Session, case: Case) -> tuple[MaterialItem, ...]:
    """In 补正 after acceptance, what the applicant must still bring, from the open pause's
    reason (one item per "；"-separated request, e.g. a county department's)."""
    if case.state != State.SUPPLEMENT_AFTER_ACCEPTANCE.value:
        return ()
    reason = session.scalar(
        select(CasePause.reason)
        .where(CasePause.case_id == case.id, CasePause.end.is_(None))
        .order_by(CasePause.id.desc())
        .limit(1)
    )
    needs = [part.strip() for part in (reason or "").split("；") if part.strip()]
    missing = MaterialStatus.MISSING.label
    return tuple(
        MaterialItem(name=need, form="", copies=0, status=missing, problem=need) for need in needs
    )


def _payment_label(code: str) -> str:
    try:
        return PaymentMethod(code).label
    except ValueError:
        return code
