"""How the 办理时限 section words the clock: time left, moved due dates, the pause holding
the clock, and the lines of the pause and extension records."""

from __future__ import annotations

from datetime import date

from hallapp.core.clock import ClockState
from hallapp.core.lifecycle import is_open, stops_clock
from hallapp.core.workdays import DueDate
from hallapp.services.case_clock import CaseClock, ExtensionView, PauseView
from hallapp.ui.register.texts import DASH, day_text, due_text, time_text

# The colour of an extension's status: waiting, granted, refused.
STATUS_COLOURS: dict[str, str] = {
    "requested": "#7a5200",
    "approved": "#1e5b2a",
    "refused": "#a3160b",
}


def days_left_text(left: int, due: DueDate, today: date, paused: bool) -> str:
    """还剩 3 个工作日 / 今日到期 / 已超期 2 个工作日; frozen while the clock is paused."""
    if left > 0:
        text = f"还剩 {left} 个工作日"
    elif left == 0:
        # 0 also on the rest days after the due day: overdue from the next working day.
        text = "今日到期" if due.day == today else "已到期限日，下一个工作日起超期"
    else:
        text = f"已超期 {-left} 个工作日"
    return text + ("（暂停中）" if paused and left > 0 else "")


def moved_text(state: ClockState) -> str:
    """Why the due dates are not the ones given at acceptance, or "" if they are."""
    if (
        state.promised_due == state.original_promised_due
        and state.legal_due == state.original_legal_due
    ):
        return ""
    causes = []
    if state.paused_workdays:
        causes.append(f"暂停计时 {state.paused_workdays} 个工作日")
    if state.extension_days:
        causes.append(f"延期 {state.extension_days} 个工作日")
    return (
        f"受理时确定：承诺办结 {due_text(state.original_promised_due)}，"
        f"法定期限 {due_text(state.original_legal_due)}"
        + (f"；因{'、'.join(causes)}顺延" if causes else "")
    )


def open_pause(clock: CaseClock) -> PauseView | None:
    """The pause record of the pause the case is in now."""
    if not stops_clock(clock.state):
        return None
    return next((p for p in reversed(clock.pauses) if p.end is None), None)


def pause_name(p: PauseView) -> str:
    return f"{p.kind.label}（{p.procedure}）" if p.procedure else p.kind.label


def status_text(clock: CaseClock, resume_on: date | None) -> str:
    """One line: is the clock running, and if not, why and since when."""
    state = clock.clock
    if state is None:
        return "办件尚未受理，办理时限自受理之日起计算"
    if not is_open(clock.state):
        return f"办件处于“{clock.state.label}”状态，已不再计时"
    pause = open_pause(clock)
    if pause is None:
        return "正在计时"
    approved = ""
    if pause.approved_days is not None:
        approved = f"，批准 {pause.approved_days} 个工作日"
        if resume_on is not None:
            approved += f"，至 {day_text(resume_on)}"
    if not state.paused:
        # A 特别程序 past its approved length no longer holds the clock.
        ending = f"请及时“{clock.end_action.label}”" if clock.end_action else ""
        return (
            f"{pause_name(pause)}批准的期限已满（自 {day_text(pause.start)} 起{approved}），"
            f"已恢复计时。{ending}"
        )
    reason = f"。原因：{pause.reason}" if pause.reason else ""
    return f"暂停计时：{pause_name(pause)}，自 {day_text(pause.start)} 起{approved}{reason}"


def pause_row(p: PauseView) -> list[str]:
    days = f"{p.approved_days} 个工作日" if p.approved_days is not None else ""
    end = day_text(p.end) if p.end else "尚未结束"
    return [p.kind.label, p.procedure, day_text(p.start), end, days, p.approver, p.reason]


def extension_row(e: ExtensionView) -> list[str]:
    asked = f"{e.requested_by} {time_text(e.requested_at)}"
    decided = f"{e.approver} {time_text(e.decided_at)}" if e.approver else ""
    return [f"{e.days} 个工作日", e.reason, e.status_label, asked, decided, e.decision_note]


def pending_text(e: ExtensionView) -> str:
    return (
        f"延期申请待批准：{e.days} 个工作日（{e.requested_by} "
        f"{time_text(e.requested_at)} 申请）。理由：{e.reason or DASH}"
    )


def capacity_text(clock: CaseClock) -> str:
    if clock.max_extension_days <= 0:
        return ""
    waiting = f"，待批准 {clock.pending.days} 个" if clock.pending else ""
    return (
        f"最多可延期 {clock.max_extension_days} 个工作日：已批准 "
        f"{clock.extension_granted} 个{waiting}，还可申请 {clock.extension_left} 个"
    )
