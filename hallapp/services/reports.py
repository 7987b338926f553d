"""统计报表: the period statistics and the daily ledger (日常工作台账), and their export to
XLSX (optionally into a county's template) and PDF.

Who sees what:

- The period statistics cover the whole hall, colleagues' figures included, so they are
  for 中心负责人 (who reports upward), 管理员 and 只读用户 (the county's inspectors, whose
  accounts exist to read); a 窗口人员 does not compare colleagues.
- The daily ledger is every clerk's own closing-time list: a 窗口人员 gets the lines of
  their own steps, the supervisor, admin and read-only users the whole hall's.

Every export is recorded in the audit trail (``report.export``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from hallapp.config import data_dir
from hallapp.core.report_stats import Period
from hallapp.db import repositories as repo
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput, NotFound
from hallapp.reports.model import Ledger, LedgerLine, MonthFigure, PeriodStats, StatTable
from hallapp.resources import RESOURCES
from hallapp.services import audit
from hallapp.services import reports_queries as q
from hallapp.services import reports_tables as t
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.calendar import calendar_for
from hallapp.services.reports_ledger import ledger_of

__all__ = [
    "STATS_ROLES",
    "Ledger",
    "LedgerLine",
    "MonthFigure",
    "Period",
    "PeriodStats",
    "StatTable",
    "daily_ledger",
    "export_ledger",
    "export_stats",
    "period_stats",
    "report_templates",
    "write_ledger_pdf",
    "write_ledger_xlsx",
    "write_stats_pdf",
    "write_stats_xlsx",
]

STATS_ROLES = (Role.SUPERVISOR, Role.ADMIN, Role.READONLY)
LEDGER_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN, Role.READONLY)
BUILT_IN_TEMPLATES = RESOURCES / "report_templates"
TEMPLATE_FOLDER = "report-templates"
_STEPS = 6
FORMATS = (".xlsx", ".pdf")


def check_period(period: Period) -> None:
    if not period.valid:
        raise InvalidInput(
            f"统计期间的起始日期（{period.start:%Y-%m-%d}）晚于截止日期（{period.end:%Y-%m-%d}）"
        )


def period_stats(
    uow: UnitOfWork,
    actor: Actor,
    period: Period,
    progress: Callable[[int, int], None] | None = None,
) -> PeriodStats:
    """Every figure of the period, from a handful of indexed GROUP BY queries; ``progress``
    is told (done, total) after each, for the window's progress bar."""
    require_any(actor, "查看统计报表", *STATS_ROLES)
    check_period(period)

    def step(done: int) -> None:
        if progress is not None:
            progress(done, _STEPS)

    with uow:
        session = uow.session
        hall_name, hall_code = _hall(session)
        step(0)
        received = q.received_groups(session, period)
        step(1)
        completed = q.completed_groups(session, period, calendar_for(session))
        step(2)
        agent_groups = q.agent_groups(session, period)
        step(3)
        ratings = q.rating_groups(session, period)
        complaints = q.complaint_groups(session, period)
        step(4)
        items = q.items(session)
        names = q.staff_names(session)
        agents = q.agents(session)
        step(5)
    stats = _assemble(
        hall_name, hall_code, period, received, completed, agent_groups, ratings, complaints,
        items, names, agents,
    )  # fmt: skip
    step(6)
    return stats


def _assemble(
    hall_name: str,
    hall_code: str,
    period: Period,
    received: list[q.ReceivedGroup],
    completed: list[q.CompletedGroup],
    agent_groups: list[tuple[int, str, int]],
    ratings: list[tuple[str, int | None, int]],
    complaints: list[q.ComplaintGroup],
    items: dict[int, q.ItemInfo],
    names: dict[int, str],
    agents: dict[int, tuple[str, str]],
) -> PeriodStats:
    merged = t.without_state(received)
    months = t.roll_up(merged, completed, lambda r: r.month, lambda c: c.month)
    per_item = t.roll_up(
        merged,
        completed,
        lambda r: items[r.version_id].item_id,
        lambda c: items[c.version_id].item_id,
    )
    # An item is shown by its newest version's name and department.
    newest = {info.item_id: info for _, info in sorted(items.items())}
    per_department = t.roll_up(
        merged,
        completed,
        lambda r: items[r.version_id].department,
        lambda c: items[c.version_id].department,
    )
    per_clerk = t.roll_up(merged, completed, lambda r: r.clerk_id, lambda c: c.clerk_id)
    total = t.Line()
    for line in months.values():
        total.received += line.received
        total.done = total.done + line.done
    agent_cases = sum(n for _, _, n in agent_groups)
    village_cases = sum(n for _, origin, n in agent_groups if origin == "village")
    counts = t.rating_counts(ratings)
    month_table = t.by_month(period, months)
    return PeriodStats(
        hall_name=hall_name,
        hall_code=hall_code,
        period=period,
        received=total.received,
        completed=total.done.completed,
        on_time_promised=total.done.on_time_promised_rate,
        on_time_legal=total.done.on_time_legal_rate,
        avg_days_used=total.done.avg_days_used,
        avg_promised_days=total.done.avg_promised_days,
        avg_legal_days=total.done.avg_legal_days,
        speedup_rate=total.done.speedup_rate,
        agent_cases=agent_cases,
        village_cases=village_cases,
        satisfaction_rate=t.satisfaction(counts),
        ratings=counts,
        complaints_received=sum(c.received for c in complaints),
        complaints_substantiated=sum(c.substantiated for c in complaints),
        complaints_closed_on_time=sum(c.on_time for c in complaints),
        months=tuple(
            MonthFigure(
                m,
                months[m].received if m in months else 0,
                months[m].done.completed if m in months else 0,
                months[m].done.on_time_promised_rate if m in months else None,
            )
            for m in period.months()
        ),
        tables=(
            month_table,
            t.by_item(per_item, newest),
            t.by_department(per_department),
            t.by_state(received),
            t.by_channel(received, agent_cases, village_cases),
            t.by_clerk(per_clerk, names, ratings),
            t.by_agent(agent_groups, agents),
            t.ratings_table(counts),
            t.complaints_table(complaints),
        ),
    )


