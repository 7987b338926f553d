"""A work area that is not built yet says so honestly, instead of showing fake data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class UnavailablePage(QWidget):
    def __init__(self, title: str, purpose: str) -> None:
        super().__init__()
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(
            purpose
            + "<br><br>"
            + self.tr("此功能尚未提供，将在后续版本中开放。这里不显示任何示例或虚构数据。")
        )
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
        self.setObjectName("unavailablePage")


class LoadingPage(QWidget):
    """Stands in for a work area while the database opens in the background."""

    def __init__(self) -> None:
        super().__init__()
        label = QLabel(self.tr("正在打开数据库，请稍候…"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
