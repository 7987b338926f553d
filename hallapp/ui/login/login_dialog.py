"""登录: 用户名 and 密码; a refusal is shown in red and the password asked again."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from hallapp.services.actors import Actor
from hallapp.ui.login.form import InlineMessage, error_text, password_field, set_busy
from hallapp.ui.login.gate import AccountGate
from hallapp.ui.operations import Executor

LAST_LOGIN_KEY = "login/last"


class LoginDialog(QDialog):
    logged_in = Signal(object)  # Actor

    def __init__(
        self,
        gate: AccountGate,
        executor: Executor,
        state: QSettings | None = None,
        hint: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._gate, self._executor, self._state = gate, executor, state
        self.setWindowTitle("登录 — 便民服务窗口系统")
        self.login = QLineEdit()
        self.login.setObjectName("login")
        self.login.setMaxLength(40)
        self.password = password_field()
        self.password.setObjectName("password")
        self.message = InlineMessage()
        self.hint = QLabel(hint or "")
        self.hint.setObjectName("demo_hint")
        self.hint.setStyleSheet("color:#7f8c8d;")
        self.hint.setVisible(bool(hint))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("登录")
        ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow("用户名", self.login)
        form.addRow("密码", self.password)
        form.addRow(self.message)
        form.addRow(self.hint)
        form.addRow(self.buttons)
        last = str(state.value(LAST_LOGIN_KEY, "") or "") if state is not None else ""
        self.login.setText(last)
        (self.password if last else self.login).setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        (self.password if self.login.text() else self.login).setFocus()

    def submit(self) -> None:
        login, password = self.login.text().strip(), self.password.text()
        if not login:
            self.message.say("请输入用户名")
            self.login.setFocus()
            return
        set_busy(self, self.buttons, True)
        self.message.say("")
        self._executor.submit(
            lambda: self._gate.authenticate(login, password), self._succeeded, self._failed
        )

    def _succeeded(self, actor: Actor) -> None:
        set_busy(self, self.buttons, False)
        if self._state is not None:
            self._state.setValue(LAST_LOGIN_KEY, actor.login)
        self.password.clear()
        self.accept()
        self.logged_in.emit(actor)

    def _failed(self, exc: BaseException) -> None:
        set_busy(self, self.buttons, False)
        self.message.say(error_text(exc))
        self.password.clear()
        self.password.setFocus()
