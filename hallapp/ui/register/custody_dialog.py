"""登记交接 (and 更正): one 材料交接单 — who gives, who receives, which materials with how
many originals and copies, a note.

The parties offered are the ones this case can have: the applicant, the agents who carry
it (and the village point's agent), the window, and a county department by name. The
materials the chosen giver holds are ticked for the clerk; the service checks again and
refuses a material the giver does not hold, and the refusal is shown in the case view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.custody import HandoverItem, Party, PartyKind
from hallapp.services.custody import HandoverForm, HandoverView, MaterialHolding
from hallapp.ui.register.reason_dialog import HINT_STYLE, dialog_buttons, show_problem

MAX_PIECES = 99


@dataclass(frozen=True)
class PartyChoice:
    """One entry of the giver and receiver lists; ``party`` None: a department by name."""

    text: str
    party: Party | None


def party_choices(
    applicant: str, agents: Sequence[Party], departments: Sequence[str]
) -> list[PartyChoice]:
    choices = [PartyChoice(f"申请人：{applicant}", Party(PartyKind.APPLICANT, "", applicant))]
    choices += [PartyChoice(a.label, a) for a in agents]
    choices.append(PartyChoice("受理窗口", Party(PartyKind.WINDOW)))
    choices += [
        PartyChoice(f"县级部门：{d}", Party(PartyKind.DEPARTMENT, d, d)) for d in departments
    ]
    choices.append(PartyChoice("县级部门（填写名称）", None))
    return choices


class _PartyPick(QWidget):
    """A party list and, for a department not listed, its name."""

    def __init__(self, choices: list[PartyChoice]) -> None:
        super().__init__()
        self.choices = choices
        self.combo = QComboBox()
        for choice in choices:
            self.combo.addItem(choice.text)
        self.combo.setCurrentIndex(-1)
        self.department = QLineEdit()
        self.department.setPlaceholderText("县级部门名称")
        self.department.setMaxLength(60)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.department)
        self.combo.currentIndexChanged.connect(lambda _i: self._changed())
        self._changed()

    def _changed(self) -> None:
        index = self.combo.currentIndex()
        typed = index >= 0 and self.choices[index].party is None
        self.department.setVisible(typed)

    def choose(self, party: Party) -> None:
        for i, choice in enumerate(self.choices):
            if choice.party == party:
                self.combo.setCurrentIndex(i)
                return
        if party.kind is PartyKind.DEPARTMENT:
            self.combo.setCurrentIndex(len(self.choices) - 1)
            self.department.setText(party.name)

    def party(self) -> Party | None:
        index = self.combo.currentIndex()
        if index < 0:
            return None
        chosen = self.choices[index].party
        if chosen is not None:
            return chosen
        name = self.department.text().strip()
        return Party(PartyKind.DEPARTMENT, name, name) if name else None


class HandoverDialog(QDialog):
    confirmed = Signal(object)  # HandoverForm

    def __init__(
        self,
        case_number: str,
        choices: list[PartyChoice],
        holdings: Sequence[MaterialHolding],
        corrects: HandoverView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.corrects = corrects
        self.holdings = list(holdings)
        if corrects is None:
            title = self.tr("登记材料交接 — 办件 %1").replace("%1", case_number)
            intro = self.tr("交接记录登记后不能修改；如有错误，以更正记录纠正。")
        else:
            title = self.tr("更正第%1号交接记录 — 办件 %2").replace("%1", str(corrects.id))
            title = title.replace("%2", case_number)
            intro = self.tr(
                "更正记录代替原记录（原记录保留并标为“已更正”）。"
                "如原交接并未发生，取消全部材料的勾选。"
            )
        self.setWindowTitle(title)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.giver = _PartyPick(choices)
        self.receiver = _PartyPick(choices)
        self.materials = QTableWidget(len(self.holdings), 4)
        self.materials.setHorizontalHeaderLabels(
            ["材料（勾选交接的）", "现在由谁保管", "原件", "复印件"]
        )
        self.materials.verticalHeader().hide()
        self.materials.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.materials.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.originals: list[QSpinBox] = []
        self.copies: list[QSpinBox] = []
        for row, held in enumerate(self.holdings):
            name = QTableWidgetItem(held.material)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Unchecked)
            self.materials.setItem(row, 0, name)
            holder = QTableWidgetItem(held.holder.label)
            holder.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.materials.setItem(row, 1, holder)
            for column, spins, value in ((2, self.originals, 1), (3, self.copies, 0)):
                spin = QSpinBox()
                spin.setRange(0, MAX_PIECES)
                spin.setValue(value)
                spins.append(spin)
                self.materials.setCellWidget(row, column, spin)
        self.materials.setMinimumWidth(560)
        self.note = QLineEdit()
        self.note.setMaxLength(500)
        self.hint = QLabel()
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setWordWrap(True)
        self.hint.hide()
        ok_text = self.tr("登记交接") if corrects is None else self.tr("登记更正")
        buttons, self.ok_button = dialog_buttons(self, ok_text)
        form = QFormLayout()
        for text, widget in (
            ("交出方(&G)：", self.giver.combo),
            ("接收方(&R)：", self.receiver.combo),
        ):
            label = QLabel(self.tr(text))
            label.setBuddy(widget)
            form.addRow(label, self.giver if widget is self.giver.combo else self.receiver)
        materials_label = QLabel(self.tr("材料(&L)："))
        materials_label.setBuddy(self.materials)
        note_text = "说明(&N)：" if corrects is None else "更正原因(&N)："
        note_label = QLabel(self.tr(note_text))
        note_label.setBuddy(self.note)
        form.addRow(materials_label, self.materials)
        form.addRow(note_label, self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.giver.combo.currentIndexChanged.connect(lambda _i: self._tick_giver_holdings())
        self.giver.department.textChanged.connect(lambda _t: self._tick_giver_holdings())
        self.receiver.combo.currentIndexChanged.connect(lambda _i: self.hint.hide())
        self.note.textChanged.connect(lambda _t: self.hint.hide())
        if corrects is not None:
            self._prefill(corrects)
        self.giver.combo.setFocus()

    def _prefill(self, record: HandoverView) -> None:
        self.giver.choose(record.giver)
        self.receiver.choose(record.receiver)
        moved = {i.material: i for i in record.items}
        for row, held in enumerate(self.holdings):
            item = moved.get(held.material)
            self.set_checked(held.material, item is not None)
            if item is not None:
                self.originals[row].setValue(item.originals)
                self.copies[row].setValue(item.copies)

    def _tick_giver_holdings(self) -> None:
        """What the giver holds is what usually changes hands: ticked, the rest not."""
        self.hint.hide()
        if self.corrects is not None:
            return  # a correction starts from the record it corrects
        giver = self.giver.party()
        for held in self.holdings:
            self.set_checked(held.material, giver is not None and held.holder == giver)

    def set_checked(self, material: str, checked: bool) -> None:
        for row, held in enumerate(self.holdings):
            if held.material == material:
                item = self.materials.item(row, 0)
                assert item is not None  # every row has its material
                state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                item.setCheckState(state)

    def items(self) -> tuple[HandoverItem, ...]:
        chosen = []
        for row, held in enumerate(self.holdings):
            item = self.materials.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                chosen.append(
                    HandoverItem(
                        held.material, self.originals[row].value(), self.copies[row].value()
                    )
                )
        return tuple(chosen)

    def _problem(self) -> tuple[str, QWidget | None]:
        giver, receiver = self.giver.party(), self.receiver.party()
        if giver is None:
            return self.tr("请选择交出方（县级部门须填写名称）"), self.giver.combo
        if receiver is None:
            return self.tr("请选择接收方（县级部门须填写名称）"), self.receiver.combo
        if giver == receiver:
            return self.tr("交出方和接收方不能是同一方"), self.receiver.combo
        items = self.items()
        if not items and self.corrects is None:
            return self.tr("请勾选交接的材料"), self.materials
        if any(i.originals + i.copies == 0 for i in items):
            return self.tr("勾选的材料须填写原件或复印件份数"), self.materials
        if self.corrects is not None and not self.note.text().strip():
            return self.tr("请写明更正原因"), self.note
        return "", None

    def accept(self) -> None:
        if show_problem(self.hint, self._problem()):
            return
        giver, receiver = self.giver.party(), self.receiver.party()
        assert giver is not None and receiver is not None
        form = HandoverForm(
            giver,
            receiver,
            self.items(),
            corrects=self.corrects.id if self.corrects is not None else None,
            note=self.note.text().strip(),
        )
        super().accept()
        self.confirmed.emit(form)
