"""Which complaints the list shows: a state (or all), and the days they were received
(each end optional, off by default)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from hallapp.core.complaints import ComplaintState
from hallapp.ui.optional_date import OptionalDate


class ComplaintFilters(QWidget):
    changed = Signal()

    def __init__(self, today: date) -> None:
        super().__init__()
        self.state = QComboBox()
        self.state.addItem(self.tr("全部"), None)
        for state in ComplaintState:
            self.state.addItem(state.label, state.value)
        state_label = QLabel(self.tr("状态(&U)"))
        state_label.setBuddy(self.state)
        self.start = OptionalDate(self.tr("收到日期 从(&B)"), today.replace(day=1))
        self.end = OptionalDate(self.tr("到(&T)"), today)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(state_label)
        layout.addWidget(self.state)
        layout.addSpacing(12)
        layout.addWidget(self.start)
        layout.addWidget(self.end)
        self.state.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.start.changed.connect(self.changed.emit)
        self.end.changed.connect(self.changed.emit)

    def chosen_state(self) -> ComplaintState | None:
        value = self.state.currentData()
        return ComplaintState(value) if value else None

    def values(self) -> tuple[ComplaintState | None, date | None, date | None]:
        return self.chosen_state(), self.start.value(), self.end.value()

    def set_values(
        self, state: ComplaintState | None, start: date | None, end: date | None
    ) -> None:
        """All at once (tests, a complaint opened from the monitor), announced once."""
        self.state.blockSignals(True)
        self.state.setCurrentIndex(0 if state is None else self.state.findData(state.value))
        self.state.blockSignals(False)
        self.start.set_value(start)
        self.end.set_value(end)
        self.changed.emit()
