"""Realistic generated cases for trying the app and for benchmarks (``hallapp demo --cases``).

Rows are built by the same functions the intake uses (applicant columns, materials, the
outbox payload, due dates from the hall's calendar) and only the inserts are batched, so a
million cases take minutes and look exactly like cases taken in at the counter.
"""

from __future__ import annotations

import heapq
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hallapp.core.clock import ClockFacts, Pause, PauseKind, WarningThresholds
from hallapp.core.clock_marks import clock_marks, due_dates
from hallapp.core.custody import Party, PartyKind
from hallapp.core.identity import DocumentType, gb11643_check_char, mask_id
from hallapp.core.intake import Applicant, ApplicantKind, MaterialLine, MaterialStatus
from hallapp.core.lifecycle import Action, State, is_open, next_state, pause_kind, stops_clock
from hallapp.core.limits import LimitUnit, TimeLimit
from hallapp.core.numbering import format_case_number, make_query_password
from hallapp.core.workdays import WorkdayCalendar
from hallapp.db import repositories as repo
from hallapp.db.models import (
    Agent,
    Case,
    CaseAgentService,
    CaseAssignment,
    CaseDelivery,
    CaseEvent,
    CaseFee,
    CaseForward,
    CaseHandover,
    CaseHandoverItem,
    CaseMaterial,
    CasePause,
    CaseSerial,
    Complaint,
    Evaluation,
    FollowUp,
    ItemFee,
    ItemMaterial,
    ItemVersion,
    OutboxEntry,
    ServiceItem,
    Staff,
    VillagePoint,
)
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput, NotFound
from hallapp.services import audit
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.calendar import calendar_for
from hallapp.services.case_records import applicant_columns, material_rows
from hallapp.services.clock_store import RUN, STOP
from hallapp.services.custody import fill_holdings
from hallapp.services.demo_complaints import DemoComplaints
from hallapp.services.demo_feedback import DemoFeedback, FeedbackRows
from hallapp.services.evaluations import follow_up_days_in
from hallapp.services.hall_settings import thresholds_in
from hallapp.services.outbox_records import (
    AGENT_SERVICE,
    CASE,
    CREATE,
    DELIVERY,
    EVENT,
    FORWARD,
    HANDOVER,
    agent_service_payload,
    case_payload,
    delivery_payload,
    event_entity_id,
    event_payload,
    forward_payload,
    handover_payload,
    outbox_row,
    record_entity_id,
)

CHUNK = 5_000
# A hall that has worked for years has sent all but its recent changes to the county; only
# those are still waiting in the outbox (``outbox="recent"``). ``outbox="all"`` leaves
# every change waiting, as in a hall that has never synced: what a first sync must carry.
OUTBOX_DAYS = 30
OUTBOX_CHOICES = ("recent", "all")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉德成新春海云飞鹏宇浩凤梅琴兵林斌亮金生龙元福贵宝珍秋菊翠莲桃香福顺喜庆"
REGIONS = ("430121", "430121", "430121", "430121", "430104", "430111", "430181", "430124")
VILLAGES = ("团结村", "新华村", "红星村", "先锋村", "和平村", "光明村", "青山村", "石桥村")
# Where a case stands, by how long ago it came in: older cases are finished.
OLD_STATES = (
    (State.DELIVERED, 62),
    (State.COMPLETED, 18),
    (State.REFUSED, 4),
    (State.WITHDRAWN, 2),
    (State.RETURNED, 1),
    (State.VOIDED, 0.5),
    (State.AWAITING_SUPPLEMENT, 1),
)
RECENT_STATES = (
    (State.ACCEPTED, 18),
    (State.IN_PROGRESS, 22),
    (State.FORWARDED, 10),
    (State.UNDER_REVIEW, 8),
    (State.SUPPLEMENT_AFTER_ACCEPTANCE, 4),
    (State.SPECIAL_PROCEDURE, 2),
    (State.SUSPENDED, 1),
    (State.AWAITING_SUPPLEMENT, 6),
    (State.COMPLETED, 15),
    (State.DELIVERED, 10),
    (State.REFUSED, 3),
)
# The actions that lead from RECEIVED to each state.
PATHS: dict[State, tuple[Action, ...]] = {
    State.AWAITING_SUPPLEMENT: (Action.ISSUE_NOTICE,),
    State.REFUSED: (Action.REFUSE,),
    State.ACCEPTED: (Action.ACCEPT,),
    State.IN_PROGRESS: (Action.ACCEPT, Action.START_HANDLING),
    State.FORWARDED: (Action.ACCEPT, Action.START_HANDLING, Action.FORWARD),
    State.UNDER_REVIEW: (Action.ACCEPT, Action.START_HANDLING, Action.SUBMIT_FOR_REVIEW),
    State.SUPPLEMENT_AFTER_ACCEPTANCE: (
        Action.ACCEPT,
        Action.START_HANDLING,
        Action.REQUEST_SUPPLEMENT,
    ),
    State.SPECIAL_PROCEDURE: (Action.ACCEPT, Action.START_HANDLING, Action.START_SPECIAL_PROCEDURE),
    State.SUSPENDED: (Action.ACCEPT, Action.START_HANDLING, Action.SUSPEND),
    State.COMPLETED: (Action.ACCEPT, Action.START_HANDLING, Action.COMPLETE),
    State.DELIVERED: (Action.ACCEPT, Action.START_HANDLING, Action.COMPLETE, Action.DELIVER),
    State.WITHDRAWN: (Action.ACCEPT, Action.WITHDRAW),
    State.RETURNED: (Action.ACCEPT, Action.RETURN_CASE),
    State.VOIDED: (Action.ACCEPT, Action.VOID),
}
COMMENTS = {
    Action.REFUSE: "申请事项不属于本机关职权范围，请向县级主管部门申请",
    Action.REQUEST_SUPPLEMENT: "需补充近三个月收入证明",
    Action.START_SPECIAL_PROCEDURE: "需现场勘查",
    Action.SUSPEND: "申请人因故申请暂缓办理",
    Action.RETURN_CASE: "申请人材料不实",
    Action.VOID: "重复录入",
}


