"""The monitor's other deadlines: forwards waiting for a county department's reply (转报待复)
and materials held longer than the hall allows (材料滞留), each a list that opens its case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.custody import HeldMaterial
from hallapp.services.facade import HallServices
from hallapp.services.forward_queries import PendingForward
from hallapp.ui.list_tables import set_up_list_table
from hallapp.ui.operations import Executor

LIMIT = 200
_OVERDUE = QColor("#b71c1c")


@dataclass(frozen=True)
class OtherDeadlines:
    forwards: list[PendingForward]
    held: list[HeldMaterial]

    @property
    def overdue_forwards(self) -> int:
        return sum(f.overdue for f in self.forwards)

    def _counts(self) -> tuple[str, str]:
        def count(n: int) -> str:
            return f"{n}+" if n >= LIMIT else str(n)

        return count(len(self.forwards)), count(len(self.held))

    def summary(self) -> str:
        """Short, for the monitor's narrow button column."""
        pending, held = self._counts()
        return f"转报{pending} 滞留{held}…"

    def explanation(self) -> str:
        pending, held = self._counts()
        text = f"转报县级部门待答复 {pending} 件"
        if self.overdue_forwards:
            text += f"，其中逾期 {self.overdue_forwards} 件"
        return text + f"；材料保管超过规定工作日 {held} 份。点击查看。"

    @property
    def alarming(self) -> bool:
        return bool(self.overdue_forwards or self.held)


def load_other_deadlines(services: HallServices, today: date) -> OtherDeadlines:
    """Runs on the worker: two indexed reads."""
    return OtherDeadlines(
        services.pending_forwards(today, LIMIT), services.held_too_long(today, LIMIT)
    )


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]], late: list[bool]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    set_up_list_table(table)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if late[r]:
                item.setForeground(_OVERDUE)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    return table


class OtherDeadlinesDialog(QDialog):
    """Two lists; Enter or a double click on a row opens its case."""

    open_case = Signal(int)

    def __init__(self, deadlines: OtherDeadlines, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("转报待复与材料滞留"))
        self.resize(980, 620)
        forwards = deadlines.forwards
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
            [f.overdue for f in forwards],
        )
        held = deadlines.held
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
            [True] * len(held),
        )
        self._case_ids: dict[QTableWidget, list[int]] = {
            self.forwards: [f.case_id for f in forwards],
            self.held: [h.case_id for h in held],
        }
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for title, table in (
            (self.tr("转报待复（按应复日期，逾期标红）"), self.forwards),
            (self.tr("材料滞留（超过本中心规定的保管工作日）"), self.held),
        ):
            layout.addWidget(QLabel(title))
            if table.rowCount() == 0:
                layout.addWidget(QLabel(self.tr("　无")))
            layout.addWidget(table, 1)
            table.cellDoubleClicked.connect(lambda row, _col, t=table: self._open(t, row))
        layout.addWidget(buttons)

    def _open(self, table: QTableWidget, row: int) -> None:
        ids = self._case_ids[table]
        if 0 <= row < len(ids):
            self.open_case.emit(ids[row])
            self.accept()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            for table in (self.forwards, self.held):
                if table.hasFocus() and table.currentRow() >= 0:
                    self._open(table, table.currentRow())
                    return
        super().keyPressEvent(event)


def submit_load(
    executor: Executor,
    services: HallServices,
    today: date,
    done: Callable[[OtherDeadlines], None],
    failed: Callable[[BaseException], None],
) -> None:
    executor.submit(lambda: load_other_deadlines(services, today), done, failed)
