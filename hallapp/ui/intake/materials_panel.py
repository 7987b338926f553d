"""申请材料: the checklist table, driven by single keys.

In the table: 1 已收, 2 缺少, 3 不符合要求, 0 不适用; Space toggles 原件已核; + and - change
the copies taken; F2 writes the 补正说明. Tab leaves the table, so the form's tab order
stays the paper form's order.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.catalogue import MaterialForm
from hallapp.core.intake import MaterialStatus
from hallapp.ui.intake.materials_model import MaterialsModel

Index = QModelIndex | QPersistentModelIndex
M = MaterialsModel

STATUS_KEYS = {
    Qt.Key.Key_1: MaterialStatus.RECEIVED,
    Qt.Key.Key_2: MaterialStatus.MISSING,
    Qt.Key.Key_3: MaterialStatus.DEFECTIVE,
    Qt.Key.Key_0: MaterialStatus.NOT_APPLICABLE,
}


class MaterialDelegate(QStyledItemDelegate):
    """Combo boxes for the status and the form, a line editor for text."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = index.column()
        if column == M.STATUS:
            combo = QComboBox(parent)
            for status in MaterialStatus:
                combo.addItem(status.label, status.value)
            return combo
        if column == M.FORM:
            combo = QComboBox(parent)
            for form in MaterialForm:
                combo.addItem(form.label, form.value)
            return combo
        if column in (M.PROBLEM, M.NAME):
            edit = QLineEdit(parent)
            edit.setObjectName("materialTextEditor")
            if column == M.PROBLEM:
                edit.setPlaceholderText(self.tr("写明缺少什么或哪里不符合要求，回车确认"))
            return edit
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class MaterialsTable(QTableView):
    def __init__(self, model: MaterialsModel) -> None:
        super().__init__()
        self.materials = model
        self.setModel(model)
        self.setItemDelegate(MaterialDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(M.NAME, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(M.NAME, 330)
        header.setSectionResizeMode(M.PROBLEM, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        for signal in (model.modelReset, model.rowsInserted):
            signal.connect(self._fit_height)
        self._fit_height()

    def _fit_height(self) -> None:
        """Show every row: the form scrolls, the table never hides a material."""
        rows = max(self.materials.rowCount(), 2)
        height = self.horizontalHeader().sizeHint().height()
        height += rows * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth() + 2
        self.setFixedHeight(height)

    def commit_editing(self) -> None:
        """Keep what is typed in an open editor (Ctrl+Enter while writing a 补正说明)."""
        if self.state() == QAbstractItemView.State.EditingState:
            editor = self.indexWidget(self.currentIndex())
            if editor is not None:
                self.commitData(editor)
                self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def focus_row(self, row: int, column: int = M.STATUS) -> None:
        if not 0 <= row < self.materials.rowCount():
            return
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setCurrentIndex(self.materials.index(row, column))

    def edit_problem(self, row: int | None = None) -> None:
        row = self.current_row() if row is None else row
        if row < 0:
            return
        index = self.materials.index(row, M.PROBLEM)
        self.setCurrentIndex(index)
        self.edit(index)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.current_row() < 0 and self.materials.rowCount():
            self.setCurrentIndex(self.materials.index(0, M.STATUS))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.current_row()
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        if row >= 0 and plain and self.state() != QAbstractItemView.State.EditingState:
            if key in STATUS_KEYS:
                self.materials.set_status(row, STATUS_KEYS[Qt.Key(key)])
                return
            if key == Qt.Key.Key_Space:
                self.materials.toggle_original(row)
                return
            if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
                self.materials.change_copies(row, 1)
                return
            if key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
                self.materials.change_copies(row, -1)
                return
            if key == Qt.Key.Key_F2:
                line = self.materials.line(row)
                column = self.currentIndex().column()
                if line.extra and (not line.name or column == M.NAME):
                    self.edit(self.materials.index(row, M.NAME))
                else:
                    self.edit_problem(row)
                return
        super().keyPressEvent(event)


class MaterialsPanel(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.model = MaterialsModel()
        self.table = MaterialsTable(self.model)
        self.title = QLabel(self.tr("申请材料(&C)"))
        self.title.setBuddy(self.table)
        self.keys_hint = QLabel(
            self.tr(
                "表格内按键：1 已收　2 缺少　3 不符合要求　0 不适用　"
                "空格 原件已核　+/- 份数　F2 补正说明"
            )
        )
        self.keys_hint.setStyleSheet("color:#555;")
        self.all_received = QPushButton(self.tr("全部已收(&L)"))
        self.all_received.setToolTip(self.tr("所有必需材料：已收、原件已核、按应交份数收取"))
        self.add_button = QPushButton(self.tr("添加材料(&M)"))
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.keys_hint, 1)
        top.addWidget(self.all_received)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)

        # On press, not on release: Alt+L animates a 100 ms click, and a fast clerk's
        # Ctrl+Enter right after it must already see every material received.
        self.all_received.pressed.connect(self.mark_all_received)
        self.add_button.clicked.connect(self.add_extra)
        self.model.dataChanged.connect(lambda *_: self.changed.emit())
        self.model.rowsInserted.connect(lambda *_: self.changed.emit())

    def mark_all_received(self) -> None:
        self.model.mark_all_received()
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.table.current_row() < 0 and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, M.STATUS))

    def add_extra(self) -> None:
        row = self.model.add_extra()
        index = self.model.index(row, M.NAME)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def focus_first_outstanding(self) -> None:
        lines = self.model.lines()
        rows = [
            i
            for i, m in enumerate(lines)
            if m.status in (MaterialStatus.MISSING, MaterialStatus.DEFECTIVE)
        ]
        self.table.focus_row(rows[0] if rows else 0)