@dataclass(frozen=True)
class _Item:
    version_id: int
    code: str  # 实施编码
    name: str
    weight: float
    on_the_spot: bool
    materials: tuple[MaterialLine, ...]
    fees: tuple[tuple[str, int], ...]
    legal: int
    promised: int
    units: tuple[str, str]
    department: str = ""


@dataclass(frozen=True)
class DemoCasesResult:
    created: int
    first_id: int
    last_id: int


def _items(session: Session) -> list[_Item]:
    versions = session.scalars(select(ItemVersion).where(ItemVersion.is_current.is_(True))).all()
    codes = {i: c for i, c in session.execute(select(ServiceItem.id, ServiceItem.code))}
    if not versions:
        raise NotFound("没有事项目录：请先导入事项目录或运行 hallapp demo")
    materials: dict[int, list[MaterialLine]] = {}
    for m in session.scalars(
        select(ItemMaterial).order_by(ItemMaterial.version_id, ItemMaterial.seq)
    ):
        status = MaterialStatus.RECEIVED if m.required else MaterialStatus.NOT_APPLICABLE
        materials.setdefault(m.version_id, []).append(
            MaterialLine(
                m.name,
                m.form,
                m.copies,
                m.required,
                status,
                m.required,
                m.copies if m.required else 0,
            )
        )
    fees: dict[int, list[tuple[str, int]]] = {}
    for f in session.scalars(select(ItemFee).order_by(ItemFee.version_id, ItemFee.seq)):
        fees.setdefault(f.version_id, []).append((f.name, f.amount_fen))
    items = []
    for v in versions:
        # Social insurance, assistance and certificates come in far more often than permits.
        weight = 1.0
        if any(k in v.name for k in ("保险", "证明", "救助", "补贴", "津贴", "登记")):
            weight = 4.0
        elif v.item_type == "行政许可":
            weight = 0.6
        items.append(
            _Item(
                v.id,
                codes[v.item_id],
                v.name,
                weight,
                v.promised_limit == 0,
                tuple(materials.get(v.id, ())),
                tuple(fees.get(v.id, ())),
                v.legal_limit,
                v.promised_limit,
                (v.legal_unit, v.promised_unit),
                v.department,
            )
        )
    return items


def _person(rng: random.Random, today: date) -> Applicant:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    birth = date(1930, 1, 1) + timedelta(days=rng.randrange((today - date(1930, 1, 1)).days - 6570))
    body = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
    address = f"示例县示例镇{rng.choice(VILLAGES)}{rng.randrange(1, 12)}组{rng.randrange(1, 80)}号"
    return Applicant(
        ApplicantKind.PERSON,
        name,
        DocumentType.RESIDENT_ID,
        body + gb11643_check_char(body),
        phone,
        address,
    )


def _working_days(calendar: WorkdayCalendar, first: date, last: date) -> list[date]:
    days, d = [], first
    while d <= last:
        if calendar.is_workday(d):
            days.append(d)
        d += timedelta(days=1)
    return days


# Bumped whenever the generated rows change, so kept benchmark databases are made anew.
GENERATOR_VERSION = 5


