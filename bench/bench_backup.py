"""Backup of the big case database: time and size beside a plain file copy, and whether
the window stays responsive while the backup runs on its worker.

The measuring runs in a child process (``python bench/bench_backup.py DB DIR``): it has a
QCoreApplication whose main thread ticks a 10 ms QTimer while the app's own
ThreadExecutor runs the backup, and reports the longest gap between two ticks.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":  # the child: ``bench`` and ``hallapp`` from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_cases import CASES, QUICK_CASES
from bench.cases_db import RESULTS, ensure_cases_db
from bench.common import REPO, Row, child_env, cost_ratio, run_child

TICK_MS = 10
STALL_GOAL_MS = 100


def _floor_copy(db: Path, target: Path) -> float:
    start = time.perf_counter()
    shutil.copyfile(db, target)
    with target.open("rb+") as fh:
        os.fsync(fh.fileno())
    return time.perf_counter() - start


def _child(db: Path, folder: Path) -> dict[str, float]:
    from PySide6.QtCore import QCoreApplication, QTimer

    from hallapp.db.backup import backup_database
    from hallapp.ui.operations import ThreadExecutor

    app = QCoreApplication(sys.argv[:1])
    executor = ThreadExecutor()
    ticks: list[float] = []
    outcome: dict[str, float] = {}
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def work() -> Path:
        start = time.perf_counter()
        path = backup_database(db, folder, "daily")
        outcome["backup_s"] = time.perf_counter() - start
        return path

    def finished(path: Path) -> None:
        outcome["size_mb"] = path.stat().st_size / 1e6
        app.quit()

    def failed(exc: BaseException) -> None:
        outcome["error"] = 1.0
        print(f"backup failed: {exc}", file=sys.stderr)
        app.quit()

    timer.start()
    QTimer.singleShot(50, lambda: executor.submit(work, finished, failed))
    app.exec()
    executor.wait()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    outcome["worst_gap_ms"] = max(gaps) * 1000 if gaps else float("inf")
    outcome["ticks"] = len(ticks)
    return outcome


def run(quick: bool = False) -> list[Row]:
    count = QUICK_CASES if quick else CASES
    db, _, _ = ensure_cases_db(count)
    with tempfile.TemporaryDirectory(dir=RESULTS, prefix="backup-bench-") as tmp:
        folder = Path(tmp)
        floor_s = _floor_copy(db, folder / "floor.sqlite3")
        (folder / "floor.sqlite3").unlink()
        out = run_child(
            [str(REPO / "bench" / "bench_backup.py"), str(db), str(folder / "backups")],
            child_env(),
            timeout=3600,
        )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    db_mb = db.stat().st_size / 1e6
    stall = result["worst_gap_ms"]
    return [
        Row(
            name=f"backup: {count:,} cases, online backup + integrity_check",
            value=result["backup_s"],
            unit="s",
            floor=floor_s,
            floor_unit="s",
            ratio=cost_ratio(result["backup_s"], floor_s),
            goal="report",
            note="floor: shutil.copyfile + fsync of the same file (no consistency, no check)",
        ),
        Row(
            name="backup: size",
            value=result["size_mb"],
            unit="MB",
            floor=db_mb,
            floor_unit="MB",
            ratio=cost_ratio(result["size_mb"], db_mb),
            goal="report",
            note="floor: the database file itself",
        ),
        Row(
            name="backup: worst UI stall while it runs",
            value=stall,
            unit="ms",
            goal=f"≤ {STALL_GOAL_MS} ms",
            ok=stall <= STALL_GOAL_MS,
            note=f"longest gap between {TICK_MS} ms QTimer ticks on the main thread; "
            "backup on the app's ThreadExecutor",
        ),
    ]


if __name__ == "__main__":
    print(json.dumps(_child(Path(sys.argv[1]), Path(sys.argv[2]))))
