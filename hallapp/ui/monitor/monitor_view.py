"""期限 area: the deadline monitor (限时办结监控). The counts per level on top, each a
filter; below, the open cases, the least time left first.

Keys: the table has the focus · Enter or a double click opens the selected case ·
Alt+1 … Alt+5 list one level (again: all) · Ctrl+F goes to the filters · F5 reads again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.deadlines import Bucket, FilterOptions, LevelCounts, MonitorFilter
from hallapp.services.facade import HallServices
from hallapp.ui.list_tables import selected_case_id, set_up_list_table, wire_opening
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.monitor.filter_bar import FilterBar
from hallapp.ui.monitor.level_buttons import LevelButtons
from hallapp.ui.monitor.monitor_model import PAGE_SIZE, MonitorTableModel
from hallapp.ui.monitor.other_deadlines import OtherDeadlines, submit_load
from hallapp.ui.monitor.other_deadlines_dialog import OtherDeadlinesDialog
from hallapp.ui.monitor.texts import clock_text
from hallapp.ui.operations import Executor
from hallapp.ui.pages import count_and_hint

EMPTY_TEXT = "没有符合条件的在办件"

# Column widths from a typical widest value; 事项 takes what is left. Together they fit a
# 1280-pixel screen with room for the item's name.
_SAMPLES = {
    MonitorTableModel.LEVEL: "超法定期限",
    MonitorTableModel.NUMBER: "20260302-0001 绿",
    MonitorTableModel.APPLICANT: "王秀英 110***********002X",
    MonitorTableModel.DAYS_LEFT: "工作日",
    MonitorTableModel.PROMISED: "2026-03-02",
    MonitorTableModel.LEGAL: "2026-03-02",
    MonitorTableModel.STATE: "决定：准予",
    MonitorTableModel.CLOCK: "计时",
    MonitorTableModel.CLERK: "欧阳秀英",
}
_PROVISIONAL_SAMPLE = "2026-03-02 暂定"  # due columns widen to it while such a date shows
# 计时 widens to its longest reason while a stopped clock shows, as far as 事项 can spare.
_WIDEST_CLOCK = 260
_NARROWEST_ITEM = 150


class _MonitorTable(QTableView):
    """Enter opens the selected case on every platform; an empty list says so in words."""

    open_current = Signal()
    resized = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.empty_label = QLabel(self.tr(EMPTY_TEXT), self.viewport())
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color:#555; font-size:18px;")
        self.empty_label.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_current.emit()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.empty_label.setGeometry(self.viewport().rect())
        self.resized.emit()


class MonitorView(QWidget):
    open_case = Signal(int)
    open_complaint = Signal(int)  # from 其他期限: the complaint, in the 效能投诉 tab
    morning_requested = Signal()  # 今日提醒: show the start-of-day list again

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        today: Callable[[], date] = date.today,
        page_size: int = PAGE_SIZE,
        number_prefix: str = "",
    ) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._today = today
        self._loaded_once = False
        self._counts_generation = 0
        self._reselect: int | None = None
        self.counts: LevelCounts | None = None

        self.messages = MessagePanel()
        self.levels = LevelButtons()
        self.total_label = QLabel()
        self.total_label.setStyleSheet("font-size:15px; font-weight:bold;")
        self.morning_button = QPushButton(self.tr("今日提醒…"))
        self.refresh_button = QPushButton(self.tr("刷新(F5)"))
        self.morning_button.setToolTip(
            self.tr("今天和下一个工作日转为预警、超期的办件，可打印晨会清单")
        )
        # Forwards awaiting a county department's reply, materials held too long, and the
        # follow-ups and complaints near or past their limit are deadlines too, kept apart
        # from the cases' own clocks.
        self.other_button = QPushButton(self.tr("其他期限…"))
        self.other_deadlines: OtherDeadlines | None = None
        self.filters = FilterBar()

        self.model = MonitorTableModel(
            services, executor, page_size=page_size, number_prefix=number_prefix
        )
        self.table = _MonitorTable()
        self.table.setModel(self.model)
        set_up_list_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MonitorTableModel.ITEM, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        for column, sample in _SAMPLES.items():
            header.resizeSection(column, self._width_of(sample))
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

        tools = QVBoxLayout()
        tools.setSpacing(2)
        tools.addWidget(self.total_label)
        for button in (self.morning_button, self.other_button, self.refresh_button):
            button.setAutoDefault(False)
            button.setStyleSheet("padding:3px 14px;")
            tools.addWidget(button)
        top = QHBoxLayout()
        top.addWidget(self.levels, 1)
        top.addSpacing(12)
        top.addLayout(tools)
        self.count_label = QLabel()
        bottom = count_and_hint(
            self.count_label,
            self.tr("回车或双击打开办件　Alt+1…5 按级别筛选　Ctrl+F 筛选条件　F5 刷新"),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.messages)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.levels.chosen.connect(lambda _bucket: self._load_rows())
        self.levels.add_shortcuts(self)
        self.filters.changed.connect(self.reload)
        self.refresh_button.clicked.connect(self.refresh)
        self.morning_button.clicked.connect(self.morning_requested.emit)
        self.other_button.clicked.connect(self.show_other_deadlines)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._show_error)
        wire_opening(self.table, self.model.case_id_at, self.open_case.emit)
        self.table.resized.connect(self._fit_columns)
        find = QShortcut(QKeySequence.StandardKey.Find, self, self.filters.setFocus)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.table)

    # what is asked -----------------------------------------------------------------------
    @property
    def has_loaded(self) -> bool:
        """Shown or refreshed at least once: from then on it follows every change."""
        return self._loaded_once

    def monitor_filter(self) -> MonitorFilter:
        return self.filters.value(MonitorFilter(bucket=self.levels.bucket))

    def reload(self) -> None:
        """The filters changed: counts and list from the top."""
        self._loaded_once = True
        self.messages.hide()
        self._load_counts()
        self._load_rows()

    def refresh(self) -> None:
        """Read everything again (a case changed, the day turned, F5), keeping the place
        and the selected case."""
        self._loaded_once = True
        self.messages.hide()
        self._executor.submit(
            self._services.monitor_filter_options, self._options_loaded, self._show_error
        )
        self._load_counts()
        self._reselect = self.selected_case_id()
        self.model.load(self._today(), self.monitor_filter(), keep=self.model.rowCount())

    def _options_loaded(self, options: FilterOptions) -> None:
        if self.filters.set_options(options):
            self.reload()

    def _load_counts(self) -> None:
        self._load_other()
        self._counts_generation += 1
        generation = self._counts_generation
        today, flt = self._today(), replace(self.monitor_filter(), bucket=None)
        self._executor.submit(
            lambda: self._services.level_counts(today, flt),
            lambda counts: self._counts_loaded(generation, counts),
            self._show_error,
        )

    def _load_other(self) -> None:
        submit_load(
            self._executor, self._services, self._today(), self._other_loaded, self._show_error
        )

    def _other_loaded(self, other: OtherDeadlines) -> None:
        self.other_deadlines = other
        self.other_button.setText(other.summary())
        self.other_button.setToolTip(other.explanation())
        self.other_button.setStyleSheet(
            "padding:3px 14px;" + ("color:#b71c1c; font-weight:bold;" if other.alarming else "")
        )

    def show_other_deadlines(self) -> OtherDeadlinesDialog | None:
        if self.other_deadlines is None:
            return None
        dialog = OtherDeadlinesDialog(self.other_deadlines, self)
        dialog.open_case.connect(self.open_case.emit)
        dialog.open_complaint.connect(self.open_complaint.emit)
        dialog.open()
        return dialog

    def _counts_loaded(self, generation: int, counts: LevelCounts) -> None:
        if generation != self._counts_generation:
            return
        self.counts = counts
        self.levels.set_counts(counts)
        self.total_label.setText(self.tr("在办共 %1 件").replace("%1", str(counts.total)))

    def _load_rows(self) -> None:
        self._reselect = None
        self.model.load(self._today(), self.monitor_filter())

    def _loaded(self) -> None:
        shown = self.model.rowCount()
        self.table.empty_label.setVisible(shown == 0)
        if self.model.at_end:
            text = self.tr("共 %1 件").replace("%1", str(shown)) if shown else ""
        else:
            text = self.tr("已显示 %1 件，滚动加载更多").replace("%1", str(shown))
        self.count_label.setText(text)
        reselect, self._reselect = self._reselect, None
        if reselect is not None and (row := self.model.row_of(reselect)) >= 0:
            self.table.selectRow(row)
        elif shown and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

        self._fit_columns()

    def _width_of(self, sample: str) -> int:
        return self.table.fontMetrics().horizontalAdvance(sample) + 12

    def _fit_columns(self) -> None:
        """Room for a provisional date or a stopped clock's reason only while one shows,
        so that 事项 keeps its width on a 1280-pixel screen."""
        rows = [self.model.row_at(i) for i in range(self.model.rowCount())]
        header = self.table.horizontalHeader()
        provisional = any(r.promised_due.provisional or r.legal_due.provisional for r in rows)
        sample = _PROVISIONAL_SAMPLE if provisional else _SAMPLES[MonitorTableModel.PROMISED]
        for column in (MonitorTableModel.PROMISED, MonitorTableModel.LEGAL):
            header.resizeSection(column, self._width_of(sample))
        least = self._width_of(_SAMPLES[MonitorTableModel.CLOCK])
        others = sum(
            header.sectionSize(c)
            for c in range(self.model.columnCount())
            if c not in (MonitorTableModel.ITEM, MonitorTableModel.CLOCK)
        )
        spare = self.table.viewport().width() - others - _NARROWEST_ITEM
        clock = max((self._width_of(clock_text(r)) for r in rows if clock_text(r)), default=0)
        header.resizeSection(MonitorTableModel.CLOCK, max(least, min(clock, _WIDEST_CLOCK, spare)))

    def _show_error(self, exc: BaseException) -> None:
        self.messages.failure(exc, self.tr("读取期限失败："))

    # opening a case ----------------------------------------------------------------------
    def selected_case_id(self) -> int | None:
        return selected_case_id(self.table, self.model.case_id_at)

    def choose_level(self, bucket: Bucket | None) -> None:
        self.levels.choose(bucket)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()
