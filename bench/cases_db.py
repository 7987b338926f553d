"""The big demo database the case benchmarks run on, made once and kept in bench/results/.

Making a million cases takes minutes; the file is reused by later runs (it is git-ignored)
and its making time is kept beside it, so the table can still show that figure.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from bench.common import REPO, child_env, run_child

RESULTS = REPO / "bench" / "results"


def ensure_cases_db(count: int) -> tuple[Path, float, bool]:
    """(path, seconds it took to make, made in this run) for a demo DB with ``count`` cases."""
    from hallapp.db.schema import HEAD_REVISION
    from hallapp.services.demo_cases import GENERATOR_VERSION

    RESULTS.mkdir(parents=True, exist_ok=True)
    # A file made by an older schema would be migrated on first use and measure that; one
    # made by an older generator would lack rows the app now writes.
    path = RESULTS / f"cases-{count}-r{HEAD_REVISION}-g{GENERATOR_VERSION}.sqlite3"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        return path, float(json.loads(meta.read_text())["seconds"]), False
    for stale in RESULTS.glob(f"cases-{count}-*"):
        stale.unlink()
    work = RESULTS / f"making-{path.name}"
    start = time.perf_counter()
    env = child_env(HALLAPP_CONFIG_DIR=str(RESULTS / "config"), HALLAPP_DATA_DIR=str(RESULTS))
    run_child(
        ["-m", "hallapp", "--db", str(work), "demo", "--cases", str(count)], env, timeout=3600
    )
    seconds = time.perf_counter() - start
    shutil.move(str(work), path)
    meta.write_text(json.dumps({"seconds": seconds, "cases": count}))
    return path, seconds, True
