"""The custody chain of a case's materials (材料交接) as recorded in the hall: hand-overs,
who holds each material now and since when, and the materials held too long.

The rules are core.custody's; this module names the parties from the database, checks
who may record a hand-over, and keeps every record as written: there is no function that
edits one. A mistake is corrected by a new record naming the one it corrects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Select, delete, insert, select, text, update
from sqlalchemy.orm import Session, selectinload

from hallapp.core.custody import (
    APPLICANT,
    WINDOW,
    CustodyError,
    Handover,
    HandoverItem,
    Holding,
    Party,
    PartyKind,
    check_recorder,
    holdings,
)
from hallapp.core.intake import MaterialStatus
from hallapp.core.lifecycle import State, is_terminal
from hallapp.db.models import (
    Agent,
    Case,
    CaseHandover,
    CaseHandoverItem,
    CaseHolding,
    CaseMaterial,
)
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput, NotFound, PermissionDenied
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.agents import AgentKind, agent_for_actor
from hallapp.services.calendar import calendar_for
from hallapp.services.case_records import add_audit, add_event
from hallapp.services.hall_settings import custody_max_days_in
from hallapp.services.outbox_records import UPDATE, queue_case, queue_handover

AGENT_PARTY = {
    AgentKind.TOWNSHIP: PartyKind.TOWNSHIP_AGENT,
    AgentKind.VILLAGE: PartyKind.VILLAGE_AGENT,
}
_AGENT_KINDS = (PartyKind.TOWNSHIP_AGENT.value, PartyKind.VILLAGE_AGENT.value)


@dataclass(frozen=True)
class HandoverForm:
    """One 材料交接单. ``at`` is when the materials changed hands, if earlier than now
    (a village hand-over recorded at the township); ``corrects`` names an earlier record
    of the same case that this one replaces, and ``note`` then says why. A correction
    with no items says the earlier hand-over never happened."""

    giver: Party
    receiver: Party
    items: tuple[HandoverItem, ...]
    corrects: int | None = None
    note: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class HandoverView:
    id: int
    case_id: int
    at: datetime
    giver: Party
    receiver: Party
    items: tuple[HandoverItem, ...]
    corrects: int | None
    corrected_by: int | None  # the later record that replaces this one
    note: str
    recorded_by: str

    @property
    def status_label(self) -> str:
        if self.corrected_by is not None:
            return "已更正"
        return "更正记录" if self.corrects is not None else ""


@dataclass(frozen=True)
class MaterialHolding:
    material: str
    holder: Party
    since: datetime | None  # None: with the applicant from the start
    days_held: int | None  # working days since the hand-over (the first day not counted)
    flagged: bool  # held longer than the hall allows, by someone other than the applicant


@dataclass(frozen=True)
class CustodyView:
    case_id: int
    max_days: int
    holdings: tuple[MaterialHolding, ...]
    records: tuple[HandoverView, ...]  # in the order recorded


@dataclass(frozen=True)
class HeldMaterial:
    """A material of a case and where it is now, for the monitor and the workbench."""

    case_id: int
    number: str
    applicant_name: str
    material: str
    holder: Party
    since: datetime
    days_held: int


def _party(kind: str, ref: str, name: str) -> Party:
    return Party(PartyKind(kind), ref, name)


def _handover(row: CaseHandover) -> Handover:
    return Handover(
        row.id,
        row.at,
        _party(row.giver_kind, row.giver_ref, row.giver_name),
        _party(row.receiver_kind, row.receiver_ref, row.receiver_name),
        tuple(HandoverItem(i.material, i.originals, i.copies) for i in row.items),
        row.corrects_id,
        row.note,
    )


def _chain(session: Session, case_id: int) -> list[CaseHandover]:
    return list(
        session.scalars(
            select(CaseHandover)
            .where(CaseHandover.case_id == case_id)
            .options(selectinload(CaseHandover.items))
            .order_by(CaseHandover.id)
        )
    )


def _materials(session: Session, case_id: int) -> dict[str, str]:
    """The case's checklist: material name → status, in checklist order."""
    found: dict[str, str] = {}
    for name, status in session.execute(
        select(CaseMaterial.name, CaseMaterial.status)
        .where(CaseMaterial.case_id == case_id)
        .order_by(CaseMaterial.seq)
    ):
        found.setdefault(name, status)
    return found


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"找不到办件 {case_id}")
    return case


