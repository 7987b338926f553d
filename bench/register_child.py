"""Child process of the register benchmark: its memory is the register's alone.

Prints one JSON line: time to the first rows, time to scroll to the end, resident memory
before and at the end, and the same first-rows time for a bare QTableView over the same
rows read with bare sqlite3 (the floor).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView


def bare_first_rows(app: QApplication, db: Path) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT c.number, c.applicant_name, c.applicant_doc_number, i.name, c.received_at,"
        " c.state, c.promised_due, c.clerk_name FROM cases c JOIN item_versions i"
        " ON i.id = c.item_version_id ORDER BY c.id DESC LIMIT 200"
    ).fetchall()
    model = QStandardItemModel(len(rows), 8)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            model.setItem(r, c, QStandardItem(str(value)))
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 700)
    view.show()
    app.processEvents()
    view.grab()  # a real paint of the visible rows
    elapsed = time.perf_counter() - start
    view.close()
    conn.close()
    return elapsed


def main(db: Path) -> None:
    app = QApplication(sys.argv[:1])
    from hallapp.app import open_database
    from hallapp.config import Settings
    from hallapp.services.facade import HallServices
    from hallapp.services.halls import actor_for
    from hallapp.ui.operations import InlineExecutor
    from hallapp.ui.register.register_view import RegisterView

    floor = bare_first_rows(app, db)
    ctx = open_database(Settings(db, db.parent / "backups", db.parent / "c.toml"))
    services = HallServices(ctx.uow, ctx.read_uow, actor_for(ctx.read_uow(), "zhangmin"), db)
    process = psutil.Process()
    rss_before = process.memory_info().rss

    start = time.perf_counter()
    view = RegisterView(services, InlineExecutor())
    view.resize(1200, 700)
    view.show()
    app.processEvents()
    view.table.grab()
    first = time.perf_counter() - start
    rows_at_first = view.model.rowCount()

    start = time.perf_counter()
    peak = process.memory_info().rss
    steps = 0
    while view.model.canFetchMore():
        view.table.scrollToBottom()  # the view asks for more, as a clerk's scrolling does
        app.processEvents()
        steps += 1
        if steps % 200 == 0:
            peak = max(peak, process.memory_info().rss)
    view.table.scrollToBottom()
    app.processEvents()
    view.table.grab()
    to_end = time.perf_counter() - start
    peak = max(peak, process.memory_info().rss)
    print(
        json.dumps(
            {
                "first_rows_s": first,
                "rows_at_first": rows_at_first,
                "floor_first_rows_s": floor,
                "to_end_s": to_end,
                "rows": view.model.rowCount(),
                "rss_before_mb": rss_before / 1e6,
                "rss_peak_mb": peak / 1e6,
                "cached_rows": view.model.cached_rows,
            }
        )
    )
    view.close()
    ctx.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
