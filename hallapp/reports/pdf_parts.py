"""What the report PDFs share: their styles, a StatTable as a printed table, the file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from hallapp.documents.fonts import paragraph_markup, register_pdf_font
from hallapp.documents.output import write_atomically
from hallapp.documents.pages import FRAME_WIDTH, PageFurniture, a4_document, furnished_canvas
from hallapp.reports.formats import column_kind, display
from hallapp.reports.model import StatTable

__all__ = ["ReportStyles", "build_pdf", "para", "stat_table"]

_GRID = colors.Color(0.45, 0.45, 0.45)
_HEADER_FILL = colors.Color(0.88, 0.88, 0.88)
_TOTAL_FILL = colors.Color(0.94, 0.94, 0.94)
_MUTED = colors.Color(0.3, 0.3, 0.3)


class ReportStyles:
    def __init__(self, font: str) -> None:
        # CJK wrapping breaks between any two characters; the default waits for spaces.
        base = ParagraphStyle("base", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
        self.font = font
        self.cell = base
        self.number = ParagraphStyle("number", parent=base, alignment=TA_RIGHT)
        self.header = ParagraphStyle("header", parent=base, alignment=TA_CENTER)
        self.hall = ParagraphStyle(
            "hall", parent=base, fontSize=11, leading=15, alignment=TA_CENTER
        )
        self.title = ParagraphStyle(
            "title", parent=base, fontSize=17, leading=23, alignment=TA_CENTER, spaceBefore=2
        )
        self.subtitle = ParagraphStyle(
            "subtitle",
            parent=base,
            fontSize=10,
            leading=14,
            alignment=TA_CENTER,
            textColor=_MUTED,
            spaceBefore=2,
            spaceAfter=5 * mm,
        )
        self.heading = ParagraphStyle(
            "heading", parent=base, fontSize=12, leading=16, spaceBefore=3 * mm, spaceAfter=2 * mm
        )
        self.note = ParagraphStyle(
            "note", parent=base, fontSize=8, leading=11, textColor=_MUTED, spaceBefore=1.5 * mm
        )
        self.empty = ParagraphStyle(
            "empty", parent=base, fontSize=10, leading=14, leftIndent=4 * mm, textColor=_MUTED
        )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(paragraph_markup(text), style)


def stat_table(
    table: StatTable, styles: ReportStyles, widths: Sequence[float] | None = None
) -> Table:
    """The table with its column titles repeated on every page and its total row shaded.
    ``widths`` are relative; by default the first column is three times as wide."""
    weights = list(widths or [3.0] + [1.0] * (len(table.columns) - 1))
    scale = FRAME_WIDTH / sum(weights)
    kinds = [column_kind(c) for c in table.columns]
    data: list[list[Flowable]] = [[para(c, styles.header) for c in table.columns]]
    rows = list(table.rows) + ([table.total] if table.total is not None else [])
    for values in rows:
        data.append(
            [
                para(display(v, k), styles.cell if isinstance(v, str) else styles.number)
                for v, k in zip(values, kinds, strict=True)
            ]
        )
    commands: list[tuple[object, ...]] = [
        # The table names a font for each cell even when it holds a Paragraph; left at
        # Helvetica, the PDF would name a font it does not embed.
        ("FONTNAME", (0, 0), (-1, -1), styles.font),
        ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
        ("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if table.total is not None:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), _TOTAL_FILL))
    return Table(
        data,
        colWidths=[w * scale for w in weights],
        repeatRows=1,
        hAlign="LEFT",
        style=TableStyle(commands),
    )


def build_pdf(
    path: Path, story: list[Flowable], *, title: str, subject: str, running_head: str
) -> Path:
    """An A4 document with the shared page furniture, written whole or not at all."""
    register_pdf_font()
    furniture = PageFurniture(
        running_head=running_head,
        footer_left=f"制表时间：{datetime.now():%Y-%m-%d %H:%M}",
    )

    def write(file: BinaryIO) -> None:
        doc = a4_document(file, title=title, subject=subject)
        doc.build(story, canvasmaker=furnished_canvas(furniture))

    return write_atomically(path, write)
