"""A year at a glance: twelve month grids with holidays and make-up working days marked."""

from __future__ import annotations

import calendar as std_calendar
from datetime import date, timedelta

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from hallapp.core.workdays import DayKind
from hallapp.services.calendar import DayInfo, YearView

COLUMNS, ROWS = 4, 3
CELL_W, CELL_H = 28, 24
MONTH_TITLE_H, WEEK_HEADER_H, GAP = 24, 20, 12

FILL = {
    DayKind.HOLIDAY: QColor("#f6cfcb"),
    DayKind.MAKEUP_WORKDAY: QColor("#cfe0f6"),
}
TEXT = {
    DayKind.HOLIDAY: QColor("#a3140a"),
    DayKind.MAKEUP_WORKDAY: QColor("#0b4c9a"),
    DayKind.WEEKEND: QColor("#8a8a8a"),
    DayKind.WORKDAY: QColor("#1d1d1d"),
}
LOCAL_MARK = QColor("#d98b00")
SELECTED = QColor("#1f5fa8")


class YearGrid(QWidget):
    day_selected = Signal(object)  # date

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._view: YearView | None = None
        self._selected: date | None = None
        self._today = date.today()

    def set_year(self, view: YearView, today: date) -> None:
        self._view, self._today = view, today
        if self._selected is None or self._selected.year != view.year:
            self._selected = today if today.year == view.year else date(view.year, 1, 1)
        self.update()
        self.day_selected.emit(self._selected)

    def info(self, day: date) -> DayInfo:
        assert self._view is not None
        return self._view.info(day)

    @property
    def selected(self) -> date | None:
        return self._selected

    def select(self, day: date) -> None:
        if self._view is None or day.year != self._view.year:
            return
        self._selected = day
        self.update()
        self.day_selected.emit(day)

    # geometry -----------------------------------------------------------------------------
    def _month_origin(self, month: int) -> QPoint:
        col, row = (month - 1) % COLUMNS, (month - 1) // COLUMNS
        return QPoint(
            GAP + col * (7 * CELL_W + GAP),
            GAP + row * (MONTH_TITLE_H + WEEK_HEADER_H + 6 * CELL_H + GAP),
        )

    def cell_rect(self, day: date) -> QRect:
        origin = self._month_origin(day.month)
        first_weekday = date(day.year, day.month, 1).weekday()
        index = first_weekday + day.day - 1
        x = origin.x() + (index % 7) * CELL_W
        y = origin.y() + MONTH_TITLE_H + WEEK_HEADER_H + (index // 7) * CELL_H
        return QRect(x, y, CELL_W, CELL_H)

    def day_at(self, point: QPoint) -> date | None:
        if self._view is None:
            return None
        for month in range(1, 13):
            days = std_calendar.monthrange(self._view.year, month)[1]
            for d in range(1, days + 1):
                day = date(self._view.year, month, d)
                if self.cell_rect(day).contains(point):
                    return day
        return None

    def sizeHint(self) -> QSize:
        width = GAP + COLUMNS * (7 * CELL_W + GAP)
        height = GAP + ROWS * (MONTH_TITLE_H + WEEK_HEADER_H + 6 * CELL_H + GAP)
        return QSize(width, height)

    # painting -----------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        if self._view is None:
            return
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        bold = QFont(self.font())
        bold.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.6))
        year = self._view.year
        for month in range(1, 13):
            origin = self._month_origin(month)
            p.setFont(bold)
            p.setPen(QColor("#1d1d1d"))
            p.drawText(
                QRect(origin.x(), origin.y(), 7 * CELL_W, MONTH_TITLE_H),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("%1月").replace("%1", str(month)),
            )
            p.setFont(self.font())
            for i, name in enumerate("一二三四五六日"):
                p.setPen(TEXT[DayKind.WEEKEND] if i >= 5 else TEXT[DayKind.WORKDAY])
                p.drawText(
                    QRect(
                        origin.x() + i * CELL_W, origin.y() + MONTH_TITLE_H, CELL_W, WEEK_HEADER_H
                    ),
                    Qt.AlignmentFlag.AlignCenter,
                    name,
                )
            day = date(year, month, 1)
            while day.month == month:
                self._paint_day(p, day, small)
                day += timedelta(days=1)
        p.end()

    def _paint_day(self, p: QPainter, day: date, small: QFont) -> None:
        info = self._view.info(day) if self._view else None
        assert info is not None
        rect = self.cell_rect(day).adjusted(1, 1, -1, -1)
        fill = FILL.get(info.kind)
        if fill is not None:
            p.fillRect(rect, fill)
        p.setFont(self.font())
        p.setPen(TEXT[info.kind])
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(day.day))
        if info.kind in (DayKind.HOLIDAY, DayKind.MAKEUP_WORKDAY):
            p.setFont(small)
            mark = self.tr("休") if info.kind is DayKind.HOLIDAY else self.tr("班")
            p.drawText(
                rect.adjusted(0, 0, -1, 0),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                mark,
            )
        if info.source in ("local", "county"):
            p.setPen(QPen(LOCAL_MARK, 2))
            p.drawLine(rect.bottomLeft(), rect.bottomRight())
        if day == self._today:
            p.setPen(QPen(QColor("#1d1d1d"), 1, Qt.PenStyle.DotLine))
            p.drawRect(rect)
        if day == self._selected:
            p.setPen(QPen(SELECTED, 2))
            p.drawRect(rect.adjusted(0, 0, -1, -1))

    # input --------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().toPoint())
        if day is not None:
            self.select(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -7,
            Qt.Key.Key_Down: 7,
        }
        if self._selected is not None and event.key() in steps:
            self.select(self._selected + timedelta(days=steps[event.key()]))
            return
        super().keyPressEvent(event)
