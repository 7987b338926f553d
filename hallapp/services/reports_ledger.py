"""日常工作台账: one day's steps at the counter, read from the cases' timelines."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallapp.core.identity import mask_id
from hallapp.core.lifecycle import Action
from hallapp.db.models import Case, CaseEvent, ItemVersion
from hallapp.reports.model import Cell, Ledger, LedgerLine, StatTable

# The steps a ledger lists: taking in, the decisions, completion and delivery, and the
# other ways a case leaves the counter that day. Forwarding and review steps are the
# departments' work, not the window's.
WHAT = {
    Action.RECEIVE: "收件",
    Action.SUPPLEMENT_RECEIVED: "补齐材料",
    Action.ISSUE_NOTICE: "一次性告知",
    Action.ACCEPT: "受理",
    Action.REFUSE: "不予受理",
    Action.COMPLETE_ON_THE_SPOT: "即办办结",
    Action.APPROVE: "准予许可",
    Action.DENY: "不予许可",
    Action.COMPLETE: "办结",
    Action.DELIVER: "送达",
    Action.WITHDRAW: "撤件",
    Action.RETURN_CASE: "退件",
}
# The per-person totals: a column for each common step, the rest under 其他.
COLUMNS = ("收件", "受理", "一次性告知", "不予受理", "办结", "送达")
_COLUMN_OF = {"即办办结": "办结"}
OTHER = "其他"


def ledger_of(
    session: Session, hall_name: str, day: date, staff_id: int | None, own_only: bool
) -> Ledger:
    """The ledger of ``day``; with ``own_only`` only the steps of ``staff_id``."""
    first = datetime.combine(day, time.min)
    stmt = (
        select(
            CaseEvent.at,
            CaseEvent.actor_name,
            CaseEvent.action,
            Case.number,
            Case.applicant_name,
            Case.applicant_doc_number,
            ItemVersion.name,
        )
        .join(Case, Case.id == CaseEvent.case_id)
        .join(ItemVersion, ItemVersion.id == Case.item_version_id)
        .where(
            CaseEvent.at >= first,
            CaseEvent.at < first + timedelta(days=1),
            CaseEvent.action.in_([a.value for a in WHAT]),
        )
        .order_by(CaseEvent.at, CaseEvent.id)
    )
    if own_only:
        stmt = stmt.where(CaseEvent.actor_id == staff_id)
    lines = tuple(
        LedgerLine(
            at=at,
            clerk_name=actor,
            case_number=number,
            item_name=item,
            applicant=applicant_text(name, doc),
            what=WHAT[Action(action)],
        )
        for at, actor, action, number, name, doc, item in session.execute(stmt)
    )
    return Ledger(hall_name, day, lines, per_clerk(lines))


def applicant_text(name: str, doc_number: str) -> str:
    """The applicant as the ledger prints it: the name and the ID number masked."""
    return f"{name}（{mask_id(doc_number)}）" if doc_number else name


def per_clerk(lines: tuple[LedgerLine, ...]) -> StatTable:
    """Each person's steps of the day by kind, in the order they first appear."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        column = _COLUMN_OF.get(line.what, line.what)
        counts[line.clerk_name][column if column in COLUMNS else OTHER] += 1
    columns = (*COLUMNS, OTHER)
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (name, *(c[col] for col in columns), sum(c.values())) for name, c in counts.items()
    )
    total: tuple[Cell, ...] = (
        "合计",
        *(sum(c[col] for c in counts.values()) for col in columns),
        len(lines),
    )
    return StatTable("by_clerk", "按工作人员汇总", ("工作人员", *columns, "合计"), rows, total)
