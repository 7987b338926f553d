"""登记投诉: who complains (or 匿名), through which channel, about whom or what, what about,
and the working days allowed. The service checks every field; its Chinese problems show in
the dialog, which stays open until the complaint is registered.

Keys: every field has an Alt letter · Tab moves on (also out of 投诉内容) · Ctrl+Enter
or Alt+S registers · Esc cancels.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.complaints import (
    COMPLAINT_DAYS_DEFAULT,
    COMPLAINT_DAYS_RANGE,
    ComplaintChannel,
    SubjectKind,
)
from hallapp.services.agents import AgentView
from hallapp.services.complaints import ComplaintForm, ComplaintView
from hallapp.services.facade import HallServices
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.pages import key_hint


@dataclass(frozen=True)
class SubjectChoices:
    """What the pickers offer: the hall's staff (login, name) and its agents."""

    staff: list[tuple[str, str]]
    agents: list[AgentView]


def load_choices(services: HallServices) -> SubjectChoices:
    """Runs on the worker."""
    return SubjectChoices(services.complaint_staff_choices(), services.list_agents())


class ComplaintDialog(QDialog):
    registered = Signal(object)  # the ComplaintView

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        choices: SubjectChoices,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._executor = executor
        self.busy = False
        self.setWindowTitle(self.tr("登记效能投诉"))
        self.setMinimumWidth(560)
        self.messages = MessagePanel()

        self.channel = QComboBox()
        for channel in ComplaintChannel:
            self.channel.addItem(channel.label, channel.value)
        self.anonymous = QCheckBox(self.tr("匿名投诉(&A)"))
        self.name = QLineEdit()
        self.name.setMaxLength(60)
        self.phone = QLineEdit()
        self.phone.setMaxLength(40)
        self.kind = QComboBox()
        for kind in SubjectKind:
            self.kind.addItem(kind.label, kind.value)
        self.staff = QComboBox()
        for login, name in choices.staff:
            self.staff.addItem(name, login)
        self.agent = QComboBox()
        for agent in choices.agents:
            self.agent.addItem(f"{agent.name}（{agent.kind_label}）", agent.id)
        self.department = QLineEdit()
        self.department.setPlaceholderText(self.tr("例如：县医保局、本中心社保窗口"))
        self.case_number = QLineEdit()
        self.case_number.setPlaceholderText(self.tr("办件编号，如 430121104000-20260302-0001"))
        self.pickers: dict[SubjectKind, QWidget] = {
            SubjectKind.CLERK: self.staff,
            SubjectKind.AGENT: self.agent,
            SubjectKind.DEPARTMENT: self.department,
            SubjectKind.CASE: self.case_number,
        }
        self.subject = QStackedWidget()
        for picker in self.pickers.values():
            self.subject.addWidget(picker)
        self.content = QPlainTextEdit()
        self.content.setTabChangesFocus(True)
        self.content.setPlaceholderText(self.tr("投诉人反映的问题，尽量写明时间、经过和诉求"))
        self.content.setFixedHeight(self.fontMetrics().height() * 5 + 16)
        self.days = QSpinBox()
        self.days.setRange(*COMPLAINT_DAYS_RANGE)
        self.days.setValue(COMPLAINT_DAYS_DEFAULT)
        self.days.setSuffix(self.tr(" 个工作日"))

        self.form = QFormLayout()
        self.subject_label = QLabel(self.tr("投诉对象(&O)"))
        for text, field in (
            (self.tr("投诉渠道(&C)"), self.channel),
            ("", self.anonymous),
            (self.tr("投诉人姓名(&M)"), self.name),
            (self.tr("联系电话(&P)"), self.phone),
            (self.tr("对象类别(&K)"), self.kind),
            (None, self.subject),
            (self.tr("投诉内容(&T)"), self.content),
            (self.tr("办理时限(&D)"), self.days),
        ):
            if text is None:
                self.form.addRow(self.subject_label, field)
            else:
                self.form.addRow(text, field)
        self.buttons = QDialogButtonBox()
        self.register_button = self.buttons.addButton(
            self.tr("登记(&S)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.register_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        hint = key_hint(self.tr("Tab 到下一项，Ctrl+Enter 登记，Esc 取消"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addLayout(self.form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

        self.anonymous.toggled.connect(self._anonymous_toggled)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        self._kind_changed()
        self.channel.setFocus()

    # the form ---------------------------------------------------------------------------
    def subject_kind(self) -> SubjectKind:
        return SubjectKind(self.kind.currentData())

    def _kind_changed(self) -> None:
        picker = self.pickers[self.subject_kind()]
        self.subject.setCurrentWidget(picker)
        self.subject_label.setBuddy(picker)
        self.setTabOrder(self.kind, picker)
        self.setTabOrder(picker, self.content)

    def _anonymous_toggled(self, anonymous: bool) -> None:
        """An anonymous complaint keeps no name or phone: the fields go, and so does what
        was typed in them."""
        for field in (self.name, self.phone):
            if anonymous:
                field.clear()
            self.form.setRowVisible(field, not anonymous)

    def value(self) -> ComplaintForm:
        kind = self.subject_kind()
        anonymous = self.anonymous.isChecked()
        agent = self.agent.currentData()
        return ComplaintForm(
            channel=ComplaintChannel(self.channel.currentData()),
            anonymous=anonymous,
            complainant_name="" if anonymous else self.name.text().strip(),
            complainant_phone="" if anonymous else self.phone.text().strip(),
            subject_kind=kind,
            subject_staff_login=self.staff.currentData() if kind is SubjectKind.CLERK else None,
            subject_agent_id=int(agent)
            if kind is SubjectKind.AGENT and agent is not None
            else None,
            subject_case_number=(
                self.case_number.text().strip() if kind is SubjectKind.CASE else None
            ),
            subject_department=(
                self.department.text().strip() if kind is SubjectKind.DEPARTMENT else ""
            ),
            content=self.content.toPlainText().strip(),
            days=self.days.value(),
        )

    # registering ------------------------------------------------------------------------
    def submit(self) -> None:
        if self.busy:
            return  # a second Ctrl+Enter while the first is saved never registers twice
        form = self.value()
        services = self._services
        self.busy = True
        self.messages.hide()
        self._executor.submit(
            lambda: services.register_complaint(form), self._registered, self._refused
        )

    def _registered(self, complaint: ComplaintView) -> None:
        self.busy = False
        self.registered.emit(complaint)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.busy = False
        self.messages.failure(exc, self.tr("登记投诉失败："))
