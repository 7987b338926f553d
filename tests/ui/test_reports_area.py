"""统计: the daily ledger of a fixed day, the period statistics with their charts, tables
and exports, and what each role is shown, on a real database with cases taken in,
decided and completed through the services."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hallapp.app import AppContext
from hallapp.core.evaluation import EvaluationChannel, Rating
from hallapp.core.intake import Decision
from hallapp.core.lifecycle import Action
from hallapp.db.models import AuditRecord
from hallapp.services import cases, evaluations, halls, reports
from hallapp.services.actors import COMMAND_LINE, Actor, Role
from hallapp.services.reports import Ledger, Period, PeriodStats
from hallapp.ui.operations import InlineExecutor, ThreadExecutor
from hallapp.ui.reports.chart_frame import EMPTY_TEXT
from hallapp.ui.reports.charts import (
    COMPLETED_COLOUR,
    RATE_COLOUR,
    RATING_COLOURS,
    RECEIVED_COLOUR,
    MonthBars,
    OnTimeLine,
    SatisfactionPie,
)
from hallapp.ui.reports.ledger_view import LedgerView
from hallapp.ui.reports.periods import Preset
from hallapp.ui.reports.stat_tables import StatTableModel, cell_text
from hallapp.ui.reports.stats_view import StatsView
from hallapp.ui.reports.texts import percent
from tests.ui.test_monitor_view import open_window
from tests.ui.test_register_support import make_case, many_cases, resident_id, services_for

DAY = date(2026, 3, 2)  # a Monday
MARCH = Period.month(2026, 3)
ID_ZHANG = resident_id(1)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute))


@pytest.fixture
def hall(demo: AppContext, clerk: Actor, supervisor: Actor) -> dict[str, int]:
    """On DAY: 张敏 takes in one case and gives one 一次性告知; 李建国 takes in a case and
    completes it in the afternoon, and its applicant rates it 满意."""
    mine = make_case(demo, clerk, name="张三", doc=ID_ZHANG, now=at(9, 5)).case_id
    noticed = make_case(
        demo,
        clerk,
        name="王五",
        doc=resident_id(3),
        now=at(10),
        decision=Decision.NOTICE,
        missing="缺少户口簿",
    ).case_id
    done = make_case(demo, supervisor, name="李四", doc=resident_id(2), now=at(9, 40)).case_id
    for n, action in enumerate(
        (Action.START_HANDLING, Action.SUBMIT_FOR_REVIEW, Action.APPROVE, Action.COMPLETE)
    ):
        cases.apply_action(demo.uow(), supervisor, done, action, "同意", now=at(15, n))
    evaluations.record_evaluation(
        demo.uow(),
        supervisor,
        evaluations.EvaluationForm(done, Rating.SATISFIED, EvaluationChannel.SCREEN),
        now=at(16),
    )
    return {"mine": mine, "noticed": noticed, "done": done}


@pytest.fixture
def reader(demo: AppContext) -> Actor:
    member = halls.StaffMember("zhaoxiao", "赵晓", frozenset({Role.READONLY}))
    return halls.add_staff(demo.uow(), COMMAND_LINE, member)


@pytest.fixture
def agent(demo: AppContext) -> Actor:
    return halls.actor_for(demo.read_uow(), "wangfang")


def ledger_view(qtbot: QtBot, demo: AppContext, actor: Actor, **kwargs: object) -> LedgerView:
    view = LedgerView(services_for(demo, actor), InlineExecutor(), lambda: DAY, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.resize(1150, 700)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    return view


def alt(qtbot: QtBot, widget: QWidget, key: Qt.Key) -> None:
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.AltModifier)


def table_texts(view: QWidget, model: object) -> list[tuple[str, ...]]:
    m = model  # a QAbstractTableModel
    return [
        tuple(m.index(r, c).data() for c in range(m.columnCount()))  # type: ignore[attr-defined]
        for r in range(m.rowCount())  # type: ignore[attr-defined]
    ]


def line_cells(ledger: Ledger) -> list[tuple[str, ...]]:
    return [
        (f"{x.at:%H:%M}", x.clerk_name, x.case_number, x.item_name, x.applicant, x.what)
        for x in ledger.lines
    ]


def export_records(demo: AppContext) -> list[str]:
    """The detail of each report.export in the audit trail."""
    with demo.read_uow() as uow:
        return list(
            uow.session.scalars(
                select(AuditRecord.detail)
                .where(AuditRecord.action == "report.export")
                .order_by(AuditRecord.id)
            )
        )


# --- the daily ledger ----------------------------------------------------------------------


def test_the_ledger_of_a_day_lists_every_step_and_each_persons_totals(
    qtbot: QtBot, demo: AppContext, supervisor: Actor, hall: dict[str, int]
) -> None:
    view = ledger_view(qtbot, demo, supervisor)
    expected = reports.daily_ledger(demo.read_uow(), supervisor, DAY)

    rows = table_texts(view, view.lines_model)
    assert rows == line_cells(expected)
    assert [(r[0], r[1], r[5]) for r in rows] == [
        ("09:05", "张敏", "收件"),
        ("09:05", "张敏", "受理"),
        ("09:40", "李建国", "收件"),
        ("09:40", "李建国", "受理"),
        ("10:00", "张敏", "收件"),
        ("10:00", "张敏", "一次性告知"),
        ("15:02", "李建国", "准予许可"),
        ("15:03", "李建国", "办结"),
    ]
    assert all(ID_ZHANG not in cell for row in rows for cell in row)  # ID numbers masked
    assert "张三（" in rows[0][4]
    assert view.summary.text() == "共 8 条记录"
    assert "示例镇便民服务中心" in view.heading.text()
    assert "2026年3月2日（星期一）" in view.heading.text()

    totals = table_texts(view, view.clerks_model)
    columns = view.clerks_model.columns
    assert columns == expected.per_clerk.columns
    by_name = {row[0]: dict(zip(columns, row, strict=True)) for row in totals}
    assert by_name["张敏"]["收件"] == "2" and by_name["张敏"]["一次性告知"] == "1"
    assert by_name["李建国"]["办结"] == "1" and by_name["李建国"]["合计"] == "4"
    assert by_name["合计"]["合计"] == "8"
    assert view.clerks_model.is_total(len(totals) - 1)
    assert view.print_button.isEnabled() and view.export_button.isEnabled()


def test_arrow_keys_go_to_the_day_before_and_after(
    qtbot: QtBot, demo: AppContext, supervisor: Actor, hall: dict[str, int]
) -> None:
    view = ledger_view(qtbot, demo, supervisor)
    view.lines_table.setFocus()
    qtbot.keyClick(view.lines_table, Qt.Key.Key_Left)
    assert view.day == date(2026, 3, 1)
    assert view.lines_model.rowCount() == 0
    assert view.lines_table.empty_label.isVisible()
    assert view.summary.text() == "共 0 条记录"
    qtbot.keyClick(view.lines_table, Qt.Key.Key_Right)
    assert view.day == DAY
    assert view.lines_model.rowCount() == 8


def test_a_clerk_sees_their_own_steps_only(
    qtbot: QtBot, demo: AppContext, clerk: Actor, hall: dict[str, int]
) -> None:
    view = ledger_view(qtbot, demo, clerk)
    rows = table_texts(view, view.lines_model)
    assert rows == line_cells(reports.daily_ledger(demo.read_uow(), clerk, DAY))
    assert {r[1] for r in rows} == {"张敏"}
    assert len(rows) == 4
    assert "本人办理" in view.heading.text()


def test_an_agent_is_told_who_may_read_the_ledger(
    qtbot: QtBot, demo: AppContext, agent: Actor, hall: dict[str, int]
) -> None:
    view = ledger_view(qtbot, demo, agent)
    assert not view.allowed
    assert view.ledger is None  # the service was never asked
    roles = "窗口人员、中心负责人、管理员或只读用户"
    assert view.heading.text() == f"查看工作台账需要{roles}角色。"
    for button in (view.print_button, view.export_button, view.previous_button):
        assert not button.isEnabled()
    assert roles in view.print_button.toolTip()
    assert not view.lines_table.isVisible()


class PdfPrinters:
    """A printer called 办公室打印机 whose paper is a PDF file in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[Path] = []

    def open(self, name: str) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        path = self.folder / f"sheet-{len(self.files) + 1}.pdf"
        self.files.append(path)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return printer

    def choose(self, printer: QPrinter, parent: QWidget | None) -> bool:
        return True


