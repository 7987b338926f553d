"""The monitor's filters: 窗口人员, 部门, 事项, 代办员 and 绿色通道, each "全部" at first.

The choices come from the services (only departments and items that occur among open
cases); a reload keeps what was chosen when it is still offered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QWidget

from hallapp.services.deadlines import FilterOptions, MonitorFilter

ALL = "全部"


def _combo(width_chars: int) -> QComboBox:
    combo = QComboBox()
    # Long department and item names must not push the row off a 1280-pixel screen: the
    # box keeps a modest width and its list opens as wide as the longest name.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(width_chars)
    combo.addItem(ALL, None)
    return combo


def _fill(combo: QComboBox, choices: Iterable[tuple[Any, str]]) -> bool:
    """Replace the choices after 全部, keeping the current one if it is still there;
    True when it is not and the box went back to 全部."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    widest = combo.fontMetrics().horizontalAdvance(ALL)
    for value, text in choices:
        combo.addItem(text, value)
        combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        widest = max(widest, combo.fontMetrics().horizontalAdvance(text))
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.view().setMinimumWidth(widest + 40)
    combo.blockSignals(False)
    return combo.currentData() != current


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.clerk = _combo(4)
        self.department = _combo(8)
        self.item = _combo(8)
        self.agent = _combo(4)
        self.green = QComboBox()
        for text, value in ((ALL, None), ("是", True), ("否", False)):
            self.green.addItem(text, value)
        # Each name above its box: the row stays narrow enough for a 1024-pixel screen.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(2)
        pairs = (
            ("窗口人员", self.clerk),
            ("部门", self.department),
            ("事项", self.item),
            ("代办员", self.agent),
            ("绿色通道", self.green),
        )
        for column, (title, combo) in enumerate(pairs):
            label = QLabel(self.tr(title))
            label.setBuddy(combo)
            layout.addWidget(label, 0, column)
            layout.addWidget(combo, 1, column)
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        for column in (1, 2):  # 部门 and 事项 take the room there is
            layout.setColumnStretch(column, 1)
        self.clear_button = QPushButton(self.tr("清除筛选"))
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button, 1, len(pairs))
        self.setFocusProxy(self.clerk)

    def set_options(self, options: FilterOptions) -> bool:
        """New choices; True when one chosen is no longer offered and went back to 全部."""
        lost = _fill(self.clerk, options.clerks)
        lost |= _fill(self.department, ((d, d) for d in options.departments))
        # One line per item code: an item whose name changed between catalogue versions
        # is still one item.
        items: dict[str, str] = {}
        for code, name in options.items:
            items.setdefault(code, name)
        lost |= _fill(self.item, items.items())
        lost |= _fill(self.agent, options.agents)
        return lost

    def value(self, base: MonitorFilter) -> MonitorFilter:
        """``base`` (its level) narrowed by what is chosen here."""
        return replace(
            base,
            clerk_id=self.clerk.currentData(),
            department=self.department.currentData(),
            item_code=self.item.currentData(),
            agent_id=self.agent.currentData(),
            green_channel=self.green.currentData(),
        )

    def clear(self) -> None:
        """Everything back to 全部, with one ``changed``."""
        for combo in (self.clerk, self.department, self.item, self.agent, self.green):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.changed.emit()
