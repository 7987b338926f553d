"""Crash safety, proved: a child process takes in cases as fast as it can and is killed
with SIGKILL at pseudo-random moments; after every kill the database opens as the app
opens it, passes integrity_check, holds every case the child reported committed, complete,
holds no half-written case, and its clock tally agrees with a recount."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from hallapp.app import AppContext, open_database
from hallapp.db.models import (
    AuditRecord,
    Case,
    CaseEvent,
    CaseFee,
    CaseMaterial,
    ClockTally,
    OutboxEntry,
)
from hallapp.services import catalogue
from hallapp.services.actors import COMMAND_LINE
from hallapp.services.demo import seed_demo
from tests.support.crash_writer import FEE, ITEM, settings_for

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 25
SEED = 20260302
# Far more than a round ever reaches before its kill: the child never stops by itself.
ENDLESS = 1_000_000


def start_writer(db_path: Path, day_offset: int, limit: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.crash_writer",
            str(db_path),
            str(day_offset),
            str(limit),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def kill_after(child: subprocess.Popen[str], commits: int) -> list[str]:
    """Read ``commits`` reported numbers (fewer if the child ends first), SIGKILL the
    child, and return every number it reported, including those still in the pipe."""
    assert child.stdout is not None
    reported: list[str] = []
    while len(reported) < commits:
        line = child.stdout.readline()
        if not line:
            break
        reported.append(line.strip())
    child.send_signal(signal.SIGKILL)
    rest, errors = child.communicate()
    assert "Traceback" not in errors, errors
    reported += rest.split()
    return reported


def material_count(ctx: AppContext) -> int:
    version_id = catalogue.search_items(ctx.read_uow(), ITEM)[0].version_id
    return len(catalogue.item_guide(ctx.read_uow(), version_id).spec.materials)


def by_case(ctx: AppContext, column: object, group: object) -> Counter[object]:
    with ctx.read_uow() as uow:
        rows = uow.session.execute(select(group, func.count(column)).group_by(group)).all()
    return Counter({key: n for key, n in rows})


def check_database(ctx: AppContext, reported: set[str], materials: int) -> int:
    """Every case whole, every reported case there; returns the number of cases."""
    with ctx.read_uow() as uow:
        session = uow.session
        assert session.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        cases = {n: (i, s) for n, i, s in session.execute(select(Case.number, Case.id, Case.state))}
        fees = dict(
            session.execute(
                select(CaseFee.case_id, func.sum(CaseFee.amount_fen)).group_by(CaseFee.case_id)
            ).all()
        )
        audits = Counter(
            int(e)
            for e in session.scalars(
                select(AuditRecord.entity_id).where(
                    AuditRecord.entity == "case", AuditRecord.action == "case.accept"
                )
            )
        )
        event_outbox = Counter(
            e.split("/")[0]
            for e in session.scalars(
                select(OutboxEntry.entity_id).where(OutboxEntry.entity == "event")
            )
        )
        case_outbox = Counter(
            session.scalars(select(OutboxEntry.entity_id).where(OutboxEntry.entity == "case"))
        )
        tally = {
            (c, d, le, w): n
            for c, d, le, w, n in session.execute(
                select(
                    ClockTally.clock,
                    ClockTally.due_no,
                    ClockTally.legal_no,
                    ClockTally.warn_no,
                    ClockTally.n,
                )
            )
            if n
        }
        recount = {
            (c, d, le, w): n
            for c, d, le, w, n in session.execute(
                select(Case.clock, Case.due_no, Case.legal_no, Case.warn_no, func.count())
                .where(Case.clock.is_not(None))
                .group_by(Case.clock, Case.due_no, Case.legal_no, Case.warn_no)
            )
        }
    material_rows = by_case(ctx, CaseMaterial.id, CaseMaterial.case_id)
    events = by_case(ctx, CaseEvent.id, CaseEvent.case_id)
    assert reported <= cases.keys(), sorted(reported - cases.keys())[:5]
    for number, (case_id, state) in cases.items():
        assert state == "accepted", number
        assert material_rows[case_id] == materials, number
        assert fees.get(case_id) == FEE.amount_fen, number
        assert events[case_id] == 2, number  # receive, accept
        assert audits[case_id] == 1, number
        assert case_outbox[number] == 1, number
        assert event_outbox[number] == 2, number
    assert sum(case_outbox.values()) == len(cases)  # no outbox entry without its case
    assert tally == recount
    return len(cases)


@pytest.mark.slow
def test_every_reported_case_survives_sigkill_whole(tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "hall.sqlite3")
    ctx = open_database(settings)
    seed_demo(ctx.uow(), COMMAND_LINE)
    materials = material_count(ctx)
    ctx.close()
    assert materials > 0

    rng = random.Random(SEED)
    reported: set[str] = set()
    early_kills = 0
    for round_no in range(ROUNDS):
        # One round in five is killed before its first report: during start-up or its
        # first transaction.
        commits = 0 if rng.random() < 0.2 else rng.randint(1, 40)
        early_kills += commits == 0
        child = start_writer(settings.db_path, round_no, ENDLESS)
        numbers = kill_after(child, commits)
        assert child.returncode == -signal.SIGKILL
        assert len(numbers) >= commits
        assert reported.isdisjoint(numbers)
        reported.update(numbers)

        ctx = open_database(settings)
        try:
            total = check_database(ctx, reported, materials)
        finally:
            ctx.close()
        # A killed transaction may have committed after its last report, never more.
        assert len(reported) <= total <= len(reported) + round_no + 1
    assert early_kills and len(reported) > ROUNDS

    # After all those kills, a run that is left alone finishes cleanly.
    child = start_writer(settings.db_path, ROUNDS, 5)
    out, errors = child.communicate(timeout=120)
    assert child.returncode == 0, errors
    finished = out.split()
    assert len(finished) == 5
    reported.update(finished)
    ctx = open_database(settings)
    try:
        check_database(ctx, reported, materials)
    finally:
        ctx.close()
