"""An inline panel for errors and confirmations: visible without a modal dialog, so the
clerk can keep typing and tests can read what the user reads."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

_STYLES = {
    "error": "background:#fdecea; border:1px solid #e0a19b; color:#8a1c12;",
    "info": "background:#e8f4ea; border:1px solid #9cc9a4; color:#1e5b2a;",
}


class MessagePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messagePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.details = QListWidget()
        self.details.setMaximumHeight(140)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.hide)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details)
        self.hide()

    def show_message(self, kind: str, title: str, details: list[str] | None = None) -> None:
        self.setStyleSheet(f"#messagePanel {{{_STYLES[kind]}}} QLabel {{font-weight:bold;}}")
        self.title.setText(title)
        self.details.clear()
        self.details.addItems(details or [])
        self.details.setVisible(bool(details))
        self.show()

    def error(self, title: str, details: list[str] | None = None) -> None:
        self.show_message("error", title, details)

    def failure(self, exc: BaseException, prefix: str = "") -> None:
        """Show a failed operation: our own errors (and the lifecycle's refusals) by their
        Chinese message and problem list, anything else after ``prefix``."""
        message = getattr(exc, "message", None)
        if isinstance(message, str) and message:
            self.error(message, list(getattr(exc, "problems", None) or []))
        else:
            self.error((prefix or self.tr("操作失败：")) + str(exc))

    def info(self, title: str) -> None:
        self.show_message("info", title)

    @property
    def text(self) -> str:
        return self.title.text()

    def detail_lines(self) -> list[str]:
        return [self.details.item(i).text() for i in range(self.details.count())]
