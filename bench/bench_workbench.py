"""The agent's workbench at scale: 王芳 (the township agent) opens her workbench in a
database of a million cases, about one in eight of them under agent service.

Floor, measured in the same run on the same file: bare sqlite3 reading the agent's open
cases by the index (ix_cases_agent_clock), 200 of them in order of the promised date.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from datetime import date
from pathlib import Path

from bench.cases_db import ensure_cases_db
from bench.common import Row, cost_ratio

CASES, QUICK_CASES = 1_000_000, 20_000
REPEAT = 15
GOAL_MS = 200.0

_FLOOR_SQL = (
    "SELECT id, number, applicant_name, state, clock, due_no FROM cases "
    "WHERE agent_id = ? AND clock IS NOT NULL ORDER BY clock, due_no LIMIT 200"
)


def _timed(fn, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def _floor(path: Path, agent_id: int) -> list[float]:
    conn = sqlite3.connect(path)
    try:
        conn.execute(_FLOOR_SQL, (agent_id,)).fetchall()  # warm, as the workbench is
        return _timed(lambda: conn.execute(_FLOOR_SQL, (agent_id,)).fetchall(), REPEAT)
    finally:
        conn.close()


def run(quick: bool = False) -> list[Row]:
    from hallapp.app import open_database
    from hallapp.config import Settings
    from hallapp.services import workbench
    from hallapp.services.halls import actor_for

    count = QUICK_CASES if quick else CASES
    path, _made_in, _made_now = ensure_cases_db(count)
    ctx = open_database(Settings(path, path.parent / "backups", path.parent / "c.toml"))
    try:
        agent = actor_for(ctx.read_uow(), "wangfang")
        today = date.today()
        bench = workbench.agent_workbench(ctx.read_uow(), agent, None, today)  # warm
        samples = _timed(
            lambda: workbench.agent_workbench(ctx.read_uow(), agent, None, today), REPEAT
        )
        agent_id = bench.agent.id
    finally:
        ctx.close()
    floor = statistics.median(_floor(path, agent_id)) * 1000
    value = statistics.median(samples) * 1000
    shown = f"{len(bench.cases)}{'+' if bench.more_cases else ''}"
    return [
        Row(
            name="agent workbench opens",
            value=value,
            unit="ms",
            floor=floor,
            floor_unit="ms",
            ratio=cost_ratio(value, floor),
            goal=f"≤ {GOAL_MS:.0f} ms",
            ok=value <= GOAL_MS,
            runs=len(samples),
            note=(
                f"王芳 at {count:,} cases: {shown} open cases, {len(bench.held)} materials held, "
                f"{len(bench.waiting)} waiting, {len(bench.run_sheet)} on the run sheet; "
                "floor: bare sqlite3 reading her open cases by the index"
            ),
        )
    ]
