"""一窗受理: turn what the clerk took in into a case, in one transaction.

The case, its materials and fees, the first steps of its timeline, the audit record and the
outbox entries (the case, then each step) are written together or not at all. The case number is allocated inside the
same transaction, so numbers never collide and never skip a saved case.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hallapp.core.clock import ClockFacts, TimeLimit, WarningThresholds
from hallapp.core.clock_marks import clock_marks, due_dates
from hallapp.core.intake import (
    Applicant,
    ApplicantKind,
    Decision,
    FeeLine,
    IntakeForm,
    MaterialLine,
    PaymentMethod,
    Problem,
    Refusal,
    check_decision,
    normalise_applicant,
)
from hallapp.core.lifecycle import Action, State, next_state
from hallapp.core.limits import LimitUnit
from hallapp.core.numbering import format_case_number, make_query_password
from hallapp.core.workdays import DueDate, WorkdayCalendar
from hallapp.db import repositories as repo
from hallapp.db.models import (
    Case,
    CaseMaterial,
    CaseSerial,
    Hall,
    IntakeDraft,
    ItemVersion,
)
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput, NotFound
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.calendar import calendar_for
from hallapp.services.case_records import (
    BLANK_CASE,
    CASES,
    DRAFTS,
    FEES,
    MATERIALS,
    add_audit,
    add_event,
    applicant_columns,
    material_rows,
    proxy_columns,
)
from hallapp.services.clock_store import RUN
from hallapp.services.hall_settings import thresholds_in
from hallapp.services.outbox_records import (
    CASE,
    CREATE,
    UPDATE,
    case_payload,
    item_of,
    queue_case,
    write_outbox,
)


class IntakeRefused(InvalidInput):
    """The form breaks a rule; ``fields`` maps each problem to the form field it is about."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("请先更正以下问题", [p.message for p in problems])
        self.fields = [p.field for p in problems]


@dataclass(frozen=True)
class IntakeResult:
    case_id: int
    number: str
    query_password: str
    state: State
    decision: Decision
    promised_due: DueDate | None
    legal_due: DueDate | None
    notice_due: date | None
    replayed: bool = False  # the same form was submitted before: nothing new was written


def new_form_key() -> str:
    return uuid.uuid4().hex


def _clock_columns(
    calendar: WorkdayCalendar,
    version: ItemVersion,
    accepted_on: date,
    thresholds: WarningThresholds,
    running: bool,
) -> dict[str, Any]:
    """The due dates as notified, and the clock the monitor reads (services.clock_store)."""
    facts = ClockFacts(
        accepted_on=accepted_on,
        legal=TimeLimit(version.legal_limit, LimitUnit(version.legal_unit)),
        promised=TimeLimit(version.promised_limit, LimitUnit(version.promised_unit)),
    )
    # One clock computation on the save path: the notified dates are those the marks
    # stand for.
    marks = clock_marks(facts, calendar, accepted_on, thresholds)
    promised, legal = due_dates(calendar, accepted_on, marks.due_no, marks.legal_no)
    return {
        "promised_due": promised.day,
        "promised_provisional": promised.provisional,
        "legal_due": legal.day,
        "legal_provisional": legal.provisional,
        "clock": RUN if running else None,
        "due_no": marks.due_no,
        "legal_no": marks.legal_no,
        "warn_no": marks.warn_no,
        "promised_days": marks.promised_days,
    }


SERIALS = cast(Table, CaseSerial.__table__)
_NEXT_SERIAL = (
    sqlite_insert(SERIALS)
    .values(hall_code=bindparam("hall"), day=bindparam("day"), last_serial=1)
    .on_conflict_do_update(
        index_elements=["hall_code", "day"], set_={"last_serial": SERIALS.c.last_serial + 1}
    )
    .returning(SERIALS.c.last_serial)
)


def _allocate_number(session: Session, hall: Hall, day: date) -> str:
    serial = session.connection().execute(_NEXT_SERIAL, {"hall": hall.code, "day": day})
    return format_case_number(hall.code, day, serial.scalar_one())


