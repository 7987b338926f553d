"""The selected complaint: what was said, about whom, the limit, what has been done, and
the handling steps as buttons in their order, each greyed with the reason it cannot be
taken now (the role it needs, or what must come first)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.actors import Actor
from hallapp.services.complaints import ComplaintView
from hallapp.ui.register.texts import DASH, chip_style
from hallapp.ui.supervision.complaint_steps import Step, next_step, refusal
from hallapp.ui.supervision.texts import (
    LEVEL_COLOURS,
    PROVISIONAL_HINT,
    day_text,
    level_text,
    yes_no,
)

# In the order a complaint is handled; 延期 stands beside them, before 办结.
STEP_TEXTS = {
    Step.ASSIGN: "指定承办人(&H)…",
    Step.FINDINGS: "调查结果(&F)…",
    Step.REPLY: "答复(&R)…",
    Step.EXTEND: "延期(&E)…",
    Step.CLOSE: "办结(&C)…",
}


def complainant_text(c: ComplaintView) -> str:
    if c.anonymous:
        return "匿名"
    return "　".join(part for part in (c.complainant_name, c.complainant_phone) if part) or DASH


def due_line(c: ComplaintView) -> str:
    text = f"{c.due_on.isoformat()}（{c.days} 个工作日"
    if c.extended_days:
        text += f"，已延期 {c.extended_days} 个工作日：{c.extension_reason}"
    text += "）"
    return text + ("　暂定" if c.due_provisional else "")


def closed_line(c: ComplaintView) -> str:
    if c.closed_on is None:
        return DASH
    on_time = {True: "，按期办结", False: "，超期办结", None: ""}[c.closed_on_time]
    said = yes_no(c.complainant_satisfied, "满意", "不满意")
    return f"{c.closed_on.isoformat()}{on_time}；投诉人对答复：{said if said != DASH else '未征询'}"


class ComplaintDetail(QGroupBox):
    step_requested = Signal(str)  # a Step's value

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.setTitle(self.tr("投诉详情"))
        self._actor = actor
        self.complaint: ComplaintView | None = None
        self.fields: dict[str, QLabel] = {}
        left, right = QFormLayout(), QFormLayout()
        for form, names in (
            (left, ("编号", "收到", "投诉人", "投诉对象", "投诉内容", "登记人")),
            (right, ("办理期限", "级别", "承办人", "调查结果", "答复", "办结")),
        ):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
            for name in names:
                label = QLabel(DASH)
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.fields[name] = label
                form.addRow(
                    self.tr(name) + "：", self._chip_row(label) if name == "级别" else label
                )
        self.level_chip = self.fields["级别"]
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)

        self.buttons: dict[Step, QPushButton] = {}
        steps = QHBoxLayout()
        steps.addWidget(QLabel(self.tr("办理：")))
        for step, text in STEP_TEXTS.items():
            button = QPushButton(self.tr(text))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, s=step: self.step_requested.emit(s.value))
            self.buttons[step] = button
            steps.addWidget(button)
        steps.addStretch(1)
        self.next_label = QLabel()
        self.next_label.setStyleSheet("color:#1f5fa8; font-weight:bold;")
        steps.addWidget(self.next_label)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(steps)
        self.show_complaint(None)

    @staticmethod
    def _chip_row(chip: QLabel) -> QWidget:
        """The level as a chip as wide as its words, not the column."""
        chip.setWordWrap(False)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(chip)
        layout.addStretch(1)
        return row

    def show_complaint(self, c: ComplaintView | None) -> None:
        self.complaint = c
        if c is None:
            for label in self.fields.values():
                label.setText(DASH)
            self.level_chip.setStyleSheet("")
        else:
            texts = {
                "编号": c.number,
                "收到": f"{c.received_at:%Y-%m-%d %H:%M}　{c.channel.label}",
                "投诉人": complainant_text(c),
                "投诉对象": f"{c.subject_kind.label}：{c.subject_label}",
                "投诉内容": c.content,
                "登记人": c.registered_by,
                "办理期限": due_line(c),
                "级别": level_text(c.level, c.days_left),
                "承办人": c.handler_name or self.tr("（未指定）"),
                "调查结果": (
                    f"{yes_no(c.substantiated, '属实', '不属实')}：{c.findings}"
                    if c.findings
                    else DASH
                ),
                "答复": f"{day_text(c.replied_on)}：{c.reply}" if c.reply else DASH,
                "办结": closed_line(c),
            }
            for name, text in texts.items():
                self.fields[name].setText(text)
            background, colour = LEVEL_COLOURS.get(c.level, ("", ""))
            self.level_chip.setStyleSheet(chip_style(background, colour) if background else "")
            self.fields["办理期限"].setToolTip(PROVISIONAL_HINT if c.due_provisional else "")
        self._update_steps()

    def _update_steps(self) -> None:
        c = self.complaint
        for step, button in self.buttons.items():
            why = refusal(step, self._actor, c)
            button.setEnabled(not why)
            button.setToolTip(why)
        following = next_step(c) if c is not None else None
        self.next_label.setText(
            self.tr("下一步：%1").replace("%1", following.label) if following else ""
        )

    def first_open_step(self) -> QPushButton | None:
        """The button of the step the complaint waits for, if this user may take it."""
        c = self.complaint
        following = next_step(c) if c is not None else None
        if following is None:
            return None
        button = self.buttons[following]
        return button if button.isEnabled() else None
