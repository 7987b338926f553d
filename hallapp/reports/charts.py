"""The report's charts, drawn with reportlab.graphics in the embedded font: cases taken in
and completed per month as bars, the on-time rate as a line, the ratings as a pie."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from hallapp.core.evaluation import Rating
from hallapp.documents.fonts import PDF_FONT
from hallapp.reports.model import MonthFigure

__all__ = ["month_bars", "month_names", "on_time_line", "satisfaction_pie"]

RECEIVED_COLOUR = colors.Color(0.31, 0.51, 0.74)
COMPLETED_COLOUR = colors.Color(0.95, 0.61, 0.27)
LINE_COLOUR = colors.Color(0.20, 0.55, 0.34)
# 非常满意 … 非常不满意: greens to reds, readable in grey print as light to dark.
RATING_COLOURS = (
    colors.Color(0.18, 0.55, 0.34),
    colors.Color(0.45, 0.72, 0.45),
    colors.Color(0.80, 0.82, 0.45),
    colors.Color(0.93, 0.55, 0.30),
    colors.Color(0.78, 0.22, 0.20),
)
_TITLE_SIZE = 10
_LABEL_SIZE = 7.5


def month_names(months: Sequence[MonthFigure]) -> list[str]:
    """``1月`` within one year, ``25年12月`` when the months span years."""
    years = {m.month[:4] for m in months}
    names = []
    for m in months:
        year, month = m.month.split("-")
        names.append(f"{int(month)}月" if len(years) == 1 else f"{year[2:]}年{int(month)}月")
    return names


def _title(drawing: Drawing, text: str) -> None:
    drawing.add(
        String(
            drawing.width / 2,
            drawing.height - _TITLE_SIZE - 2,
            text,
            fontName=PDF_FONT,
            fontSize=_TITLE_SIZE,
            textAnchor="middle",
        )
    )


def _empty(drawing: Drawing, text: str) -> Drawing:
    drawing.add(
        String(drawing.width / 2, drawing.height / 2 - 10, text, fontName=PDF_FONT, fontSize=9,
               textAnchor="middle", fillColor=colors.grey)
    )  # fmt: skip
    return drawing


def _legend(x: float, y: float, pairs: list[tuple[colors.Color, str]]) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = PDF_FONT, _LABEL_SIZE + 0.5
    legend.alignment = "right"
    legend.columnMaximum = 6
    legend.colorNamePairs = pairs
    legend.dx = legend.dy = 7
    legend.deltay = 11
    return legend


def month_bars(months: Sequence[MonthFigure], width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    _title(drawing, "各月收件与办结（件）")
    if not months or not any(m.received or m.completed for m in months):
        return _empty(drawing, "本期没有收件或办结")
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 28
    chart.width, chart.height = width - 110, height - 55
    chart.data = [[m.received for m in months], [m.completed for m in months]]
    chart.bars[0].fillColor = RECEIVED_COLOUR
    chart.bars[1].fillColor = COMPLETED_COLOUR
    chart.barSpacing = 1
    chart.groupSpacing = 6
    chart.categoryAxis.categoryNames = month_names(months)
    chart.categoryAxis.labels.fontName = PDF_FONT
    chart.categoryAxis.labels.fontSize = _LABEL_SIZE
    chart.categoryAxis.labels.dy = -3
    if len(months) > 12:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = PDF_FONT
    chart.valueAxis.labels.fontSize = _LABEL_SIZE
    chart.valueAxis.forceZero = True
    drawing.add(chart)
    drawing.add(
        _legend(
            chart.x + chart.width + 14,
            height - 30,
            [(RECEIVED_COLOUR, "收件"), (COMPLETED_COLOUR, "办结")],
        )
    )
    return drawing


def on_time_line(months: Sequence[MonthFigure], width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    _title(drawing, "各月按期办结率（承诺时限，%）")
    if not any(m.on_time_rate is not None for m in months):
        return _empty(drawing, "本期没有办结的办件")
    chart = HorizontalLineChart()
    chart.x, chart.y = 30, 28
    chart.width, chart.height = width - 45, height - 55
    chart.data = [
        tuple(None if m.on_time_rate is None else round(m.on_time_rate * 100, 1) for m in months)
    ]
    chart.lines[0].strokeColor = LINE_COLOUR
    chart.lines[0].strokeWidth = 1.5
    chart.lines[0].symbol = makeMarker("FilledCircle", size=3.5, fillColor=LINE_COLOUR)
    chart.categoryAxis.categoryNames = month_names(months)
    chart.categoryAxis.labels.fontName = PDF_FONT
    chart.categoryAxis.labels.fontSize = _LABEL_SIZE
    chart.categoryAxis.labels.dy = -3
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = PDF_FONT
    chart.valueAxis.labels.fontSize = _LABEL_SIZE
    chart.valueAxis.labelTextFormat = "%d%%"
    drawing.add(chart)
    return drawing


def satisfaction_pie(ratings: Mapping[str, int], width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    _title(drawing, "好差评构成")
    total = sum(ratings.get(r.value, 0) for r in Rating)
    if total == 0:
        return _empty(drawing, "本期没有评价")
    shown = [
        (r, ratings.get(r.value, 0), colour)
        for r, colour in zip(Rating, RATING_COLOURS, strict=True)
    ]
    present = [(r, n, colour) for r, n, colour in shown if n]
    pie = Pie()
    size = min(height - 40, width / 2 - 30)
    pie.x, pie.y = 15, (height - 20 - size) / 2
    pie.width = pie.height = size
    pie.data = [n for _, n, _ in present]
    # A sliver's label would sit on its neighbour's; the legend gives its count.
    pie.labels = [f"{n / total * 100:.1f}%" if n / total >= 0.03 else "" for _, n, _ in present]
    pie.slices.fontName = PDF_FONT
    pie.slices.fontSize = _LABEL_SIZE
    pie.slices.strokeColor = colors.white
    pie.sideLabels = False
    pie.simpleLabels = True
    for i, (_, _, colour) in enumerate(present):
        pie.slices[i].fillColor = colour
    drawing.add(pie)
    drawing.add(
        _legend(
            pie.x + size + 22,
            height - 35,
            [(colour, f"{r.label} {n} 件") for r, n, colour in shown],
        )
    )
    return drawing
