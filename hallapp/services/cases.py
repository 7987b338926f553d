"""The case register (办件登记簿): search, one case's full view, and its next actions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, insert, select, update
from sqlalchemy.orm import Session, selectinload

from hallapp.core.clock import WarningLevel, compute_clock
from hallapp.core.identity import mask_id
from hallapp.core.lifecycle import (
    Action,
    State,
    allowed_actions,
    needs_reason,
    needs_supervisor,
    next_state,
    pause_kind,
    stops_clock,
)
from hallapp.core.workdays import DueDate
from hallapp.db.models import Case, CaseEvent, CasePause, ItemVersion
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput, NotFound
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.calendar import calendar_for
from hallapp.services.case_records import add_audit, add_event
from hallapp.services.clock_store import refresh_case, timing_of
from hallapp.services.hall_settings import thresholds_in
from hallapp.services.outbox_records import UPDATE, queue_case

PAGE = 200
_CASE_NUMBER = re.compile(r"^\d{12}-?\d{8}-?\d{1,4}$")
_DIGITS = re.compile(r"^\d{3,17}[\dXx]?$")


@dataclass(frozen=True)
class CaseQuery:
    """What the clerk typed into the register's search box, plus a date range."""

    text: str = ""
    received_from: date | None = None
    received_to: date | None = None


@dataclass(frozen=True)
class CaseRow:
    """One line of the register; the ID number is masked."""

    id: int
    number: str
    state: State
    applicant_name: str
    masked_doc: str
    applicant_phone: str
    item_name: str
    received_at: datetime
    promised_due: DueDate | None
    green_channel: bool
    clerk_name: str


@dataclass(frozen=True)
class MaterialView:
    name: str
    form: str
    copies_required: int
    required: bool
    status: str
    original_seen: bool
    copies_taken: int
    problem: str
    extra: bool


@dataclass(frozen=True)
class FeeView:
    name: str
    amount_fen: int
    waived: bool
    waiver_reason: str
    waived_by: str


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor_name: str
    action: str
    from_state: str
    to_state: str
    comment: str


@dataclass(frozen=True)
class CaseDetail:
    id: int
    number: str
    query_password: str
    state: State
    item_version_id: int
    item_name: str
    item_code_version: int
    department: str
    applicant_kind: str
    applicant_name: str
    applicant_doc_type: str
    masked_doc: str
    applicant_phone: str
    applicant_address: str
    applicant_sex: str
    applicant_birth_date: date | None
    legal_representative: str
    proxy_name: str
    proxy_masked_doc: str
    green_channel: bool
    green_reason: str
    clerk_name: str
    received_at: datetime
    accepted_at: datetime | None
    accepted_on: date | None
    promised_due: DueDate | None
    legal_due: DueDate | None
    closed_at: datetime | None
    fee_total_fen: int
    receipt_number: str
    payment_method: str
    refusal_reason: str
    refusal_text: str
    remedy_text: str
    materials: tuple[MaterialView, ...]
    fees: tuple[FeeView, ...]
    timeline: tuple[EventView, ...]
    actions: tuple[Action, ...]
    level: WarningLevel | None


def _range_prefix(column: Any, prefix: str) -> ColumnElement[bool]:
    """``column LIKE 'prefix%'`` as a range, so the column's index serves it."""
    return and_(column >= prefix, column < prefix + "\U0010ffff")


def _conditions(session: Session, text: str) -> list[ColumnElement[bool]]:
    """Each way the typed text may name cases; every condition is served by an index."""
    text = text.strip()
    if not text:
        return []
    upper = text.upper()
    found: list[ColumnElement[bool]] = []
    if _CASE_NUMBER.match(text):
        digits = text.replace("-", "")
        number = f"{digits[:12]}-{digits[12:20]}-{int(digits[20:]):04d}"
        found.append(Case.number == number)
    if len(upper) == 18 or len(upper) == 15:
        found.append(Case.applicant_doc_number == upper)
    if _DIGITS.match(text):
        found.append(_range_prefix(Case.applicant_doc_rev, upper[::-1]))
        found.append(_range_prefix(Case.applicant_phone_rev, text[::-1]))
        if len(text) >= 12:
            found.append(_range_prefix(Case.number, text))
    if not text.isascii() or not _DIGITS.match(text):
        found.append(_range_prefix(Case.applicant_name, text))
        item_ids = session.scalars(
            select(ItemVersion.id).where(ItemVersion.name.contains(text, autoescape=True))
        ).all()
        if item_ids:
            found.append(Case.item_version_id.in_(item_ids))
    return found


def _dated(stmt: Select[Any], query: CaseQuery) -> Select[Any]:
    if query.received_from is not None:
        stmt = stmt.where(
            Case.received_at >= datetime.combine(query.received_from, datetime.min.time())
        )
    if query.received_to is not None:
        end = datetime.combine(query.received_to + timedelta(days=1), datetime.min.time())
        stmt = stmt.where(Case.received_at < end)
    return stmt


