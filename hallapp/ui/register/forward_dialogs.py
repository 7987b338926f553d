"""转报… (one or more county departments, each with the working days for its reply and
the way it goes) and 登记回复… (同意, 不同意 with the reason, or 需补充材料 with what is
needed of each material). Each says in the dialog what is missing before anything is
sent; the services check again."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.forwarding import (
    MAX_EXPECTED_DAYS,
    ForwardForm,
    ForwardReply,
    ForwardTarget,
    ForwardView,
    ForwardWay,
    NeededMaterial,
    ReplyForm,
)
from hallapp.ui.register.reason_dialog import dialog_buttons, hint_label, show_problem

DEFAULT_DAYS = 10
FIRST_ROWS = 2
NEEDED_ROWS = 4


class ForwardDialog(QDialog):
    confirmed = Signal(object)  # ForwardForm

    def __init__(
        self, case_number: str, suggested: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("转报 — 办件 %1").replace("%1", case_number))
        intro = QLabel(
            self.tr("可同时转报多个部门（联合审批）；不填写的行不转报。应答复日期按工作日计算。")
        )
        intro.setWordWrap(True)
        self.grid = QGridLayout()
        for column, text in enumerate(("县级部门", "答复期限", "报送方式")):
            self.grid.addWidget(QLabel(self.tr(text)), 0, column)
        self.departments: list[QLineEdit] = []
        self.days: list[QSpinBox] = []
        self.ways: list[QComboBox] = []
        for _ in range(FIRST_ROWS):
            self.add_row()
        if suggested:
            self.departments[0].setText(suggested)
        self.more = QPushButton(self.tr("再加一个部门(&A)"))
        self.more.setAutoDefault(False)
        self.note = QLineEdit()
        self.note.setMaxLength(500)
        self.hint = hint_label()
        buttons, self.ok_button = dialog_buttons(self, self.tr("确定转报"))
        note_form = QFormLayout()
        note_label = QLabel(self.tr("说明(&N)："))
        note_label.setBuddy(self.note)
        note_form.addRow(note_label, self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.grid)
        layout.addWidget(self.more)
        layout.addLayout(note_form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.more.clicked.connect(lambda _checked=False: self.add_row().setFocus())
        self.departments[0].setFocus()

    def add_row(self) -> QLineEdit:
        row = len(self.departments) + 1
        name = QLineEdit()
        name.setMaxLength(60)
        name.setMinimumWidth(220)
        name.setPlaceholderText(self.tr("部门名称"))
        days = QSpinBox()
        days.setRange(1, MAX_EXPECTED_DAYS)
        days.setValue(DEFAULT_DAYS)
        days.setSuffix(self.tr(" 个工作日"))
        way = QComboBox()
        for option in ForwardWay:
            way.addItem(option.label, option)
        for column, widget in enumerate((name, days, way)):
            self.grid.addWidget(widget, row, column)
        self.departments.append(name)
        self.days.append(days)
        self.ways.append(way)
        name.textChanged.connect(lambda _t: self.hint.hide() if hasattr(self, "hint") else None)
        return name

    def targets(self) -> tuple[ForwardTarget, ...]:
        return tuple(
            ForwardTarget(name.text().strip(), days.value(), way.currentData())
            for name, days, way in zip(self.departments, self.days, self.ways, strict=True)
            if name.text().strip()
        )

    def accept(self) -> None:
        targets = self.targets()
        names = [t.department for t in targets]
        problem = ""
        if not targets:
            problem = self.tr("请至少填写一个转报部门")
        elif len(set(names)) != len(names):
            problem = self.tr("同一部门填写了两次")
        if problem:
            self.hint.setText(problem)
            self.hint.show()
            self.departments[0].setFocus()
            return
        super().accept()
        self.confirmed.emit(ForwardForm(targets, self.note.text().strip()))


_REPLY_TEXT = {
    ForwardReply.APPROVED: "同意(&Y)",
    ForwardReply.REFUSED: "不同意(&B)：须写明理由",
    ForwardReply.MORE_MATERIALS: "需补充材料(&C)：写明补充哪些材料、每项需要什么",
}


class ReplyDialog(QDialog):
    confirmed = Signal(int, object)  # forward id, ReplyForm

    def __init__(
        self,
        case_number: str,
        pending: Sequence[ForwardView],
        materials: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记转报回复 — 办件 %1").replace("%1", case_number))
        self.pending = list(pending)
        self.forward = QComboBox()
        for f in self.pending:
            self.forward.addItem(f"{f.department}（{f.sent_on:%Y-%m-%d}发出）", f.id)
        self.replies = QButtonGroup(self)
        self.reply_buttons: dict[ForwardReply, QRadioButton] = {}
        for reply, text in _REPLY_TEXT.items():
            button = QRadioButton(self.tr(text))
            self.replies.addButton(button)
            self.reply_buttons[reply] = button
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.setMinimumWidth(420)
        self.needed = QTableWidget(NEEDED_ROWS, 2)
        self.needed.setHorizontalHeaderLabels([self.tr("材料"), self.tr("需要什么")])
        self.needed.verticalHeader().hide()
        self.needed.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.materials = list(materials)
        self.needed.setToolTip(
            self.tr("材料名称可写本办件材料清单中的名称：") + "、".join(materials)
        )
        self.hint = hint_label()
        buttons, self.ok_button = dialog_buttons(self, self.tr("登记回复"))
        form = QFormLayout()
        forward_label = QLabel(self.tr("部门(&D)："))
        forward_label.setBuddy(self.forward)
        form.addRow(forward_label, self.forward)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for button in self.reply_buttons.values():
            layout.addWidget(button)
        reason_label = QLabel(self.tr("理由或说明(&R)："))
        reason_label.setBuddy(self.reason)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        self.needed_label = QLabel(self.tr("需补充的材料(&L)："))
        self.needed_label.setBuddy(self.needed)
        layout.addWidget(self.needed_label)
        layout.addWidget(self.needed)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.reply_buttons[ForwardReply.APPROVED].setChecked(True)
        self.replies.buttonToggled.connect(lambda _b, _on: self._reply_changed())
        self.reason.textChanged.connect(lambda _t: self.hint.hide())
        self._reply_changed()
        self.forward.setFocus()

    @property
    def reply(self) -> ForwardReply:
        return next(r for r, b in self.reply_buttons.items() if b.isChecked())

    def choose(self, reply: ForwardReply) -> None:
        self.reply_buttons[reply].setChecked(True)

    def set_needed(self, rows: Sequence[tuple[str, str]]) -> None:
        for row, (name, need) in enumerate(rows):
            if row >= self.needed.rowCount():
                self.needed.insertRow(row)
            self.needed.setItem(row, 0, QTableWidgetItem(name))
            self.needed.setItem(row, 1, QTableWidgetItem(need))

    def needed_materials(self) -> tuple[NeededMaterial, ...]:
        found = []
        for row in range(self.needed.rowCount()):
            cells = [self.needed.item(row, c) for c in (0, 1)]
            name, need = (c.text().strip() if c is not None else "" for c in cells)
            if name or need:
                found.append(NeededMaterial(name, need))
        return tuple(found)

    def _reply_changed(self) -> None:
        more = self.reply is ForwardReply.MORE_MATERIALS
        self.needed.setEnabled(more)
        self.needed_label.setEnabled(more)
        self.hint.hide()

    def _problem(self) -> tuple[str, QWidget | None]:
        if self.forward.currentIndex() < 0:
            return self.tr("没有等待答复的转报"), self.forward
        if self.reply is ForwardReply.REFUSED and not self.reason.text().strip():
            return self.tr("部门不同意的，须写明理由（将告知申请人）"), self.reason
        if self.reply is ForwardReply.MORE_MATERIALS:
            needed = self.needed_materials()
            if not needed or any(not (m.name and m.need) for m in needed):
                return self.tr("须写明补充哪些材料、每项需要什么"), self.needed
        return "", None

    def accept(self) -> None:
        if show_problem(self.hint, self._problem()):
            return
        needed = self.needed_materials() if self.reply is ForwardReply.MORE_MATERIALS else ()
        form = ReplyForm(self.reply, self.reason.text().strip(), needed)
        super().accept()
        self.confirmed.emit(int(self.forward.currentData()), form)
