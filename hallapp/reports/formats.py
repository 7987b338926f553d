"""How a figure reads: a rate as a percentage, an average with one decimal, nothing as a
dash; and the summary figures every report opens with."""

from __future__ import annotations

import unicodedata
from enum import Enum

from hallapp.core.evaluation import Rating
from hallapp.reports.model import Cell, PeriodStats

__all__ = ["DASH", "Kind", "column_kind", "display", "display_width", "summary"]

DASH = "—"


class Kind(Enum):
    COUNT = "count"
    RATE = "rate"  # a fraction 0–1, shown as 85.3%
    AVERAGE = "average"  # working days, one decimal
    TEXT = "text"


def column_kind(title: str) -> Kind:
    """A column's kind from its title: 按期办结率, 满意率, 占比 hold rates; 平均…
    averages; the rest counts or text (told apart by the values)."""
    if "率" in title or "占比" in title:
        return Kind.RATE
    if title.startswith("平均"):
        return Kind.AVERAGE
    return Kind.COUNT


def display(value: Cell, kind: Kind) -> str:
    if value is None:
        return DASH
    if isinstance(value, str):
        return value
    if kind is Kind.RATE:
        return f"{value * 100:.1f}%"
    if kind is Kind.AVERAGE or isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def display_width(text: str) -> int:
    """Width in the columns of a fixed-width font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def summary(stats: PeriodStats) -> list[tuple[str, Cell, Kind]]:
    """The headline figures, in the order a county's summary lists them."""
    rated = sum(stats.ratings.values())
    good = sum(n for v, n in stats.ratings.items() if v in _GOOD)
    return [
        ("收件（件）", stats.received, Kind.COUNT),
        ("办结（件）", stats.completed, Kind.COUNT),
        ("按期办结率（承诺时限）", stats.on_time_promised, Kind.RATE),
        ("按期办结率（法定时限）", stats.on_time_legal, Kind.RATE),
        ("平均办理用时（工作日）", stats.avg_days_used, Kind.AVERAGE),
        ("平均承诺时限（工作日）", stats.avg_promised_days, Kind.AVERAGE),
        ("平均法定时限（工作日）", stats.avg_legal_days, Kind.AVERAGE),
        ("提速率（承诺时限较法定时限）", stats.speedup_rate, Kind.RATE),
        ("代办件（件）", stats.agent_cases, Kind.COUNT),
        ("其中村代办点收件（件）", stats.village_cases, Kind.COUNT),
        ("好差评（件）", rated, Kind.COUNT),
        ("其中好评（件）", good, Kind.COUNT),
        ("满意率", stats.satisfaction_rate, Kind.RATE),
        ("效能投诉（件）", stats.complaints_received, Kind.COUNT),
        ("其中属实（件）", stats.complaints_substantiated, Kind.COUNT),
        ("按期办结投诉（件）", stats.complaints_closed_on_time, Kind.COUNT),
    ]


_GOOD = frozenset(r.value for r in Rating if r.is_good)