def case_ids(
    uow: UnitOfWork, query: CaseQuery, before_id: int | None = None, limit: int = PAGE
) -> list[int]:
    """Ids of matching cases, newest first, ``limit`` at a time (keyset paging).

    Each way of matching runs as its own indexed query and the pages are merged, so a
    search stays fast on a million cases instead of scanning them.
    """
    with uow:
        session = uow.session
        base = select(Case.id).order_by(Case.id.desc()).limit(limit)
        if before_id is not None:
            base = base.where(Case.id < before_id)
        base = _dated(base, query)
        conditions = _conditions(session, query.text)
        if not query.text.strip():
            return list(session.scalars(base))
        ids: set[int] = set()
        for condition in conditions:
            ids.update(session.scalars(base.where(condition)))
        return sorted(ids, reverse=True)[:limit]


def case_rows(uow: UnitOfWork, ids: list[int]) -> list[CaseRow]:
    """The register lines for ``ids``, in the order given."""
    if not ids:
        return []
    with uow:
        rows = uow.session.execute(
            select(
                Case.id,
                Case.number,
                Case.state,
                Case.applicant_name,
                Case.applicant_doc_number,
                Case.applicant_phone,
                ItemVersion.name,
                Case.received_at,
                Case.promised_due,
                Case.promised_provisional,
                Case.green_channel,
                Case.clerk_name,
                Case.due_no,
                Case.accepted_on,
            )
            .join(ItemVersion, ItemVersion.id == Case.item_version_id)
            .where(Case.id.in_(ids))
        ).all()
        calendar = calendar_for(uow.session)

    def promised(r: Any) -> DueDate | None:
        # The deadline as it stands now (pauses, extensions, the calendar), not as notified.
        if r[12] is not None and r[13] is not None:
            day = calendar.day_of_number(r[12])
            return DueDate(day, not calendar.is_known_span(r[13], day))
        return DueDate(r[8], r[9]) if r[8] else None

    by_id = {
        r[0]: CaseRow(
            r[0],
            r[1],
            State(r[2]),
            r[3],
            mask_id(r[4]),
            r[5],
            r[6],
            r[7],
            promised(r),
            r[10],
            r[11],
        )
        for r in rows
    }
    return [by_id[i] for i in ids if i in by_id]


def case_detail(uow: UnitOfWork, case_id: int, today: date | None = None) -> CaseDetail:
    with uow:
        session = uow.session
        case = session.scalars(
            select(Case)
            .where(Case.id == case_id)
            .options(
                selectinload(Case.materials), selectinload(Case.fees), selectinload(Case.events)
            )
        ).first()
        if case is None:
            raise NotFound(f"找不到办件 {case_id}")
        version = session.get(ItemVersion, case.item_version_id)
        assert version is not None
        state = State(case.state)
        level = None
        promised_due = legal_due = None
        timing = timing_of(session, case)
        if timing is not None:
            calendar = calendar_for(session)
            clock = compute_clock(
                timing.facts, calendar, today or date.today(), thresholds_in(session)
            )
            promised_due, legal_due = clock.promised_due, clock.legal_due
            if case.closed_at is None:
                level = clock.level
        return CaseDetail(
            id=case.id,
            number=case.number,
            query_password=case.query_password,
            state=state,
            item_version_id=version.id,
            item_name=version.name,
            item_code_version=version.version,
            department=version.department,
            applicant_kind=case.applicant_kind,
            applicant_name=case.applicant_name,
            applicant_doc_type=case.applicant_doc_type,
            masked_doc=mask_id(case.applicant_doc_number),
            applicant_phone=case.applicant_phone,
            applicant_address=case.applicant_address,
            applicant_sex=case.applicant_sex,
            applicant_birth_date=case.applicant_birth_date,
            legal_representative=case.legal_representative,
            proxy_name=case.proxy_name,
            proxy_masked_doc=mask_id(case.proxy_doc_number) if case.proxy_doc_number else "",
            green_channel=case.green_channel,
            green_reason=case.green_reason,
            clerk_name=case.clerk_name,
            received_at=case.received_at,
            accepted_at=case.accepted_at,
            accepted_on=case.accepted_on,
            promised_due=promised_due,
            legal_due=legal_due,
            closed_at=case.closed_at,
            fee_total_fen=case.fee_total_fen,
            receipt_number=case.receipt_number,
            payment_method=case.payment_method,
            refusal_reason=case.refusal_reason,
            refusal_text=case.refusal_text,
            remedy_text=case.remedy_text,
            materials=tuple(
                MaterialView(
                    m.name,
                    m.form,
                    m.copies_required,
                    m.required,
                    m.status,
                    m.original_seen,
                    m.copies_taken,
                    m.problem,
                    m.extra,
                )
                for m in case.materials
            ),
            fees=tuple(
                FeeView(f.name, f.amount_fen, f.waived, f.waiver_reason, f.waived_by)
                for f in case.fees
            ),
            timeline=tuple(
                EventView(e.at, e.actor_name, e.action, e.from_state, e.to_state, e.comment)
                for e in case.events
            ),
            actions=allowed_actions(state),
            level=level,
        )