def _replay(session: Session, key: str) -> IntakeResult | None:
    """The case a form with this key already made (a double Enter), if any."""
    found = (
        session.connection()
        .execute(select(CASES.c.id).where(CASES.c.idempotency_key == key))
        .scalar()
    )
    if found is None:
        return None
    case = session.get(Case, found)
    assert case is not None
    return _result(case, None, True)


def _result(case: Case, decision: Decision | None, replayed: bool = False) -> IntakeResult:
    state = State(case.state)
    if decision is None:
        decision = {
            State.AWAITING_SUPPLEMENT: Decision.NOTICE,
            State.REFUSED: Decision.REFUSE,
            State.COMPLETED: Decision.ON_THE_SPOT,
        }.get(state, Decision.ACCEPT)
    promised = DueDate(case.promised_due, case.promised_provisional) if case.promised_due else None
    legal = DueDate(case.legal_due, case.legal_provisional) if case.legal_due else None
    return IntakeResult(
        case.id,
        case.number,
        case.query_password,
        state,
        decision,
        promised,
        legal,
        case.notice_due,
        replayed,
    )


def _check(
    form: IntakeForm, decision: Decision, version: ItemVersion, refusal: Refusal | None, today: date
) -> IntakeForm:
    applicant, problems = normalise_applicant(form.applicant, today, "applicant")
    proxy = None
    if form.proxy is not None:
        proxy, proxy_problems = normalise_applicant(form.proxy, today, "proxy")
        problems += proxy_problems
    on_the_spot = version.promised_limit == 0  # 即办件: promised on the spot
    problems += check_decision(form, decision, on_the_spot, refusal)
    if problems:
        raise IntakeRefused(problems)
    return replace(form, applicant=applicant, proxy=proxy)


DECISION_ACTIONS = {
    Decision.ACCEPT: Action.ACCEPT,
    Decision.ON_THE_SPOT: Action.COMPLETE_ON_THE_SPOT,
    Decision.NOTICE: Action.ISSUE_NOTICE,
    Decision.REFUSE: Action.REFUSE,
}


def _decision_columns(
    decision: Decision,
    refusal: Refusal | None,
    calendar: WorkdayCalendar,
    version: ItemVersion,
    hall: Hall,
    now: datetime,
    thresholds: WarningThresholds,
) -> dict[str, Any]:
    """What a decision writes on the case: the clock's start and due dates for 受理 and 即办
    (after closing time or on a rest day the clock starts the next working day), the reason
    and remedy for 不予受理."""
    columns: dict[str, Any] = {}
    if decision is Decision.REFUSE:
        assert refusal is not None
        columns.update(
            refusal_reason=refusal.reason,
            refusal_text=refusal.text.strip(),
            remedy_text=refusal.remedy,
        )
    if decision in (Decision.ACCEPT, Decision.ON_THE_SPOT):
        accepted_on = calendar.effective_acceptance_day(now, time.fromisoformat(hall.closing_time))
        columns.update(accepted_at=now, accepted_on=accepted_on)
        columns.update(
            _clock_columns(calendar, version, accepted_on, thresholds, decision is Decision.ACCEPT)
        )
    if decision in (Decision.ON_THE_SPOT, Decision.REFUSE):
        columns["closed_at"] = now
    return columns


