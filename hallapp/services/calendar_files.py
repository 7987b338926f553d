"""The holiday-arrangement file (``hallapp-calendar``): one year of the State Council's
notice, as the county sends it or a supervisor types it.

    {"format": "hallapp-calendar", "format_version": 1, "year": 2027,
     "source": "国务院办公厅关于2027年部分节假日安排的通知",
     "holidays": [{"name": "元旦", "days": ["2027-01-01"]}, ...],
     "workdays": [{"name": "春节调休上班", "days": ["2027-02-06"]}, ...]}

``days`` entries may also be ranges ``"2027-02-06..2027-02-12"``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hallapp.core.workdays import DayOverride
from hallapp.errors import InvalidInput

FORMAT_NAME = "hallapp-calendar"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class YearArrangement:
    year: int
    source: str
    days: tuple[DayOverride, ...]


class CalendarFileInvalid(InvalidInput):
    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(
            f"节假日安排文件 {source} 有 {len(problems)} 处错误，未导入任何内容。", problems
        )


def _days(text: Any) -> list[date]:
    if not isinstance(text, str):
        raise ValueError(f"日期须为文字，如 2027-01-01，实为 {text!r}")
    first, sep, last = text.partition("..")
    try:
        start = date.fromisoformat(first.strip())
        end = date.fromisoformat(last.strip()) if sep else start
    except ValueError:
        raise ValueError(f"“{text}”不是有效日期，须为 年-月-日，如 2027-01-01") from None
    if end < start:
        raise ValueError(f"日期区间 {text} 的结束早于开始")
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def check_arrangement(year: int, days: list[DayOverride]) -> list[str]:
    """Rules of a year's arrangement: every day in the year, none twice, make-up working
    days only on weekends (a weekday is a working day anyway)."""
    problems = []
    seen: dict[date, str] = {}
    for d in days:
        if d.day.year != year:
            problems.append(f"{d.day.isoformat()}（{d.name}）不在 {year} 年内")
        if d.day in seen:
            problems.append(f"{d.day.isoformat()} 同时列为“{seen[d.day]}”和“{d.name}”")
        seen[d.day] = d.name
        if d.is_workday and d.day.weekday() < 5:
            problems.append(
                f"{d.day.isoformat()}（{d.name}）是周一至周五，本来就是工作日，不能列为调休上班日"
            )
        if not d.name.strip():
            problems.append(f"{d.day.isoformat()} 缺少名称")
    return problems


def parse_arrangement(data: Any, source_name: str, origin: str) -> YearArrangement:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise CalendarFileInvalid(source_name, [f"不是节假日安排文件（format 须为 {FORMAT_NAME}）"])
    if data.get("format_version") != FORMAT_VERSION:
        raise CalendarFileInvalid(source_name, [f"不支持的格式版本 {data.get('format_version')}"])
    year = data.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise CalendarFileInvalid(source_name, ["year 须为 2000 至 2100 之间的年份"])
    problems: list[str] = []
    days: list[DayOverride] = []
    for key, is_workday in (("holidays", False), ("workdays", True)):
        groups = data.get(key, [])
        if not isinstance(groups, list):
            problems.append(f"{key} 须为列表")
            continue
        for i, group in enumerate(groups, start=1):
            if not isinstance(group, dict):
                problems.append(f"{key} 第{i}组须为对象")
                continue
            name = str(group.get("name", "")).strip()
            group_days = group.get("days", [])
            if not isinstance(group_days, list):
                problems.append(f"{key} 第{i}组“{name}”：days 须为日期列表")
                continue
            for text in group_days:
                try:
                    days.extend(DayOverride(d, is_workday, name, origin) for d in _days(text))
                except ValueError as exc:
                    problems.append(f"{key} 第{i}组“{name}”：{exc}")
    problems.extend(check_arrangement(year, days))
    if problems:
        raise CalendarFileInvalid(source_name, problems)
    return YearArrangement(year, str(data.get("source", "")).strip(), tuple(days))


def read_calendar_file(path: Path, origin: str = "local") -> YearArrangement:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CalendarFileInvalid(str(path), [f"文件不是有效的 UTF-8 JSON：{exc}"]) from None
    return parse_arrangement(data, str(path), origin)
