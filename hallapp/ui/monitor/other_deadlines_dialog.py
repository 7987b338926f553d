"""The lists behind the monitor's 其他期限 button: 转报待复, 材料滞留, 回访整改 and 效能投诉.

Enter or a double click on a row opens its case; on a complaint, the complaint in the
效能投诉 tab. A list with nothing in it says 无 in one line, so the others have the room.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.ui.list_tables import set_up_list_table
from hallapp.ui.monitor.other_deadlines import OVERDUE, WARNING, OtherDeadlines
from hallapp.ui.pages import key_hint
from hallapp.ui.supervision.texts import due_text, level_text

_OVERDUE = QColor("#b71c1c")
_WARNING = QColor("#7a5200")  # the 预警 button's


def _colour(level: str) -> QColor | None:
    return {OVERDUE: _OVERDUE, WARNING: _WARNING}.get(level)


def _table(
    headers: tuple[str, ...], rows: list[tuple[str, ...]], colours: list[QColor | None]
) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    set_up_list_table(table)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if (colour := colours[r]) is not None:
                item.setForeground(colour)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    return table


class OtherDeadlinesDialog(QDialog):
    open_case = Signal(int)
    open_complaint = Signal(int)

    def __init__(self, deadlines: OtherDeadlines, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("其他期限：转报待复、材料滞留、回访整改、效能投诉"))
        self.resize(1000, 720)
        forwards, held = deadlines.forwards, deadlines.held
        follow_ups, complaints = deadlines.follow_ups, deadlines.complaints
        self.forwards = _table(
            ("办件编号", "申请人", "事项", "转报部门", "送出", "应复日期", "剩余工作日"),
            [
                (
                    f.case_number,
                    f.applicant_name,
                    f.item_name,
                    f.department,
                    f.sent_on.isoformat(),
                    f.expected_reply_on.isoformat(),
                    str(f.workdays_left),
                )
                for f in forwards
            ],
            [_OVERDUE if f.overdue else None for f in forwards],
        )
        self.held = _table(
            ("办件编号", "申请人", "材料", "保管方", "交接时间", "已保管工作日"),
            [
                (
                    h.number,
                    h.applicant_name,
                    h.material,
                    h.holder.label,
                    h.since.strftime("%Y-%m-%d %H:%M"),
                    str(h.days_held),
                )
                for h in held
            ],
            [_OVERDUE] * len(held),
        )
        self.follow_ups = _table(
            ("办件编号", "评价", "评价意见", "整改期限", "级别", "承办人"),
            [
                (
                    f.case_number,
                    f.rating.label,
                    f.comment,
                    due_text(f.due_on, f.due_provisional),
                    level_text(f.level, f.days_left),
                    f.handler_name,
                )
                for f in follow_ups
            ],
            [_colour(f.level) for f in follow_ups],
        )
        self.complaints = _table(
            ("投诉编号", "投诉对象", "收到", "办理期限", "级别", "承办人"),
            [
                (
                    c.number,
                    f"{c.subject_kind.label}：{c.subject_label}",
                    c.received_at.date().isoformat(),
                    due_text(c.due_on, c.due_provisional),
                    level_text(c.level, c.days_left),
                    c.handler_name,
                )
                for c in complaints
            ],
            [_colour(c.level) for c in complaints],
        )
        # What a row opens: (signal, ids) per table.
        self._targets: dict[QTableWidget, tuple[SignalInstance, list[int]]] = {
            self.forwards: (self.open_case, [f.case_id for f in forwards]),
            self.held: (self.open_case, [h.case_id for h in held]),
            self.follow_ups: (self.open_case, [f.case_id for f in follow_ups]),
            self.complaints: (self.open_complaint, [c.id for c in complaints]),
        }
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for title, table in (
            (self.tr("转报待复（按应复日期，逾期标红）"), self.forwards),
            (self.tr("材料滞留（超过本中心规定的保管工作日）"), self.held),
            (self.tr("回访整改（预警和超期，超期标红）"), self.follow_ups),
            (self.tr("效能投诉（预警和超期，超期标红）"), self.complaints),
        ):
            heading = QLabel(title)
            heading.setStyleSheet("font-weight:bold;")
            layout.addWidget(heading)
            if table.rowCount() == 0:
                layout.addWidget(QLabel(self.tr("　无")))
                table.hide()
            layout.addWidget(table, 1)
            table.cellDoubleClicked.connect(lambda row, _col, t=table: self._open(t, row))
        hint = key_hint(self.tr("回车或双击打开办件；效能投诉在“统计 → 效能投诉”中打开"))
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def tables(self) -> list[QTableWidget]:
        return list(self._targets)

    def _open(self, table: QTableWidget, row: int) -> None:
        signal, ids = self._targets[table]
        if 0 <= row < len(ids):
            signal.emit(ids[row])
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            for table in self._targets:
                if table.hasFocus() and table.currentRow() >= 0:
                    self._open(table, table.currentRow())
                    return
        super().keyPressEvent(event)