def agent_party(agent: Agent) -> Party:
    return Party(AGENT_PARTY[AgentKind(agent.kind)], str(agent.id), agent.name)


def _resolve(session: Session, case: Case, party: Party) -> Party:
    """The party as the records name it: agents and the applicant by their names in the
    database, whatever the form said."""
    match party.kind:
        case PartyKind.APPLICANT:
            return Party(PartyKind.APPLICANT, "", case.applicant_name)
        case PartyKind.WINDOW:
            return WINDOW
        case PartyKind.DEPARTMENT:
            name = party.ref.strip() or party.name.strip()
            if not name:
                raise InvalidInput("须写明县级部门的名称")
            return Party(PartyKind.DEPARTMENT, name, name)
    agent = session.get(Agent, int(party.ref)) if party.ref.isdigit() else None
    if agent is None:
        raise InvalidInput(f"找不到{party.kind.label}（{party.ref or party.name}）")
    if AGENT_PARTY[AgentKind(agent.kind)] is not party.kind:
        raise InvalidInput(f"{agent.name}是{AgentKind(agent.kind).label}，不是{party.kind.label}")
    return agent_party(agent)


def _recorder(session: Session, actor: Actor, giver: Party) -> Party:
    """The party the actor records as: the giver if the actor is that agent, else the
    window for a clerk or supervisor, else the actor's own agent party."""
    own = agent_for_actor(session, actor)
    mine = agent_party(own) if own is not None else None
    if mine is not None and mine == giver:
        return mine
    if actor.has_any(Role.CLERK, Role.SUPERVISOR):
        return WINDOW
    if mine is None:
        raise PermissionDenied(f"用户“{actor.name}”没有关联代办员名册中的代办员，不能登记交接。")
    return mine


def _items_text(items: tuple[HandoverItem, ...]) -> str:
    parts = []
    for item in items:
        counts = []
        if item.originals:
            counts.append(f"原件{item.originals}份")
        if item.copies:
            counts.append(f"复印件{item.copies}份")
        parts.append(f"{item.material}（{'、'.join(counts)}）")
    return "、".join(parts)


def record_handover(
    uow: UnitOfWork,
    actor: Actor,
    case_id: int,
    form: HandoverForm,
    now: datetime | None = None,
) -> HandoverView:
    """登记材料交接: by the giver, or by the window for anyone. Refused, with nothing
    written, if the giver does not hold every material on the slip."""
    require_any(actor, "登记材料交接", Role.CLERK, Role.SUPERVISOR, Role.AGENT)
    now = now or datetime.now()
    with uow:
        session = uow.session
        case = _case(session, case_id)
        giver = _resolve(session, case, form.giver)
        receiver = _resolve(session, case, form.receiver)
        try:
            check_recorder(_recorder(session, actor, giver), giver)
        except CustodyError as exc:
            raise PermissionDenied(exc.message) from exc
        rows = _chain(session, case_id)
        at = form.at or now
        if at > now:
            raise InvalidInput("交接时间不能晚于现在")
        if rows and at < rows[-1].at:
            raise InvalidInput(f"交接时间不能早于本办件上一次交接（{rows[-1].at:%Y-%m-%d %H:%M}）")
        note = form.note.strip()
        if form.corrects is not None:
            target = next((r for r in rows if r.id == form.corrects), None)
            if target is None:
                raise InvalidInput(f"本办件没有第{form.corrects}号交接记录")
            if any(r.corrects_id == target.id for r in rows):
                raise InvalidInput(f"第{target.id}号交接记录已更正过")
            if not note:
                raise InvalidInput("更正交接记录须写明原因")
        elif not form.items:
            raise InvalidInput("交接单上至少要有一项材料")
        new = Handover(
            max((r.id for r in rows), default=0) + 1,
            at,
            giver,
            receiver,
            form.items,
            form.corrects,
            note,
        )
        try:
            held_after = holdings(_materials(session, case_id), [*map(_handover, rows), new])
        except CustodyError as exc:
            raise InvalidInput(exc.message) from exc
        row = CaseHandover(
            case_id=case_id,
            at=at,
            giver_kind=giver.kind.value,
            giver_ref=giver.ref,
            giver_name=giver.name,
            receiver_kind=receiver.kind.value,
            receiver_ref=receiver.ref,
            receiver_name=receiver.name,
            corrects_id=form.corrects,
            note=note,
            recorded_by=actor.name,
        )
        session.add(row)
        session.flush()
        for seq, item in enumerate(form.items, start=1):
            session.add(
                CaseHandoverItem(
                    handover_id=row.id,
                    seq=seq,
                    material=item.material,
                    originals=item.originals,
                    copies=item.copies,
                )
            )
        session.flush()
        _store_holdings(session, case_id, held_after)
        comment = f"第{row.id}号交接：{giver.label} → {receiver.label}"
        if form.items:
            comment += f"；{_items_text(form.items)}"
        if form.corrects is not None:
            what = "更正" if form.items else "撤销"
            comment += f"；{what}第{form.corrects}号交接记录：{note}"
        elif note:
            comment += f"；{note}"
        detail: dict[str, Any] = {
            "handover_id": row.id,
            "giver": giver.label,
            "receiver": receiver.label,
            "items": [[i.material, i.originals, i.copies] for i in form.items],
            "corrects": form.corrects,
            "at": at,
        }
        add_event(session, case_id, actor, "handover", case.state, case.state, comment, now)
        add_audit(session, actor, "case.handover", case_id, detail, now)
        session.execute(
            update(Case).where(Case.id == case_id).values(version=Case.version + 1, updated_at=now)
        )
        queue_case(session, case_id, UPDATE, now)
        queue_handover(session, row.id, now)
        session.refresh(row, ["items"])
        view = _view(row, None)
        uow.commit()
        return view


