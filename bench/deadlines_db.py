"""A database with a given number of OPEN cases, for the deadline monitor's figures.

The demo generator spreads cases over three years, so nearly all of them are closed. Here
the open cases of a small demo database are cloned, each round doubling them with their
deadlines shifted by a few working days, until the count is reached; the tally follows
through the database's own triggers, as it does for every write.
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

    path = RESULTS / f"open-{count}-r{HEAD_REVISION}.sqlite3"
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
    round_ = 0
    while open_now < count:
        round_ += 1
        shift = rng.randint(-8, 8)
        chosen = {
            "number": f"number || '.{round_}'",
            "idempotency_key": f"idempotency_key || '.{round_}'",
            "due_no": f"due_no + {shift}",
            "legal_no": f"legal_no + {shift}",
            "warn_no": f"warn_no + {shift}",
        }
        select = ", ".join(chosen.get(c, c) for c in columns)
        conn.execute("BEGIN")
        conn.execute(
            f"INSERT INTO cases ({', '.join(columns)}) SELECT {select} FROM cases "
            f"WHERE clock IS NOT NULL ORDER BY id LIMIT {count - open_now}"
        )
        conn.execute("COMMIT")
        open_now = conn.execute("SELECT count(*) FROM cases WHERE clock IS NOT NULL").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.move(str(work), path)
    return path
