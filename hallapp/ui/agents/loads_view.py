"""工作量 (supervisor): per agent and per village point, the open cases, of which 预警 and
超期, the materials held and those held too long. Enter on an agent's line opens that
agent's workbench."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from hallapp.services.facade import HallServices
from hallapp.services.workbench import AgentLoad, LoadScope
from hallapp.ui.agents.tables import RowsModel, RowsTable
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.pages import key_hint


class LoadsView(QWidget):
    open_agent = Signal(int)

    def __init__(
        self, services: HallServices, executor: Executor, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._today = today
        self._loaded_once = False
        self.messages = MessagePanel()
        self.model: RowsModel[AgentLoad] = RowsModel(
            ("", "名称", "类型／值班代办员", "在办件", "预警", "超期", "保管材料", "保管超期"),
            lambda x: (
                x.scope.label,
                x.name,
                x.detail,
                str(x.open_cases),
                str(x.warning),
                str(x.overdue),
                str(x.materials_held),
                str(x.held_too_long),
            ),
            flag=lambda x: x.overdue > 0 or x.held_too_long > 0,
        )
        self.table = RowsTable(self.model, self.tr("还没有代办员和村代办点"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(self.table, 1)
        hint = key_hint(self.tr("超期或保管超期的一行标红　回车打开该代办员的工作台　F5 刷新"))
        layout.addWidget(hint)
        self.table.activated_row.connect(self._activated)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.table)

    def refresh(self) -> None:
        self._loaded_once = True
        today = self._today()
        self._executor.submit(
            lambda: self._services.agent_loads(today),
            self.model.set_rows,
            lambda exc: self.messages.failure(exc, self.tr("读取工作量失败：")),
        )

    def _activated(self, row: int) -> None:
        load = self.model.row_at(row)
        if load.scope is LoadScope.AGENT:
            self.open_agent.emit(load.id)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()
