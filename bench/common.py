"""What every benchmark shares: the result row, medians, child processes, peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Row:
    """One figure of the report.

    ``ratio`` is always cost(figure) / cost(floor): for times value / floor, for rates
    floor / value, so "2.0" means twice as slow as the floor whatever the unit.
    ``ok`` is None when no numeric goal is set. ``details`` are lines printed below the
    table under ``details_title`` (e.g. the start-up import profile).
    """

    name: str
    value: float
    unit: str
    floor: float | None = None
    floor_unit: str = ""
    ratio: float | None = None
    goal: str = ""
    ok: bool | None = None
    note: str = ""
    runs: int = 1
    details_title: str = ""
    details: list[str] = field(default_factory=list)


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def cost_ratio(value: float, floor: float, *, rate: bool = False) -> float:
    """value / floor for times; floor / value for rates (a lower rate costs more)."""
    if rate:
        return floor / value if value else float("inf")
    return value / floor if floor else float("inf")


def timed(fn: Callable[[], object]) -> float:
    """Wall seconds of one call of ``fn``."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def child_env(**overrides: str) -> dict[str, str]:
    """The environment for a child Python: offscreen Qt, the repo importable, and none of
    the user's own hallapp settings (a benchmark must never touch the real database)."""
    env = dict(os.environ)
    for name in ("HALLAPP_DB", "HALLAPP_BACKUP_DIR", "HALLAPP_STARTUP_REPORT"):
        env.pop(name, None)
    # An installed app has compiled bytecode; a start that cannot write .pyc would
    # recompile every module each time and measure the compiler instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    paths = [str(REPO), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.update(overrides)
    return env


def run_child(
    args: Sequence[str], env: dict[str, str], *, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``python args...`` from the repo root; a failing child is a benchmark crash."""
    proc = subprocess.run(
        [PYTHON, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"child {' '.join(args)} exited with {proc.returncode}:\n{proc.stderr[-4000:]}"
        )
    return proc


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (10^6 bytes)."""
    try:
        import resource
    except ImportError:  # Windows: psutil reports the peak working set instead
        import psutil

        return float(psutil.Process().memory_info().peak_wset) / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


def rss_mb() -> float:
    """Current resident memory of this process, in MB."""
    import psutil

    return float(psutil.Process().memory_info().rss) / 1e6
