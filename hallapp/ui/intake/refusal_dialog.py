"""不予受理: the reason, what exactly and where to apply instead, and the remedy."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.intake import REFUSAL_REASONS, REMEDY_TEXT, Refusal
from hallapp.ui.intake.fields import ERROR_STYLE


class RefusalDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("不予受理"))
        self.reason = QComboBox()
        for key, label in REFUSAL_REASONS.items():
            self.reason.addItem(label, key)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("写明具体理由；不属于本机关的，写明应向哪个机关申请"))
        self.text.setFixedHeight(90)
        self.remedy = QPlainTextEdit(REMEDY_TEXT)
        self.remedy.setTabChangesFocus(True)
        self.remedy.setFixedHeight(80)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        form = QFormLayout()
        reason_label = QLabel(self.tr("理由(&Y)"))
        reason_label.setBuddy(self.reason)
        text_label = QLabel(self.tr("具体说明(&S)"))
        text_label.setBuddy(self.text)
        remedy_label = QLabel(self.tr("救济途径(&J)"))
        remedy_label.setBuddy(self.remedy)
        form.addRow(reason_label, self.reason)
        form.addRow(text_label, self.text)
        form.addRow(remedy_label, self.remedy)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            self.tr("确定不予受理(&O)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("取消(&C)"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel(self.tr("Ctrl+Enter 确定，Esc 取消"))
        hint.setStyleSheet("color:#555;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        self.resize(560, self.sizeHint().height())
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def refusal(self) -> Refusal:
        return Refusal(
            str(self.reason.currentData()), self.text.toPlainText(), self.remedy.toPlainText()
        )

    def accept(self) -> None:
        if not self.text.toPlainText().strip():
            self.error.setText(self.tr("请写明不予受理的具体理由和可以申请的机关"))
            self.error.show()
            self.text.setFocus()
            return
        if not self.remedy.toPlainText().strip():
            self.error.setText(self.tr("请写明救济途径（行政复议、行政诉讼）"))
            self.error.show()
            self.remedy.setFocus()
            return
        super().accept()
