"""同步设置: the hub's address, this hall's code, the credential file the county issued,
and how often to sync by itself. The service decides who may change them (中心负责人 or
管理员) and checks every value; its Chinese message shows in the dialog, which stays open
until the save succeeds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor

if TYPE_CHECKING:
    from hallapp.services.facade import HallServices
    from hallapp.services.sync import SyncStatus


class SyncSettingsDialog(QDialog):
    saved = Signal(object)  # the SyncStatus after the change

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        status: SyncStatus | None,
        default_code: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._executor = executor
        self.setWindowTitle(self.tr("同步设置"))
        self.setMinimumWidth(560)
        self.messages = MessagePanel()
        self.hub_url = QLineEdit(status.hub_url if status else "")
        self.hub_url.setPlaceholderText("https://zwfw.example.gov.cn")
        self.hall_code = QLineEdit((status.hall_code if status else "") or default_code)
        self.hall_code.setMaxLength(12)
        self.hall_code.setPlaceholderText(self.tr("12位区划代码"))
        self.credential = QLineEdit()
        self.credential.setPlaceholderText(self.tr("县级平台发给本中心的凭据文件"))
        self.browse = QPushButton(self.tr("选择(&B)…"))
        self.browse.clicked.connect(self._choose_credential)
        self.interval = QSpinBox()
        self.interval.setRange(0, 24 * 60)
        self.interval.setSuffix(self.tr(" 分钟"))
        self.interval.setSpecialValueText(self.tr("不自动同步"))
        self.interval.setValue(status.auto_minutes if status and status.configured else 15)
        credential_row = QHBoxLayout()
        credential_row.addWidget(self.credential, 1)
        credential_row.addWidget(self.browse)

        form = QFormLayout()
        for title, field, row in (
            (self.tr("县级平台地址(&U)："), self.hub_url, self.hub_url),
            (self.tr("本中心代码(&H)："), self.hall_code, self.hall_code),
            (self.tr("凭据文件(&F)："), self.credential, credential_row),
            (self.tr("自动同步间隔(&M)："), self.interval, self.interval),
        ):
            label = QLabel(title)
            label.setBuddy(field)
            form.addRow(label, row)
        note = QLabel(
            self.tr("修改同步设置需要中心负责人或管理员角色。间隔为 0 时只在按“立即同步”时同步。")
        )
        note.setWordWrap(True)
        note.setStyleSheet("color:#555;")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("保存(&S)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

    def _choose_credential(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择凭据文件"), "", self.tr("凭据文件 (*.json);;所有文件 (*)")
        )
        if name:
            self.credential.setText(name)

    def save(self) -> None:
        url, code = self.hub_url.text().strip(), self.hall_code.text().strip()
        # Even an empty form goes to the service: it says first whether this user may
        # change the settings at all, then what is wrong with each value.
        credential, minutes = self.credential.text().strip(), self.interval.value()
        services = self._services
        self.messages.hide()
        self.save_button.setEnabled(False)
        self._executor.submit(
            lambda: services.configure_sync(url, code, Path(credential), minutes),
            self._saved,
            self._failed,
        )

    def _saved(self, status: SyncStatus) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(status)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.messages.failure(exc, self.tr("同步设置未能保存："))
