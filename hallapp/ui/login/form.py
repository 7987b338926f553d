"""What the login dialogs share: password fields, the inline red message, the busy state."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

from hallapp.errors import HallappError, InvalidInput


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(128)
    return field


def error_text(exc: BaseException) -> str:
    """The service's Chinese words; the rules broken, one a line, below them."""
    if isinstance(exc, InvalidInput) and exc.problems:
        return exc.message + "：\n" + "\n".join(exc.problems)
    if isinstance(exc, HallappError):
        return exc.message
    return "操作失败，请重试"


class InlineMessage(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login_message")
        self.setStyleSheet("color:#c0392b;")
        self.setWordWrap(True)
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def set_busy(dialog: QDialog, buttons: QDialogButtonBox, busy: bool) -> None:
    """While the slow password check runs the button is off, so Enter cannot stack up
    several attempts (each would count against the lockout)."""
    buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)
    dialog.setProperty("busy", busy)