def _view(row: CaseHandover, corrected_by: int | None) -> HandoverView:
    h = _handover(row)
    return HandoverView(
        row.id,
        row.case_id,
        h.at,
        h.giver,
        h.receiver,
        h.items,
        h.corrects,
        corrected_by,
        h.note,
        row.recorded_by,
    )


def custody_view(uow: UnitOfWork, case_id: int, today: date) -> CustodyView:
    """Who holds each material of the case and since when, flagged when held too long,
    and every hand-over record with the corrected ones marked 已更正."""
    with uow:
        session = uow.session
        case = _case(session, case_id)
        rows = _chain(session, case_id)
        materials = _materials(session, case_id)
        current = holdings(materials, [_handover(r) for r in rows])
        max_days = custody_max_days_in(session)
        calendar = calendar_for(session)
        shown = []
        applicant = Party(PartyKind.APPLICANT, "", case.applicant_name)
        for name, status in materials.items():
            held = current[name]
            holder = applicant if held.holder == APPLICANT else held.holder
            if status == MaterialStatus.NOT_APPLICABLE.value and held.since is None:
                continue  # not needed for this case and never handed over
            days = (
                None if held.since is None else calendar.workdays_between(held.since.date(), today)
            )
            flagged = holder.kind is not PartyKind.APPLICANT and (days or 0) > max_days
            shown.append(MaterialHolding(name, holder, held.since, days, flagged))
        corrected_by = {r.corrects_id: r.id for r in rows if r.corrects_id is not None}
        return CustodyView(
            case_id,
            max_days,
            tuple(shown),
            tuple(_view(r, corrected_by.get(r.id)) for r in rows),
        )


# --- across cases: the deadline monitor and the agent's workbench ----------------------------


def _held_rows(session: Session, query: Select[Any], today: date) -> list[HeldMaterial]:
    calendar = calendar_for(session)
    return [
        HeldMaterial(
            case_id,
            number,
            applicant,
            material,
            _party(kind, ref, name),
            at,
            calendar.workdays_between(at.date(), today),
        )
        for case_id, number, applicant, material, kind, ref, name, at in session.execute(query)
    ]


def held_too_long(uow: UnitOfWork, today: date, limit: int = 200) -> list[HeldMaterial]:
    """材料保管超期: materials of open cases held by anyone but the applicant for longer
    than the hall's ``custody.max_days`` working days, longest first."""
    with uow:
        session = uow.session
        calendar = calendar_for(session)
        max_days = custody_max_days_in(session)
        # Held more than N working days ⇔ handed over before the working day numbered N
        # before today's number; the comparison then runs in SQL on the stored time.
        first_ok = calendar.day_of_number(calendar.workday_number(today) - max_days)
        threshold = datetime.combine(first_ok, time.min)
        query = (
            _select_holdings()
            .where(
                Case.clock.is_not(None),
                CaseHolding.holder_kind != PartyKind.APPLICANT.value,
                CaseHolding.since < threshold,
            )
            .order_by(CaseHolding.since, CaseHolding.case_id, CaseHolding.material)
            .limit(limit)
        )
        return _held_rows(session, query, today)


