"""The deadline monitor's services on a real database: the clock stored on each case stays
current through pauses, extensions, calendar changes and new thresholds, and the counts
per level agree with the cases listed."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from hallapp.app import AppContext
from hallapp.config import Settings
from hallapp.core.clock import PauseKind, WarningThresholds
from hallapp.db.models import Case
from hallapp.errors import InvalidInput, PermissionDenied
from hallapp.services import calendar, case_clock, deadlines, hall_settings, morning
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.cases import PauseTerms
from hallapp.services.deadlines import Bucket, MonitorFilter
from hallapp.services.demo_cases import generate_cases
from tests.ui.test_register_support import make_case, resident_id

DATA = Path(__file__).resolve().parents[1] / "data"
TEST_2027 = DATA / "calendar-2027-test.json"
# 医疗救助申请: promised 10, legal 20 working days (the sample catalogue); 20 allows +10.
# With the default thresholds it turns 预警 with 3 working days left.
ITEM = "医疗救助"


def all_rows(ctx: AppContext, today: date, flt: MonitorFilter) -> list[deadlines.MonitorRow]:
    rows: list[deadlines.MonitorRow] = []
    after = None
    while True:
        page = deadlines.monitor_rows(ctx.read_uow(), today, flt, after, limit=50)
        rows += page
        if len(page) < 50:
            return rows
        after = page[-1].key


def due(ctx: AppContext, case_id: int, today: date) -> tuple[date, date]:
    clock = case_clock.case_clock(ctx.read_uow(), case_id, today).clock
    assert clock is not None
    return clock.promised_due.day, clock.legal_due.day


def stored_due(ctx: AppContext, case_id: int) -> tuple[date, date]:
    row = next(r for r in all_rows(ctx, date(2026, 1, 5), MonitorFilter()) if r.id == case_id)
    return row.promised_due.day, row.legal_due.day


def test_a_pause_across_national_day_moves_both_due_dates_by_its_working_days(
    demo: AppContext, clerk: Actor
) -> None:
    case = make_case(demo, clerk, item=ITEM, now=datetime(2026, 9, 28, 9, 0)).case_id
    before = due(demo, case, date(2026, 9, 28))
    case_clock.start_pause(
        demo.uow(), clerk, case, PauseKind.SUPPLEMENT, "缺少户口簿", now=datetime(2026, 9, 29, 10)
    )
    case_clock.end_pause(demo.uow(), clerk, case, "已补齐", now=datetime(2026, 10, 9, 10))
    after = due(demo, case, date(2026, 10, 9))
    # Paused (09-29, 10-09]: 09-30, 10-08, 10-09 are working days; 10-01..07 are 国庆节.
    cal = calendar.load_calendar(demo.read_uow())
    assert [cal.workdays_between(b, a) for b, a in zip(before, after, strict=True)] == [3, 3]
    assert stored_due(demo, case) == after


def test_counts_per_level_match_the_cases_listed(demo: AppContext, supervisor: Actor) -> None:
    generate_cases(demo.uow(), COMMAND_LINE, 3000, seed=5, today=date(2026, 11, 27))
    today = date(2026, 11, 30)
    counts = deadlines.level_counts(demo.read_uow(), today)
    assert all(counts.of(b) > 0 for b in Bucket), counts
    for bucket in Bucket:
        rows = all_rows(demo, today, MonitorFilter(bucket=bucket))
        assert len(rows) == counts.of(bucket)
        assert {r.bucket for r in rows} == {bucket}
    everything = all_rows(demo, today, MonitorFilter())
    assert len(everything) == counts.total
    # Running cases come first, in order of time left.
    running = [r.workdays_left for r in everything if r.bucket is not Bucket.PAUSED]
    assert running == sorted(running)
    # A filter narrows the counts the same way it narrows the list.
    green = MonitorFilter(green_channel=True)
    narrowed = deadlines.level_counts(demo.read_uow(), today, green)
    assert 0 < narrowed.total < counts.total
    assert len(all_rows(demo, today, green)) == narrowed.total
    # The tally kept by triggers agrees with counting the cases themselves.
    with demo.read_uow() as uow:
        t = calendar.calendar_for(uow.session).workday_number(today)
        direct = deadlines._counts_from_cases(uow.session, t, MonitorFilter())
    assert direct == counts


def test_a_case_paused_leaves_the_yellow_list(demo: AppContext, clerk: Actor) -> None:
    case = make_case(demo, clerk, item=ITEM, now=datetime(2026, 11, 23, 9)).case_id
    today = date(2026, 12, 2)  # due Mon 12-07: 3 of 10 working days left, 预警
    yellow = MonitorFilter(bucket=Bucket.WARNING)
    assert [r.id for r in all_rows(demo, today, yellow)] == [case]
    case_clock.start_pause(
        demo.uow(), clerk, case, PauseKind.SUPPLEMENT, "缺少收入证明", now=datetime(2026, 12, 2, 9)
    )
    assert all_rows(demo, today, yellow) == []
    paused = all_rows(demo, today, MonitorFilter(bucket=Bucket.PAUSED))
    assert [(r.id, r.pause_kind, r.pause_reason) for r in paused] == [
        (case, PauseKind.SUPPLEMENT, "缺少收入证明")
    ]
    assert paused[0].workdays_left == 3  # frozen while the clock stands
    assert deadlines.level_counts(demo.read_uow(), today).paused == 1


def test_a_special_procedure_runs_again_after_its_approved_days(
    demo: AppContext, clerk: Actor
) -> None:
    case = make_case(demo, clerk, item=ITEM, now=datetime(2026, 11, 2, 9)).case_id
    case_clock.start_pause(
        demo.uow(),
        clerk,
        case,
        PauseKind.SPECIAL_PROCEDURE,
        "房屋安全鉴定",
        PauseTerms("鉴定", 5),
        now=datetime(2026, 11, 3, 9),
    )
    view = case_clock.case_clock(demo.read_uow(), case, date(2026, 11, 4))
    assert view.pauses[0].approved_days == 5 and view.pauses[0].procedure == "鉴定"
    # Paused through 11-10 (5 working days after 11-03); the clock runs from 11-11.
    assert deadlines.level_counts(demo.read_uow(), date(2026, 11, 10)).paused == 1
    later = deadlines.level_counts(demo.read_uow(), date(2026, 11, 11))
    assert later.paused == 0 and later.total == 1
    assert deadlines.tick(demo.uow(), date(2026, 11, 11)) == 1
    assert deadlines.level_counts(demo.read_uow(), date(2026, 11, 11)) == later
    with pytest.raises(InvalidInput, match="批准的期限"):
        case_clock.start_pause(
            demo.uow(), clerk, case, PauseKind.SPECIAL_PROCEDURE, "听证", PauseTerms("听证", 0)
        )


def test_only_a_supervisor_suspends(demo: AppContext, clerk: Actor, supervisor: Actor) -> None:
    case = make_case(demo, clerk, item=ITEM).case_id
    with pytest.raises(PermissionDenied, match="中心负责人"):
        case_clock.start_pause(demo.uow(), clerk, case, PauseKind.SUSPENSION, "等待上级答复")
    case_clock.start_pause(demo.uow(), supervisor, case, PauseKind.SUSPENSION, "等待上级答复")
    with pytest.raises(InvalidInput, match="计时并未暂停"):
        case_clock.end_pause(demo.uow(), supervisor, make_case(demo, clerk, item=ITEM).case_id)


def test_an_extension_is_requested_approved_and_moves_both_dates(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    case = make_case(demo, clerk, item=ITEM, now=datetime(2026, 11, 2, 9)).case_id
    before = due(demo, case, date(2026, 11, 5))
    asked = case_clock.request_extension(
        demo.uow(), clerk, case, 4, "需实地核查", now=datetime(2026, 11, 5, 9)
    )
    assert asked.status_label == "待批准"
    assert due(demo, case, date(2026, 11, 5)) == before  # not before it is approved
    with pytest.raises(InvalidInput, match="等待批准"):
        case_clock.request_extension(demo.uow(), clerk, case, 1, "再延")
    with pytest.raises(PermissionDenied):
        case_clock.decide_extension(demo.uow(), clerk, asked.id, True)
    with pytest.raises(InvalidInput, match="写明理由"):
        case_clock.decide_extension(demo.uow(), supervisor, asked.id, False)
    case_clock.decide_extension(
        demo.uow(), supervisor, asked.id, True, "同意", now=datetime(2026, 11, 5, 10)
    )
    after = due(demo, case, date(2026, 11, 5))
    cal = calendar.load_calendar(demo.read_uow())
    assert [cal.workdays_between(b, a) for b, a in zip(before, after, strict=True)] == [4, 4]
    assert stored_due(demo, case) == after
    view = case_clock.case_clock(demo.read_uow(), case, date(2026, 11, 5))
    assert (view.extension_granted, view.extension_left, view.max_extension_days) == (4, 6, 10)


def test_an_extension_beyond_the_legal_maximum_is_refused(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    case = make_case(demo, clerk, item=ITEM, now=datetime(2026, 11, 2, 9)).case_id
    with pytest.raises(InvalidInput, match="超过本事项最多可延长的10个工作日"):
        case_clock.request_extension(demo.uow(), clerk, case, 11, "情况复杂")
    first = case_clock.request_extension(demo.uow(), clerk, case, 8, "情况复杂")
    case_clock.decide_extension(demo.uow(), supervisor, first.id, True, "同意")
    with pytest.raises(InvalidInput, match="已延期8个工作日"):
        case_clock.request_extension(demo.uow(), clerk, case, 3, "还需核查")
    assert len(case_clock.case_clock(demo.read_uow(), case, date(2026, 11, 5)).extensions) == 1


def test_importing_2027_makes_provisional_dates_final_and_moves_those_across_new_year(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    # Accepted 12-14: 10 working days end 12-28, within 2026; 20 cross New Year 2027.
    crossing = make_case(demo, clerk, item=ITEM, now=datetime(2026, 12, 14, 9)).case_id
    today = date(2026, 12, 14)
    [row] = all_rows(demo, today, MonitorFilter())
    assert (row.promised_due.provisional, row.legal_due.provisional) == (False, True)
    legal_before = row.legal_due.day
    result = calendar.import_calendar_file(demo.uow(), supervisor, TEST_2027)
    assert result.moved_cases == 1
    [row] = all_rows(demo, today, MonitorFilter())
    assert row.id == crossing
    assert not row.legal_due.provisional
    # 2027-01-01 is a holiday in the arrangement: one working day later.
    cal = calendar.load_calendar(demo.read_uow())
    assert row.legal_due.day == cal.next_workday(legal_before)
    assert row.legal_due.day == due(demo, crossing, today)[1]


def test_a_holiday_declared_ahead_moves_open_cases_and_counts_them(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    open_case = make_case(demo, clerk, item=ITEM, now=datetime(2026, 11, 30, 9)).case_id
    promised, legal = due(demo, open_case, date(2026, 11, 30))
    calendar.set_day(demo.uow(), supervisor, date(2026, 12, 3), False, "本地假日", "防汛调休")
    moved = json.loads(
        demo.read_uow()
        .__enter__()
        .session.execute(text("SELECT detail FROM audit_log WHERE action = 'calendar.set_day'"))
        .scalar_one()
    )["moved_cases"]
    assert moved == 1
    cal = calendar.load_calendar(demo.read_uow())
    assert stored_due(demo, open_case) == (cal.next_workday(promised), cal.next_workday(legal))


def test_new_thresholds_move_the_yellow_day_of_open_cases(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    make_case(demo, clerk, item=ITEM, now=datetime(2026, 11, 23, 9))
    today = date(2026, 12, 1)  # 4 of 10 working days left: 正常 by default
    assert deadlines.level_counts(demo.read_uow(), today).normal == 1
    hall_settings.set_warning_thresholds(demo.uow(), supervisor, WarningThresholds(4, 0.0))
    assert deadlines.level_counts(demo.read_uow(), today).warning == 1


def test_closing_a_case_takes_it_off_the_monitor(demo: AppContext, clerk: Actor) -> None:
    from hallapp.core.lifecycle import Action
    from hallapp.services import cases

    case = make_case(demo, clerk, item=ITEM, now=datetime(2026, 11, 23, 9)).case_id
    cases.apply_action(demo.uow(), clerk, case, Action.START_HANDLING)
    cases.apply_action(demo.uow(), clerk, case, Action.COMPLETE)
    assert deadlines.level_counts(demo.read_uow(), date(2026, 11, 25)).total == 0
    with demo.read_uow() as uow:
        stored = uow.session.execute(select(Case.clock, Case.due_no).where(Case.id == case)).one()
    assert stored.clock is None and stored.due_no is not None  # kept for the reports


def test_day_changes_list_what_turns_today_and_next(demo: AppContext, clerk: Actor) -> None:
    # Accepted Mon 11-23, promised 10 (due Mon 12-07), 预警 from 3 days left (Wed 12-02).
    case = make_case(demo, clerk, item=ITEM, now=datetime(2026, 11, 23, 9)).case_id
    tue = deadlines.day_changes(demo.read_uow(), date(2026, 12, 1))
    assert [r.id for r in tue.yellow_next] == [case] and not tue.yellow_today
    wed = deadlines.day_changes(demo.read_uow(), date(2026, 12, 2))
    assert [r.id for r in wed.yellow_today] == [case]
    mon = deadlines.day_changes(demo.read_uow(), date(2026, 12, 7))
    assert [r.id for r in mon.red_next] == [case] and not mon.red_today
    tue = deadlines.day_changes(demo.read_uow(), date(2026, 12, 8))
    assert [r.id for r in tue.red_today] == [case]
    sunday = deadlines.day_changes(demo.read_uow(), date(2026, 12, 6))
    assert not sunday.is_workday and not sunday.red_today
    assert sunday.next_workday == date(2026, 12, 7)


def test_the_start_of_day_list_prints_and_shows_once_a_day(
    demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    make_case(
        demo, clerk, item=ITEM, name="欧阳东方红", doc=resident_id(7), now=datetime(2026, 11, 23, 9)
    )
    assert morning.first_start_today(demo.uow(), supervisor, date(2026, 12, 2))
    assert not morning.first_start_today(demo.uow(), supervisor, date(2026, 12, 2))
    assert morning.first_start_today(demo.uow(), clerk, date(2026, 12, 2))
    assert morning.first_start_today(demo.uow(), supervisor, date(2026, 12, 3))
    pdf = morning.write_morning_list(
        demo.uow(), supervisor, date(2026, 12, 2), tmp_path / "晨会清单.pdf"
    )
    found = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "办件期限晨会清单" in found and "欧阳东方红" in found
    assert "今天进入预警（1件）" in found
    assert resident_id(7) not in found  # masked


def test_deadlines_command_prints_counts_as_json(
    demo: AppContext, clerk: Actor, settings: Settings
) -> None:
    make_case(demo, clerk, item=ITEM, now=datetime.now() - timedelta(days=60))
    env = {"HALLAPP_DB": str(settings.db_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-m", "hallapp", "deadlines", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    counts = json.loads(out)
    assert set(counts) == {
        "normal",
        "warning",
        "overdue",
        "legal_overdue",
        "paused",
        "follow_ups",
        "complaints",
    }
    assert counts["legal_overdue"] == 1
    assert counts["follow_ups"] == counts["complaints"] == {"warning": 0, "overdue": 0}
    listing = subprocess.run(
        [sys.executable, "-m", "hallapp", "deadlines"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    assert "超法定期限 1" in listing and "张三" in listing and "110105" not in listing
    assert "【回访整改】预警 0 件，超期 0 件" in listing
    assert "【效能投诉】预警 0 件，超期 0 件" in listing


def assert_tally_agrees(ctx: AppContext, today: date) -> None:
    """The counts kept in the tally are the counts of the cases themselves."""
    with ctx.read_uow() as uow:
        t = calendar.calendar_for(uow.session).workday_number(today)
        direct = deadlines._counts_from_cases(uow.session, t, MonitorFilter())
    assert deadlines.level_counts(ctx.read_uow(), today) == direct


def moved_by_last_change(ctx: AppContext) -> int:
    with ctx.read_uow() as uow:
        detail = uow.session.execute(
            text("SELECT detail FROM audit_log WHERE action LIKE 'calendar.%' ORDER BY id DESC")
        ).first()
    assert detail is not None
    return int(json.loads(detail[0])["moved_cases"])


def test_a_change_before_acceptance_moves_nothing(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    case = make_case(demo, clerk, item=ITEM, now=datetime(2026, 11, 25, 9)).case_id
    before = stored_due(demo, case)
    calendar.set_day(demo.uow(), supervisor, date(2026, 11, 24), False, "停电", "全镇停电")
    assert stored_due(demo, case) == before == due(demo, case, date(2026, 11, 25))
    assert moved_by_last_change(demo) == 0


def test_natural_day_limits_keep_their_date_unless_it_becomes_a_rest_day(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    # 居民身份证申领: 20 natural days promised, 60 legal. Accepted Mon 11-02: 11-22 is a
    # Sunday, so the promised date is Mon 11-23; the legal date is Fri 01-01 -> provisional.
    case = make_case(demo, clerk, item="居民身份证申领", now=datetime(2026, 11, 2, 9)).case_id
    promised, legal = stored_due(demo, case)
    assert promised == date(2026, 11, 23)
    calendar.set_day(demo.uow(), supervisor, date(2026, 11, 10), False, "本地假日", "调休")
    assert stored_due(demo, case) == (promised, legal)
    assert moved_by_last_change(demo) == 0
    calendar.set_day(demo.uow(), supervisor, date(2026, 11, 23), False, "本地假日", "调休")
    assert stored_due(demo, case) == (date(2026, 11, 24), legal)
    assert_tally_agrees(demo, date(2026, 11, 20))
    assert stored_due(demo, case) == due(demo, case, date(2026, 11, 20))
    assert moved_by_last_change(demo) == 1


def test_calendar_changes_keep_the_tally_in_step_with_many_cases(
    demo: AppContext, supervisor: Actor
) -> None:
    generate_cases(demo.uow(), COMMAND_LINE, 2000, seed=11, today=date(2026, 11, 27))
    today = date(2026, 11, 30)
    before = deadlines.level_counts(demo.read_uow(), today)
    calendar.set_day(demo.uow(), supervisor, date(2026, 11, 16), False, "本地假日", "补记")
    assert moved_by_last_change(demo) > 0
    assert_tally_agrees(demo, today)
    calendar.import_calendar_file(demo.uow(), supervisor, TEST_2027)
    assert_tally_agrees(demo, today)
    calendar.reset_day(demo.uow(), supervisor, date(2026, 11, 16), "撤销")
    assert_tally_agrees(demo, today)
    assert deadlines.level_counts(demo.read_uow(), today).total == before.total
