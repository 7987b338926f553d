"""The period's charts, painted with QPainter: cases taken in and completed by month
(bars), the on-time rate by month (a line), and the applicants' ratings (a pie).

Each chart takes plain figures from the period statistics and paints nothing invented:
with no figures it says 本期无数据.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from hallapp.core.evaluation import Rating
from hallapp.ui.reports.chart_frame import (
    AXIS,
    GRID,
    INK,
    LABEL_PX,
    MUTED,
    ChartFrame,
    count_text,
    nice_axis,
    tick_values,
)
from hallapp.ui.reports.texts import percent

if TYPE_CHECKING:
    from hallapp.services.reports import MonthFigure

RECEIVED_COLOUR = QColor("#1f5fa8")
COMPLETED_COLOUR = QColor("#2e8b57")
RATE_COLOUR = QColor("#c2571a")
# 非常满意 … 非常不满意: green through yellow to red.
RATING_COLOURS = {
    Rating.VERY_SATISFIED: QColor("#2e7d32"),
    Rating.SATISFIED: QColor("#7cb342"),
    Rating.BASIC: QColor("#f2b81b"),
    Rating.DISSATISFIED: QColor("#ef6c00"),
    Rating.VERY_DISSATISFIED: QColor("#c62828"),
}


def month_labels(months: Sequence[str]) -> list[str]:
    """Month names under the bars: 3月 within one year, 25年12月 once the period crosses
    into a new year."""
    years = {m[:4] for m in months}
    if len(years) <= 1:
        return [f"{int(m[5:7])}月" for m in months]
    return [f"{m[2:4]}年{int(m[5:7])}月" for m in months]


class _MonthAxes(ChartFrame):
    """Months along the bottom, a value scale on the left, grid lines across."""

    months: tuple[MonthFigure, ...] = ()

    def set_months(self, months: Sequence[MonthFigure]) -> None:
        self.months = tuple(months)
        self.update()

    def scale(self) -> tuple[float, float, list[str]]:
        """(top, step, tick labels) of the value axis."""
        raise NotImplementedError

    def plot_area(self, painter: QPainter, area: QRectF, top_space: float) -> QRectF:
        """Draw the axes and grid; return the rectangle values are drawn in."""
        top, step, labels = self.scale()
        painter.setFont(self.font_px(LABEL_PX))
        metrics = painter.fontMetrics()
        left = max(metrics.horizontalAdvance(text) for text in labels) + 8
        bottom = metrics.height() + 6
        plot = QRectF(
            area.left() + left,
            area.top() + top_space,
            area.width() - left - 4,
            area.height() - top_space - bottom,
        )
        for value, text in zip(tick_values(top, step), labels, strict=False):
            y = plot.bottom() - plot.height() * value / top
            painter.setPen(QPen(GRID if value else AXIS, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(area.left(), y - metrics.height() / 2, left - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        names = month_labels([m.month for m in self.months])
        slot = plot.width() / len(names)
        widest = max(metrics.horizontalAdvance(n) for n in names) + 6
        every = max(1, int(widest // slot) + (1 if widest % slot else 0))
        painter.setPen(INK)
        for i, name in enumerate(names):
            if i % every:
                continue
            painter.drawText(
                QRectF(
                    plot.left() + i * slot + slot / 2 - widest,
                    plot.bottom() + 3,
                    widest * 2,
                    bottom,
                ),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                name,
            )
        return plot

    def legend(self, painter: QPainter, area: QRectF, entries: list[tuple[str, QColor]]) -> None:
        painter.setFont(self.font_px(LABEL_PX))
        metrics = painter.fontMetrics()
        x = area.right()
        for text, colour in reversed(entries):
            x -= metrics.horizontalAdvance(text)
            painter.setPen(INK)
            painter.drawText(QPointF(x, area.top() + metrics.ascent()), text)
            x -= 18
            painter.fillRect(QRectF(x, area.top() + 2, 12, metrics.ascent() - 2), colour)
            x -= 14


class MonthBars(_MonthAxes):
    """收件 and 办结 by month, side by side, with the count on each bar when it fits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("按月收件与办结（件）", parent)

    def has_data(self) -> bool:
        return any(m.received or m.completed for m in self.months)

    def scale(self) -> tuple[float, float, list[str]]:
        top, step = nice_axis(max(max(m.received, m.completed) for m in self.months))
        return top, step, [count_text(v) for v in tick_values(top, step)]

    def draw(self, painter: QPainter, area: QRectF) -> None:
        painter.setFont(self.font_px(LABEL_PX))
        legend_height = painter.fontMetrics().height() + 6
        self.legend(painter, area, [("收件", RECEIVED_COLOUR), ("办结", COMPLETED_COLOUR)])
        plot = self.plot_area(painter, area, legend_height + painter.fontMetrics().height())
        top, _step, _labels = self.scale()
        slot = plot.width() / len(self.months)
        bar = min(max(2.0, slot * 0.34), 48.0)  # one month alone is no wall of colour
        painter.setFont(self.font_px(LABEL_PX - 1))
        metrics = painter.fontMetrics()
        for i, month in enumerate(self.months):
            centre = plot.left() + i * slot + slot / 2
            for value, colour, x in (
                (month.received, RECEIVED_COLOUR, centre - bar - 1),
                (month.completed, COMPLETED_COLOUR, centre + 1),
            ):
                height = plot.height() * value / top
                painter.fillRect(QRectF(x, plot.bottom() - height, bar, height), colour)
                text = count_text(value)
                if value and metrics.horizontalAdvance(text) <= bar + slot * 0.14:
                    painter.setPen(INK)
                    painter.drawText(
                        QRectF(
                            x - slot,
                            plot.bottom() - height - metrics.height(),
                            bar + 2 * slot,
                            metrics.height(),
                        ),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                        text,
                    )


