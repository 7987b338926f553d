"""The case's documents as a menu: each one it may have, numbered for the keyboard, those
it may not have greyed out with the reason in words (older clerks rarely hover), and the
80 mm slip beside the documents the counter's receipt printer takes, and, on a computer
with a 小票打印机 set, an entry that prints the slip there straight away."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from hallapp.documents.model import DocumentKind, PaperFormat
from hallapp.services.printing import COUNTER_KINDS, DocumentChoice
from hallapp.ui.printing.texts import COUNTER, document_title

_KEYS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class DocumentMenu(QMenu):
    chosen = Signal(object, object)  # DocumentKind, PaperFormat

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTipsVisible(True)
        self.entries: dict[tuple[DocumentKind, PaperFormat], QAction] = {}

    def set_choices(self, choices: Sequence[DocumentChoice], counter: bool = False) -> None:
        """``counter``: this computer has a 小票打印机, so the receipt and the bill get an
        entry (PaperFormat.ESCPOS) that prints there without a preview."""
        self.clear()
        self.entries = {}
        for choice in choices:
            shown = (PaperFormat.A4, PaperFormat.THERMAL_80MM)  # ESC/POS is not for a dialog
            formats = [f for f in shown if f in choice.formats] or [PaperFormat.A4]
            if counter and choice.kind in COUNTER_KINDS:
                formats.append(PaperFormat.ESCPOS)
            for fmt in formats:
                self._add(choice, fmt)

    def _add(self, choice: DocumentChoice, fmt: PaperFormat) -> None:
        key = _KEYS[len(self.entries)] if len(self.entries) < len(_KEYS) else ""
        direct = fmt is PaperFormat.ESCPOS
        text = f"{choice.kind.title} → {COUNTER}" if direct else document_title(choice.kind, fmt)
        if not choice.applies and choice.reason_if_not:
            text += f"　—　{choice.reason_if_not}"
        # "…" promises a preview; the counter entry prints at once.
        action = self.addAction(
            (f"&{key}  " if key else "") + text + ("…" if choice.applies and not direct else "")
        )
        action.setEnabled(choice.applies)
        action.setToolTip(choice.reason_if_not if not choice.applies else text)
        action.triggered.connect(
            lambda _checked=False, k=choice.kind, f=fmt: self.chosen.emit(k, f)
        )
        self.entries[(choice.kind, fmt)] = action

    def first_enabled(self) -> QAction | None:
        return next((a for a in self.entries.values() if a.isEnabled()), None)
