"""Table model of catalogue search results."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from hallapp.services.catalogue import ItemRow

VERSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class CatalogueTableModel(QAbstractTableModel):
    NAME, PROMISED, LEGAL, HANDLING, AGENT, DEPARTMENT = range(6)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ItemRow] = []
        self._headers = [
            self.tr("事项名称"),
            self.tr("承诺时限"),
            self.tr("法定时限"),
            self.tr("办理方式"),
            self.tr("代办"),
            self.tr("实施部门"),
        ]

    def set_rows(self, rows: list[ItemRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> ItemRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == VERSION_ID_ROLE:
            return item.version_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.name}\n{self.tr('实施编码')}：{item.code}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == self.NAME:
            return item.name
        if column == self.DEPARTMENT:
            return item.department
        if column == self.PROMISED:
            return item.promised.describe()
        if column == self.LEGAL:
            return item.legal.describe()
        if column == self.HANDLING:
            return item.handling.label
        if column == self.AGENT:
            return self.tr("可代办") if item.agent_service else ""
        return None
