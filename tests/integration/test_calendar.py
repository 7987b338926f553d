"""The hall calendar: overrides in the database, the 2027 arrangement, the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from hallapp.app import AppContext
from hallapp.core.workdays import DayKind
from hallapp.errors import InvalidInput, PermissionDenied
from hallapp.services import calendar
from hallapp.services.actors import Actor
from hallapp.services.calendar_files import CalendarFileInvalid

DATA = Path(__file__).resolve().parents[1] / "data"
TEST_2027 = DATA / "calendar-2027-test.json"


def test_2027_is_provisional_until_its_arrangement_is_imported(
    demo: AppContext, supervisor: Actor
) -> None:
    before = calendar.add_workdays(demo.read_uow(), date(2026, 12, 25), 10)
    # Weekends only: 12-28..31 (4), 01-01 (5), 01-04..08 (10).
    assert (before.day, before.provisional) == (date(2027, 1, 8), True)
    result = calendar.import_calendar_file(demo.uow(), supervisor, TEST_2027)
    assert (result.year, result.days, result.replaced) == (2027, 21, 0)
    after = calendar.add_workdays(demo.read_uow(), date(2026, 12, 25), 10)
    # 2027-01-01 is now a holiday: one more working day is needed.
    assert (after.day, after.provisional) == (date(2027, 1, 11), False)
    view = calendar.year_view(demo.read_uow(), 2027, date(2026, 11, 28))
    assert view.known
    assert view.info(date(2027, 2, 13)).kind is DayKind.MAKEUP_WORKDAY
    assert view.info(date(2027, 2, 13)).source_label == "本中心修改"


def test_reimporting_a_year_replaces_its_days(
    demo: AppContext, supervisor: Actor, tmp_path: Path
) -> None:
    calendar.import_calendar_file(demo.uow(), supervisor, TEST_2027)
    data = json.loads(TEST_2027.read_text(encoding="utf-8"))
    data["holidays"] = data["holidays"][:1]
    data["workdays"] = []
    smaller = tmp_path / "2027.json"
    smaller.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = calendar.import_calendar_file(demo.uow(), supervisor, smaller)
    assert (result.days, result.replaced) == (3, 21)
    view = calendar.year_view(demo.read_uow(), 2027, date(2027, 1, 1))
    assert view.info(date(2027, 2, 8)).kind is DayKind.WORKDAY


def test_november_warns_while_next_year_is_unknown(demo: AppContext, supervisor: Actor) -> None:
    october = calendar.year_view(demo.read_uow(), 2026, date(2026, 10, 31))
    assert october.warning is None
    november = calendar.year_view(demo.read_uow(), 2026, date(2026, 11, 28))
    assert november.warning is not None and "尚未载入2027年节假日安排" in november.warning
    calendar.import_calendar_file(demo.uow(), supervisor, TEST_2027)
    assert calendar.year_view(demo.read_uow(), 2026, date(2026, 11, 28)).warning is None


def test_a_supervisor_corrects_a_day_and_can_undo_it(demo: AppContext, supervisor: Actor) -> None:
    start = date(2026, 6, 5)  # a Friday
    assert calendar.add_workdays(demo.read_uow(), start, 1).day == date(2026, 6, 8)
    info = calendar.set_day(
        demo.uow(), supervisor, date(2026, 6, 6), True, "防汛应急上班", "县防指通知"
    )
    assert info.kind is DayKind.MAKEUP_WORKDAY and info.source == "local"
    assert calendar.add_workdays(demo.read_uow(), start, 1).day == date(2026, 6, 6)
    calendar.reset_day(demo.uow(), supervisor, date(2026, 6, 6), "应急结束")
    assert calendar.add_workdays(demo.read_uow(), start, 1).day == date(2026, 6, 8)


def test_edits_are_checked(demo: AppContext, supervisor: Actor, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied, match="中心负责人或管理员"):
        calendar.set_day(demo.uow(), clerk, date(2026, 6, 6), True, "上班", "原因")
    with pytest.raises(InvalidInput, match="修改原因"):
        calendar.set_day(demo.uow(), supervisor, date(2026, 6, 6), True, "上班", " ")
    with pytest.raises(InvalidInput, match="本来就是工作日"):
        calendar.set_day(demo.uow(), supervisor, date(2026, 6, 4), True, "上班", "原因")
    with pytest.raises(InvalidInput, match="没有本地修改"):
        calendar.reset_day(demo.uow(), supervisor, date(2026, 6, 4), "原因")


def test_a_bad_arrangement_imports_nothing_and_lists_every_error(
    demo: AppContext, supervisor: Actor, tmp_path: Path
) -> None:
    data = json.loads(TEST_2027.read_text(encoding="utf-8"))
    data["holidays"].append({"name": "错年", "days": ["2026-12-31"]})
    data["workdays"].append({"name": "周三上班", "days": ["2027-03-03"]})
    data["workdays"].append({"name": "重复", "days": ["2027-01-01"]})
    data["holidays"].append({"name": "坏日期", "days": ["2027-02-30"]})
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CalendarFileInvalid) as caught:
        calendar.import_calendar_file(demo.uow(), supervisor, bad)
    text = "\n".join(caught.value.problems)
    assert len(caught.value.problems) == 5
    assert "2026-12-31（错年）不在 2027 年内" in text
    assert "2027-03-03（周三上班）是周一至周五" in text
    assert "2027-01-01 同时列为“元旦”和“重复”" in text
    assert "2027-01-01（重复）是周一至周五" in text
    assert "holidays 第5组“坏日期”：“2027-02-30”不是有效日期" in text
    assert not calendar.year_view(demo.read_uow(), 2027, date(2027, 1, 1)).known


def run_cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HALLAPP_DB=str(db))
    return subprocess.run(
        [sys.executable, "-m", "hallapp", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_command_line_workdays_and_calendar(tmp_path: Path) -> None:
    db = tmp_path / "hall.sqlite3"
    added = run_cli(db, "workdays", "add", "2025-09-26", "5")
    assert added.returncode == 0, added.stderr
    # 09-28 (Sun, make-up), 09-29, 09-30, holiday 10-01..08, then 10-09, 10-10.
    assert added.stdout == "2025-10-10\n"
    assert run_cli(db, "workdays", "between", "2025-09-26", "2025-10-10").stdout == "5\n"
    assert run_cli(db, "workdays", "add", "2026-12-25", "10").stdout == "2027-01-08 (provisional)\n"
    shown = run_cli(db, "calendar", "show", "2026")
    assert "2026-02-14 周六  调休上班" in shown.stdout
    assert "国家公布（内置）" in shown.stdout

    imported = run_cli(db, "calendar", "import", str(TEST_2027))
    assert imported.returncode == 0, imported.stderr
    assert "已导入2027年节假日安排：21 天" in imported.stdout
    assert run_cli(db, "workdays", "add", "2026-12-25", "10").stdout == "2027-01-11\n"

    bad = run_cli(db, "workdays", "add", "2025-02-30", "5")
    assert bad.returncode == 2
    assert "日期须为 年-月-日 格式" in bad.stderr
    negative = run_cli(db, "workdays", "add", "2025-02-03", "-1")
    assert negative.returncode == 2