def test_the_ledger_prints_from_its_preview_and_is_saved_as_pdf_and_excel(
    qtbot: QtBot, demo: AppContext, supervisor: Actor, hall: dict[str, int], tmp_path: Path
) -> None:
    printers = PdfPrinters(tmp_path)
    saved_pdf = tmp_path / "台账"
    view = ledger_view(
        qtbot,
        demo,
        supervisor,
        printers=printers,
        ask_pdf=lambda _parent, _suggested: str(saved_pdf),
        ask_path=lambda _parent, _title, _suggested, _filter: str(tmp_path / "台账表"),
    )
    alt(qtbot, view, Qt.Key.Key_P)  # a mnemonic clicks its button a moment later
    qtbot.waitUntil(lambda: view.preview is not None)
    preview = view.preview
    assert preview is not None and preview.isVisible()
    assert "2026年3月2日" in preview.windowTitle()
    assert not preview.view.image.isNull()

    preview.print_button.click()
    assert not preview.isVisible()
    assert view.messages.text.startswith("工作台账（2026年3月2日（星期一））已打印")
    paper = printers.files[0]
    assert paper.exists() and paper.read_bytes().startswith(b"%PDF")

    view.print_ledger()
    view.preview.save_button.click()  # type: ignore[union-attr]
    pdf = saved_pdf.with_suffix(".pdf")
    text = "".join(
        page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf.read_bytes())
    )
    assert "示例镇便民服务中心" in text
    assert "办结" in text
    assert "已另存为PDF" in view.messages.text

    view.activateWindow()  # back from the preview
    qtbot.waitUntil(view.isActiveWindow)
    alt(qtbot, view, Qt.Key.Key_X)
    xlsx = tmp_path / "台账表.xlsx"
    qtbot.waitUntil(lambda: view.messages.text == f"工作台账已导出：{xlsx}")
    book = openpyxl.load_workbook(xlsx)
    cells = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value}
    numbers = {reports.daily_ledger(demo.read_uow(), supervisor, DAY).lines[0].case_number}
    assert numbers <= cells
    assert not any(ID_ZHANG in value for value in cells)
    # Both files left the app: each is in the audit trail; the paper print is not an export.
    assert len(export_records(demo)) == 2


