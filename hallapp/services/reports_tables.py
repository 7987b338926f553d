"""The tables of the period report, added up from the groups the queries return."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from hallapp.core.complaints import ComplaintChannel
from hallapp.core.evaluation import Rating, satisfaction_rate
from hallapp.core.lifecycle import CaseState
from hallapp.core.report_stats import CompletionTally, Period, rate
from hallapp.reports.model import Cell, StatTable
from hallapp.services.reports_queries import (
    ComplaintGroup,
    CompletedGroup,
    ItemInfo,
    ReceivedGroup,
)

ON_TIME_PROMISED = "按期办结率（承诺时限）"
ON_TIME_LEGAL = "按期办结率（法定时限）"
AVG_USED = "平均用时（工作日）"
UNKNOWN_CLERK = "（未记录）"
CHANNEL_LABELS = {
    "window": "窗口",
    "online": "网上申报",
    "mail": "邮寄",
    "phone": "电话",
    "self_service": "自助终端",
}
AGENT_KINDS = {"township": "镇代办员", "village": "村代办员"}


@dataclass
class Line:
    """What one row of a table adds up: cases taken in and accepted, completions."""

    received: int = 0
    accepted: int = 0
    done: CompletionTally = field(default_factory=CompletionTally)

    def counts(self) -> tuple[Cell, ...]:
        return (self.received, self.accepted, self.done.completed)

    def timing(self) -> tuple[Cell, ...]:
        return (
            self.done.on_time_promised_rate,
            self.done.on_time_legal_rate,
            self.done.avg_days_used,
        )


def _sum(lines: Iterable[Line]) -> Line:
    total = Line()
    for line in lines:
        total.received += line.received
        total.accepted += line.accepted
        total.done = total.done + line.done
    return total


def without_state(received: Iterable[ReceivedGroup]) -> list[ReceivedGroup]:
    """The groups merged over state and channel: a few thousand instead of tens of
    thousands for a year, for the tables that count by month, item, department or clerk."""
    merged: dict[tuple[str, int, int | None], list[int]] = {}
    for r in received:
        sums = merged.setdefault((r.month, r.version_id, r.clerk_id), [0, 0, 0])
        sums[0] += r.n
        sums[1] += r.agents
        sums[2] += r.accepted
    return [
        ReceivedGroup(month, version_id, clerk_id, "", "", *sums)
        for (month, version_id, clerk_id), sums in merged.items()
    ]


def roll_up(
    received: Iterable[ReceivedGroup],
    completed: Iterable[CompletedGroup],
    key_received: Callable[[ReceivedGroup], object],
    key_completed: Callable[[CompletedGroup], object],
) -> dict[object, Line]:
    lines: dict[object, Line] = defaultdict(Line)
    for r in received:
        line = lines[key_received(r)]
        line.received += r.n
        line.accepted += r.accepted
    for c in completed:
        line = lines[key_completed(c)]
        line.done = line.done + c.tally
    return dict(lines)


def _ordered(lines: Mapping[object, Line]) -> list[tuple[object, Line]]:
    """Busiest first; ties by completions, then as the keys sort as text."""
    return sorted(
        lines.items(), key=lambda kv: (-kv[1].received, -kv[1].done.completed, str(kv[0]))
    )


def month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{year}年{int(number)}月"


def by_month(period: Period, lines: Mapping[object, Line]) -> StatTable:
    rows = [
        (month_label(m), *lines.get(m, Line()).counts(), *lines.get(m, Line()).timing())
        for m in period.months()
    ]
    total = _sum(lines.values())
    return StatTable(
        "by_month",
        "按月统计",
        ("月份", "收件", "受理", "办结", ON_TIME_PROMISED, ON_TIME_LEGAL, AVG_USED),
        tuple(rows),
        ("合计", *total.counts(), *total.timing()),
    )


def by_item(lines: Mapping[object, Line], info: Mapping[int, ItemInfo]) -> StatTable:
    rows = []
    for item_id, line in _ordered(lines):
        item = info[item_id]  # type: ignore[index]
        rows.append(
            (
                item.name,
                item.department,
                *line.counts(),
                *line.timing(),
                line.done.avg_promised_days,
                line.done.avg_legal_days,
            )
        )
    total = _sum(lines.values())
    return StatTable(
        "by_item",
        "按事项统计",
        (
            "事项",
            "实施部门",
            "收件",
            "受理",
            "办结",
            ON_TIME_PROMISED,
            ON_TIME_LEGAL,
            AVG_USED,
            "平均承诺时限（工作日）",
            "平均法定时限（工作日）",
        ),
        tuple(rows),
        (
            "合计",
            "",
            *total.counts(),
            *total.timing(),
            total.done.avg_promised_days,
            total.done.avg_legal_days,
        ),
    )


def by_department(lines: Mapping[object, Line]) -> StatTable:
    rows = [(str(dept), *line.counts(), *line.timing()) for dept, line in _ordered(lines)]
    total = _sum(lines.values())
    return StatTable(
        "by_department",
        "按部门统计",
        ("部门", "收件", "受理", "办结", ON_TIME_PROMISED, ON_TIME_LEGAL, AVG_USED),
        tuple(rows),
        ("合计", *total.counts(), *total.timing()),
    )


def by_state(received: Iterable[ReceivedGroup]) -> StatTable:
    counts: Counter[str] = Counter()
    for r in received:
        counts[r.state] += r.n
    total = sum(counts.values())
    order = {s.value: i for i, s in enumerate(CaseState)}
    rows = [
        (_state_label(state), n, rate(n, total))
        for state, n in sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    ]
    return StatTable(
        "by_state",
        "按办件状态统计",
        ("当前状态", "件数", "占比"),
        tuple(rows),
        ("合计", total, rate(total, total)),
    )


def _state_label(state: str) -> str:
    try:
        return CaseState(state).label
    except ValueError:
        return state


def by_channel(
    received: Iterable[ReceivedGroup], agent_cases: int, village_cases: int
) -> StatTable:
    counts: Counter[str] = Counter()
    for r in received:
        counts[r.channel] += r.n
    total = sum(counts.values())
    rows: list[tuple[Cell, ...]] = [
        (CHANNEL_LABELS.get(channel, channel), n, rate(n, total))
        for channel, n in sorted(counts.items(), key=lambda kv: -kv[1])
    ]
    rows.append(("其中：代办", agent_cases, rate(agent_cases, total)))
    rows.append(("其中：村代办点收件", village_cases, rate(village_cases, total)))
    return StatTable(
        "by_channel",
        "按受理渠道统计",
        ("渠道", "件数", "占比"),
        tuple(rows),
        ("合计", total, rate(total, total)),
    )


def by_clerk(
    lines: Mapping[object, Line],
    names: Mapping[int, str],
    ratings: Iterable[tuple[str, int | None, int]],
) -> StatTable:
    rated: Counter[object] = Counter()
    good: Counter[object] = Counter()
    for value, clerk_id, n in ratings:
        rated[clerk_id] += n
        good[clerk_id] += n if _is_good(value) else 0
    keys = set(lines) | set(rated)
    full = {k: lines.get(k, Line()) for k in keys}
    rows = [
        (
            _clerk_name(clerk_id, names),
            *line.counts(),
            line.done.on_time_promised_rate,
            rated[clerk_id],
            satisfaction_rate(good[clerk_id], rated[clerk_id]),
        )
        for clerk_id, line in _ordered(full)
    ]
    total = _sum(full.values())
    all_rated, all_good = sum(rated.values()), sum(good.values())
    return StatTable(
        "by_clerk",
        "按窗口人员统计",
        ("窗口人员", "收件", "受理", "办结", ON_TIME_PROMISED, "评价数", "满意率"),
        tuple(rows),
        (
            "合计",
            *total.counts(),
            total.done.on_time_promised_rate,
            all_rated,
            satisfaction_rate(all_good, all_rated),
        ),
    )


def _clerk_name(clerk_id: object, names: Mapping[int, str]) -> str:
    if isinstance(clerk_id, int) and clerk_id in names:
        return names[clerk_id]
    return UNKNOWN_CLERK


def _is_good(value: str) -> bool:
    try:
        return Rating(value).is_good
    except ValueError:
        return False


def rating_counts(ratings: Iterable[tuple[str, int | None, int]]) -> dict[str, int]:
    """Every level of the scheme, in its order, with how many gave it (0 included)."""
    counts = {r.value: 0 for r in Rating}
    for value, _clerk, n in ratings:
        counts[value] = counts.get(value, 0) + n
    return counts


def satisfaction(counts: Mapping[str, int]) -> float | None:
    total = sum(counts.values())
    return satisfaction_rate(sum(n for v, n in counts.items() if _is_good(v)), total)


def ratings_table(counts: Mapping[str, int]) -> StatTable:
    total = sum(counts.values())
    rows = [(_rating_label(value), n, rate(n, total)) for value, n in counts.items()]
    return StatTable(
        "ratings",
        "好差评统计",
        ("评价等级", "件数", "占比"),
        tuple(rows),
        ("合计", total, rate(total, total)),
    )


def _rating_label(value: str) -> str:
    try:
        return Rating(value).label
    except ValueError:
        return value


def by_agent(
    groups: Iterable[tuple[int, str, int]], agents: Mapping[int, tuple[str, str]]
) -> StatTable:
    cases: Counter[int] = Counter()
    village: Counter[int] = Counter()
    for agent_id, origin, n in groups:
        cases[agent_id] += n
        village[agent_id] += n if origin == "village" else 0
    rows = []
    for agent_id, n in sorted(cases.items(), key=lambda kv: (-kv[1], kv[0])):
        name, kind = agents.get(agent_id, (f"代办员{agent_id}", ""))
        rows.append((name, AGENT_KINDS.get(kind, kind), n, village[agent_id]))
    return StatTable(
        "by_agent",
        "代办统计",
        ("代办员", "类别", "代办件数", "其中村代办点收件"),
        tuple(rows),
        ("合计", "", sum(cases.values()), sum(village.values())),
    )


def complaints_table(groups: Iterable[ComplaintGroup]) -> StatTable:
    found = {g.channel: g for g in groups}
    order = [c.value for c in ComplaintChannel] + sorted(
        set(found) - {c.value for c in ComplaintChannel}
    )
    rows = []
    for channel in order:
        g = found.get(channel, ComplaintGroup(channel, 0, 0, 0))
        rows.append(
            (
                _channel_label(channel),
                g.received,
                g.substantiated,
                g.on_time,
                rate(g.on_time, g.received),
            )
        )
    received = sum(g.received for g in found.values())
    on_time = sum(g.on_time for g in found.values())
    return StatTable(
        "complaints",
        "效能投诉统计",
        ("投诉渠道", "收到", "属实", "按期办结", "按期办结率"),
        tuple(rows),
        (
            "合计",
            received,
            sum(g.substantiated for g in found.values()),
            on_time,
            rate(on_time, received),
        ),
    )


def _channel_label(value: str) -> str:
    try:
        return ComplaintChannel(value).label
    except ValueError:
        return value