def generate_cases(
    uow: UnitOfWork,
    actor: Actor,
    count: int,
    seed: int = 2026,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    outbox: str = "recent",
) -> DemoCasesResult:
    """Add ``count`` cases taken in over the last three years, in every state, with the
    applicants' ratings (好差评), their follow-ups and the odd complaint. Their
    outbox entries (the case, its timeline, 代办 record, hand-overs, forward and delivery)
    are those of the last 30 days (``outbox="recent"``) or all of them (``"all"``)."""
    require_any(actor, "生成示例办件", Role.ADMIN, Role.SUPERVISOR)
    if outbox not in OUTBOX_CHOICES:
        raise InvalidInput(f"未知的待同步范围“{outbox}”：应为 recent 或 all")
    today = today or date.today()
    rng = random.Random(seed)
    with uow:
        session = uow.session
        hall = repo.the_hall(session)
        if hall is None:
            raise NotFound("数据库尚未登记服务中心，请先运行 hallapp demo")
        hall_code, closing = hall.code, hall.closing_time
        items = _items(session)
        clerks: list[tuple[int | None, str]] = [
            (r[0], r[1])
            for r in session.execute(
                select(Staff.id, Staff.name).where(Staff.roles.contains("clerk"))
            )
        ] or [(actor.staff_id, actor.name)]
        agents = list(session.scalars(select(Agent.id).where(Agent.active.is_(True))))
        service = _AgentService.load(session, seed)
        calendar = calendar_for(session)
        thresholds = thresholds_in(session)
        first_id = (session.scalar(select(func.max(Case.id))) or 0) + 1
        ids = _Ids.load(session, outbox == "all", today)
        fallback = (actor.staff_id, actor.name)
        limit = follow_up_days_in(session)
        feedback = DemoFeedback.load(session, seed, calendar, today, limit, fallback, ids.waiting)
        complaints = DemoComplaints.load(
            session,
            seed,
            calendar,
            hall_code,
            time.fromisoformat(closing),
            today,
            fallback,
            ids.waiting,
        )
    days = _working_days(calendar, today - timedelta(days=3 * 365), today)
    weights = [i.weight for i in items]
    serials: dict[date, int] = {}
    done = 0
    next_id = first_id
    # Days drawn first and sorted, so ids and numbers follow time as at a real counter.
    picks = sorted(min(len(days) - 1, int(len(days) * (rng.random() ** 0.7))) for _ in range(count))
    while done < count:
        n = min(CHUNK, count - done)
        with uow:
            session = uow.session
            if not serials:
                found = session.execute(
                    select(CaseSerial.day, CaseSerial.last_serial).where(
                        CaseSerial.hall_code == hall_code
                    )
                )
                serials.update({day: last for day, last in found})
            rows = _Rows()
            chunk_first = next_id
            for pick in picks[done : done + n]:
                day = days[pick]
                item = rng.choices(items, weights)[0]
                clerk = rng.choice(clerks)
                serials[day] = serials.get(day, 0) + 1
                _build_case(
                    rows,
                    rng,
                    calendar,
                    thresholds,
                    hall_code,
                    closing,
                    item,
                    clerk,
                    agents,
                    service,
                    ids,
                    (feedback, complaints),
                    next_id,
                    day,
                    serials[day],
                    today,
                )
                next_id += 1
            rows.insert(session)
            if rows.handovers:
                fill_holdings(session, chunk_first, next_id - 1)
            for day, last in serials.items():
                session.execute(
                    sqlite_insert(CaseSerial)
                    .values(hall_code=hall_code, day=day, last_serial=last)
                    .on_conflict_do_update(
                        index_elements=["hall_code", "day"], set_={"last_serial": last}
                    )
                )
            uow.commit()
        done += n
        if progress:
            progress(done, count)
    return DemoCasesResult(count, first_id, next_id - 1)


@dataclass
class _Ids:
    """The ids the next generated records get: given before the insert, because their
    outbox entries name them. Also which of their changes wait in the outbox."""

    event: int
    forward: int
    delivery: int
    all_waiting: bool
    today: date

    @classmethod
    def load(cls, session: Session, all_waiting: bool, today: date) -> _Ids:
        def after(column: Any) -> int:
            return int(session.scalar(select(func.max(column))) or 0) + 1

        return cls(
            after(CaseEvent.id),
            after(CaseForward.id),
            after(CaseDelivery.id),
            all_waiting,
            today,
        )

    def waiting(self, at: datetime) -> bool:
        return self.all_waiting or (self.today - at.date()).days <= OUTBOX_DAYS


class _Rows:
    def __init__(self) -> None:
        self.cases: list[dict[str, Any]] = []
        self.materials: list[dict[str, Any]] = []
        self.fees: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.audit: list[dict[str, Any]] = []
        self.outbox: list[dict[str, Any]] = []
        self.pauses: list[dict[str, Any]] = []
        self.agent_service: list[dict[str, Any]] = []
        self.assignments: list[dict[str, Any]] = []
        self.handovers: list[dict[str, Any]] = []
        self.handover_items: list[dict[str, Any]] = []
        self.forwards: list[dict[str, Any]] = []
        self.deliveries: list[dict[str, Any]] = []
        self.feedback = FeedbackRows(self.audit, self.outbox)

    def insert(self, session: Session) -> None:
        conn = session.connection()
        for model, rows in (
            (Case, self.cases),
            (CaseMaterial, self.materials),
            (CaseFee, self.fees),
            (CaseEvent, self.events),
            (OutboxEntry, self.outbox),
            (CasePause, self.pauses),
            (CaseAgentService, self.agent_service),
            (CaseAssignment, self.assignments),
            (CaseHandover, self.handovers),
            (CaseHandoverItem, self.handover_items),
            (CaseForward, self.forwards),
            (CaseDelivery, self.deliveries),
            (Evaluation, self.feedback.evaluations),
            (FollowUp, self.feedback.follow_ups),
            (Complaint, self.feedback.complaints),
        ):
            if rows:
                # Core, not the ORM's bulk path: the same executemany without its per-row
                # bookkeeping, which costs more than SQLite's own work here.
                conn.execute(insert(cast(Table, model.__table__)), rows)
        # Chained in build order from the trail's last record, like records written one
        # by one.
        audit.append(session, self.audit)


