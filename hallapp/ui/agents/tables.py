"""Small read-only tables of the 代办 area. Each list is one agent's (a few hundred rows
at most) or the registry's, so the model holds its rows whole; paging is not needed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView

from hallapp.ui.list_tables import set_up_list_table

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's object (a WorkbenchCase, an AgentView…)
FLAG_ROLE = Qt.ItemDataRole.UserRole + 2  # bool: the row needs attention (shown in red)
_FLAG_COLOURS = ("#fdecea", "#8a1c12")


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows of ``T`` shown through ``cells``; ``flag`` marks a row that needs attention."""

    def __init__(
        self,
        headers: Sequence[str],
        cells: Callable[[T], Sequence[str]],
        flag: Callable[[T], bool] | None = None,
        tooltip: Callable[[T], str] | None = None,
    ) -> None:
        super().__init__()
        self.headers = tuple(headers)
        self._cells = cells
        self._flag = flag
        self._tooltip = tooltip
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def rows(self) -> list[T]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        flagged = self._flag is not None and self._flag(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(row)[index.column()]
        if role == ROW_ROLE:
            return row
        if role == FLAG_ROLE:
            return flagged
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return self._tooltip(row) or None
        if flagged and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(_FLAG_COLOURS[0]))
        if flagged and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(_FLAG_COLOURS[1]))
        return None


class RowsTable(QTableView):
    """Enter (or a double click) activates the current row; an empty list says so."""

    activated_row = Signal(int)

    def __init__(self, model: QAbstractTableModel, empty_text: str) -> None:
        super().__init__()
        self.setModel(model)
        set_up_list_table(self)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.empty_label = QLabel(empty_text, self.viewport())
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color:#555; font-size:15px;")
        model.modelReset.connect(self._reset)
        self.doubleClicked.connect(lambda index: self.activated_row.emit(index.row()))
        self._reset()

    def _reset(self) -> None:
        rows = self.model().rowCount()
        self.empty_label.setVisible(rows == 0)
        self.empty_label.setGeometry(self.viewport().rect())
        if rows and not self.selectionModel().hasSelection():
            self.selectRow(0)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.empty_label.setGeometry(self.viewport().rect())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)
