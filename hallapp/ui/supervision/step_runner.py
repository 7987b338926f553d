"""Takes one handling step of a complaint: asks for what it needs in its dialog, then
calls the complaints service on the worker; the changed complaint comes back through
``done`` with the sentence that says what happened, a refusal through the message panel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from hallapp.services.complaints import ComplaintView
from hallapp.services.facade import HallServices
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.supervision.complaint_dialogs import (
    AssignDialog,
    CloseDialog,
    ExtendDialog,
    FindingsDialog,
    ReplyDialog,
    StepDialog,
)
from hallapp.ui.supervision.complaint_steps import Step, extension_left, refusal
from hallapp.ui.supervision.texts import due_text, yes_no


class StepRunner(QObject):
    done = Signal(object, str)  # the ComplaintView after the step, what happened

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        today: Callable[[], date],
        parent: QWidget,
        messages: MessagePanel,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._executor = executor
        self._today = today
        self._parent = parent
        self._messages = messages
        self.complaint: ComplaintView | None = None
        self.dialog: StepDialog | None = None

    def start(self, step: Step) -> None:
        why = refusal(step, self._services.actor, self.complaint)
        if why:
            self._messages.info(why)
            return
        complaint = self.complaint
        assert complaint is not None
        self._messages.hide()
        if step is Step.ASSIGN:
            self._executor.submit(
                self._services.complaint_staff_choices,
                lambda staff: self._open(step, AssignDialog(complaint, staff, self._parent)),
                lambda exc: self._messages.failure(exc, self.tr("读取工作人员名单失败：")),
            )
            return
        dialogs: dict[Step, Callable[[], StepDialog]] = {
            Step.FINDINGS: lambda: FindingsDialog(complaint, self._parent),
            Step.REPLY: lambda: ReplyDialog(complaint, self._today(), self._parent),
            Step.EXTEND: lambda: ExtendDialog(complaint, extension_left(complaint), self._parent),
            Step.CLOSE: lambda: CloseDialog(complaint, self._parent),
        }
        self._open(step, dialogs[step]())

    def _open(self, step: Step, dialog: StepDialog) -> None:
        complaint = self.complaint
        assert complaint is not None
        dialog.confirmed.connect(lambda answer: self._send(step, complaint.id, answer))
        self.dialog = dialog
        dialog.open()

    def _send(self, step: Step, complaint_id: int, answer: Any) -> None:
        s = self._services
        work: dict[Step, Callable[[], ComplaintView]] = {
            Step.ASSIGN: lambda: s.assign_complaint_handler(complaint_id, answer),
            Step.FINDINGS: lambda: s.record_complaint_findings(complaint_id, *answer),
            Step.REPLY: lambda: s.record_complaint_reply(complaint_id, *answer),
            Step.EXTEND: lambda: s.extend_complaint(complaint_id, *answer),
            Step.CLOSE: lambda: s.close_complaint(complaint_id, answer),
        }
        self._executor.submit(
            work[step],
            lambda view: self.done.emit(view, said(step, view)),
            lambda exc: self._messages.failure(exc, step.label + self.tr("未能保存：")),
        )


def said(step: Step, c: ComplaintView) -> str:
    """What the message panel says after ``step``."""
    if step is Step.ASSIGN:
        return f"投诉 {c.number} 已指定承办人：{c.handler_name}"
    if step is Step.FINDINGS:
        return f"投诉 {c.number} 的调查结果已保存（{yes_no(c.substantiated, '属实', '不属实')}）"
    if step is Step.REPLY:
        return f"投诉 {c.number} 已答复投诉人"
    if step is Step.EXTEND:
        return f"投诉 {c.number} 已延期，办理期限改为 {due_text(c.due_on, c.due_provisional)}"
    return f"投诉 {c.number} 已办结"
