"""统计报表 on a real database: a small hall of April and May 2026 whose every figure is
worked out by hand below, the daily ledger, the XLSX, PDF and template exports read back,
who may see what, and the command line.

The calendar of the period: 清明 holiday Mon 2026-04-06; 劳动节 Fri 05-01 to Tue 05-05 with
Sat 05-09 a working day. The cases (working days counted with the starting day excluded):

    case  item (promised/legal)  clerk  taken in         completed      used  on time
    A     临时救助 (7/15)        张敏   Wed 04-29 受理   Tue 05-12      7     承诺 法定  across 劳动节, delivered 05-13
    B     医疗救助 (10/20)       刘军   Mon 04-13 受理   Fri 05-08      11    — 法定     补正 04-14..04-21 stops 5 days
    C     居住证明 (即办)        张敏   Thu 04-16 即办   Thu 04-16      0     承诺 法定
    D     社保卡申领 (1/5)       李建国 Mon 05-18 受理   Mon 05-25      5     — 法定     on the legal due day
    E     临时救助 (7/15)        刘军   Thu 04-02 受理   Mon 04-27      16    — —        across 清明
    F     临时救助               张敏   Wed 05-06 不予受理
    G     临时救助               刘军   Wed 05-06 一次性告知
    H     社保卡申领 (1/5)       张敏   Mon 03-30 受理   Wed 04-08      6     — —        taken in before the period
    I     医疗救助 (10/20)       张敏   Thu 05-28 受理   (open)                          village agent point
    J     社保卡申领 (1/5)       李建国 Fri 05-29 受理   Tue 06-02                       completed after the period
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.workbook.defined_name import DefinedName
from sqlalchemy import event, select

from hallapp.app import AppContext, open_database
from hallapp.cli import main
from hallapp.config import Settings
from hallapp.core.complaints import ComplaintChannel, SubjectKind
from hallapp.core.evaluation import EvaluationChannel, Rating
from hallapp.core.identity import DocumentType
from hallapp.core.intake import Applicant, ApplicantKind, Decision, IntakeForm, Refusal
from hallapp.core.lifecycle import Action
from hallapp.db.models import Agent, AuditRecord, Case, VillagePoint
from hallapp.errors import InvalidInput, PermissionDenied
from hallapp.services import agents, cases, complaints, evaluations, intake, reports
from hallapp.services.actors import COMMAND_LINE, Actor, Role
from hallapp.services.audit_trail import action_label
from hallapp.services.demo import seed_demo
from hallapp.services.halls import actor_for
from tests.ui.test_register_support import checklist, item_id, make_case, resident_id

HALL = "示例镇便民服务中心"
PERIOD = reports.Period(date(2026, 4, 1), date(2026, 5, 31))
RELIEF, MEDICAL, RESIDENCE, CARD = "临时救助申请", "医疗救助申请", "居住证明", "社会保障卡申领"
INSPECTOR = Actor(None, "inspector", "县督查组", frozenset({Role.READONLY}))


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute)


@dataclass
class Township:
    ctx: AppContext
    ids: dict[str, int]
    zhang: Actor
    liu: Actor
    li: Actor

    def number(self, case: str) -> str:
        with self.ctx.read_uow() as uow:
            found = uow.session.scalar(select(Case.number).where(Case.id == self.ids[case]))
            assert found is not None
            return found


def applicant_name(serial: int) -> str:
    return "王" + "一二三四五六七八九十"[serial - 1]


def _take(
    ctx: AppContext, actor: Actor, item: str, when: datetime, serial: int, **kw: object
) -> int:
    made = make_case(
        ctx,
        actor,
        item=item,
        now=when,
        name=applicant_name(serial),
        doc=resident_id(serial),
        **kw,  # type: ignore[arg-type]
    )
    return made.case_id


def _refuse(ctx: AppContext, actor: Actor, item: str, when: datetime, serial: int) -> int:
    vid = item_id(ctx, item)
    person = Applicant(
        ApplicantKind.PERSON, applicant_name(serial), DocumentType.RESIDENT_ID, resident_id(serial),
        "13800138000", "示例镇人民路2号",
    )  # fmt: skip
    form = IntakeForm(vid, person, checklist(ctx, vid), idempotency_key=intake.new_form_key())
    refusal = Refusal("not_our_matter", "申请事项属于县民政局职权，请向该局申请")
    return intake.submit_intake(ctx.uow(), actor, form, Decision.REFUSE, refusal, now=when).case_id


def _steps(ctx: AppContext, actor: Actor, case_id: int, *steps: tuple[Action, datetime]) -> None:
    for action, when in steps:
        comment = "缺少户口簿" if action is Action.REQUEST_SUPPLEMENT else ""
        cases.apply_action(ctx.uow(), actor, case_id, action, comment, now=when)


def _agent(ctx: AppContext, name: str) -> int:
    with ctx.read_uow() as uow:
        found = uow.session.scalar(select(Agent.id).where(Agent.name == name))
        assert found is not None
        return found


def _point(ctx: AppContext, village: str) -> int:
    with ctx.read_uow() as uow:
        found = uow.session.scalar(select(VillagePoint.id).where(VillagePoint.village == village))
        assert found is not None
        return found


def _complaint(
    ctx: AppContext,
    supervisor: Actor,
    channel: ComplaintChannel,
    received: datetime,
    days: int,
    findings: tuple[bool, datetime] | None = None,
    replied: date | None = None,
) -> int:
    form = complaints.ComplaintForm(
        channel=channel,
        anonymous=False,
        complainant_name="赵六",
        complainant_phone="",
        subject_kind=SubjectKind.DEPARTMENT,
        subject_staff_login=None,
        subject_agent_id=None,
        subject_case_number=None,
        subject_department="示例镇社会事务办公室",
        content="办理太慢，来回跑了三趟",
        days=days,
    )
    made = complaints.register_complaint(ctx.uow(), supervisor, form, now=received)
    if findings is not None:
        substantiated, when = findings
        complaints.record_findings(
            ctx.uow(),
            supervisor,
            made.id,
            "经查情况属实" if substantiated else "经查不属实",
            substantiated,
            now=when,
        )
        if replied is not None:
            complaints.record_reply(
                ctx.uow(), supervisor, made.id, "已向投诉人说明并致歉", replied,
                now=datetime.combine(replied, datetime.min.time().replace(hour=16)),
            )  # fmt: skip
    return made.id


def _rate(ctx: AppContext, actor: Actor, case_id: int, rating: Rating, when: datetime) -> None:
    form = evaluations.EvaluationForm(case_id, rating, EvaluationChannel.SCREEN)
    evaluations.record_evaluation(ctx.uow(), actor, form, now=when)


def build(ctx: AppContext) -> Township:
    seed_demo(ctx.uow(), COMMAND_LINE)
    zhang, liu, li = (
        actor_for(ctx.read_uow(), login) for login in ("zhangmin", "liujun", "lijianguo")
    )
    A, S, C, D, R = (
        Action.START_HANDLING,
        Action.COMPLETE,
        Action.REQUEST_SUPPLEMENT,
        Action.DELIVER,
        Action.SUPPLEMENT_DONE,
    )
    ids: dict[str, int] = {}
    ids["H"] = _take(ctx, zhang, CARD, at(3, 30), 8)
    _steps(ctx, zhang, ids["H"], (A, at(3, 30, 10)), (S, at(4, 8, 11)))
    ids["E"] = _take(ctx, liu, RELIEF, at(4, 2), 5)
    _steps(ctx, liu, ids["E"], (A, at(4, 2, 10)), (S, at(4, 27, 15)))
    ids["B"] = _take(ctx, liu, MEDICAL, at(4, 13), 2)
    agents.put_under_agent_service(
        ctx.uow(), liu, ids["B"],
        agents.AgentServiceForm(_agent(ctx, "王芳"), "代为申请医疗救助并领取结果"),
        now=at(4, 13, 9, 30),
    )  # fmt: skip
    _steps(
        ctx,
        liu,
        ids["B"],
        (A, at(4, 13, 10)),
        (C, at(4, 14, 10)),
        (R, at(4, 21, 10)),
        (S, at(5, 8, 10)),
    )
    ids["C"] = _take(ctx, zhang, RESIDENCE, at(4, 16, 10), 3, decision=Decision.ON_THE_SPOT)
    ids["A"] = _take(ctx, zhang, RELIEF, at(4, 29), 1)
    _steps(ctx, zhang, ids["A"], (A, at(4, 29, 10)), (S, at(5, 12, 16)), (D, at(5, 13, 10)))
    ids["F"] = _refuse(ctx, zhang, RELIEF, at(5, 6), 6)
    ids["G"] = _take(
        ctx, liu, RELIEF, at(5, 6, 14), 7, decision=Decision.NOTICE, missing="缺少收入证明"
    )
    ids["D"] = _take(ctx, li, CARD, at(5, 18), 4)
    _steps(ctx, li, ids["D"], (A, at(5, 18, 10)), (S, at(5, 25, 15)))
    ids["I"] = _take(ctx, zhang, MEDICAL, at(5, 28), 9)
    agents.put_under_agent_service(
        ctx.uow(), zhang, ids["I"],
        agents.AgentServiceForm(
            _agent(ctx, "赵春兰"), "代为申请医疗救助", origin=agents.Origin.VILLAGE,
            village_point_id=_point(ctx, "东山村"), village_received_on=date(2026, 5, 27),
        ),
        now=at(5, 28, 9, 30),
    )  # fmt: skip
    _steps(ctx, zhang, ids["I"], (A, at(5, 28, 10)))
    ids["J"] = _take(ctx, li, CARD, at(5, 29), 10)
    _steps(ctx, li, ids["J"], (A, at(5, 29, 10)), (S, at(6, 2, 10)))

    _rate(ctx, zhang, ids["A"], Rating.VERY_SATISFIED, at(5, 13, 10, 5))
    _rate(ctx, zhang, ids["C"], Rating.SATISFIED, at(4, 16, 10, 5))
    _rate(ctx, liu, ids["E"], Rating.DISSATISFIED, at(4, 27, 15, 10))
    _rate(ctx, zhang, ids["F"], Rating.BASIC, at(5, 6, 9, 10))
    _rate(ctx, li, ids["J"], Rating.SATISFIED, at(6, 2, 10, 5))  # after the period

    # Due 05-07, answered 04-24: on time and substantiated. Due 05-12 (05-09 is worked),
    # answered 05-14: late. One still open, one received before the period.
    _complaint(
        ctx, li, ComplaintChannel.WINDOW, at(4, 20), 10, (True, at(4, 22)), date(2026, 4, 24)
    )
    _complaint(
        ctx, li, ComplaintChannel.HOTLINE, at(5, 6), 5, (False, at(5, 13)), date(2026, 5, 14)
    )
    _complaint(ctx, li, ComplaintChannel.PHONE, at(5, 25), 10)
    _complaint(ctx, li, ComplaintChannel.LETTER, at(3, 20), 10)
    return Township(ctx, ids, zhang, liu, li)


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Township]:
    directory = tmp_path_factory.mktemp("reports")
    ctx = open_database(
        Settings(directory / "hall.sqlite3", directory / "backups", directory / "config.toml")
    )
    try:
        yield build(ctx)
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def stats(town: Township) -> reports.PeriodStats:
    return reports.period_stats(town.ctx.read_uow(), town.li, PERIOD)


def rows(table: reports.StatTable) -> dict[object, tuple[object, ...]]:
    return {row[0]: row[1:] for row in table.rows}


# --- the figures ------------------------------------------------------------------------


def test_the_headline_figures_are_the_hand_counted_ones(stats: reports.PeriodStats) -> None:
    assert (stats.hall_name, stats.hall_code, stats.period) == (HALL, "430121104000", PERIOD)
    assert stats.received == 9  # A B C D E F G I J; H came in before the period
    assert stats.completed == 6  # A B C D E H; J after it
    assert stats.on_time_promised == pytest.approx(2 / 6)  # A C
    assert stats.on_time_legal == pytest.approx(4 / 6)  # A B C D
    assert stats.avg_days_used == pytest.approx((7 + 11 + 0 + 5 + 16 + 6) / 6)
    assert stats.avg_promised_days == pytest.approx((7 + 10 + 0 + 1 + 7 + 1) / 6)
    assert stats.avg_legal_days == pytest.approx((15 + 20 + 0 + 5 + 15 + 5) / 6)
    assert stats.speedup_rate == pytest.approx(1 - 26 / 60)
    assert (stats.agent_cases, stats.village_cases) == (2, 1)  # B at the window, I at 东山村
    assert stats.ratings == {
        "very_satisfied": 1,
        "satisfied": 1,
        "basic": 1,
        "dissatisfied": 1,
        "very_dissatisfied": 0,
    }
    assert stats.satisfaction_rate == pytest.approx(3 / 4)
    assert (
        stats.complaints_received,
        stats.complaints_substantiated,
        stats.complaints_closed_on_time,
    ) == (3, 1, 1)


def test_each_month_counts_what_came_in_and_what_was_completed_in_it(
    stats: reports.PeriodStats,
) -> None:
    assert stats.months == (
        reports.MonthFigure("2026-04", 4, 3, pytest.approx(1 / 3)),  # in: B C E A; done: C E H
        reports.MonthFigure("2026-05", 5, 3, pytest.approx(1 / 3)),  # in: D F G I J; done: A B D
    )
    table = stats.table("by_month")
    assert rows(table) == {
        "2026年4月": (4, 4, 3, pytest.approx(1 / 3), pytest.approx(1 / 3), pytest.approx(22 / 3)),
        "2026年5月": (5, 3, 3, pytest.approx(1 / 3), 1.0, pytest.approx(23 / 3)),
    }
    assert table.total == ("合计", 9, 7, 6, pytest.approx(2 / 6), pytest.approx(4 / 6), 7.5)


def test_the_tables_by_item_department_state_channel_and_clerk(stats: reports.PeriodStats) -> None:
    by_item = stats.table("by_item")
    # Busiest first: 临时救助 took in 4; of the two with 2, the one with more completions.
    assert [r[0] for r in by_item.rows] == [RELIEF, CARD, MEDICAL, RESIDENCE]
    assert rows(by_item)[RELIEF] == ("示例镇社会事务办公室", 4, 2, 2, 0.5, 0.5, 11.5, 7.0, 15.0)
    assert rows(by_item)[MEDICAL] == ("示例县医疗保障局", 2, 2, 1, 0.0, 1.0, 11.0, 10.0, 20.0)
    assert rows(by_item)[CARD][1:] == (2, 2, 2, 0.0, 0.5, 5.5, 1.0, 5.0)
    assert rows(by_item)[RESIDENCE][1:] == (1, 1, 1, 1.0, 1.0, 0.0, 0.0, 0.0)
    assert by_item.total is not None and by_item.total[:5] == ("合计", "", 9, 7, 6)

    by_department = stats.table("by_department")
    assert rows(by_department)["示例镇社会事务办公室"] == (4, 2, 2, 0.5, 0.5, 11.5)
    assert sum(r[1] for r in by_department.rows) == 9  # type: ignore[misc]

    assert rows(stats.table("by_state")) == {
        "待补正": (1, pytest.approx(1 / 9)),  # G
        "不予受理": (1, pytest.approx(1 / 9)),  # F
        "承办": (1, pytest.approx(1 / 9)),  # I
        "办结": (5, pytest.approx(5 / 9)),  # B C D E J
        "已送达": (1, pytest.approx(1 / 9)),  # A
    }
    assert [r[0] for r in stats.table("by_state").rows] == [
        "待补正",
        "不予受理",
        "承办",
        "办结",
        "已送达",
    ]
    assert rows(stats.table("by_channel")) == {
        "窗口": (9, 1.0),
        "其中：代办": (2, pytest.approx(2 / 9)),
        "其中：村代办点收件": (1, pytest.approx(1 / 9)),
    }
    by_clerk = stats.table("by_clerk")
    assert by_clerk.rows == (
        ("张敏", 4, 3, 3, pytest.approx(2 / 3), 3, 1.0),  # A C F I; done A C H; rated A C F
        ("刘军", 3, 2, 2, 0.0, 1, 0.0),  # B E G; done B E; E rated 不满意
        ("李建国", 2, 2, 1, 0.0, 0, None),  # D J; done D
    )
    assert rows(stats.table("by_agent")) == {
        "王芳": ("镇代办员", 1, 0),
        "赵春兰": ("村代办员", 1, 1),
    }
    assert rows(stats.table("ratings"))["非常不满意"] == (0, 0.0)
    assert rows(stats.table("complaints")) == {
        "窗口": (1, 1, 1, 1.0),
        "电话": (1, 0, 0, 0.0),
        "12345热线": (1, 0, 0, 0.0),
        "信件": (0, 0, 0, None),  # received before the period
        "网上": (0, 0, 0, None),
    }


def test_progress_is_reported_to_the_end(town: Township) -> None:
    seen: list[tuple[int, int]] = []
    reports.period_stats(town.ctx.read_uow(), town.li, PERIOD, lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 6) and seen[-1] == (6, 6)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_an_empty_period_has_counts_of_zero_and_no_rates(town: Township) -> None:
    empty = reports.period_stats(town.ctx.read_uow(), town.li, reports.Period.month(2025, 7))
    assert (empty.received, empty.completed, empty.agent_cases) == (0, 0, 0)
    assert empty.on_time_promised is None and empty.avg_days_used is None
    assert empty.speedup_rate is None and empty.satisfaction_rate is None
    assert empty.months == (reports.MonthFigure("2025-07", 0, 0, None),)


def test_a_period_ending_before_it_starts_is_refused(town: Township) -> None:
    with pytest.raises(InvalidInput, match="起始日期（2026-06-01）晚于截止日期（2026-05-31）"):
        reports.period_stats(
            town.ctx.read_uow(), town.li, reports.Period(date(2026, 6, 1), date(2026, 5, 31))
        )


def test_the_statistics_are_for_those_who_oversee_the_hall(town: Township) -> None:
    with pytest.raises(PermissionDenied, match="中心负责人或管理员或只读用户"):
        reports.period_stats(town.ctx.read_uow(), town.zhang, PERIOD)
    assert reports.period_stats(town.ctx.read_uow(), INSPECTOR, PERIOD).received == 9
    admin = actor_for(town.ctx.read_uow(), "admin")
    assert reports.period_stats(town.ctx.read_uow(), admin, PERIOD).completed == 6


# --- the daily ledger --------------------------------------------------------------------


def test_the_ledger_lists_the_days_steps_with_totals_per_person(town: Township) -> None:
    ledger = reports.daily_ledger(town.ctx.read_uow(), town.li, date(2026, 5, 6))
    f, g = town.number("F"), town.number("G")
    assert [(x.at, x.clerk_name, x.case_number, x.item_name, x.what) for x in ledger.lines] == [
        (at(5, 6), "张敏", f, RELIEF, "收件"),
        (at(5, 6), "张敏", f, RELIEF, "不予受理"),
        (at(5, 6, 14), "刘军", g, RELIEF, "收件"),
        (at(5, 6, 14), "刘军", g, RELIEF, "一次性告知"),
    ]
    # The ID number masked, the name whole.
    assert (
        ledger.lines[0].applicant == f"王六（{resident_id(6)[:3]}{'*' * 11}{resident_id(6)[-4:]}）"
    )
    assert ledger.per_clerk.columns == (
        "工作人员",
        "收件",
        "受理",
        "一次性告知",
        "不予受理",
        "办结",
        "送达",
        "其他",
        "合计",
    )
    assert ledger.per_clerk.rows == (
        ("张敏", 1, 0, 0, 1, 0, 0, 0, 2),
        ("刘军", 1, 0, 1, 0, 0, 0, 0, 2),
    )
    assert ledger.per_clerk.total == ("合计", 2, 0, 1, 1, 0, 0, 0, 4)


def test_a_clerk_sees_their_own_ledger_and_an_agent_none(town: Township) -> None:
    own = reports.daily_ledger(town.ctx.read_uow(), town.zhang, date(2026, 5, 6))
    assert {x.clerk_name for x in own.lines} == {"张敏"} and len(own.lines) == 2
    completion = reports.daily_ledger(town.ctx.read_uow(), town.zhang, date(2026, 4, 16))
    assert [x.what for x in completion.lines] == ["收件", "即办办结"]
    assert completion.per_clerk.rows == (("张敏", 1, 0, 0, 0, 1, 0, 0, 2),)
    agent = actor_for(town.ctx.read_uow(), "wangfang")
    with pytest.raises(PermissionDenied):
        reports.daily_ledger(town.ctx.read_uow(), agent, date(2026, 5, 6))


# --- files --------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    """The PDF's text with all white space removed: CJK extraction spaces glyphs freely."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return "".join(out.split())