class OnTimeLine(_MonthAxes):
    """按期办结率 by month on a fixed 0–100 % scale; a month without completed cases
    leaves a gap instead of a made-up point."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("按月按期办结率", parent)

    def has_data(self) -> bool:
        return any(m.on_time_rate is not None for m in self.months)

    def scale(self) -> tuple[float, float, list[str]]:
        return 1.0, 0.2, [f"{round(v * 100)}%" for v in tick_values(1.0, 0.2)]

    def draw(self, painter: QPainter, area: QRectF) -> None:
        painter.setFont(self.font_px(LABEL_PX))
        plot = self.plot_area(painter, area, painter.fontMetrics().height() + 4)
        slot = plot.width() / len(self.months)
        points: list[QPointF | None] = [
            None
            if m.on_time_rate is None
            else QPointF(
                plot.left() + i * slot + slot / 2, plot.bottom() - plot.height() * m.on_time_rate
            )
            for i, m in enumerate(self.months)
        ]
        path = QPainterPath()
        pen_down = False
        for point in points:
            if point is None:
                pen_down = False
            elif pen_down:
                path.lineTo(point)
            else:
                path.moveTo(point)
                pen_down = True
        painter.setPen(QPen(RATE_COLOUR, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setFont(self.font_px(LABEL_PX - 1))
        metrics = painter.fontMetrics()
        for point, month in zip(points, self.months, strict=True):
            if point is None or month.on_time_rate is None:
                continue
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.setBrush(RATE_COLOUR)
            painter.drawEllipse(point, 4.5, 4.5)
            text = percent(month.on_time_rate)
            if metrics.horizontalAdvance(text) <= slot + 4:
                painter.setPen(INK)
                painter.drawText(
                    QRectF(
                        point.x() - slot,
                        point.y() - 8 - metrics.height(),
                        2 * slot,
                        metrics.height(),
                    ),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    text,
                )


class SatisfactionPie(ChartFrame):
    """The five levels of 好差评 as slices, each named beside the pie with its count and
    its share."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("满意度评价", parent)
        self.counts: dict[Rating, int] = {}

    def set_ratings(self, ratings: dict[str, int]) -> None:
        self.counts = {r: int(ratings.get(r.value, 0)) for r in Rating}
        self.update()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def has_data(self) -> bool:
        return self.total > 0

    def draw(self, painter: QPainter, area: QRectF) -> None:
        total = self.total
        painter.setFont(self.font_px(LABEL_PX + 1))
        metrics = painter.fontMetrics()
        lines = [
            (r, r.label, f"{self.counts[r]} 件　{percent(self.counts[r] / total)}") for r in Rating
        ]
        legend_width = (
            max(
                metrics.horizontalAdvance(name) + metrics.horizontalAdvance(figures)
                for _r, name, figures in lines
            )
            + 34
        )
        side = max(60.0, min(area.height(), area.width() - legend_width - 16))
        pie = QRectF(area.left(), area.top() + (area.height() - side) / 2, side, side)
        start = 90.0 * 16
        painter.setPen(QPen(QColor("white"), 1.5))
        for rating in Rating:
            count = self.counts[rating]
            if not count:
                continue
            span = -360.0 * 16 * count / total
            painter.setBrush(RATING_COLOURS[rating])
            if count == total:
                painter.drawEllipse(pie)
            else:
                painter.drawPie(pie, round(start), round(span))
            start += span
        row = metrics.height() + 10
        y = area.top() + max(0.0, (area.height() - row * len(lines)) / 2)
        x = pie.right() + 16
        for rating, name, figures in lines:
            painter.fillRect(QRectF(x, y + 3, 14, metrics.ascent() - 2), RATING_COLOURS[rating])
            painter.setPen(INK)
            painter.drawText(QPointF(x + 22, y + metrics.ascent()), name)
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(x + 22, y, area.right() - x - 22, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                figures,
            )
            y += row
        painter.setPen(INK)
        painter.drawText(QPointF(x, y + metrics.ascent()), f"合计 {total} 件")
