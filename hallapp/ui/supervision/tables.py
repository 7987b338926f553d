"""The supervision lists: a few hundred rows at most (open follow-ups, a period's
complaints), held whole, with the level cell in the monitor's colours."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from hallapp.ui.agents.tables import Index, RowsModel
from hallapp.ui.supervision.texts import LEVEL_COLOURS, PROVISIONAL_HINT

T = TypeVar("T")
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 3  # the row's level: "normal", "warning", …


class LevelRowsModel(RowsModel[T]):
    """Rows whose ``level_column`` is painted in the colours of ``level(row)``; a
    provisional due date (``provisional(row)``) explains itself in a tooltip."""

    def __init__(
        self,
        headers: Sequence[str],
        cells: Callable[[T], Sequence[str]],
        level: Callable[[T], str],
        level_column: int,
        provisional: Callable[[T], bool] | None = None,
    ) -> None:
        super().__init__(headers, cells)
        self._level = level
        self.level_column = level_column
        self._provisional = provisional

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row = self.row_at(index.row())
        if role == LEVEL_ROLE:
            return self._level(row)
        if index.column() == self.level_column and role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            colours = LEVEL_COLOURS.get(self._level(row))
            if colours is None:
                return None
            background = role == Qt.ItemDataRole.BackgroundRole
            return QBrush(QColor(colours[0] if background else colours[1]))
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and self._provisional is not None
            and self._provisional(row)
        ):
            return PROVISIONAL_HINT
        return super().data(index, role)
