"""What the report charts share: a white card with a title, "本期无数据" when there is
nothing to draw, fonts sized in pixels so that a chart reads the same on every screen,
and the round numbers of a value axis."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

EMPTY_TEXT = "本期无数据"
INK = QColor("#222222")
MUTED = QColor("#666666")
GRID = QColor("#e3e6ea")
AXIS = QColor("#9aa1a9")
TITLE_PX = 16
LABEL_PX = 13


def nice_axis(largest: float, ticks: int = 5) -> tuple[float, float]:
    """(top, step) of a count axis from 0 that holds ``largest`` in about ``ticks`` steps
    of 1, 2 or 5 times a power of ten: 0–137 becomes 0–150 in steps of 50. Counts are whole
    cases, so a step is never below 1."""
    if largest <= 0:
        return 1.0, 1.0
    raw = largest / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    step = max(next(m * power for m in (1, 2, 5, 10) if m * power >= raw), 1.0)
    return math.ceil(largest / step) * step, step


def tick_values(top: float, step: float) -> list[float]:
    count = round(top / step)
    return [i * step for i in range(count + 1)]


def count_text(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


class ChartFrame(QWidget):
    """The card every chart is drawn on. A subclass says whether it has data and draws
    into the plot rectangle left under the title."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setMinimumSize(260, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def sizeHint(self) -> QSize:
        return QSize(380, 260)

    def has_data(self) -> bool:
        raise NotImplementedError

    def draw(self, painter: QPainter, area: QRectF) -> None:
        raise NotImplementedError

    def font_px(self, pixels: int, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(pixels)
        font.setBold(bold)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        bounds = QRectF(self.rect())
        painter.fillRect(bounds, QColor("white"))
        painter.setPen(QPen(QColor("#d5d9de"), 1))
        painter.drawRect(bounds.adjusted(0.5, 0.5, -0.5, -0.5))
        painter.setFont(self.font_px(TITLE_PX, bold=True))
        painter.setPen(INK)
        title_height = painter.fontMetrics().height() + 12
        painter.drawText(
            QRectF(12, 6, bounds.width() - 24, title_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title,
        )
        area = bounds.adjusted(12, title_height + 8, -12, -10)
        if self.has_data():
            self.draw(painter, area)
        else:
            painter.setFont(self.font_px(15))
            painter.setPen(MUTED)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, EMPTY_TEXT)
        painter.end()
