"""代办 area: an agent sees their workbench; the supervisor also the load table and the
registry, in tabs (Ctrl+Tab moves between them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget

from hallapp.services.facade import HallServices
from hallapp.ui.agents.loads_view import LoadsView
from hallapp.ui.agents.registry_view import RegistryView
from hallapp.ui.agents.workbench_view import WorkbenchView
from hallapp.ui.operations import Executor


class AgentsArea(QTabWidget):
    open_case = Signal(int)

    def __init__(
        self, services: HallServices, executor: Executor, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__()
        self.workbench = WorkbenchView(services, executor, today)
        self.workbench.open_case.connect(self.open_case)
        self.addTab(self.workbench, self.tr("代办员工作台"))
        self.loads: LoadsView | None = None
        self.registry: RegistryView | None = None
        if self.workbench.supervising:
            self.loads = LoadsView(services, executor, today)
            self.registry = RegistryView(services, executor)
            self.loads.open_agent.connect(self._show_agent)
            self.addTab(self.loads, self.tr("代办工作量"))
            self.addTab(self.registry, self.tr("代办员和村代办点"))
        self.setFocusProxy(self.workbench)

    def _show_agent(self, agent_id: int) -> None:
        self.setCurrentWidget(self.workbench)
        self.workbench.choose_agent(agent_id)
        self.workbench.setFocus()
