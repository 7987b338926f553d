"""The materials checklist (申请材料) of one intake as a table model.

Rows start from the item's list in the catalogue: required materials as 缺少 until the
clerk has them in hand, optional ones as 不适用. The clerk's keys change a row through the
small methods below, so the keyboard, the mouse and the tests all go the same way.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from hallapp.core.catalogue import MaterialForm, MaterialSpec
from hallapp.core.intake import MaterialLine, MaterialStatus

Index = QModelIndex | QPersistentModelIndex
LINE_ROLE = Qt.ItemDataRole.UserRole + 1

_STATUS_COLOURS = {
    MaterialStatus.RECEIVED: "#e3f1e5",
    MaterialStatus.MISSING: "#fbe3e0",
    MaterialStatus.DEFECTIVE: "#fdf0d5",
    MaterialStatus.NOT_APPLICABLE: "#f1f1f1",
}


def form_label(value: str) -> str:
    try:
        return MaterialForm(value).label
    except ValueError:
        return value


def lines_from_spec(materials: tuple[MaterialSpec, ...]) -> list[MaterialLine]:
    """The checklist as the catalogue gives it: nothing counted as received yet."""
    return [
        MaterialLine(
            name=m.name,
            form=m.form.value,
            copies_required=m.copies,
            required=m.required,
            status=MaterialStatus.MISSING if m.required else MaterialStatus.NOT_APPLICABLE,
        )
        for m in materials
    ]


class MaterialsModel(QAbstractTableModel):
    NAME, FORM, COPIES_REQUIRED, REQUIRED, STATUS, ORIGINAL, COPIES_TAKEN, PROBLEM = range(8)
    COLUMN_COUNT = 8

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[MaterialLine] = []
        self._notes: list[str] = []
        self._headers = [
            self.tr("材料名称"),
            self.tr("形式"),
            self.tr("应交份数"),
            self.tr("必需"),
            self.tr("状态"),
            self.tr("原件已核"),
            self.tr("收取份数"),
            self.tr("补正说明"),
        ]

    # content ----------------------------------------------------------------------------
    def set_lines(self, lines: list[MaterialLine], notes: list[str] | None = None) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self._notes = list(notes) if notes is not None else [""] * len(lines)
        self._notes += [""] * (len(self._lines) - len(self._notes))
        self.endResetModel()

    def lines(self) -> tuple[MaterialLine, ...]:
        return tuple(self._lines)

    def line(self, row: int) -> MaterialLine:
        return self._lines[row]

    def _put(self, row: int, line: MaterialLine) -> None:
        self._lines[row] = line
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.COLUMN_COUNT - 1))

    def set_status(self, row: int, status: MaterialStatus) -> None:
        """Set a row's status; copies and the original follow what the status means."""
        line = self._lines[row]
        if status is MaterialStatus.RECEIVED:
            copies = line.copies_taken or line.copies_required
            line = replace(line, status=status, copies_taken=copies, problem="")
        elif status is MaterialStatus.DEFECTIVE:
            line = replace(line, status=status)
        else:
            problem = line.problem if status is MaterialStatus.MISSING else ""
            line = replace(
                line, status=status, copies_taken=0, original_seen=False, problem=problem
            )
        self._put(row, line)

    def toggle_original(self, row: int) -> None:
        line = self._lines[row]
        self._put(row, replace(line, original_seen=not line.original_seen))

    def change_copies(self, row: int, delta: int) -> None:
        line = self._lines[row]
        self._put(row, replace(line, copies_taken=max(0, line.copies_taken + delta)))

    def set_problem(self, row: int, text: str) -> None:
        self._put(row, replace(self._lines[row], problem=text))

    def mark_all_received(self) -> int:
        """全部已收: every required material received, original seen, the required copies."""
        changed = 0
        for row, line in enumerate(self._lines):
            if line.required or line.extra:
                self._lines[row] = replace(
                    line,
                    status=MaterialStatus.RECEIVED,
                    original_seen=True,
                    copies_taken=max(line.copies_taken, line.copies_required),
                    problem="",
                )
                changed += 1
        if self._lines:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._lines) - 1, self.COLUMN_COUNT - 1)
            )
        return changed

    def add_extra(self) -> int:
        """A material the catalogue does not list; it counts as required once added."""
        row = len(self._lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self._lines.append(
            MaterialLine(
                name="",
                form=MaterialForm.COPY.value,
                copies_required=1,
                required=True,
                status=MaterialStatus.RECEIVED,
                copies_taken=1,
                extra=True,
            )
        )
        self._notes.append("")
        self.endInsertRows()
        return row

    # Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < self.COLUMN_COUNT else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column, extra = index.column(), self._lines[index.row()].extra
        if column == self.ORIGINAL:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif column in (self.STATUS, self.COPIES_TAKEN, self.PROBLEM) or (
            extra and column in (self.NAME, self.FORM, self.COPIES_REQUIRED)
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line, column = self._lines[index.row()], index.column()
        if role == LINE_ROLE:
            return line
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(line, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(line, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == self.ORIGINAL:
            return Qt.CheckState.Checked if line.original_seen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and column == self.STATUS:
            return QBrush(QColor(_STATUS_COLOURS[line.status]))
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return self._notes[index.row()] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.COPIES_REQUIRED,
            self.REQUIRED,
            self.STATUS,
            self.COPIES_TAKEN,
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, line: MaterialLine, column: int) -> str | None:
        if column == self.NAME:
            return line.name or self.tr("（请填写材料名称）")
        if column == self.FORM:
            return form_label(line.form)
        if column == self.COPIES_REQUIRED:
            return str(line.copies_required)
        if column == self.REQUIRED:
            return self.tr("必需") if line.required else self.tr("选交")
        if column == self.STATUS:
            return line.status.label
        if column == self.COPIES_TAKEN:
            return str(line.copies_taken)
        if column == self.PROBLEM:
            return line.problem
        return None

    def _edit_value(self, line: MaterialLine, column: int) -> Any:
        return {
            self.NAME: line.name,
            self.FORM: line.form,
            self.COPIES_REQUIRED: line.copies_required,
            self.STATUS: line.status.value,
            self.COPIES_TAKEN: line.copies_taken,
            self.PROBLEM: line.problem,
        }.get(column)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not self.flags(index) & (
            Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
        ):
            return False
        row, column, line = index.row(), index.column(), self._lines[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and column == self.ORIGINAL:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self._put(row, replace(line, original_seen=checked))
            return True
        if role != Qt.ItemDataRole.EditRole:
            return False
        try:
            if column == self.STATUS:
                self.set_status(row, MaterialStatus(value))
            elif column == self.PROBLEM:
                self.set_problem(row, str(value))
            elif column == self.NAME:
                self._put(row, replace(line, name=str(value).strip()))
            elif column == self.FORM:
                self._put(row, replace(line, form=MaterialForm(value).value))
            elif column == self.COPIES_TAKEN:
                self._put(row, replace(line, copies_taken=max(0, int(value))))
            elif column == self.COPIES_REQUIRED:
                self._put(row, replace(line, copies_required=max(0, int(value))))
            else:
                return False
        except (ValueError, TypeError):
            return False
        return True
