"""打印预览: the document as it will come out, then 打印 (Enter), 另存为PDF or 关闭 (Esc);
a receipt or bill also 小票打印机 (Ctrl+T) when this computer has one set.

A one-page document (a receipt, a notice) is drawn at once; a longer one is rendered on
the worker while the dialog says so. The page is fitted to the width of the window and
never blown up past its rendered size, so an 80 mm slip stays slip-sized.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from hallapp.services.printing import RenderedDocument
from hallapp.ui.printing.problem_panel import PrintMessage
from hallapp.ui.printing.raster import PageBitmap, UnreadablePdf, page_sizes, render_pages
from hallapp.ui.printing.texts import document_title, reprint_text

if TYPE_CHECKING:
    from hallapp.ui.printing.jobs import Printing, PrintOutcome

PREVIEW_DPI = 120.0
_REPRINT_STYLE = "background:#fff1d6; color:#8a4b00; border:1px solid #e3b465; padding:2px 8px;"


class PageView(QScrollArea):
    """One page, as wide as the window allows and no wider than it was rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.image = QImage()
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QScrollArea, QLabel {background:#8a8f96;}")

    def show_image(self, image: QImage) -> None:
        self.image = image
        self._fit()
        self.verticalScrollBar().setValue(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.image.isNull():
            self.label.clear()
            return
        ratio = self.devicePixelRatioF()
        room = max(self.viewport().width() - 24, 100) * ratio
        width = min(room, self.image.width())
        scaled = self.image.scaledToWidth(round(width), Qt.TransformationMode.SmoothTransformation)
        pixmap = QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(ratio)
        self.label.setPixmap(pixmap)

    def shown_width(self) -> int:
        """The page's width on screen, in logical pixels."""
        pixmap = self.label.pixmap()
        return 0 if pixmap.isNull() else round(pixmap.width() / pixmap.devicePixelRatio())


class PreviewDialog(QDialog):
    printed = Signal(object)  # the PrintOutcome of a print that came out

    def __init__(
        self,
        case_id: int,
        document: RenderedDocument,
        printing: Printing,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.case_id = case_id
        self.document = document
        self.printing = printing
        self.pages: list[QImage] = []
        self.page = 0
        self.page_count = 0
        self.busy = False
        self.title = document_title(document.kind, document.fmt)
        reprint = reprint_text(document.copy_no)
        self.setWindowTitle(
            self.tr("打印预览 — ") + self.title + (f" — {reprint}" if reprint else "")
        )

        heading = QLabel(self.title)
        heading.setStyleSheet("font-size:18px; font-weight:bold;")
        # Said inside the dialog too: a title bar is easily missed.
        self.reprint_label = QLabel(reprint + self.tr("：打印件上标明“补打”") if reprint else "")
        self.reprint_label.setStyleSheet(_REPRINT_STYLE)
        self.reprint_label.setVisible(bool(reprint))
        self.status = QLabel()
        self.status.setStyleSheet("color:#555;")
        self.message = PrintMessage()
        self.message.save_requested.connect(self.save_pdf)
        self.view = PageView()

        self.previous_button = QPushButton(self.tr("上一页（PgUp）"))
        self.next_button = QPushButton(self.tr("下一页（PgDn）"))
        self.page_label = QLabel()
        for button in (self.previous_button, self.next_button):
            button.setAutoDefault(False)
        self.previous_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        self.print_button = QPushButton(self.tr("打印…（Enter / Ctrl+P）"))
        self.print_button.setDefault(True)
        self.save_button = QPushButton(self.tr("另存为PDF…（Ctrl+S）"))
        self.save_button.setAutoDefault(False)
        # Ctrl+T (ticket): Ctrl+P is the A4 print and Ctrl+S the PDF.
        self.counter_button = QPushButton(self.tr("小票打印机（Ctrl+T）"))
        self.counter_button.setAutoDefault(False)
        self.counter_button.setVisible(printing.counter_ready(document.kind))
        self.counter_button.setToolTip(
            self.tr("打印到本机的小票打印机：") + printing.settings.counter_printer.summary()
        )
        self.counter_button.clicked.connect(self.send_to_counter)
        self.close_button = QPushButton(self.tr("关闭（Esc）"))
        self.close_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_now)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.reprint_label)
        top.addStretch(1)
        top.addWidget(self.status)
        pager = QHBoxLayout()
        pager.addWidget(self.previous_button)
        pager.addWidget(self.page_label)
        pager.addWidget(self.next_button)
        pager.addStretch(1)
        self.pager = QWidget()
        self.pager.setLayout(pager)
        pager.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.counter_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.pager)
        layout.addLayout(buttons)

        for keys, slot in (
            (QKeySequence.StandardKey.Print, self.print_now),
            (QKeySequence.StandardKey.Save, self.save_pdf),
            (QKeySequence("Ctrl+T"), self.send_to_counter),
            (QKeySequence(Qt.Key.Key_PageUp), lambda: self.show_page(self.page - 1)),
            (QKeySequence(Qt.Key.Key_PageDown), lambda: self.show_page(self.page + 1)),
        ):
            QShortcut(keys, self, slot)
        self.resize(760, 900)
        self.print_button.setFocus()
        self._render()

    # pages ------------------------------------------------------------------------------
    def _render(self) -> None:
        try:
            count = len(page_sizes(self.document.data))
        except UnreadablePdf:
            self.message.problem(self.tr("文件已损坏，无法预览。"), can_save=False)
            self.print_button.setEnabled(False)
            self._show_pager(0)
            return
        dpi = PREVIEW_DPI * min(max(self.devicePixelRatioF(), 1.0), 2.0)
        self._show_pager(count)
        if count <= 1:
            self._rendered(render_pages(self.document.data, dpi))
            return
        self.status.setText(self.tr("正在生成预览…"))
        data = self.document.data
        self.printing.executor.submit(
            lambda: render_pages(data, dpi), self._rendered, self._not_rendered
        )

    def _rendered(self, bitmaps: list[PageBitmap]) -> None:
        if not isValid(self):
            return  # closed while the worker was rendering
        self.status.setText("")
        self.pages = [bitmap.image() for bitmap in bitmaps]
        self.show_page(0)

    def _not_rendered(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.status.setText("")
        self.message.problem(self.tr("预览无法生成：") + str(exc), can_save=True)

    def _show_pager(self, count: int) -> None:
        self.pager.setVisible(count > 1)
        self.page_count = count

    def show_page(self, number: int) -> None:
        if not self.pages:
            return
        self.page = max(0, min(number, len(self.pages) - 1))
        self.view.show_image(self.pages[self.page])
        self.page_label.setText(
            self.tr("第 %1 页 / 共 %2 页")
            .replace("%1", str(self.page + 1))
            .replace("%2", str(len(self.pages)))
        )
        self.previous_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < len(self.pages) - 1)

    # printing and saving ----------------------------------------------------------------
    def print_now(self) -> None:
        if self.busy or not self.print_button.isEnabled():
            return  # a second Enter while printing never prints twice
        self._set_busy(True)
        self.message.hide()
        self.status.setText(self.tr("正在打印…"))
        self.printing.print_document(self.case_id, self.document, self, self._printed, ask=True)

    def _printed(self, outcome: PrintOutcome) -> None:
        if not isValid(self):
            return
        self._set_busy(False)
        self.status.setText("")
        if outcome.cancelled:
            self.print_button.setFocus()
            return
        if not outcome.printed:
            self.message.problem(outcome.problem)
            return
        # Printed or saved: another copy from this dialog would carry the old copy number,
        # so it closes, and the next copy is made afresh, marked 补打.
        self.printed.emit(outcome)
        self.accept()

    def send_to_counter(self) -> None:
        if self.busy or self.counter_button.isHidden() or not self.counter_button.isEnabled():
            return
        self._set_busy(True)
        self.message.hide()
        self.status.setText(self.tr("正在发送到小票打印机…"))
        self.printing.send_to_counter(
            self.case_id, self.document.kind, self._printed, document=self.document
        )

    def save_pdf(self) -> None:
        if self.busy:
            return
        self._set_busy(True)
        self.printing.save_pdf(self.case_id, self.document, self, self._printed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.print_button, self.counter_button, self.save_button):
            button.setEnabled(not busy)
