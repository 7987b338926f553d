"""One optional end of a date range: a tick box that switches a date field on, so "no
limit" is one key away."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget


class OptionalDate(QWidget):
    changed = Signal()  # ticked, unticked, or a new date while ticked

    def __init__(self, text: str, initial: date) -> None:
        super().__init__()
        self.box = QCheckBox(text)
        self.edit = QDateEdit(QDate(initial.year, initial.month, initial.day))
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
        """Set without announcing it (the caller announces one change for both ends)."""
        for widget in (self.box, self.edit):
            widget.blockSignals(True)
        if day is not None:
            self.edit.setDate(QDate(day.year, day.month, day.day))
        self.box.setChecked(day is not None)
        self.edit.setEnabled(day is not None)
        for widget in (self.box, self.edit):
            widget.blockSignals(False)
