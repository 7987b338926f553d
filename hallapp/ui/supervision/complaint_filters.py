"""Which complaints the list shows: a state (or all), and the days they were received
(each end optional, off by default)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from hallapp.core.complaints import ComplaintState


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class _DayEnd(QWidget):
    changed = Signal()

    def __init__(self, text: str, day: date) -> None:
        super().__init__()
        self.box = QCheckBox(text)
        self.edit = QDateEdit(_qdate(day))
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.box)
        layout.addWidget(self.edit)
        self.box.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(lambda _d: self._date_changed())

    def _date_changed(self) -> None:
        if self.box.isChecked():
            self.changed.emit()

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        if on:
            self.edit.setFocus()
        self.changed.emit()

    def value(self) -> date | None:
        if not self.box.isChecked():
            return None
        day = self.edit.date()
        return date(day.year(), day.month(), day.day())

    def set_value(self, day: date | None) -> None:
        for widget in (self.box, self.edit):
            widget.blockSignals(True)
        if day is not None:
            self.edit.setDate(_qdate(day))
        self.box.setChecked(day is not None)
        self.edit.setEnabled(day is not None)
        for widget in (self.box, self.edit):
            widget.blockSignals(False)


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
        self.start = _DayEnd(self.tr("收到日期 从(&B)"), today.replace(day=1))
        self.end = _DayEnd(self.tr("到(&T)"), today)
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
