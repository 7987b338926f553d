"""材料保管: who holds each material of the case now and since when, and every hand-over
record as written (never edited; a mistake is corrected by a new record, so the old one
is marked 已更正 and the new one 更正记录).

A material held longer than the hall allows by anyone but the applicant is shown on a
coloured row with the working days in words, since that is what the monitor flags. The
buttons only emit signals; the case view acts.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from hallapp.core.custody import HandoverItem
from hallapp.services.custody import CustodyView, HandoverView
from hallapp.ui.register.case_sections import compact
from hallapp.ui.roles import CASE_WORK, needs

FLAG_COLOUR = QColor("#fde2e0")
CORRECTED_COLOUR = QColor("#eeeeee")
MAX_TABLE_HEIGHT = 240
HOLDING_HEADERS = ("材料", "现在由谁保管", "自何时", "已保管")
RECORD_HEADERS = ("编号", "交接时间", "交出方", "接收方", "状态", "说明", "材料")


def items_text(items: tuple[HandoverItem, ...]) -> str:
    parts = []
    for item in items:
        counts = []
        if item.originals:
            counts.append(f"原件{item.originals}")
        if item.copies:
            counts.append(f"复印件{item.copies}")
        parts.append(f"{item.material}（{'、'.join(counts)}）")
    return "、".join(parts) or "（无材料：原记录作废）"


def _when(at: datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M}" if at is not None else "收件前起"


def make_table(headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]], colour: list[QColor | None]) -> None:
    table.setRowCount(len(rows))
    for r, (row, background) in enumerate(zip(rows, colour, strict=True)):
        for c, text in enumerate(row):
            cell = QTableWidgetItem(text)
            if background is not None:
                cell.setBackground(background)
            table.setItem(r, c, cell)
    # As tall as its rows up to a point, so a short chain needs no scrolling and a long
    # one leaves room for the timeline below.
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    # Room for a horizontal scroll bar, which may appear only once the table is laid out.
    height += table.horizontalScrollBar().sizeHint().height()
    table.setFixedHeight(min(height, MAX_TABLE_HEIGHT))


class CustodySection(QGroupBox):
    handover_clicked = Signal()
    correct_clicked = Signal(int)  # the id of the record to correct

    def __init__(self) -> None:
        super().__init__("材料保管")
        compact(self)
        self.custody: CustodyView | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.holdings = make_table(HOLDING_HEADERS)
        self.holdings.setObjectName("custody_holdings")
        self.records_title = QLabel(self.tr("交接记录（不可修改，错误以更正记录纠正）："))
        self.records = make_table(RECORD_HEADERS)
        self.records.setObjectName("custody_records")
        self.handover_button = QPushButton(self.tr("登记交接…(&M)"))
        self.correct_button = QPushButton(self.tr("更正所选记录…(&F)"))
        for button in (self.handover_button, self.correct_button):
            button.setAutoDefault(True)
        self._tips = (
            self.tr("登记一次材料交接：谁交给谁、哪些材料"),
            self.tr("所选交接记录有误时，登记一条更正记录（须写明原因）"),
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.handover_button)
        buttons.addWidget(self.correct_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.holdings)
        layout.addLayout(buttons)
        layout.addWidget(self.records_title)
        layout.addWidget(self.records)
        self.handover_button.clicked.connect(lambda _checked=False: self.handover_clicked.emit())
        self.correct_button.clicked.connect(lambda _checked=False: self._correct())
        self.records.itemSelectionChanged.connect(self._selection_changed)

    def show_custody(self, custody: CustodyView, can_record: bool) -> None:
        """``can_record``: the user's roles allow 登记材料交接 (and so its corrections)."""
        self.custody = custody
        flagged = [h for h in custody.holdings if h.flagged]
        text = self.tr("材料在申请人以外的人手中超过 %1 个工作日的，标红提示。").replace(
            "%1", str(custody.max_days)
        )
        if flagged:
            names = "、".join(h.material for h in flagged)
            text = self.tr("保管超期：%1。").replace("%1", names) + text
        self.summary.setText(text)
        self.summary.setStyleSheet("color:#a3160b; font-weight:bold;" if flagged else "color:#666;")
        fill_table(
            self.holdings,
            [
                [
                    h.material,
                    h.holder.label,
                    _when(h.since),
                    ""
                    if h.days_held is None
                    else f"{h.days_held} 个工作日" + ("（超期）" if h.flagged else ""),
                ]
                for h in custody.holdings
            ],
            [FLAG_COLOUR if h.flagged else None for h in custody.holdings],
        )
        fill_table(
            self.records,
            [_record_row(r) for r in custody.records],
            [CORRECTED_COLOUR if r.corrected_by is not None else None for r in custody.records],
        )
        self.records_title.setVisible(bool(custody.records))
        self.records.setVisible(bool(custody.records))
        self.handover_button.setEnabled(can_record)
        refused = "" if can_record else needs(self.tr("登记材料交接"), CASE_WORK)
        for button, tip in zip(
            (self.handover_button, self.correct_button), self._tips, strict=True
        ):
            button.setToolTip(refused or tip)
        self._selection_changed()

    def selected_record(self) -> HandoverView | None:
        rows = self.records.selectionModel().selectedRows()
        if not rows or self.custody is None:
            return None
        return self.custody.records[rows[0].row()]

    def _selection_changed(self) -> None:
        record = self.selected_record()
        self.correct_button.setEnabled(
            self.handover_button.isEnabled() and record is not None and record.corrected_by is None
        )

    def _correct(self) -> None:
        record = self.selected_record()
        if record is not None:
            self.correct_clicked.emit(record.id)

    # what the clerk reads, for tests and copying
    def holding_rows(self) -> list[list[str]]:
        return table_rows(self.holdings)

    def record_rows(self) -> list[list[str]]:
        return table_rows(self.records)


def _record_row(r: HandoverView) -> list[str]:
    status = r.status_label
    if r.corrected_by is not None:
        status += f"（见第{r.corrected_by}号）"
    elif r.corrects is not None:
        status += f"（更正第{r.corrects}号）"
    return [
        str(r.id),
        f"{r.at:%Y-%m-%d %H:%M}",
        r.giver.label,
        r.receiver.label,
        status,
        r.note,
        items_text(r.items),
    ]


def table_rows(table: QTableWidget) -> list[list[str]]:
    return [
        [
            (item.text() if (item := table.item(r, c)) is not None else "")
            for c in range(table.columnCount())
        ]
        for r in range(table.rowCount())
    ]


__all__ = ["CustodySection", "fill_table", "items_text", "make_table", "table_rows"]