def materials_held_by(
    uow: UnitOfWork, agent_id: int, today: date | None = None
) -> list[HeldMaterial]:
    """What the agent holds now, across all cases, longest held first: one read of the
    current holders by the holder index."""
    today = today or date.today()
    with uow:
        session = uow.session
        query = (
            _select_holdings()
            .where(
                CaseHolding.holder_kind.in_(_AGENT_KINDS),
                CaseHolding.holder_ref == str(agent_id),
            )
            .order_by(CaseHolding.since, CaseHolding.case_id, CaseHolding.material)
        )
        return _held_rows(session, query, today)


def _select_holdings() -> Select[Any]:
    return select(  # type: ignore[return-value]
        CaseHolding.case_id,
        Case.number,
        Case.applicant_name,
        CaseHolding.material,
        CaseHolding.holder_kind,
        CaseHolding.holder_ref,
        CaseHolding.holder_name,
        CaseHolding.since,
    ).join(Case, Case.id == CaseHolding.case_id)


def _store_holdings(session: Session, case_id: int, held: dict[str, Holding]) -> None:
    """Rewrite the case's current holders after a hand-over, in its transaction. Materials
    that never moved stay with the applicant and need no row."""
    session.execute(delete(CaseHolding).where(CaseHolding.case_id == case_id))
    rows = [
        {
            "case_id": case_id,
            "material": h.material,
            "holder_kind": h.holder.kind.value,
            "holder_ref": h.holder.ref,
            "holder_name": h.holder.name,
            "since": h.since,
        }
        for h in held.values()
        if h.since is not None
    ]
    if rows:
        session.execute(insert(CaseHolding), rows)


def fill_holdings(session: Session, first_case_id: int, last_case_id: int) -> None:
    """The current holders of cases whose hand-overs were written in bulk (demo data):
    the last uncorrected hand-over of each material, as :func:`_store_holdings` keeps it."""
    session.execute(
        text(
            """
            INSERT INTO case_holdings
                (case_id, material, holder_kind, holder_ref, holder_name, since)
            SELECT case_id, material, receiver_kind, receiver_ref, receiver_name, at FROM (
                SELECT h.case_id, i.material, h.receiver_kind, h.receiver_ref,
                       h.receiver_name, h.at,
                       row_number() OVER (
                           PARTITION BY h.case_id, i.material ORDER BY h.id DESC
                       ) AS rn
                FROM case_handovers h
                JOIN case_handover_items i ON i.handover_id = h.id
                WHERE h.case_id BETWEEN :first AND :last
                  AND h.id NOT IN (
                      SELECT corrects_id FROM case_handovers
                      WHERE corrects_id IS NOT NULL AND case_id BETWEEN :first AND :last
                  )
            ) WHERE rn = 1
            """
        ),
        {"first": first_case_id, "last": last_case_id},
    )


# Terminal states: nothing is waiting for anyone any more.
_ENDED = tuple(s.value for s in State if is_terminal(s))


def handovers_waiting_for(
    uow: UnitOfWork, agent_id: int, today: date | None = None
) -> list[HeldMaterial]:
    """待接收: materials of the agent's current cases that should come to the agent next:
    held by a village agent or a county department, or by the window once the case is
    办结 (the result and the originals go back through the agent)."""
    today = today or date.today()
    ref = str(agent_id)
    with uow:
        session = uow.session
        from_others = (CaseHolding.holder_kind == PartyKind.DEPARTMENT.value) | (
            (CaseHolding.holder_kind == PartyKind.VILLAGE_AGENT.value)
            & (CaseHolding.holder_ref != ref)
        )
        at_window = (CaseHolding.holder_kind == PartyKind.WINDOW.value) & (
            Case.state == State.COMPLETED.value
        )
        query = (
            _select_holdings()
            .where(
                Case.agent_id == agent_id,
                Case.state.not_in(_ENDED),
                from_others | at_window,
            )
            .order_by(CaseHolding.since, CaseHolding.case_id, CaseHolding.material)
        )
        return _held_rows(session, query, today)


__all__ = [
    "APPLICANT",
    "WINDOW",
    "CustodyView",
    "HandoverForm",
    "HandoverView",
    "HeldMaterial",
    "MaterialHolding",
    "agent_party",
    "custody_view",
    "handovers_waiting_for",
    "held_too_long",
    "materials_held_by",
    "record_handover",
]
