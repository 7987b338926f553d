"""办件 area: the case register. Type any part of what the applicant tells you — the case
number, the last digits of the ID card or phone, the name, the item — and open the case.

Keys: Ctrl+F search · Down/PageDown from the search box to the table · Enter or a double
click opens the selected case (Enter in the search box opens the only match) · Esc in the
search box clears it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.cases import CaseQuery
from hallapp.services.facade import HallServices
from hallapp.ui.list_tables import selected_case_id, set_up_list_table, wire_opening
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.pages import key_hint
from hallapp.ui.register.case_table_model import PAGE_SIZE, CaseTableModel
from hallapp.ui.register.date_range import DateRange

SEARCH_DELAY_MS = 150
PLACEHOLDER = "办件编号、身份证号（可只输后几位）、姓名、电话或事项"

# Column widths from a typical widest value; 事项 takes what is left.
_SAMPLES = {
    CaseTableModel.NUMBER: "430121104000-20260302-0001 绿",
    CaseTableModel.APPLICANT: "欧阳秀英",
    CaseTableModel.DOCUMENT: "110***********002X",
    CaseTableModel.RECEIVED: "2026-03-02 09:30",
    CaseTableModel.STATE: "决定：不予许可",
    CaseTableModel.PROMISED: "2026-03-02（暂定）",
    CaseTableModel.CLERK: "欧阳秀英",
}


class _SearchBox(QLineEdit):
    def __init__(self, view: RegisterView) -> None:
        super().__init__()
        self._view = view

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self._view.focus_table()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._view.enter_from_search()
        elif key == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)


class _CaseTable(QTableView):
    """Enter opens the selected case on every platform (activated is not emitted for
    Enter everywhere)."""

    open_current = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_current.emit()
            return
        super().keyPressEvent(event)


class RegisterView(QWidget):
    open_case = Signal(int)

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        page_size: int = PAGE_SIZE,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._searched = False
        self._open_when_loaded = False
        self._reselect: int | None = None

        self.messages = MessagePanel()
        self.search = _SearchBox(self)
        self.search.setPlaceholderText(self.tr(PLACEHOLDER))
        self.search.setClearButtonEnabled(True)
        find_label = QLabel(self.tr("查找(&F)："))
        find_label.setBuddy(self.search)
        self.dates = DateRange(today)
        self.count_label = QLabel()

        self.model = CaseTableModel(services, executor, page_size=page_size)
        self.table = _CaseTable()
        self.table.setModel(self.model)
        set_up_list_table(self.table)
        # Fixed widths: sizing to contents would read every row of a million.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CaseTableModel.ITEM, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        for column, sample in _SAMPLES.items():
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 14)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

        # The search box gets a whole line: its placeholder says what can be typed, and it
        # must stay readable on a 1024-pixel screen.
        top = QHBoxLayout()
        top.addWidget(find_label)
        top.addWidget(self.search, 1)
        filters = QHBoxLayout()
        filters.addSpacing(find_label.sizeHint().width() + top.spacing())
        filters.addWidget(self.dates)
        filters.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        hint = key_hint(self.tr("回车或双击打开办件　Ctrl+F 查找"))
        bottom.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.messages)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.dates.changed.connect(self._timer.start)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._show_error)
        wire_opening(self.table, self.model.case_id_at, self.open_case.emit)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        self.setFocusProxy(self.search)

    # searching --------------------------------------------------------------------------
    def query(self) -> CaseQuery:
        start, end = self.dates.values()
        return CaseQuery(self.search.text().strip(), start, end)

    def run_search(self) -> None:
        self._timer.stop()
        self._searched = True
        self.messages.hide()
        self.model.set_query(self.query())

    def refresh(self) -> None:
        """Read the register again with the same query (a case changed or was added),
        keeping the selected case selected."""
        self._searched = True
        self._reselect = self.selected_case_id()
        self.model.refresh()

    def _loaded(self) -> None:
        shown = self.model.rowCount()
        if self.model.at_end:
            text = (
                self.tr("共 %1 件").replace("%1", str(shown)) if shown else self.tr("没有找到办件")
            )
        else:
            text = self.tr("已显示 %1 件，滚动加载更多").replace("%1", str(shown))
        self.count_label.setText(text)
        reselect, self._reselect = self._reselect, None
        if reselect is not None and (row := self.model.row_of(reselect)) >= 0:
            self.table.selectRow(row)
        elif shown and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        if self._open_when_loaded:
            self._open_when_loaded = False
            if shown == 1:
                self.open_case.emit(self.model.case_id_at(0))
            elif shown:
                self.focus_table()

    def _show_error(self, exc: BaseException) -> None:
        self.messages.failure(exc, self.tr("查询失败："))

    # keys -------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def focus_table(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)

    def enter_from_search(self) -> None:
        """Enter in the search box: search now; one match opens, several go to the table."""
        if self._timer.isActive() or self.model.loading:
            self._open_when_loaded = True
            if self._timer.isActive():
                self.run_search()
            return
        if self.model.rowCount() == 1:
            self.open_case.emit(self.model.case_id_at(0))
        else:
            self.focus_table()

    def selected_case_id(self) -> int | None:
        return selected_case_id(self.table, self.model.case_id_at)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._searched:
            self.run_search()