_OPEN = frozenset(
    {
        State.ACCEPTED,
        State.IN_PROGRESS,
        State.FORWARDED,
        State.UNDER_REVIEW,
        State.SUPPLEMENT_AFTER_ACCEPTANCE,
        State.SPECIAL_PROCEDURE,
        State.SUSPENDED,
    }
)


def _target_state(rng: random.Random, received: date, today: date, item: _Item) -> State:
    age = (today - received).days
    table: tuple[tuple[State, float], ...] = RECENT_STATES if age < 45 else OLD_STATES
    if age < 45:
        # A hall finishes most cases within their promised limit: the older a case is
        # against that limit, the less likely it is still open.
        limit_days = max(item.promised, 1) * 7 / 5
        still_open = 0.85 if age <= limit_days else 0.3 if age <= 1.6 * limit_days else 0.05
        is_open = rng.random() < still_open
        table = tuple((s, w) for s, w in RECENT_STATES if (s in _OPEN) == is_open)
    state = rng.choices([s for s, _ in table], [w for _, w in table])[0]
    if item.on_the_spot and state not in (State.REFUSED, State.AWAITING_SUPPLEMENT):
        return State.COMPLETED if rng.random() < 0.6 else State.DELIVERED
    return state


def _times(
    rng: random.Random, calendar: WorkdayCalendar, start: datetime, steps: int, today: date
) -> Iterator[datetime]:
    """When each later step happened: within office hours, a few working days apart."""
    at = start
    for _ in range(steps):
        day = calendar.add_workdays(at.date(), rng.choice((0, 1, 1, 2, 3, 5))).day
        moment = datetime.combine(day, time(8, 30)) + timedelta(minutes=rng.randrange(9 * 60))
        at = min(max(moment, at), datetime.combine(today, time(17, 0)))
        yield at


