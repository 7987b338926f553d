"""A4 lists of cases in tables, such as the supervisor's start-of-day list (晨会清单).

Cells wrap rather than clip: an applicant's full name, an address of a hundred characters
or a long remark prints whole, growing its row, and a long list runs on over as many
pages as it needs with the column headings repeated on each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from hallapp.documents.fonts import paragraph_markup, register_pdf_font
from hallapp.documents.output import write_atomically
from hallapp.documents.pages import FRAME_WIDTH, PageFurniture, a4_document, furnished_canvas

__all__ = ["ListSection", "render_list_pdf"]

_GRID = colors.Color(0.45, 0.45, 0.45)
_HEADER_FILL = colors.Color(0.88, 0.88, 0.88)
_STRIPE_FILL = colors.Color(0.96, 0.96, 0.96)
_MUTED = colors.Color(0.3, 0.3, 0.3)
# A heading with less than this below it moves to the next page, so it never stands
# alone at the foot of a page with its table starting overleaf.
_HEADING_NEEDS = 35 * mm


@dataclass(frozen=True)
class ListSection:
    """One titled table of the list, e.g. 今天转为超期（3件）."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None
    """Relative column widths, scaled to the page; ``None`` for equal columns."""
    empty_text: str = "无"
    """Printed instead of the table when there are no rows."""

    def __post_init__(self) -> None:
        if not self.columns:
            raise ValueError(f"section {self.title!r} has no columns")
        if self.widths is not None and (
            len(self.widths) != len(self.columns) or any(w <= 0 for w in self.widths)
        ):
            raise ValueError(
                f"section {self.title!r}: need {len(self.columns)} positive widths, "
                f"got {self.widths!r}"
            )
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"section {self.title!r}: row {i} has {len(row)} cells "
                    f"for {len(self.columns)} columns"
                )


def render_list_pdf(
    path: Path,
    *,
    title: str,
    hall_name: str,
    subtitle: str,
    sections: Sequence[ListSection],
    printed_by: str,
    printed_at: datetime,
) -> Path:
    """Write the list to ``path`` as an A4 PDF with the font embedded; return ``path``.

    The file appears complete or not at all (see
    :func:`~hallapp.documents.output.write_atomically`). Raises
    :class:`~hallapp.documents.fonts.PrintFontError` if the font is unusable and
    :class:`~hallapp.documents.output.DocumentWriteError` if the file cannot be saved.
    """
    styles = _Styles(register_pdf_font())
    story: list[Flowable] = [
        Paragraph(_markup(hall_name), styles.hall),
        Paragraph(_markup(title), styles.title),
        Paragraph(_markup(subtitle), styles.subtitle),
    ]
    for section in sections:
        story.append(CondPageBreak(_HEADING_NEEDS))
        story.append(Paragraph(_markup(section.title), styles.heading))
        if section.rows:
            story.append(_table(section, styles))
        else:
            story.append(Paragraph(_markup(section.empty_text), styles.empty))
        story.append(Spacer(0, 4 * mm))

    furniture = PageFurniture(
        running_head=f"{hall_name}　{title}",
        footer_left=f"打印人：{printed_by}　打印时间：{printed_at:%Y-%m-%d %H:%M}",
    )

    def write(file: BinaryIO) -> None:
        doc = a4_document(file, title=f"{hall_name} {title}", subject=subtitle)
        doc.build(story, canvasmaker=furnished_canvas(furniture))

    return write_atomically(path, write)


class _Styles:
    def __init__(self, font: str) -> None:
        # CJK wrapping breaks between any two characters (keeping punctuation off the
        # start of a line); the default breaks only at spaces, which Chinese text lacks.
        base = ParagraphStyle("base", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
        self.cell = base
        self.header = ParagraphStyle("header", parent=base)
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
            spaceAfter=6 * mm,
        )
        self.heading = ParagraphStyle(
            "heading", parent=base, fontSize=12, leading=16, spaceAfter=2 * mm
        )
        self.empty = ParagraphStyle(
            "empty", parent=base, fontSize=10, leading=14, leftIndent=4 * mm, textColor=_MUTED
        )


def _table(section: ListSection, styles: _Styles) -> Table:
    weights = section.widths or (1.0,) * len(section.columns)
    total = sum(weights)
    col_widths = [FRAME_WIDTH * w / total for w in weights]
    data = [[Paragraph(_markup(c), styles.header) for c in section.columns]]
    data += [[Paragraph(_markup(cell), styles.cell) for cell in row] for row in section.rows]
    return Table(
        data,
        colWidths=col_widths,
        repeatRows=1,
        # A row taller than a page (a remark of thousands of characters) is split
        # across pages instead of stopping the whole document.
        splitInRow=1,
        hAlign="LEFT",
        style=TableStyle(
            [
                # The table selects each cell's font even when the cell is a Paragraph;
                # left at its Helvetica default, the PDF would name a font it does not embed.
                ("FONTNAME", (0, 0), (-1, -1), styles.cell.fontName),
                ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
                ("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, _STRIPE_FILL]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        ),
    )


def _markup(text: str) -> str:
    """Plain text as Paragraph markup: ``&`` and ``<`` in a name must not read as tags,
    and a rare character in a name prints in the fallback font."""
    return paragraph_markup(text)
