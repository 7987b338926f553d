"""送达: how the result reaches the applicant — 窗口领取 (the ID of the person collecting,
which the service checks against the applicant's and the authorised person's), 代办员送达
(an agent carrying the case, with the signed 送达回证) or 邮寄送达 (the tracking number).
Delivery closes the case."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.delivery import MAX_TRACKING, DeliveryForm, DeliveryMethod
from hallapp.ui.register.reason_dialog import HINT_STYLE, dialog_buttons, show_problem

_METHOD_TEXT = {
    DeliveryMethod.WINDOW: "窗口领取(&K)：核验取件人身份证件",
    DeliveryMethod.AGENT: "代办员送达(&A)：带回签收的送达回证",
    DeliveryMethod.POST: "邮寄送达(&Y)：填写运单号",
}


class DeliveryDialog(QDialog):
    confirmed = Signal(object)  # DeliveryForm

    def __init__(
        self,
        case_number: str,
        applicant: str,
        agents: Sequence[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        """``agents``: (id, name) of the agents carrying the case, the current one first."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("送达 — 办件 %1").replace("%1", case_number))
        intro = QLabel(self.tr("送达后办件归档，不能再办理。"))
        self.methods = QButtonGroup(self)
        self.method_buttons: dict[DeliveryMethod, QRadioButton] = {}
        for method, text in _METHOD_TEXT.items():
            button = QRadioButton(self.tr(text))
            self.methods.addButton(button)
            self.method_buttons[method] = button
        if not agents:
            self.method_buttons[DeliveryMethod.AGENT].setEnabled(False)
            self.method_buttons[DeliveryMethod.AGENT].setText(
                self.tr("代办员送达（该办件不是代办件）")
            )
        self.doc = QLineEdit()
        self.doc.setMaxLength(30)
        self.doc.setPlaceholderText(self.tr("取件人身份证件号码"))
        self.name = QLineEdit()
        self.name.setMaxLength(60)
        self.name.setPlaceholderText(applicant)
        self.agent = QComboBox()
        for agent_id, name in agents:
            self.agent.addItem(name, agent_id)
        self.tracking = QLineEdit()
        self.tracking.setMaxLength(MAX_TRACKING)
        self.hint = QLabel()
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setWordWrap(True)
        self.hint.hide()
        buttons, self.ok_button = dialog_buttons(self, self.tr("确定送达"))
        self.form = QFormLayout()
        self.rows: dict[str, QLabel] = {}
        for key, text, widget in (
            ("doc", "证件号码(&I)：", self.doc),
            ("name", "签收人(&M)：", self.name),
            ("agent", "代办员(&G)：", self.agent),
            ("tracking", "运单号(&T)：", self.tracking),
        ):
            label = QLabel(self.tr(text))
            label.setBuddy(widget)
            self.rows[key] = label
            self.form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for button in self.method_buttons.values():
            layout.addWidget(button)
        layout.addLayout(self.form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        first = DeliveryMethod.AGENT if agents else DeliveryMethod.WINDOW
        self.method_buttons[first].setChecked(True)
        self.methods.buttonToggled.connect(lambda _b, _on: self._method_changed())
        for edit in (self.doc, self.name, self.tracking):
            edit.textChanged.connect(lambda _t: self.hint.hide())
        self._method_changed()

    @property
    def method(self) -> DeliveryMethod:
        return next(m for m, b in self.method_buttons.items() if b.isChecked())

    def choose(self, method: DeliveryMethod) -> None:
        self.method_buttons[method].setChecked(True)

    def _method_changed(self) -> None:
        method = self.method
        shown = {
            "doc": method is DeliveryMethod.WINDOW,
            "name": True,
            "agent": method is DeliveryMethod.AGENT,
            "tracking": method is DeliveryMethod.POST,
        }
        widgets = {
            "doc": self.doc,
            "name": self.name,
            "agent": self.agent,
            "tracking": self.tracking,
        }
        for key, visible in shown.items():
            self.form.setRowVisible(widgets[key], visible)
        self.hint.hide()
        first = {
            DeliveryMethod.WINDOW: self.doc,
            DeliveryMethod.AGENT: self.name,
            DeliveryMethod.POST: self.tracking,
        }[method]
        first.setFocus()

    def _problem(self) -> tuple[str, QWidget | None]:
        if self.method is DeliveryMethod.WINDOW and not self.doc.text().strip():
            return self.tr("窗口领取须核验取件人身份证件，请录入证件号码"), self.doc
        if self.method is DeliveryMethod.POST and not self.tracking.text().strip():
            return self.tr("邮寄送达须填写邮件运单号"), self.tracking
        return "", None

    def accept(self) -> None:
        if show_problem(self.hint, self._problem()):
            return
        method = self.method
        form = DeliveryForm(
            method,
            recipient_doc=self.doc.text().strip() if method is DeliveryMethod.WINDOW else "",
            recipient_name=self.name.text().strip(),
            agent_id=self.agent.currentData() if method is DeliveryMethod.AGENT else None,
            tracking_number=self.tracking.text().strip() if method is DeliveryMethod.POST else "",
        )
        super().accept()
        self.confirmed.emit(form)
