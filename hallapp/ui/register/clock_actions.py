"""The clock actions of the case view: each asks in a dialog, then makes one service call
through the executor and reports back in words (``done``) or with the refusal
(``failed``). The services check state and role; nothing is changed on a refusal."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from hallapp.core.clock import PauseKind
from hallapp.core.lifecycle import State
from hallapp.services.case_clock import PAUSE_ACTIONS, CaseClock, ExtensionView
from hallapp.services.cases import PauseTerms
from hallapp.ui.register.case_actions import CaseActions
from hallapp.ui.register.clock_dialogs import ExtensionDialog, PauseDialog
from hallapp.ui.register.reason_dialog import TextDialog


class ClockActions(CaseActions):
    # asking ------------------------------------------------------------------------------
    def ask_pause(self, number: str, clock: CaseClock, preset: PauseKind | None = None) -> QDialog:
        dialog = PauseDialog(number, clock, self._services.actor.roles, preset, self._parent)
        dialog.confirmed.connect(
            lambda kind, reason, terms: self.start_pause(clock, kind, reason, terms)
        )
        dialog.open()
        return dialog

    def ask_end(self, number: str, clock: CaseClock) -> QDialog:
        label = clock.end_action.label if clock.end_action else "恢复计时"
        dialog = TextDialog(
            f"{label} — 办件 {number}",
            f"确定“{label}”并恢复计时吗？可填写办理意见（可不填）：",
            f"确定{label}",
            required=False,
            parent=self._parent,
        )
        dialog.confirmed.connect(lambda note: self.end_pause(clock, note))
        dialog.open()
        return dialog

    def ask_extension(self, number: str, clock: CaseClock) -> QDialog:
        dialog = ExtensionDialog(number, clock, self._parent)
        dialog.confirmed.connect(lambda days, reason: self.request_extension(clock, days, reason))
        dialog.open()
        return dialog

    def ask_approval(self, number: str, clock: CaseClock) -> QDialog | None:
        return self._ask_decision(number, clock, approve=True)

    def ask_refusal(self, number: str, clock: CaseClock) -> QDialog | None:
        return self._ask_decision(number, clock, approve=False)

    def _ask_decision(self, number: str, clock: CaseClock, approve: bool) -> QDialog | None:
        pending = clock.pending
        if pending is None:
            return None
        if approve:
            prompt = (
                f"批准延期 {pending.days} 个工作日？承诺办结日期和法定期限均顺延。"
                "可填写审批意见（可不填）："
            )
            ok = "批准延期"
        else:
            prompt = f"不批准延期 {pending.days} 个工作日的申请。请写明不批准的理由："
            ok = "确定不批准"
        dialog = TextDialog(
            f"{'批准' if approve else '不批准'}延期 — 办件 {number}",
            prompt,
            ok,
            required=not approve,
            parent=self._parent,
            empty_hint="不批准须写明理由",
        )
        dialog.confirmed.connect(lambda note: self.decide_extension(pending, approve, note))
        dialog.open()
        return dialog

    # doing -------------------------------------------------------------------------------
    def start_pause(
        self, clock: CaseClock, kind: PauseKind, reason: str, terms: PauseTerms | None = None
    ) -> None:
        label = PAUSE_ACTIONS[kind][0].label
        self._run(
            lambda: self._services.start_pause(clock.case_id, kind, reason, terms),
            lambda after: _moved(label, clock.state, after) + "，暂停计时",
        )

    def end_pause(self, clock: CaseClock, comment: str = "") -> None:
        label = clock.end_action.label if clock.end_action else "恢复计时"
        self._run(
            lambda: self._services.end_pause(clock.case_id, comment),
            lambda after: _moved(label, clock.state, after) + "，恢复计时",
        )

    def request_extension(self, clock: CaseClock, days: int, reason: str) -> None:
        self._run(
            lambda: self._services.request_extension(clock.case_id, days, reason),
            lambda e: f"已申请延期 {e.days} 个工作日，等待中心负责人批准",
        )

    def decide_extension(self, pending: ExtensionView, approve: bool, note: str = "") -> None:
        def said(e: ExtensionView) -> str:
            if e.status == "approved":
                return f"已批准延期 {e.days} 个工作日，期限已顺延"
            return f"已不批准延期 {e.days} 个工作日的申请"

        self._run(lambda: self._services.decide_extension(pending.id, approve, note), said)


def _moved(label: str, before: State, after: State) -> str:
    return f"已“{label}”：{before.label} → {after.label}"
