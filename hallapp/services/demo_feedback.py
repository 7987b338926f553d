"""好差评 and 回访整改 of generated cases (``hallapp demo --cases``), in the proportions a
township hall sees: most closed cases rated, nearly all of them well, and every bad rating
followed up within the hall's limit, a few late.

Rows, their audit records and their outbox entries are added to the generator's chunk as
the services would have written them, one case at a time; a random stream of their own
leaves every other generated detail as it was.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallapp.core.evaluation import EvaluationChannel, Rating
from hallapp.core.lifecycle import State
from hallapp.core.workdays import WorkdayCalendar
from hallapp.db.models import Evaluation, FollowUp, Staff
from hallapp.services.outbox_records import CREATE, EVALUATION, evaluation_payload, outbox_row

# Of the closed cases, the share the applicant rates, and how (GB/T 39735 halls report
# 好评率 near 99 %).
RATED_SHARE = 0.6
RATINGS = (
    (Rating.VERY_SATISFIED, 70),
    (Rating.SATISFIED, 22),
    (Rating.BASIC, 5),
    (Rating.DISSATISFIED, 2),
    (Rating.VERY_DISSATISFIED, 1),
)
CHANNELS = (
    (EvaluationChannel.SCREEN, 80),
    (EvaluationChannel.PAPER, 12),
    (EvaluationChannel.PHONE, 8),
)
# A late follow-up or reply is the exception a supervisor has to explain.
LATE_SHARE = 0.1
_CLOSED = frozenset({State.COMPLETED, State.DELIVERED, State.REFUSED})
GOOD_COMMENTS = (
    "办事效率高",
    "工作人员很耐心",
    "一次就办好了，谢谢",
    "服务热情周到",
    "材料说得很清楚",
)
BAD_COMMENTS = (
    "排队等了很久",
    "材料要求没有一次说清楚，跑了两趟",
    "工作人员态度不够耐心",
    "办理时间比承诺的长",
)
OUTCOMES = (
    "已电话回访申请人，说明情况并致歉；已对窗口人员提醒谈话",
    "经核实系高峰时段等候较长，已增开窗口，申请人表示理解",
    "已回访申请人，督促承办部门加快办理，申请人表示满意",
    "经核实告知不够清楚，已修改一次性告知单并组织窗口培训",
)


def audit_row(
    at: datetime,
    who: tuple[int | None, str],
    action: str,
    entity: str,
    entity_id: str,
    **detail: Any,
) -> dict[str, Any]:
    return {
        "at": at,
        "actor_id": who[0],
        "actor_name": who[1],
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "detail": json.dumps(detail, ensure_ascii=False, default=str),
    }


def office_time(rng: random.Random, day: date) -> datetime:
    return datetime.combine(day, time(8, 30)) + timedelta(minutes=rng.randrange(8 * 60))


@dataclass
class FeedbackRows:
    """The chunk's new rows; ``audit`` and ``outbox`` are the generator's own lists, so
    the records chain and the entries follow in the order the cases were built."""

    audit: list[dict[str, Any]]
    outbox: list[dict[str, Any]]
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    follow_ups: list[dict[str, Any]] = field(default_factory=list)
    complaints: list[dict[str, Any]] = field(default_factory=list)


def supervisors_in(
    session: Session, fallback: tuple[int | None, str]
) -> list[tuple[int | None, str]]:
    """(id, name) of the staff who close follow-ups and handle complaints."""
    found = session.execute(select(Staff.id, Staff.name).where(Staff.roles.contains("supervisor")))
    return [(i, n) for i, n in found] or [fallback]


@dataclass
class DemoFeedback:
    rng: random.Random
    calendar: WorkdayCalendar
    today: date
    follow_up_days: int
    supervisors: list[tuple[int | None, str]]
    waiting: Callable[[datetime], bool]  # whether a change of then is still to be sent
    next_evaluation: int
    next_follow_up: int

    @classmethod
    def load(
        cls,
        session: Session,
        seed: int,
        calendar: WorkdayCalendar,
        today: date,
        follow_up_days: int,
        fallback: tuple[int | None, str],
        waiting: Callable[[datetime], bool],
    ) -> DemoFeedback:
        def after(column: Any) -> int:
            return int(session.scalar(select(func.max(column))) or 0) + 1

        return cls(
            random.Random(seed * 7919 + 2),
            calendar,
            today,
            follow_up_days,
            supervisors_in(session, fallback),
            waiting,
            after(Evaluation.id),
            after(FollowUp.id),
        )

    def add(self, rows: FeedbackRows, case: dict[str, Any], state: State) -> None:
        """The rating of a closed case, if it was rated, with its follow-up, and their
        outbox entry if it is still waiting."""
        if state in _CLOSED and self.rng.random() < RATED_SHARE:
            self._evaluation(rows, case)

    def _evaluation(self, rows: FeedbackRows, case: dict[str, Any]) -> None:
        rng, calendar = self.rng, self.calendar
        # The last step is the applicant at the counter (送达, 办结 or 不予受理).
        closed: datetime = case["updated_at"]
        channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
        clerk = (case["clerk_id"], case["clerk_name"])
        recorder = clerk
        if channel is EvaluationChannel.SCREEN:
            at = closed + timedelta(minutes=rng.randint(1, 5))
        elif channel is EvaluationChannel.PAPER:
            day = calendar.add_workdays(closed.date(), rng.randint(0, 2)).day
            at = max(office_time(rng, day), closed + timedelta(minutes=10))
        else:
            day = calendar.add_workdays(closed.date(), rng.randint(1, 5)).day
            at = office_time(rng, day)
            recorder = rng.choice(self.supervisors)
        if at.date() > self.today:
            return  # not rated yet
        rating = rng.choices([r for r, _ in RATINGS], [w for _, w in RATINGS])[0]
        comment = ""
        if rating.needs_follow_up:
            comment = rng.choice(BAD_COMMENTS)
        elif rng.random() < 0.15:
            comment = rng.choice(GOOD_COMMENTS)
        evaluation_id = self.next_evaluation
        self.next_evaluation += 1
        rows.evaluations.append(
            {
                "id": evaluation_id,
                "case_id": case["id"],
                "rating": rating.value,
                "channel": channel.value,
                "comment": comment,
                "clerk_id": case["clerk_id"],
                "rated_at": at,
                "recorded_by": recorder[1],
            }
        )
        number = case["number"]
        rows.audit.append(
            audit_row(
                at,
                recorder,
                "evaluation.record",
                "evaluation",
                number,
                rating=rating.value,
                channel=channel.value,
            )
        )
        follow_up, last = None, at
        if rating.needs_follow_up:
            follow_up, last = self._follow_up(rows, evaluation_id, number, at, recorder)
        if self.waiting(last):
            payload = evaluation_payload(rows.evaluations[-1], follow_up, number)
            rows.outbox.append(outbox_row(EVALUATION, number, CREATE, payload, last))

    def _follow_up(
        self,
        rows: FeedbackRows,
        evaluation_id: int,
        number: str,
        at: datetime,
        recorder: tuple[int | None, str],
    ) -> tuple[dict[str, Any], datetime]:
        """The follow-up row and the moment it last changed."""
        rng, calendar, days = self.rng, self.calendar, self.follow_up_days
        opened = at.date()
        due = calendar.add_workdays(opened, days)
        follow_up_id = self.next_follow_up
        self.next_follow_up += 1
        row: dict[str, Any] = {
            "id": follow_up_id,
            "evaluation_id": evaluation_id,
            "opened_on": opened,
            "days": days,
            "due_on": due.day,
            "due_provisional": due.provisional,
            "handler_id": None,
            "handler_name": "",
            "outcome": "",
            "closed_on": None,
            "closed_by": "",
        }
        opened_detail = {"id": follow_up_id, "days": days, "due": due.day}
        rows.audit.append(
            audit_row(at, recorder, "follow_up.open", "evaluation", number, **opened_detail)
        )
        last = at
        if due.day < self.today:
            if rng.random() < LATE_SHARE:
                closed = calendar.add_workdays(due.day, rng.randint(1, 3)).day
            else:
                closed = calendar.add_workdays(opened, rng.randint(1, days)).day
            closed = min(closed, self.today)
            handler = rng.choice(self.supervisors)
            outcome = rng.choice(OUTCOMES)
            row.update(
                handler_id=handler[0],
                handler_name=handler[1],
                outcome=outcome,
                closed_on=closed,
                closed_by=handler[1],
            )
            last = max(office_time(rng, closed), at)
            rows.audit.append(
                audit_row(
                    last,
                    handler,
                    "follow_up.close",
                    "evaluation",
                    number,
                    id=follow_up_id,
                    outcome=outcome,
                    due=due.day,
                    on_time=closed <= due.day,
                )
            )
        rows.follow_ups.append(row)
        return row, last
