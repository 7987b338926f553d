"""PDF pages as pixels, for the preview and for the printer.

PDFium may not be entered from two threads at once, not even for two documents, and the
preview renders on the UI thread while a print job may render on the worker; one lock
keeps them apart. The worker's result is plain bytes (:class:`PageBitmap`): the QImage is
made on the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

import pypdfium2 as pdfium
from PySide6.QtGui import QImage

_PDFIUM = threading.Lock()
POINTS_PER_INCH = 72.0


class UnreadablePdf(Exception):
    """The document bytes are not a PDF that PDFium can open."""


@dataclass(frozen=True)
class PageBitmap:
    """One rendered page: RGBX pixels, ``stride`` bytes a row, at ``dpi``."""

    width: int
    height: int
    stride: int
    pixels: bytes
    dpi: float

    def image(self) -> QImage:
        """A QImage that owns its pixels (the bytes may go away after this call)."""
        view = QImage(
            self.pixels, self.width, self.height, self.stride, QImage.Format.Format_RGBX8888
        )
        image = view.copy()
        image.setDotsPerMeterX(round(self.dpi / 0.0254))
        image.setDotsPerMeterY(round(self.dpi / 0.0254))
        return image


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadablePdf(str(exc)) from exc


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Each page's width and height in points (1/72 inch)."""
    with _PDFIUM:
        pdf = _open(data)
        try:
            sizes = []
            for i in range(len(pdf)):
                page = pdf[i]
                width, height = page.get_size()
                page.close()
                sizes.append((width, height))
            return sizes
        finally:
            pdf.close()


def render_pages(data: bytes, dpi: float, pages: Iterable[int] | None = None) -> list[PageBitmap]:
    """The pages (all, or the 0-based ``pages``) rendered at ``dpi``; safe on any thread."""
    with _PDFIUM:
        pdf = _open(data)
        try:
            wanted = range(len(pdf)) if pages is None else [p for p in pages if 0 <= p < len(pdf)]
            return [_render(pdf[i], dpi) for i in wanted]
        finally:
            pdf.close()


def _render(page: pdfium.PdfPage, dpi: float) -> PageBitmap:
    bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True)
    try:
        return PageBitmap(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer), dpi)
    finally:
        bitmap.close()
        page.close()
