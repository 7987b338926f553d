"""代办员工作台: my open cases (least time left first) with their next step, the materials
I hold, what waits for me, and the run sheet (出行单) for a trip to the county.

Keys: Alt+M / Alt+H / Alt+W go to the three lists · Enter or a double click opens the
case of the row · Ctrl+P prints the run sheet · F5 reads again · Alt+A (supervisor)
chooses the agent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.workdays import DueDate
from hallapp.services.actors import Role
from hallapp.services.agents import AgentView
from hallapp.services.custody import HeldMaterial
from hallapp.services.facade import HallServices
from hallapp.services.workbench import Workbench, WorkbenchCase
from hallapp.ui.agents.tables import RowsModel, RowsTable
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.pages import key_hint
from hallapp.ui.roles import needs


def due_text(due: DueDate) -> str:
    return due.day.isoformat() + ("（暂定）" if due.provisional else "")


def run_sheet_name(today: date) -> str:
    return f"出行单-{today.isoformat()}.pdf"


class WorkbenchView(QWidget):
    open_case = Signal(int)

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._today = today
        self._loaded_once = False
        self.bench: Workbench | None = None
        self.supervising = services.actor.has_any(Role.SUPERVISOR, Role.ADMIN)
        # The service refuses anyone else (and records the refusal): don't ask it at all.
        self.allowed = self.supervising or services.actor.has_any(Role.AGENT)

        self.messages = MessagePanel()
        self.title = QLabel(self.tr("代办员工作台"))
        self.title.setStyleSheet("font-size:17px; font-weight:bold;")
        self.agent_chooser = QComboBox()
        self.agent_chooser.setMinimumWidth(180)
        chooser_label = QLabel(self.tr("查看代办员(&A)"))
        chooser_label.setBuddy(self.agent_chooser)
        self.print_button = QPushButton(self.tr("打印出行单(Ctrl+P)"))
        self.refresh_button = QPushButton(self.tr("刷新(F5)"))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        if self.supervising:
            top.addWidget(chooser_label)
            top.addWidget(self.agent_chooser)
        else:
            chooser_label.hide()
            self.agent_chooser.hide()
        for button in (self.print_button, self.refresh_button):
            button.setAutoDefault(False)
            top.addWidget(button)
        if not self.allowed:
            self.print_button.setEnabled(False)
            self.print_button.setToolTip(
                needs(self.tr("打印出行单"), (Role.AGENT, Role.SUPERVISOR, Role.ADMIN))
            )

        self.cases_model: RowsModel[WorkbenchCase] = RowsModel(
            ("办件编号", "申请人（证件号已遮蔽）", "事项", "下一步", "承诺期限", "剩余工作日"),
            lambda c: (
                c.row.number,
                f"{c.row.applicant_name} {c.row.masked_doc}",
                c.row.item_name,
                c.next_step,
                due_text(c.promised_due),
                str(c.workdays_left),
            ),
            flag=lambda c: c.workdays_left < 0,
            tooltip=lambda c: f"{c.row.state.label}　{c.row.bucket.label}",
        )
        self.held_model: RowsModel[HeldMaterial] = RowsModel(
            ("办件编号", "材料", "保管起始", "已保管工作日"),
            lambda h: (
                _short(h.number),
                h.material,
                f"{h.since:%Y-%m-%d %H:%M}",
                self._days_text(h),
            ),
            flag=self._flagged,
        )
        self.waiting_model: RowsModel[HeldMaterial] = RowsModel(
            ("办件编号", "材料", "现在由谁保管", "自"),
            lambda h: (_short(h.number), h.material, h.holder.label, f"{h.since:%Y-%m-%d}"),
        )
        self.cases_table = RowsTable(self.cases_model, self.tr("没有在办的代办件"))
        self.held_table = RowsTable(self.held_model, self.tr("现在没有保管材料"))
        self.waiting_table = RowsTable(self.waiting_model, self.tr("没有待接收的材料"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.messages)
        self.cases_label = self._heading(self.tr("我的办件(&M)"), self.cases_table)
        layout.addWidget(self.cases_label)
        layout.addWidget(self.cases_table, 3)
        lower = QHBoxLayout()
        for text, table in (
            (self.tr("我保管的材料(&H)"), self.held_table),
            (self.tr("待我接收/交接(&W)"), self.waiting_table),
        ):
            column = QVBoxLayout()
            column.addWidget(self._heading(text, table))
            column.addWidget(table)
            lower.addLayout(column, 1)
        layout.addLayout(lower, 2)
        hint = key_hint(
            self.tr("回车或双击打开办件　Alt+M/H/W 切换列表　Ctrl+P 打印出行单　F5 刷新")
        )
        layout.addWidget(hint)

        self.print_button.clicked.connect(lambda: self.print_run_sheet())
        self.refresh_button.clicked.connect(self.refresh)
        self.agent_chooser.activated.connect(lambda _i: self.refresh())
        for table, model in (
            (self.cases_table, self.cases_model),
            (self.held_table, self.held_model),
            (self.waiting_table, self.waiting_model),
        ):
            table.activated_row.connect(lambda row, m=model: self._open_row(m, row))
        for keys, slot in (
            (QKeySequence.StandardKey.Print, lambda: self.print_run_sheet()),
            (QKeySequence(Qt.Key.Key_F5), self.refresh),
        ):
            shortcut = QShortcut(keys, self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.cases_table)

    def _heading(self, text: str, table: QWidget) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet("font-weight:bold;")
        label.setBuddy(table)
        return label

    def _flagged(self, held: HeldMaterial) -> bool:
        return self.bench is not None and self.bench.flagged(held)

    def _days_text(self, held: HeldMaterial) -> str:
        return f"{held.days_held}（超期）" if self._flagged(held) else str(held.days_held)

    # loading -------------------------------------------------------------------------------
    def agent_id(self) -> int | None:
        """The agent looked at: the chosen one for a supervisor, None (one's own) else."""
        if not self.supervising:
            return None
        value = self.agent_chooser.currentData()
        return int(value) if value is not None else None

    def refresh(self) -> None:
        self._loaded_once = True
        self.messages.hide()
        if not self.allowed:
            self.messages.info(self.tr("代办员工作台供代办员和中心负责人使用"))
            return
        if self.supervising and self.agent_chooser.count() == 0:
            self._executor.submit(self._services.list_agents, self._agents_loaded, self._failed)
            return
        agent_id, today = self.agent_id(), self._today()
        self._executor.submit(
            lambda: self._services.agent_workbench(agent_id, today), self._loaded, self._failed
        )

    def _agents_loaded(self, agents: list[AgentView]) -> None:
        for agent in agents:
            self.agent_chooser.addItem(f"{agent.name}（{agent.kind_label}）", agent.id)
        if agents:
            self.refresh()
        else:
            self.messages.info(self.tr("代办员名册是空的：请先在“名册”中新增代办员"))

    def choose_agent(self, agent_id: int) -> None:
        index = self.agent_chooser.findData(agent_id)
        if index >= 0:
            self.agent_chooser.setCurrentIndex(index)
            self.refresh()

    def _loaded(self, bench: Workbench) -> None:
        self.bench = bench
        agent = bench.agent
        self.title.setText(
            self.tr("代办员工作台：%1（%2）")
            .replace("%1", agent.name)
            .replace("%2", agent.kind_label)
        )
        more = self.tr("，只列出剩余时间最少的 %1 件").replace("%1", str(len(bench.cases)))
        self.cases_label.setText(
            self.tr("我的办件(&M)　%1 件").replace("%1", str(len(bench.cases)))
            + (more if bench.more_cases else "")
        )
        self.cases_model.set_rows(bench.cases)
        self.held_model.set_rows(bench.held)
        self.waiting_model.set_rows(bench.waiting)
        self.print_button.setToolTip(
            self.tr("送县级部门的办件 %1 件").replace("%1", str(len(bench.run_sheet)))
        )

    def _failed(self, exc: BaseException) -> None:
        self.messages.failure(exc, self.tr("读取工作台失败："))

    def _open_row(
        self, model: RowsModel[WorkbenchCase] | RowsModel[HeldMaterial], row: int
    ) -> None:
        item = model.row_at(row)
        self.open_case.emit(item.case_id)

    # the run sheet -------------------------------------------------------------------------
    def print_run_sheet(self, path: Path | None = None) -> None:
        """出行单 as a PDF: asks where to save it unless ``path`` is given."""
        if not self.allowed:  # Ctrl+P still reaches here: say why nothing happens
            self.messages.info(self.print_button.toolTip())
            return
        today = self._today()
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("保存出行单"), run_sheet_name(today), self.tr("PDF 文件 (*.pdf)")
            )
            if not chosen:
                return
            path = Path(chosen)
        agent_id, target = self.agent_id(), path
        self._executor.submit(
            lambda: self._services.write_run_sheet(agent_id, today, target),
            lambda saved: self.messages.info(self.tr("出行单已保存：") + str(saved)),
            lambda exc: self.messages.failure(exc, self.tr("打印出行单失败：")),
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()


def _short(number: str) -> str:
    """The half tables show the number without the hall's own code (the 12 digits every
    case of the hall starts with), so the material and its holder fit beside it."""
    head, _, rest = number.partition("-")
    return rest if head.isdigit() and len(head) == 12 and rest else number