def daily_ledger(uow: UnitOfWork, actor: Actor, day: date) -> Ledger:
    """日常工作台账 of ``day``: every case taken in, decided, completed or delivered, with
    the totals per staff member; a clerk's own steps only, unless the actor oversees the
    hall."""
    require_any(actor, "查看日常工作台账", *LEDGER_ROLES)
    own_only = not actor.has_any(Role.SUPERVISOR, Role.ADMIN, Role.READONLY)
    with uow:
        session = uow.session
        hall_name, _ = _hall(session)
        return ledger_of(session, hall_name, day, actor.staff_id if own_only else None, own_only)


def _hall(session: Session) -> tuple[str, str]:
    hall = repo.the_hall(session)
    if hall is None:
        raise NotFound("数据库尚未登记服务中心")
    return hall.name, hall.code


# --- files -------------------------------------------------------------------------------


def write_stats_xlsx(stats: PeriodStats, path: Path, template: Path | None = None) -> Path:
    """One sheet per table with the hall and the period above it; with ``template``, that
    workbook with its named cells filled instead (docs/report-templates.md)."""
    if template is not None:
        from hallapp.reports.xlsx_template import fill_template

        return fill_template(stats, Path(template), Path(path))
    from hallapp.reports.xlsx_stats import write_stats_workbook

    return write_stats_workbook(stats, Path(path))


def write_stats_pdf(stats: PeriodStats, path: Path) -> Path:
    from hallapp.reports.pdf_stats import render_stats_pdf

    return render_stats_pdf(stats, Path(path))


def write_ledger_pdf(ledger: Ledger, path: Path) -> Path:
    from hallapp.reports.pdf_ledger import render_ledger_pdf

    return render_ledger_pdf(ledger, Path(path))


def write_ledger_xlsx(ledger: Ledger, path: Path) -> Path:
    from hallapp.reports.xlsx_stats import write_ledger_workbook

    return write_ledger_workbook(ledger, Path(path))


def report_format(path: Path) -> str:
    """``.xlsx`` or ``.pdf`` from the file name; anything else is refused in Chinese."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(f"报表文件须以 .xlsx 或 .pdf 结尾：{path}")
    return suffix


def check_export(path: Path, template: Path | None = None) -> str:
    """The format of ``path``, once the file name and the template are known to suit each
    other: a template fills an .xlsx only, and must exist."""
    suffix = report_format(path)
    if template is not None:
        if suffix != ".xlsx":
            raise InvalidInput("报表模板只用于 .xlsx 文件，导出 PDF 时请不要指定模板")
        if not Path(template).is_file():
            raise InvalidInput(f"找不到报表模板：{template}")
    return suffix


def export_stats(
    uow: UnitOfWork,
    actor: Actor,
    stats: PeriodStats,
    path: Path,
    template: Path | None = None,
) -> Path:
    """Write the statistics as the file name says (.xlsx or .pdf) and record the export."""
    require_any(actor, "导出统计报表", *STATS_ROLES)
    if check_export(path, template) == ".xlsx":
        written = write_stats_xlsx(stats, path, template)
    else:
        written = write_stats_pdf(stats, path)
    detail = {"report": "统计报表", "period": stats.period.label, "path": str(written)}
    if template is not None:
        detail["template"] = Path(template).name
    _record(uow, actor, f"stats {stats.period.start}~{stats.period.end}", detail)
    return written


def export_ledger(uow: UnitOfWork, actor: Actor, ledger: Ledger, path: Path) -> Path:
    """Write the ledger as the file name says (.xlsx or .pdf) and record the export."""
    require_any(actor, "导出日常工作台账", *LEDGER_ROLES)
    if report_format(path) == ".xlsx":
        written = write_ledger_xlsx(ledger, path)
    else:
        written = write_ledger_pdf(ledger, path)
    detail = {"report": "日常工作台账", "day": ledger.day.isoformat(), "path": str(written)}
    _record(uow, actor, f"ledger {ledger.day}", detail)
    return written


def _record(uow: UnitOfWork, actor: Actor, entity_id: str, detail: dict[str, str]) -> None:
    with uow:
        audit.record(uow.session, actor, "report.export", "report", entity_id, detail)
        uow.commit()


def report_templates() -> list[Path]:
    """The XLSX templates to offer: the hall's own (``report-templates`` in the data
    folder) first, then the built-in ones; by name within each."""
    found: list[Path] = []
    for folder in (data_dir() / TEMPLATE_FOLDER, BUILT_IN_TEMPLATES):
        if folder.is_dir():
            found += sorted(
                p for p in folder.glob("*.xlsx") if p.is_file() and not p.name.startswith("~$")
            )
    return found
