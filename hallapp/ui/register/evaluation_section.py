"""评价 of the case shown: the applicant's rating (好差评) with its channel, comment and who
recorded it, and the return visit (回访整改) a bad rating opened — its due date, how it
stands and its outcome.

Shown once a case can be rated (办结, 已送达, 不予受理) or has been. The buttons only emit
signals; the case view acts. A button the user's role does not allow is greyed with the
role named, in its tooltip and in words under the buttons.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from hallapp.core.clock import WarningLevel
from hallapp.core.lifecycle import State
from hallapp.core.workdays import DueDate
from hallapp.services.actors import Actor, Role
from hallapp.services.evaluations import RATEABLE, EvaluationView, FollowUpView
from hallapp.ui.due_date_label import DueDateLabel
from hallapp.ui.evaluation.levels import CHIP_COLOURS
from hallapp.ui.register.case_sections import compact
from hallapp.ui.register.texts import LEVEL_COLOURS, chip_style, time_text
from hallapp.ui.roles import needs

# evaluations.record_evaluation and close_follow_up, in the order they name the roles.
RECORD_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.AGENT)
CLOSE_ROLES = (Role.SUPERVISOR,)
ASK_SHORTCUT = "Ctrl+E"

_FOLLOW_UP_COLOURS = {
    "normal": LEVEL_COLOURS[WarningLevel.NORMAL],
    "warning": LEVEL_COLOURS[WarningLevel.WARNING],
    "overdue": LEVEL_COLOURS[WarningLevel.OVERDUE],
    "closed": ("#e6e6e6", "#4d4d4d"),
}
_NOTE_STYLE = "color:#666;"


def follow_up_status(f: FollowUpView) -> str:
    """How a 回访整改 stands, in a few words."""
    if f.closed_on is not None:
        return f"已办结（{f.closed_on.isoformat()}）"
    left = f.days_left
    if left is None:
        return "办理中"
    if left < 0:
        return f"已超期 {-left} 个工作日"
    if left == 0:
        return "今天到期"
    return f"剩余 {left} 个工作日" + ("（预警）" if f.level == "warning" else "")


def _value() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _chip() -> QLabel:
    """A coloured label as wide as its words, not as the form."""
    label = QLabel()
    label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
    return label


class EvaluationSection(QGroupBox):
    ask_clicked = Signal()  # 请申请人评价: the case goes to the counter's screen
    enter_clicked = Signal()  # 录入评价: a paper form or a phone call
    close_clicked = Signal()  # 整改回访办结

    def __init__(self, actor: Actor) -> None:
        super().__init__("评价")
        compact(self)
        self.may_record = actor.has_any(*RECORD_ROLES)
        self.may_close = actor.has_any(*CLOSE_ROLES)
        self.evaluation: EvaluationView | None = None
        self.none_label = QLabel(self.tr("申请人尚未评价。"))
        self.rating_chip = _chip()
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.fields: dict[str, QLabel] = {}
        for key, title in (
            ("rating", "评价"),
            ("channel", "评价渠道"),
            ("rated_at", "评价时间"),
            ("comment", "意见"),
            ("recorded_by", "录入人"),
            ("follow_up", "回访整改"),
            ("due", "整改期限"),
            ("handler", "承办人"),
            ("outcome", "整改结果"),
        ):
            label: QLabel
            if key == "rating":
                label = self.rating_chip
            elif key == "due":
                label = DueDateLabel()
            elif key == "follow_up":
                label = _chip()
            else:
                label = _value()
            self.fields[key] = label
            self.form.addRow(self.tr(title) + "：", label)
        self.ask_button = QPushButton(self.tr("请申请人评价(&E)"))
        self.ask_button.setToolTip(
            self.tr("在窗口评价屏上请申请人评价（%1）").replace("%1", ASK_SHORTCUT)
        )
        self.enter_button = QPushButton(self.tr("录入评价…(&8)"))
        self.enter_button.setToolTip(self.tr("录入纸质评价表或电话回访的评价"))
        self.close_button = QPushButton(self.tr("整改回访办结…(&9)"))
        self.close_button.setToolTip(self.tr("写明回访和整改的结果，办结回访整改"))
        for button in (self.ask_button, self.enter_button, self.close_button):
            button.setAutoDefault(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(_NOTE_STYLE)

        buttons = QHBoxLayout()
        buttons.addWidget(self.ask_button)
        buttons.addWidget(self.enter_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.none_label)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        self.ask_button.clicked.connect(self.ask_clicked.emit)
        self.enter_button.clicked.connect(self.enter_clicked.emit)
        self.close_button.clicked.connect(self.close_clicked.emit)

    def text(self, key: str) -> str:
        return self.fields[key].text()

    def _put(self, key: str, text: str) -> None:
        self.fields[key].setText(text)
        self.form.setRowVisible(self.fields[key], bool(text))

    def show_evaluation(self, state: State, evaluation: EvaluationView | None) -> None:
        self.evaluation = evaluation
        self.setVisible(state in RATEABLE or evaluation is not None)
        rated = evaluation is not None
        self.none_label.setVisible(not rated)
        self._show_rating(evaluation)
        follow_up = evaluation.follow_up if evaluation else None
        self._show_follow_up(follow_up)
        may_rate = state in RATEABLE and not rated
        self.ask_button.setVisible(may_rate)
        self.enter_button.setVisible(may_rate)
        self.ask_button.setEnabled(self.may_record)
        self.enter_button.setEnabled(self.may_record)
        open_follow_up = follow_up is not None and follow_up.closed_on is None
        self.close_button.setVisible(open_follow_up)
        self.close_button.setEnabled(self.may_close)
        refusals = []
        if may_rate and not self.may_record:
            refusals.append(needs(self.tr("评价"), RECORD_ROLES))
        if open_follow_up and not self.may_close:
            refusals.append(needs(self.tr("整改回访办结"), CLOSE_ROLES))
        for button, allowed, roles, what in (
            (self.ask_button, self.may_record, RECORD_ROLES, "请申请人评价"),
            (self.enter_button, self.may_record, RECORD_ROLES, "录入评价"),
            (self.close_button, self.may_close, CLOSE_ROLES, "整改回访办结"),
        ):
            if not allowed:
                button.setToolTip(needs(self.tr(what), roles))
        self.note.setText("；".join(refusals) + ("。" if refusals else ""))
        self.note.setVisible(bool(refusals))

    def _show_rating(self, e: EvaluationView | None) -> None:
        if e is None:
            for key in ("rating", "channel", "rated_at", "comment", "recorded_by"):
                self._put(key, "")
            return
        self._put("rating", e.rating.label)
        self.rating_chip.setStyleSheet(chip_style(*CHIP_COLOURS[e.rating]))
        self._put("channel", e.channel.label)
        self._put("rated_at", time_text(e.rated_at))
        self._put("comment", e.comment)
        self._put("recorded_by", e.recorded_by)

    def _show_follow_up(self, f: FollowUpView | None) -> None:
        due = self.fields["due"]
        assert isinstance(due, DueDateLabel)
        if f is None:
            for key in ("follow_up", "handler", "outcome"):
                self._put(key, "")
            self.form.setRowVisible(due, False)
            return
        self._put("follow_up", follow_up_status(f))
        self.fields["follow_up"].setStyleSheet(chip_style(*_FOLLOW_UP_COLOURS[f.level]))
        due.set_due(DueDate(f.due_on, f.due_provisional))
        self.form.setRowVisible(due, True)
        self._put("handler", f.handler_name)
        self._put("outcome", f.outcome)
