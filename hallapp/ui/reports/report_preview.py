"""打印预览 of a report (the daily ledger): the pages as they come out (PgUp / PgDn), then
打印 (Enter), 另存为PDF or 关闭 (Esc).

The same pieces as a case document's preview (pages rendered by PDFium, the printers of
this computer, 另存为PDF when paper does not come out), without a case's print record:
a ledger belongs to the day, not to a case.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from hallapp.ui.operations import Executor
from hallapp.ui.printing.jobs import AskFile
from hallapp.ui.printing.paint import PrintFailed, paint_pages, print_dpi, usable, wanted_pages
from hallapp.ui.printing.preview_dialog import PREVIEW_DPI, PageView
from hallapp.ui.printing.printers import PrinterSource, fit_paper, printer_name
from hallapp.ui.printing.problem_panel import PrintMessage
from hallapp.ui.printing.raster import PageBitmap, UnreadablePdf, page_sizes, render_pages


def printer_problem(reason: str) -> str:
    return f"打印机无法打印：{reason.rstrip('。')}。可以先另存为PDF。"


def _message(exc: BaseException) -> str:
    message = getattr(exc, "message", None)
    return message if isinstance(message, str) and message else str(exc)


class ReportPreview(QDialog):
    came_out = Signal(str)  # what came out: "…已打印…" or "…已另存为PDF…"

    def __init__(
        self,
        title: str,
        file_name: str,
        data: bytes,
        executor: Executor,
        printers: PrinterSource,
        ask_file: AskFile,
        save: Callable[[Path], Path],
        parent: QWidget | None = None,
    ) -> None:
        """``save`` writes the report to a chosen path on the worker (and records that
        it left the app); the pages shown are ``data``."""
        super().__init__(parent)
        self.title = title
        self.file_name = file_name  # the suggested path of 另存为PDF
        self.data = data
        self._executor = executor
        self._printers = printers
        self._ask_file = ask_file
        self._save = save
        self.busy = False
        self.setWindowTitle(self.tr("打印预览 — ") + title)

        heading = QLabel(title)
        heading.setStyleSheet("font-size:18px; font-weight:bold;")
        self.status = QLabel()
        self.status.setStyleSheet("color:#555;")
        self.message = PrintMessage()
        self.message.save_requested.connect(self.save_pdf)
        self.view = PageView()
        self.pages: list[QImage] = []
        self.page = 0
        self.page_count = 0
        self.page_label = QLabel()
        self.previous_button = QPushButton(self.tr("上一页（PgUp）"))
        self.next_button = QPushButton(self.tr("下一页（PgDn）"))
        for button in (self.previous_button, self.next_button):
            button.setAutoDefault(False)
        self.previous_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        self.print_button = QPushButton(self.tr("打印…（Enter / Ctrl+P）"))
        self.print_button.setDefault(True)
        self.save_button = QPushButton(self.tr("另存为PDF…（Ctrl+S）"))
        self.close_button = QPushButton(self.tr("关闭（Esc）"))
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_now)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.page_label)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_now)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_pdf)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, lambda: self.show_page(self.page - 1))
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, lambda: self.show_page(self.page + 1))
        self.resize(980, 760)
        self.print_button.setFocus()
        self._render()

    # pages ------------------------------------------------------------------------------
    def _render(self) -> None:
        """The first page at once; a longer report's other pages on the worker."""
        try:
            self.page_count = len(page_sizes(self.data))
        except UnreadablePdf:
            self.page_count = 0
        if not self.page_count:
            self.message.problem(self.tr("文件已损坏，无法预览。"), can_save=False)
            self.print_button.setEnabled(False)
            self.show_page(0)
            return
        dpi = PREVIEW_DPI * min(max(self.devicePixelRatioF(), 1.0), 2.0)
        self.pages = [bitmap.image() for bitmap in render_pages(self.data, dpi, [0])]
        self.show_page(0)
        if self.page_count > 1:
            data, rest = self.data, range(1, self.page_count)
            self._executor.submit(
                lambda: render_pages(data, dpi, rest), self._rendered, self._not_rendered
            )

    def _rendered(self, bitmaps: list[PageBitmap]) -> None:
        if isValid(self):
            self.pages += [bitmap.image() for bitmap in bitmaps]
            self.show_page(self.page)

    def _not_rendered(self, exc: BaseException) -> None:
        if isValid(self):
            self.status.setText(self.tr("其余页面无法预览：") + _message(exc))

    def show_page(self, number: int) -> None:
        if self.pages:
            self.page = max(0, min(number, len(self.pages) - 1))
            self.view.show_image(self.pages[self.page])
        self.page_label.setText(
            self.tr("第 %1 页 / 共 %2 页")
            .replace("%1", str(self.page + 1))
            .replace("%2", str(self.page_count))
        )
        self.previous_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < len(self.pages) - 1)
        for widget in (self.previous_button, self.page_label, self.next_button):
            widget.setVisible(self.page_count > 1)

    # printing ---------------------------------------------------------------------------
    def print_now(self) -> None:
        if self.busy or not self.print_button.isEnabled():
            return
        printer = self._printers.open("")
        if printer is None:
            self.message.problem(printer_problem("这台电脑上没有可用的打印机"))
            return
        sizes = page_sizes(self.data)
        printer.setDocName(Path(self.file_name).name)
        fit_paper(printer, sizes[0])
        if not self._printers.choose(printer, self):
            return
        try:
            usable(printer)
        except PrintFailed as exc:
            self.message.problem(printer_problem(exc.reason))
            return
        self._set_busy(True, self.tr("正在打印…"))
        data, dpi, pages = self.data, print_dpi(printer), wanted_pages(printer, len(sizes))

        def paint(bitmaps: list[PageBitmap]) -> None:
            if not isValid(self):
                return
            self._set_busy(False)
            try:
                paint_pages(printer, bitmaps)
            except PrintFailed as exc:
                self.message.problem(printer_problem(exc.reason))
                return
            self._finished(
                self.tr("%1已打印（打印机：%2）")
                .replace("%1", self.title)
                .replace("%2", printer_name(printer))
            )

        def not_rendered(exc: BaseException) -> None:
            if isValid(self):
                self._set_busy(False)
                self.message.problem(printer_problem("页面无法生成：" + _message(exc)))

        self._executor.submit(lambda: render_pages(data, dpi, pages), paint, not_rendered)

    def save_pdf(self) -> None:
        if self.busy:
            return
        chosen = self._ask_file(self, self.file_name)
        if not chosen:
            return
        path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        save = self._save

        def failed(exc: BaseException) -> None:
            if isValid(self):
                self._set_busy(False)
                self.message.problem(self.tr("PDF未能保存：") + _message(exc), can_save=True)

        self._set_busy(True, self.tr("正在保存…"))
        self._executor.submit(
            lambda: save(path),
            lambda where: self._finished(
                self.tr("%1已另存为PDF：%2").replace("%1", self.title).replace("%2", str(where))
            ),
            failed,
        )

    def _finished(self, text: str) -> None:
        if not isValid(self):
            return
        self._set_busy(False)
        self.came_out.emit(text)
        self.accept()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.status.setText(text)
        for button in (self.print_button, self.save_button):
            button.setEnabled(not busy)
