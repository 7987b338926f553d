"""名册 (supervisor): the agents and the village agent points, with 新增/修改. ID numbers
show masked; stopped agents and points stay listed (greyed by 状态) so they can return."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hallapp.services.agents import AgentView, VillagePointView
from hallapp.services.facade import HallServices
from hallapp.ui.agents.dialogs import AgentDialog, VillagePointDialog
from hallapp.ui.agents.tables import RowsModel, RowsTable
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.pages import key_hint


def _state(active: bool) -> str:
    return "在用" if active else "停用"


class RegistryView(QWidget):
    def __init__(self, services: HallServices, executor: Executor) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._loaded_once = False
        self.dialog: AgentDialog | VillagePointDialog | None = None
        self.messages = MessagePanel()
        self.agents_model: RowsModel[AgentView] = RowsModel(
            ("姓名", "类型", "联系电话", "身份证号", "村代办点", "状态"),
            lambda a: (a.name, a.kind_label, a.phone, a.masked_doc, a.village, _state(a.active)),
        )
        self.points_model: RowsModel[VillagePointView] = RowsModel(
            ("村代办点", "地址", "值班代办员", "开放日", "状态"),
            lambda p: (p.village, p.address, p.agent_on_duty, p.opening_days, _state(p.active)),
        )
        self.agents_table = RowsTable(self.agents_model, self.tr("还没有代办员"))
        self.points_table = RowsTable(self.points_model, self.tr("还没有村代办点"))
        self.new_agent = QPushButton(self.tr("新增代办员(&N)"))
        self.edit_agent = QPushButton(self.tr("修改代办员(&E)"))
        self.new_point = QPushButton(self.tr("新增村代办点(&P)"))
        self.edit_point = QPushButton(self.tr("修改村代办点(&D)"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        for title, table, buttons in (
            (self.tr("代办员(&G)"), self.agents_table, (self.new_agent, self.edit_agent)),
            (self.tr("村代办点(&V)"), self.points_table, (self.new_point, self.edit_point)),
        ):
            row = QHBoxLayout()
            label = QLabel(title)
            label.setStyleSheet("font-weight:bold;")
            label.setBuddy(table)
            row.addWidget(label, 1)
            for button in buttons:
                button.setAutoDefault(False)
                row.addWidget(button)
            layout.addLayout(row)
            layout.addWidget(table, 1)
        hint = key_hint(self.tr("回车或双击修改所选的一行　F5 刷新"))
        layout.addWidget(hint)

        self.new_agent.clicked.connect(lambda: self.open_agent(None))
        self.edit_agent.clicked.connect(self._edit_current_agent)
        self.new_point.clicked.connect(lambda: self.open_point(None))
        self.edit_point.clicked.connect(self._edit_current_point)
        self.agents_table.activated_row.connect(
            lambda row: self.open_agent(self.agents_model.row_at(row))
        )
        self.points_table.activated_row.connect(
            lambda row: self.open_point(self.points_model.row_at(row))
        )
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.agents_table)

    def refresh(self) -> None:
        self._loaded_once = True
        self._executor.submit(
            lambda: (
                self._services.list_agents(include_inactive=True),
                self._services.list_village_points(include_inactive=True),
            ),
            self._loaded,
            lambda exc: self.messages.failure(exc, self.tr("读取名册失败：")),
        )

    def _loaded(self, lists: tuple[list[AgentView], list[VillagePointView]]) -> None:
        agents, points = lists
        self.agents_model.set_rows(agents)
        self.points_model.set_rows(points)

    def _edit_current_agent(self) -> None:
        index = self.agents_table.currentIndex()
        if index.isValid():
            self.open_agent(self.agents_model.row_at(index.row()))

    def _edit_current_point(self) -> None:
        index = self.points_table.currentIndex()
        if index.isValid():
            self.open_point(self.points_model.row_at(index.row()))

    def open_agent(self, agent: AgentView | None) -> AgentDialog:
        points = [p for p in self.points_model.rows() if p.active]
        dialog = AgentDialog(self._services, self._executor, points, agent, self)
        self._show(dialog)
        return dialog

    def open_point(self, point: VillagePointView | None) -> VillagePointDialog:
        agents = [a for a in self.agents_model.rows() if a.active]
        dialog = VillagePointDialog(self._services, self._executor, agents, point, self)
        self._show(dialog)
        return dialog

    def _show(self, dialog: AgentDialog | VillagePointDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self, view: AgentView | VillagePointView) -> None:
        name = view.name if isinstance(view, AgentView) else view.village
        self.messages.info(self.tr("已保存：") + name)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()
