"""The tables of a report (by item, by department, by clerk…) on screen: one model over a
StatTable's rows, with its 合计 line last in bold, and a tab for each table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTableView, QTabWidget, QWidget

from hallapp.ui.list_tables import set_up_list_table
from hallapp.ui.reports.texts import NONE, days, percent

if TYPE_CHECKING:
    from hallapp.services.reports import StatTable

Index = QModelIndex | QPersistentModelIndex
Cell = str | int | float | None
TOTAL_BACKGROUND = QColor("#eef1f5")


def cell_text(column: str, value: Cell) -> str:
    """A rate (a column whose title says 率 or 占比) as a percentage, other fractions with one
    decimal, counts with thousands separated, nothing as a dash."""
    if value is None:
        return NONE
    if isinstance(value, bool):  # a bool is an int to Python, never a figure here
        return "是" if value else "否"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return percent(value) if "率" in column or "占比" in column else days(value)
    return value


class StatTableModel(QAbstractTableModel):
    """A StatTable's rows and its 合计 line. The texts are made once when the table is
    set: a header sizing its columns to their contents asks for every cell, often."""

    def __init__(self, table: StatTable | None = None) -> None:
        super().__init__()
        self.columns: tuple[str, ...] = ()
        self._values: list[Sequence[Cell]] = []
        self._texts: list[tuple[str, ...]] = []
        self._has_total = False
        if table is not None:
            self.set_table(table)

    def set_table(self, table: StatTable) -> None:
        self.beginResetModel()
        self.columns = tuple(table.columns)
        self._values = [*table.rows, *([table.total] if table.total is not None else [])]
        self._texts = [
            tuple(
                cell_text(column, value) for column, value in zip(self.columns, row, strict=False)
            )
            for row in self._values
        ]
        self._has_total = table.total is not None
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._values)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def is_total(self, row: int) -> bool:
        return self._has_total and row == len(self._values) - 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self._values):
            return None
        texts = self._texts[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return texts[column] if column < len(texts) else NONE
        values = self._values[row]
        value = values[column] if column < len(values) else None
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return _RIGHT
        total = self.is_total(row)
        if total and role == Qt.ItemDataRole.FontRole:
            return _bold()
        if total and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(TOTAL_BACKGROUND)
        return None


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# A long table (every item of the catalogue) is sized by its first rows and its 合计 line
# alike: enough to fit the numbers, without reading thousands of rows at each layout.
SIZING_ROWS = 100
TABLE_STYLE = "QTableView::item{padding:0 8px;}"


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def stat_table_view(model: StatTableModel) -> QTableView:
    """A read-only table over ``model``, which it takes ownership of."""
    view = QTableView()
    model.setParent(view)
    view.setModel(model)
    set_up_list_table(view)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setResizeContentsPrecision(SIZING_ROWS)
    header.setMinimumSectionSize(64)
    # Numbers sit under their own heading, not at the far end of a stretched column.
    header.setStretchLastSection(False)
    return view


class StatTabs(QTabWidget):
    """One tab per table of the report, titled as the table is. A tab's table view is
    made when the tab is first opened, and kept for the next report with the same
    tables: a new result only refills the models."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.setStyleSheet(TABLE_STYLE)
        self.tables: tuple[StatTable, ...] = ()
        self.models: list[StatTableModel] = []
        self.currentChanged.connect(self._opened)

    def set_tables(self, tables: Sequence[StatTable]) -> None:
        tables = tuple(tables)
        same = [t.key for t in tables] == [t.key for t in self.tables]
        self.tables = tables
        if same:
            for model, table in zip(self.models, tables, strict=True):
                model.set_table(table)
            return
        current = self.tabText(self.currentIndex()) if self.count() else ""
        while self.count():
            page = self.widget(0)
            self.removeTab(0)
            if page is not None:
                page.deleteLater()
        self.models = [StatTableModel(table) for table in tables]
        with QSignalBlocker(self):
            for table in tables:
                self.addTab(QWidget(), table.title)
        titles = [t.title for t in tables]
        self.setCurrentIndex(titles.index(current) if current in titles else 0)
        self._opened(self.currentIndex())

    def _opened(self, index: int) -> None:
        if 0 <= index < self.count() and not isinstance(self.widget(index), QTableView):
            placeholder = self.widget(index)
            with QSignalBlocker(self):
                self.removeTab(index)
                self.insertTab(index, stat_table_view(self.models[index]), self.tables[index].title)
                self.setCurrentIndex(index)
            if placeholder is not None:
                placeholder.deleteLater()

    def view_at(self, index: int) -> QTableView:
        self._opened(index)
        page = self.widget(index)
        assert isinstance(page, QTableView)
        return page
