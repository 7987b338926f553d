"""Run the benchmarks and print one table: figure, floor, ratio, goal, PASS/MISS.

    python bench/run.py                   # everything (``make bench``)
    python bench/run.py --only startup    # a subset: startup, catalogue, workdays, clock, sync
    python bench/run.py --quick           # small sizes, a smoke run of a few seconds

The table also goes to bench/results/latest.json. Missing a goal is a finding, not a
failure: the exit code is 0 unless a benchmark crashed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
import traceback
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

# ``python bench/run.py`` puts bench/ on sys.path, not the repo root that holds both
# ``bench`` and ``hallapp``.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import Row  # noqa: E402

BENCH_DIR = ROOT / "bench"
RESULTS = BENCH_DIR / "results" / "latest.json"
PREFIX = "bench_"


# The table reads from the app's first second to its hot loops; a new module goes last.
ORDER = (
    "startup",
    "catalogue",
    "workdays",
    "clock",
    "cases",
    "register",
    "deadlines",
    "documents",
    "workbench",
    "sync",
    "backup",
    "login",
    "reports",
    "report_ui",
)


def available() -> list[str]:
    """Benchmark names (``startup`` for bench/bench_startup.py), in ORDER, then the rest."""
    names = sorted(p.stem.removeprefix(PREFIX) for p in BENCH_DIR.glob(f"{PREFIX}*.py"))
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(names, key=lambda n: (rank.get(n, len(ORDER)), n))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run hallapp's benchmarks.")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help=f"run only these (repeatable or comma-separated): {', '.join(available())}",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument(
        "--json", type=Path, default=RESULTS, help=f"where to write the results ({RESULTS})"
    )
    args = parser.parse_args(argv)
    names = [n.strip() for item in args.only for n in item.split(",") if n.strip()]
    unknown = sorted(set(names) - set(available()))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {available()}")
    args.names = [n for n in available() if n in names] if names else available()
    return args


# --- formatting --------------------------------------------------------------------------


def fmt_number(value: float) -> str:
    """Three significant figures, thousands separated: 0.0123, 1.23, 123, 12,300."""
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def fmt_amount(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{fmt_number(value)} {unit}".strip()


def fmt_ratio(row: Row) -> str:
    if row.ratio is None:
        return "-"
    # A rate's ratio reads better as "how many times slower than the floor".
    suffix = " slower" if row.unit.endswith("/s") else ""
    return f"{row.ratio:.2f}×{suffix}" if row.ratio < 10 else f"{row.ratio:.0f}×{suffix}"


def verdict(row: Row) -> str:
    return "-" if row.ok is None else ("PASS" if row.ok else "MISS")


COLUMNS = ("figure", "value", "floor", "ratio", "goal", "result", "runs", "note")


def table(rows: list[Row]) -> str:
    cells = [
        (
            r.name,
            fmt_amount(r.value, r.unit),
            fmt_amount(r.floor, r.floor_unit),
            fmt_ratio(r),
            r.goal or "-",
            verdict(r),
            str(r.runs),
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in [COLUMNS, *cells]) for i in range(len(COLUMNS))]
    right = {1, 2, 3, 6}  # numbers line up on the right

    def line(values: tuple[str, ...]) -> str:
        pairs = enumerate(zip(values, widths, strict=True))
        parts = [v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in pairs]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(COLUMNS), rule, *(line(c) for c in cells)])


def details(rows: list[Row]) -> str:
    blocks = [
        "\n".join([r.details_title or r.name, *(f"  {d}" for d in r.details)])
        for r in rows
        if r.details
    ]
    return "\n\n".join(blocks)


# --- running -----------------------------------------------------------------------------


def run_one(name: str, quick: bool) -> list[Row]:
    module = importlib.import_module(f"bench.{PREFIX}{name}")
    rows: list[Row] = module.run(quick=quick)
    return rows


def write_json(path: Path, rows: list[Row], quick: bool, failed: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "quick": quick,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "failed": failed,
        "rows": [asdict(r) for r in rows],
    }
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rows: list[Row] = []
    failed: list[str] = []
    started = time.perf_counter()
    for name in args.names:
        print(f"running {name}…", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            rows.extend(run_one(name, args.quick))
        except Exception:
            # Keep going: one broken benchmark should not hide the others' figures.
            traceback.print_exc()
            failed.append(name)
        print(f"  {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    print(table(rows))
    extra = details(rows)
    if extra:
        print()
        print(extra)
    if failed:
        print(f"\nCRASHED: {', '.join(failed)}")
    write_json(args.json, rows, args.quick, failed)
    mode = "quick" if args.quick else "full"
    took = time.perf_counter() - started
    print(f"\n{mode} run, {took:.0f} s; results in {args.json}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
