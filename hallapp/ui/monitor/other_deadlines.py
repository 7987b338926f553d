"""The monitor's other deadlines: forwards waiting for a county department's reply (转报待复),
materials held longer than the hall allows (材料滞留), and the follow-ups of bad ratings
(回访整改) and efficiency complaints (效能投诉) in 预警 or 超期: what the monitor's
其他期限 button counts and its dialog (other_deadlines_dialog) lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from hallapp.core.complaints import ComplaintState
from hallapp.services.complaints import ComplaintView
from hallapp.services.custody import HeldMaterial
from hallapp.services.evaluations import FollowUpView
from hallapp.services.facade import HallServices
from hallapp.services.forward_queries import PendingForward
from hallapp.ui.operations import Executor

LIMIT = 200
# A follow-up's or a complaint's level that the monitor lists beside the cases.
WATCHED = (WARNING, OVERDUE) = ("warning", "overdue")


def _count(n: int) -> str:
    return f"{n}+" if n >= LIMIT else str(n)


@dataclass(frozen=True)
class OtherDeadlines:
    forwards: list[PendingForward]
    held: list[HeldMaterial]
    follow_ups: list[FollowUpView] = field(default_factory=list)  # 预警 or 超期 only
    complaints: list[ComplaintView] = field(default_factory=list)  # 预警 or 超期 only

    @property
    def overdue_forwards(self) -> int:
        return sum(f.overdue for f in self.forwards)

    @property
    def overdue_follow_ups(self) -> int:
        return sum(f.level == OVERDUE for f in self.follow_ups)

    @property
    def overdue_complaints(self) -> int:
        return sum(c.level == OVERDUE for c in self.complaints)

    def _counts(self) -> tuple[str, str]:
        return _count(len(self.forwards)), _count(len(self.held))

    def summary(self) -> str:
        """Short, for the monitor's narrow button column: follow-ups and complaints only
        when some are near or past their limit, which is seldom."""
        pending, held = self._counts()
        text = f"转报{pending} 滞留{held}"
        if self.follow_ups:
            text += f" 回访{_count(len(self.follow_ups))}"
        if self.complaints:
            text += f" 投诉{_count(len(self.complaints))}"
        return text + "…"

    def explanation(self) -> str:
        pending, held = self._counts()
        text = f"转报县级部门待答复 {pending} 件"
        if self.overdue_forwards:
            text += f"，其中逾期 {self.overdue_forwards} 件"
        text += f"；材料保管超过规定工作日 {held} 份"
        for what, rows, overdue, unit in (
            ("回访整改", self.follow_ups, self.overdue_follow_ups, "项"),
            ("效能投诉", self.complaints, self.overdue_complaints, "件"),
        ):
            if rows:
                warning = len(rows) - overdue
                text += f"；{what}预警 {warning} {unit}、超期 {overdue} {unit}"
        return text + "。点击查看。"

    @property
    def alarming(self) -> bool:
        return bool(
            self.overdue_forwards or self.held or self.overdue_follow_ups or self.overdue_complaints
        )


def load_other_deadlines(services: HallServices, today: date) -> OtherDeadlines:
    """Runs on the worker: four indexed reads."""
    return OtherDeadlines(
        services.pending_forwards(today, LIMIT),
        services.held_too_long(today, LIMIT),
        [f for f in services.follow_ups(today, True, LIMIT) if f.level in WATCHED],
        [
            c
            for c in services.list_complaints(today, ComplaintState.OPEN, limit=LIMIT)
            if c.level in WATCHED
        ],
    )


def submit_load(
    executor: Executor,
    services: HallServices,
    today: date,
    done: Callable[[OtherDeadlines], None],
    failed: Callable[[BaseException], None],
) -> None:
    executor.submit(lambda: load_other_deadlines(services, today), done, failed)