def test_the_xlsx_has_a_sheet_per_table_headed_by_hall_and_period(
    stats: reports.PeriodStats, tmp_path: Path
) -> None:
    path = reports.write_stats_xlsx(stats, tmp_path / "统计.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "汇总", "按月统计", "按事项统计", "按部门统计", "按办件状态统计", "按受理渠道统计",
        "按窗口人员统计", "代办统计", "好差评统计", "效能投诉统计",
    ]  # fmt: skip
    summary = wb["汇总"]
    assert summary["A1"].value == f"{HALL}　办件统计汇总"
    assert summary["A2"].value == (
        f"统计期间：2026年4月1日—2026年5月31日　服务中心：{HALL}（430121104000）"
    )
    figures = {summary.cell(r, 1).value: summary.cell(r, 2) for r in range(5, summary.max_row + 1)}
    assert figures["收件（件）"].value == 9
    assert figures["按期办结率（承诺时限）"].value == pytest.approx(2 / 6)
    assert figures["按期办结率（承诺时限）"].number_format == "0.0%"
    assert figures["平均办理用时（工作日）"].value == 7.5
    assert figures["平均办理用时（工作日）"].number_format == "0.0"
    assert figures["满意率"].value == 0.75
    assert figures["效能投诉（件）"].value == 3

    ws = wb["按事项统计"]
    assert ws["A1"].value == f"{HALL}　按事项统计" and ws["A2"].value.startswith(
        "统计期间：2026年4月1日"
    )
    assert [c.value for c in ws[4]] == list(stats.table("by_item").columns)
    assert [c.value for c in ws[5]] == [
        RELIEF,
        "示例镇社会事务办公室",
        4,
        2,
        2,
        0.5,
        0.5,
        11.5,
        7,
        15,
    ]
    assert ws["F5"].number_format == "0.0%" and ws["H5"].number_format == "0.0"
    assert ws.cell(9, 1).value == "合计" and ws.cell(9, 3).value == 9 and ws.cell(9, 1).font.b
    assert ws.column_dimensions["A"].width >= 2 * len(RELIEF)  # a Chinese character is two wide
    clerks = wb["按窗口人员统计"]
    assert [c.value for c in clerks[7]] == ["李建国", 2, 2, 1, 0, 0, None]  # no rating: empty


