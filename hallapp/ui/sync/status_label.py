"""The status bar's sync figure, always in sight: "待上报 12 条 · 上次同步 10:42", or the
failure in red. A click goes to the 同步 area."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel

from hallapp.ui.sync.texts import status_line

if TYPE_CHECKING:  # the window shows before the database layer is imported
    from hallapp.services.sync import SyncStatus

RED = "#a3160b"  # the deadline figure's 超期 red, so bad news looks alike


class SyncStatusLabel(QLabel):
    clicked = Signal()

    def __init__(self, shortcut: str = "") -> None:
        super().__init__(self.tr("同步：未配置县级平台"))
        self.setObjectName("syncStatus")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        hint = self.tr("单击查看同步情况")
        self.setToolTip(f"{hint}（{shortcut}）" if shortcut else hint)
        self.bad = False
        self._style(False)

    def show_status(self, status: SyncStatus, today: date) -> None:
        text, bad = status_line(status, today)
        self.setText(text)
        self._style(bad)

    def show_running(self, text: str) -> None:
        self.setText(self.tr("正在同步：") + text)
        self._style(False)

    def _style(self, bad: bool) -> None:
        self.bad = bad
        colour = f"color:{RED}; font-weight:bold;" if bad else ""
        self.setStyleSheet(f"QLabel {{{colour} padding:0 6px;}}")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)
