"""办理过程: every step of a case in time order — when, who, what, from which state to
which, and the comment — as the county's exchange carries it."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from hallapp.services.cases import EventView
from hallapp.ui.register.texts import action_label, state_label, time_text


class TimelineWidget(QTableWidget):
    TIME, ACTOR, ACTION, STATES, COMMENT = range(5)

    def __init__(self) -> None:
        super().__init__(0, 5)
        self.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("经办人"), self.tr("操作"), self.tr("状态"), self.tr("意见")]
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.setWordWrap(True)
        header = self.horizontalHeader()
        for column in (self.TIME, self.ACTOR, self.ACTION, self.STATES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COMMENT, QHeaderView.ResizeMode.Stretch)

    def set_events(self, events: tuple[EventView, ...]) -> None:
        self.setRowCount(len(events))
        for row, event in enumerate(events):
            before = state_label(event.from_state)
            after = state_label(event.to_state)
            states = f"{before} → {after}" if before else f"→ {after}"
            if before == after:
                states = after  # a step that did not move the case (延期)
            cells = (
                time_text(event.at),
                event.actor_name,
                action_label(event.action),
                states,
                event.comment,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == self.COMMENT and text:
                    item.setToolTip(text)
                self.setItem(row, column, item)
        self.resizeRowsToContents()
        if events:
            self.scrollToBottom()

    def rows(self) -> list[tuple[str, ...]]:
        """The steps as shown, for tests and copying."""
        return [
            tuple(_text(self.item(r, c)) for c in range(self.columnCount()))
            for r in range(self.rowCount())
        ]

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setHeight(max(hint.height(), 160))
        return hint


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""
