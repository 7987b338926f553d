"""The four decisions at the counter (行政许可法 第三十二条), each one key away.

Ctrl+Enter takes the primary decision: 受理, or 即办 for an item with a limit of 0.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from hallapp.core.intake import Decision


class DecisionBar(QWidget):
    decided = Signal(object)  # Decision

    def __init__(self) -> None:
        super().__init__()
        self.buttons = {
            Decision.ACCEPT: QPushButton(self.tr("受理(&A)")),
            Decision.NOTICE: QPushButton(self.tr("一次性告知(&N)")),
            Decision.REFUSE: QPushButton(self.tr("不予受理(&R)…")),
            Decision.ON_THE_SPOT: QPushButton(self.tr("即办(&J)")),
        }
        self.accept_button = self.buttons[Decision.ACCEPT]
        self.notice_button = self.buttons[Decision.NOTICE]
        self.refuse_button = self.buttons[Decision.REFUSE]
        self.on_the_spot_button = self.buttons[Decision.ON_THE_SPOT]
        self.accept_button.setToolTip(self.tr("材料齐全，受理（Ctrl+Enter）"))
        self.on_the_spot_button.setToolTip(self.tr("即办件当场办结（Ctrl+Enter）"))
        self.notice_button.setToolTip(self.tr("材料缺少或不符合要求：一次性告知须补正的全部材料"))
        self.status = QLabel()
        self.status.setStyleSheet("color:#555;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.status, 1)
        for decision, button in self.buttons.items():
            button.setMinimumHeight(36)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, d=decision: self.decided.emit(d))
            layout.addWidget(button)
        self._on_the_spot: bool | None = None
        self._busy = False
        self._refresh()

    def set_item(self, on_the_spot: bool | None) -> None:
        """``None`` while no item is picked: nothing can be decided yet."""
        self._on_the_spot = on_the_spot
        self._refresh()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._refresh()

    @property
    def busy(self) -> bool:
        return self._busy

    def primary(self) -> Decision | None:
        if self._on_the_spot is None:
            return None
        return Decision.ON_THE_SPOT if self._on_the_spot else Decision.ACCEPT

    def _refresh(self) -> None:
        picked = self._on_the_spot is not None and not self._busy
        self.accept_button.setEnabled(picked and not self._on_the_spot)
        self.on_the_spot_button.setEnabled(picked and bool(self._on_the_spot))
        self.notice_button.setEnabled(picked)
        self.refuse_button.setEnabled(picked)
        if self._busy:
            self.status.setText(self.tr("正在保存，请稍候…"))
        elif self._on_the_spot is None:
            self.status.setText(self.tr("请先选择事项"))
        else:
            primary = self.primary()
            assert primary is not None
            self.status.setText(self.tr("Ctrl+Enter：%1").replace("%1", primary.label))
