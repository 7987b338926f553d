"""The 同步状态 box: where the hall sends, what waits, how the last run went."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

from hallapp.ui.sync.texts import full_time, interval_text, version_text

if TYPE_CHECKING:
    from hallapp.services.sync import SyncStatus

_RED = "#a3160b"


def _value() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class StatusPanel(QGroupBox):
    def __init__(self) -> None:
        super().__init__(self.tr("同步状态"))
        self.hub_url = _value()
        self.hall_code = _value()
        self.pending = _value()
        self.pending.setStyleSheet("font-size:18px; font-weight:bold;")
        self.last_success = _value()
        self.last_error = _value()
        self.last_error.setStyleSheet(f"color:{_RED}; font-weight:bold;")
        self.auto = _value()
        self.versions = _value()
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        for title, value in (
            (self.tr("县级平台地址："), self.hub_url),
            (self.tr("本中心代码："), self.hall_code),
            (self.tr("待上报："), self.pending),
            (self.tr("上次成功："), self.last_success),
            (self.tr("上次失败原因："), self.last_error),
            (self.tr("自动同步："), self.auto),
            (self.tr("已接收版本："), self.versions),
        ):
            form.addRow(title, value)
        self._form = form

    def show_status(self, status: SyncStatus) -> None:
        unset = self.tr("（未配置）")
        self.hub_url.setText(status.hub_url or unset)
        self.hall_code.setText(status.hall_code or unset)
        self.pending.setText(self.tr("%1 条").replace("%1", str(status.pending)))
        self.last_success.setText(
            full_time(status.last_success_at) if status.last_success_at else self.tr("尚未同步")
        )
        self.last_error.setText(status.last_error)
        self._form.setRowVisible(self.last_error, bool(status.last_error))
        self.auto.setText(interval_text(status.auto_minutes) if status.configured else unset)
        self.versions.setText(
            version_text("catalogue", status.catalogue_version)
            + " · "
            + version_text("calendar", status.calendar_version)
        )
