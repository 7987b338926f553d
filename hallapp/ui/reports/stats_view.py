"""统计报表: the figures of any period (本月, 上半年, 本年…), its charts and its tables,
computed on the worker while a progress bar runs, then exported to Excel (in the hall's
own layout when a template is chosen) or to PDF.

Keys: Alt+Q the period (期间) · Alt+F / Alt+T its first and last day · Alt+S 统计 · Esc or
Alt+C 取消 while it runs · Alt+M the Excel template · Alt+X 导出Excel · Alt+D 导出PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.reports import Period
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.reports.charts import MonthBars, OnTimeLine, SatisfactionPie
from hallapp.ui.reports.exports import (
    PDF_FILTER,
    XLSX_FILTER,
    AskPath,
    ask_save_path,
    suggested,
    with_suffix,
)
from hallapp.ui.reports.figures_panel import FiguresPanel
from hallapp.ui.reports.period_bar import PeriodBar
from hallapp.ui.reports.permissions import STATS_READERS, may
from hallapp.ui.reports.stat_tables import StatTabs
from hallapp.ui.reports.stats_runner import StatsRunner
from hallapp.ui.roles import needs

if TYPE_CHECKING:
    from hallapp.services.facade import HallServices
    from hallapp.services.reports import PeriodStats

STANDARD_LAYOUT = "标准格式（每张表一页）"
CHART_HEIGHT = 270


def stats_file_name(stats: PeriodStats, suffix: str) -> str:
    period = stats.period
    return f"统计报表-{period.start.isoformat()}至{period.end.isoformat()}{suffix}"


class StatsView(QWidget):
    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        today: Callable[[], date] = date.today,
        ask_path: AskPath = ask_save_path,
    ) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._ask_path = ask_path
        self._shown_once = False
        self.stats: PeriodStats | None = None
        self.allowed = may(services.actor, STATS_READERS)
        self.runner = StatsRunner(services, executor, self)

        self.period_bar = PeriodBar(today)
        self.run_button = QPushButton(self.tr("统计(&S)"))
        self.run_button.setDefault(True)
        self.template = QComboBox()
        self.template.addItem(self.tr(STANDARD_LAYOUT), None)
        self.template.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        template_label = QLabel(self.tr("Excel格式(&M)"))
        template_label.setBuddy(self.template)
        self.xlsx_button = QPushButton(self.tr("导出Excel(&X)"))
        self.pdf_button = QPushButton(self.tr("导出PDF(&D)"))
        self.heading = QLabel()
        self.heading.setWordWrap(True)  # a long hall name must not widen the window
        self.heading.setStyleSheet("font-size:18px; font-weight:bold;")
        # Two rows, so that the area fits a 1024-pixel screen: what to count, then what
        # was counted and where it goes.
        bar = QHBoxLayout()
        bar.addWidget(self.period_bar)
        bar.addWidget(self.run_button)
        bar.addStretch(1)
        export_bar = QHBoxLayout()
        export_bar.addWidget(self.heading, 1)
        export_bar.addWidget(template_label)
        export_bar.addWidget(self.template)
        for button in (self.xlsx_button, self.pdf_button):
            button.setAutoDefault(False)
            export_bar.addWidget(button)

        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("正在统计… %p%"))
        self.cancel_button = QPushButton(self.tr("取消(&C)"))
        self.cancel_button.setAutoDefault(False)
        self.progress_row = QWidget()
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress, 1)
        progress_layout.addWidget(self.cancel_button)
        self.progress_row.hide()

        self.messages = MessagePanel()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#444; font-size:15px; padding:12px 4px;")
        self.figures = FiguresPanel()
        self.bars = MonthBars()
        self.line = OnTimeLine()
        self.pie = SatisfactionPie()
        charts = QHBoxLayout()
        charts.setSpacing(8)
        for chart in (self.bars, self.line, self.pie):
            chart.setFixedHeight(CHART_HEIGHT)
            charts.addWidget(chart, 1)
        self.tables_title = QLabel(self.tr("统计表"))
        self.tables_title.setStyleSheet("font-size:16px; font-weight:bold;")
        self.tables = StatTabs()
        self.tables.setMinimumHeight(340)
        self.results = QWidget()
        results_layout = QVBoxLayout(self.results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.figures)
        results_layout.addLayout(charts)
        results_layout.addWidget(self.tables_title)
        results_layout.addWidget(self.tables, 1)
        self.results.hide()
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 8, 0)
        body_layout.addWidget(self.hint)
        body_layout.addWidget(self.results)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(export_bar)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.messages)
        layout.addWidget(scroll, 1)

        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.runner.cancel)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.runner.progressed.connect(self._progressed)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._cancelled)
        self.setFocusProxy(self.period_bar.preset)
        self._set_running(False)
        if self.allowed:
            self.hint.setText(self.tr("选择统计期间，按“统计”（Alt+S）。"))
        else:
            why = needs(self.tr("统计报表"), STATS_READERS)
            self.hint.setText(why + self.tr("。当前账号可以在“工作台账”中查看每天的办件记录。"))
            for widget in (self.period_bar, self.run_button, self.template):
                widget.setEnabled(False)
            for widget in (self.run_button, self.xlsx_button, self.pdf_button):
                widget.setToolTip(why)

    # running ------------------------------------------------------------------------------
    def run(self) -> None:
        if not self.allowed or self.runner.running:
            return
        start, end = self.period_bar.days()
        if start > end:
            self.messages.error(self.tr("开始日期不能晚于结束日期，请重新选择统计期间。"))
            return
        self.messages.hide()
        self.progress.setRange(0, 0)  # busy until the service says how much there is
        self._set_running(True)
        self.runner.start(Period(start, end))

    def _progressed(self, done: int, total: int) -> None:
        if not self.runner.running:
            return  # a late report from a cancelled run
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _finished(self, stats: PeriodStats) -> None:
        self._set_running(False)
        self.show_stats(stats)

    def _failed(self, exc: BaseException) -> None:
        self._set_running(False)
        self.messages.failure(exc, self.tr("统计失败："))

    def _cancelled(self) -> None:
        self._set_running(False)
        self.messages.info(self.tr("已取消统计。"))

    def _set_running(self, running: bool) -> None:
        self.progress_row.setVisible(running)
        self.run_button.setEnabled(self.allowed and not running)
        ready = self.allowed and not running and self.stats is not None
        for widget in (self.xlsx_button, self.pdf_button):
            widget.setEnabled(ready)
        if running:
            self.cancel_button.setFocus()

    def show_stats(self, stats: PeriodStats) -> None:
        self.stats = stats
        self.hint.hide()
        self.heading.setText(f"{stats.hall_name}　{stats.period.label}")
        self.figures.show_stats(stats)
        self.bars.set_months(stats.months)
        self.line.set_months(stats.months)
        self.pie.set_ratings(stats.ratings)
        self.tables.set_tables(stats.tables)
        self.results.show()
        self._set_running(False)

    # export -------------------------------------------------------------------------------
    def load_templates(self) -> None:
        services = self._services
        self._executor.submit(
            services.report_templates,
            self._show_templates,
            lambda exc: self.messages.failure(exc, self.tr("读取报表模板失败：")),
        )

    def _show_templates(self, templates: list[Path]) -> None:
        chosen = self.template.currentData()
        self.template.clear()
        self.template.addItem(self.tr(STANDARD_LAYOUT), None)
        for path in templates:
            self.template.addItem(path.stem, path)
            self.template.setItemData(
                self.template.count() - 1, str(path), Qt.ItemDataRole.ToolTipRole
            )
        if chosen is not None and chosen in templates:
            self.template.setCurrentIndex(templates.index(chosen) + 1)

    def export_xlsx(self, path: Path | None = None) -> None:
        stats = self.stats
        if stats is None or not self.xlsx_button.isEnabled():
            return
        target = path or self._choose(
            self.tr("导出Excel"), stats_file_name(stats, ".xlsx"), ".xlsx"
        )
        if target is None:
            return
        template = self.template.currentData()
        services = self._services
        self._executor.submit(
            lambda: services.export_stats(stats, target, template),
            lambda saved: self.messages.info(self.tr("统计报表已导出：") + str(saved)),
            lambda exc: self.messages.failure(exc, self.tr("统计报表未能导出：")),
        )

    def export_pdf(self, path: Path | None = None) -> None:
        stats = self.stats
        if stats is None or not self.pdf_button.isEnabled():
            return
        target = path or self._choose(self.tr("导出PDF"), stats_file_name(stats, ".pdf"), ".pdf")
        if target is None:
            return
        services = self._services
        self._executor.submit(
            lambda: services.export_stats(stats, target),
            lambda saved: self.messages.info(self.tr("统计报表已导出：") + str(saved)),
            lambda exc: self.messages.failure(exc, self.tr("统计报表未能导出：")),
        )

    def _choose(self, title: str, name: str, suffix: str) -> Path | None:
        file_filter = XLSX_FILTER if suffix == ".xlsx" else PDF_FILTER
        chosen = self._ask_path(self, title, suggested(name), file_filter)
        return with_suffix(chosen, suffix) if chosen else None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once and self.allowed:
            self._shown_once = True
            self.load_templates()
            self.run()