def test_a_long_ledger_is_previewed_page_by_page(
    qtbot: QtBot, demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    many_cases(demo, clerk, 40, start=at(8))
    view = ledger_view(qtbot, demo, clerk, printers=PdfPrinters(tmp_path))
    assert view.summary.text() == "共 80 条记录"
    view.print_ledger()
    preview = view.preview
    assert preview is not None and preview.page_count > 1
    assert len(preview.pages) == preview.page_count  # the rest came from the worker
    assert preview.page_label.text() == f"第 1 页 / 共 {preview.page_count} 页"
    first = preview.view.image
    preview.activateWindow()
    qtbot.waitUntil(preview.isActiveWindow)
    qtbot.keyClick(preview, Qt.Key.Key_PageDown)
    assert preview.page == 1 and preview.view.image != first
    assert preview.previous_button.isEnabled()
    preview.close()


# --- the period statistics -----------------------------------------------------------------


@pytest.fixture
def threads() -> Iterator[ThreadExecutor]:
    executor = ThreadExecutor()
    yield executor
    executor.wait(30_000)


def stats_view(
    qtbot: QtBot,
    demo: AppContext,
    actor: Actor,
    executor: object = None,
    show: bool = False,
    **kwargs: object,
) -> StatsView:
    """The view, not yet shown unless ``show`` (its first showing counts 本月 by itself)."""
    view = StatsView(
        services_for(demo, actor),
        executor or InlineExecutor(),  # type: ignore[arg-type]
        lambda: DAY,
        **kwargs,  # type: ignore[arg-type]
    )
    qtbot.addWidget(view)
    view.resize(1150, 740)
    if show:
        with qtbot.waitActive(view):
            view.show()
            view.activateWindow()
    return view


def test_statistics_run_on_the_worker_and_show_the_services_figures(
    qtbot: QtBot,
    demo: AppContext,
    supervisor: Actor,
    hall: dict[str, int],
    threads: ThreadExecutor,
) -> None:
    view = stats_view(qtbot, demo, supervisor, threads)
    progress: list[tuple[int, int]] = []
    view.runner.progressed.connect(lambda done, total: progress.append((done, total)))
    view.show()  # the first showing counts 本月 by itself
    qtbot.waitUntil(lambda: view.stats is not None, timeout=20_000)
    expected = reports.period_stats(demo.read_uow(), supervisor, MARCH)
    assert view.stats == expected
    assert progress and progress[-1][0] == progress[-1][1]
    assert not view.progress_row.isVisible()

    figures = view.figures.texts()
    assert figures["received"] == ("3 件", "其中受理 2 件")
    assert figures["completed"][0] == "1 件"
    assert figures["on_time_promised"][0] == percent(expected.on_time_promised) == "100.0%"
    assert figures["on_time_legal"][0] == percent(expected.on_time_legal)
    assert figures["speedup"][0] == percent(expected.speedup_rate)
    assert figures["satisfaction"] == ("100.0%", "共 1 次评价")
    assert figures["complaints"] == ("收到 0 件", "属实 0 件，按期办结 0 件")
    assert view.heading.text() == "示例镇便民服务中心　2026年3月1日—2026年3月31日"

    tabs = view.tables
    assert [tabs.tabText(i) for i in range(tabs.count())] == [t.title for t in expected.tables]
    by_item = expected.table("by_item")
    model = tabs.view_at([t.key for t in expected.tables].index("by_item")).model()
    shown = table_texts(view, model)
    assert shown[0] == tuple(
        cell_text(c, v) for c, v in zip(by_item.columns, by_item.rows[0], strict=True)
    )
    assert shown[-1][0] == "合计"
    assert view.xlsx_button.isEnabled() and view.pdf_button.isEnabled()


def test_another_period_is_counted_and_a_reversed_one_refused(
    qtbot: QtBot, demo: AppContext, supervisor: Actor, hall: dict[str, int]
) -> None:
    view = stats_view(qtbot, demo, supervisor, show=True)
    assert view.stats is not None and view.stats.period == MARCH  # 本月, on showing
    view.period_bar.choose(Preset.LAST_MONTH)
    february = Period(date(2026, 2, 1), date(2026, 2, 28))
    assert view.period_bar.days() == (february.start, february.end)
    alt(qtbot, view, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: view.stats is not None and view.stats.period == february)
    assert view.stats is not None and view.stats.received == 0
    assert view.figures.texts()["on_time_promised"][0] == "—"  # no rate over no cases

    view.period_bar.set_days(date(2026, 3, 31), date(2026, 3, 1))
    assert view.period_bar.current_preset() is Preset.CUSTOM
    view.run()
    assert view.messages.text == "开始日期不能晚于结束日期，请重新选择统计期间。"
    assert view.stats.period == february


def test_cancel_stops_the_count_and_frees_the_screen(
    qtbot: QtBot, demo: AppContext, supervisor: Actor, hall: dict[str, int]
) -> None:
    view = stats_view(qtbot, demo, supervisor)
    view.runner.progressed.connect(lambda done, _total: done == 1 and view.cancel_button.click())
    view.run()
    assert view.stats is None
    assert view.messages.text == "已取消统计。"
    assert view.run_button.isEnabled()
    assert not view.runner.running


def test_exports_write_excel_with_or_without_a_template_and_pdf(
    qtbot: QtBot, demo: AppContext, supervisor: Actor, hall: dict[str, int], tmp_path: Path
) -> None:
    asked: list[str] = []

    def ask(_parent: QWidget | None, title: str, suggested: str, _filter: str) -> str:
        asked.append(suggested)
        return str(tmp_path / Path(suggested).name)

    view = stats_view(qtbot, demo, supervisor, show=True, ask_path=ask)
    stats = view.stats
    assert stats is not None

    alt(qtbot, view, Qt.Key.Key_X)
    xlsx = tmp_path / "统计报表-2026-03-01至2026-03-31.xlsx"
    qtbot.waitUntil(lambda: view.messages.text == f"统计报表已导出：{xlsx}")
    assert asked[-1].endswith(xlsx.name)
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["汇总", *(t.title for t in stats.tables)]
    values = {c.value for row in book.worksheets[0].iter_rows() for c in row}
    assert any("示例镇便民服务中心" in str(v) for v in values)

    alt(qtbot, view, Qt.Key.Key_D)
    pdf = xlsx.with_suffix(".pdf")
    qtbot.waitUntil(lambda: view.messages.text == f"统计报表已导出：{pdf}")
    text = "".join(
        page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf.read_bytes())
    )
    assert "示例镇便民服务中心" in text and "按事项统计" in text

    templates = reports.report_templates()
    names = [view.template.itemText(i) for i in range(view.template.count())]
    assert names == ["标准格式（每张表一页）", *(t.stem for t in templates)]
    view.template.setCurrentIndex(names.index("县级季度汇总表"))
    filled = tmp_path / "按模板.xlsx"
    view.export_xlsx(filled)
    book = openpyxl.load_workbook(filled)
    sheet, cell = next(iter(book.defined_names["hall_name"].destinations))
    assert book[sheet][cell.replace("$", "")].value == "示例镇便民服务中心"
    details = export_records(demo)
    assert len(details) == 3
    assert "县级季度汇总表.xlsx" in details[-1]


