"""The deadline monitor's lines for 回访整改 and 效能投诉: open ones counted by level with
the cases' thresholds, day by day across a holiday, and in agreement with the levels the
lists show."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import date, datetime

import pytest

from hallapp.app import AppContext
from hallapp.cli import main
from hallapp.config import Settings
from hallapp.core.evaluation import Rating
from hallapp.services import complaints, deadlines, evaluations
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.deadlines import OtherCounts
from hallapp.services.demo_cases import generate_cases
from tests.integration.test_complaints import ABOUT_LIUJUN
from tests.integration.test_evaluations import TUESDAY, rate, refused


def test_open_follow_ups_turn_yellow_then_red_and_leave_the_count_when_closed(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    # Due Mon 10-12 (opened Tue 09-29) and Thu 10-15 (opened Fri 10-09).
    first = rate(demo, clerk, refused(demo, clerk, serial=1), Rating.DISSATISFIED)
    later = datetime(2026, 10, 9, 10)
    second = rate(demo, clerk, refused(demo, clerk, later, 2), Rating.DISSATISFIED, later)
    assert second.follow_up is not None and second.follow_up.due_on == date(2026, 10, 15)
    rate(demo, clerk, refused(demo, clerk, serial=3), Rating.SATISFIED)  # nothing to follow

    def counts(day: date) -> OtherCounts:
        return deadlines.follow_up_counts(demo.read_uow(), day)

    assert counts(date(2026, 9, 30)) == OtherCounts(0, 0)
    assert counts(date(2026, 10, 9)) == OtherCounts(1, 0)  # 10-10 and 10-12 left
    assert counts(date(2026, 10, 12)) == OtherCounts(1, 0)  # the second has 3 left
    assert counts(date(2026, 10, 13)) == OtherCounts(1, 1)
    assert first.follow_up is not None
    evaluations.close_follow_up(demo.uow(), supervisor, first.follow_up.id, "已回访", later)
    assert counts(date(2026, 10, 13)) == OtherCounts(1, 0)
    assert counts(date(2026, 10, 16)) == OtherCounts(0, 1)


def test_complaints_count_until_the_complainant_is_answered(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    short = complaints.register_complaint(demo.uow(), clerk, ABOUT_LIUJUN, TUESDAY)  # 10-12
    ten = replace(ABOUT_LIUJUN, days=10)
    long = complaints.register_complaint(demo.uow(), clerk, ten, TUESDAY)
    assert (short.due_on, long.due_on) == (date(2026, 10, 12), date(2026, 10, 19))

    def counts(day: date) -> OtherCounts:
        return deadlines.complaint_counts(demo.read_uow(), day)

    assert counts(date(2026, 10, 8)) == OtherCounts(0, 0)
    assert counts(date(2026, 10, 9)) == OtherCounts(1, 0)
    # Ten days warn three working days ahead: 10-14 with 10-15, 10-16 and 10-19 left.
    assert counts(date(2026, 10, 13)) == OtherCounts(0, 1)
    assert counts(date(2026, 10, 14)) == OtherCounts(1, 1)
    answered = datetime(2026, 10, 14, 11)
    complaints.record_findings(demo.uow(), supervisor, short.id, "属实", True, answered)
    complaints.record_reply(demo.uow(), supervisor, short.id, "已答复", answered.date(), answered)
    assert counts(date(2026, 10, 14)) == OtherCounts(1, 0)
    complaints.extend_complaint(demo.uow(), supervisor, long.id, 5, "需县局核实", answered)
    assert counts(date(2026, 10, 14)) == OtherCounts(0, 0)


def test_the_counts_agree_with_the_levels_the_lists_show(demo: AppContext) -> None:
    generate_cases(demo.uow(), COMMAND_LINE, 12000, seed=5, today=date(2026, 11, 27))
    for today in (date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 8)):
        open_ones = evaluations.follow_ups(demo.read_uow(), today, limit=100_000)
        levels = Counter(f.level for f in open_ones)
        counted = deadlines.follow_up_counts(demo.read_uow(), today)
        assert counted == OtherCounts(levels["warning"], levels["overdue"]), today
        every = complaints.list_complaints(demo.read_uow(), today, limit=100_000)
        levels = Counter(c.level for c in every)
        counted = deadlines.complaint_counts(demo.read_uow(), today)
        assert counted == OtherCounts(levels["warning"], levels["overdue"]), today
    assert deadlines.follow_up_counts(demo.read_uow(), date(2026, 12, 8)).overdue > 0


def test_the_deadlines_command_lists_follow_ups_and_complaints_needing_attention(
    demo: AppContext, clerk: Actor, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    rated = rate(demo, clerk, refused(demo, clerk, serial=1), Rating.VERY_DISSATISFIED)
    complaint = complaints.register_complaint(demo.uow(), clerk, ABOUT_LIUJUN, TUESDAY)
    args = ["--db", str(settings.db_path), "deadlines", "--date", "2026-10-13"]
    assert main([*args, "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["follow_ups"] == {"warning": 0, "overdue": 1}
    assert counts["complaints"] == {"warning": 0, "overdue": 1}
    assert main(args) == 0
    listing = capsys.readouterr().out
    follow_ups, complaint_part = listing.split("【回访整改】")[1].split("【效能投诉】")
    assert follow_ups.startswith("预警 0 件，超期 1 件")
    assert rated.case_number in follow_ups and "非常不满意  超期  期限2026-10-12" in follow_ups
    assert complaint_part.startswith("预警 0 件，超期 1 件")
    assert complaint.number in complaint_part and "未指定承办人" in complaint_part
    assert ABOUT_LIUJUN.complainant_phone not in listing
