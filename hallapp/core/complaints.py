"""效能投诉: complaints about the hall's efficiency, who or what they are about, and the
working-day limit for handling them."""

from __future__ import annotations

from enum import StrEnum


class ComplaintChannel(StrEnum):
    WINDOW = "window"
    PHONE = "phone"
    HOTLINE = "hotline"  # 12345 政务服务便民热线
    LETTER = "letter"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return {
            ComplaintChannel.WINDOW: "窗口",
            ComplaintChannel.PHONE: "电话",
            ComplaintChannel.HOTLINE: "12345热线",
            ComplaintChannel.LETTER: "信件",
            ComplaintChannel.ONLINE: "网上",
        }[self]


class SubjectKind(StrEnum):
    """Whom or what the complaint is about."""

    CLERK = "clerk"
    AGENT = "agent"
    DEPARTMENT = "department"
    CASE = "case"

    @property
    def label(self) -> str:
        return {
            SubjectKind.CLERK: "工作人员",
            SubjectKind.AGENT: "代办员",
            SubjectKind.DEPARTMENT: "部门",
            SubjectKind.CASE: "办件",
        }[self]


class ComplaintState(StrEnum):
    OPEN = "open"  # registered, being looked into
    REPLIED = "replied"  # findings made and the complainant answered
    CLOSED = "closed"  # the matter is closed (the complainant's view recorded)

    @property
    def label(self) -> str:
        return {
            ComplaintState.OPEN: "办理中",
            ComplaintState.REPLIED: "已答复",
            ComplaintState.CLOSED: "已办结",
        }[self]


# Local rules give 5–10 working days, extendable with a reason.
COMPLAINT_DAYS_DEFAULT = 10
COMPLAINT_DAYS_RANGE = (5, 10)
MAX_EXTENSION_DAYS = 10