def test_an_export_that_cannot_be_written_says_so_in_chinese(
    qtbot: QtBot, demo: AppContext, supervisor: Actor, hall: dict[str, int], tmp_path: Path
) -> None:
    view = stats_view(qtbot, demo, supervisor)
    view.run()
    missing = tmp_path / "没有这个文件夹"
    for export, name in ((view.export_pdf, "报表.pdf"), (view.export_xlsx, "报表.xlsx")):
        view.messages.hide()
        export(missing / name)
        assert not view.messages.isHidden()
        assert view.messages.text.startswith(f"无法保存文件：{missing / name}")
    assert not export_records(demo)


def test_a_refusal_of_the_service_is_shown_in_its_own_words(
    qtbot: QtBot, demo: AppContext, clerk: Actor, hall: dict[str, int]
) -> None:
    """The screen greys 统计 for a clerk; were it asked anyway (the account's roles changed
    while the window was open), the service's refusal is what the clerk reads."""
    view = stats_view(qtbot, demo, clerk)
    assert not view.run_button.isEnabled()
    view.allowed = True
    view.run()
    assert view.stats is None
    assert view.messages.text == (
        "查看统计报表需要中心负责人或管理员或只读用户角色，当前用户“张敏”没有该权限。"
    )


def test_a_clerk_is_shown_who_may_see_the_statistics(
    qtbot: QtBot, demo: AppContext, clerk: Actor
) -> None:
    view = stats_view(qtbot, demo, clerk)
    view.show()
    assert view.stats is None  # nothing was asked of the service on showing
    roles = "中心负责人、管理员或只读用户"
    assert view.hint.text().startswith(f"统计报表需要{roles}角色。")
    for widget in (view.run_button, view.xlsx_button, view.pdf_button):
        assert not widget.isEnabled()
        assert roles in widget.toolTip()


