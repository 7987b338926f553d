"""The case register on a million cases, and the keystrokes of a standard intake.

The register runs in a child process so that its memory is measured alone. The
keystroke count comes from the keyboard-driven pytest-qt test of a returning applicant's
intake, which records the number of key events it sent.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.bench_cases import CASES, QUICK_CASES
from bench.cases_db import ensure_cases_db
from bench.common import REPO, Row, child_env, cost_ratio, run_child

FIRST_ROWS_GOAL_MS = 200
MEMORY_GOAL_MB = 300
KEYSTROKE_TEST = "tests/ui/test_intake_view.py::test_keystrokes_for_a_returning_applicant"


def _keystrokes() -> Row:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "keys.json"
        run_child(
            ["-m", "pytest", "-q", "-p", "no:cacheprovider", KEYSTROKE_TEST],
            child_env(HALLAPP_KEYSTROKES_OUT=str(out)),
            timeout=300,
        )
        count = json.loads(out.read_text())["keystrokes"]
    return Row(
        name="keystrokes, standard intake of a returning applicant",
        value=count,
        unit="keys",
        goal="report",
        runs=1,
        note="item by pinyin initials, Enter, 18-digit ID, 全部已收, Ctrl+Enter",
    )


def run(quick: bool = False) -> list[Row]:
    count = QUICK_CASES if quick else CASES
    path, _, _ = ensure_cases_db(count)
    result = json.loads(
        run_child([str(REPO / "bench" / "register_child.py"), str(path)], child_env(), timeout=1800)
        .stdout.strip()
        .splitlines()[-1]
    )
    first_ms = result["first_rows_s"] * 1000
    floor_ms = result["floor_first_rows_s"] * 1000
    register_mb = result["rss_peak_mb"]
    return [
        Row(
            name=f"register: first rows at {count:,} cases",
            value=first_ms,
            unit="ms",
            floor=floor_ms,
            floor_unit="ms",
            ratio=cost_ratio(first_ms, floor_ms),
            goal=f"≤ {FIRST_ROWS_GOAL_MS} ms",
            ok=first_ms <= FIRST_ROWS_GOAL_MS,
            runs=1,
            note=f"{result['rows_at_first']} rows painted; floor: bare sqlite3 + QTableView, 200 rows",
        ),
        Row(
            name="register: scroll to the end",
            value=result["to_end_s"],
            unit="s",
            runs=1,
            goal="-",
            note=f"{result['rows']:,} rows fetched page by page; "
            f"{result['cached_rows']:,} row details cached",
        ),
        Row(
            name="register: peak memory",
            value=register_mb,
            unit="MB",
            floor=result["rss_before_mb"],
            floor_unit="MB",
            ratio=cost_ratio(register_mb, result["rss_before_mb"]),
            goal=f"< {MEMORY_GOAL_MB} MB",
            ok=register_mb < MEMORY_GOAL_MB,
            runs=1,
            note="whole process; floor: the same process before the register opened",
        ),
        _keystrokes(),
    ]
