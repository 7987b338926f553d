"""转报: the county departments the case went to, when, by which way, the reply expected
(overdue marked in colour and in words) and the reply received, with the buttons that
forward it and record a reply. The buttons only emit signals; the case view acts. Without
a role that may record forwards they stay grey and say which role that is."""

from __future__ import annotations

from collections.abc import Set

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from hallapp.services.actors import Role
from hallapp.services.forwarding import ForwardView
from hallapp.ui.register.case_sections import compact
from hallapp.ui.register.custody_section import fill_table, make_table, table_rows
from hallapp.ui.roles import CASE_WORK, needs

OVERDUE_COLOUR = QColor("#fde2e0")
HEADERS = ("部门", "发出", "方式", "应答复", "答复", "答复内容")


def _expected(f: ForwardView) -> str:
    text = f"{f.expected_reply_on:%Y-%m-%d}（{f.expected_days}个工作日）"
    if f.expected_provisional:
        text += "（暂定）"
    return text + ("　已超期" if f.overdue else "")


def _reply(f: ForwardView) -> str:
    if f.pending:
        return f.reply.label
    return f"{f.reply.label}（{f.reply_on:%Y-%m-%d}）" if f.reply_on else f.reply.label


class ForwardSection(QGroupBox):
    forward_clicked = Signal()
    reply_clicked = Signal()

    def __init__(self, roles: Set[Role]) -> None:
        super().__init__("转报县级部门")
        compact(self)
        self._may_record = bool(roles & set(CASE_WORK))
        self.forwards: list[ForwardView] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = make_table(HEADERS)
        self.table.setObjectName("forwards")
        self.forward_button = QPushButton(self.tr("转报…(&2)"))
        self.reply_button = QPushButton(self.tr("登记回复…(&3)"))
        for button in (self.forward_button, self.reply_button):
            button.setAutoDefault(True)
        if self._may_record:
            self.forward_button.setToolTip(self.tr("转报一个或多个县级部门（联合审批）"))
            self.reply_button.setToolTip(self.tr("登记县级部门的答复：同意、不同意或需补充材料"))
        else:
            self.forward_button.setToolTip(needs(self.tr("转报"), CASE_WORK))
            self.reply_button.setToolTip(needs(self.tr("登记转报答复"), CASE_WORK))
        buttons = QHBoxLayout()
        buttons.addWidget(self.forward_button)
        buttons.addWidget(self.reply_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.forward_button.clicked.connect(lambda _checked=False: self.forward_clicked.emit())
        self.reply_button.clicked.connect(lambda _checked=False: self.reply_clicked.emit())

    def show_forwards(self, forwards: list[ForwardView], can_forward: bool) -> None:
        self.forwards = forwards
        pending = [f for f in forwards if f.pending]
        overdue = [f for f in pending if f.overdue]
        if not forwards:
            text = self.tr("尚未转报。")
        elif pending:
            text = self.tr("等待 %1 个部门答复").replace("%1", str(len(pending)))
            if overdue:
                text += self.tr("，其中 %1 已超过应答复日期").replace(
                    "%1", "、".join(f.department for f in overdue)
                )
            text += "。"
        else:
            text = self.tr("各部门均已答复。")
        self.summary.setText(text)
        self.summary.setStyleSheet("color:#a3160b; font-weight:bold;" if overdue else "")
        fill_table(
            self.table,
            [
                [
                    f.department,
                    f"{f.sent_on:%Y-%m-%d}",
                    f.way.label,
                    _expected(f),
                    _reply(f),
                    f.reply_text,
                ]
                for f in forwards
            ],
            [OVERDUE_COLOUR if f.overdue else None for f in forwards],
        )
        self.table.setVisible(bool(forwards))
        self.forward_button.setEnabled(can_forward and self._may_record)
        self.reply_button.setEnabled(bool(pending) and self._may_record)

    def rows(self) -> list[list[str]]:
        return table_rows(self.table)