def test_a_read_only_user_reads_the_statistics_and_the_whole_halls_ledger(
    qtbot: QtBot, demo: AppContext, reader: Actor, hall: dict[str, int]
) -> None:
    view = stats_view(qtbot, demo, reader)
    view.run()
    assert view.stats is not None and view.stats.received == 3
    ledger = ledger_view(qtbot, demo, reader)
    assert {r[1] for r in table_texts(ledger, ledger.lines_model)} == {"张敏", "李建国"}
    assert "本人办理" not in ledger.heading.text()


# --- the charts ----------------------------------------------------------------------------


def colour_pixels(image: QImage, colour: QColor) -> int:
    want = colour.rgb()
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) == want
    )


def non_white_pixels(image: QImage) -> int:
    white = QColor("white").rgb()
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) != white
    )


def painted(qtbot: QtBot, chart: QWidget) -> QImage:
    qtbot.addWidget(chart)
    chart.resize(420, 270)
    return chart.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_the_charts_paint_the_periods_figures(
    qtbot: QtBot, demo: AppContext, supervisor: Actor, hall: dict[str, int]
) -> None:
    stats: PeriodStats = reports.period_stats(
        demo.read_uow(), supervisor, Period(date(2026, 1, 1), date(2026, 6, 30))
    )
    bars, line, pie = MonthBars(), OnTimeLine(), SatisfactionPie()
    bars.set_months(stats.months)
    line.set_months(stats.months)
    pie.set_ratings(stats.ratings)
    image = painted(qtbot, bars)
    assert colour_pixels(image, RECEIVED_COLOUR) > 20
    assert colour_pixels(image, COMPLETED_COLOUR) > 10
    assert colour_pixels(painted(qtbot, line), RATE_COLOUR) > 5
    image = painted(qtbot, pie)
    assert colour_pixels(image, RATING_COLOURS[Rating.SATISFIED]) > 500  # the only rating
    assert colour_pixels(image, RATING_COLOURS[Rating.VERY_DISSATISFIED]) < 60  # its swatch