def submit_intake(
    uow: UnitOfWork,
    actor: Actor,
    form: IntakeForm,
    decision: Decision,
    refusal: Refusal | None = None,
    now: datetime | None = None,
) -> IntakeResult:
    """Save a new case with the clerk's decision (受理, 一次性告知, 不予受理 or 即办)."""
    require_any(actor, "窗口受理", Role.CLERK, Role.SUPERVISOR)
    if any(f.waived for f in form.fees):
        require_any(actor, "减免收费", Role.SUPERVISOR)
    now = now or datetime.now()
    key = form.idempotency_key or new_form_key()
    with uow:
        session = uow.session
        replay = _replay(session, key)
        if replay is not None:
            return replay
        version = session.get(ItemVersion, form.item_version_id)
        if version is None:
            raise NotFound("找不到所选事项，请重新选择")
        hall = repo.the_hall(session)
        if hall is None:
            raise NotFound("数据库尚未登记服务中心")
        form = _check(form, decision, version, refusal, now.date())
        calendar = calendar_for(session)

        columns = _decision_columns(
            decision, refusal, calendar, version, hall, now, thresholds_in(session)
        )
        number = _allocate_number(session, hall, now.date())
        final = next_state(State.RECEIVED, DECISION_ACTIONS[decision])
        columns.update(
            number=number,
            query_password=make_query_password(os.urandom(16)),
            hall_code=hall.code,
            state=final.value,
            item_version_id=version.id,
            channel="window",
            clerk_id=actor.staff_id,
            clerk_name=actor.name,
            green_channel=form.green_channel,
            green_reason=form.green_reason.strip(),
            received_at=now,
            fee_total_fen=form.payable_fen,
            receipt_number=number if form.payable_fen else "",
            payment_method=form.payment_method.value,
            idempotency_key=key,
            version=1,
            updated_at=now,
            **applicant_columns(form.applicant, now.date()),
            **proxy_columns(form.proxy),
        )
        row = {**BLANK_CASE, **columns}
        conn = session.connection()
        # Core statements with parameters: compiled once and cached, unlike .values(...)
        case_id = conn.execute(insert(CASES).returning(CASES.c.id), row).scalar_one()
        row["id"] = case_id
        materials = material_rows(case_id, form.materials)
        conn.execute(insert(MATERIALS), materials)
        fees = [
            {
                "case_id": case_id,
                "seq": i,
                "name": f.name,
                "amount_fen": f.amount_fen,
                "waived": f.waived,
                "waiver_reason": f.waiver_reason.strip(),
                "waived_by": actor.name if f.waived else "",
            }
            for i, f in enumerate(form.fees, start=1)
        ]
        if fees:
            conn.execute(insert(FEES), fees)
        # The case before its steps: the hub meets a case's number before its events.
        payload = case_payload(row, materials, fees, *item_of(session, version.id))
        write_outbox(session, CASE, number, CREATE, payload, now)
        add_event(session, case_id, actor, "receive", "", State.RECEIVED.value, "", now)
        comment = refusal.text.strip() if refusal and decision is Decision.REFUSE else ""
        action = DECISION_ACTIONS[decision]
        add_event(
            session, case_id, actor, action.value, State.RECEIVED.value, final.value, comment, now
        )
        add_audit(
            session,
            actor,
            f"case.{action.value}",
            case_id,
            {"number": number, "item": version.name, "state": final.value},
            now,
        )
        if actor.staff_id is not None:
            conn.execute(delete(DRAFTS).where(DRAFTS.c.clerk_id == actor.staff_id))
        uow.commit()
        return _result_from(row, decision)


def _result_from(row: dict[str, Any], decision: Decision) -> IntakeResult:
    promised = (
        DueDate(row["promised_due"], row["promised_provisional"]) if row["promised_due"] else None
    )
    legal = DueDate(row["legal_due"], row["legal_provisional"]) if row["legal_due"] else None
    return IntakeResult(
        row["id"],
        row["number"],
        row["query_password"],
        State(row["state"]),
        decision,
        promised,
        legal,
        row["notice_due"],
    )