def test_the_ledger_xlsx_and_pdf(town: Township, tmp_path: Path) -> None:
    ledger = reports.daily_ledger(town.ctx.read_uow(), town.li, date(2026, 5, 6))
    wb = load_workbook(reports.write_ledger_xlsx(ledger, tmp_path / "台账.xlsx"))
    ws = wb["台账"]
    assert ws["A2"].value == "日期：2026年5月6日　共 4 条"
    assert [c.value for c in ws[5]] == [
        "09:00",
        "张敏",
        town.number("F"),
        RELIEF,
        ledger.lines[0].applicant,
        "收件",
    ]
    assert [c.value for c in wb["按工作人员汇总"][7]] == ["合计", 2, 0, 1, 1, 0, 0, 0, 4]

    text = pdf_text(reports.write_ledger_pdf(ledger, tmp_path / "台账.pdf"))
    assert "日常工作台账" in text and HALL in text and "2026年5月6日（星期三）" in text
    assert town.number("F") in text and town.number("G") in text
    assert "一次性告知" in text and "按工作人员汇总" in text
    assert "制表人" in text and "负责人" in text
    assert resident_id(6) not in text and resident_id(6)[:3] + "*" * 11 in text


def test_the_pdf_has_the_figures_the_charts_and_the_tables(
    stats: reports.PeriodStats, tmp_path: Path
) -> None:
    text = pdf_text(reports.write_stats_pdf(stats, tmp_path / "统计.pdf"))
    for words in (
        HALL, "办件统计报表", "2026年4月1日—2026年5月31日",
        # Labels and values apart: the extraction's order within a row of cells varies.
        "按期办结率（承诺时限）", "33.3%", "66.7%", "平均办理用时（工作日）", "7.5",
        "提速率（承诺时限较法定时限）", "56.7%", "满意率", "75.0%",
        "各月收件与办结", "各月按期办结率", "好差评构成", "4月", "5月", "非常满意1件",
        "按事项统计", RELIEF, "示例县医疗保障局", "按窗口人员统计", "效能投诉统计", "12345热线",
    ):  # fmt: skip
        assert words in text, words


