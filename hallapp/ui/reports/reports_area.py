"""统计 (Ctrl+6): the daily ledger, the period statistics, and the supervision of service
quality (回访整改, 效能投诉), each on a tab. Ctrl+Tab moves between the tabs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QWidget

from hallapp.ui.operations import Executor
from hallapp.ui.printing.jobs import AskFile, ask_save_path
from hallapp.ui.printing.printers import PrinterSource
from hallapp.ui.reports.exports import AskPath
from hallapp.ui.reports.exports import ask_save_path as ask_report_path
from hallapp.ui.reports.ledger_view import LedgerView
from hallapp.ui.reports.stats_view import StatsView
from hallapp.ui.supervision.complaints_view import ComplaintsView
from hallapp.ui.supervision.follow_ups_view import FollowUpsView

if TYPE_CHECKING:
    from hallapp.services.facade import HallServices
    from hallapp.ui.printing.settings import PrintSettings


class ReportsArea(QTabWidget):
    open_case = Signal(int)  # a follow-up's rated case
    changed = Signal()  # a follow-up or a complaint moved on: deadline figures change

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        today: Callable[[], date] = date.today,
        print_settings: PrintSettings | None = None,
        printers: PrinterSource | None = None,
        ask_pdf: AskFile = ask_save_path,
        ask_path: AskPath = ask_report_path,
    ) -> None:
        super().__init__()
        self.setDocumentMode(True)
        self.setStyleSheet("QTabBar::tab{font-size:15px; padding:6px 16px;}")
        self.ledger = LedgerView(services, executor, today, printers, ask_pdf, ask_path)
        self.stats = StatsView(services, executor, today, ask_path)
        self.follow_ups = FollowUpsView(services, executor, today)
        self.complaints = ComplaintsView(
            services, executor, today, print_settings, printers, ask_pdf
        )
        self.addTab(self.ledger, self.tr("工作台账"))
        self.addTab(self.stats, self.tr("统计报表"))
        self.addTab(_sideways(self.follow_ups), self.tr("回访整改"))
        self._complaints_tab = self.addTab(_sideways(self.complaints), self.tr("效能投诉"))
        self.follow_ups.open_case.connect(self.open_case.emit)
        self.follow_ups.changed.connect(self.changed.emit)
        self.complaints.changed.connect(self.changed.emit)
        self.currentChanged.connect(lambda _index: self.currentWidget().setFocus())

    def show_complaint(self, complaint_id: int) -> None:
        self.setCurrentIndex(self._complaints_tab)
        self.complaints.show_complaint(complaint_id)


def _sideways(page: QWidget) -> QScrollArea:
    """``page`` in a scroll area that scrolls across only when the window is narrower
    than the page needs: a wide page must not force the whole window wider than a
    1024-pixel screen."""
    scroll = QScrollArea()
    scroll.setWidget(page)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusProxy(page)
    return scroll
