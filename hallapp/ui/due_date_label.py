"""A due date as the clerk sees it: provisional dates carry a mark and say why."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from hallapp.core.workdays import DueDate

PROVISIONAL_STYLE = "color:#9a5b00; font-weight:bold;"


class DueDateLabel(QLabel):
    def set_due(self, due: DueDate | None) -> None:
        if due is None:
            self.setText("—")
            self.setToolTip("")
            self.setStyleSheet("")
            return
        day = due.day.isoformat()
        if not due.provisional:
            self.setText(day)
            self.setToolTip("")
            self.setStyleSheet("")
            return
        self.setText(day + self.tr("（暂定）"))
        self.setStyleSheet(PROVISIONAL_STYLE)
        self.setToolTip(
            self.tr(
                "计算跨入了尚未载入节假日安排的年份（%1年），暂按仅周末休息计算。"
                "载入该年安排后，日期可能推后。"
            ).replace("%1", str(due.day.year))
        )
