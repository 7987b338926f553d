"""The unanswered forwards of every case (转报待复), for the deadline monitor: soonest
expected reply first, counted and paged by the index on (reply, expected_reply_on)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy import case as when
from sqlalchemy.orm import Session

from hallapp.core.lifecycle import State
from hallapp.db.models import Case, CaseForward, ItemVersion
from hallapp.db.uow import UnitOfWork
from hallapp.services.calendar import calendar_for
from hallapp.services.forwarding import PAGE, ForwardReply, ForwardWay


@dataclass(frozen=True)
class PendingForward:
    """One line of the pending-forwards list (and of the deadline monitor's)."""

    id: int
    case_id: int
    case_number: str
    applicant_name: str
    item_name: str
    department: str
    way: ForwardWay
    sent_on: date
    expected_reply_on: date
    workdays_left: int  # to the expected reply; negative when overdue
    overdue: bool
    key: tuple[date, int]  # pass as ``after`` for the next page


def _pending() -> tuple[ColumnElement[bool], ...]:
    """Forwards waiting for a reply, of cases still waiting in 转报 (a withdrawn or voided
    case's unanswered forwards are nobody's deadline any more)."""
    return (
        CaseForward.reply == ForwardReply.PENDING.value,
        Case.state == State.FORWARDED.value,
    )


def pending_forwards(
    uow: UnitOfWork, today: date, limit: int = PAGE, after: tuple[date, int] | None = None
) -> list[PendingForward]:
    """Every case's unanswered forwards, soonest expected reply first, ``limit`` at a time
    (pass the last row's ``key`` as ``after`` for the next page). The order is that of
    ix_case_forwards_pending, so a page reads only its own rows."""
    with uow:
        session = uow.session
        calendar = calendar_for(session)
        stmt = (
            select(
                CaseForward.id,
                CaseForward.case_id,
                Case.number,
                Case.applicant_name,
                ItemVersion.name,
                CaseForward.department,
                CaseForward.way,
                CaseForward.sent_on,
                CaseForward.expected_reply_on,
            )
            .join(Case, Case.id == CaseForward.case_id)
            .join(ItemVersion, ItemVersion.id == Case.item_version_id)
            .where(*_pending())
            .order_by(CaseForward.expected_reply_on, CaseForward.id)
            .limit(limit)
        )
        if after is not None:
            day, last_id = after
            stmt = stmt.where(
                (CaseForward.expected_reply_on > day)
                | ((CaseForward.expected_reply_on == day) & (CaseForward.id > last_id))
            )
        t = calendar.workday_number(today)
        return [
            PendingForward(
                id=fid,
                case_id=case_id,
                case_number=number,
                applicant_name=name,
                item_name=item,
                department=dept,
                way=ForwardWay(way),
                sent_on=sent,
                expected_reply_on=expected,
                workdays_left=calendar.workday_number(expected) - t,
                overdue=expected < today,
                key=(expected, fid),
            )
            for fid, case_id, number, name, item, dept, way, sent, expected in session.execute(stmt)
        ]


def count_forwards(session: Session, today: date, soon: date) -> tuple[int, int, int]:
    """(pending, due by ``soon`` but not overdue, overdue) in one indexed query."""
    pending, due_soon, overdue = session.execute(
        select(
            func.count(),
            func.sum(
                when(
                    (
                        (CaseForward.expected_reply_on >= today)
                        & (CaseForward.expected_reply_on <= soon),
                        1,
                    ),
                    else_=0,
                )
            ),
            func.sum(when((CaseForward.expected_reply_on < today, 1), else_=0)),
        )
        .select_from(CaseForward)
        .join(Case, Case.id == CaseForward.case_id)
        .where(*_pending())
    ).one()
    return int(pending), int(due_soon or 0), int(overdue or 0)


def count_pending_forwards(uow: UnitOfWork, today: date) -> tuple[int, int]:
    """(pending, overdue): every unanswered forward, and those past the expected day."""
    with uow:
        pending, _, overdue = count_forwards(uow.session, today, today)
        return pending, overdue
