"""The monitor's table model: open cases in order of time left, paged in on demand.

Unlike the register, a page of the monitor query already carries whole rows (the level
and time left are worked out with them), so the model keeps the rows themselves. Paging
is by keyset: the next page starts after the last row's ``key``. Open cases are a small
part of a hall's million, yet a county seat can still hold thousands: pages keep the
first screen quick.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from hallapp.services.deadlines import Bucket, MonitorFilter, MonitorRow
from hallapp.services.facade import HallServices
from hallapp.ui.keyset_model import Index, KeysetTableModel
from hallapp.ui.list_tables import green_badge
from hallapp.ui.monitor.texts import (
    BUCKET_COLOURS,
    PROVISIONAL_HINT,
    clock_text,
    clock_tooltip,
    days_left_tooltip,
    short_due_text,
)
from hallapp.ui.operations import Executor
from hallapp.ui.register.texts import GREEN_CHANNEL_COLOURS, PROVISIONAL_COLOUR

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # int: the case's id
BUCKET_ROLE = Qt.ItemDataRole.UserRole + 2  # str: the Bucket value, e.g. "warning"
MONITOR_ROW_ROLE = Qt.ItemDataRole.UserRole + 3  # MonitorRow: the whole line

PAGE_SIZE = 200


MonitorState = tuple[date, MonitorFilter]


class MonitorTableModel(KeysetTableModel[MonitorState, MonitorRow]):
    LEVEL, NUMBER, APPLICANT, ITEM, DAYS_LEFT, PROMISED, LEGAL, STATE, CLOCK, CLERK = range(10)
    HEADERS = (
        "级别",
        "办件编号",
        "申请人（证件号已遮蔽）",
        "事项",
        "剩余\n工作日",
        "承诺期限",
        "法定期限",
        "状态",
        "计时",
        "窗口人员",
    )

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        page_size: int = PAGE_SIZE,
        number_prefix: str = "",
    ) -> None:
        super().__init__(executor, page_size, start_at_end=True)
        self._services = services
        # Every case number of the hall starts with its code ("430121104000-"): the table
        # leaves it out so that the columns fit a 1280-pixel screen; the tooltip has it.
        self.number_prefix = number_prefix
        self.today: date | None = None
        self.filter = MonitorFilter()

    # loading ----------------------------------------------------------------------------
    def load(self, today: date, flt: MonitorFilter, keep: int = 0) -> None:
        """Read the first page for ``today`` and ``flt`` (or ``keep`` rows, for a refresh
        that holds the place). The rows on screen stay until the answer arrives."""
        self._start((today, flt), keep)

    def refresh(self, today: date) -> None:
        """Read again with the same filter on ``today``, as many rows as are held now."""
        self.load(today, self.filter, keep=len(self._items))

    def _page(self, state: MonitorState, after: Any, limit: int) -> list[MonitorRow]:
        today, flt = state
        return self._services.monitor_rows(today, flt, after, limit)

    def _key(self, item: MonitorRow) -> Any:
        return item.key

    def _state(self) -> MonitorState | None:
        return None if self.today is None else (self.today, self.filter)

    def _set_state(self, state: MonitorState) -> None:
        self.today, self.filter = state

    def row_at(self, row: int) -> MonitorRow:
        return self._items[row]

    def case_id_at(self, row: int) -> int:
        return self._items[row].id

    def row_of(self, case_id: int) -> int:
        """The row showing ``case_id`` among the rows held, or -1."""
        return next((i for i, r in enumerate(self._items) if r.id == case_id), -1)

    # Qt's model interface -------------------------------------------------------------
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole and section == self.NUMBER and self.number_prefix:
            return self.tr("省略了本中心编号的开头“%1”").replace("%1", self.number_prefix)
        return None

    def short_number(self, number: str) -> str:
        prefix = self.number_prefix
        return number[len(prefix) :] if prefix and number.startswith(prefix) else number

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        row = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == CASE_ID_ROLE:
            return row.id
        if role == BUCKET_ROLE:
            return row.bucket.value
        if role == MONITOR_ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.LEVEL, self.DAYS_LEFT):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == self.LEVEL:
                return QBrush(QColor(BUCKET_COLOURS[row.bucket][0]))
            if column == self.NUMBER and row.green_channel:
                return QBrush(QColor(GREEN_CHANNEL_COLOURS[0]))
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, column)
        if role == Qt.ItemDataRole.FontRole and column in (self.LEVEL, self.DAYS_LEFT):
            font = QFont()
            font.setBold(column == self.LEVEL or row.workdays_left < 0)
            return font
        if role == Qt.ItemDataRole.DecorationRole and column == self.NUMBER and row.green_channel:
            return green_badge()
        return None

    def _text(self, row: MonitorRow, column: int) -> str:
        match column:
            case self.LEVEL:
                return row.bucket.label
            case self.NUMBER:
                return self.short_number(row.number)
            case self.APPLICANT:
                return f"{row.applicant_name} {row.masked_doc}"
            case self.ITEM:
                return row.item_name
            case self.DAYS_LEFT:
                return str(row.workdays_left)
            case self.PROMISED:
                return short_due_text(row.promised_due)
            case self.LEGAL:
                return short_due_text(row.legal_due)
            case self.STATE:
                return row.state.label
            case self.CLOCK:
                return clock_text(row)
            case self.CLERK:
                return row.clerk_name
        return ""

    def _tooltip(self, row: MonitorRow, column: int) -> str | None:
        if column == self.NUMBER:
            return row.number + (self.tr("\n绿色通道办件") if row.green_channel else "")
        if column == self.ITEM:
            return f"{row.item_name}\n{row.department}"
        if column in (self.LEVEL, self.DAYS_LEFT):
            return self.tr(days_left_tooltip(row))
        if column == self.PROMISED and row.promised_due.provisional:
            return self.tr(PROVISIONAL_HINT)
        if column == self.LEGAL and row.legal_due.provisional:
            return self.tr(PROVISIONAL_HINT)
        if column == self.CLOCK:
            return clock_tooltip(row)
        if column == self.STATE:
            return row.state.label
        if column == self.APPLICANT and row.agent_name:
            return self.tr("代办员：") + row.agent_name
        return None

    def _foreground(self, row: MonitorRow, column: int) -> QBrush | None:
        if column == self.LEVEL:
            return QBrush(QColor(BUCKET_COLOURS[row.bucket][1]))
        if column == self.DAYS_LEFT and row.bucket in (Bucket.OVERDUE, Bucket.LEGAL_OVERDUE):
            return QBrush(QColor(BUCKET_COLOURS[Bucket.OVERDUE][1]))
        provisional = (column == self.PROMISED and row.promised_due.provisional) or (
            column == self.LEGAL and row.legal_due.provisional
        )
        if provisional:
            return QBrush(QColor(PROVISIONAL_COLOUR))
        return None
