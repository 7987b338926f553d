"""The period reports at scale: every figure and table of the 统计报表 for the last month,
half-year and year of the million-case database (``hallapp demo --cases 1000000``, three
years of a busy hall, busiest lately).

Figure: ``reports.period_stats`` over the 31, 183 and 365 days up to the newest case, as
the window asks for it (computing only: the UI's responsiveness meanwhile is measured by
bench_report_ui). Floor, measured in the same run on the same file: bare sqlite3 counting
the same period's cases per item in one GROUP BY, no Python, the least any report of the
period could cost.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.cases_db import ensure_cases_db
from bench.common import Row, cost_ratio

CASES, QUICK_CASES = 1_000_000, 20_000
REPEAT, QUICK_REPEAT = 5, 9
GOAL_MS = 1000
PERIODS = (("month", 31), ("half-year", 183), ("year", 365))
_FLOOR_SQL = (
    "SELECT item_version_id, count(*) FROM cases"
    " WHERE received_at >= ? AND received_at < ? GROUP BY item_version_id"
)


def _ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(fn: Callable[[], object], n: int) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def _newest_day(path: Path) -> date:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        newest = conn.execute("SELECT max(received_at) FROM cases").fetchone()[0]
    finally:
        conn.close()
    return date.fromisoformat(str(newest)[:10])


def _floor(path: Path, first: date, last: date, n: int) -> tuple[list[float], int]:
    """The bare GROUP BY over the period's cases, and how many cases that is."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    params = (
        datetime.combine(first, datetime.min.time()).isoformat(" "),
        datetime.combine(last + timedelta(days=1), datetime.min.time()).isoformat(" "),
    )
    try:
        cases = sum(n for _, n in conn.execute(_FLOOR_SQL, params))
        samples = _timed(lambda: conn.execute(_FLOOR_SQL, params).fetchall(), n)
    finally:
        conn.close()
    return samples, cases


def run(quick: bool = False) -> list[Row]:
    from hallapp.app import open_database
    from hallapp.config import Settings
    from hallapp.services import reports
    from hallapp.services.halls import actor_for

    count = QUICK_CASES if quick else CASES
    repeat = QUICK_REPEAT if quick else REPEAT
    path, _, _ = ensure_cases_db(count)
    newest = _newest_day(path)
    rows: list[Row] = []
    ctx = open_database(Settings(path, path.parent / "backups", path.parent / "c.toml"))
    try:
        supervisor = actor_for(ctx.read_uow(), "lijianguo")
        for name, days in PERIODS:
            period = reports.Period(newest - timedelta(days=days - 1), newest)
            made: list[reports.PeriodStats] = []
            samples = _timed(
                lambda p=period, out=made: out.append(
                    reports.period_stats(ctx.read_uow(), supervisor, p)
                ),
                repeat,
            )
            floor_samples, cases = _floor(path, period.start, period.end, repeat)
            stats = made[-1]
            value, floor = _ms(samples), _ms(floor_samples)
            rows.append(
                Row(
                    name=f"period report: {name} ({days} days)",
                    value=value,
                    unit="ms",
                    floor=floor,
                    floor_unit="ms",
                    ratio=cost_ratio(value, floor),
                    goal=f"≤ {GOAL_MS / 1000:g} s",
                    ok=value <= GOAL_MS,
                    runs=len(samples),
                    note=(
                        f"{cases:,} cases taken in, {stats.completed:,} completed, "
                        f"{sum(stats.ratings.values()):,} ratings, every table; at "
                        f"{count:,} cases; floor: bare sqlite3 counting the period's "
                        "cases per item in one GROUP BY"
                    ),
                )
            )
    finally:
        ctx.close()
    return rows
