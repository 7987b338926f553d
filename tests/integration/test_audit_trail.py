"""The tamper-evident audit trail on a real SQLite file: the chain every service writes,
what verification reports after the file was altered, the append-only table, the
upgrade of an older database, and the `hallapp audit` commands."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from hallapp.app import AppContext, open_database
from hallapp.cli import main
from hallapp.config import Settings
from hallapp.core.audit_chain import GENESIS, record_hash
from hallapp.core.lifecycle import Action
from hallapp.db.models import AuditRecord
from hallapp.db.schema import current_revision, downgrade_database
from hallapp.errors import NotFound, PermissionDenied
from hallapp.services import audit, cases, intake
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.audit_trail import case_trail, user_trail
from hallapp.services.audit_verify import Break, verify_chain
from hallapp.services.demo import seed_demo
from hallapp.services.demo_cases import generate_cases
from hallapp.services.intake import Decision
from tests.integration.test_intake import ID_ZHANG, form

REFUSAL = "审计记录只能追加，不能修改或删除"
MONDAY = datetime(2026, 3, 2, 9, 30)


def audit_count(ctx: AppContext) -> int:
    with ctx.read_uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(AuditRecord)) or 0


def accepted_case(ctx: AppContext, clerk: Actor, now: datetime = MONDAY) -> intake.IntakeResult:
    return intake.submit_intake(ctx.uow(), clerk, form(ctx), Decision.ACCEPT, now=now)


def tamper(db: Path, *statements: str) -> None:
    """Change the file as someone holding it could: without the app, triggers dropped."""
    raw = sqlite3.connect(db)
    with raw:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute("DROP TRIGGER audit_log_no_delete")
        for statement in statements:
            raw.execute(statement)
    raw.close()


@pytest.fixture
def worked(demo: AppContext, clerk: Actor, supervisor: Actor) -> AppContext:
    """A hall after a morning's work: cases taken in, steps taken, demo cases generated
    between them (the bulk insert must continue the chain, and be continued)."""
    first = accepted_case(demo, clerk)
    cases.apply_action(demo.uow(), clerk, first.case_id, Action.START_HANDLING, now=MONDAY)
    generate_cases(demo.uow(), supervisor, 60, seed=9, today=date(2026, 3, 2))
    second = accepted_case(demo, clerk, datetime(2026, 3, 2, 10, 0))
    cases.apply_action(demo.uow(), clerk, second.case_id, Action.START_HANDLING)
    cases.apply_action(demo.uow(), clerk, second.case_id, Action.COMPLETE)
    return demo


def test_the_chain_is_intact_after_real_work(worked: AppContext) -> None:
    total = audit_count(worked)
    assert total > 60 + 5  # the demo's own set-up, the generated cases, the steps
    report = verify_chain(worked.read_uow())
    assert report.intact and report.broken is None
    assert report.checked == total
    with worked.read_uow() as uow:
        rows = uow.session.execute(
            select(AuditRecord.id, AuditRecord.prev_hash, AuditRecord.hash).order_by(AuditRecord.id)
        ).all()
    assert rows[0].prev_hash == GENESIS
    assert [r.id for r in rows] == list(range(1, total + 1))
    assert all(b.prev_hash == a.hash for a, b in pairwise(rows))
    assert len({r.hash for r in rows}) == total


def test_records_written_by_two_writers_at_once_stay_one_chain(demo: AppContext) -> None:
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            for i in range(25):
                with demo.uow() as uow:
                    audit.record(uow.session, COMMAND_LINE, "test.write", "thread", name, {"i": i})
                    audit.record(uow.session, COMMAND_LINE, "test.again", "thread", name, {"i": i})
                    uow.commit()
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify_chain(demo.read_uow())
    assert report.intact and report.checked == audit_count(demo)


def test_an_edited_record_is_reported_exactly(worked: AppContext, settings: Settings) -> None:
    target = audit_count(worked) // 2
    tamper(settings.db_path, f"UPDATE audit_log SET actor_name = '刘军' WHERE id = {target}")
    report = verify_chain(worked.read_uow())
    assert report.broken is not None
    assert (report.broken.record_id, report.broken.kind) == (target, Break.HASH)
    assert report.checked == target - 1
    assert f"#{target}" in report.broken.message and "被修改" in report.broken.message


def test_an_edited_record_with_its_hash_recomputed_breaks_the_next_link(
    worked: AppContext, settings: Settings
) -> None:
    # Whoever edits a record and computes its hash again still leaves the next record
    # pointing to the old hash.
    raw = sqlite3.connect(settings.db_path)
    row = raw.execute(
        "SELECT prev_hash, id, at, actor_id, actor_name, action, entity, entity_id"
        " FROM audit_log WHERE id = 10"
    ).fetchone()
    raw.close()
    forged = record_hash(*row, "{}")
    tamper(
        settings.db_path,
        f"UPDATE audit_log SET detail = '{{}}', hash = '{forged}' WHERE id = 10",
    )
    report = verify_chain(worked.read_uow())
    assert report.broken is not None
    assert (report.broken.record_id, report.broken.kind) == (11, Break.PREV_HASH)
    assert report.broken.previous_id == 10 and report.checked == 10


def test_a_deleted_record_is_reported_at_the_next_one(
    worked: AppContext, settings: Settings
) -> None:
    tamper(settings.db_path, "DELETE FROM audit_log WHERE id = 20")
    report = verify_chain(worked.read_uow())
    assert report.broken is not None
    assert (report.broken.record_id, report.broken.kind) == (21, Break.PREV_HASH)
    assert report.broken.previous_id == 19 and report.checked == 19
    assert "缺少编号 20–20 的记录" in report.broken.message


def test_a_deleted_first_record_is_reported(worked: AppContext, settings: Settings) -> None:
    tamper(settings.db_path, "DELETE FROM audit_log WHERE id = 1")
    report = verify_chain(worked.read_uow())
    assert report.broken is not None
    assert (report.broken.record_id, report.broken.kind) == (2, Break.PREV_HASH)
    assert report.broken.previous_id is None and report.checked == 0


def test_a_record_slipped_in_without_the_chain_is_reported(
    worked: AppContext, settings: Settings
) -> None:
    last = audit_count(worked)
    raw = sqlite3.connect(settings.db_path)
    with raw:  # an INSERT is allowed (append-only), but not outside the chain
        raw.execute(
            "INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, detail)"
            " VALUES (datetime('now'), NULL, '某人', 'case.void', 'case', '1', '{}')"
        )
    raw.close()
    report = verify_chain(worked.read_uow())
    assert report.broken is not None
    assert (report.broken.record_id, report.broken.kind) == (last + 1, Break.PREV_HASH)


def test_the_table_refuses_updates_and_deletions(demo: AppContext, settings: Settings) -> None:
    before = verify_chain(demo.read_uow())
    with pytest.raises(IntegrityError, match=REFUSAL), demo.uow() as uow:
        uow.session.execute(text("UPDATE audit_log SET detail = '{}' WHERE id = 1"))
    with pytest.raises(IntegrityError, match=REFUSAL), demo.uow() as uow:
        uow.session.execute(text("DELETE FROM audit_log"))
    raw = sqlite3.connect(settings.db_path)
    with pytest.raises(sqlite3.IntegrityError, match=REFUSAL):
        raw.execute("UPDATE audit_log SET hash = ''")
    raw.close()
    assert verify_chain(demo.read_uow()) == before and before.intact


def test_an_older_database_is_chained_when_upgraded(settings: Settings) -> None:
    ctx = open_database(settings)
    try:
        seed_demo(ctx.uow(), COMMAND_LINE)
        generate_cases(ctx.uow(), COMMAND_LINE, 30, seed=4, today=date(2026, 3, 2))
        downgrade_database(ctx.engine, "0008")
    finally:
        ctx.close()
    assert current_revision(settings.db_path) == "0008"
    raw = sqlite3.connect(settings.db_path)
    with raw:  # rows as the 0008 app wrote them, and one written by hand
        columns = raw.execute("SELECT name FROM pragma_table_info('audit_log')").fetchall()
        assert ("hash",) not in columns
        raw.execute(
            "INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, detail)"
            " VALUES ('2026-03-02 10:00:00', NULL, '命令行', 'hall.update', 'hall', 'x', '{}')"
        )
        old = raw.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    raw.close()

    ctx = open_database(settings)
    try:
        assert ctx.migration.before == "0008" and ctx.migration.backup is not None
        report = verify_chain(ctx.read_uow())
        assert report.intact and report.checked == old
        # The upgraded trail goes on as one chain, and is append-only.
        accepted = intake.submit_intake(
            ctx.uow(), COMMAND_LINE, form(ctx), Decision.ACCEPT, now=MONDAY
        )
        assert accepted.case_id > 0
        after = verify_chain(ctx.read_uow())
        assert after.intact and after.checked == old + 1
        with pytest.raises(IntegrityError, match=REFUSAL), ctx.uow() as uow:
            uow.session.execute(text("DELETE FROM audit_log WHERE id = 1"))
    finally:
        ctx.close()


def test_the_trail_of_a_case_and_of_a_user(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    case = accepted_case(demo, clerk)
    cases.apply_action(
        demo.uow(),
        clerk,
        case.case_id,
        Action.START_HANDLING,
        comment=f"已核验身份证 {ID_ZHANG}",
        now=MONDAY,
    )
    trail = case_trail(demo.read_uow(), supervisor, case.number)
    assert trail.total == 2
    assert [line.action for line in trail.lines] == ["case.accept", "case.start_handling"]
    assert all(line.actor_name == "张敏" for line in trail.lines)
    shown = trail.lines[1].summary
    assert ID_ZHANG not in shown and "110***********002X" in shown

    mine = user_trail(demo.read_uow(), supervisor, "zhangmin", limit=1)
    assert mine.total == 3  # the two steps, and the account being added
    assert [line.action for line in mine.lines] == ["case.start_handling"]

    with pytest.raises(PermissionDenied, match="中心负责人"):
        case_trail(demo.read_uow(), clerk, case.number)
    with pytest.raises(NotFound):
        case_trail(demo.read_uow(), supervisor, "430121104000-20260302-9999")
    with pytest.raises(NotFound):
        user_trail(demo.read_uow(), supervisor, "nobody")


DECISIONS = (("accept", "受理"), ("refuse", "不予受理"), ("issue_notice", "出具补正告知"))


def test_demo_then_audit_verify_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "hall.sqlite3"
    assert main(["--db", str(db), "demo", "--cases", "200"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "audit", "verify"]) == 0
    out = capsys.readouterr().out
    raw = sqlite3.connect(db)
    total = raw.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    number = raw.execute("SELECT number FROM cases ORDER BY id LIMIT 1").fetchone()[0]
    raw.close()
    assert total >= 200
    assert out.strip() == f"审计记录 {total} 条，链条完整"

    raw = sqlite3.connect(db)
    steps = raw.execute(
        "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = ?",
        (number,),
    ).fetchone()[0]
    # Its rating and 回访整改, if the demo rated it, are kept under its number.
    feedback = raw.execute(
        "SELECT count(*) FROM audit_log WHERE entity = 'evaluation' AND entity_id = ?", (number,)
    ).fetchone()[0]
    # Every step of every case is in the trail: the intake's 收件 and decision are one act.
    uncovered = raw.execute(
        "SELECT count(*) FROM (SELECT case_id, count(*) AS n FROM case_events GROUP BY case_id) e"
        " LEFT JOIN (SELECT CAST(entity_id AS INTEGER) AS case_id, count(*) AS n FROM audit_log"
        " WHERE entity = 'case' GROUP BY entity_id) a ON a.case_id = e.case_id"
        " WHERE a.n IS NOT e.n - 1"
    ).fetchone()[0]
    # Only the hall and its administrator are made by the command line itself; the
    # rest is done by named staff.
    anonymous = raw.execute(
        "SELECT action FROM audit_log WHERE actor_id IS NULL ORDER BY id"
    ).fetchall()
    raw.close()
    assert uncovered == 0
    assert anonymous == [("hall.create",), ("staff.add",)]
    assert main(["--db", str(db), "audit", "show", "--case", number]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith(f"办件 {number}：审计记录 {steps - 1 + feedback} 条")
    assert any(f"{label}(case.{code})" in shown for code, label in DECISIONS)

    tamper(db, "UPDATE audit_log SET detail = '{}' WHERE id = 150")
    assert main(["--db", str(db), "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "#150" in err and "此前 149 条完整" in err
