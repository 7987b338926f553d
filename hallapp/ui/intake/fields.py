"""Line edits of the intake form: checked when the clerk leaves them, never while typing.

Each :class:`FieldEdit` carries its own error label, shown next to it in plain Chinese.
Enter moves on to the next field, as clerks used to paper-form software expect.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.identity import InvalidDocument

ERROR_STYLE = "color:#b3261e;"
Check = Callable[[str], object]


class FieldEdit(QLineEdit):
    def __init__(self, check: Check | None = None, placeholder: str = "") -> None:
        super().__init__()
        self._check = check
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        if placeholder:
            self.setPlaceholderText(placeholder)
        self.textChanged.connect(self._recheck)

    def setReadOnly(self, read_only: bool) -> None:
        super().setReadOnly(read_only)
        self.style().unpolish(self)  # the form's style sheet greys read-only fields
        self.style().polish(self)

    def set_check(self, check: Check | None) -> None:
        self._check = check
        self.clear_error()

    def validate(self) -> bool:
        """Run the field's check; an empty field is left for the decision to report."""
        if self._check is None or not self.text().strip():
            self.clear_error()
            return True
        try:
            self._check(self.text())
        except InvalidDocument as exc:
            self.show_error(exc.message)
            return False
        self.clear_error()
        return True

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    @property
    def error_text(self) -> str:
        return self.error.text()

    def _recheck(self, _text: str) -> None:
        # While typing, an error only goes away (once the text is right); it never appears.
        if self.error.text() and self._check is not None:
            try:
                self._check(self.text())
            except InvalidDocument:
                return
            self.clear_error()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason and not self.isReadOnly():
            self.validate()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            super().keyPressEvent(event)
            self.focusNextChild()
            return
        super().keyPressEvent(event)


def with_error(edit: FieldEdit, *extra: QWidget) -> QWidget:
    """The edit (and what follows it on its line) above its error label."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    if extra:
        line = QHBoxLayout()
        line.addWidget(edit, 1)
        for widget in extra:
            line.addWidget(widget)
        layout.addLayout(line)
    else:
        layout.addWidget(edit)
    layout.addWidget(edit.error)
    return box


def align_rows(grid: QGridLayout) -> None:
    """Keep each caption level with its field when an error line opens under a field."""
    line_height = QLineEdit().sizeHint().height()
    for i in range(grid.count()):
        item = grid.itemAt(i)
        if item is None:
            continue
        item.setAlignment(Qt.AlignmentFlag.AlignTop)
        widget = item.widget()
        if isinstance(widget, QLabel):
            widget.setMinimumHeight(line_height)
