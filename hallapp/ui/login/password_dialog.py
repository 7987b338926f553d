"""修改密码: the old password and the new one twice; also forced after an admin's reset."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from hallapp.services.actors import Actor
from hallapp.ui.login.form import InlineMessage, error_text, password_field, set_busy
from hallapp.ui.login.gate import AccountGate
from hallapp.ui.operations import Executor


class ChangePasswordDialog(QDialog):
    changed = Signal()

    def __init__(
        self,
        gate: AccountGate,
        executor: Executor,
        actor: Actor,
        forced: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._gate, self._executor, self._actor = gate, executor, actor
        self.setWindowTitle("修改密码")
        self.old = password_field()
        self.old.setObjectName("old_password")
        self.new = password_field()
        self.new.setObjectName("new_password")
        self.again = password_field()
        self.again.setObjectName("new_password_again")
        self.message = InlineMessage()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("确定")
        ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            "退出" if forced else "取消"
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        if forced:
            form.addRow(QLabel("管理员已重置您的密码，请先设置新密码。"))
        form.addRow("原密码", self.old)
        form.addRow("新密码", self.new)
        form.addRow("再次输入新密码", self.again)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.old.setFocus()

    def submit(self) -> None:
        old, new = self.old.text(), self.new.text()
        if new != self.again.text():
            self.message.say("两次输入的新密码不一致")
            self.again.clear()
            self.new.setFocus()
            self.new.selectAll()
            return
        set_busy(self, self.buttons, True)
        self.message.say("")
        self._executor.submit(
            lambda: self._gate.change(self._actor, old, new), self._succeeded, self._failed
        )

    def _succeeded(self, _result: object) -> None:
        set_busy(self, self.buttons, False)
        for field in (self.old, self.new, self.again):
            field.clear()
        self.accept()
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        set_busy(self, self.buttons, False)
        self.message.say(error_text(exc))
        self.old.clear()
        self.old.setFocus()
