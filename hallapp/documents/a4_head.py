"""The head of a numbered A4 form: the hall and the title between a mark on the left and
the number's QR code, then the number as text beside its Code 128, ruled off."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from hallapp.documents.a4_parts import GRID, Styles, para
from hallapp.documents.codes import code128, qr_code
from hallapp.documents.pages import FRAME_WIDTH

BARCODE_WIDTH = 62 * mm
BARCODE_HEIGHT = 9 * mm
_NO_PADDING = [
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
]


def numbered_head(
    hall: str,
    title: str,
    label: str,
    number: str,
    styles: Styles,
    *,
    side: float,
    qr_size: float,
    left: Flowable | str = "",
) -> list[Flowable]:
    """``label`` names the number on paper (办件编号, 投诉编号); ``left`` is whatever the
    form marks in the top left corner (a reprint's stamp)."""
    top = Table(
        [[left, [para(hall, styles.hall), para(title, styles.title)], qr_code(number, qr_size)]],
        colWidths=[side, FRAME_WIDTH - 2 * side, side],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.font),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 0), (2, 0), "RIGHT"),
                ("ALIGN", (0, 0), (0, 0), "LEFT"),
                *_NO_PADDING,
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    line = Table(
        [
            [
                para(f"{label}：{number}", styles.body),
                code128(number, BARCODE_WIDTH, BARCODE_HEIGHT),
            ]
        ],
        colWidths=[FRAME_WIDTH - BARCODE_WIDTH, BARCODE_WIDTH],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.font),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                *_NO_PADDING,
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, GRID),
            ]
        ),
    )
    return [top, Spacer(0, 1 * mm), line, Spacer(0, 4 * mm)]
