"""收件日期 from/to: each end is optional (a tick box), so "no limit" is one key away."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from hallapp.ui.optional_date import OptionalDate


class DateRange(QWidget):
    changed = Signal()

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        day = today or date.today()
        self.start = OptionalDate(self.tr("从(&S)"), day)
        self.end = OptionalDate(self.tr("到(&T)"), day)
        self.start.changed.connect(self.changed.emit)
        self.end.changed.connect(self.changed.emit)
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
