"""The statistics and the ledger as XLSX workbooks: one sheet per table, each headed by
the hall and the period, rates formatted as percentages, columns wide enough for Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hallapp.documents.output import write_atomically
from hallapp.reports.formats import Kind, column_kind, display, display_width, summary
from hallapp.reports.model import Cell, Ledger, PeriodStats, StatTable

__all__ = [
    "FIRST_ROW",
    "HEADER_ROW",
    "NUMBER_FORMATS",
    "sheet_name",
    "write_ledger_workbook",
    "write_stats_workbook",
]

# Row 1 the hall and the table, row 2 the period, row 4 the column titles, data below.
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
NUMBER_FORMATS = {Kind.RATE: "0.0%", Kind.AVERAGE: "0.0"}
SUMMARY_SHEET = "汇总"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E0E0E0")
_BOLD = Font(bold=True)
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_NOT_IN_SHEET_NAMES = str.maketrans({c: "_" for c in "[]:*?/\\"})


def write_stats_workbook(stats: PeriodStats, path: Path) -> Path:
    wb = Workbook()
    heading = _period_heading(stats)
    summary_sheet = wb.active
    assert summary_sheet is not None
    summary_sheet.title = SUMMARY_SHEET
    figures = StatTable(
        "summary",
        "主要指标",
        ("指标", "数值"),
        tuple((label, value) for label, value, _ in summary(stats)),
    )
    kinds = [kind for _, _, kind in summary(stats)]
    _fill(summary_sheet, stats.hall_name, "办件统计汇总", heading, figures, row_kinds=kinds)
    used = {SUMMARY_SHEET}
    for table in stats.tables:
        ws = wb.create_sheet(sheet_name(table.title, used))
        _fill(ws, stats.hall_name, table.title, heading, table)
        if table.key == "by_month" and table.rows:
            _month_chart(ws, table)
    return _save(wb, path)


def write_ledger_workbook(ledger: Ledger, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    day = ledger.day
    heading = f"日期：{day.year}年{day.month}月{day.day}日　共 {len(ledger.lines)} 条"
    lines = StatTable(
        "lines",
        "日常工作台账",
        ("时间", "工作人员", "办件编号", "事项", "申请人", "办理环节"),
        tuple(
            (
                line.at.strftime("%H:%M"),
                line.clerk_name,
                line.case_number,
                line.item_name,
                line.applicant,
                line.what,
            )
            for line in ledger.lines
        ),
    )
    _fill(ws, ledger.hall_name, "日常工作台账", heading, lines)
    per_clerk = wb.create_sheet(sheet_name(ledger.per_clerk.title, {"台账"}))
    _fill(per_clerk, ledger.hall_name, ledger.per_clerk.title, heading, ledger.per_clerk)
    return _save(wb, path)


def sheet_name(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the book."""
    base = title.translate(_NOT_IN_SHEET_NAMES)[:31] or "表"
    name, n = base, 2
    while name in used:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _period_heading(stats: PeriodStats) -> str:
    return f"统计期间：{stats.period.label}　服务中心：{stats.hall_name}（{stats.hall_code}）"


def _fill(
    ws: Worksheet,
    hall_name: str,
    title: str,
    heading: str,
    table: StatTable,
    row_kinds: Sequence[Kind] | None = None,
) -> None:
    """The table under its two heading lines; ``row_kinds`` formats a two-column list of
    figures row by row instead of column by column."""
    ws["A1"] = f"{hall_name}　{title}"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = heading
    kinds = [column_kind(c) for c in table.columns]
    for col, name in enumerate(table.columns, start=1):
        cell = ws.cell(HEADER_ROW, col, name)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows = list(table.rows) + ([table.total] if table.total is not None else [])
    for r, values in enumerate(rows, start=FIRST_ROW):
        total_row = table.total is not None and r == FIRST_ROW + len(table.rows)
        for col, value in enumerate(values, start=1):
            kind = row_kinds[r - FIRST_ROW] if row_kinds and col > 1 else kinds[col - 1]
            cell = ws.cell(r, col, value)
            cell.border = _BORDER
            if kind in NUMBER_FORMATS and isinstance(value, int | float):
                cell.number_format = NUMBER_FORMATS[kind]
            if total_row:
                cell.font = _BOLD
    _widths(ws, table, rows, kinds, row_kinds)
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.oddHeader.center.text = f"{hall_name}　{title}"
    ws.oddFooter.left.text = heading
    ws.oddFooter.right.text = "第 &P 页 共 &N 页"
    ws.page_setup.orientation = "landscape" if len(table.columns) > 7 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _widths(
    ws: Worksheet,
    table: StatTable,
    rows: list[tuple[Cell, ...]],
    kinds: list[Kind],
    row_kinds: Sequence[Kind] | None,
) -> None:
    for col, name in enumerate(table.columns, start=1):
        texts = [name]
        for r, values in enumerate(rows):
            kind = row_kinds[r] if row_kinds and col > 1 else kinds[col - 1]
            texts.append(display(values[col - 1], kind))
        width = max(display_width(t) for t in texts) + 2
        ws.column_dimensions[get_column_letter(col)].width = min(max(width, _MIN_WIDTH), _MAX_WIDTH)


def _month_chart(ws: Worksheet, table: StatTable) -> None:
    """收件 and 办结 per month as bars beside the table."""
    chart = BarChart()
    chart.title = "各月收件与办结"
    chart.y_axis.title = "件"
    last = HEADER_ROW + len(table.rows)
    received = table.columns.index("收件") + 1
    completed = table.columns.index("办结") + 1
    for col in (received, completed):
        chart.add_data(
            Reference(ws, min_col=col, min_row=HEADER_ROW, max_row=last), titles_from_data=True
        )
    chart.set_categories(Reference(ws, min_col=1, min_row=FIRST_ROW, max_row=last))
    chart.height, chart.width = 8, 16
    ws.add_chart(chart, f"{get_column_letter(len(table.columns) + 2)}{HEADER_ROW}")


def _save(wb: Workbook, path: Path) -> Path:
    wb.properties.creator = "hallapp"
    wb.properties.created = datetime.now()

    def write(file: BinaryIO) -> None:
        wb.save(file)

    return write_atomically(path, write)
