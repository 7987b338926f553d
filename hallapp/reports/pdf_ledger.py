"""The daily ledger (日常工作台账) as an A4 PDF to print at closing time: every step of
the day, the totals per person, and the lines for 制表人 and 负责人 to sign."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from hallapp.documents.a4_parts import Signer, Styles, signature_lines
from hallapp.documents.fonts import register_pdf_font
from hallapp.reports.model import Ledger, StatTable
from hallapp.reports.pdf_parts import ReportStyles, build_pdf, para, stat_table

__all__ = ["TITLE", "render_ledger_pdf"]

TITLE = "日常工作台账"
_WEEKDAYS = "一二三四五六日"
# In millimetres of the 180 mm frame: a case number and a masked ID number fit on a line.
_LINE_WIDTHS = (10, 14, 44, 48, 46, 18)


def render_ledger_pdf(ledger: Ledger, path: Path) -> Path:
    """Write the ledger to ``path``; raises DocumentWriteError if it cannot be saved."""
    font = register_pdf_font()
    styles = ReportStyles(font)
    day = ledger.day
    day_text = f"{day.year}年{day.month}月{day.day}日（星期{_WEEKDAYS[day.weekday()]}）"
    story: list[Flowable] = [
        para(ledger.hall_name, styles.hall),
        para(TITLE, styles.title),
        para(f"{day_text}　共 {len(ledger.lines)} 条", styles.subtitle),
    ]
    if ledger.lines:
        lines = StatTable(
            "lines",
            TITLE,
            ("时间", "工作人员", "办件编号", "事项", "申请人", "办理环节"),
            tuple(
                (
                    line.at.strftime("%H:%M"),
                    line.clerk_name,
                    line.case_number,
                    line.item_name,
                    line.applicant,
                    line.what,
                )
                for line in ledger.lines
            ),
        )
        story.append(stat_table(lines, styles, _LINE_WIDTHS))
    else:
        story.append(para("当日没有收件、受理、办结或送达的办件。", styles.empty))
    story.append(CondPageBreak(45 * mm))
    story.append(para(ledger.per_clerk.title, styles.heading))
    story.append(
        stat_table(ledger.per_clerk, styles, [2.0] + [1.0] * (len(ledger.per_clerk.columns) - 1))
    )
    story.append(Spacer(0, 6 * mm))
    story.append(
        KeepTogether([signature_lines((Signer("制表人"), Signer("负责人")), Styles(font))])
    )
    return build_pdf(
        path,
        story,
        title=f"{ledger.hall_name} {TITLE} {day.isoformat()}",
        subject=day_text,
        running_head=f"{ledger.hall_name}　{TITLE}　{day_text}",
    )
