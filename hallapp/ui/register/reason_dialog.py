"""Small dialogs that ask for one line of text before something is done: a reason for an
action (作废, 退件 …), a comment on an action that ends the case (撤件, 送达), a note on
a decision (不批准延期). Enter confirms, Esc cancels.

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

HINT_STYLE = "color:#a3160b; font-weight:bold;"


def dialog_buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QWidget]:
    """确定 (the default, so Enter presses it) and 取消 (Esc); returns the box and 确定."""
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(dialog.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
    ok.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


class TextDialog(QDialog):
    confirmed = Signal(str)  # the text, stripped

    def __init__(
        self,
        title: str,
        prompt: str,
        ok_text: str,
        required: bool,
        parent: QWidget | None = None,
        empty_hint: str = "原因不能为空",
    ) -> None:
        super().__init__(parent)
        self.required = required
        self.setWindowTitle(title)
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setMinimumWidth(480)
        self.reason.setMaxLength(500)
        self.prompt.setBuddy(self.reason)
        self.hint = QLabel(empty_hint)
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.hide()
        buttons, self.ok_button = dialog_buttons(self, ok_text)
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


class ReasonDialog(TextDialog):
    """Before an action of the case's lifecycle."""

    def __init__(
        self, action: Action, case_number: str, required: bool, parent: QWidget | None = None
    ) -> None:
        if required:
            prompt = "请写明“%1”的原因（将记入办理过程，并告知申请人）："
        else:
            prompt = "确定对本办件“%1”吗？可填写办理意见（可不填）："
        super().__init__(
            f"{action.label} — 办件 {case_number}",
            prompt.replace("%1", action.label),
            "确定" + action.label,
            required,
            parent,
        )
        self.action = action


def hint_label(text: str = "") -> QLabel:
    """The line under a dialog's fields that says what is missing, hidden until then."""
    hint = QLabel(text)
    hint.setStyleSheet(HINT_STYLE)
    hint.setWordWrap(True)
    hint.hide()
    return hint


def show_problem(hint: QLabel, found: tuple[str, QWidget | None]) -> bool:
    """Say what is wrong in ``hint`` and put the cursor on the field; True if anything is."""
    problem, widget = found
    if widget is None:
        return False
    hint.setText(problem)
    hint.show()
    widget.setFocus()
    return True