def test_an_export_is_recorded_and_checks_its_file_name(
    town: Township, stats: reports.PeriodStats, tmp_path: Path
) -> None:
    out = reports.export_stats(town.ctx.uow(), town.li, stats, tmp_path / "q.pdf")
    assert out.exists()
    with town.ctx.read_uow() as uow:
        record = uow.session.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "report.export")
            .order_by(AuditRecord.id.desc())
        ).first()
        assert record is not None
        assert (record.actor_name, record.entity) == ("李建国", "report")
        assert json.loads(record.detail)["period"] == PERIOD.label
    assert action_label("report.export") == "导出报表"
    with pytest.raises(InvalidInput, match=r"须以 \.xlsx 或 \.pdf 结尾"):
        reports.export_stats(town.ctx.uow(), town.li, stats, tmp_path / "q.docx")
    with pytest.raises(InvalidInput, match=r"只用于 \.xlsx"):
        reports.export_stats(
            town.ctx.uow(), town.li, stats, tmp_path / "q.pdf", reports.report_templates()[-1]
        )
    with pytest.raises(PermissionDenied):
        reports.export_stats(town.ctx.uow(), town.zhang, stats, tmp_path / "q.xlsx")
    ledger = reports.daily_ledger(town.ctx.read_uow(), town.zhang, date(2026, 5, 6))
    assert reports.export_ledger(town.ctx.uow(), town.zhang, ledger, tmp_path / "l.xlsx").exists()


