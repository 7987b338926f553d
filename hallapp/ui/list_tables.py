"""What the register's and the monitor's case lists share: the table's behaviour and the
green-channel badge."""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QTableView


def wire_opening(
    table: QTableView, case_id_at: Callable[[int], int], open_case: Callable[[int], None]
) -> None:
    """Enter (the table's ``open_current`` signal) or a double click opens the row's case."""

    def open_index(index: QModelIndex) -> None:
        if index.isValid():
            open_case(case_id_at(index.row()))

    table.open_current.connect(lambda: open_index(table.currentIndex()))  # type: ignore[attr-defined]
    table.doubleClicked.connect(open_index)


def selected_case_id(table: QTableView, case_id_at: Callable[[int], int]) -> int | None:
    index = table.currentIndex()
    if not index.isValid() or not table.selectionModel().hasSelection():
        return None
    return case_id_at(index.row())


def set_up_list_table(table: QTableView) -> None:
    """One row selected at a time, read-only, Tab leaves the table, one line per case."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)


@functools.cache
def green_badge() -> QPixmap:
    """A small green square with 绿, so the mark does not rely on colour alone."""
    # Imported here: the register package imports this module while it loads.
    from hallapp.ui.register.texts import GREEN_CHANNEL_COLOURS

    size = 18
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(GREEN_CHANNEL_COLOURS[1]))
    painter = QPainter(pixmap)
    font = QFont()
    font.setPixelSize(13)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRect(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "绿")
    painter.end()
    return pixmap
