"""A county's own report layout: an XLSX workbook whose defined names (名称) mark where
each figure goes. The hall's statistics fill them and nothing else of the workbook
changes, so a county adds a layout by sending a file, not by asking for a program.

The names are listed in docs/report-templates.md: one per figure (``received``,
``on_time_promised``, …) and ``table_<key>`` (``table_by_item``, …) for the top-left cell
of a table's area, where the table's rows are written without headings (the template
has its own), its total row last.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from hallapp.core.evaluation import Rating
from hallapp.documents.output import write_atomically
from hallapp.errors import InvalidInput
from hallapp.reports.formats import Kind, column_kind
from hallapp.reports.model import Cell, PeriodStats
from hallapp.reports.xlsx_stats import NUMBER_FORMATS

__all__ = ["TABLE_PREFIX", "figure_names", "fill_template"]

TABLE_PREFIX = "table_"
Figure = tuple[Callable[[PeriodStats], Cell | date], Kind]


def figure_names() -> dict[str, Figure]:
    """Each name a template may define for one figure, with how to read it and its kind."""
    names: dict[str, Figure] = {
        "hall_name": (lambda s: s.hall_name, Kind.TEXT),
        "hall_code": (lambda s: s.hall_code, Kind.TEXT),
        "period": (lambda s: s.period.label, Kind.TEXT),
        "period_start": (lambda s: s.period.start, Kind.TEXT),
        "period_end": (lambda s: s.period.end, Kind.TEXT),
        "generated_on": (lambda s: date.today(), Kind.TEXT),
        "received": (lambda s: s.received, Kind.COUNT),
        "completed": (lambda s: s.completed, Kind.COUNT),
        "on_time_promised": (lambda s: s.on_time_promised, Kind.RATE),
        "on_time_legal": (lambda s: s.on_time_legal, Kind.RATE),
        "avg_days_used": (lambda s: s.avg_days_used, Kind.AVERAGE),
        "avg_promised_days": (lambda s: s.avg_promised_days, Kind.AVERAGE),
        "avg_legal_days": (lambda s: s.avg_legal_days, Kind.AVERAGE),
        "speedup_rate": (lambda s: s.speedup_rate, Kind.RATE),
        "agent_cases": (lambda s: s.agent_cases, Kind.COUNT),
        "village_cases": (lambda s: s.village_cases, Kind.COUNT),
        "satisfaction_rate": (lambda s: s.satisfaction_rate, Kind.RATE),
        "ratings_total": (lambda s: sum(s.ratings.values()), Kind.COUNT),
        "complaints_received": (lambda s: s.complaints_received, Kind.COUNT),
        "complaints_substantiated": (lambda s: s.complaints_substantiated, Kind.COUNT),
        "complaints_closed_on_time": (lambda s: s.complaints_closed_on_time, Kind.COUNT),
    }
    for rating in Rating:
        names[f"rating_{rating.value}"] = (_rating_count(rating.value), Kind.COUNT)
    return names


def _rating_count(value: str) -> Callable[[PeriodStats], Cell | date]:
    return lambda s: s.ratings.get(value, 0)


def fill_template(stats: PeriodStats, template: Path, path: Path) -> Path:
    """Write ``template`` filled with ``stats`` to ``path``; the template is not changed."""
    wb = _open(template)
    figures = figure_names()
    tables = {TABLE_PREFIX + t.key: t for t in stats.tables}
    filled = 0
    for name, ws, row, col in _named_cells(wb):
        if name in figures:
            read, kind = figures[name]
            _put(ws, row, col, read(stats), kind, name)
            filled += 1
        elif name in tables:
            table = tables[name]
            kinds = [column_kind(c) for c in table.columns]
            rows = list(table.rows) + ([table.total] if table.total is not None else [])
            for r, values in enumerate(rows, start=row):
                for c, (value, kind) in enumerate(zip(values, kinds, strict=True), start=col):
                    _put(ws, r, c, value, kind, name)
            filled += 1
    if not filled:
        raise InvalidInput(
            f"报表模板 {template.name} 中没有可填写的名称（如 received、table_by_item），"
            "请按《报表模板说明》在模板中定义名称"
        )

    def write(file: BinaryIO) -> None:
        wb.save(file)

    return write_atomically(path, write)


def _open(template: Path) -> Workbook:
    if not template.is_file():
        raise InvalidInput(f"找不到报表模板：{template}")
    if template.suffix.lower() != ".xlsx":
        raise InvalidInput(f"报表模板须为 .xlsx 文件：{template.name}")
    try:
        return load_workbook(template)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise InvalidInput(
            f"无法读取报表模板 {template.name}：文件已损坏或不是 .xlsx 文件（{e}）"
        ) from e


def _named_cells(wb: Workbook) -> list[tuple[str, Worksheet, int, int]]:
    """(name, sheet, row, column) of the first cell of each defined name that points at a
    range, the workbook's names and each sheet's own."""
    found: list[tuple[str, Worksheet, int, int]] = []
    for names in [wb.defined_names, *(ws.defined_names for ws in wb.worksheets)]:
        for name, definition in names.items():
            try:
                destinations = list(definition.destinations)
            except (AttributeError, ValueError, TypeError):
                continue  # a constant or a formula, not a place to write
            for sheet_title, ref in destinations[:1]:
                if sheet_title not in wb.sheetnames:
                    continue
                letters, row = coordinate_from_string(ref.replace("$", "").split(":")[0])
                found.append(
                    (name.lower(), wb[sheet_title], row, column_index_from_string(letters))
                )
    return found


def _put(ws: Worksheet, row: int, col: int, value: Cell | date, kind: Kind, name: str) -> None:
    cell = ws.cell(row, col)
    if isinstance(cell, MergedCell):
        raise InvalidInput(
            f"报表模板的“{name}”要写入 {ws.title}!{cell.coordinate}，"
            "该单元格属于合并单元格但不是其左上角，请调整模板"
        )
    cell.value = value
    if (
        kind in NUMBER_FORMATS
        and isinstance(value, int | float)
        and cell.number_format == "General"
    ):
        cell.number_format = NUMBER_FORMATS[kind]
