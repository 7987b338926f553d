"""The county's statistics as one table, a row per hall and the county's total: the same
columns on the page, in the XLSX download and on the command line. Titles follow the
hall's own report (hallapp/reports/formats.py), whose rules also say how a value reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hallapp.core.evaluation import Rating
from hallapp.hub.statistics import CountyStats, HallFigures
from hallapp.reports.formats import Kind, display
from hallapp.reports.model import Cell

__all__ = ["COLUMNS", "Column", "Kind", "shown_rows", "table_rows"]


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind
    value: Callable[[HallFigures], Cell]


def _level(level: Rating) -> Column:
    return Column(level.label, Kind.COUNT, lambda f: f.ratings.get(level.value, 0))


COLUMNS: tuple[Column, ...] = (
    Column("区划代码", Kind.TEXT, lambda f: f.hall_code),
    Column("服务中心", Kind.TEXT, lambda f: f.hall_name),
    Column("收件", Kind.COUNT, lambda f: f.received),
    Column("办结", Kind.COUNT, lambda f: f.completed),
    Column("按期办结率（承诺时限）", Kind.RATE, lambda f: f.done.on_time_promised_rate),
    Column("按期办结率（法定时限）", Kind.RATE, lambda f: f.done.on_time_legal_rate),
    Column("平均办理用时（工作日）", Kind.AVERAGE, lambda f: f.done.avg_days_used),
    Column("平均承诺时限（工作日）", Kind.AVERAGE, lambda f: f.done.avg_promised_days),
    Column("平均法定时限（工作日）", Kind.AVERAGE, lambda f: f.done.avg_legal_days),
    Column("提速率", Kind.RATE, lambda f: f.done.speedup_rate),
    Column("代办件", Kind.COUNT, lambda f: f.agent_cases),
    Column("村代办点收件", Kind.COUNT, lambda f: f.village_cases),
    Column("好差评", Kind.COUNT, lambda f: f.rated),
    *(_level(level) for level in Rating),
    Column("满意率", Kind.RATE, lambda f: f.satisfaction_rate),
    Column("效能投诉", Kind.COUNT, lambda f: f.complaints_received),
    Column("投诉属实", Kind.COUNT, lambda f: f.complaints_substantiated),
    Column("投诉按期办结", Kind.COUNT, lambda f: f.complaints_on_time),
)


def table_rows(stats: CountyStats) -> list[tuple[Cell, ...]]:
    """The values: each hall in order of code, then the county's total."""
    return [tuple(c.value(figures) for c in COLUMNS) for figures in (*stats.halls, stats.total)]


def shown_rows(stats: CountyStats) -> list[tuple[str, ...]]:
    """The values as they read: 85.3%, 6.2, — for nothing to judge."""
    return [
        tuple(display(value, c.kind) for value, c in zip(row, COLUMNS, strict=True))
        for row in table_rows(stats)
    ]
