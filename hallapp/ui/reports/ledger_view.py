"""日常工作台账: a day's work at the counter, line by line (收件, 受理, 办结, 送达…), with
each clerk's totals, printed at closing time or exported to Excel.

Keys: ← / → the day before or after (when the date field is not being edited) ·
Alt+D the date · Alt+P 打印台账 · Alt+X 导出Excel · F5 reads again.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.ui.agents.tables import RowsModel, RowsTable
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.printing.jobs import AskFile, ask_save_path
from hallapp.ui.printing.printers import PrinterSource, SystemPrinters
from hallapp.ui.reports.exports import XLSX_FILTER, AskPath, suggested, with_suffix
from hallapp.ui.reports.exports import ask_save_path as ask_report_path
from hallapp.ui.reports.permissions import LEDGER_READERS, WHOLE_HALL_LEDGER, may
from hallapp.ui.reports.report_preview import ReportPreview
from hallapp.ui.reports.stat_tables import StatTableModel, stat_table_view
from hallapp.ui.roles import needs

if TYPE_CHECKING:
    from hallapp.services.facade import HallServices
    from hallapp.services.reports import Ledger, LedgerLine

WEEKDAYS = "一二三四五六日"
MAX_CLERK_ROWS = 8
LINE_COLUMNS = ("时间", "工作人员", "办件编号", "事项", "申请人", "办理环节")


def day_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def ledger_file_name(day: date, suffix: str) -> str:
    return f"工作台账-{day.isoformat()}{suffix}"


class LedgerView(QWidget):
    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        today: Callable[[], date] = date.today,
        printers: PrinterSource | None = None,
        ask_pdf: AskFile = ask_save_path,
        ask_path: AskPath = ask_report_path,
    ) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._today = today
        self._printers = printers or SystemPrinters()
        self._ask_pdf = ask_pdf
        self._ask_path = ask_path
        self._loaded_once = False
        self.ledger: Ledger | None = None
        self.preview: ReportPreview | None = None
        self.allowed = may(services.actor, LEDGER_READERS)
        self.own_only = not may(services.actor, WHOLE_HALL_LEDGER)

        self.messages = MessagePanel()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy年M月d日")
        self.date_edit.setMinimumWidth(150)
        date_label = QLabel(self.tr("日期(&D)"))
        date_label.setBuddy(self.date_edit)
        self.previous_button = QPushButton(self.tr("← 前一天"))
        self.previous_button.setToolTip(self.tr("前一天（←）"))
        self.next_button = QPushButton(self.tr("后一天 →"))
        self.next_button.setToolTip(self.tr("后一天（→）"))
        self.print_button = QPushButton(self.tr("打印台账(&P)"))
        self.export_button = QPushButton(self.tr("导出Excel(&X)"))
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size:17px; font-weight:bold;")
        self.summary = QLabel()
        self.summary.setStyleSheet("color:#444; font-size:14px;")

        self.lines_model: RowsModel[LedgerLine] = RowsModel(
            LINE_COLUMNS,
            lambda x: (
                f"{x.at:%H:%M}",
                x.clerk_name,
                x.case_number,
                x.item_name,
                x.applicant,
                x.what,
            ),
        )
        self.lines_table = RowsTable(self.lines_model, self.tr("这一天没有办件记录"))
        self.lines_table.setStyleSheet("QTableView::item{padding:0 6px;}")
        self.clerks_title = QLabel(self.tr("按工作人员汇总"))
        self.clerks_title.setStyleSheet("font-size:15px; font-weight:bold;")
        self.clerks_model = StatTableModel()
        self.clerks_table = stat_table_view(self.clerks_model)

        bar = QHBoxLayout()
        bar.addWidget(date_label)
        bar.addWidget(self.date_edit)
        for button in (self.previous_button, self.next_button):
            button.setAutoDefault(False)
            bar.addWidget(button)
        bar.addStretch(1)
        for button in (self.print_button, self.export_button):
            button.setAutoDefault(False)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.messages)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading)
        heading_row.addStretch(1)
        heading_row.addWidget(self.summary)
        layout.addLayout(heading_row)
        layout.addWidget(self.lines_table, 3)
        layout.addWidget(self.clerks_title)
        layout.addWidget(self.clerks_table)

        self.date_edit.setDate(_qdate(today()))
        self.date_edit.dateChanged.connect(lambda _d: self.refresh())
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.print_button.clicked.connect(self.print_ledger)
        self.export_button.clicked.connect(lambda: self.export_xlsx())
        for key, slot in (
            (Qt.Key.Key_Left, lambda: self.step(-1)),
            (Qt.Key.Key_Right, lambda: self.step(1)),
            (Qt.Key.Key_F5, self.refresh),
        ):
            shortcut = QShortcut(QKeySequence(key), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.lines_table)
        self._set_ready(False)
        self._fit_clerks()
        if not self.allowed:
            why = needs(self.tr("查看工作台账"), LEDGER_READERS)
            for widget in (self.date_edit, self.previous_button, self.next_button):
                widget.setEnabled(False)
            for button in (self.print_button, self.export_button):
                button.setToolTip(why)
            self.heading.setText(why + self.tr("。"))
            for part in (self.lines_table, self.clerks_title, self.clerks_table):
                part.hide()  # an empty list would read as a day without work
            layout.addStretch(1)

    # the day -----------------------------------------------------------------------------
    @property
    def day(self) -> date:
        chosen = self.date_edit.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def show_day(self, day: date) -> None:
        if day == self.day:
            self.refresh()
        else:
            self.date_edit.setDate(_qdate(day))  # dateChanged reads it

    def step(self, days: int) -> None:
        if self.allowed:
            self.show_day(self.day + timedelta(days=days))

    def refresh(self) -> None:
        if not self.allowed:
            return  # the service would refuse and record the refusal: don't ask it
        self._loaded_once = True
        day, services = self.day, self._services
        self._set_ready(False)
        self.heading.setText(day_text(day) + self.tr("　正在读取…"))
        self._executor.submit(
            lambda: services.daily_ledger(day),
            lambda ledger: self._show(day, ledger),
            lambda exc: self._failed(day, exc),
        )

    def _show(self, day: date, ledger: Ledger) -> None:
        if day != self.day:
            return  # the clerk has moved on to another day meanwhile
        self.messages.hide()
        self.ledger = ledger
        self.lines_model.set_rows(ledger.lines)
        self.clerks_model.set_table(ledger.per_clerk)
        self._fit_clerks()
        self.heading.setText(
            f"{ledger.hall_name}　{day_text(day)}　"
            + (self.tr("工作台账（本人办理）") if self.own_only else self.tr("工作台账"))
        )
        self.clerks_title.setText(ledger.per_clerk.title)
        self.summary.setText(self.tr("共 %1 条记录").replace("%1", str(len(ledger.lines))))
        self._set_ready(True)

    def _fit_clerks(self) -> None:
        """The totals show whole (a hall has a handful of staff); the lines get the rest."""
        table = self.clerks_table
        rows = min(max(self.clerks_model.rowCount(), 1), MAX_CLERK_ROWS)
        height = (
            table.horizontalHeader().height() + rows * table.verticalHeader().defaultSectionSize()
        )
        table.setFixedHeight(height + 2 * table.frameWidth() + 2)

    def _failed(self, day: date, exc: BaseException) -> None:
        if day != self.day:
            return
        self.ledger = None
        self.lines_model.set_rows([])
        self.heading.setText(day_text(day))
        self.summary.setText("")
        self.messages.failure(exc, self.tr("读取工作台账失败："))

    def _set_ready(self, ready: bool) -> None:
        for button in (self.print_button, self.export_button):
            button.setEnabled(ready and self.allowed)

    # printing and export -----------------------------------------------------------------
    def print_ledger(self) -> None:
        """The ledger as a PDF in the print preview, where 打印 and 另存为PDF are."""
        ledger = self.ledger
        if ledger is None or not self.print_button.isEnabled():
            return
        services = self._services

        def make_pdf() -> bytes:
            with tempfile.TemporaryDirectory(prefix="hallapp-ledger-") as tmp:
                path = services.write_ledger_pdf(ledger, Path(tmp) / "ledger.pdf")
                return path.read_bytes()

        def show(data: bytes) -> None:
            title = self.tr("工作台账（%1）").replace("%1", day_text(ledger.day))
            name = suggested(ledger_file_name(ledger.day, ".pdf"))
            self.preview = ReportPreview(
                title,
                name,
                data,
                self._executor,
                self._printers,
                self._ask_pdf,
                lambda path: services.export_ledger(ledger, path),
                self,
            )
            self.preview.came_out.connect(self.messages.info)
            self.preview.open()

        self._executor.submit(
            make_pdf, show, lambda exc: self.messages.failure(exc, self.tr("台账未能生成："))
        )

    def export_xlsx(self, path: Path | None = None) -> None:
        """导出Excel: asks where unless ``path`` is given."""
        ledger = self.ledger
        if ledger is None or not self.export_button.isEnabled():
            return
        if path is None:
            chosen = self._ask_path(
                self,
                self.tr("导出工作台账"),
                suggested(ledger_file_name(ledger.day, ".xlsx")),
                XLSX_FILTER,
            )
            if not chosen:
                return
            path = with_suffix(chosen, ".xlsx")
        services, target = self._services, path
        self._executor.submit(
            lambda: services.export_ledger(ledger, target),
            lambda saved: self.messages.info(self.tr("工作台账已导出：") + str(saved)),
            lambda exc: self.messages.failure(exc, self.tr("工作台账未能导出：")),
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
