"""The status bar's deadline figure, always in sight: "预警 N 件 · 超期 M 件" (超期 counts
超法定期限 too). A click goes to the monitor.

The two figures count cases only, exactly as the monitor's level buttons do. Follow-ups
(回访整改) and complaints (效能投诉) near or past their limit follow in a part of their
own, "｜ 回访投诉 预警 a · 超期 b", shown only while there are some: added into the case
figures they would make the bar disagree with the monitor and count two kinds of thing
as 件.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:  # the window shows before the database layer is imported
    from hallapp.services.deadlines import LevelCounts, OtherCounts

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
        self._hint = f"{hint}（{shortcut}）" if shortcut else hint
        self.setToolTip(self._hint)
        self.warning: int | None = None
        self.overdue: int | None = None
        self.follow_ups: OtherCounts | None = None
        self.complaints: OtherCounts | None = None
        self.hide()

    @property
    def other_warning(self) -> int:
        """回访整改 and 效能投诉 in 预警."""
        return sum(c.warning for c in (self.follow_ups, self.complaints) if c is not None)

    @property
    def other_overdue(self) -> int:
        return sum(c.overdue for c in (self.follow_ups, self.complaints) if c is not None)

    def show_counts(self, counts: LevelCounts) -> None:
        self.warning = counts.warning
        self.overdue = counts.overdue + counts.legal_overdue
        self._show()

    def show_others(self, follow_ups: OtherCounts, complaints: OtherCounts) -> None:
        self.follow_ups, self.complaints = follow_ups, complaints
        if self.warning is not None:
            self._show()

    def _show(self) -> None:
        text = (
            self.tr("预警 %1 件 · 超期 %2 件")
            .replace("%1", str(self.warning))
            .replace("%2", str(self.overdue))
        )
        warning, overdue = self.other_warning, self.other_overdue
        if warning or overdue:
            text += (
                self.tr("　｜　回访投诉 预警 %1 · 超期 %2")
                .replace("%1", str(warning))
                .replace("%2", str(overdue))
            )
        self.setText(text)
        self.setToolTip(self._tooltip())
        if self.overdue or overdue:
            style = f"color:{_RED}; font-weight:bold;"
        elif self.warning or warning:
            style = f"color:{_AMBER}; font-weight:bold;"
        else:
            style = ""
        self.setStyleSheet(f"QLabel {{{style} padding:0 6px;}}")
        self.show()

    def _tooltip(self) -> str:
        lines = [
            self.tr("办件：预警 %1 件，超期 %2 件（含超法定期限）")
            .replace("%1", str(self.warning))
            .replace("%2", str(self.overdue))
        ]
        for what, counts, unit in (
            (self.tr("回访整改"), self.follow_ups, self.tr("项")),
            (self.tr("效能投诉"), self.complaints, self.tr("件")),
        ):
            if counts is not None:
                lines.append(
                    self.tr("%1：预警 %2 %4，超期 %3 %4")
                    .replace("%1", what)
                    .replace("%2", str(counts.warning))
                    .replace("%3", str(counts.overdue))
                    .replace("%4", unit)
                )
        return "\n".join([*lines, self._hint])

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)
