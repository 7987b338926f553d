"""A database with a given number of OPEN cases, for the deadline monitor's figures.

The demo generator spreads cases over three years, so nearly all of them are closed. Here
the open cases of a small demo database are cloned, round after round, each round's copies
accepted a few weeks earlier or later than the originals (never after today), until the
count is reached. The clock of
every clone is then computed by the app's own repair (clock_store.recompute_all), and the
tally follows through the database's triggers, as it does for every write.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

from bench.cases_db import RESULTS, ensure_cases_db

SEED_CASES = 20_000


def ensure_open_cases_db(count: int) -> Path:
    from hallapp.db.schema import HEAD_REVISION
    from hallapp.services.demo_cases import GENERATOR_VERSION

    path = RESULTS / f"open-{count}-r{HEAD_REVISION}-g{GENERATOR_VERSION}.sqlite3"
    if path.exists():
        return path
    for stale in RESULTS.glob(f"open-{count}-*"):
        stale.unlink()
    seed, _, _ = ensure_cases_db(SEED_CASES)
    work = RESULTS / f"making-{path.name}"
    shutil.copy(seed, work)
    conn = sqlite3.connect(work, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    columns = [r[1] for r in conn.execute("PRAGMA table_info(cases)") if r[1] != "id"]
    rng = random.Random(7)
    open_now = conn.execute("SELECT count(*) FROM cases WHERE clock IS NOT NULL").fetchone()[0]
    last_original = conn.execute("SELECT max(id) FROM cases").fetchone()[0]
    round_ = 0
    while open_now < count:
        round_ += 1
        days = 7 * rng.randint(-2, 2)
        moved = f"date(accepted_on, '{days:+d} days')"
        chosen = {
            "number": f"number || '.{round_}'",
            "idempotency_key": f"idempotency_key || '.{round_}'",
            "accepted_on": f"CASE WHEN {moved} <= date('now') THEN {moved} ELSE accepted_on END",
        }
        select = ", ".join(chosen.get(c, c) for c in columns)
        conn.execute("BEGIN")
        conn.execute(
            f"INSERT INTO cases ({', '.join(columns)}) SELECT {select} FROM cases "
            f"WHERE clock IS NOT NULL AND id <= {last_original} ORDER BY id "
            f"LIMIT {count - open_now}"
        )
        open_now += conn.execute("SELECT changes()").fetchone()[0]
        conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _recompute_clocks(work)
    shutil.move(str(work), path)
    return path


def _recompute_clocks(path: Path) -> None:
    from datetime import date

    from hallapp.app import open_database
    from hallapp.config import Settings
    from hallapp.services.clock_store import recompute_all

    ctx = open_database(Settings(path, path.parent / "backups", path.parent / "c.toml"))
    try:
        with ctx.uow() as uow:
            recompute_all(uow.session, date.today())
            uow.commit()
    finally:
        ctx.close()
