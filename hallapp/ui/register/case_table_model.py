"""The register's table model: case ids paged in, rows loaded on demand.

A hall collects a million cases over the years, so the model never asks for all of them:

- it holds only the **ids** fetched so far, newest first, ``page_size`` at a time
  (``canFetchMore``/``fetchMore`` with keyset paging: the next page is the ids below the
  last one held);
- ``data()`` loads the displayed **rows** (:class:`CaseRow`) in blocks of ``block_size``
  ids from the read-only ``case_rows`` query and keeps at most ``cache_size`` of them,
  least recently used first out.

Pages of ids go through the executor (the worker thread) and arrive as a reset or an
insert; a block of rows is read on the UI thread inside ``data()``, as Qt's own
fetch-more example and Anki's browser do: 100 rows by primary key is well under a frame.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from hallapp.core.lifecycle import is_terminal
from hallapp.services.cases import CaseQuery, CaseRow
from hallapp.services.facade import HallServices
from hallapp.ui.keyset_model import Index, KeysetTableModel
from hallapp.ui.list_tables import green_badge
from hallapp.ui.operations import Executor
from hallapp.ui.register.texts import (
    CLOSED_COLOUR,
    DASH,
    GREEN_CHANNEL_COLOURS,
    PROVISIONAL_COLOUR,
    due_text,
    time_text,
)

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # int: the case's id
STATE_ROLE = Qt.ItemDataRole.UserRole + 2  # str: the State value, e.g. "accepted"
CASE_ROW_ROLE = Qt.ItemDataRole.UserRole + 3  # CaseRow | None: the whole line

PAGE_SIZE = 200
BLOCK_SIZE = 100
CACHE_SIZE = 2000

_MISSING = None  # an id whose row the database no longer returns: shown as a dash


class CaseTableModel(KeysetTableModel[CaseQuery, int]):
    NUMBER, APPLICANT, DOCUMENT, ITEM, RECEIVED, STATE, PROMISED, CLERK = range(8)
    HEADERS = ("办件编号", "申请人", "证件号码", "事项", "收件时间", "状态", "承诺办结", "受理人")

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        page_size: int = PAGE_SIZE,
        block_size: int = BLOCK_SIZE,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        super().__init__(executor, page_size, start_at_end=False)
        if cache_size < block_size:
            raise ValueError("cache_size must hold at least one block")
        self._services = services
        self.block_size = block_size
        self.cache_size = cache_size
        self.query = CaseQuery()
        self._rows: OrderedDict[int, CaseRow | None] = OrderedDict()
        self.row_loads = 0  # case_rows calls, for tests and the curious

    # ids ------------------------------------------------------------------------------
    def set_query(self, query: CaseQuery, keep: int = 0) -> None:
        """Search again. The rows on screen stay until the answer arrives, then the model
        resets to its first page (or to ``keep`` ids, for a refresh that holds the place)."""
        self._start(query, keep)

    def refresh(self) -> None:
        """Load again with the same query, as many ids as are held now, rows re-read."""
        self.set_query(self.query, keep=len(self._items))

    def _page(self, state: CaseQuery, after: Any, limit: int) -> list[int]:
        return self._services.case_ids(state, after, limit)

    def _key(self, item: int) -> Any:
        return item  # ids newest first: the next page is the ids below the last one

    def _state(self) -> CaseQuery:
        return self.query

    def _set_state(self, state: CaseQuery) -> None:
        self.query = state
        self._rows.clear()

    def case_id_at(self, row: int) -> int:
        return self._items[row]

    def row_of(self, case_id: int) -> int:
        """The row showing ``case_id`` among the ids held, or -1."""
        try:
            return self._items.index(case_id)
        except ValueError:
            return -1

    @property
    def cached_rows(self) -> int:
        return len(self._rows)

    # rows -------------------------------------------------------------------------------
    def case_row(self, row: int) -> CaseRow | None:
        """The line at ``row``, read with its block if not in the cache."""
        case_id = self._items[row]
        if case_id in self._rows:
            self._rows.move_to_end(case_id)
            return self._rows[case_id]
        start = row - row % self.block_size
        block = [i for i in self._items[start : start + self.block_size] if i not in self._rows]
        self.row_loads += 1
        found = {r.id: r for r in self._services.case_rows(block)}
        for i in block:
            self._rows[i] = found.get(i, _MISSING)
        self._rows.move_to_end(case_id)
        while len(self._rows) > self.cache_size:
            self._rows.popitem(last=False)
        return self._rows[case_id]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        if role == CASE_ID_ROLE:
            return self._items[index.row()]
        if role not in _ROLES:
            return None
        row = self.case_row(index.row())
        if role == CASE_ROW_ROLE:
            return row
        if row is None:
            return DASH if role == Qt.ItemDataRole.DisplayRole else None
        if role == STATE_ROLE:
            return row.state.value
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if column == self.NUMBER and row.green_channel:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(GREEN_CHANNEL_COLOURS[0]))
            if role == Qt.ItemDataRole.DecorationRole:
                return green_badge()
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.PROMISED and row.promised_due and row.promised_due.provisional:
                return QBrush(QColor(PROVISIONAL_COLOUR))
            if is_terminal(row.state):
                return QBrush(QColor(CLOSED_COLOUR))
        return None

    def _text(self, row: CaseRow, column: int) -> str:
        if column == self.NUMBER:
            return row.number
        if column == self.APPLICANT:
            return row.applicant_name
        if column == self.DOCUMENT:
            return row.masked_doc
        if column == self.ITEM:
            return row.item_name
        if column == self.RECEIVED:
            return time_text(row.received_at)
        if column == self.STATE:
            return row.state.label
        if column == self.PROMISED:
            return due_text(row.promised_due)
        if column == self.CLERK:
            return row.clerk_name
        return ""

    def _tooltip(self, row: CaseRow, column: int) -> str | None:
        if column == self.NUMBER and row.green_channel:
            return self.tr("绿色通道办件（原因见办件详情）")
        if column == self.ITEM:
            return row.item_name
        if column == self.PROMISED and row.promised_due and row.promised_due.provisional:
            return self.tr("暂定：计算跨入了尚未载入节假日安排的年份，日期可能推后")
        return None


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.DecorationRole,
        STATE_ROLE,
        CASE_ROW_ROLE,
    }
)
