"""The dialogs of a complaint's handling steps: 指定承办人, 调查结果, 答复, 延期, 办结.

Each asks for what its step needs and says what is missing before anything is sent; the
service checks again and the view shows its refusal. Enter (or Ctrl+Enter from a text
box) confirms, Esc cancels. Opened with :meth:`QDialog.open`, so the caller continues
from ``confirmed``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.complaints import ComplaintView
from hallapp.ui.register.reason_dialog import dialog_buttons, hint_label, show_problem


def _text_box(placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setMinimumWidth(480)
    box.setFixedHeight(box.fontMetrics().height() * 5 + 16)
    return box


def _choice(*texts: str) -> tuple[QWidget, QButtonGroup, list[QRadioButton]]:
    """Radio buttons in a row; none chosen, so the clerk must say."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(row)
    buttons = []
    for number, text in enumerate(texts):
        button = QRadioButton(text)
        group.addButton(button, number)
        layout.addWidget(button)
        buttons.append(button)
    layout.addStretch(1)
    return row, group, buttons


class StepDialog(QDialog):
    confirmed = Signal(object)  # what the step records (see each dialog)

    def __init__(
        self, title: str, complaint: ComplaintView, ok_text: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} — {complaint.number}")
        self.form = QFormLayout()
        self.hint = hint_label()
        buttons, self.ok_button = dialog_buttons(self, ok_text)
        layout = QVBoxLayout(self)
        about = QLabel(f"{complaint.subject_label}：{complaint.content}")
        about.setWordWrap(True)
        about.setStyleSheet("color:#444;")
        layout.addWidget(about)
        layout.addLayout(self.form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)

    def problem(self) -> tuple[str, QWidget | None]:
        """What is missing and where, or ("", None)."""
        return "", None

    def answer(self) -> object:
        raise NotImplementedError

    def accept(self) -> None:
        if show_problem(self.hint, self.problem()):
            return
        value = self.answer()
        super().accept()
        self.confirmed.emit(value)


class AssignDialog(StepDialog):
    """指定承办人: emits the handler's login."""

    def __init__(
        self,
        complaint: ComplaintView,
        staff: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("指定承办人"), complaint, self.tr("指定"), parent)
        self.handler = QComboBox()
        for login, name in staff:
            self.handler.addItem(name, login)
        if complaint.handler_name:
            self.handler.setCurrentIndex(max(0, self.handler.findText(complaint.handler_name)))
        self.form.addRow(self.tr("承办人(&H)"), self.handler)
        self.handler.setFocus()

    def problem(self) -> tuple[str, QWidget | None]:
        if self.handler.currentData() is None:
            return self.tr("没有可指定的工作人员"), self.handler
        return "", None

    def answer(self) -> str:
        return str(self.handler.currentData())


class FindingsDialog(StepDialog):
    """调查结果: emits (findings, substantiated)."""

    def __init__(self, complaint: ComplaintView, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("调查结果"), complaint, self.tr("保存调查结果"), parent)
        self.findings = _text_box(self.tr("调查经过和认定的事实"))
        self.findings.setPlainText(complaint.findings)
        row, self.verdict, (self.yes, self.no) = _choice(self.tr("属实(&Y)"), self.tr("不属实(&N)"))
        if complaint.substantiated is not None:
            (self.yes if complaint.substantiated else self.no).setChecked(True)
        self.form.addRow(self.tr("调查结果(&F)"), self.findings)
        self.form.addRow(self.tr("认定"), row)
        self.findings.setFocus()

    def problem(self) -> tuple[str, QWidget | None]:
        if not self.findings.toPlainText().strip():
            return self.tr("调查结果不能为空"), self.findings
        if self.verdict.checkedId() < 0:
            return self.tr("请选择投诉是否属实"), self.yes
        return "", None

    def answer(self) -> tuple[str, bool]:
        return self.findings.toPlainText().strip(), self.yes.isChecked()


class ReplyDialog(StepDialog):
    """答复: emits (reply, replied_on)."""

    def __init__(
        self, complaint: ComplaintView, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("答复投诉人"), complaint, self.tr("保存答复"), parent)
        self.reply = _text_box(self.tr("向投诉人答复的内容"))
        self.replied_on = QDateEdit(QDate(today.year, today.month, today.day))
        self.replied_on.setDisplayFormat("yyyy-MM-dd")
        self.replied_on.setCalendarPopup(True)
        self.replied_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.form.addRow(self.tr("答复内容(&R)"), self.reply)
        self.form.addRow(self.tr("答复日期(&D)"), self.replied_on)
        self.reply.setFocus()

    def problem(self) -> tuple[str, QWidget | None]:
        if not self.reply.toPlainText().strip():
            return self.tr("答复内容不能为空"), self.reply
        return "", None

    def answer(self) -> tuple[str, date]:
        day = self.replied_on.date()
        return self.reply.toPlainText().strip(), date(day.year(), day.month(), day.day())


class ExtendDialog(StepDialog):
    """延期: emits (days, reason)."""

    def __init__(self, complaint: ComplaintView, most: int, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("延期"), complaint, self.tr("延期"), parent)
        self.days = QSpinBox()
        self.days.setRange(1, max(1, most))
        self.days.setSuffix(self.tr(" 个工作日"))
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.setMinimumWidth(420)
        self.form.addRow(self.tr("延长(&E)"), self.days)
        self.form.addRow(self.tr("延期原因(&R)"), self.reason)
        self.form.addRow(
            "",
            QLabel(
                self.tr("原期限 %1，最多还可延长 %2 个工作日")
                .replace("%1", complaint.due_on.isoformat())
                .replace("%2", str(most))
            ),
        )
        self.days.setFocus()

    def problem(self) -> tuple[str, QWidget | None]:
        if not self.reason.text().strip():
            return self.tr("延期原因不能为空"), self.reason
        return "", None

    def answer(self) -> tuple[int, str]:
        return self.days.value(), self.reason.text().strip()


class CloseDialog(StepDialog):
    """办结: emits whether the complainant was satisfied with the reply (None: not asked,
    always so for an anonymous complaint, whose complainant cannot be asked)."""

    def __init__(self, complaint: ComplaintView, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("投诉办结"), complaint, self.tr("办结"), parent)
        row, self.view, (self.yes, self.no, self.not_asked) = _choice(
            self.tr("满意(&Y)"), self.tr("不满意(&N)"), self.tr("未征询(&U)")
        )
        self.form.addRow(self.tr("投诉人对答复"), row)
        if complaint.anonymous:
            self.not_asked.setChecked(True)
            for button in (self.yes, self.no):
                button.setEnabled(False)
                button.setToolTip(self.tr("匿名投诉无法征询投诉人意见"))
        (self.not_asked if complaint.anonymous else self.yes).setFocus()

    def problem(self) -> tuple[str, QWidget | None]:
        if self.view.checkedId() < 0:
            return self.tr("请选择投诉人对答复是否满意，未征询的选“未征询”"), self.yes
        return "", None

    def answer(self) -> bool | None:
        if self.not_asked.isChecked():
            return None
        return self.yes.isChecked()
