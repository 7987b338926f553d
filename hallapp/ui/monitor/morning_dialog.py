"""今日期限提醒: the first time a clerk opens the app on a day, what turns 超期 or 预警
today and on the next working day, with the start-of-day list (晨会清单, A4) to print.

The dialog does not block the window: a row opens its case (Enter or a double click)
while the list stays open; Esc closes it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.deadlines import DayChanges, MonitorRow
from hallapp.services.facade import HallServices
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.monitor.texts import due_text
from hallapp.ui.operations import Executor

WEEKDAYS = "一二三四五六日"
_COLUMNS = ("办件编号", "申请人", "事项", "窗口人员", "承诺期限", "剩余工作日")
_VISIBLE_ROWS = 4  # a longer section scrolls, so all four stay on screen


def reminder_due(services: HallServices, today: date) -> DayChanges | None:
    """Worker side of the start of the day: the changes to show, or None when this user
    has already seen today's, or nothing turns."""
    if not services.first_start_today(today):
        return None
    changes = services.day_changes(today)
    return changes if changes.anything else None


def default_pdf_path(today: date) -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder or Path.home()) / f"晨会清单-{today.isoformat()}.pdf"


def open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def day_title(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


class _CaseList(QTreeWidget):
    """Enter opens the current case here, never the dialog's default button."""

    open_case = Signal(int)

    def __init__(self, rows: tuple[MonitorRow, ...]) -> None:
        super().__init__()
        self.setColumnCount(len(_COLUMNS))
        self.setHeaderLabels([self.tr(c) for c in _COLUMNS])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setStyleSheet("QTreeWidget::item{padding:2px 8px 2px 0;}")
        self.items: list[QTreeWidgetItem] = []
        for r in rows:
            item = QTreeWidgetItem(
                [
                    r.number,
                    r.applicant_name,
                    r.item_name,
                    r.clerk_name,
                    due_text(r.promised_due),
                    str(r.workdays_left),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, r.id)
            item.setToolTip(2, r.item_name)
            item.setTextAlignment(5, Qt.AlignmentFlag.AlignCenter)
            self.addTopLevelItem(item)
            self.items.append(item)
        header = self.header()
        header.setStretchLastSection(False)
        for column in range(len(_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        line = self.sizeHintForRow(0) if rows else self.fontMetrics().height() + 8
        self.setFixedHeight(header.sizeHint().height() + line * min(len(rows), _VISIBLE_ROWS) + 6)
        self.itemDoubleClicked.connect(lambda item, _column: self._open(item))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current is not None:
            self._open(current)
            return
        super().keyPressEvent(event)

    def _open(self, item: QTreeWidgetItem) -> None:
        self.open_case.emit(int(item.data(0, Qt.ItemDataRole.UserRole)))

    def case_ids(self) -> list[int]:
        return [int(item.data(0, Qt.ItemDataRole.UserRole)) for item in self.items]


class MorningDialog(QDialog):
    open_case = Signal(int)

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        changes: DayChanges,
        parent: QWidget | None = None,
        opener: Callable[[Path], None] = open_file,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._executor = executor
        self.changes = changes
        self.opener = opener
        self.setWindowTitle(self.tr("今日期限提醒"))
        self.setModal(False)

        counts = changes.counts
        heading = QLabel(
            f"<b style='font-size:17px'>{day_title(changes.today)}</b>　"
            + self.tr("在办 %1 件：预警 %2 件，超期 %3 件，超法定期限 %4 件，暂停计时 %5 件")
            .replace("%1", str(counts.total))
            .replace("%2", str(counts.warning))
            .replace("%3", str(counts.overdue))
            .replace("%4", str(counts.legal_overdue))
            .replace("%5", str(counts.paused))
        )
        heading.setWordWrap(True)
        self.messages = MessagePanel()
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.messages)

        next_day = f"{changes.next_workday.month}月{changes.next_workday.day}日"
        rest = "" if changes.is_workday else self.tr("（今天休息日，期限不走）")
        self.lists: dict[str, _CaseList] = {}
        for key, title, rows in (
            ("red_today", self.tr("今天转为超期或超法定期限") + rest, changes.red_today),
            ("yellow_today", self.tr("今天进入预警") + rest, changes.yellow_today),
            (
                "red_next",
                self.tr("下一个工作日（%1）转为超期或超法定期限").replace("%1", next_day),
                changes.red_next,
            ),
            (
                "yellow_next",
                self.tr("下一个工作日（%1）进入预警").replace("%1", next_day),
                changes.yellow_next,
            ),
        ):
            layout.addWidget(self._section(key, title, rows))

        layout.addStretch(1)
        self.print_button = QPushButton(self.tr("打印晨会清单…（Ctrl+P）"))
        self.close_button = QPushButton(self.tr("关闭（Esc）"))
        for button in (self.print_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.print_button.clicked.connect(self.choose_and_print)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.choose_and_print)
        first = next(iter(self.lists.values()), None)
        if first is not None:
            first.setCurrentItem(first.items[0])
            first.setFocus()
        else:
            self.print_button.setFocus()
        self.resize(980, self.sizeHint().height())

    def _section(self, key: str, title: str, rows: tuple[MonitorRow, ...]) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 6, 0, 0)
        heading = QLabel(f"<b>{title}</b>　" + self.tr("%1 件").replace("%1", str(len(rows))))
        heading.setStyleSheet("font-size:15px;")
        column.addWidget(heading)
        if rows:
            cases = _CaseList(rows)
            cases.open_case.connect(self.open_case.emit)
            self.lists[key] = cases
            column.addWidget(cases)
        else:
            none = QLabel(self.tr("无"))
            none.setStyleSheet("color:#666; padding-left:12px;")
            column.addWidget(none)
        return box

    # the start-of-day list ---------------------------------------------------------------
    def choose_and_print(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("保存晨会清单"),
            str(default_pdf_path(self.changes.today)),
            self.tr("PDF 文件 (*.pdf)"),
        )
        if name:
            self.print_to(Path(name))

    def print_to(self, path: Path) -> None:
        """Write the list (A4 PDF) to ``path`` in the background, then open it to print."""
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        day = self.changes.today
        self.print_button.setEnabled(False)
        self._executor.submit(
            lambda: self._services.write_morning_list(day, path), self._printed, self._failed
        )

    def _printed(self, path: Path) -> None:
        self.print_button.setEnabled(True)
        self.messages.info(self.tr("晨会清单已保存：") + str(path))
        self.opener(path)

    def _failed(self, exc: BaseException) -> None:
        self.print_button.setEnabled(True)
        self.messages.failure(exc, self.tr("晨会清单未能生成："))
