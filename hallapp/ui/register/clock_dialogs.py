"""Dialogs that stop the clock (暂停计时) and ask for an extension (申请延期).

Both check what they can before anything is sent (a reason, the procedure and its approved
days) and say what is missing in the dialog itself; the services check again. Enter
confirms, Esc cancels; each field has a mnemonic.
"""

from __future__ import annotations

from collections.abc import Set

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.clock import PauseKind
from hallapp.services.actors import Role
from hallapp.services.case_clock import CaseClock
from hallapp.services.cases import PauseTerms
from hallapp.ui.register.clock_rules import pause_kind_blocked
from hallapp.ui.register.clock_texts import capacity_text
from hallapp.ui.register.reason_dialog import HINT_STYLE, dialog_buttons, show_problem

# 行政许可法 第四十五条 names these; the list is a help, any other name may be typed.
PROCEDURES = ("听证", "招标", "拍卖", "检验", "检测", "检疫", "鉴定", "专家评审", "公示")
MAX_APPROVED_DAYS = 365

_KIND_TEXT = {
    PauseKind.SUPPLEMENT: "补正(&B)：等待申请人补正材料",
    PauseKind.SPECIAL_PROCEDURE: "特别程序(&T)：听证、检验、鉴定、专家评审等",
    PauseKind.SUSPENSION: "挂起(&G)：因故暂停办理",
}
_REASON_PROMPT = {
    PauseKind.SUPPLEMENT: "须补正的材料及原因(&R)：",
    PauseKind.SPECIAL_PROCEDURE: "启动原因(&R)：",
    PauseKind.SUSPENSION: "挂起原因(&R)：",
}


