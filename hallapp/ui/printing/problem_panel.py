"""A printing message in the screen itself: what came out, or why nothing did and the
way round it (另存为PDF), without a modal box the clerk must dismiss first."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

_STYLES = {
    "error": "background:#fdecea; border:1px solid #e0a19b; color:#8a1c12;",
    "info": "background:#e8f4ea; border:1px solid #9cc9a4; color:#1e5b2a;",
}


class PrintMessage(QWidget):
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printMessage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(self.tr("另存为PDF…"))
        self.save_button.setAutoDefault(True)
        self.save_button.clicked.connect(self.save_requested.emit)
        close = QPushButton(self.tr("知道了"))
        close.setAutoDefault(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.save_button)
        layout.addWidget(close)
        self.hide()

    def _show(self, kind: str, text: str, can_save: bool) -> None:
        self.setStyleSheet(
            f"#printMessage {{{_STYLES[kind]}}} #printMessage QLabel {{font-weight:bold;}}"
        )
        self.label.setText(text)
        self.save_button.setVisible(can_save)
        self.show()

    def problem(self, text: str, can_save: bool = True) -> None:
        """Nothing came out. With ``can_save`` the PDF can be kept instead; the save
        button takes the focus, so Enter saves."""
        self._show("error", text, can_save)
        if can_save:
            self.save_button.setFocus()

    def info(self, text: str) -> None:
        self._show("info", text, False)

    @property
    def text(self) -> str:
        return self.label.text()

    @property
    def offers_saving(self) -> bool:
        return not self.isHidden() and not self.save_button.isHidden()
