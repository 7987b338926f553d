"""A small dialog before an action that needs a written reason (作废, 退件, 挂起 …) or that
ends the case (撤件, 送达): Enter confirms, Esc cancels.

Opened with :meth:`QDialog.open` (window-modal, not a nested event loop), so the caller
continues from the ``confirmed`` signal.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.lifecycle import Action


class ReasonDialog(QDialog):
    confirmed = Signal(str)  # the reason or comment, stripped

    def __init__(
        self, action: Action, case_number: str, required: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.action = action
        self.required = required
        self.setWindowTitle(
            self.tr("%1 — 办件 %2").replace("%1", action.label).replace("%2", case_number)
        )
        if required:
            prompt = self.tr("请写明“%1”的原因（将记入办理过程，并告知申请人）：")
        else:
            prompt = self.tr("确定对本办件“%1”吗？可填写办理意见（可不填）：")
        self.prompt = QLabel(prompt.replace("%1", action.label))
        self.reason = QLineEdit()
        self.reason.setMinimumWidth(480)
        self.reason.setMaxLength(500)
        self.prompt.setBuddy(self.reason)
        self.hint = QLabel(self.tr("原因不能为空"))
        self.hint.setStyleSheet("color:#a3160b; font-weight:bold;")
        self.hint.hide()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            self.tr("确定%1").replace("%1", action.label), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(
            self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.reason)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(lambda _t: self.hint.hide())
        self.reason.setFocus()

    def accept(self) -> None:
        text = self.reason.text().strip()
        if self.required and not text:
            self.hint.show()
            self.reason.setFocus()
            return
        super().accept()
        self.confirmed.emit(text)