# Actions that the intake screen carries out (with the materials in hand), not a button.
INTAKE_ACTIONS = frozenset(
    {
        Action.ACCEPT,
        Action.ISSUE_NOTICE,
        Action.REFUSE,
        Action.COMPLETE_ON_THE_SPOT,
        Action.SUPPLEMENT_RECEIVED,
    }
)


@dataclass(frozen=True)
class PauseTerms:
    """What a 特别程序 must state (行政许可法 第四十五条): which procedure, and the working
    days approved for it, after which the clock runs again."""

    procedure: str
    approved_days: int


def apply_action(
    uow: UnitOfWork,
    actor: Actor,
    case_id: int,
    action: Action,
    comment: str = "",
    now: datetime | None = None,
    terms: PauseTerms | None = None,
) -> State:
    """Move a case along its lifecycle; the lifecycle refuses an illegal step."""
    if action in INTAKE_ACTIONS:
        raise InvalidInput(f"“{action.label}”须在受理界面办理，以便核对材料并计算期限")
    require_any(actor, action.label, Role.CLERK, Role.SUPERVISOR, Role.AGENT)
    if needs_supervisor(action):
        require_any(actor, action.label, Role.SUPERVISOR)
    if needs_reason(action) and not comment.strip():
        raise InvalidInput(f"“{action.label}”须写明原因")
    if action is Action.START_SPECIAL_PROCEDURE:
        _check_terms(terms)
    now = now or datetime.now()
    with uow:
        after = take_step(uow.session, actor, case_id, action, comment, now, terms=terms)
        queue_case(uow.session, case_id, UPDATE, now)
        uow.commit()
        return after


def take_step(
    session: Session,
    actor: Actor,
    case_id: int,
    action: Action,
    comment: str,
    now: datetime,
    *,
    terms: PauseTerms | None = None,
    details: dict[str, Any] | None = None,
) -> State:
    """One lifecycle step inside the caller's transaction: the state, its pause record,
    the stored clock, the timeline event and the audit record. The caller queues the case
    for the outbox once, after its last step, and commits."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"找不到办件 {case_id}")
    before = State(case.state)
    after = next_state(before, action, _return_state(session, case_id, before))
    values: dict[str, Any] = {"state": after.value, "version": Case.version + 1, "updated_at": now}
    if not _still_open(after):
        values["closed_at"] = case.closed_at or now
    session.execute(update(Case).where(Case.id == case_id).values(**values))
    _record_pause(session, case_id, before, after, comment, now.date(), actor, terms)
    refresh_case(session, case_id, now.date())
    add_event(
        session, case_id, actor, action.value, before.value, after.value, comment.strip(), now
    )
    audit = {"from": before.value, "to": after.value, "comment": comment, **(details or {})}
    if terms is not None:
        audit.update(procedure=terms.procedure, approved_days=terms.approved_days)
    add_audit(session, actor, f"case.{action.value}", case_id, audit, now)
    session.expire(case)
    return after


def _check_terms(terms: PauseTerms | None) -> None:
    if terms is None or not terms.procedure.strip():
        raise InvalidInput("启动特别程序须写明程序名称（如听证、检验、专家评审）")
    if not 1 <= terms.approved_days <= 365:
        raise InvalidInput(f"特别程序批准的期限须为1至365个工作日（{terms.approved_days}）")


def _record_pause(
    session: Session,
    case_id: int,
    before: State,
    after: State,
    reason: str,
    today: date,
    actor: Actor,
    terms: PauseTerms | None,
) -> None:
    """Each stop of the clock is its own record: opened on entering a clock-stopping state
    (补正中, 特别程序, 挂起), closed on leaving it."""
    if stops_clock(before) and not stops_clock(after):
        session.execute(
            update(CasePause)
            .where(CasePause.case_id == case_id, CasePause.end.is_(None))
            .values(end=today)
        )
    kind = pause_kind(after)
    if kind is not None and not stops_clock(before):
        session.execute(
            insert(CasePause).values(
                case_id=case_id,
                kind=kind.value,
                reason=reason.strip(),
                start=today,
                end=None,
                procedure=terms.procedure.strip() if terms else "",
                approved_days=terms.approved_days if terms else None,
                approver=actor.name,
            )
        )


def _return_state(session: Session, case_id: int, state: State) -> State | None:
    """For a step that resumes (补正 done, 特别程序 over, 恢复), the state it came from."""
    event = session.scalars(
        select(CaseEvent)
        .where(CaseEvent.case_id == case_id, CaseEvent.to_state == state.value)
        .order_by(CaseEvent.id.desc())
        .limit(1)
    ).first()
    if event is None or not event.from_state:
        return None
    try:
        return State(event.from_state)
    except ValueError:
        return None


def _still_open(state: State) -> bool:
    from hallapp.core.lifecycle import is_terminal

    return not is_terminal(state) and state is not State.COMPLETED
