"""Catalogue import: a generated 5,000-item XLSX into a fresh database.

Each import runs in a child process (catalogue_child.py) so its peak memory is measured
alone. The floor of the whole import is what the spec names: the same rows inserted with a
bare sqlite3 executemany under the same pragmas, in one transaction. The two phases get
their own floors: reading against a bare openpyxl scan of the same file, writing against
the executemany.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.catalogue_data import write_catalogue_xlsx
from bench.common import Row, child_env, cost_ratio, median, run_child

ITEMS, QUICK_ITEMS = 5000, 200
RUNS, QUICK_RUNS = 3, 1
SEED = 20240101


def _child(mode: str, xlsx: Path, db: Path, env: dict[str, str], *extra: str) -> dict[str, float]:
    proc = run_child(["-m", "bench.catalogue_child", mode, str(xlsx), str(db), *extra], env)
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _median_of(results: list[dict[str, float]], key: str) -> float:
    return median([r[key] for r in results])


def run(quick: bool = False) -> list[Row]:
    count = QUICK_ITEMS if quick else ITEMS
    runs = QUICK_RUNS if quick else RUNS
    app: list[dict[str, float]] = []
    floor: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="hallapp-bench-cat-") as tmp:
        base = Path(tmp)
        xlsx = base / f"catalogue-{count}.xlsx"
        items = write_catalogue_xlsx(xlsx, count, SEED)
        materials = sum(len(i.materials) for i in items)
        fees = sum(len(i.fees) for i in items)
        env = child_env(
            HALLAPP_CONFIG_DIR=str(base / "config"), HALLAPP_DATA_DIR=str(base / "data")
        )
        for n in range(runs):
            # A fresh database each time: the figure is a first import, not an update.
            app.append(_child("app", xlsx, base / f"app-{n}.sqlite3", env))
            floor.append(
                _child("floor", xlsx, base / f"floor-{n}.sqlite3", env, str(count), str(SEED))
            )
        size_mb = xlsx.stat().st_size / 1e6
    total, floor_total = _median_of(app, "seconds"), _median_of(floor, "seconds")
    read, floor_read = _median_of(app, "read_seconds"), _median_of(floor, "read_seconds")
    write, floor_write = _median_of(app, "write_seconds"), _median_of(floor, "write_seconds")
    rss, floor_rss = _median_of(app, "peak_rss_mb"), _median_of(floor, "peak_rss_mb")
    rss_before = _median_of(app, "rss_before_mb")
    rows_note = f"{count:,} items, {materials:,} materials, {fees:,} fees, {size_mb:.1f} MB"
    return [
        Row(
            name=f"catalogue import, {count:,}-item XLSX",
            value=total,
            unit="s",
            floor=floor_total,
            floor_unit="s",
            ratio=cost_ratio(total, floor_total),
            note=f"{rows_note}; floor: sqlite3 executemany, WAL, sync=FULL",
            runs=runs,
        ),
        Row(
            name="  of which read + check the file",
            value=read,
            unit="s",
            floor=floor_read,
            floor_unit="s",
            ratio=cost_ratio(read, floor_read),
            note="floor: openpyxl read-only scan of all rows",
            runs=runs,
        ),
        Row(
            name="  of which write the database",
            value=write,
            unit="s",
            floor=floor_write,
            floor_unit="s",
            ratio=cost_ratio(write, floor_write),
            note="floor: sqlite3 executemany of the same rows",
            runs=runs,
        ),
        Row(
            name="catalogue import peak RSS",
            value=rss,
            unit="MB",
            floor=floor_rss,
            floor_unit="MB",
            ratio=cost_ratio(rss, floor_rss),
            note=f"whole child process; {rss_before:.0f} MB before the import; floor: bare child",
            runs=runs,
        ),
    ]
