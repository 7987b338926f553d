"""新增/修改 dialogs of the registry. The service checks every field; its Chinese problems
show in the dialog, which stays open until the save succeeds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.agents import (
    AgentForm,
    AgentKind,
    AgentView,
    VillagePointForm,
    VillagePointView,
)
from hallapp.services.facade import HallServices
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor


class _SaveDialog(QDialog):
    saved = Signal(object)

    def __init__(
        self, services: HallServices, executor: Executor, title: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._executor = executor
        self.setWindowTitle(title)
        self.messages = MessagePanel()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存(&S)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    @property
    def save_button(self) -> Any:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def _submit(self, work: Callable[[], Any]) -> None:
        self.messages.hide()
        self._executor.submit(work, self._done, self.messages.failure)

    def _done(self, value: object) -> None:
        self.saved.emit(value)
        self.accept()

    def save(self) -> None:
        raise NotImplementedError


class AgentDialog(_SaveDialog):
    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        points: list[VillagePointView],
        agent: AgentView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("新增代办员") if agent is None else self.tr("修改代办员")
        super().__init__(services, executor, title, parent)
        self._agent = agent
        self.name = QLineEdit(agent.name if agent else "")
        self.phone = QLineEdit(agent.phone if agent else "")
        self.kind = QComboBox()
        for kind in AgentKind:
            self.kind.addItem(kind.label, kind.value)
        self.doc = QLineEdit()
        self.doc.setPlaceholderText(
            self.tr("可不填")
            if agent is None or not agent.masked_doc
            else self.tr("已登记 %1，修改时须重新填写完整号码").replace("%1", agent.masked_doc)
        )
        self.point = QComboBox()
        self.point.addItem(self.tr("（无）"), None)
        for p in points:
            self.point.addItem(p.village, p.id)
        self.active = QCheckBox(self.tr("在用(&U)"))
        self.active.setChecked(agent.active if agent else True)
        if agent is not None:
            self.kind.setCurrentIndex(self.kind.findData(agent.kind.value))
            self.point.setCurrentIndex(max(0, self.point.findData(agent.village_point_id)))
        for label, field in (
            (self.tr("姓名(&N)"), self.name),
            (self.tr("联系电话(&P)"), self.phone),
            (self.tr("类型(&K)"), self.kind),
            (self.tr("身份证号(&I)"), self.doc),
            (self.tr("所在村代办点(&V)"), self.point),
        ):
            self.form.addRow(label, field)
        self.form.addRow(QLabel(), self.active)

    def value(self) -> AgentForm:
        point = self.point.currentData()
        agent = self._agent
        return AgentForm(
            name=self.name.text(),
            phone=self.phone.text(),
            kind=AgentKind(self.kind.currentData()),
            doc_number=self.doc.text(),
            village_point_id=int(point) if point is not None else None,
            # The login link is kept as it is: it is made when the agent's account is set up.
            staff_id=agent.staff_id if agent else None,
            active=self.active.isChecked(),
            id=agent.id if agent else None,
        )

    def save(self) -> None:
        form = self.value()
        self._submit(lambda: self._services.save_agent(form))


class VillagePointDialog(_SaveDialog):
    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        agents: list[AgentView],
        point: VillagePointView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("新增村代办点") if point is None else self.tr("修改村代办点")
        super().__init__(services, executor, title, parent)
        self._point = point
        self.village = QLineEdit(point.village if point else "")
        self.address = QLineEdit(point.address if point else "")
        self.on_duty = QComboBox()
        self.on_duty.addItem(self.tr("（暂无）"), None)
        for a in agents:
            if a.kind is AgentKind.VILLAGE:
                self.on_duty.addItem(a.name, a.id)
        self.opening_days = QLineEdit(point.opening_days if point else "")
        self.opening_days.setPlaceholderText(self.tr("例如：周一、周四"))
        self.active = QCheckBox(self.tr("在用(&U)"))
        self.active.setChecked(point.active if point else True)
        if point is not None:
            self.on_duty.setCurrentIndex(max(0, self.on_duty.findData(point.agent_on_duty_id)))
        for label, field in (
            (self.tr("村名(&V)"), self.village),
            (self.tr("地址(&D)"), self.address),
            (self.tr("值班代办员(&A)"), self.on_duty),
            (self.tr("开放日(&O)"), self.opening_days),
        ):
            self.form.addRow(label, field)
        self.form.addRow(QLabel(), self.active)

    def value(self) -> VillagePointForm:
        agent = self.on_duty.currentData()
        return VillagePointForm(
            village=self.village.text(),
            address=self.address.text(),
            agent_on_duty_id=int(agent) if agent is not None else None,
            opening_days=self.opening_days.text(),
            active=self.active.isChecked(),
            id=self._point.id if self._point else None,
        )

    def save(self) -> None:
        form = self.value()
        self._submit(lambda: self._services.save_village_point(form))
