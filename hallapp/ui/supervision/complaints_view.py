"""效能投诉: the complaints (state and received-day filters, levels in the monitor's
colours), 登记投诉, and the selected complaint with its handling steps and 打印.

Keys: Alt+N 登记投诉 · the list has the focus; Enter goes to the step the complaint waits
for · Alt+H/F/R/E/C the steps · Alt+P 打印 · Alt+U/B/T the filters · F5 reads again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hallapp.services.complaints import ComplaintView
from hallapp.services.facade import HallServices
from hallapp.ui.agents.tables import RowsTable
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.pages import count_and_hint
from hallapp.ui.printing import PrinterSource, PrintOutcome, PrintSettings
from hallapp.ui.printing.jobs import AskFile, ask_save_path
from hallapp.ui.roles import needs
from hallapp.ui.supervision.complaint_detail import ComplaintDetail
from hallapp.ui.supervision.complaint_filters import ComplaintFilters
from hallapp.ui.supervision.complaint_form import ComplaintDialog, SubjectChoices, load_choices
from hallapp.ui.supervision.complaint_printing import ComplaintPrinting
from hallapp.ui.supervision.complaint_steps import PRINT, REGISTER, Step
from hallapp.ui.supervision.step_runner import StepRunner
from hallapp.ui.supervision.tables import LevelRowsModel
from hallapp.ui.supervision.texts import due_text, level_text
from hallapp.ui.supervision.today import today_of

LIMIT = 200
HEADERS = ("编号", "收到日期", "渠道", "投诉对象", "状态", "办理期限", "级别", "承办人")
LEVEL_COLUMN = HEADERS.index("级别")


def _cells(c: ComplaintView) -> tuple[str, ...]:
    return (
        c.number,
        c.received_at.date().isoformat(),
        c.channel.label,
        f"{c.subject_kind.label}：{c.subject_label}",
        c.state.label,
        due_text(c.due_on, c.due_provisional),
        level_text(c.level, c.days_left),
        c.handler_name,
    )


class ComplaintsView(QWidget):
    changed = Signal()  # a complaint was registered or moved on: deadline figures change

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        today: Callable[[], date] | date = date.today,
        print_settings: PrintSettings | None = None,
        printers: PrinterSource | None = None,
        ask_file: AskFile = ask_save_path,
    ) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._today = today_of(today)
        self._loaded_once = False
        self._select_after: int | None = None
        self.dialog: ComplaintDialog | None = None
        self.printing = ComplaintPrinting(services, executor, print_settings, printers, ask_file)
        self.may_register = services.actor.has_any(*REGISTER)
        self.may_print = services.actor.has_any(*PRINT)

        self.messages = MessagePanel()
        title = QLabel(self.tr("效能投诉"))
        title.setStyleSheet("font-size:17px; font-weight:bold;")
        self.filters = ComplaintFilters(self._today())
        self.new_button = QPushButton(self.tr("登记投诉(&N)…"))
        self.print_button = QPushButton(self.tr("打印(&P)…"))
        self.refresh_button = QPushButton(self.tr("刷新(F5)"))
        if not self.may_register:
            self.new_button.setEnabled(False)
            self.new_button.setToolTip(needs(self.tr("登记效能投诉"), REGISTER))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.filters)
        top.addStretch(1)
        for button in (self.new_button, self.print_button, self.refresh_button):
            button.setAutoDefault(False)
            top.addWidget(button)

        self.model: LevelRowsModel[ComplaintView] = LevelRowsModel(
            HEADERS,
            _cells,
            level=lambda c: c.level,
            level_column=LEVEL_COLUMN,
            provisional=lambda c: c.due_provisional,
        )
        self.table = RowsTable(self.model, self.tr("没有符合条件的投诉"))
        self.detail = ComplaintDetail(services.actor)
        self.steps = StepRunner(services, executor, self._today, self, self.messages)
        self.count_label = QLabel()
        bottom = count_and_hint(
            self.count_label, self.tr("Alt+N 登记投诉　回车到下一步办理按钮　Alt+P 打印　F5 刷新")
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.messages)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(bottom)

        self.filters.changed.connect(self.refresh)
        self.new_button.clicked.connect(self.new_complaint)
        self.print_button.clicked.connect(self.print_complaint)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection())
        self.model.modelReset.connect(self._selection)
        self.table.activated_row.connect(lambda _row: self._to_next_step())
        self.detail.step_requested.connect(lambda step: self.steps.start(Step(step)))
        self.steps.done.connect(self._moved_on)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.table)
        self._selection()

    # the list ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._loaded_once = True
        state, start, end = self.filters.values()
        today, services = self._today(), self._services
        if self._select_after is None and (chosen := self.selected()) is not None:
            self._select_after = chosen.id
        self._executor.submit(
            lambda: services.list_complaints(today, state, start, end, LIMIT),
            self._loaded,
            lambda exc: self.messages.failure(exc, self.tr("读取投诉失败：")),
        )

    def _loaded(self, rows: list[ComplaintView]) -> None:
        wanted, self._select_after = self._select_after, None
        self.model.set_rows(rows)
        for number, row in enumerate(rows):
            if row.id == wanted:
                self.table.selectRow(number)
        shown = len(rows)
        if shown >= LIMIT:
            text = self.tr("只列出最近的 %1 件").replace("%1", str(shown))
        else:
            text = self.tr("共 %1 件").replace("%1", str(shown)) if shown else ""
        self.count_label.setText(text)

    def selected(self) -> ComplaintView | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().hasSelection():
            return None
        return self.model.row_at(index.row())

    def _selection(self) -> None:
        chosen = self.selected()
        self.detail.show_complaint(chosen)
        self.steps.complaint = chosen
        if not self.may_print:
            why = needs(self.tr("打印效能投诉登记处理单"), PRINT)
        elif chosen is None:
            why = self.tr("请先在列表中选择一件投诉")
        else:
            why = ""
        self.print_button.setEnabled(not why)
        self.print_button.setToolTip(why or self.tr("预览并打印效能投诉登记处理单"))

    def show_complaint(self, complaint_id: int) -> None:
        """Select ``complaint_id`` (from the deadline monitor), whatever the filters were."""
        self._select_after = complaint_id
        self.filters.set_values(None, None, None)

    def _to_next_step(self) -> None:
        button = self.detail.first_open_step()
        if button is not None:
            button.setFocus()

    # writing -----------------------------------------------------------------------------
    def new_complaint(self) -> None:
        """登记投诉: the subject pickers are read first, then the dialog opens."""
        if not self.may_register:
            self.messages.info(self.new_button.toolTip())
            return
        self.messages.hide()
        services = self._services
        self._executor.submit(
            lambda: load_choices(services),
            self._open_form,
            lambda exc: self.messages.failure(exc, self.tr("读取工作人员名单失败：")),
        )

    def _open_form(self, choices: SubjectChoices) -> None:
        dialog = ComplaintDialog(self._services, self._executor, choices, self)
        dialog.registered.connect(self._registered)
        self.dialog = dialog
        dialog.open()

    def _registered(self, complaint: ComplaintView) -> None:
        self._moved_on(
            complaint,
            self.tr("投诉已登记：%1，办理期限 %2")
            .replace("%1", complaint.number)
            .replace("%2", due_text(complaint.due_on, complaint.due_provisional)),
        )

    def _moved_on(self, complaint: ComplaintView, said: str) -> None:
        self.messages.info(said)
        self.detail.show_complaint(complaint)
        self._select_after = complaint.id
        self.changed.emit()
        self.refresh()

    # printing ----------------------------------------------------------------------------
    def print_complaint(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.may_print:
            self.messages.info(self.print_button.toolTip())
            return
        self.messages.hide()
        self.printing.preview_complaint(
            chosen,
            self,
            self._printed,
            lambda exc: self.messages.failure(exc, self.tr("投诉登记处理单未能生成：")),
        )

    def _printed(self, outcome: PrintOutcome) -> None:
        if outcome.printed:
            self.messages.info(outcome.text)
        elif outcome.problem:
            self.messages.error(outcome.problem)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()