class PauseDialog(QDialog):
    """暂停计时: 补正, 特别程序 (with the procedure and its approved working days) or 挂起.
    A kind the state or the user's role does not allow is shown, greyed, with the reason."""

    confirmed = Signal(object, str, object)  # PauseKind, reason, PauseTerms | None

    def __init__(
        self,
        case_number: str,
        clock: CaseClock,
        roles: Set[Role],
        preset: PauseKind | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("暂停计时 — 办件 %1").replace("%1", case_number))
        intro = QLabel(self.tr("暂停期间不计入办理时限；原因将记入办理过程，并书面告知申请人。"))
        intro.setWordWrap(True)
        self.kinds = QButtonGroup(self)
        self.kind_buttons: dict[PauseKind, QRadioButton] = {}
        for kind in PauseKind:
            button = QRadioButton(self.tr(_KIND_TEXT[kind]))
            blocked = pause_kind_blocked(clock, kind, roles)
            if blocked:
                button.setEnabled(False)
                button.setText(button.text() + f"（{blocked}）")
                button.setToolTip(blocked)
            self.kinds.addButton(button)
            self.kind_buttons[kind] = button
        self.procedure = QComboBox()
        self.procedure.setEditable(True)
        self.procedure.addItems(list(PROCEDURES))
        self.procedure.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.procedure.setCurrentIndex(-1)  # chosen on purpose, never by default
        editor = self.procedure.lineEdit()
        assert editor is not None  # editable
        editor.setPlaceholderText(self.tr("选择或填写程序名称"))
        self.days = QSpinBox()
        self.days.setRange(0, MAX_APPROVED_DAYS)
        self.days.setSpecialValueText(self.tr("（请填写）"))  # 0: not filled in yet
        self.days.setSuffix(self.tr(" 个工作日"))
        self.days.setMinimumWidth(140)
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.setMinimumWidth(420)
        self.hint = QLabel()
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setWordWrap(True)
        self.hint.hide()
        buttons, self.ok_button = dialog_buttons(self, self.tr("确定暂停计时"))

        self.terms = QFormLayout()
        self.procedure_label = QLabel(self.tr("程序名称(&M)："))
        self.days_label = QLabel(self.tr("批准期限(&D)："))
        self.procedure_label.setBuddy(self.procedure)
        self.days_label.setBuddy(self.days)
        self.terms.addRow(self.procedure_label, self.procedure)
        self.terms.addRow(self.days_label, self.days)
        self.reason_label = QLabel()
        self.reason_label.setBuddy(self.reason)
        self.terms.addRow(self.reason_label, self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for button in self.kind_buttons.values():
            layout.addWidget(button)
        layout.addLayout(self.terms)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        chain: list[QWidget] = [*self.kind_buttons.values(), self.procedure, self.days]
        for first, second in zip(chain, [*chain[1:], self.reason], strict=True):
            QWidget.setTabOrder(first, second)

        allowed = [k for k in PauseKind if self.kind_buttons[k].isEnabled()]
        chosen = preset or (allowed[0] if allowed else PauseKind.SUPPLEMENT)
        self.kind_buttons[chosen].setChecked(True)
        self.kinds.buttonToggled.connect(lambda _b, _on: self._kind_changed())
        self.procedure.currentTextChanged.connect(lambda _t: self.hint.hide())
        self.days.valueChanged.connect(lambda _v: self.hint.hide())
        self.reason.textChanged.connect(lambda _t: self.hint.hide())
        self._kind_changed()
        self.reason.setFocus()
        if chosen is PauseKind.SPECIAL_PROCEDURE:
            self.procedure.setFocus()

    @property
    def kind(self) -> PauseKind:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def _kind_changed(self) -> None:
        special = self.kind is PauseKind.SPECIAL_PROCEDURE
        for widget in (self.procedure, self.days, self.procedure_label, self.days_label):
            widget.setEnabled(special)
        self.reason_label.setText(self.tr(_REASON_PROMPT[self.kind]))
        self.hint.hide()

    def _problem(self) -> tuple[str, QWidget | None]:
        if self.kind is PauseKind.SPECIAL_PROCEDURE:
            if not self.procedure.currentText().strip():
                return self.tr(
                    "请选择或填写特别程序的名称（如听证、检验、专家评审）"
                ), self.procedure
            if self.days.value() < 1:
                return self.tr("请填写批准的期限（1至365个工作日）"), self.days
        if not self.reason.text().strip():
            return self.tr("原因不能为空"), self.reason
        return "", None

    def accept(self) -> None:
        if show_problem(self.hint, self._problem()):
            return
        terms = None
        if self.kind is PauseKind.SPECIAL_PROCEDURE:
            terms = PauseTerms(self.procedure.currentText().strip(), self.days.value())
        super().accept()
        self.confirmed.emit(self.kind, self.reason.text().strip(), terms)


class ExtensionDialog(QDialog):
    """申请延期: the working days (at most what the law still allows) and the reason the
    applicant will be told; the head of the office decides."""

    confirmed = Signal(int, str)  # days, reason

    def __init__(self, case_number: str, clock: CaseClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("申请延期 — 办件 %1").replace("%1", case_number))
        intro = QLabel(
            capacity_text(clock) + self.tr("。延期须经中心负责人批准，并将延期理由告知申请人。")
        )
        intro.setWordWrap(True)
        self.days = QSpinBox()
        self.days.setRange(1, max(clock.extension_left, 1))
        self.days.setValue(max(clock.extension_left, 1))
        self.days.setSuffix(self.tr(" 个工作日"))
        self.days.setMinimumWidth(140)
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.setMinimumWidth(420)
        self.hint = QLabel(self.tr("请写明延期理由（将告知申请人）"))
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.hide()
        buttons, self.ok_button = dialog_buttons(self, self.tr("提交延期申请"))
        form = QFormLayout()
        days_label = QLabel(self.tr("延长(&D)："))
        days_label.setBuddy(self.days)
        reason_label = QLabel(self.tr("延期理由(&R)："))
        reason_label.setBuddy(self.reason)
        form.addRow(days_label, self.days)
        form.addRow(reason_label, self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        QWidget.setTabOrder(self.days, self.reason)
        self.reason.textChanged.connect(lambda _t: self.hint.hide())
        self.days.setFocus()
        self.days.selectAll()

    def accept(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.hint.show()
            self.reason.setFocus()
            return
        super().accept()
        self.confirmed.emit(self.days.value(), reason)
