"""The receipt (受理回执) and the fee bill (收费收据) as 80 mm counter slips in PDF.

A till roll has no page length: the page is exactly as tall as what it carries. Every
flowable is measured first at the slip's width and the page is then made that tall, so
a long item name or a long list of materials makes the slip longer instead of running
off the bottom or onto a second page that a roll printer would cut apart.

Everything is black: a thermal head prints grey as a speckled dither that is harder to
read than small black text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from hallapp.documents.fonts import paragraph_markup, register_pdf_font, text_width
from hallapp.documents.model import CaseDocument
from hallapp.documents.output import write_atomically
from hallapp.documents.thermal_slip import (
    Slip,
    SlipAmount,
    SlipCodes,
    SlipField,
    SlipRule,
    SlipText,
    slip_for,
)

__all__ = ["PAGE_WIDTH", "PRINTABLE_WIDTH", "render_80mm", "render_80mm_bytes"]

PAGE_WIDTH = 80 * mm
# 80 mm printers print 72 mm (576 dots at 203 dpi) and leave 4 mm blank at each edge.
PRINTABLE_WIDTH = 72 * mm
_MARGIN_X = (PAGE_WIDTH - PRINTABLE_WIDTH) / 2
_MARGIN_TOP = 4 * mm
# Room between the last line and the cutter, which sits some way above the print head.
_MARGIN_BOTTOM = 8 * mm
_QR_SIZE = 26 * mm
# Two printer dots at 203 dpi: the narrowest bar a thermal head prints reliably.
_BAR_WIDTH = 0.25 * mm
_BAR_HEIGHT = 9 * mm
# The widest label column (居民身份证：); a longer label, such as 港澳居民来往内地通行证,
# runs on into its value instead of pushing every value to the right.
_LABEL_MAX = 20 * mm
_BODY = 9.0
_STRONG = 10.5

_Align = Literal["left", "centre"]


@dataclass(frozen=True)
class _Placed:
    flowable: Flowable
    align: _Align = "left"
    space_after: float = 1.2


def render_80mm_bytes(doc: CaseDocument) -> bytes:
    """The receipt or bill as an 80 mm wide PDF, one page as tall as its content.

    Raises ``ValueError`` for any other kind of document and
    :class:`~hallapp.documents.fonts.PrintFontError` if the font is unusable.
    """
    slip = slip_for(doc)
    buffer = io.BytesIO()
    _draw(slip, buffer, subject=doc.case_number)
    return buffer.getvalue()


def render_80mm(doc: CaseDocument, path: Path) -> Path:
    """Write the 80 mm PDF to ``path``, complete or not at all; return ``path``.

    Raises as :func:`render_80mm_bytes` does, and
    :class:`~hallapp.documents.output.DocumentWriteError` if the file cannot be saved.
    """
    # Rendered before the file is opened: a refused kind leaves no empty file behind.
    data = render_80mm_bytes(doc)

    def write(file: BinaryIO) -> None:
        file.write(data)

    return write_atomically(Path(path), write)


def _draw(slip: Slip, file: BinaryIO, *, subject: str) -> None:
    styles = _Styles(register_pdf_font(), slip)
    story = _story(slip, styles)
    sizes = [placed.flowable.wrap(PRINTABLE_WIDTH, 1e6) for placed in story]
    content = sum(h for _w, h in sizes) + sum(p.space_after for p in story[:-1])
    height = _MARGIN_TOP + content + _MARGIN_BOTTOM

    canvas = Canvas(
        file,
        pagesize=(PAGE_WIDTH, height),
        # Otherwise the page names Helvetica, a font the PDF does not embed.
        initialFontName=styles.font,
        initialFontSize=_BODY,
    )
    canvas.setTitle(f"{slip.hall_name} {slip.title}")
    canvas.setSubject(subject)
    canvas.setCreator("hallapp")
    y = height - _MARGIN_TOP
    for placed, (width, h) in zip(story, sizes, strict=True):
        y -= h
        x = _MARGIN_X
        if placed.align == "centre":
            x += (PRINTABLE_WIDTH - width) / 2
        placed.flowable.drawOn(canvas, x, y)
        y -= placed.space_after
    canvas.showPage()
    canvas.save()


def _story(slip: Slip, styles: _Styles) -> list[_Placed]:
    story = [_Placed(Paragraph(paragraph_markup(slip.hall_name), styles.hall), space_after=1)]
    story.append(_Placed(Paragraph(paragraph_markup(slip.title), styles.title), space_after=1))
    if slip.mark:
        story.append(_Placed(_boxed(slip.mark, styles), "centre", space_after=2))
    for line in slip.lines:
        match line:
            case SlipField():
                story.append(_Placed(_field(line, styles)))
            case SlipAmount():
                story.append(_Placed(_amount(line, styles)))
            case SlipText():
                style = styles.text[line.role]
                story.append(_Placed(Paragraph(paragraph_markup(line.text), style)))
            case SlipRule():
                story.append(_Placed(_Rule(), space_after=0))
            case SlipCodes():
                story[-1] = _Placed(story[-1].flowable, story[-1].align, space_after=3)
                story.append(_Placed(_qr(line.value, styles.font), "centre", space_after=2))
                barcode = _code128(line.value)
                if barcode is not None:
                    story.append(_Placed(barcode, "centre", space_after=2))
    return story


class _Styles:
    def __init__(self, font: str, slip: Slip) -> None:
        self.font = font
        # CJK wrapping breaks between any two characters (keeping punctuation off the
        # start of a line); the default breaks only at spaces, which Chinese text lacks.
        base = ParagraphStyle("base", fontName=font, fontSize=_BODY, leading=12.5, wordWrap="CJK")
        self.body = base
        self.strong = ParagraphStyle("strong", parent=base, fontSize=_STRONG, leading=14)
        self.hall = ParagraphStyle(
            "hall", parent=base, fontSize=11, leading=15, alignment=TA_CENTER
        )
        self.title = ParagraphStyle(
            "title", parent=base, fontSize=16, leading=21, alignment=TA_CENTER
        )
        self.mark = ParagraphStyle(
            "mark", parent=base, fontSize=_STRONG, leading=14, alignment=TA_CENTER
        )
        self.heading = base
        self.item = ParagraphStyle("item", parent=base, leftIndent=12, firstLineIndent=-12)
        self.note = ParagraphStyle("note", parent=base, fontSize=7.5, leading=10)
        self.centre = ParagraphStyle("centre", parent=self.note, alignment=TA_CENTER, spaceBefore=2)
        self.amount = ParagraphStyle("amount", parent=base, alignment=TA_RIGHT)
        self.amount_strong = ParagraphStyle("amount_strong", parent=self.strong, alignment=TA_RIGHT)
        self.text = {
            "heading": self.heading,
            "item": self.item,
            "note": self.note,
            "centre": self.centre,
        }
        widths = [text_width(f"{x.label}：", _BODY) for x in slip.lines if isinstance(x, SlipField)]
        self.label_width = max((w + 1 for w in widths if w + 1 <= _LABEL_MAX), default=0.0)


def _cells(
    rows: list[list[Flowable]], widths: list[float], font: str, indent: float = 0.0
) -> Table:
    return Table(
        rows,
        colWidths=widths,
        hAlign="LEFT",
        style=TableStyle(
            [
                # The table selects a font even for Paragraph cells; left at its Helvetica
                # default, the PDF would name a font it does not embed.
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (0, 0), (0, -1), indent),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


def _boxed(text: str, styles: _Styles) -> Table:
    """The 补打 mark in a frame, so that a copy cannot pass for the first print."""
    width = text_width(text, _STRONG) + 4 * mm
    table = _cells([[Paragraph(paragraph_markup(text), styles.mark)]], [width], styles.font)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, "black"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _field(line: SlipField, styles: _Styles) -> Flowable:
    label = f"{line.label}："
    if text_width(label, _BODY) + 1 > styles.label_width:
        return Paragraph(paragraph_markup(label + line.value), styles.body)
    value_width = PRINTABLE_WIDTH - styles.label_width
    value_style = styles.body
    if line.strong:
        # Larger, but never so large that a case number breaks across two lines.
        natural = text_width(line.value, _STRONG) or 1.0
        size = min(_STRONG, max(_BODY, _STRONG * (value_width - 1) / natural))
        value_style = ParagraphStyle("strong", parent=styles.strong, fontSize=size)
    return _cells(
        [
            [
                Paragraph(paragraph_markup(label), styles.body),
                Paragraph(paragraph_markup(line.value), value_style),
            ]
        ],
        [styles.label_width, value_width],
        styles.font,
    )


def _amount(line: SlipAmount, styles: _Styles) -> Table:
    size = _STRONG if line.strong else _BODY
    indent = 4 * mm if line.detail else 0.0
    amount_width = max(text_width(line.amount, size) + 2, 20 * mm)
    label_style = styles.strong if line.strong else styles.body
    amount_style = styles.amount_strong if line.strong else styles.amount
    return _cells(
        [
            [
                Paragraph(paragraph_markup(line.label), label_style),
                Paragraph(paragraph_markup(line.amount), amount_style),
            ]
        ],
        [PRINTABLE_WIDTH - amount_width, amount_width],
        styles.font,
        indent,
    )


def _qr(value: str, font: str) -> Drawing:
    widget = QrCodeWidget(value, barLevel="M", barBorder=0)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(
        _QR_SIZE,
        _QR_SIZE,
        transform=[_QR_SIZE / (x1 - x0), 0, 0, _QR_SIZE / (y1 - y0), 0, 0],
        # A drawing starts from Helvetica, which the PDF would then name without
        # embedding it, although the code draws no text at all.
        initialFontName=font,
    )
    drawing.add(widget)
    return drawing


def _code128(value: str) -> Code128 | None:
    """The number as Code 128 with its quiet zones, or ``None`` if that is too wide."""
    barcode = Code128(
        value,
        barWidth=_BAR_WIDTH,
        barHeight=_BAR_HEIGHT,
        humanReadable=False,
        quiet=True,
        lquiet=10 * _BAR_WIDTH,
        rquiet=10 * _BAR_WIDTH,
    )
    width, _height = barcode.wrap(PRINTABLE_WIDTH, _BAR_HEIGHT)
    return barcode if width <= PRINTABLE_WIDTH else None


class _Rule(Flowable):
    """A dashed line across the slip between its parts."""

    _HEIGHT = 3 * mm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self._HEIGHT

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setLineWidth(0.6)
        self.canv.setDash(2, 1.5)
        self.canv.line(0, self._HEIGHT / 2, self.width, self._HEIGHT / 2)
        self.canv.restoreState()