# --- templates ---------------------------------------------------------------------------


def test_the_shipped_template_is_filled_by_its_names(
    stats: reports.PeriodStats, tmp_path: Path
) -> None:
    template = next(p for p in reports.report_templates() if p.name == "县级季度汇总表.xlsx")
    before = template.read_bytes()
    wb = load_workbook(reports.write_stats_xlsx(stats, tmp_path / "县.xlsx", template))
    assert template.read_bytes() == before
    ws = wb["季度汇总"]
    names = {name: wb[d.attr_text.split("!")[0].strip("'")][d.attr_text.split("!")[1].replace("$", "")]
             for name, d in wb.defined_names.items()}  # fmt: skip
    assert names["hall_name"].value == HALL
    assert names["period"].value == PERIOD.label
    assert names["received"].value == 9
    assert names["on_time_legal"].value == pytest.approx(4 / 6)
    assert names["on_time_legal"].number_format == "0.0%"  # the template's own format
    assert names["rating_dissatisfied"].value == 1
    assert names["complaints_closed_on_time"].value == 1
    assert ws["A1"].value == "乡镇便民服务中心政务服务季度汇总表"  # the rest left as it was
    departments = wb["分部门"]
    assert departments["B2"].value == HALL  # the sheet's own hall_name
    table = stats.table("by_department")
    for r, row in enumerate([*table.rows, table.total], start=6):
        assert tuple(c.value for c in departments[r][: len(row)]) == row
    assert departments["E6"].number_format == "0.0%"