def test_the_charts_say_when_a_period_has_no_figures(qtbot: QtBot) -> None:
    empty = Period(date(2025, 1, 1), date(2025, 3, 31))
    months = [reports.MonthFigure(m, 0, 0, None) for m in empty.months()]
    bars, line, pie = MonthBars(), OnTimeLine(), SatisfactionPie()
    bars.set_months(months)
    line.set_months(months)
    pie.set_ratings({r.value: 0 for r in Rating})
    for chart, colour in (
        (bars, RECEIVED_COLOUR),
        (line, RATE_COLOUR),
        (pie, RATING_COLOURS[Rating.SATISFIED]),
    ):
        assert not chart.has_data()
        image = painted(qtbot, chart)
        assert colour_pixels(image, colour) == 0
        assert non_white_pixels(image) > 50  # the frame, the title and 本期无数据
    assert EMPTY_TEXT == "本期无数据"


# --- in the window ---------------------------------------------------------------------------


def test_ctrl_6_opens_the_ledger_of_today_among_the_areas_tabs(
    qtbot: QtBot, demo: AppContext, supervisor: Actor, hall: dict[str, int], tmp_path: Path
) -> None:
    window = open_window(qtbot, demo, supervisor, tmp_path, today=lambda: DAY)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "reports"
    area = window.reports
    assert [area.tabText(i) for i in range(area.count())] == [
        "工作台账",
        "统计报表",
        "回访整改",
        "效能投诉",
    ]
    assert area.currentWidget() is area.ledger
    assert area.ledger.lines_model.rowCount() == 8
    area.setCurrentWidget(area.stats)
    assert area.stats.stats is not None and area.stats.stats.period == MARCH


def test_the_table_model_keeps_to_the_rules_of_qt(
    qtmodeltester,  # type: ignore[no-untyped-def]
    demo: AppContext,
    supervisor: Actor,
    hall: dict[str, int],
) -> None:
    stats = reports.period_stats(demo.read_uow(), supervisor, MARCH)
    model = StatTableModel(stats.table("by_item"))
    qtmodeltester.check(model)
    assert model.is_total(model.rowCount() - 1)
    assert model.index(0, 2).data(Qt.ItemDataRole.UserRole) == stats.table("by_item").rows[0][2]