def _build_case(
    rows: _Rows,
    rng: random.Random,
    calendar: WorkdayCalendar,
    thresholds: WarningThresholds,
    hall_code: str,
    closing: str,
    item: _Item,
    clerk: tuple[int | None, str],
    agents: list[int],
    service: _AgentService,
    ids: _Ids,
    feedback: tuple[DemoFeedback, DemoComplaints],
    case_id: int,
    day: date,
    serial: int,
    today: date,
) -> None:
    # Later serials of a day come in later, within office hours.
    minutes = min(9 * 60 - 1, (serial - 1) * 4 + rng.randrange(4))
    received = datetime.combine(day, time(8, 30)) + timedelta(minutes=minutes)
    number = format_case_number(hall_code, day, serial)
    applicant = _person(rng, today)
    target = _target_state(rng, day, today, item)
    path = PATHS[target]
    if item.on_the_spot and path[0] is Action.ACCEPT:
        path = (Action.COMPLETE_ON_THE_SPOT, *path[3:])
    materials = item.materials
    if target is State.AWAITING_SUPPLEMENT and materials:
        first = materials[0]
        missing = MaterialLine(
            first.name,
            first.form,
            first.copies_required,
            first.required,
            MaterialStatus.MISSING,
            problem=f"缺少{first.name}",
        )
        materials = (missing, *materials[1:])
    payable = sum(amount for _, amount in item.fees)
    columns: dict[str, Any] = {
        "id": case_id,
        "number": number,
        "query_password": make_query_password(rng.randbytes(16)),
        "hall_code": hall_code,
        "state": target.value,
        "item_version_id": item.version_id,
        "channel": "window",
        "clerk_id": clerk[0],
        "clerk_name": clerk[1],
        "green_channel": rng.random() < 0.04,
        "green_reason": "",
        "received_at": received,
        "accepted_at": None,
        "accepted_on": None,
        "promised_due": None,
        "promised_provisional": False,
        "legal_due": None,
        "legal_provisional": False,
        "notice_due": None,
        "closed_at": None,
        "fee_total_fen": payable,
        "receipt_number": number if payable else "",
        "payment_method": "cash" if payable else "",
        "refusal_reason": "",
        "refusal_text": "",
        "remedy_text": "",
        "idempotency_key": f"demo-{number}",
        "version": len(path) + 1,
        "updated_at": received,
        **applicant_columns(applicant, today),
        "proxy_name": "",
        "proxy_doc_type": "",
        "proxy_doc_number": "",
        "proxy_phone": "",
        # One case in eight is carried by an agent (代办).
        "agent_id": rng.choice(agents) if agents and rng.random() < 0.125 else None,
        **_NO_CLOCK,
    }
    if columns["green_channel"]:
        columns["green_reason"] = rng.choice(("八十岁以上老人", "残疾人", "重点项目"))
    if path[0] in (Action.ACCEPT, Action.COMPLETE_ON_THE_SPOT):
        accepted_on = calendar.effective_acceptance_day(received, time.fromisoformat(closing))
        columns["accepted_on"] = accepted_on
        # The dates notified at acceptance, as the intake computes them: in the item's own
        # units (居民身份证 counts natural days), before any pause.
        notified = ClockFacts(accepted_on, _limit(item, 0), _limit(item, 1))
        at_acceptance = clock_marks(notified, calendar, accepted_on, thresholds)
        promised, legal = due_dates(
            calendar, accepted_on, at_acceptance.due_no, at_acceptance.legal_no
        )
        columns.update(
            accepted_at=received,
            accepted_on=accepted_on,
            promised_due=promised.day,
            promised_provisional=promised.provisional,
            legal_due=legal.day,
            legal_provisional=legal.provisional,
        )
    if target is State.REFUSED:
        columns.update(
            refusal_reason="not_our_matter",
            refusal_text=COMMENTS[Action.REFUSE],
            remedy_text="如对本决定不服，可依法申请行政复议或者提起行政诉讼。",
        )

    state, at = State.RECEIVED, received
    first_event = len(rows.events)
    forwarded_at = None
    rows.events.append(_event(case_id, received, clerk, "receive", "", state.value, ""))
    for action, when in zip(path, _times(rng, calendar, received, len(path), today), strict=True):
        at = (
            received
            if action
            in (Action.ACCEPT, Action.ISSUE_NOTICE, Action.REFUSE, Action.COMPLETE_ON_THE_SPOT)
            else when
        )
        after = next_state(state, action)
        rows.events.append(
            _event(
                case_id, at, clerk, action.value, state.value, after.value, COMMENTS.get(action, "")
            )
        )
        state = after
        if action is Action.FORWARD:
            forwarded_at = at
    if state in (
        State.COMPLETED,
        State.DELIVERED,
        State.REFUSED,
        State.WITHDRAWN,
        State.RETURNED,
        State.VOIDED,
    ):
        columns["closed_at"] = at
    columns["updated_at"] = at
    kind = pause_kind(state)
    pauses: tuple[Pause, ...] = ()
    if kind is not None:
        pause: dict[str, Any] = {
            "case_id": case_id,
            "kind": kind.value,
            "procedure": "",
            "start": at.date(),
            "end": None,
            "approved_days": None,
            "approver": "",
            "reason": COMMENTS.get(path[-1], ""),
        }
        if kind is PauseKind.SPECIAL_PROCEDURE:
            pause.update(procedure="检验检测", approved_days=10, approver=clerk[1])
        rows.pauses.append(pause)
        pauses = (
            Pause(
                kind, pause["reason"], at.date(), None, pause["approved_days"], pause["procedure"]
            ),
        )
    if columns["accepted_on"] is not None:
        columns.update(_clock(calendar, thresholds, item, columns, pauses, state, today))
    rows.cases.append(columns)
    marks = _Marks(
        len(rows.forwards), len(rows.deliveries), len(rows.handovers), len(rows.handover_items)
    )
    _forward_and_delivery(rows, calendar, item, columns, state, clerk, forwarded_at, at, ids)
    case_materials = material_rows(case_id, materials)
    rows.materials.extend(case_materials)
    if columns["agent_id"] is not None:
        later = service.build(
            rows,
            columns,
            case_materials,
            state,
            clerk,
            item.department,
            forwarded_at,
            datetime.combine(today, time(17, 30)),
        )
        # The agent's steps join the timeline in time order, the lifecycle's own order kept.
        case_events = rows.events[first_event:]
        del rows.events[first_event:]
        rows.events.extend(heapq.merge(case_events, later, key=lambda e: e["at"]))
    for event in rows.events[first_event:]:
        event["id"] = ids.event
        ids.event += 1
    fee_rows = [
        {
            "case_id": case_id,
            "seq": i,
            "name": name,
            "amount_fen": amount,
            "waived": False,
            "waiver_reason": "",
            "waived_by": "",
        }
        for i, (name, amount) in enumerate(item.fees, start=1)
    ]
    rows.fees.extend(fee_rows)
    _trail(rows, case_id, first_event, number, item.name, target)
    ratings, complaints = feedback
    ratings.add(rows.feedback, columns, state)
    complaints.add(rows.feedback, columns, item.name, item.department)
    _queue(rows, ids, service, item, columns, case_materials, fee_rows, first_event, marks)


