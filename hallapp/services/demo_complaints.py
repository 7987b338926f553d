"""效能投诉 about generated cases (``hallapp demo --cases``): about one in 2,000 cases, by
every channel, about a clerk, an agent, a department or the case itself; about 40 %
substantiated; the older ones answered and closed, most within their limit, the recent ones
still being looked into.

Numbers, due dates, audit records and outbox entries are those services.complaints gives
a complaint registered at the counter; a random stream of their own leaves every other generated
detail as it was.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallapp.core.complaints import ComplaintChannel, ComplaintState, SubjectKind
from hallapp.core.workdays import WorkdayCalendar
from hallapp.db.models import Agent, Complaint, Staff
from hallapp.services.complaint_records import (
    case_subject_label,
    complaint_due,
    complaint_number,
    last_serials,
    staff_subject_label,
)
from hallapp.services.demo_feedback import (
    LATE_SHARE,
    FeedbackRows,
    audit_row,
    office_time,
    supervisors_in,
)
from hallapp.services.outbox_records import COMPLAINT, CREATE, complaint_payload, outbox_row

COMPLAINT_SHARE = 1 / 2000
SUBSTANTIATED_SHARE = 0.4
CHANNELS = (
    (ComplaintChannel.HOTLINE, 30),
    (ComplaintChannel.WINDOW, 25),
    (ComplaintChannel.PHONE, 20),
    (ComplaintChannel.ONLINE, 20),
    (ComplaintChannel.LETTER, 5),
)
# A complaint brought to the hall in person, by its phone or by post arrives on a working
# day; the hotline and the portal take them any day.
_AT_THE_HALL = frozenset({ComplaintChannel.WINDOW, ComplaintChannel.PHONE, ComplaintChannel.LETTER})
_ANONYMOUS = {ComplaintChannel.HOTLINE: 0.4, ComplaintChannel.ONLINE: 0.3}
SUBJECTS = (
    (SubjectKind.CLERK, 40),
    (SubjectKind.CASE, 30),
    (SubjectKind.DEPARTMENT, 20),
    (SubjectKind.AGENT, 10),
)
CONTENTS = {
    SubjectKind.CLERK: "窗口工作人员{}办理业务时态度生硬，对询问未耐心解答",
    SubjectKind.AGENT: "代办员{}未按约定时间送回办理结果，多次联系未果",
    SubjectKind.DEPARTMENT: "{}办理时间超过承诺时限，多次询问无明确答复",
    SubjectKind.CASE: "办件{}办理进度无人告知，多次来回跑",
}
FINDINGS = {
    True: "经调查，投诉反映的情况属实。已对相关人员批评教育，责令限期整改",
    False: "经调查，相关人员按规定程序办理，投诉反映的问题不属实，已向投诉人解释说明",
}
REPLIES = (
    "已电话告知投诉人调查处理结果",
    "已当面向投诉人反馈处理情况",
    "已书面答复投诉人",
)
EXTENSION_DAYS = 5
EXTENSION_REASON = "涉及县级部门，需进一步核实"


@dataclass
class DemoComplaints:
    rng: random.Random
    calendar: WorkdayCalendar
    hall_code: str
    closing: time
    today: date
    supervisors: list[tuple[int | None, str]]
    logins: dict[int, str]  # staff id: login
    windows: dict[int, str]  # staff id: window
    agents: dict[int, str]  # agent id: name
    next_id: int
    serials: dict[date, int]
    waiting: Callable[[datetime], bool]  # whether a change of then is still to be sent

    @classmethod
    def load(
        cls,
        session: Session,
        seed: int,
        calendar: WorkdayCalendar,
        hall_code: str,
        closing: time,
        today: date,
        fallback: tuple[int | None, str],
        waiting: Callable[[datetime], bool],
    ) -> DemoComplaints:
        staff = session.execute(select(Staff.id, Staff.login, Staff.window)).all()
        return cls(
            random.Random(seed * 7919 + 3),
            calendar,
            hall_code,
            closing,
            today,
            supervisors_in(session, fallback),
            {i: login for i, login, _ in staff},
            {i: window for i, _, window in staff},
            {i: n for i, n in session.execute(select(Agent.id, Agent.name))},
            int(session.scalar(select(func.max(Complaint.id))) or 0) + 1,
            last_serials(session, hall_code),
            waiting,
        )

    def add(
        self, rows: FeedbackRows, case: dict[str, Any], item_name: str, department: str
    ) -> None:
        """Now and then, a complaint the case gave rise to, within a few weeks of it, with
        its outbox entry if it is still waiting."""
        rng = self.rng
        if rng.random() >= COMPLAINT_SHARE:
            return
        channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
        day = case["received_at"].date() + timedelta(days=rng.randint(1, 20))
        if channel in _AT_THE_HALL:
            day = self.calendar.workday_on_or_after(day)
        if day > self.today:
            return
        received = office_time(rng, day)
        anonymous = rng.random() < _ANONYMOUS.get(channel, 0.05)
        self.serials[day] = serial = self.serials.get(day, 0) + 1
        row: dict[str, Any] = {
            "id": self.next_id,
            "number": complaint_number(self.hall_code, day, serial),
            "received_at": received,
            "channel": channel.value,
            "anonymous": anonymous,
            "complainant_name": "" if anonymous else case["applicant_name"],
            "complainant_phone": "" if anonymous else case["applicant_phone"],
            **self._subject(case, item_name, department),
            "days": rng.choice((10, 10, 10, 7, 5)),
            "extended_days": 0,
            "extension_reason": "",
            "handler_id": None,
            "handler_name": "",
            "findings": "",
            "substantiated": None,
            "reply": "",
            "replied_on": None,
            "complainant_satisfied": None,
            "state": ComplaintState.OPEN.value,
            "closed_on": None,
            "registered_by": case["clerk_name"],
            "version": 1,
            "updated_at": received,
        }
        self.next_id += 1
        start = self.calendar.effective_acceptance_day(received, self.closing)
        due = self.calendar.add_workdays(start, row["days"])
        steps = [
            audit_row(
                received,
                (case["clerk_id"], case["clerk_name"]),
                "complaint.register",
                "complaint",
                row["number"],
                channel=channel.value,
                anonymous=anonymous,
                subject=row["subject_kind"],
                subject_label=row["subject_label"],
                days=row["days"],
                due=due.day,
            )
        ]
        self._handle(row, steps)
        rows.complaints.append(row)
        rows.audit.extend(steps)
        if self.waiting(row["updated_at"]):
            about = case["number"] if row["subject_case_id"] is not None else None
            payload = complaint_payload(row, about)
            rows.outbox.append(
                outbox_row(COMPLAINT, row["number"], CREATE, payload, row["updated_at"])
            )

    def _subject(self, case: dict[str, Any], item_name: str, department: str) -> dict[str, Any]:
        kind = self.rng.choices([k for k, _ in SUBJECTS], [w for _, w in SUBJECTS])[0]
        if kind is SubjectKind.AGENT and case["agent_id"] is None and not self.agents:
            kind = SubjectKind.CLERK
        subject: dict[str, Any] = {
            "subject_kind": kind.value,
            "subject_staff_id": None,
            "subject_agent_id": None,
            "subject_case_id": None,
            "subject_department": "",
        }
        if kind is SubjectKind.CLERK:
            subject["subject_staff_id"] = case["clerk_id"]
            window = self.windows.get(case["clerk_id"], "") if case["clerk_id"] else ""
            label = staff_subject_label(case["clerk_name"], window)
            named = case["clerk_name"]
        elif kind is SubjectKind.AGENT:
            agent_id = case["agent_id"] or self.rng.choice(sorted(self.agents))
            subject["subject_agent_id"] = agent_id
            label = named = self.agents[agent_id]
        elif kind is SubjectKind.DEPARTMENT:
            label = named = department or "县级主管部门"
            subject["subject_department"] = label
        else:
            subject["subject_case_id"] = case["id"]
            label = case_subject_label(case["number"], item_name)
            named = case["number"]
        subject.update(subject_label=label, content=CONTENTS[kind].format(named))
        return subject

    def _handle(self, row: dict[str, Any], steps: list[dict[str, Any]]) -> None:
        """Assigned at once; answered and closed if its limit has passed (mostly within
        it), else often still open."""
        rng, calendar, today = self.rng, self.calendar, self.today
        handler = rng.choice(self.supervisors)
        number = row["number"]

        def step(on: date, action: str, **detail: Any) -> None:
            moment = max(office_time(rng, on), row["updated_at"])
            row["version"] += 1
            row["updated_at"] = moment
            steps.append(audit_row(moment, handler, action, "complaint", number, **detail))

        row.update(handler_id=handler[0], handler_name=handler[1])
        login = self.logins.get(handler[0], "") if handler[0] is not None else ""
        received = row["received_at"]
        step(received.date(), "complaint.assign", handler=login, name=handler[1], before="")
        start = calendar.effective_acceptance_day(received, self.closing)
        due = complaint_due(calendar, received, self.closing, row["days"])
        if rng.random() < 0.05:
            before = due.day
            due = complaint_due(calendar, received, self.closing, row["days"] + EXTENSION_DAYS)
            row.update(extended_days=EXTENSION_DAYS, extension_reason=EXTENSION_REASON)
            extension = {"days": EXTENSION_DAYS, "reason": EXTENSION_REASON}
            step(received.date(), "complaint.extend", **extension, before=before, due=due.day)
        limit = row["days"] + row["extended_days"]
        row.update(due_on=due.day, due_provisional=due.provisional)
        span = calendar.workdays_between(start, today)
        past_due = due.day < today
        if not past_due and (span < 1 or rng.random() < 0.6):
            return  # still being looked into
        if past_due and rng.random() < LATE_SHARE:
            replied = min(calendar.add_workdays(due.day, rng.randint(1, 4)).day, today)
        else:
            replied = calendar.add_workdays(start, rng.randint(1, min(limit, span))).day
        substantiated = rng.random() < SUBSTANTIATED_SHARE
        findings = FINDINGS[substantiated]
        row.update(findings=findings, substantiated=substantiated)
        step(replied, "complaint.findings", substantiated=substantiated, findings=findings)
        reply = rng.choice(REPLIES)
        row.update(reply=reply, replied_on=replied, state=ComplaintState.REPLIED.value)
        on_time = replied <= due.day
        step(replied, "complaint.reply", replied_on=replied, on_time=on_time, reply=reply)
        if past_due:
            closed = min(calendar.add_workdays(replied, rng.randint(0, 3)).day, today)
            satisfied = None if row["anonymous"] else rng.random() < 0.8
            row.update(
                complainant_satisfied=satisfied, state=ComplaintState.CLOSED.value, closed_on=closed
            )
            step(closed, "complaint.close", satisfied=satisfied)
