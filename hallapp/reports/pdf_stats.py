"""The period statistics as an A4 PDF: the headline figures, the charts, every table."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from hallapp.documents.fonts import register_pdf_font
from hallapp.documents.pages import FRAME_WIDTH
from hallapp.reports.charts import month_bars, on_time_line, satisfaction_pie
from hallapp.reports.formats import display, summary
from hallapp.reports.model import PeriodStats
from hallapp.reports.pdf_parts import ReportStyles, build_pdf, para, stat_table

__all__ = ["TITLE", "render_stats_pdf"]

TITLE = "办件统计报表"
# Relative column widths where the first column alone would not do.
WIDTHS = {
    "by_item": (3.4, 2.6, 1, 1, 1, 1.2, 1.2, 1.1, 1.1, 1.1),
    "by_department": (3.4, 1, 1, 1, 1.2, 1.2, 1.1),
    "by_agent": (2, 1.5, 1, 1.2),
}
_CHART_HEIGHT = 62 * mm
_DIGITS = "一二三四五六七八九"


def render_stats_pdf(stats: PeriodStats, path: Path) -> Path:
    """Write the report to ``path``; raises DocumentWriteError if it cannot be saved."""
    styles = ReportStyles(register_pdf_font())
    story: list[Flowable] = [
        para(stats.hall_name, styles.hall),
        para(TITLE, styles.title),
        para(f"统计期间：{stats.period.label}　服务中心代码：{stats.hall_code}", styles.subtitle),
    ]
    sections = 0

    def heading(text: str) -> None:
        nonlocal sections
        story.append(CondPageBreak(40 * mm))
        sections += 1
        story.append(para(f"{chinese_numeral(sections)}、{text}", styles.heading))

    heading("主要指标")
    story.append(_figures(stats, styles))
    story.append(
        para(
            "按期办结率：办结时未超过承诺（法定）期限的办件占办结件的比例，停止计时的天数不计；"
            "提速率 = 1 − 承诺时限之和 ÷ 法定时限之和（本期办结件，按工作日计）；"
            "满意率：非常满意、满意、基本满意占全部评价的比例。",
            styles.note,
        )
    )
    heading("图表")
    story.append(month_bars(stats.months, FRAME_WIDTH, _CHART_HEIGHT))
    story.append(Spacer(0, 3 * mm))
    half = FRAME_WIDTH / 2
    story.append(
        Table(
            [[on_time_line(stats.months, half, _CHART_HEIGHT),
              satisfaction_pie(stats.ratings, half, _CHART_HEIGHT)]],
            colWidths=[half, half],
            style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]),
        )
    )  # fmt: skip
    for table in stats.tables:
        heading(table.title)
        if table.rows:
            story.append(stat_table(table, styles, WIDTHS.get(table.key)))
        else:
            story.append(para("本期无数据", styles.empty))
    return build_pdf(
        path,
        story,
        title=f"{stats.hall_name} {TITLE}",
        subject=stats.period.label,
        running_head=f"{stats.hall_name}　{TITLE}　{stats.period.label}",
    )


def chinese_numeral(n: int) -> str:
    """一 … 九十九, for numbering the report's sections."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens - 1] + "十")
    return head + (_DIGITS[ones - 1] if ones else "")


def _figures(stats: PeriodStats, styles: ReportStyles) -> Table:
    """The headline figures two to a row: 指标 数值 指标 数值."""
    cells = [
        (para(label, styles.cell), para(display(value, kind), styles.number))
        for label, value, kind in summary(stats)
    ]
    rows = []
    for i in range(0, len(cells), 2):
        left = cells[i]
        right = (
            cells[i + 1] if i + 1 < len(cells) else (para("", styles.cell), para("", styles.cell))
        )
        rows.append([*left, *right])
    half = FRAME_WIDTH / 2
    return Table(
        rows,
        colWidths=[half * 0.68, half * 0.32] * 2,
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.font),
                ("GRID", (0, 0), (-1, -1), 0.5, (0.45, 0.45, 0.45)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        ),
    )