def _trail(
    rows: _Rows, case_id: int, first_event: int, number: str, item: str, target: State
) -> None:
    """The audit records the services would have written for the case's timeline: one for
    the intake (its 收件 and decision are one act, as in intake.submit_intake) and one for
    every later step, by whoever took it, with the states before and after."""
    events = rows.events[first_event:]
    intake, later = events[1], events[2:]
    rows.audit.append(
        _audit(
            intake,
            case_id,
            f"case.{intake['action']}",
            {"number": number, "item": item, "state": target.value},
        )
    )
    for event in later:
        detail = {"from": event["from_state"], "to": event["to_state"], "comment": event["comment"]}
        rows.audit.append(_audit(event, case_id, f"case.{event['action']}", detail))


def _audit(
    event: dict[str, Any], case_id: int, action: str, detail: dict[str, Any]
) -> dict[str, Any]:
    return {
        "at": event["at"],
        "actor_id": event["actor_id"],
        "actor_name": event["actor_name"],
        "action": action,
        "entity": "case",
        "entity_id": str(case_id),
        "detail": json.dumps(detail, ensure_ascii=False),
    }


@dataclass(frozen=True)
class _Marks:
    """Where a case's forwards, deliveries and hand-overs begin in the chunk's rows."""

    forwards: int
    deliveries: int
    handovers: int
    handover_items: int


def _queue(
    rows: _Rows,
    ids: _Ids,
    service: _AgentService,
    item: _Item,
    case: dict[str, Any],
    materials: list[dict[str, Any]],
    fees: list[dict[str, Any]],
    first_event: int,
    marks: _Marks,
) -> None:
    """The case's outbox entries, built as a live change builds them: the case as it
    stands, then its timeline, 代办 record, hand-overs, forward and delivery."""
    number, hall_code = case["number"], case["hall_code"]
    out = rows.outbox
    if ids.waiting(case["updated_at"]):
        payload = case_payload(case, materials, fees, item.code, item.name)
        out.append(outbox_row(CASE, number, CREATE, payload, case["updated_at"]))
    for e in rows.events[first_event:]:
        if ids.waiting(e["at"]):
            entity_id = event_entity_id(number, e["id"])
            out.append(outbox_row(EVENT, entity_id, CREATE, event_payload(e), e["at"]))
    if case["agent_id"] is not None and ids.waiting(rows.agent_service[-1]["created_at"]):
        created = rows.agent_service[-1]["created_at"]
        payload = service.payload(rows.agent_service[-1], rows.assignments[-1])
        out.append(outbox_row(AGENT_SERVICE, number, CREATE, payload, created))
    items: dict[int, list[dict[str, Any]]] = {}
    for i in rows.handover_items[marks.handover_items :]:
        items.setdefault(i["handover_id"], []).append(i)
    for h in rows.handovers[marks.handovers :]:
        if ids.waiting(h["at"]):
            payload = handover_payload(h, items.get(h["id"], []), number, hall_code)
            entity_id = record_entity_id(hall_code, HANDOVER, h["id"])
            out.append(outbox_row(HANDOVER, entity_id, CREATE, payload, h["at"]))
    for f in rows.forwards[marks.forwards :]:
        # Written with the 转报 step, as forwarding.forward writes it.
        step = Action.FORWARD.value
        sent = next(e["at"] for e in rows.events[first_event:] if e["action"] == step)
        if ids.waiting(sent):
            entity_id = record_entity_id(hall_code, FORWARD, f["id"])
            out.append(outbox_row(FORWARD, entity_id, CREATE, forward_payload(f, number), sent))
    for d in rows.deliveries[marks.deliveries :]:
        if ids.waiting(d["delivered_at"]):
            agent = service.agents[d["agent_id"]][2] if d["agent_id"] is not None else ""
            payload = delivery_payload(d, number, agent)
            entity_id = record_entity_id(hall_code, DELIVERY, d["id"])
            out.append(outbox_row(DELIVERY, entity_id, CREATE, payload, d["delivered_at"]))


