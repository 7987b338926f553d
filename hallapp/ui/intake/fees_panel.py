"""收费（一票制）: every fee of the case on one bill. Money is integer fen, never a float.

Only the hall supervisor may waive a fee (减免), and only with a reason.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.intake import FeeLine, PaymentMethod

PAYING_METHODS = [PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.MOBILE]


def _tr(text: str) -> str:
    return QCoreApplication.translate("FeesPanel", text)


def yuan(fen: int) -> str:
    """``2000`` → ``20.00``: integer arithmetic only."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


class _FeeRow:
    def __init__(self, fee: FeeLine, may_waive: bool, tooltip: str, placeholder: str) -> None:
        self.fee = fee
        self.name = QLabel(fee.name)
        self.amount = QLabel(_tr("%1 元").replace("%1", yuan(fee.amount_fen)))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.waived = QCheckBox(_tr("减免"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(placeholder)
        self.reason.hide()  # only a waived fee needs a reason
        self.waived.setEnabled(may_waive)
        if not may_waive:
            self.waived.setToolTip(tooltip)

    def line(self) -> FeeLine:
        waived = self.waived.isChecked()
        return FeeLine(
            self.fee.name, self.fee.amount_fen, waived, self.reason.text() if waived else ""
        )


class FeesPanel(QWidget):
    changed = Signal()

    def __init__(self, may_waive: bool) -> None:
        super().__init__()
        self._may_waive = may_waive
        self._read_only = False
        self.rows: list[_FeeRow] = []
        self.none_label = QLabel(self.tr("本事项不收费"))
        self.grid_box = QWidget()
        self.grid = QGridLayout(self.grid_box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(3, 1)
        self.total = QLabel()
        self.total.setObjectName("feeTotal")
        self.total.setStyleSheet("font-weight:bold;")
        self.payment = QComboBox()
        self.payment.addItem(self.tr("请选择缴费方式"), PaymentMethod.NONE.value)
        for method in PAYING_METHODS:
            self.payment.addItem(method.label, method.value)
        self.payment_label = QLabel(self.tr("缴费方式(&F)"))
        self.payment_label.setBuddy(self.payment)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total)
        bottom.addSpacing(24)
        bottom.addWidget(self.payment_label)
        bottom.addWidget(self.payment)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.none_label)
        layout.addWidget(self.grid_box)
        layout.addLayout(bottom)
        self.payment.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.set_fees([])

    def set_fees(self, fees: list[FeeLine]) -> None:
        for row in self.rows:
            for widget in (row.name, row.amount, row.waived, row.reason):
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = []
        tooltip = self.tr("减免收费需要中心负责人角色")
        placeholder = self.tr("减免理由（如低保对象）")
        for i, fee in enumerate(fees):
            row = _FeeRow(fee, self._may_waive and not self._read_only, tooltip, placeholder)
            row.waived.setChecked(fee.waived)
            row.reason.setText(fee.waiver_reason)
            row.reason.setReadOnly(self._read_only)
            for column, cell in enumerate((row.name, row.amount, row.waived, row.reason)):
                self.grid.addWidget(cell, i, column)
            row.reason.setVisible(fee.waived)  # once in the grid, never a window of its own
            row.waived.toggled.connect(lambda on, r=row: self._waiver_toggled(r, on))
            row.reason.textChanged.connect(lambda _t: self.changed.emit())
            self.rows.append(row)
        self.payment.setCurrentIndex(0)
        self._refresh()

    def _waiver_toggled(self, row: _FeeRow, on: bool) -> None:
        row.reason.setVisible(on)
        if on:
            row.reason.setFocus()
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        self.none_label.setVisible(not self.rows)
        self.grid_box.setVisible(bool(self.rows))
        payable = self.payable_fen()
        self.total.setVisible(bool(self.rows))
        self.total.setText(self.tr("应缴合计：%1 元").replace("%1", yuan(payable)))
        paying = payable > 0
        self.payment_label.setVisible(paying)
        self.payment.setVisible(paying)

    def fees(self) -> tuple[FeeLine, ...]:
        return tuple(row.line() for row in self.rows)

    def payable_fen(self) -> int:
        return sum(f.amount_fen for f in self.fees() if not f.waived)

    def payment_method(self) -> PaymentMethod:
        if self.payable_fen() == 0:
            return PaymentMethod.NONE
        return PaymentMethod(self.payment.currentData() or "")

    def widget_for(self, field: str) -> QWidget | None:
        """``payment_method`` or ``fees[1].waiver_reason``."""
        if field == "payment_method":
            return self.payment
        if field.startswith("fees["):
            i = int(field[5 : field.index("]")])
            if 0 <= i < len(self.rows):
                return self.rows[i].reason if "waiver" in field else self.rows[i].waived
        return None

    def payload(self) -> dict[str, Any]:
        return {
            "waivers": [[f.waived, f.waiver_reason] for f in self.fees()],
            "payment": self.payment_method().value,
        }

    def load_payload(self, data: dict[str, Any]) -> None:
        for row, (waived, reason) in zip(self.rows, data.get("waivers", []), strict=False):
            row.waived.setChecked(bool(waived) and row.waived.isEnabled())
            row.reason.setText(str(reason))
        index = self.payment.findData(data.get("payment", ""))
        self.payment.setCurrentIndex(max(index, 0))
        self._refresh()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.payment.setEnabled(not read_only)
        for row in self.rows:
            row.waived.setEnabled(self._may_waive and not read_only)
            row.reason.setReadOnly(read_only)
