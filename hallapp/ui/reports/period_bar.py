"""The period of a report: a named period (本月, 上半年…) or any two days. Picking a name
fills in the two days; changing a day by hand makes the period 自定义."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from hallapp.ui.reports.periods import Preset, preset_range


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class PeriodBar(QWidget):
    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.preset = QComboBox()
        for preset in Preset:
            self.preset.addItem(self.tr(preset.value), preset)
        preset_label = QLabel(self.tr("期间(&Q)"))
        preset_label.setBuddy(self.preset)
        self.start = self._date_edit()
        self.end = self._date_edit()
        start_label = QLabel(self.tr("自(&F)"))
        start_label.setBuddy(self.start)
        end_label = QLabel(self.tr("至(&T)"))
        end_label.setBuddy(self.end)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (preset_label, self.preset, start_label, self.start, end_label, self.end):
            layout.addWidget(widget)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.start.dateChanged.connect(self._edited)
        self.end.dateChanged.connect(self._edited)
        self.choose(Preset.THIS_MONTH)

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy年M月d日")
        edit.setMinimumWidth(140)
        return edit

    def choose(self, preset: Preset) -> None:
        self.preset.setCurrentIndex(list(Preset).index(preset))
        self._preset_chosen()

    def set_days(self, start: date, end: date) -> None:
        """A period of the user's own (自定义)."""
        with QSignalBlocker(self.start), QSignalBlocker(self.end):
            self.start.setDate(_qdate(start))
            self.end.setDate(_qdate(end))
        self._edited()

    def current_preset(self) -> Preset:
        preset = self.preset.currentData()
        assert isinstance(preset, Preset)
        return preset

    def days(self) -> tuple[date, date]:
        return _day(self.start.date()), _day(self.end.date())

    def _preset_chosen(self) -> None:
        days = preset_range(self.current_preset(), self._today())
        if days is None:
            return  # 自定义: the two days stay as they are, to be changed by hand
        with QSignalBlocker(self.start), QSignalBlocker(self.end):
            self.start.setDate(_qdate(days[0]))
            self.end.setDate(_qdate(days[1]))

    def _edited(self) -> None:
        days = preset_range(self.current_preset(), self._today())
        if days != self.days():
            with QSignalBlocker(self.preset):
                self.preset.setCurrentIndex(list(Preset).index(Preset.CUSTOM))