def _forward_and_delivery(
    rows: _Rows,
    calendar: WorkdayCalendar,
    item: _Item,
    columns: dict[str, Any],
    state: State,
    clerk: tuple[int | None, str],
    forwarded_at: datetime | None,
    last_step: datetime,
    ids: _Ids,
) -> None:
    """A case waiting in 转报 has its forward awaiting the county's reply; a delivered one
    records how the result went. A stream of its own per case leaves the rest of the
    generated data as it was."""
    rng = random.Random(columns["id"] * 7919)
    agent_id = columns["agent_id"]
    if state is State.FORWARDED and forwarded_at is not None:
        days = rng.choice((5, 5, 7, 10))
        sent = forwarded_at.date()
        rows.forwards.append(
            {
                "id": ids.forward,
                "case_id": columns["id"],
                "department": item.department or "县级主管部门",
                "sent_on": sent,
                "expected_days": days,
                "expected_reply_on": calendar.add_workdays(sent, days).day,
                "way": "agent" if agent_id is not None else rng.choice(("post", "electronic")),
                "reply": "pending",
                "reply_on": None,
                "reply_text": "",
                "recorded_by": clerk[1],
            }
        )
        ids.forward += 1
    if state is State.DELIVERED:
        roll = rng.random()
        method = (
            "agent" if agent_id is not None and roll < 0.7 else "post" if roll > 0.92 else "window"
        )
        rows.deliveries.append(
            {
                "id": ids.delivery,
                "case_id": columns["id"],
                "method": method,
                "recipient_name": columns["applicant_name"],
                "recipient_masked_doc": mask_id(columns["applicant_doc_number"]),
                "agent_id": agent_id if method == "agent" else None,
                "tracking_number": f"SF{rng.randrange(10**11, 10**12)}" if method == "post" else "",
                "delivered_at": last_step,
                "recorded_by": clerk[1],
            }
        )
        ids.delivery += 1


# A case never accepted has no clock; every row of one insert has the same columns.
_NO_CLOCK: dict[str, Any] = dict.fromkeys(
    ("clock", "due_no", "legal_no", "warn_no", "promised_days", "paused_since", "resume_no")
)


def _clock(
    calendar: WorkdayCalendar,
    thresholds: WarningThresholds,
    item: _Item,
    columns: dict[str, Any],
    pauses: tuple[Pause, ...],
    state: State,
    today: date,
) -> dict[str, Any]:
    """The stored clock, exactly as services.clock_store keeps it for a live case."""
    facts = ClockFacts(columns["accepted_on"], _limit(item, 0), _limit(item, 1), pauses)
    marks = clock_marks(facts, calendar, today, thresholds)
    clock = None
    if columns["closed_at"] is None and is_open(state):
        clock = STOP if stops_clock(state) and not marks.running else RUN
    return {
        "clock": clock,
        "due_no": marks.due_no,
        "legal_no": marks.legal_no,
        "warn_no": marks.warn_no,
        "promised_days": marks.promised_days,
        "paused_since": marks.paused_since if clock == STOP else None,
        "resume_no": marks.resume_no if clock == STOP else None,
    }


def _limit(item: _Item, which: int) -> TimeLimit:
    """The item's legal (0) or promised (1) limit in its own unit."""
    return TimeLimit((item.legal, item.promised)[which], LimitUnit(item.units[which]))


def _event(
    case_id: int,
    at: datetime,
    clerk: tuple[int | None, str],
    action: str,
    before: str,
    after: str,
    comment: str,
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "at": at,
        "actor_id": clerk[0],
        "actor_name": clerk[1],
        "action": action,
        "from_state": before,
        "to_state": after,
        "comment": comment,
    }


SCOPES = (
    "全程代办：代为提交申请材料、领取办理结果",
    "代为递交申请材料，补正材料由申请人本人提供",
    "代为提交材料、接收通知书和办理结果",
)
# States in which the originals have gone back to the applicant (办结, or the case ended).
_RETURNED = frozenset(
    {
        State.COMPLETED,
        State.DELIVERED,
        State.REFUSED,
        State.WITHDRAWN,
        State.RETURNED,
        State.VOIDED,
    }
)


