"""Printing a case's documents: preview, printer, print record, 另存为PDF."""

from hallapp.ui.printing.jobs import Printing, PrintOutcome
from hallapp.ui.printing.menu import DocumentMenu
from hallapp.ui.printing.preview_dialog import PreviewDialog
from hallapp.ui.printing.printers import PrinterSource, SystemPrinters
from hallapp.ui.printing.problem_panel import PrintMessage
from hallapp.ui.printing.settings import PrintSettings

__all__ = [
    "DocumentMenu",
    "PreviewDialog",
    "PrintMessage",
    "PrintOutcome",
    "PrintSettings",
    "PrinterSource",
    "Printing",
    "SystemPrinters",
]
