"""Make hallapp/resources/report_templates/县级季度汇总表.xlsx: the example of a county's own
report layout, filled by `hallapp report stats --template` through its defined names.

    .venv/bin/python tools/make_report_template.py [OUTPUT]

The layout is a county's quarterly summary of a township hall: the headline figures on
the first sheet with lines to sign, the table by department and the table by item on
sheets of their own, each table under its own headings. Every place the program fills is
a workbook-level defined name (公式 → 名称管理器 in Excel), listed in
docs/report-templates.md; a county makes its own layout the same way, by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import absolute_coordinate, get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "hallapp" / "resources" / "report_templates" / "县级季度汇总表.xlsx"

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FILL = PatternFill("solid", fgColor="E0E0E0")
_BOLD = Font(bold=True)

# (label, name, number format) in two columns of label and value.
FIGURES = (
    ("一、办件情况", None, None),
    ("收件（件）", "received", "0"),
    ("办结（件）", "completed", "0"),
    ("按期办结率（承诺时限）", "on_time_promised", "0.0%"),
    ("按期办结率（法定时限）", "on_time_legal", "0.0%"),
    ("平均办理用时（工作日）", "avg_days_used", "0.0"),
    ("平均承诺时限（工作日）", "avg_promised_days", "0.0"),
    ("平均法定时限（工作日）", "avg_legal_days", "0.0"),
    ("提速率", "speedup_rate", "0.0%"),
    ("代办件（件）", "agent_cases", "0"),
    ("其中村代办点收件（件）", "village_cases", "0"),
    ("二、好差评", None, None),
    ("评价总数（件）", "ratings_total", "0"),
    ("满意率", "satisfaction_rate", "0.0%"),
    ("非常满意（件）", "rating_very_satisfied", "0"),
    ("满意（件）", "rating_satisfied", "0"),
    ("基本满意（件）", "rating_basic", "0"),
    ("不满意（件）", "rating_dissatisfied", "0"),
    ("非常不满意（件）", "rating_very_dissatisfied", "0"),
    ("三、效能投诉", None, None),
    ("收到投诉（件）", "complaints_received", "0"),
    ("经查属实（件）", "complaints_substantiated", "0"),
    ("按期办结（件）", "complaints_closed_on_time", "0"),
)
DEPARTMENT_COLUMNS = (
    "部门",
    "收件",
    "受理",
    "办结",
    "按期办结率（承诺时限）",
    "按期办结率（法定时限）",
    "平均用时（工作日）",
)
ITEM_COLUMNS = (
    "事项",
    "实施部门",
    "收件",
    "受理",
    "办结",
    "按期办结率（承诺时限）",
    "按期办结率（法定时限）",
    "平均用时（工作日）",
    "平均承诺时限（工作日）",
    "平均法定时限（工作日）",
)


def _name(wb: Workbook, ws: Worksheet, name: str, cell: str, *, local: bool = False) -> None:
    """Name ``cell``: for the whole workbook, or (``local``) for its sheet alone, so that
    each sheet may have its own ``hall_name``."""
    ref = f"{quote_sheetname(ws.title)}!{absolute_coordinate(cell)}"
    names = ws.defined_names if local else wb.defined_names
    names[name] = DefinedName(name, attr_text=ref)


def _heading(wb: Workbook, ws: Worksheet, title: str, width: int) -> None:
    last = get_column_letter(width)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    local = ws.title != "季度汇总"
    ws["A2"] = "填报单位："
    _name(wb, ws, "hall_name", "B2", local=local)
    ws["A3"] = "统计期间："
    _name(wb, ws, "period", "B3", local=local)


def _summary(wb: Workbook) -> None:
    ws = wb.active
    assert ws is not None
    ws.title = "季度汇总"
    _heading(wb, ws, "乡镇便民服务中心政务服务季度汇总表", 4)
    ws["C2"] = "区划代码："
    _name(wb, ws, "hall_code", "D2")
    ws["C3"] = "填报日期："
    _name(wb, ws, "generated_on", "D3")
    ws["D3"].number_format = "yyyy年m月d日"
    row = 5
    for label, name, number_format in FIGURES:
        if name is None:
            ws.cell(row, 1, label).font = _BOLD
            row += 1
            continue
        ws.cell(row, 1, label).border = _BOX
        value = ws.cell(row, 2)
        value.border = _BOX
        value.number_format = number_format or "General"
        _name(wb, ws, name, value.coordinate)
        row += 1
    row += 1
    ws.cell(row, 1, "填表人：")
    ws.cell(row, 3, "审核人：")
    ws.cell(row + 1, 1, "（数据由乡镇便民服务中心系统导出，按工作日计算时限）").font = Font(
        size=9, color="555555"
    )
    for col, width in zip("ABCD", (30, 16, 12, 18), strict=True):
        ws.column_dimensions[col].width = width


def _table_sheet(
    wb: Workbook, title: str, heading: str, columns: tuple[str, ...], name: str
) -> None:
    ws = wb.create_sheet(title)
    _heading(wb, ws, heading, len(columns))
    for col, text in enumerate(columns, start=1):
        cell = ws.cell(5, col, text)
        cell.font, cell.fill, cell.border = _BOLD, _FILL, _BOX
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = 30 if col == 1 else 14
    _name(wb, ws, name, "A6")
    ws.freeze_panes = "A6"


def make(output: Path) -> Path:
    wb = Workbook()
    _summary(wb)
    _table_sheet(wb, "分部门", "分部门办件情况", DEPARTMENT_COLUMNS, "table_by_department")
    _table_sheet(wb, "分事项", "分事项办件情况", ITEM_COLUMNS, "table_by_item")
    output.parent.mkdir(parents=True, exist_ok=True)
    wb.save(output)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    print(make(args.output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
