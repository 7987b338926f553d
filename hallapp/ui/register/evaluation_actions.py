"""The case view's 评价 actions: 请申请人评价 (the case goes to the counter's evaluation
screen), 录入评价 (a paper form or a phone call, entered by the clerk) and 整改回访办结
(the supervisor writes what was done). The last two ask in a dialog, then make one service
call through the executor and report back in words (``done``) or with the refusal
(``failed``), as the clock's actions do; the screen reports through ``rated`` and
``screen_failed`` whenever the applicant submits."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.evaluation import EvaluationChannel, Rating
from hallapp.services.evaluations import EvaluationForm, EvaluationView, FollowUpView
from hallapp.services.facade import HallServices
from hallapp.ui.evaluation.desk import EvaluationDesk, desk_for, failure_text
from hallapp.ui.evaluation.levels import ORDER
from hallapp.ui.operations import Executor
from hallapp.ui.register.case_actions import CaseActions
from hallapp.ui.register.reason_dialog import TextDialog, dialog_buttons, hint_label

# Entered afterwards by the clerk; the counter's screen records its own.
ENTERED_CHANNELS = (EvaluationChannel.PAPER, EvaluationChannel.PHONE)


class EvaluationDialog(QDialog):
    """录入评价: the level, how it was given, and the applicant's words."""

    confirmed = Signal(object, object, str)  # Rating, EvaluationChannel, comment

    def __init__(self, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("录入评价 — 办件 %1").replace("%1", case_number))
        self.rating = QComboBox()
        self.rating.setPlaceholderText(self.tr("请选择评价等级"))
        for rating in ORDER:
            self.rating.addItem(rating.label)
        self.rating.setCurrentIndex(-1)
        self.channels: dict[EvaluationChannel, QRadioButton] = {}
        group = QButtonGroup(self)
        row = QHBoxLayout()
        for channel, text in zip(ENTERED_CHANNELS, ("纸质评价表(&P)", "电话回访(&T)"), strict=True):
            button = QRadioButton(self.tr(text))
            group.addButton(button)
            self.channels[channel] = button
            row.addWidget(button)
        row.addStretch(1)
        self.channels[EvaluationChannel.PAPER].setChecked(True)
        self.comment = QLineEdit()
        self.comment.setMaxLength(500)
        self.comment.setMinimumWidth(420)
        self.comment.setPlaceholderText(self.tr("申请人的意见和建议（可不填）"))
        self.follow_up_note = QLabel(
            self.tr("不满意或非常不满意的评价将生成回访整改，由中心负责人跟进。")
        )
        self.follow_up_note.setStyleSheet("color:#9a3d08;")
        self.follow_up_note.hide()
        self.hint = hint_label(self.tr("请选择评价等级"))
        form = QFormLayout()
        rating_label = QLabel(self.tr("评价等级(&L)："))
        rating_label.setBuddy(self.rating)
        comment_label = QLabel(self.tr("意见(&Y)："))
        comment_label.setBuddy(self.comment)
        form.addRow(rating_label, self.rating)
        form.addRow(self.tr("评价渠道："), row)
        form.addRow(comment_label, self.comment)
        buttons, self.ok_button = dialog_buttons(self, self.tr("保存评价"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.follow_up_note)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.rating.currentIndexChanged.connect(self._rating_changed)
        self.rating.setFocus()

    def chosen(self) -> Rating | None:
        index = self.rating.currentIndex()
        return ORDER[index] if index >= 0 else None

    def channel(self) -> EvaluationChannel:
        return next(c for c, button in self.channels.items() if button.isChecked())

    def _rating_changed(self) -> None:
        self.hint.hide()
        rating = self.chosen()
        self.follow_up_note.setVisible(rating is not None and rating.needs_follow_up)

    def accept(self) -> None:
        rating = self.chosen()
        if rating is None:
            self.hint.show()
            self.rating.setFocus()
            return
        super().accept()
        self.confirmed.emit(rating, self.channel(), self.comment.text().strip())


class EvaluationActions(CaseActions):
    rated = Signal(int, str)  # a case rated on the screen, and what the applicant chose
    screen_failed = Signal(str)  # why a rating given on the screen was not saved

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        parent: QWidget,
        desk: EvaluationDesk | None = None,
    ) -> None:
        super().__init__(services, executor, parent)
        self._desk = desk  # else the window's own, found when first needed
        self._desk_connected = False

    @property
    def desk(self) -> EvaluationDesk:
        """The counter's evaluation screen, shared by the clerk's whole window."""
        desk = self._desk or desk_for(self._parent.window(), self._services, self._executor)
        if not self._desk_connected:
            desk.recorded.connect(self._rated)
            desk.failed.connect(self._not_saved)
            self._desk, self._desk_connected = desk, True
        return desk

    def send_to_screen(self, case_id: int, number: str, item_name: str) -> None:
        self.desk.send(case_id, number, item_name)

    def _rated(self, case_id: int, evaluation: EvaluationView) -> None:
        said = self.tr("申请人已评价：") + evaluation.rating.label
        if evaluation.follow_up is not None:
            said += self.tr("，已生成回访整改")
        self.rated.emit(case_id, said)

    def _not_saved(self, _case_id: int, number: str, exc: BaseException) -> None:
        said = self.tr("办件 %1 的评价没有保存：").replace("%1", number)
        self.screen_failed.emit(said + failure_text(exc))

    def ask_entry(self, case_id: int, number: str) -> QDialog:
        dialog = EvaluationDialog(number, self._parent)
        dialog.confirmed.connect(
            lambda rating, channel, comment: self.record(case_id, rating, channel, comment)
        )
        dialog.open()
        return dialog

    def ask_close(self, number: str, follow_up: FollowUpView) -> QDialog:
        dialog = TextDialog(
            self.tr("整改回访办结 — 办件 %1").replace("%1", number),
            self.tr("写明回访申请人的情况和整改的结果（记入评价记录）："),
            self.tr("办结回访整改"),
            required=True,
            parent=self._parent,
            empty_hint=self.tr("须写明整改结果"),
        )
        dialog.confirmed.connect(lambda outcome: self.close_follow_up(follow_up, outcome))
        dialog.open()
        return dialog

    def record(
        self, case_id: int, rating: Rating, channel: EvaluationChannel, comment: str
    ) -> None:
        form = EvaluationForm(case_id, rating, channel, comment)
        self._run(lambda: self._services.record_evaluation(form), recorded_text)

    def close_follow_up(self, follow_up: FollowUpView, outcome: str) -> None:
        self._run(
            lambda: self._services.close_follow_up(follow_up.id, outcome),
            lambda _f: self.tr("回访整改已办结"),
        )


def recorded_text(e: EvaluationView) -> str:
    """“已录入评价：不满意（纸质评价表），已生成回访整改，整改期限 2026-03-09”."""
    said = f"已录入评价：{e.rating.label}（{e.channel.label}）"
    if e.follow_up is not None:
        said += f"，已生成回访整改，整改期限 {e.follow_up.due_on.isoformat()}"
    return said
