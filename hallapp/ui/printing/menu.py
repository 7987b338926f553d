"""The case's documents as a menu: each one it may have, numbered for the keyboard, those
it may not have greyed out with the reason in words (older clerks rarely hover), and the
80 mm slip beside the documents the counter's receipt printer takes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from hallapp.documents.model import DocumentKind, PaperFormat
from hallapp.services.printing import DocumentChoice
from hallapp.ui.printing.texts import document_title

_KEYS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class DocumentMenu(QMenu):
    chosen = Signal(object, object)  # DocumentKind, PaperFormat

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTipsVisible(True)
        self.entries: dict[tuple[DocumentKind, PaperFormat], QAction] = {}

    def set_choices(self, choices: Sequence[DocumentChoice]) -> None:
        self.clear()
        self.entries = {}
        for choice in choices:
            shown = (PaperFormat.A4, PaperFormat.THERMAL_80MM)  # ESC/POS is not for a dialog
            formats = [f for f in shown if f in choice.formats] or [PaperFormat.A4]
            for fmt in formats:
                self._add(choice, fmt)

    def _add(self, choice: DocumentChoice, fmt: PaperFormat) -> None:
        key = _KEYS[len(self.entries)] if len(self.entries) < len(_KEYS) else ""
        text = document_title(choice.kind, fmt)
        if not choice.applies and choice.reason_if_not:
            text += f"　—　{choice.reason_if_not}"
        action = self.addAction(
            (f"&{key}  " if key else "") + text + ("…" if choice.applies else "")
        )
        action.setEnabled(choice.applies)
        action.setToolTip(choice.reason_if_not if not choice.applies else text)
        action.triggered.connect(
            lambda _checked=False, k=choice.kind, f=fmt: self.chosen.emit(k, f)
        )
        self.entries[(choice.kind, fmt)] = action

    def first_enabled(self) -> QAction | None:
        return next((a for a in self.entries.values() if a.isEnabled()), None)
