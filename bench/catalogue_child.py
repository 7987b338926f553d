"""One catalogue import in a process of its own, so that its peak memory is its alone.

    python -m bench.catalogue_child app   FILE.xlsx DB.sqlite3
    python -m bench.catalogue_child floor FILE.xlsx DB.sqlite3 COUNT SEED

``app`` times ``import_catalogue_file`` into a fresh, migrated database. ``floor`` does
the least the same job needs: scan the workbook's rows with openpyxl and insert the same
rows as plain tuples with sqlite3's executemany, under the app's pragmas, in one
transaction. Either prints one JSON line: seconds per phase and peak RSS.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import peak_rss_mb


def run_app(xlsx: Path, db: Path) -> dict[str, float]:
    from hallapp.app import open_database
    from hallapp.config import Settings
    from hallapp.services import catalogue
    from hallapp.services.actors import COMMAND_LINE
    from hallapp.services.catalogue_files import ParsedCatalogue

    ctx = open_database(
        Settings(db_path=db, backup_dir=db.parent / "backups", config_file=db.parent / "c.toml")
    )
    # The service reads the file and writes the rows in one call; wrapping its reader
    # splits the time into "read and check the file" and "write the database" without
    # a second parse.
    reader = catalogue.read_catalogue_file
    read_seconds = 0.0

    def timed_reader(path: Path) -> ParsedCatalogue:
        nonlocal read_seconds
        start = time.perf_counter()
        try:
            return reader(path)
        finally:
            read_seconds = time.perf_counter() - start

    catalogue.read_catalogue_file = timed_reader
    before = peak_rss_mb()
    start = time.perf_counter()
    result = catalogue.import_catalogue_file(ctx.uow(), COMMAND_LINE, xlsx)
    total = time.perf_counter() - start
    ctx.close()
    return {
        "seconds": total,
        "read_seconds": read_seconds,
        "write_seconds": total - read_seconds,
        "items": result.added,
        "peak_rss_mb": peak_rss_mb(),
        "rss_before_mb": before,
    }


_FLOOR_SCHEMA = """
CREATE TABLE items (id INTEGER PRIMARY KEY, code TEXT, basic_code TEXT, created_at TEXT);
CREATE TABLE versions (id INTEGER PRIMARY KEY, item_id INTEGER, version INTEGER,
    import_id INTEGER, is_current INTEGER, name TEXT, item_type TEXT, department TEXT,
    implementing_body TEXT, legal_basis TEXT, conditions TEXT, flow TEXT, contact_phone TEXT,
    notes TEXT, legal_limit INTEGER, legal_unit TEXT, promised_limit INTEGER,
    promised_unit TEXT, handling TEXT, agent_service INTEGER, content_hash TEXT,
    search_key TEXT, created_at TEXT);
CREATE TABLE materials (id INTEGER PRIMARY KEY, version_id INTEGER, seq INTEGER, name TEXT,
    form TEXT, copies INTEGER, required INTEGER, notes TEXT);
CREATE TABLE fees (id INTEGER PRIMARY KEY, version_id INTEGER, seq INTEGER, name TEXT,
    amount_fen INTEGER, basis TEXT);
"""


def _floor_rows(count: int, seed: int) -> dict[str, list[tuple[Any, ...]]]:
    """The rows the import writes, as tuples; version n belongs to item n."""
    from bench.catalogue_data import make_items

    now = "2026-01-01 09:00:00"
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _FLOOR_INSERTS}
    items, versions, materials, fees = rows.values()
    for n, s in enumerate(make_items(count, seed), start=1):
        items.append((n, s.code, s.basic_code, now))
        versions.append(
            (n, n, 1, 1, 1, s.name, s.item_type, s.department, s.implementing_body,
             s.legal_basis, s.conditions, s.flow, s.contact_phone, s.notes,
             s.legal_limit.value, s.legal_limit.unit.value, s.promised_limit.value,
             s.promised_limit.unit.value, s.handling.value, int(s.agent_service),
             "0" * 64, s.name, now)
        )  # fmt: skip
        materials.extend(
            (n, i, m.name, m.form.value, m.copies, int(m.required), m.notes)
            for i, m in enumerate(s.materials, start=1)
        )
        fees.extend((n, i, f.name, f.amount_fen, f.basis) for i, f in enumerate(s.fees, start=1))
    return rows


# Columns the floor writes; materials and fees let SQLite number their rows, as the app does.
_FLOOR_INSERTS = {
    "items": "INSERT INTO items VALUES (?,?,?,?)",
    "versions": "INSERT INTO versions VALUES (" + ",".join("?" * 23) + ")",
    "materials": "INSERT INTO materials (version_id, seq, name, form, copies, required, notes)"
    " VALUES (?,?,?,?,?,?,?)",
    "fees": "INSERT INTO fees (version_id, seq, name, amount_fen, basis) VALUES (?,?,?,?,?)",
}


def _insert_floor(db: Path, rows: dict[str, list[tuple[Any, ...]]]) -> float:
    """Seconds to insert ``rows`` in one transaction with the app's durability pragmas."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.executescript(_FLOOR_SCHEMA)
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        for table, sql in _FLOOR_INSERTS.items():
            conn.executemany(sql, rows[table])
        conn.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        conn.close()


def _scan_xlsx(xlsx: Path) -> int:
    """Every row of every sheet, values only: what any reader of the file must do."""
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True, data_only=True)
    try:
        return sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
    finally:
        wb.close()


def run_floor(xlsx: Path, db: Path, count: int, seed: int) -> dict[str, float]:
    rows = _floor_rows(count, seed)
    start = time.perf_counter()
    _scan_xlsx(xlsx)
    read_seconds = time.perf_counter() - start
    write_seconds = _insert_floor(db, rows)
    return {
        "seconds": write_seconds,
        "read_seconds": read_seconds,
        "write_seconds": write_seconds,
        "rows": sum(len(r) for r in rows.values()),
        "peak_rss_mb": peak_rss_mb(),
    }


def main(argv: list[str]) -> int:
    mode, xlsx, db = argv[0], Path(argv[1]), Path(argv[2])
    if mode == "app":
        result = run_app(xlsx, db)
    elif mode == "floor":
        result = run_floor(xlsx, db, int(argv[3]), int(argv[4]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