@dataclass
class _AgentService:
    """代办 rows of generated cases: the agent service, an accepted assignment and a custody
    chain that matches the case's state. Its own random stream, so adding it left every
    other generated detail as it was."""

    rng: random.Random
    agents: dict[int, tuple[str, int | None, str, int | None]]  # kind, point, name, staff
    points: list[tuple[int, str, int | None]]  # id, village, agent on duty
    next_handover: int

    @classmethod
    def load(cls, session: Session, seed: int) -> _AgentService:
        agents = {
            a.id: (a.kind, a.village_point_id, a.name, a.staff_id)
            for a in session.scalars(select(Agent))
        }
        points = [
            (p.id, p.village, p.agent_on_duty_id)
            for p in session.scalars(select(VillagePoint).where(VillagePoint.active.is_(True)))
        ]
        last = session.scalar(select(func.max(CaseHandover.id))) or 0
        return cls(random.Random(seed * 7919 + 1), agents, points, last + 1)

    def payload(self, record: dict[str, Any], assignment: dict[str, Any]) -> dict[str, Any]:
        """The 代办 record's outbox payload, named as the registry names it."""
        kind, _, name, _ = self.agents[assignment["agent_id"]]
        village = next((v for p, v, _ in self.points if p == record["village_point_id"]), "")
        return agent_service_payload(record, village, name, kind, assignment)

    def _party(self, agent_id: int) -> tuple[str, str, str]:
        kind = "village_agent" if self.agents[agent_id][0] == "village" else "township_agent"
        return (kind, str(agent_id), self.agents[agent_id][2])

    def build(
        self,
        rows: _Rows,
        case: dict[str, Any],
        materials: list[dict[str, Any]],
        state: State,
        clerk: tuple[int | None, str],
        department: str,
        forwarded_at: datetime | None,
        latest: datetime,
    ) -> list[dict[str, Any]]:
        """Add the rows; return the case's timeline steps for them."""
        rng, case_id, received = self.rng, case["id"], case["received_at"]
        agent_id: int = case["agent_id"]
        kind, point_id, name, staff_id = self.agents[agent_id]
        village_agent = None
        if kind == "village":
            village_agent = agent_id
        elif self.points and rng.random() < 0.4:
            point_id, _, village_agent = rng.choice(self.points)
        else:
            point_id = None
        village_day = None
        if point_id is not None:
            village_day = received.date() - timedelta(days=rng.randint(1, 5))
        village = next((v for p, v, _ in self.points if p == point_id), "")
        scope = rng.choice(SCOPES)
        rows.agent_service.append(
            {
                "case_id": case_id,
                "origin": "village" if point_id is not None else "window",
                "village_point_id": point_id,
                "village_received_on": village_day,
                "scope": scope,
                "authorised_on": village_day or received.date(),
                "created_at": received,
            }
        )
        accepted = min(received + timedelta(minutes=rng.randrange(5, 90)), max(latest, received))
        rows.assignments.append(
            {
                "case_id": case_id,
                "agent_id": agent_id,
                "reason": "",
                "assigned_by": clerk[1],
                "assigned_at": received,
                "accepted_at": accepted,
                "ended_at": None,
            }
        )
        where = f"{village}代办点，{village_day:%Y-%m-%d}村代办员收件" if village_day else "窗口"
        events = [
            _event(
                case_id,
                received,
                clerk,
                "agent_service",
                state.value,
                state.value,
                f"代办员：{name}；来源：{where}；委托事项：{scope}",
            ),
            _event(
                case_id,
                accepted,
                (staff_id, name) if staff_id else clerk,
                "agent_accept",
                state.value,
                state.value,
                f"{name}接受代办",
            ),
        ]
        items = [
            (m["material"], 1 if m["original_seen"] or not m["copies"] else 0, m["copies"])
            for m in _moved(materials)
        ]
        if not items:
            return events
        applicant = ("applicant", "", case["applicant_name"])
        window = ("window", "", "")
        agent = self._party(agent_id)
        chain: list[tuple[tuple[str, str, str], datetime]] = []  # receivers, in order
        if village_day is not None and village_agent is not None:
            chain.append((self._party(village_agent), datetime.combine(village_day, time(9, 0))))
        if village_agent != agent_id:
            chain.append((agent, received - timedelta(minutes=rng.randrange(30, 120))))
        chain.append((window, received))
        if state is State.FORWARDED and forwarded_at is not None and department:
            chain.append((agent, forwarded_at))
            chain.append(
                (("department", department, department), forwarded_at + timedelta(hours=2))
            )
        elif state in _RETURNED:
            closed = case["closed_at"] or received
            if state in (State.COMPLETED, State.DELIVERED):
                chain.append((agent, closed))
                chain.append((applicant, closed + timedelta(days=rng.randint(0, 3), hours=1)))
            else:
                chain.append((applicant, closed + timedelta(minutes=10)))
        giver, at = applicant, chain[0][1] - timedelta(hours=1)
        for receiver, when in chain:
            at = min(max(when, at), max(latest, at))
            handover_id = self.next_handover
            self.next_handover += 1
            rows.handovers.append(
                {
                    "id": handover_id,
                    "case_id": case_id,
                    "at": at,
                    "giver_kind": giver[0],
                    "giver_ref": giver[1],
                    "giver_name": giver[2],
                    "receiver_kind": receiver[0],
                    "receiver_ref": receiver[1],
                    "receiver_name": receiver[2],
                    "corrects_id": None,
                    "note": "",
                    "recorded_by": clerk[1],
                }
            )
            rows.handover_items.extend(
                {
                    "handover_id": handover_id,
                    "seq": seq,
                    "material": material,
                    "originals": originals,
                    "copies": copies,
                }
                for seq, (material, originals, copies) in enumerate(items, start=1)
            )
            events.append(
                _event(
                    case_id,
                    max(at, received),
                    clerk,
                    "handover",
                    state.value,
                    state.value,
                    f"第{handover_id}号交接：{_label(giver)} → {_label(receiver)}",
                )
            )
            giver = receiver
        return events


def _moved(materials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The materials the applicant handed in, each name once."""
    seen: set[str] = set()
    moved = []
    for m in materials:
        if m["status"] in ("received", "defective") and m["name"] not in seen:
            seen.add(m["name"])
            moved.append(
                {
                    "material": m["name"],
                    "original_seen": m["original_seen"],
                    "copies": m["copies_taken"],
                }
            )
    return moved


def _label(party: tuple[str, str, str]) -> str:
    return Party(PartyKind(party[0]), party[1], party[2]).label
