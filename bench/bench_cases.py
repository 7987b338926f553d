"""Cases at scale: saving an accepted case and searching, on a million existing cases.

Floors, measured in the same run on the same file: a bare sqlite3 transaction inserting
the same rows with the same durability settings (WAL, synchronous=FULL), and a bare
indexed SELECT for each kind of search.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from bench.cases_db import ensure_cases_db
from bench.common import Row, cost_ratio
from hallapp.core.audit_chain import GENESIS, record_hash

CASES, QUICK_CASES = 1_000_000, 20_000
SAVES, QUICK_SAVES = 200, 20
SEARCHES = 30


def _ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _open(path: Path):  # type: ignore[no-untyped-def]
    from hallapp.app import open_database
    from hallapp.config import Settings

    return open_database(Settings(path, path.parent / "backups", path.parent / "c.toml"))


def _save_rows(ctx, n: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    from hallapp.core.identity import DocumentType
    from hallapp.core.intake import (
        Applicant,
        ApplicantKind,
        Decision,
        IntakeForm,
        MaterialLine,
        MaterialStatus,
    )
    from hallapp.services import catalogue, intake
    from hallapp.services.halls import actor_for

    clerk = actor_for(ctx.read_uow(), "zhangmin")
    item = next(  # 低保: a common, free item with a real limit
        i
        for i in catalogue.search_items(ctx.read_uow(), "最低生活保障")
        if not i.promised.on_the_spot
    )
    guide = catalogue.item_guide(ctx.read_uow(), item.version_id)
    materials = tuple(
        MaterialLine(
            m.name, m.form.value, m.copies, m.required, MaterialStatus.RECEIVED, True, m.copies
        )
        for m in guide.spec.materials
    )
    applicant = Applicant(
        ApplicantKind.PERSON,
        "张三",
        DocumentType.RESIDENT_ID,
        "11010519491231002X",
        "13800138000",
        "示例镇人民路2号",
    )
    base = IntakeForm(item.version_id, applicant, materials)
    app: list[float] = []
    for _ in range(n):
        form = replace(base, idempotency_key=intake.new_form_key())
        start = time.perf_counter()
        intake.submit_intake(ctx.uow(), clerk, form, Decision.ACCEPT)
        app.append(time.perf_counter() - start)

    # The floor: the same rows, one transaction each, on the same file and settings.
    conn = sqlite3.connect(ctx.db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    template = conn.execute("SELECT * FROM cases ORDER BY id DESC LIMIT 1").fetchone()
    columns = [d[0] for d in conn.execute("SELECT * FROM cases LIMIT 0").description]
    materials_rows = conn.execute(
        "SELECT seq, name, form, copies_required, required, status, original_seen,"
        " copies_taken, problem, extra FROM case_materials WHERE case_id = ?",
        (template[0],),
    ).fetchall()
    # The entries the app's last save wrote, newest first: the accept step, the receive
    # step, the case. The floor writes the same three with the same payload text.
    last = conn.execute("SELECT entity, payload FROM outbox ORDER BY seq DESC LIMIT 3").fetchall()
    assert [e for e, _ in last] == ["event", "event", "case"], last
    accept_payload, receive_payload, case_payload = (p for _, p in last)
    insert_outbox = (
        "INSERT INTO outbox (entity, entity_id, op, payload, created_at)"
        " VALUES (?, ?, 'create', ?, datetime('now'))"
    )
    insert_event = (
        "INSERT INTO case_events (case_id, at, actor_id, actor_name, action, from_state,"
        " to_state, comment) VALUES (?, datetime('now'), 1, '张敏', ?, ?, ?, '')"
    )
    insert_case = f"INSERT INTO cases ({', '.join(columns[1:])}) VALUES ({', '.join('?' * (len(columns) - 1))})"
    bare: list[float] = []
    for i in range(n):
        values = list(template[1:])
        number = f"bench-{time.time_ns()}-{i}"
        values[columns.index("number") - 1] = number
        values[columns.index("idempotency_key") - 1] = number
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        case_id = conn.execute(insert_case, values).lastrowid
        conn.executemany(
            "INSERT INTO case_materials (case_id, seq, name, form, copies_required, required,"
            " status, original_seen, copies_taken, problem, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(case_id, *m) for m in materials_rows],
        )
        # In the app's order: the case's entry, then each step with its own entry.
        conn.execute(insert_outbox, ("case", number, case_payload))
        for action, before, after, payload in (
            ("receive", "", "received", receive_payload),
            ("accept", "received", "accepted", accept_payload),
        ):
            event_id = conn.execute(insert_event, (case_id, action, before, after)).lastrowid
            conn.execute(insert_outbox, ("event", f"{number}/{event_id}", payload))
        # Chained like the app's record: the last link read inside the transaction.
        last_id, prev = conn.execute(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone() or (0, GENESIS)
        at = datetime.now().replace(microsecond=0)
        link = (last_id + 1, at, 1, "张敏", "case.accept", "case", str(case_id), "{}")
        conn.execute(
            "INSERT INTO audit_log (id, at, actor_id, actor_name, action, entity, entity_id,"
            " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*link, prev, record_hash(prev, *link)),
        )
        conn.execute("COMMIT")
        bare.append(time.perf_counter() - start)
    conn.close()
    return app, bare


def _searches(ctx, path: Path) -> list[Row]:  # type: ignore[no-untyped-def]
    from hallapp.services import cases

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    total = conn.execute("SELECT max(id) FROM cases").fetchone()[0]
    rng = random.Random(5)
    samples = [
        conn.execute(
            "SELECT number, applicant_doc_number, applicant_name FROM cases WHERE id = ?",
            (rng.randrange(1, total),),
        ).fetchone()
        for _ in range(SEARCHES)
    ]
    kinds = (
        (
            "ID number suffix",
            lambda s: s[1][-4:],
            "SELECT id FROM cases WHERE applicant_doc_rev >= ? AND applicant_doc_rev < ? "
            "ORDER BY id DESC LIMIT 200",
            lambda t: (t[::-1], t[::-1] + "\uffff"),
        ),
        (
            "name",
            lambda s: s[2],
            "SELECT id FROM cases WHERE applicant_name >= ? AND applicant_name < ? "
            "ORDER BY id DESC LIMIT 200",
            lambda t: (t, t + "\uffff"),
        ),
        (
            "case number",
            lambda s: s[0],
            "SELECT id FROM cases WHERE number = ? LIMIT 200",
            lambda t: (t,),
        ),
    )
    rows = []
    for label, text_of, floor_sql, floor_args in kinds:
        app: list[float] = []
        bare: list[float] = []
        found = 0
        for sample in samples:
            text = text_of(sample)
            start = time.perf_counter()
            ids = cases.case_ids(ctx.read_uow(), cases.CaseQuery(text))
            cases.case_rows(ctx.read_uow(), ids[:50])
            app.append(time.perf_counter() - start)
            found += bool(ids)
            start = time.perf_counter()
            conn.execute(floor_sql, floor_args(text)).fetchall()
            bare.append(time.perf_counter() - start)
        value, floor = _ms(app), _ms(bare)
        rows.append(
            Row(
                name=f"search by {label}",
                value=value,
                unit="ms",
                floor=floor,
                floor_unit="ms",
                ratio=cost_ratio(value, floor),
                goal="≤ 50 ms",
                ok=value <= 50,
                runs=len(samples),
                note=f"ids + first 50 register rows; {found}/{len(samples)} found; floor: one indexed SELECT",
            )
        )
    conn.close()
    return rows


def run(quick: bool = False) -> list[Row]:
    count = QUICK_CASES if quick else CASES
    path, made_seconds, made_now = ensure_cases_db(count)
    rows = [
        Row(
            name=f"demo --cases {count:,}",
            value=made_seconds / 60,
            unit="min",
            goal="minutes, not hours",
            ok=made_seconds < 3600,
            runs=1,
            note="made in this run" if made_now else "measured when the cached file was made",
        )
    ]
    ctx = _open(path)
    try:
        rows.extend(_searches(ctx, path))
        app, bare = _save_rows(ctx, QUICK_SAVES if quick else SAVES)
    finally:
        ctx.close()
    value, floor = _ms(app), _ms(bare)
    rows.insert(
        1,
        Row(
            name="save an accepted case",
            value=value,
            unit="ms",
            floor=floor,
            floor_unit="ms",
            ratio=cost_ratio(value, floor),
            goal="≤ 5 ms and ratio ≤ 3",
            ok=value <= 5 and cost_ratio(value, floor) <= 3,
            runs=len(app),
            note=f"at {count:,} cases: case, materials, 2 timeline steps, audit, 3 outbox "
            "entries (the case and each step); "
            "floor: bare sqlite3, same rows, WAL + synchronous=FULL",
        ),
    )
    return rows
