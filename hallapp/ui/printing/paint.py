"""Putting rendered pages on paper: one page a sheet, scaled into the printable area.

Only what Qt can tell is caught here: a printer that will not start (switched off, no
driver, a file that cannot be written) or that ends in error or aborted. Paper out and a
jam are reported by the operating system's print queue, after the job has left the app.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter

from hallapp.ui.printing.raster import PageBitmap

# Enough for sharp text and a readable QR code; a 600 or 1200 dpi printer would make each
# A4 page a hundred megabytes or more of pixels for no visible gain.
MAX_PRINT_DPI = 300.0


class PrintFailed(Exception):
    """The printer did not take the job; ``reason`` says why in the clerk's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def print_dpi(printer: QPrinter) -> float:
    return float(min(printer.resolution(), MAX_PRINT_DPI))


def usable(printer: QPrinter) -> None:
    """Raise :class:`PrintFailed` for a printer that cannot even be tried."""
    if not printer.isValid():
        raise PrintFailed("打印机不可用（可能已关机、未连接或已删除）")


def wanted_pages(printer: QPrinter, count: int) -> list[int]:
    """0-based pages to print: the range chosen in the print dialog, else all."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        return list(range(count))
    return [p for p in range(first - 1, last) if p < count]


def paint_pages(printer: QPrinter, pages: Sequence[PageBitmap]) -> None:
    """Print ``pages`` on ``printer``; raises :class:`PrintFailed` if it does not take them."""
    usable(printer)
    if not pages:
        raise PrintFailed("没有可打印的页")
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(_begin_failure(printer))
    try:
        area = printer.pageRect(QPrinter.Unit.DevicePixel)
        for number, page in enumerate(pages):
            if number and not printer.newPage():
                raise PrintFailed("打印机中途停止（可能缺纸或卡纸）")
            image = page.image()
            scale = min(area.width() / image.width(), area.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            # Centred across, from the top: a short receipt is not pushed into the middle.
            target = QRectF(area.x() + (area.width() - width) / 2, area.y(), width, height)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(target, image)
    finally:
        ended = painter.end()
    if not ended or printer.printerState() in (
        QPrinter.PrinterState.Error,
        QPrinter.PrinterState.Aborted,
    ):
        raise PrintFailed("打印任务出错或被取消")


def _begin_failure(printer: QPrinter) -> str:
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return f"无法写入文件 {printer.outputFileName()}"
    return "打印机没有响应（可能已关机、缺纸或未连接）"
