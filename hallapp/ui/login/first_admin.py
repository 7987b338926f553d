"""首次使用: create the hall's administrator (login, name, password twice)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from hallapp.services.actors import Actor
from hallapp.ui.login.form import InlineMessage, error_text, password_field, set_busy
from hallapp.ui.login.gate import AccountGate
from hallapp.ui.operations import Executor


class FirstAdminDialog(QDialog):
    created = Signal(object)  # Actor

    def __init__(
        self, gate: AccountGate, executor: Executor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._gate, self._executor = gate, executor
        self.setWindowTitle("首次使用 — 设置管理员")
        self.login = QLineEdit("admin")
        self.login.setObjectName("admin_login")
        self.login.setMaxLength(40)
        self.name = QLineEdit()
        self.name.setObjectName("admin_name")
        self.name.setMaxLength(40)
        self.password = password_field()
        self.password.setObjectName("admin_password")
        self.again = password_field()
        self.again.setObjectName("admin_password_again")
        self.message = InlineMessage()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("创建管理员")
        ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel("本机尚无管理员账号。请设置管理员，之后由管理员为工作人员设置密码。"))
        form.addRow("登录名", self.login)
        form.addRow("姓名", self.name)
        form.addRow("密码", self.password)
        form.addRow("再次输入密码", self.again)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.login.selectAll()
        self.login.setFocus()

    def submit(self) -> None:
        login, name, password = (
            self.login.text().strip(),
            self.name.text().strip(),
            self.password.text(),
        )
        if password != self.again.text():
            self.message.say("两次输入的密码不一致")
            self.again.clear()
            self.password.setFocus()
            self.password.selectAll()
            return
        set_busy(self, self.buttons, True)
        self.message.say("")
        self._executor.submit(
            lambda: self._gate.first_admin(login, name, password), self._succeeded, self._failed
        )

    def _succeeded(self, actor: Actor) -> None:
        set_busy(self, self.buttons, False)
        self.accept()
        self.created.emit(actor)

    def _failed(self, exc: BaseException) -> None:
        set_busy(self, self.buttons, False)
        self.message.say(error_text(exc))
        self.password.setFocus()
