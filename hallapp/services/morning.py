"""The start of the day: the first time a user opens the app on a day they see what turns
yellow or red today and on the next working day, and can print it for the morning meeting
(晨会清单, A4)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from hallapp.db import repositories as repo
from hallapp.db.models import Setting
from hallapp.db.uow import UnitOfWork
from hallapp.documents.case_list import ListSection, render_list_pdf
from hallapp.services import audit, deadlines
from hallapp.services.actors import Actor
from hallapp.services.deadlines import DayChanges, MonitorRow

_COLUMNS = ("办件编号", "申请人", "事项", "窗口人员", "承诺期限", "法定期限", "剩余", "当前级别")
_WIDTHS = (5.2, 4.9, 3.9, 2.0, 2.9, 2.9, 1.4, 2.2)


def _seen_key(actor: Actor) -> str:
    return f"monitor.day_seen.{actor.login}"


def first_start_today(uow: UnitOfWork, actor: Actor, today: date) -> bool:
    """True exactly once a day per user: the first call of ``today`` marks it seen."""
    key = _seen_key(actor)
    with uow:
        session = uow.session
        row = repo.setting(session, key)
        if row is not None and row.value >= today.isoformat():
            return False
        if row is None:
            row = Setting(key=key)
            session.add(row)
        row.value, row.updated_at = today.isoformat(), datetime.now()
        uow.commit()
        return True


def _due_text(row: MonitorRow, legal: bool) -> str:
    due = row.legal_due if legal else row.promised_due
    return due.day.isoformat() + ("（暂定）" if due.provisional else "")


def _rows(rows: tuple[MonitorRow, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (
            r.number,
            f"{r.applicant_name}\n{r.masked_doc}",
            r.item_name,
            r.clerk_name,
            _due_text(r, legal=False),
            _due_text(r, legal=True),
            str(r.workdays_left),
            r.bucket.label,
        )
        for r in rows
    )


def sections(changes: DayChanges) -> list[ListSection]:
    """The list's four tables, in the order the meeting goes through them."""
    next_day = f"{changes.next_workday.month}月{changes.next_workday.day}日"
    today_note = "" if changes.is_workday else "（今天休息日，期限不走）"
    parts = (
        (f"今天转为超期或超法定期限{today_note}", changes.red_today),
        (f"今天进入预警{today_note}", changes.yellow_today),
        (f"下一个工作日（{next_day}）转为超期或超法定期限", changes.red_next),
        (f"下一个工作日（{next_day}）进入预警", changes.yellow_next),
    )
    return [
        ListSection(f"{title}（{len(rows)}件）", _COLUMNS, _rows(rows), _WIDTHS)
        for title, rows in parts
    ]


def write_morning_list(uow: UnitOfWork, actor: Actor, today: date, path: Path) -> Path:
    """Print the start-of-day list to ``path`` (PDF, A4), and record that it was printed."""
    changes = deadlines.day_changes(uow, today)
    with uow:
        hall = repo.the_hall(uow.session)
        hall_name = hall.name if hall else ""
    counts = changes.counts
    subtitle = (
        f"{today.year}年{today.month}月{today.day}日　在办 {counts.total} 件："
        f"正常 {counts.normal}，预警 {counts.warning}，超期 {counts.overdue}，"
        f"超法定期限 {counts.legal_overdue}，暂停计时 {counts.paused}"
    )
    render_list_pdf(
        path,
        title="办件期限晨会清单",
        hall_name=hall_name,
        subtitle=subtitle,
        sections=sections(changes),
        printed_by=actor.name,
        printed_at=datetime.now(),
    )
    with uow:
        audit.record(
            uow.session,
            actor,
            "print.morning_list",
            "document",
            today.isoformat(),
            {"path": str(path)},
        )
        uow.commit()
    return path
