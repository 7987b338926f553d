"""The deadline monitor at scale: a million open cases.

- counting per level (the monitor's header, the status bar);
- the monitor's first page, in order of time left;
- bringing every open case in line after a calendar change: a holiday declared two weeks
  ahead (it moves nearly every open deadline) and the 2027 arrangement imported.

Floor, measured in the same run on the same file: bare sqlite3 reading each open case
once (a count over the open cases), the least a per-case recomputation would cost; and
for the first page, bare sqlite3 reading 200 case rows.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from bench.common import REPO, Row, cost_ratio
from bench.deadlines_db import ensure_open_cases_db

OPEN, QUICK_OPEN = 1_000_000, 20_000
REPEAT = 15
ARRANGEMENT_2027 = REPO / "tests" / "data" / "calendar-2027-test.json"


def _ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(fn, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def _bare(path: Path) -> tuple[list[float], list[float]]:
    conn = sqlite3.connect(path)
    count_open = _timed(
        lambda: conn.execute("SELECT count(*) FROM cases WHERE clock IS NOT NULL").fetchone(),
        REPEAT,
    )
    page = _timed(lambda: conn.execute("SELECT * FROM cases LIMIT 200").fetchall(), REPEAT)
    conn.close()
    return count_open, page


def _next_weekday(today: date, days: int) -> date:
    day = today + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _forget_2027(ctx) -> None:  # type: ignore[no-untyped-def]
    """Put the file back as it was made: 2027 unknown, its deadlines provisional. Not timed;
    without it the next run's import would find nothing to move."""
    from sqlalchemy import delete, extract

    from hallapp.db.models import CalendarOverride, CalendarYear
    from hallapp.services.calendar import calendar_for
    from hallapp.services.clock_store import after_calendar_change

    with ctx.uow() as uow:
        session = uow.session
        if session.get(CalendarYear, 2027) is None:
            return
        before = calendar_for(session)
        session.execute(
            delete(CalendarOverride).where(extract("year", CalendarOverride.day) == 2027)
        )
        session.execute(delete(CalendarYear).where(CalendarYear.year == 2027))
        session.flush()
        after_calendar_change(session, before, date(2027, 1, 1), date.today())
        uow.commit()


def run(quick: bool = False) -> list[Row]:
    from hallapp.app import open_database
    from hallapp.config import Settings
    from hallapp.services import calendar, deadlines
    from hallapp.services.halls import actor_for

    count = QUICK_OPEN if quick else OPEN
    path = ensure_open_cases_db(count)
    bare_count, bare_page = _bare(path)
    ctx = open_database(Settings(path, path.parent / "backups", path.parent / "c.toml"))
    try:
        _forget_2027(ctx)
        today = date.today()
        counts = deadlines.level_counts(ctx.read_uow(), today)
        counting = _timed(lambda: deadlines.level_counts(ctx.read_uow(), today), REPEAT)
        first = _timed(lambda: deadlines.monitor_rows(ctx.read_uow(), today), REPEAT)
        supervisor = actor_for(ctx.read_uow(), "lijianguo")
        holiday = _next_weekday(today, 14)
        declare: list[float] = []
        restore: list[float] = []
        for _ in range(3):
            declare += _timed(
                lambda: calendar.set_day(
                    ctx.uow(), supervisor, holiday, False, "测试假日", "基准测试"
                ),
                1,
            )
            restore += _timed(lambda: calendar.reset_day(ctx.uow(), supervisor, holiday, "恢复"), 1)
        moved = {"n": 0}

        def import_2027() -> None:
            moved["n"] = calendar.import_calendar_file(
                ctx.uow(), supervisor, ARRANGEMENT_2027
            ).moved_cases

        imported = _timed(import_2027, 1)
        _forget_2027(ctx)
    finally:
        ctx.close()

    floor_count = _ms(bare_count)
    at = f"{counts.total:,} open cases"
    rows = []
    value = _ms(counting)
    rows.append(
        Row(
            name="count open cases per level",
            value=value,
            unit="ms",
            floor=floor_count,
            floor_unit="ms",
            ratio=cost_ratio(value, floor_count),
            goal="≤ 50 ms",
            ok=value <= 50,
            runs=len(counting),
            note=f"at {at} ({counts.warning:,} 预警, {counts.overdue + counts.legal_overdue:,} "
            "超期); floor: bare sqlite3 counting the open cases",
        )
    )
    value, floor = _ms(first), _ms(bare_page)
    rows.append(
        Row(
            name="monitor: first 200 rows",
            value=value,
            unit="ms",
            floor=floor,
            floor_unit="ms",
            ratio=cost_ratio(value, floor),
            goal="≤ 200 ms",
            ok=value <= 200,
            runs=len(first),
            note=f"at {at}, in order of time left; floor: bare sqlite3 reading 200 case rows",
        )
    )
    for name, samples, note in (
        ("declare a holiday 2 weeks ahead", declare, "moves nearly every open deadline"),
        ("take the holiday back", restore, ""),
        ("import the 2027 arrangement", imported, f"{moved['n']:,} deadlines moved"),
    ):
        value = _ms(samples)
        rows.append(
            Row(
                name=name,
                value=value,
                unit="ms",
                floor=floor_count,
                floor_unit="ms",
                ratio=cost_ratio(value, floor_count),
                goal="≤ 1 s",
                ok=value <= 1000,
                runs=len(samples),
                note=f"levels of {at} current after it, one transaction; {note}".rstrip("; "),
            )
        )
    return rows
