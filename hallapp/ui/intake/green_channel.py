"""绿色通道: priority handling (elderly, disabled, key projects), always with a reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from hallapp.ui.intake.fields import FieldEdit, with_error


class GreenChannel(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.enabled = QCheckBox(self.tr("绿色通道(&G)"))
        self.reason = FieldEdit(placeholder=self.tr("理由，如高龄、残疾、重点项目"))
        self.reason.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(with_error(self.reason), 1)
        self.enabled.toggled.connect(self._toggled)
        self.reason.textChanged.connect(lambda _t: self.changed.emit())

    def _toggled(self, on: bool) -> None:
        self.reason.setEnabled(on)
        if on:
            self.reason.setFocus()
        else:
            self.reason.clear_error()
        self.changed.emit()

    def payload(self) -> dict[str, Any]:
        return {"on": self.enabled.isChecked(), "reason": self.reason.text()}

    def load_payload(self, data: dict[str, Any]) -> None:
        self.enabled.setChecked(bool(data.get("on")))
        self.reason.setText(str(data.get("reason", "")))

    def set_read_only(self, read_only: bool) -> None:
        self.enabled.setEnabled(not read_only)
        self.reason.setReadOnly(read_only)
        self.reason.setEnabled(self.enabled.isChecked())

    def clear(self) -> None:
        self.set_read_only(False)
        self.load_payload({})
        self.reason.clear_error()
