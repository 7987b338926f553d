"""The county's statistics as an XLSX workbook: the page's table under a heading with the
period, rates as percentages, the county's total in bold."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from hallapp.documents.output import write_atomically
from hallapp.hub.layout import TITLE
from hallapp.hub.statistics import CountyStats
from hallapp.hub.stats_table import COLUMNS, Kind, shown_rows, table_rows
from hallapp.reports.formats import display_width

__all__ = ["FIRST_ROW", "HEADER_ROW", "SHEET", "stats_xlsx_bytes", "write_stats_xlsx"]

SHEET = "县级统计"
TABLE_TITLE = "各服务中心办件统计"
# Row 1 the title, row 2 the period, row 4 the column titles, the halls below.
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
_FORMATS = {Kind.RATE: "0.0%", Kind.AVERAGE: "0.0"}
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E0E0E0")
_BOLD = Font(bold=True)
_MIN_WIDTH, _MAX_WIDTH = 7, 40


def period_heading(stats: CountyStats) -> str:
    return f"统计期间：{stats.period.label}"


def _workbook(stats: CountyStats, made_at: datetime) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws["A1"] = f"{TITLE}　{TABLE_TITLE}"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = period_heading(stats)
    for col, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, col, column.title)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows = table_rows(stats)
    last = FIRST_ROW + len(rows) - 1
    for r, values in enumerate(rows, start=FIRST_ROW):
        for col, (value, column) in enumerate(zip(values, COLUMNS, strict=True), start=1):
            cell = ws.cell(r, col, value)
            cell.border = _BORDER
            if column.kind in _FORMATS and isinstance(value, int | float):
                cell.number_format = _FORMATS[column.kind]
            if r == last:
                cell.font = _BOLD
    shown = shown_rows(stats)
    for col in range(1, len(COLUMNS) + 1):
        # Titles wrap in their row; the values set the width.
        widest = max([display_width(row[col - 1]) for row in shown] + [8])
        ws.column_dimensions[get_column_letter(col)].width = min(
            max(widest + 2, _MIN_WIDTH), _MAX_WIDTH
        )
    ws.row_dimensions[HEADER_ROW].height = 48
    ws.freeze_panes = ws.cell(FIRST_ROW, 3)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.oddHeader.center.text = f"{TITLE}　{TABLE_TITLE}"
    ws.oddFooter.left.text = period_heading(stats)
    ws.oddFooter.right.text = "第 &P 页 共 &N 页"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.properties.creator = "hallapp"
    wb.properties.created = made_at
    return wb


def stats_xlsx_bytes(stats: CountyStats, made_at: datetime) -> bytes:
    """The workbook as the download sends it."""
    out = BytesIO()
    _workbook(stats, made_at).save(out)
    return out.getvalue()


def write_stats_xlsx(stats: CountyStats, path: Path, made_at: datetime) -> Path:
    """The workbook at ``path``, put in place whole or not at all."""
    wb = _workbook(stats, made_at)

    def write(file: BinaryIO) -> None:
        wb.save(file)

    return write_atomically(Path(path), write)
