"""设为代办件… (the agent, where the case came from, the scope of the authorisation) and
更换代办员… (the new agent and the reason, which is required)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.agents import AgentServiceForm, AgentView, Origin, VillagePointView
from hallapp.ui.register.reason_dialog import dialog_buttons, hint_label, show_problem


def _agent_combo(agents: Sequence[AgentView], leave_out: int | None = None) -> QComboBox:
    combo = QComboBox()
    for a in agents:
        if a.id != leave_out:
            where = f"，{a.village}" if a.village else ""
            combo.addItem(f"{a.name}（{a.kind_label}{where}）", a.id)
    combo.setCurrentIndex(-1)  # chosen on purpose, never by default
    return combo


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class AgentServiceDialog(QDialog):
    confirmed = Signal(object)  # AgentServiceForm

    def __init__(
        self,
        case_number: str,
        agents: Sequence[AgentView],
        points: Sequence[VillagePointView],
        received_on: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("设为代办件 — 办件 %1").replace("%1", case_number))
        intro = QLabel(self.tr("须有申请人签字的代办委托书；委托事项按委托书填写。"))
        intro.setWordWrap(True)
        self.agent = _agent_combo(agents)
        self.origins = QButtonGroup(self)
        self.window_button = QRadioButton(self.tr("窗口收件(&W)"))
        self.village_button = QRadioButton(self.tr("村代办点收件(&V)"))
        for button in (self.window_button, self.village_button):
            self.origins.addButton(button)
        self.point = QComboBox()
        for p in points:
            duty = f"（代办员：{p.agent_on_duty}）" if p.agent_on_duty else ""
            self.point.addItem(p.village + duty, p.id)
        self.point.setCurrentIndex(-1)
        self.village_date = QDateEdit(_qdate(received_on))
        self.village_date.setCalendarPopup(True)
        self.village_date.setDisplayFormat("yyyy-MM-dd")
        self.village_date.setMaximumDate(_qdate(received_on))
        self.scope = QLineEdit()
        self.scope.setMaxLength(500)
        self.scope.setMinimumWidth(420)
        self.hint = hint_label()
        buttons, self.ok_button = dialog_buttons(self, self.tr("登记代办"))
        form = QFormLayout()
        rows: list[tuple[str, QWidget]] = [
            ("代办员(&G)：", self.agent),
            ("村代办点(&P)：", self.point),
            ("村代办员收件日期(&D)：", self.village_date),
            ("委托事项和权限(&S)：", self.scope),
        ]
        self.labels: dict[QWidget, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.window_button)
        layout.addWidget(self.village_button)
        for text, widget in rows:
            label = QLabel(self.tr(text))
            label.setBuddy(widget)
            self.labels[widget] = label
            form.addRow(label, widget)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.window_button.setChecked(True)
        self.origins.buttonToggled.connect(lambda _b, _on: self._origin_changed())
        self.agent.currentIndexChanged.connect(lambda _i: self.hint.hide())
        self.point.currentIndexChanged.connect(lambda _i: self.hint.hide())
        self.scope.textChanged.connect(lambda _t: self.hint.hide())
        self._origin_changed()
        self.agent.setFocus()

    @property
    def origin(self) -> Origin:
        return Origin.VILLAGE if self.village_button.isChecked() else Origin.WINDOW

    def village_day(self) -> date:
        day = self.village_date.date()
        return date(day.year(), day.month(), day.day())

    def _origin_changed(self) -> None:
        village = self.origin is Origin.VILLAGE
        for widget in (self.point, self.village_date):
            widget.setEnabled(village)
            self.labels[widget].setEnabled(village)
        self.hint.hide()

    def _problem(self) -> tuple[str, QWidget | None]:
        if self.agent.currentIndex() < 0:
            return self.tr("请选择代办员"), self.agent
        if self.origin is Origin.VILLAGE and self.point.currentIndex() < 0:
            return self.tr("村代办点收件须选定代办点"), self.point
        if not self.scope.text().strip():
            return self.tr("须写明委托事项和权限（以代办委托书为准）"), self.scope
        return "", None

    def accept(self) -> None:
        if show_problem(self.hint, self._problem()):
            return
        village = self.origin is Origin.VILLAGE
        form = AgentServiceForm(
            agent_id=int(self.agent.currentData()),
            scope=self.scope.text().strip(),
            origin=self.origin,
            village_point_id=int(self.point.currentData()) if village else None,
            village_received_on=self.village_day() if village else None,
        )
        super().accept()
        self.confirmed.emit(form)


class ReassignDialog(QDialog):
    confirmed = Signal(int, str)  # agent id, reason

    def __init__(
        self,
        case_number: str,
        agents: Sequence[AgentView],
        current_id: int,
        current_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("更换代办员 — 办件 %1").replace("%1", case_number))
        intro = QLabel(
            self.tr("现由%1代办。更换后须由新的代办员接收。").replace("%1", current_name)
        )
        intro.setWordWrap(True)
        self.agent = _agent_combo(agents, leave_out=current_id)
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.setMinimumWidth(420)
        self.hint = hint_label()
        buttons, self.ok_button = dialog_buttons(self, self.tr("更换代办员"))
        form = QFormLayout()
        for text, widget in (("新代办员(&G)：", self.agent), ("更换原因(&R)：", self.reason)):
            label = QLabel(self.tr(text))
            label.setBuddy(widget)
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(lambda _t: self.hint.hide())
        self.agent.currentIndexChanged.connect(lambda _i: self.hint.hide())
        self.agent.setFocus()

    def accept(self) -> None:
        if self.agent.currentIndex() < 0:
            self.hint.setText(self.tr("请选择新的代办员"))
            self.hint.show()
            self.agent.setFocus()
            return
        if not self.reason.text().strip():
            self.hint.setText(self.tr("更换代办员须写明原因"))
            self.hint.show()
            self.reason.setFocus()
            return
        super().accept()
        self.confirmed.emit(int(self.agent.currentData()), self.reason.text().strip())