def resume_after_notice(
    uow: UnitOfWork,
    actor: Actor,
    case_id: int,
    materials: tuple[MaterialLine, ...],
    decision: Decision,
    refusal: Refusal | None = None,
    now: datetime | None = None,
    payment_method: PaymentMethod | None = None,
) -> IntakeResult:
    """The applicant came back after a one-time notice: the same case goes on with the
    materials as they stand now, and a new decision — nothing is typed again. The fees are
    paid now, so the payment method may be given here."""
    require_any(actor, "窗口受理", Role.CLERK, Role.SUPERVISOR)
    now = now or datetime.now()
    with uow:
        session = uow.session
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"找不到办件 {case_id}")
        before = State(case.state)
        received = next_state(before, Action.SUPPLEMENT_RECEIVED)  # refuses a wrong state
        version = session.get(ItemVersion, case.item_version_id)
        hall = repo.the_hall(session)
        assert version is not None and hall is not None
        fees = tuple(FeeLine(f.name, f.amount_fen, f.waived, f.waiver_reason) for f in case.fees)
        form = IntakeForm(
            item_version_id=version.id,
            applicant=_stored_applicant(case),
            materials=materials,
            fees=fees,
            payment_method=payment_method or PaymentMethod(case.payment_method),
            green_channel=case.green_channel,
            green_reason=case.green_reason,
        )
        on_the_spot = version.promised_limit == 0  # 即办件: promised on the spot
        problems = check_decision(form, decision, on_the_spot, refusal)
        if problems:
            raise IntakeRefused(problems)
        calendar = calendar_for(session)
        action = DECISION_ACTIONS[decision]
        final = next_state(received, action)
        session.execute(delete(CaseMaterial).where(CaseMaterial.case_id == case_id))
        session.execute(insert(CaseMaterial), material_rows(case_id, materials))
        columns = _decision_columns(
            decision, refusal, calendar, version, hall, now, thresholds_in(session)
        )
        columns["payment_method"] = form.payment_method.value
        session.execute(
            update(Case)
            .where(Case.id == case_id)
            .values(state=final.value, version=Case.version + 1, updated_at=now, **columns)
        )
        add_event(
            session,
            case_id,
            actor,
            Action.SUPPLEMENT_RECEIVED.value,
            before.value,
            received.value,
            "",
            now,
        )
        comment = refusal.text.strip() if refusal and decision is Decision.REFUSE else ""
        add_event(session, case_id, actor, action.value, received.value, final.value, comment, now)
        add_audit(
            session,
            actor,
            f"case.{action.value}",
            case_id,
            {"number": case.number, "after_notice": True, "state": final.value},
            now,
        )
        session.expire(case)
        queue_case(session, case_id, UPDATE, now)
        uow.commit()
        case = session.get(Case, case_id)
        assert case is not None
        return _result(case, decision)


def _stored_applicant(case: Case) -> Applicant:
    from hallapp.core.identity import DocumentType

    return Applicant(
        ApplicantKind(case.applicant_kind),
        case.applicant_name,
        DocumentType(case.applicant_doc_type),
        case.applicant_doc_number,
        case.applicant_phone,
        case.applicant_address,
        case.legal_representative,
    )


def _normalised_number(text: str) -> str:
    """The stored form of a typed number: 15-digit IDs become 18, full-width digits and a
    lower-case x are accepted, as at intake."""
    from hallapp.core.identity import InvalidDocument, check_resident_id, halfwidth

    try:
        return check_resident_id(text, date.today()).number
    except InvalidDocument:
        return halfwidth(text).strip().replace(" ", "").upper()


def returning_applicant(uow: UnitOfWork, doc_number: str) -> Applicant | None:
    """The applicant as taken in at their last case, to fill the form (the clerk confirms)."""
    with uow:
        case = uow.session.scalars(
            select(Case)
            .where(Case.applicant_doc_number == _normalised_number(doc_number))
            .order_by(Case.id.desc())
            .limit(1)
        ).first()
        return _stored_applicant(case) if case else None


def save_draft(uow: UnitOfWork, actor: Actor, payload: dict[str, Any]) -> None:
    """Keep the half-typed form; one draft per clerk, replaced as the clerk types."""
    with uow:
        session = uow.session
        session.execute(delete(IntakeDraft).where(IntakeDraft.clerk_id == actor.staff_id))
        session.execute(
            insert(IntakeDraft).values(
                clerk_id=actor.staff_id,
                payload=json.dumps(payload, ensure_ascii=False),
                updated_at=datetime.now(),
            )
        )
        uow.commit()


def load_draft(uow: UnitOfWork, actor: Actor) -> dict[str, Any] | None:
    with uow:
        draft = uow.session.scalars(
            select(IntakeDraft).where(IntakeDraft.clerk_id == actor.staff_id)
        ).first()
        return json.loads(draft.payload) if draft else None


def discard_draft(uow: UnitOfWork, actor: Actor) -> None:
    with uow:
        uow.session.execute(delete(IntakeDraft).where(IntakeDraft.clerk_id == actor.staff_id))
        uow.commit()
