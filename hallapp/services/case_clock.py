"""The clock of one case, as the case view shows it, and the actions that move it: pauses
(补正, 特别程序, 挂起) and extensions (延期), each with its rule of state and role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hallapp.core.clock import (
    ClockFacts,
    ClockState,
    ExtensionRefused,
    PauseKind,
    WarningLevel,
    check_extension,
    compute_clock,
)
from hallapp.core.lifecycle import PAUSE_KINDS, Action, State, allowed_actions, is_open
from hallapp.db.models import Case, CaseExtension, CasePause
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput, NotFound
from hallapp.services import cases
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.calendar import calendar_for
from hallapp.services.case_records import add_audit, add_event
from hallapp.services.clock_store import refresh_case, timing_of
from hallapp.services.hall_settings import thresholds_in
from hallapp.services.outbox_records import UPDATE, queue_case

# Entering and leaving each kind of pause.
PAUSE_ACTIONS = {
    PauseKind.SUPPLEMENT: (Action.REQUEST_SUPPLEMENT, Action.SUPPLEMENT_DONE),
    PauseKind.SPECIAL_PROCEDURE: (Action.START_SPECIAL_PROCEDURE, Action.END_SPECIAL_PROCEDURE),
    PauseKind.SUSPENSION: (Action.SUSPEND, Action.RESUME),
}
STATUS_LABELS = {"requested": "待批准", "approved": "已批准", "refused": "未批准"}


@dataclass(frozen=True)
class PauseView:
    kind: PauseKind
    procedure: str
    reason: str
    start: date
    end: date | None
    approved_days: int | None
    approver: str


@dataclass(frozen=True)
class ExtensionView:
    id: int
    days: int
    reason: str
    status: str
    requested_by: str
    requested_at: datetime
    approver: str
    decided_at: datetime | None
    granted_on: date | None
    decision_note: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class CaseClock:
    """Everything the case view's 办理时限 section shows and offers."""

    case_id: int
    state: State
    running: bool  # open and counting
    clock: ClockState | None  # None before acceptance
    pauses: tuple[PauseView, ...]
    extensions: tuple[ExtensionView, ...]
    max_extension_days: int
    extension_granted: int
    pending: ExtensionView | None
    pause_kinds: tuple[PauseKind, ...]  # pauses the state allows starting
    end_action: Action | None  # leaving the current pause

    @property
    def extension_left(self) -> int:
        pending = self.pending.days if self.pending else 0
        return max(self.max_extension_days - self.extension_granted - pending, 0)


def _extension_view(e: CaseExtension) -> ExtensionView:
    return ExtensionView(
        e.id,
        e.days,
        e.reason,
        e.status,
        e.requested_by,
        e.requested_at,
        e.approver,
        e.decided_at,
        e.granted_on,
        e.decision_note,
    )


def _extensions(session: Session, case_id: int) -> tuple[ExtensionView, ...]:
    return tuple(
        _extension_view(e)
        for e in session.scalars(
            select(CaseExtension).where(CaseExtension.case_id == case_id).order_by(CaseExtension.id)
        )
    )


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"找不到办件 {case_id}")
    return case


def case_clock(uow: UnitOfWork, case_id: int, today: date) -> CaseClock:
    with uow:
        session = uow.session
        case = _case(session, case_id)
        state = State(case.state)
        timing = timing_of(session, case)
        clock = None
        max_days = 0
        if timing is not None:
            clock = compute_clock(
                timing.facts, calendar_for(session), today, thresholds_in(session)
            )
            max_days = timing.facts.max_extension_days
        extensions = _extensions(session, case_id)
        pauses = tuple(
            PauseView(
                PauseKind(p.kind),
                p.procedure,
                p.reason,
                p.start,
                p.end,
                p.approved_days,
                p.approver,
            )
            for p in session.scalars(
                select(CasePause).where(CasePause.case_id == case_id).order_by(CasePause.id)
            )
        )
        actions = allowed_actions(state)
        current = PAUSE_KINDS.get(state)
        return CaseClock(
            case_id=case_id,
            state=state,
            running=clock is not None and is_open(state) and not clock.paused,
            clock=clock,
            pauses=pauses,
            extensions=extensions,
            max_extension_days=max_days,
            extension_granted=sum(e.days for e in extensions if e.status == "approved"),
            pending=next((e for e in extensions if e.status == "requested"), None),
            pause_kinds=tuple(k for k, (start, _) in PAUSE_ACTIONS.items() if start in actions),
            end_action=PAUSE_ACTIONS[current][1] if current is not None else None,
        )


def start_pause(
    uow: UnitOfWork,
    actor: Actor,
    case_id: int,
    kind: PauseKind,
    reason: str,
    terms: cases.PauseTerms | None = None,
    now: datetime | None = None,
) -> State:
    """Stop the clock: 补正 (waiting for the applicant), 特别程序 (with the procedure and
    its approved working days) or 挂起 (the supervisor, with a reason)."""
    action = PAUSE_ACTIONS[kind][0]
    return cases.apply_action(uow, actor, case_id, action, reason, now=now, terms=terms)


