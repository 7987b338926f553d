"""Cold start: spawn ``python -m hallapp`` and time two moments it reports on stdout.

``shown``: the main window is on screen and its event loop idle (the database then opens
on the worker thread). ``ready``: the database is open and the work areas are filled.
Each start is a fresh process against an existing demo database. The floor is
bare_qt_start.py, timed from spawn to its own ``shown`` line. An ``-X importtime`` run
names the modules to make lazy.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import REPO, Row, child_env, cost_ratio, median, run_child

GOAL_RATIO = 2.5
RUNS, QUICK_RUNS = 7, 1
TOP = 10
BARE_SCRIPT = REPO / "bench" / "bare_qt_start.py"


def _stage_seconds(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawn to each ``hallapp:STAGE`` line the child prints."""
    start = time.perf_counter()
    seen: dict[str, float] = {}
    with subprocess.Popen(
        [sys.executable, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("hallapp:"):
                seen[line.strip().removeprefix("hallapp:")] = time.perf_counter() - start
        if child.wait(timeout=120) != 0:
            raise RuntimeError(f"{args} exited with {child.returncode}")
    return seen


def parse_importtime(stderr: str) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, indented module name) from ``-X importtime`` output."""
    entries = []
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        fields = line.removeprefix("import time:").split("|")
        if len(fields) != 3 or not fields[0].strip().isdigit():
            continue  # the header line
        name = fields[2].rstrip()
        # importtime indents a nested import by two spaces per level after the first space
        entries.append((int(fields[0]), int(fields[1]), name[1:]))
    return entries


def import_profile(entries: list[tuple[int, int, str]]) -> list[str]:
    if not entries:
        return ["(no -X importtime output)"]
    total = sum(self_us for self_us, _, _ in entries)
    lines = [f"all imports: {total:,} µs (sum of self times) over {len(entries)} modules"]
    lines.append(f"{'cumulative':>10}  {'self':>9}  module (indented under its importer)")
    for self_us, cum_us, name in sorted(entries, key=lambda e: -e[1])[:TOP]:
        lines.append(f"{cum_us:>10,}  {self_us:>9,}  {name}")
    lines.append(f"heaviest single modules (self µs), top {TOP // 2}:")
    for self_us, _, name in sorted(entries, key=lambda e: -e[0])[: TOP // 2]:
        lines.append(f"{self_us:>10,}  {name.strip()}")
    return lines


def run(quick: bool = False) -> list[Row]:
    runs = QUICK_RUNS if quick else RUNS
    with tempfile.TemporaryDirectory(prefix="hallapp-bench-start-") as tmp:
        base = Path(tmp)
        db = str(base / "hall.sqlite3")
        env = child_env(
            HALLAPP_CONFIG_DIR=str(base / "config"), HALLAPP_DATA_DIR=str(base / "data")
        )
        app_args = ["-m", "hallapp", "--db", db]
        run_child([*app_args, "demo"], env)
        gui_env = {**env, "HALLAPP_STARTUP_REPORT": "1"}
        # One start so that neither .pyc compilation nor first-start files are measured;
        # the import profile comes after it for the same reason. A quick (smoke) run lets
        # the profiling start double as the warm-up.
        if not quick:
            run_child(app_args, gui_env, timeout=120)
        profile = run_child(["-X", "importtime", *app_args], gui_env, timeout=120)
        shown: list[float] = []
        ready: list[float] = []
        bare: list[float] = []
        for _ in range(runs):
            # Alternate the two so that a change of machine load hits both alike.
            bare.append(_stage_seconds([str(BARE_SCRIPT)], gui_env)["shown"])
            stages = _stage_seconds(app_args, gui_env)
            shown.append(stages["shown"])
            ready.append(stages["ready"])
    bare_ms = median(bare) * 1000
    rows = []
    for name, values, goal, note in (
        (
            "cold start: window shown, idle",
            shown,
            GOAL_RATIO,
            "database still opening on the worker; floor: bare_qt_start.py",
        ),
        (
            "cold start: work areas ready",
            ready,
            None,
            "database open, catalogue filled; same floor",
        ),
    ):
        value_ms = median(values) * 1000
        ratio = cost_ratio(value_ms, bare_ms)
        rows.append(
            Row(
                name=name,
                value=value_ms,
                unit="ms",
                floor=bare_ms,
                floor_unit="ms",
                ratio=ratio,
                goal=f"ratio ≤ {goal}" if goal else "-",
                ok=(ratio <= goal) if goal else None,
                note=note,
                runs=runs,
            )
        )
    rows[-1].details_title = "start-up import profile (cumulative µs, one -X importtime run)"
    rows[-1].details = import_profile(parse_importtime(profile.stderr))
    return rows
