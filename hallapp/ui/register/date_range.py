"""收件日期 from/to: each end is optional (a tick box), so "no limit" is one key away."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QLabel, QWidget


class _End(QWidget):
    """One end of the range: a tick box that switches a date field on."""

    def __init__(self, text: str, initial: QDate, changed: Callable[[], None]) -> None:
        super().__init__()
        self.box = QCheckBox(text)
        self.edit = QDateEdit(initial)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.box)
        layout.addWidget(self.edit)
        self.box.toggled.connect(self._toggled)
        self.box.toggled.connect(lambda _on: changed())
        self.edit.dateChanged.connect(lambda _d: self._date_changed(changed))

    def _date_changed(self, changed: Callable[[], None]) -> None:
        if self.box.isChecked():
            changed()

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        if on:
            self.edit.setFocus()

    def value(self) -> date | None:
        if not self.box.isChecked():
            return None
        qdate = self.edit.date()
        return date(qdate.year(), qdate.month(), qdate.day())

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


class DateRange(QWidget):
    changed = Signal()

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        day = today or date.today()
        initial = QDate(day.year, day.month, day.day)
        self.start = _End(self.tr("从(&S)"), initial, self.changed.emit)
        self.end = _End(self.tr("到(&T)"), initial, self.changed.emit)
        label = QLabel(self.tr("收件日期："))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.start)
        layout.addWidget(self.end)
        self.setToolTip(self.tr("勾选后按收件日期筛选；不勾选为不限"))

    def set_range(self, start: date | None, end: date | None) -> None:
        """Both ends at once (tests, saved searches), announced as one change."""
        self.start.set_value(start)
        self.end.set_value(end)
        self.changed.emit()

    def values(self) -> tuple[date | None, date | None]:
        return self.start.value(), self.end.value()
