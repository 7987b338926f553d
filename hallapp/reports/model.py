"""What a report holds: plain values, computed by :mod:`hallapp.services.reports` and
written by the XLSX and PDF writers of this package."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hallapp.core.report_stats import Period

__all__ = ["Cell", "Ledger", "LedgerLine", "MonthFigure", "Period", "PeriodStats", "StatTable"]

Cell = str | int | float | None
"""A table cell: text, a count, a rate (0–1) or an average; None is shown as a dash."""


@dataclass(frozen=True)
class StatTable:
    """One table of a report (按事项统计, 按部门统计, …). ``key`` names it for templates
    (``table_<key>``); a column whose title holds 率 or 占比 holds rates."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None


@dataclass(frozen=True)
class MonthFigure:
    month: str  # 2026-01
    received: int
    completed: int
    on_time_rate: float | None  # against the promised limit


@dataclass(frozen=True)
class PeriodStats:
    hall_name: str
    hall_code: str
    period: Period
    received: int  # 收件
    completed: int  # 办结
    on_time_promised: float | None  # 按期办结率（承诺时限）
    on_time_legal: float | None  # 按期办结率（法定时限）
    avg_days_used: float | None  # 平均办理用时, working days
    avg_promised_days: float | None
    avg_legal_days: float | None
    speedup_rate: float | None  # 提速率 (core.report_stats)
    agent_cases: int  # 代办件
    village_cases: int  # 村代办点收件
    satisfaction_rate: float | None  # 满意率 (好评率)
    ratings: dict[str, int]  # Rating value -> count
    complaints_received: int
    complaints_substantiated: int
    complaints_closed_on_time: int
    months: tuple[MonthFigure, ...]
    tables: tuple[StatTable, ...]  # by month, item, department, state, channel, clerk, …

    def table(self, key: str) -> StatTable:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)


@dataclass(frozen=True)
class LedgerLine:
    at: datetime
    clerk_name: str
    case_number: str
    item_name: str
    applicant: str  # name and masked ID number
    what: str  # 收件, 受理, 不予受理, 一次性告知, 办结, 送达, …


@dataclass(frozen=True)
class Ledger:
    """日常工作台账 of one day."""

    hall_name: str
    day: date
    lines: tuple[LedgerLine, ...]
    per_clerk: StatTable
