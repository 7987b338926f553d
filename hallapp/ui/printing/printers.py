"""Which printer: the system print dialog, the printers this computer knows, and what a
printer is called in the case's print record.

Behind :class:`PrinterSource` so that the rest of printing never opens a real dialog or
asks the print system directly; the tests give it printers that write PDF files.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QWidget

from hallapp.services.printing import FILE_PRINTER


class PrinterSource(Protocol):
    def open(self, name: str) -> QPrinter | None:
        """The printer called ``name``, or the system's default printer for ``""``;
        ``None`` when no printer of that name is installed any more."""
        ...

    def choose(self, printer: QPrinter, parent: QWidget | None) -> bool:
        """Let the clerk pick the printer (and copies) for ``printer``; False if cancelled."""
        ...


class SystemPrinters:
    """The printers installed on this computer, chosen in Qt's print dialog."""

    def open(self, name: str) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if not name:
            return printer
        if QPrinterInfo.printerInfo(name).isNull():
            return None
        printer.setPrinterName(name)
        return printer

    def choose(self, printer: QPrinter, parent: QWidget | None) -> bool:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("打印")
        return dialog.exec() == QDialog.DialogCode.Accepted


def printer_name(printer: QPrinter) -> str:
    """What the print record and the message say: the printer's name, or the PDF file
    when the clerk chose to print to a file."""
    name = printer.printerName()
    if name:
        return name
    if printer.outputFileName():
        return FILE_PRINTER + printer.outputFileName()
    return "默认打印机"


def lasting_name(printer: QPrinter) -> str:
    """The name worth remembering for next time: a real printer's, never a file's."""
    return printer.printerName()


def fit_paper(printer: QPrinter, size_pt: tuple[float, float]) -> None:
    """Ask for paper of the document's own size (A4, or an 80 mm roll), so the driver
    does not shrink a till receipt onto an A4 sheet or the other way round."""
    width, height = size_pt
    page_size = QPageSize(QSizeF(width, height), QPageSize.Unit.Point)
    printer.setPageSize(page_size)
    orientation = (
        QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    )
    printer.setPageOrientation(orientation)
