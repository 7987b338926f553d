"""A4 page furniture shared by multi-page documents: margins, running head, page footer."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from hallapp.documents.fonts import PDF_FONT, draw_text, text_width

__all__ = [
    "FRAME_WIDTH",
    "MARGIN_BOTTOM",
    "MARGIN_TOP",
    "MARGIN_X",
    "PAGE_SIZE",
    "PageFurniture",
    "a4_document",
    "fit_text",
    "furnished_canvas",
]

PAGE_SIZE = A4
MARGIN_X = 15 * mm
MARGIN_TOP = 15 * mm
# Room for the footer below the frame.
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X
_FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM

_SMALL = 8
_GREY = colors.Color(0.35, 0.35, 0.35)


@dataclass(frozen=True)
class PageFurniture:
    """What is printed around the frame of every page."""

    running_head: str
    """At the top of every page but the first, so a loose page says what it belongs to."""
    footer_left: str
    """Who printed and when; the page number 第 N 页 共 M 页 goes on the right."""


def a4_document(file: BinaryIO, *, title: str, subject: str = "") -> BaseDocTemplate:
    """An A4 portrait document whose one frame is exactly :data:`FRAME_WIDTH` wide.

    The frame has no inner padding (reportlab's default is 6 pt), so tables sized to
    :data:`FRAME_WIDTH` line up with the margins and the footer rule.
    """
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        _FRAME_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    return BaseDocTemplate(
        file,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        pageTemplates=[PageTemplate(id="a4", frames=[frame])],
        title=title,
        subject=subject,
        creator="hallapp",
        # Otherwise every page names Helvetica, a font the PDF does not embed.
        initialFontName=PDF_FONT,
        initialFontSize=9,
    )


def furnished_canvas(furniture: PageFurniture) -> Callable[..., Canvas]:
    """A ``canvasmaker`` for ``doc.build``: the canvas adds head and footer when saved."""
    return functools.partial(_FurnishedCanvas, furniture=furniture)


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """``text``, shortened with an ellipsis if it would be wider than ``width``."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _fit_runs(text: str, size: float, width: float) -> str:
    """:func:`fit_text` for text that may switch to the fallback font mid-line."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


class _FurnishedCanvas(Canvas):
    """Holds every page back until the end, because the footer needs the page count."""

    def __init__(self, *args: Any, furniture: PageFurniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self._draw_furniture(number, total)
            super().showPage()
        super().save()

    def _draw_furniture(self, number: int, total: int) -> None:
        width, _height = PAGE_SIZE
        right = width - MARGIN_X
        page_label = f"第 {number} 页 共 {total} 页"
        label_width = stringWidth(page_label, PDF_FONT, _SMALL)
        baseline = MARGIN_BOTTOM - 10 * mm

        self.saveState()
        self.setFont(PDF_FONT, _SMALL)
        self.setFillColor(_GREY)
        self.setStrokeColor(_GREY)
        self.setLineWidth(0.4)
        self.line(MARGIN_X, baseline + 3.5 * mm, right, baseline + 3.5 * mm)
        left = _fit_runs(
            self._furniture.footer_left, _SMALL, right - MARGIN_X - label_width - 6 * mm
        )
        # Names in the footer and head may hold characters only the fallback font has.
        draw_text(self, MARGIN_X, baseline, left, _SMALL)
        self.setFont(PDF_FONT, _SMALL)
        self.drawRightString(right, baseline, page_label)
        if number > 1:
            head = _fit_runs(self._furniture.running_head, _SMALL, right - MARGIN_X)
            draw_text(self, MARGIN_X, PAGE_SIZE[1] - MARGIN_TOP + 4 * mm, head, _SMALL)
        self.restoreState()