def test_a_county_template_with_names_of_its_own(
    stats: reports.PeriodStats, tmp_path: Path
) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "报表"
    ws["A1"], ws["A3"] = "办结：", "满意率："
    wb.defined_names["Completed"] = DefinedName("Completed", attr_text="'报表'!$B$1")
    wb.defined_names["satisfaction_rate"] = DefinedName(
        "satisfaction_rate", attr_text="'报表'!$B$3:$C$3"
    )
    wb.defined_names["county_only"] = DefinedName("county_only", attr_text="'报表'!$D$9")
    ws.defined_names["table_ratings"] = DefinedName("table_ratings", attr_text="'报表'!$A$10")
    template = tmp_path / "county.xlsx"
    wb.save(template)
    filled = load_workbook(reports.write_stats_xlsx(stats, tmp_path / "out.xlsx", template))["报表"]
    assert filled["B1"].value == 6  # names are read whatever their case
    assert filled["B3"].value == 0.75 and filled["B3"].number_format == "0.0%"
    assert filled["D9"].value is None
    assert [c.value for c in filled[10]][:3] == ["非常满意", 1, 0.25]
    assert filled["A15"].value == "合计" and filled["B15"].value == 4


def test_templates_that_cannot_be_filled_are_explained(
    stats: reports.PeriodStats, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput, match="找不到报表模板"):
        reports.write_stats_xlsx(stats, tmp_path / "o.xlsx", tmp_path / "none.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(InvalidInput, match=r"文件已损坏或不是 \.xlsx 文件"):
        reports.write_stats_xlsx(stats, tmp_path / "o.xlsx", broken)
    plain = tmp_path / "plain.xlsx"
    Workbook().save(plain)
    with pytest.raises(InvalidInput, match="没有可填写的名称"):
        reports.write_stats_xlsx(stats, tmp_path / "o.xlsx", plain)
    merged = Workbook()
    sheet = merged.active
    assert sheet is not None
    sheet.merge_cells("A1:C1")
    merged.defined_names["received"] = DefinedName("received", attr_text=f"'{sheet.title}'!$B$1")
    merged.save(tmp_path / "merged.xlsx")
    with pytest.raises(InvalidInput, match="合并单元格"):
        reports.write_stats_xlsx(stats, tmp_path / "o.xlsx", tmp_path / "merged.xlsx")
    assert not (tmp_path / "o.xlsx").exists()


def test_the_halls_own_templates_come_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HALLAPP_DATA_DIR", str(tmp_path))
    own = tmp_path / "report-templates"
    own.mkdir()
    Workbook().save(own / "乡镇月报.xlsx")
    (own / "~$乡镇月报.xlsx").write_bytes(b"lock file of an open workbook")
    (own / "说明.txt").write_text("not a template")
    assert [p.name for p in reports.report_templates()] == ["乡镇月报.xlsx", "县级季度汇总表.xlsx"]


# --- speed: the queries read the report indexes in order ---------------------------------


def test_the_report_queries_read_their_indexes_alone_without_sorting(town: Township) -> None:
    seen: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    event.listen(town.ctx.engine, "before_cursor_execute", capture)
    try:
        reports.period_stats(town.ctx.read_uow(), town.li, reports.Period.year(2026))
    finally:
        event.remove(town.ctx.engine, "before_cursor_execute", capture)
    plans: list[str] = []
    with town.ctx.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        for statement, parameters in seen:
            if "GROUP BY" in statement:
                found = raw.execute("EXPLAIN QUERY PLAN " + statement, parameters)  # type: ignore[arg-type]
                plans.append(" / ".join(r[3] for r in found))
    everything = "\n".join(plans)
    received = next(p for p in plans if "ix_cases_report_received" in p)
    completed = next(p for p in plans if "ix_cases_report_completed" in p)
    for plan in (received, completed):
        assert "COVERING INDEX" in plan and "TEMP B-TREE" not in plan, everything
    assert "ix_cases_report_agent" in everything and "ix_evaluations_report" in everything


def test_sql_and_the_core_rules_agree_case_by_case(demo: AppContext) -> None:
    """On generated cases of every kind: the GROUP BY sums equal adding up each completed
    case with core.report_stats."""
    from hallapp.core.report_stats import CompletionTally
    from hallapp.services.calendar import calendar_for
    from hallapp.services.demo_cases import generate_cases

    generate_cases(demo.uow(), COMMAND_LINE, 1500, seed=11, today=date(2026, 11, 27))
    period = reports.Period(date(2025, 12, 1), date(2026, 11, 27))
    stats = reports.period_stats(demo.read_uow(), COMMAND_LINE, period)
    with demo.read_uow() as uow:
        cal = calendar_for(uow.session)
        found = uow.session.execute(
            select(Case.closed_at, Case.due_no, Case.legal_no, Case.promised_days).where(
                Case.state.in_(["completed", "delivered"]),
                Case.closed_at >= datetime(2025, 12, 1),
                Case.closed_at < datetime(2026, 11, 28),
            )
        ).all()
        received = len(
            uow.session.scalars(
                select(Case.id).where(
                    Case.received_at >= datetime(2025, 12, 1),
                    Case.received_at < datetime(2026, 11, 28),
                )
            ).all()
        )
    total = sum(
        (CompletionTally.of_case(cal.workday_number(c.date()), d, g, p) for c, d, g, p in found),
        CompletionTally(),
    )
    assert total.completed > 500 and 0 < total.on_time_promised < total.completed
    assert stats.received == received
    assert stats.completed == total.completed
    assert stats.on_time_promised == pytest.approx(total.on_time_promised_rate)
    assert stats.on_time_legal == pytest.approx(total.on_time_legal_rate)
    assert stats.avg_days_used == pytest.approx(total.avg_days_used)
    assert stats.speedup_rate == pytest.approx(total.speedup_rate)
    assert sum(m.completed for m in stats.months) == total.completed


# --- the command line --------------------------------------------------------------------


def test_the_command_line_exports_both_reports(
    town: Township, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(town.ctx.db_path)
    out = tmp_path / "二季度.xlsx"
    assert (
        main(
            [
                "--db",
                db,
                "report",
                "stats",
                "--from",
                "2026-04-01",
                "--to",
                "2026-05-31",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "收件 9 件，办结 6 件" in capsys.readouterr().out
    assert load_workbook(out)["汇总"]["B5"].value == 9
    template = next(p for p in reports.report_templates() if p.name == "县级季度汇总表.xlsx")
    county = tmp_path / "县.xlsx"
    args = ["--db", db, "report", "stats", "--from", "2026-04-01", "--to", "2026-05-31"]
    assert main([*args, "--out", str(county), "--template", str(template)]) == 0
    assert load_workbook(county)["季度汇总"]["B6"].value == 9
    ledger = tmp_path / "台账.pdf"
    assert main(["--db", db, "report", "ledger", "2026-05-06", "--out", str(ledger)]) == 0
    assert "（4 条）" in capsys.readouterr().out
    assert town.number("G") in pdf_text(ledger)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats", "--from", "2026-06-01", "--to", "2026-05-31", "--out", "{tmp}/x.xlsx"], "晚于截止日期"),
        (["stats", "--from", "2026-04-01", "--to", "2026-05-31", "--out", "{tmp}/x.docx"], "须以 .xlsx 或 .pdf 结尾"),
        (["ledger", "2026-05-06", "--out", "{tmp}/台账.txt"], "须以 .xlsx 或 .pdf 结尾"),
        (["stats", "--from", "2026-04-01", "--to", "2026-05-31", "--out", "{tmp}/x.pdf", "--template", "{tmp}/t.xlsx"], "只用于 .xlsx"),
        (["stats", "--from", "2026-04-01", "--to", "2026-05-31", "--out", "{tmp}/x.xlsx", "--template", "{tmp}/无此模板.xlsx"], "找不到报表模板"),
        (["ledger", "2026-05-06", "--out", "{tmp}/没有这个文件夹/台账.pdf"], "无法保存文件"),
    ],
)  # fmt: skip
def test_the_command_line_explains_what_is_wrong(
    town: Township,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    filled = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main(["--db", str(town.ctx.db_path), "report", *filled]) == 1
    assert message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_the_command_line_refuses_a_date_it_cannot_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(
            [
                "--db",
                str(tmp_path / "h.sqlite3"),
                "report",
                "ledger",
                "2026-13-01",
                "--out",
                "a.pdf",
            ]
        )
    assert stop.value.code == 2
    assert "日期须为 年-月-日 格式" in capsys.readouterr().err
    assert not (tmp_path / "h.sqlite3").exists()
