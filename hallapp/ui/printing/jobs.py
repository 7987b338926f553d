"""Printing a case's documents: preview, the printer, paper, the print record, and saving
the PDF when the paper does not come out.

The services make the document (a PDF) and keep the record of every print; this module
turns the PDF into pages on the printer the clerk picks. The document is made and its
pages rendered on the worker; the print dialog and the painting stay on the UI thread,
where Qt wants them. A print that fails never touches the case: it was saved before any
document could be made from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget
from shiboken6 import isValid

from hallapp.documents.model import DocumentKind, PaperFormat
from hallapp.documents.output import write_atomically
from hallapp.services.facade import HallServices
from hallapp.services.printing import COUNTER_KINDS, FILE_PRINTER, RenderedDocument
from hallapp.ui.operations import Executor
from hallapp.ui.printing.counter import send_slip
from hallapp.ui.printing.paint import PrintFailed, paint_pages, print_dpi, usable, wanted_pages
from hallapp.ui.printing.printers import (
    PrinterSource,
    SystemPrinters,
    fit_paper,
    lasting_name,
    printer_name,
)
from hallapp.ui.printing.raster import PageBitmap, UnreadablePdf, page_sizes, render_pages
from hallapp.ui.printing.settings import PrintSettings
from hallapp.ui.printing.texts import document_title, printed_text, printer_problem, saved_text

if TYPE_CHECKING:
    from hallapp.ui.printing.preview_dialog import PreviewDialog

AskFile = Callable[[QWidget | None, str], str]
"""Ask where to save: (parent, suggested path) -> chosen path, or "" if cancelled."""


def ask_save_path(parent: QWidget | None, suggested: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(parent, "另存为PDF", suggested, "PDF 文件 (*.pdf)")
    return path


@dataclass(frozen=True)
class PrintOutcome:
    """How one print went, for the screen that asked for it."""

    title: str
    printed: bool = False
    cancelled: bool = False
    printer: str = ""
    copy_no: int = 1
    problem: str = ""  # the whole message when nothing came out
    note: str = ""  # printed, but something else went wrong (the record)
    document: RenderedDocument | None = None  # for 另存为PDF after a failure
    saved_to: str = ""  # 另存为PDF: the file that stands in for the paper

    @property
    def text(self) -> str:
        if self.printed:
            said = (
                saved_text(self.title, self.saved_to, self.copy_no)
                if self.saved_to
                else printed_text(self.title, self.printer, self.copy_no)
            )
            return said + ("。" + self.note if self.note else "")
        return self.problem


Done = Callable[[PrintOutcome], None]


def _message(exc: BaseException) -> str:
    message = getattr(exc, "message", None)
    return message if isinstance(message, str) and message else str(exc)


class Printing(QObject):
    """One per window: the views ask it to preview, print and save case documents."""

    printed = Signal(int)  # the case whose print was just recorded

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        settings: PrintSettings | None = None,
        printers: PrinterSource | None = None,
        ask_file: AskFile = ask_save_path,
    ) -> None:
        super().__init__()
        self.services = services
        self.executor = executor
        self.settings = settings or PrintSettings()
        self.printers: PrinterSource = printers or SystemPrinters()
        self.ask_file = ask_file
        self.dialog: PreviewDialog | None = None

    # preview ----------------------------------------------------------------------------
    def preview(
        self,
        case_id: int,
        kind: DocumentKind,
        fmt: PaperFormat,
        parent: QWidget | None,
        done: Done,
        failed: Callable[[BaseException], None],
        problem: str = "",
    ) -> None:
        """Make the document on the worker, then show it in the preview dialog; with
        ``problem`` (a print that just failed) said in its message panel, where
        另存为PDF is one key away."""
        from hallapp.ui.printing.preview_dialog import PreviewDialog

        services = self.services

        def opened(document: RenderedDocument) -> None:
            if self.dialog is not None and isValid(self.dialog):
                self.dialog.deleteLater()  # one preview at a time; the last one is done
            dialog = PreviewDialog(case_id, document, self, parent)
            dialog.printed.connect(done)
            self.dialog = dialog
            dialog.open()
            if problem:
                dialog.message.problem(problem)

        self.executor.submit(lambda: services.render_document(case_id, kind, fmt), opened, failed)

    # printing ---------------------------------------------------------------------------
    def print_case(
        self,
        case_id: int,
        kind: DocumentKind,
        fmt: PaperFormat,
        parent: QWidget | None,
        done: Done,
    ) -> None:
        """Print without a preview, to the printer remembered for ``kind`` (受理后自动打印);
        the print dialog opens only while no printer is remembered. A 受理通知书 goes to
        the 小票打印机 instead when the settings send 自动打印 there."""
        if kind is DocumentKind.RECEIPT and self.settings.auto_receipt_on_counter:
            self.send_to_counter(case_id, kind, done, fallback=fmt)
            return
        title = document_title(kind, fmt)
        services = self.services

        def not_made(exc: BaseException) -> None:
            done(PrintOutcome(title, problem=f"{title}未能生成：{_message(exc)}。办件已保存。"))

        self.executor.submit(
            lambda: services.render_document(case_id, kind, fmt),
            lambda document: self.print_document(case_id, document, parent, done, ask=False),
            not_made,
        )

    def print_document(
        self,
        case_id: int,
        document: RenderedDocument,
        parent: QWidget | None,
        done: Done,
        ask: bool = True,
    ) -> None:
        """Print ``document`` and record the print on the case. ``ask``: open the print
        dialog with the remembered printer chosen; otherwise print straight to it."""
        title = document_title(document.kind, document.fmt)

        def fail(reason: str) -> None:
            done(PrintOutcome(title, problem=printer_problem(reason), document=document))

        try:
            sizes = page_sizes(document.data)
        except UnreadablePdf:
            sizes = []
        if not sizes:
            fail("文件已损坏或没有内容，无法读取")
            return
        remembered = self.settings.printer_for(document.kind, document.fmt)
        printer = self.printers.open(remembered) if remembered else None
        if printer is None and remembered and not ask:
            fail(f"找不到上次使用的打印机“{remembered}”（可能已关机、未连接或已删除）")
            return
        if printer is None:
            printer = self.printers.open("")
        if printer is None:
            fail("这台电脑上没有可用的打印机")
            return
        printer.setDocName(document.file_name or title)
        fit_paper(printer, sizes[0])
        if ask or not remembered:
            if not self.printers.choose(printer, parent):
                done(PrintOutcome(title, cancelled=True, document=document))
                return
            self.settings.remember_printer(document.kind, document.fmt, lasting_name(printer))
        try:
            usable(printer)
        except PrintFailed as exc:
            fail(exc.reason)
            return
        data, dpi = document.data, print_dpi(printer)
        pages = wanted_pages(printer, len(sizes))
        self.executor.submit(
            lambda: render_pages(data, dpi, pages),
            lambda bitmaps: self._paint(case_id, document, printer, bitmaps, done),
            lambda exc: fail("页面无法生成：" + _message(exc)),
        )

    def _paint(
        self,
        case_id: int,
        document: RenderedDocument,
        printer: QPrinter,
        pages: list[PageBitmap],
        done: Done,
    ) -> None:
        title = document_title(document.kind, document.fmt)
        try:
            paint_pages(printer, pages)
        except PrintFailed as exc:
            done(PrintOutcome(title, problem=printer_problem(exc.reason), document=document))
            return
        name = printer_name(printer)
        printed = PrintOutcome(
            title, printed=True, printer=name, copy_no=document.copy_no, document=document
        )
        self._record(case_id, document, printed, done)

    def _record(
        self, case_id: int, document: RenderedDocument, out: PrintOutcome, done: Done
    ) -> None:
        """The copy is out (on paper or in a file): put it on the case's record."""
        services = self.services

        def recorded(_record: object) -> None:
            done(out)
            self.printed.emit(case_id)

        def not_recorded(exc: BaseException) -> None:
            # The copy exists: say so, and that the record is missing, never "failed".
            done(replace(out, note="但这次打印没能记入办件的打印记录：" + _message(exc)))

        self.executor.submit(
            lambda: services.record_print(case_id, document.kind, document.fmt, out.printer),
            recorded,
            not_recorded,
        )

    # the counter's receipt printer (小票打印机) --------------------------------------------
    def counter_ready(self, kind: DocumentKind) -> bool:
        """Whether ``kind`` can go to this computer's 小票打印机: it is a slip and one is set."""
        return kind in COUNTER_KINDS and self.settings.counter_printer.configured

    def send_to_counter(
        self,
        case_id: int,
        kind: DocumentKind,
        done: Done,
        document: RenderedDocument | None = None,
        fallback: PaperFormat | None = None,
    ) -> None:
        """The slip on the 小票打印机, recorded on the case once the printer took it. When
        it fails, the outcome carries ``document`` (or the ``fallback`` paper's PDF) for
        另存为PDF."""

        def finished(outcome: PrintOutcome) -> None:
            done(outcome)
            if outcome.printed:
                self.printed.emit(case_id)

        printer = self.settings.counter_printer
        send_slip(
            self.services, self.executor, printer, case_id, kind, finished, document, fallback
        )

    # saving ---------------------------------------------------------------------------
    def save_pdf(
        self,
        case_id: int,
        document: RenderedDocument,
        parent: QWidget | None,
        done: Done,
    ) -> None:
        """Ask where, write the PDF there (on the worker, never half a file), and record
        it on the case like a print: the file is a copy handed out, so the next paper
        copy is marked 补打 instead of passing for a second original."""
        title = document_title(document.kind, document.fmt)
        folder = self.settings.save_dir or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        suggested = str(Path(folder) / (document.file_name or f"{title}.pdf"))
        chosen = self.ask_file(parent, suggested)
        if not chosen:
            done(PrintOutcome(title, cancelled=True, document=document))
            return
        path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        self.settings.save_dir = str(path.parent)
        data = document.data

        def write(file: BinaryIO) -> None:
            file.write(data)

        def written(where: Path) -> None:
            out = PrintOutcome(
                title,
                printed=True,
                printer=FILE_PRINTER + str(where),
                copy_no=document.copy_no,
                document=document,
                saved_to=str(where),
            )
            self._record(case_id, document, out, done)

        def not_written(exc: BaseException) -> None:
            done(PrintOutcome(title, problem="PDF未能保存：" + _message(exc), document=document))

        self.executor.submit(lambda: write_atomically(path, write), written, not_written)
