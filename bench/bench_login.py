"""Login: one ``authenticate`` (an Argon2id verification with the real parameters, the
counters and the audit record) beside a floor of one SHA-256 of the same password, and
what the lockout does to a guessing attacker (computed from the rule, not waited for).

The goal is the design's: 100–300 ms per verification, slow enough that a stolen
database's hashes cost a guesser dearly, quick enough that a clerk does not wait.
"""

from __future__ import annotations

import hashlib
import statistics
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from bench.common import Row, cost_ratio, median, timed
from hallapp.app import open_database
from hallapp.config import Settings
from hallapp.core.passwords import LOCK_DURATION, MAX_FAILURES
from hallapp.services import accounts
from hallapp.services.actors import COMMAND_LINE
from hallapp.services.halls import HallProfile, initialise_hall

RUNS, QUICK_RUNS = 20, 3
GOAL_MS = (100.0, 300.0)
GUESSES = 10_000
PASSWORD = "Chuang-1-kou"
NOW = datetime(2026, 3, 2, 9, 0)


def _sha256_floor(runs: int) -> float:
    data = PASSWORD.encode()
    return median([timed(lambda: hashlib.sha256(data).digest()) for _ in range(runs)])


def _login_times(folder: Path, runs: int) -> list[float]:
    settings = Settings(
        db_path=folder / "hall.sqlite3",
        backup_dir=folder / "backups",
        config_file=folder / "config.toml",
    )
    ctx = open_database(settings)
    try:
        initialise_hall(ctx.uow(), COMMAND_LINE, HallProfile("430121104000", "示例镇便民服务中心"))
        accounts.create_first_admin(ctx.uow(), "admin", "系统管理员", PASSWORD, now=NOW)
        times = []
        for i in range(runs):
            now = NOW + timedelta(minutes=i)
            times.append(
                timed(lambda at=now: accounts.authenticate(ctx.uow(), "admin", PASSWORD, at))
            )
        return times
    finally:
        ctx.close()


def run(quick: bool = False) -> list[Row]:
    runs = QUICK_RUNS if quick else RUNS
    with tempfile.TemporaryDirectory(prefix="hallapp-bench-login-") as tmp:
        times = _login_times(Path(tmp), runs)
    floor = _sha256_floor(max(runs, 1000))
    login_s = median(times)
    ms = login_s * 1000
    spread = statistics.pstdev(times) * 1000 if len(times) > 1 else 0.0
    p = accounts.PARAMETERS
    params = f"t={p.time_cost}, m={p.memory_cost_kib // 1024} MiB, p={p.parallelism}"
    lock_periods = GUESSES / MAX_FAILURES
    locked_days = lock_periods * LOCK_DURATION.total_seconds() / 86400
    unlocked_s = GUESSES * login_s
    return [
        Row(
            name="login: authenticate (Argon2id verify)",
            value=ms,
            unit="ms",
            floor=floor * 1e6,
            floor_unit="µs sha256",
            ratio=cost_ratio(login_s, floor),
            goal=f"{GOAL_MS[0]:.0f}–{GOAL_MS[1]:.0f} ms",
            ok=GOAL_MS[0] <= ms <= GOAL_MS[1],
            note=f"{params}; ±{spread:.1f} ms, {min(times) * 1000:.0f}–{max(times) * 1000:.0f} ms",
            runs=runs,
        ),
        Row(
            name="login: wrong guesses before lockout",
            value=MAX_FAILURES,
            unit="guesses",
            note=f"then locked {LOCK_DURATION.total_seconds() / 60:.0f} min; success resets",
        ),
        Row(
            name=f"login: {GUESSES:,} online guesses with lockout",
            value=locked_days,
            unit="days",
            floor=unlocked_s / 60,
            floor_unit="min without lockout",
            ratio=cost_ratio(locked_days * 86400, unlocked_s),
            note=f"{lock_periods:,.0f} lock periods of {LOCK_DURATION.total_seconds() / 60:.0f} min",
        ),
    ]
