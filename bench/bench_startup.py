"""Cold start: spawn ``python -m hallapp`` until the main window is shown and idle.

Each start is a fresh process against an existing demo database, timed from spawn to exit.
The floor is bare_qt_start.py spawned the same way: what is left above it is our own
import, database and window-building time. An ``-X importtime`` run names the modules
to make lazy.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.common import REPO, Row, child_env, cost_ratio, median, run_child

GOAL_RATIO = 2.5
RUNS, QUICK_RUNS = 7, 1
TOP = 10
BARE_SCRIPT = REPO / "bench" / "bare_qt_start.py"


def _spawn_seconds(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    run_child(args, env, timeout=120)
    return time.perf_counter() - start


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
        gui_env = {**env, "HALLAPP_QUIT_WHEN_IDLE": "1"}
        # One start so that neither .pyc compilation nor first-start files are measured;
        # the import profile comes after it for the same reason. A quick (smoke) run lets
        # the profiling start double as the warm-up.
        if not quick:
            run_child(app_args, gui_env, timeout=120)
        profile = run_child(["-X", "importtime", *app_args], gui_env, timeout=120)
        app_times: list[float] = []
        bare_times: list[float] = []
        for _ in range(runs):
            # Alternate the two so that a change of machine load hits both alike.
            bare_times.append(_spawn_seconds([str(BARE_SCRIPT)], gui_env))
            app_times.append(_spawn_seconds(app_args, gui_env))
    app_ms, bare_ms = median(app_times) * 1000, median(bare_times) * 1000
    ratio = cost_ratio(app_ms, bare_ms)
    return [
        Row(
            name="cold start to idle main window",
            value=app_ms,
            unit="ms",
            floor=bare_ms,
            floor_unit="ms",
            ratio=ratio,
            goal=f"ratio ≤ {GOAL_RATIO}",
            ok=ratio <= GOAL_RATIO,
            note="spawn→exit on the demo DB; floor: bare_qt_start.py",
            runs=runs,
            details_title="start-up import profile (cumulative µs, one -X importtime run)",
            details=import_profile(parse_importtime(profile.stderr)),
        )
    ]
