"""打印 a complaint's 效能投诉登记处理单 through the window's preview and printers.

The case documents' path (preview, printer, 另存为PDF, the remembered printer) serves
the complaint's sheet as it is, with one difference: a complaint is not a case, so
nothing goes on a case's print record. The complaints service has already put the print
in the audit trail (print.complaint) when it made the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from hallapp.documents.model import PaperFormat
from hallapp.services.complaints import ComplaintView
from hallapp.services.printing import RenderedDocument
from hallapp.ui.printing import Printing, PrintOutcome
from hallapp.ui.printing.jobs import Done


class SheetKind(StrEnum):
    """Stands in for a case document's kind on that path: what it reads of a kind is the
    title (the preview's heading) and the value (the key of the remembered printer). The
    complaint's sheet is not one of the case documents (DocumentKind), which the print
    menu, the print record and the settings' list of printers go through."""

    COMPLAINT = "complaint"

    @property
    def title(self) -> str:  # type: ignore[override]
        return "效能投诉登记处理单"


def file_name(number: str) -> str:
    return f"{SheetKind.COMPLAINT.title}-{number}.pdf"


class ComplaintPrinting(Printing):
    def preview_complaint(
        self,
        complaint: ComplaintView,
        parent: QWidget | None,
        done: Done,
        failed: Callable[[BaseException], None],
    ) -> None:
        """Make the sheet on the worker, then show it in the preview dialog."""
        from hallapp.ui.printing.preview_dialog import PreviewDialog

        services = self.services
        complaint_id, number = complaint.id, complaint.number

        def opened(data: bytes) -> None:
            if self.dialog is not None and isValid(self.dialog):
                self.dialog.deleteLater()  # one preview at a time
            document = RenderedDocument(
                SheetKind.COMPLAINT,  # type: ignore[arg-type]
                PaperFormat.A4,
                data,
                1,  # the sheet is printed as often as needed, each copy in the audit trail
                file_name(number),
            )
            dialog = PreviewDialog(complaint_id, document, self, parent)
            dialog.printed.connect(done)
            self.dialog = dialog
            dialog.open()

        self.executor.submit(lambda: services.render_complaint_pdf(complaint_id), opened, failed)

    def _record(
        self, case_id: int, document: RenderedDocument, out: PrintOutcome, done: Done
    ) -> None:
        # ``case_id`` is the complaint's id here: there is no case record to write.
        done(out)