def end_pause(
    uow: UnitOfWork, actor: Actor, case_id: int, comment: str = "", now: datetime | None = None
) -> State:
    """Let the clock run again; the case goes back to the state it was paused from."""
    with uow:
        state = State(_case(uow.session, case_id).state)
    kind = PAUSE_KINDS.get(state)
    if kind is None:
        raise InvalidInput(f"办件处于“{state.label}”状态，计时并未暂停")
    return cases.apply_action(uow, actor, case_id, PAUSE_ACTIONS[kind][1], comment, now=now)


def request_extension(
    uow: UnitOfWork,
    actor: Actor,
    case_id: int,
    days: int,
    reason: str,
    now: datetime | None = None,
) -> ExtensionView:
    """申请延期: the window asks, with the reason the applicant will be told; the head of
    the office decides (:func:`decide_extension`)."""
    require_any(actor, "申请延期", Role.CLERK, Role.SUPERVISOR)
    if not reason.strip():
        raise InvalidInput("申请延期须写明理由（将书面告知申请人）")
    now = now or datetime.now()
    with uow:
        session = uow.session
        case = _case(session, case_id)
        state = State(case.state)
        timing = timing_of(session, case)
        if timing is None or not is_open(state):
            raise InvalidInput(f"办件处于“{state.label}”状态，不能申请延期")
        extensions = _extensions(session, case_id)
        if any(e.status == "requested" for e in extensions):
            raise InvalidInput("该办件已有一项延期申请等待批准，请先处理")
        clock = compute_clock(
            timing.facts, calendar_for(session), now.date(), thresholds_in(session)
        )
        if clock.level is WarningLevel.LEGAL_OVERDUE:
            raise InvalidInput("法定期限已届满，不能再申请延期")
        _check_total(timing.facts, days)
        row = CaseExtension(
            case_id=case_id,
            days=days,
            reason=reason.strip(),
            status="requested",
            requested_by=actor.name,
            requested_at=now,
            approver="",
            decision_note="",
        )
        session.add(row)
        session.flush()
        _record(
            session, actor, case_id, state, "extension_request", f"{days}个工作日：{reason}", now
        )
        view = _extension_view(row)
        uow.commit()
        return view


def decide_extension(
    uow: UnitOfWork,
    actor: Actor,
    extension_id: int,
    approve: bool,
    note: str = "",
    now: datetime | None = None,
) -> ExtensionView:
    """批准 or 不批准 a requested extension: the head of the office (中心负责人) only. An
    approved one moves both due dates from today on."""
    require_any(actor, "批准延期", Role.SUPERVISOR)
    if not approve and not note.strip():
        raise InvalidInput("不批准延期须写明理由")
    now = now or datetime.now()
    with uow:
        session = uow.session
        row = session.get(CaseExtension, extension_id)
        if row is None:
            raise NotFound(f"找不到延期申请 {extension_id}")
        if row.status != "requested":
            raise InvalidInput(
                f"该延期申请已{STATUS_LABELS.get(row.status, row.status)}，不能再次审批"
            )
        case = _case(session, row.case_id)
        state = State(case.state)
        timing = timing_of(session, case)
        if timing is None or not is_open(state):
            raise InvalidInput(f"办件处于“{state.label}”状态，不能再延期")
        if approve:
            _check_total(timing.facts, row.days)
        row.status = "approved" if approve else "refused"
        row.approver = actor.name
        row.decided_at = now
        row.granted_on = now.date() if approve else None
        row.decision_note = note.strip()
        session.flush()
        action = "extension_approved" if approve else "extension_refused"
        _record(
            session,
            actor,
            case.id,
            state,
            action,
            f"{row.days}个工作日" + (f"：{note.strip()}" if note.strip() else ""),
            now,
        )
        refresh_case(session, case.id, now.date())
        view = _extension_view(row)
        uow.commit()
        return view


def _check_total(facts: ClockFacts, days: int) -> None:
    if facts.max_extension_days <= 0:
        raise InvalidInput("本事项的法定期限不足二十个工作日，依法不能延期")
    try:
        check_extension(facts, days)
    except ExtensionRefused as exc:
        raise InvalidInput(exc.message) from exc


def _record(
    session: Session,
    actor: Actor,
    case_id: int,
    state: State,
    action: str,
    comment: str,
    now: datetime,
) -> None:
    add_event(session, case_id, actor, action, state.value, state.value, comment, now)
    add_audit(session, actor, f"case.{action}", case_id, {"comment": comment}, now)
    session.execute(
        update(Case).where(Case.id == case_id).values(version=Case.version + 1, updated_at=now)
    )
    queue_case(session, case_id, UPDATE, now)
