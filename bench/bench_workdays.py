"""Working-day arithmetic: ``add_workdays`` over random (date, N) pairs.

The calendar promises that every query is a table lookup, so the floor is a plain dict
lookup over the same pairs in the same loop shape: the ratio is what the arithmetic and
the DueDate around the lookup cost. Building the calendar is timed too, since the app
builds one at start-up.
"""

from __future__ import annotations

import gc
import random
from datetime import date, timedelta

from bench.common import Row, cost_ratio, median, timed
from hallapp.core.workdays import WorkdayCalendar

PAIRS, QUICK_PAIRS = 1_000_000, 20_000
RUNS, QUICK_RUNS = 5, 1
FIRST, LAST = date(2010, 1, 1), date(2026, 12, 31)
MAX_N = 60


def make_pairs(count: int, seed: int = 7) -> list[tuple[date, int]]:
    rng = random.Random(seed)
    span = (LAST - FIRST).days
    # One date object per day, shared, as rows loaded from a database would not be; it
    # keeps the input small so the loop, not the allocator, is measured.
    days = [FIRST + timedelta(days=i) for i in range(span + 1)]
    return [(rng.choice(days), rng.randint(0, MAX_N)) for _ in range(count)]


def _figure_loop(calendar: WorkdayCalendar, pairs: list[tuple[date, int]]) -> None:
    add = calendar.add_workdays
    for d, n in pairs:
        add(d, n)


def _floor_loop(table: dict[tuple[date, int], date], pairs: list[tuple[date, int]]) -> None:
    for d, n in pairs:
        table[d, n]


def run(quick: bool = False) -> list[Row]:
    count = QUICK_PAIRS if quick else PAIRS
    runs = QUICK_RUNS if quick else RUNS
    build_times = [timed(WorkdayCalendar) for _ in range(runs)]
    calendar = WorkdayCalendar()
    pairs = make_pairs(count)
    # Every distinct pair (at most 6,209 days × 61 values of N) maps to its answer, so the
    # floor looks up real keys and finds real values.
    table = {(d, n): calendar.add_workdays(d, n).day for d, n in set(pairs)}
    figure_times, floor_times = [], []
    # The inputs are scaffolding: frozen, the collector does not walk them on every pass.
    gc.collect()
    gc.freeze()
    try:
        for _ in range(runs):
            floor_times.append(timed(lambda: _floor_loop(table, pairs)))
            figure_times.append(timed(lambda: _figure_loop(calendar, pairs)))
    finally:
        gc.unfreeze()
    rate = count / median(figure_times)
    floor_rate = count / median(floor_times)
    build_ms = median(build_times) * 1000
    return [
        Row(
            name="add_workdays",
            value=rate,
            unit="/s",
            floor=floor_rate,
            floor_unit="/s",
            ratio=cost_ratio(rate, floor_rate, rate=True),
            note=f"{count:,} random (date 2010–2026, N 0–{MAX_N}); floor: dict[(d, n)] lookup",
            runs=runs,
        ),
        Row(
            name="WorkdayCalendar() build",
            value=build_ms,
            unit="ms",
            note="precomputed tables for 2000–2060; built once per start-up",
            runs=runs,
        ),
    ]
