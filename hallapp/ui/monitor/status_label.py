"""The status bar's deadline figure, always in sight: "预警 N 件 · 超期 M 件" (超期 counts
超法定期限 too). A click goes to the monitor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:  # the window shows before the database layer is imported
    from hallapp.services.deadlines import LevelCounts

_RED = "#a3160b"  # the 超期 button's
_AMBER = "#7a5200"  # the 预警 button's


class DeadlineStatus(QLabel):
    clicked = Signal()

    def __init__(self, shortcut: str = "") -> None:
        super().__init__()
        self.setObjectName("deadlineStatus")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        hint = self.tr("单击查看期限监控")
        self.setToolTip(f"{hint}（{shortcut}）" if shortcut else hint)
        self.warning: int | None = None
        self.overdue: int | None = None
        self.hide()

    def show_counts(self, counts: LevelCounts) -> None:
        self.warning = counts.warning
        self.overdue = counts.overdue + counts.legal_overdue
        self.setText(
            self.tr("预警 %1 件 · 超期 %2 件")
            .replace("%1", str(self.warning))
            .replace("%2", str(self.overdue))
        )
        if self.overdue:
            style = f"color:{_RED}; font-weight:bold;"
        elif self.warning:
            style = f"color:{_AMBER}; font-weight:bold;"
        else:
            style = ""
        self.setStyleSheet(f"QLabel {{{style} padding:0 6px;}}")
        self.show()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)

