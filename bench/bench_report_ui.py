"""The 统计报表 screen stays responsive while a year's statistics are computed on the
million-case database.

The measuring runs in a child process (``python bench/bench_report_ui.py DB``): the real
StatsView, on the app's ThreadExecutor, is asked for the 365 days up to the newest case
while a 10 ms QTimer ticks on the main thread; the figure is the longest gap between two
ticks, from 统计 until the figures, charts and tables are painted. The floor is the same
timer beside a bare PySide6 window with a busy progress bar, for as long, in the same
process: what the event loop's own jitter costs with no report at all.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

if __name__ == "__main__":  # the child: ``bench`` and ``hallapp`` from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_cases import CASES, QUICK_CASES
from bench.cases_db import ensure_cases_db
from bench.common import REPO, Row, child_env, cost_ratio, run_child

TICK_MS = 10
STALL_GOAL_MS = 100
SETTLE_MS = 300  # after the result: the figures, charts and tables are laid out and painted


def _year_to_newest(db: Path) -> tuple[date, date]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    newest = conn.execute("SELECT max(accepted_on) FROM cases").fetchone()[0]
    conn.close()
    end = date.fromisoformat(str(newest)[:10])
    return end - timedelta(days=364), end


def _gaps_ms(ticks: list[float]) -> float:
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    return max(gaps) * 1000 if gaps else float("inf")


def _ticking(
    app: QApplication, seconds: float, start: Callable[[], None] | None = None
) -> list[float]:
    """Tick the main thread's timer until ``app.quit()``, or ``seconds`` when no ``start``."""
    from PySide6.QtCore import QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    if start is None:
        QTimer.singleShot(round(seconds * 1000), app.quit)
    else:
        QTimer.singleShot(50, start)
    app.exec()
    timer.stop()
    return ticks


def _bare_floor(app: QApplication, seconds: float) -> float:
    from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("统计报表"))
    bar = QProgressBar()
    bar.setRange(0, 0)
    layout.addWidget(bar)
    window.resize(1150, 740)
    window.show()
    worst = _gaps_ms(_ticking(app, seconds))
    window.close()
    return worst


def _child(db: Path) -> dict[str, float]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from hallapp.app import open_database
    from hallapp.config import Settings
    from hallapp.services.facade import HallServices
    from hallapp.services.halls import actor_for
    from hallapp.ui.fonts import install_ui_font
    from hallapp.ui.operations import ThreadExecutor
    from hallapp.ui.reports.stats_view import StatsView

    app = QApplication(sys.argv[:1])
    install_ui_font(app)
    start_day, end_day = _year_to_newest(db)
    ctx = open_database(Settings(db, db.parent / "backups", db.parent / "c.toml"))
    supervisor = actor_for(ctx.read_uow(), "lijianguo")
    services = HallServices(ctx.uow, ctx.read_uow, supervisor, db)
    executor = ThreadExecutor()
    view = StatsView(services, executor, today=lambda: end_day)
    view._shown_once = True  # the first showing would run 本月 on its own: not measured
    view.resize(1150, 740)
    view.show()
    view.period_bar.set_days(start_day, end_day)
    app.processEvents()
    outcome: dict[str, float] = {}
    progress_seen: list[int] = []
    view.runner.progressed.connect(lambda done, _total: progress_seen.append(done))

    def begin() -> None:
        outcome["started"] = time.perf_counter()
        view.run_button.click()

    def ended(stats: object) -> None:
        outcome["ended"] = time.perf_counter()
        QTimer.singleShot(SETTLE_MS, app.quit)

    def failed(exc: BaseException) -> None:
        print(f"period_stats failed: {exc}", file=sys.stderr)
        outcome["error"] = 1.0
        app.quit()

    view.runner.finished.connect(ended)
    view.runner.failed.connect(failed)
    ticks = _ticking(app, 0, begin)
    executor.wait()
    if "error" in outcome:
        raise SystemExit(1)
    stall = _gaps_ms(ticks)
    took = outcome["ended"] - outcome["started"]
    view.close()
    floor = _bare_floor(app, took + SETTLE_MS / 1000)
    ctx.close()
    return {
        "worst_gap_ms": stall,
        "floor_gap_ms": floor,
        "report_s": took,
        "progress_reports": len(progress_seen),
        "days": (end_day - start_day).days + 1,
        "received": float(view.stats.received) if view.stats else 0.0,
    }


def run(quick: bool = False) -> list[Row]:
    count = QUICK_CASES if quick else CASES
    db, _, _ = ensure_cases_db(count)
    out = run_child(
        [str(REPO / "bench" / "bench_report_ui.py"), str(db)], child_env(), timeout=1800
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    stall, floor = result["worst_gap_ms"], result["floor_gap_ms"]
    return [
        Row(
            name=f"report UI: worst stall while a year's statistics run ({count:,} cases)",
            value=stall,
            unit="ms",
            floor=floor,
            floor_unit="ms",
            ratio=cost_ratio(stall, floor),
            goal=f"≤ {STALL_GOAL_MS} ms",
            ok=stall <= STALL_GOAL_MS,
            note=f"longest gap between {TICK_MS} ms ticks, from 统计 until the results are "
            "painted; floor: the same timer beside a bare PySide6 window for as long",
        ),
        Row(
            name="report UI: 统计 to result on screen",
            value=result["report_s"],
            unit="s",
            goal="report",
            note=f"{result['days']:.0f} days, {result['received']:,.0f} cases received; "
            f"{result['progress_reports']} progress reports reached the bar",
        ),
    ]


if __name__ == "__main__":
    print(json.dumps(_child(Path(sys.argv[1]))))
