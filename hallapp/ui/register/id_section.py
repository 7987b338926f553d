"""显示完整号码 under the applicant's masked 证件号码 in the case view.

The clerk states why (the purpose, and a note for 其他); the service records the showing
in the audit trail and hands over the full numbers, which stay on screen until the clerk
leaves the case or masks them again. Roles whose work does not need the number see the
button greyed with the roles that may.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.cases import CaseDetail
from hallapp.services.facade import HallServices
from hallapp.services.full_id import REVEAL_ROLES, FullNumbers, RevealPurpose
from hallapp.ui.operations import Executor
from hallapp.ui.register.case_sections import ApplicantBox
from hallapp.ui.register.reason_dialog import dialog_buttons, hint_label
from hallapp.ui.register.texts import doc_type_label
from hallapp.ui.roles import needs

SHOW_TEXT = "显示完整号码…(&0)"
HIDE_TEXT = "遮盖号码(&0)"
_NOTE_STYLE = "color:#666;"
_FULL_STYLE = "color:#1f4f86; font-weight:bold;"


class RevealDialog(QDialog):
    """Why the full number is needed: one of the purposes, and a note (required for 其他)."""

    confirmed = Signal(object, str)  # RevealPurpose, note

    def __init__(self, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("显示完整证件号码 — 办件 %1").replace("%1", case_number))
        intro = QLabel(self.tr("查看完整号码将记入审计记录（不记录号码本身）。请选择用途："))
        intro.setWordWrap(True)
        self.hint = hint_label(self.tr("用途选择“其他”时须写明查看原因"))
        self.purposes: dict[RevealPurpose, QRadioButton] = {}
        group = QButtonGroup(self)
        choices = QVBoxLayout()
        for n, purpose in enumerate(RevealPurpose, start=1):
            button = QRadioButton(f"{purpose.label}(&{n})")
            group.addButton(button)
            self.purposes[purpose] = button
            choices.addWidget(button)
            button.toggled.connect(lambda _on: self.hint.hide())
        self.purposes[RevealPurpose.CHECK_IDENTITY].setChecked(True)
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        self.note.setMinimumWidth(380)
        self.note.setPlaceholderText(self.tr("选择“其他”时必须填写"))
        self.note.textChanged.connect(lambda _t: self.hint.hide())
        note_label = QLabel(self.tr("查看原因(&Y)："))
        note_label.setBuddy(self.note)
        form = QFormLayout()
        form.addRow(note_label, self.note)
        buttons, self.ok_button = dialog_buttons(self, self.tr("显示完整号码"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(choices)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)

    def purpose(self) -> RevealPurpose:
        return next(p for p, button in self.purposes.items() if button.isChecked())

    def accept(self) -> None:
        purpose, note = self.purpose(), self.note.text().strip()
        if purpose is RevealPurpose.OTHER and not note:
            self.hint.show()
            self.note.setFocus()
            return
        super().accept()
        self.confirmed.emit(purpose, note)


class FullNumberReveal(QWidget):
    """The row under 证件 in the applicant box: the button, and what it says."""

    failed = Signal(object)  # the exception, for the case view's message panel

    def __init__(self, services: HallServices, executor: Executor, box: ApplicantBox) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._box = box
        self.detail: CaseDetail | None = None
        self.numbers: FullNumbers | None = None  # of ``detail``, while shown
        self.dialog: RevealDialog | None = None
        self.button = QPushButton(self.tr(SHOW_TEXT))
        self.button.setAutoDefault(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(_NOTE_STYLE)
        self.allowed = services.actor.has_any(*REVEAL_ROLES)
        if not self.allowed:
            refusal = needs(self.tr("查看完整证件号码"), REVEAL_ROLES)
            self.button.setEnabled(False)
            self.button.setToolTip(refusal)
            self.note.setText(refusal)
        self.note.setVisible(not self.allowed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.note, 1)
        self.button.clicked.connect(self._clicked)
        position = box.form.getWidgetPosition(box.fields["document"])
        place, _role = cast(tuple[int, QFormLayout.ItemRole], position)
        box.form.insertRow(place + 1, "", self)

    def show_case(self, d: CaseDetail) -> None:
        """The case as read again: full numbers stay only while it is the same case."""
        if self.detail is None or self.detail.id != d.id:
            self.numbers = None
        self.detail = d
        self._show()

    def forget(self) -> None:
        """The clerk has left the case: mask the numbers again."""
        self.numbers = None
        if self.detail is not None:
            self._box.show_detail(self.detail)
        self._show()

    def _clicked(self) -> None:
        if self.numbers is not None:
            self.forget()
        else:
            self.ask()

    def ask(self) -> None:
        if self.detail is None or not self.allowed:
            return
        self.dialog = RevealDialog(self.detail.number, self.window())
        self.dialog.confirmed.connect(self.reveal)
        self.dialog.open()

    def reveal(self, purpose: RevealPurpose, note: str) -> None:
        if self.detail is None:
            return
        case_id = self.detail.id
        self._executor.submit(
            lambda: self._services.reveal_doc_numbers(case_id, purpose, note),
            lambda numbers: self._revealed(case_id, numbers),
            self.failed.emit,
        )

    def _revealed(self, case_id: int, numbers: FullNumbers) -> None:
        if self.detail is None or self.detail.id != case_id:
            return  # the clerk left the case meanwhile: the number is not shown
        self.numbers = numbers
        self._show()

    def _show(self) -> None:
        d, numbers = self.detail, self.numbers
        self.button.setText(self.tr(HIDE_TEXT if numbers else SHOW_TEXT))
        document = self._box.fields["document"]
        document.setStyleSheet(_FULL_STYLE if numbers else "")
        if d is None or numbers is None:
            if self.allowed:
                self.note.hide()
            return
        self._box.put("document", f"{doc_type_label(d.applicant_doc_type)}  {numbers.applicant}")
        if d.proxy_name and numbers.proxy:
            self._box.put("proxy", f"{d.proxy_name}  {numbers.proxy}")
        self.note.setText(self.tr("正在显示完整号码，离开本办件后恢复遮盖。"))
        self.note.show()
