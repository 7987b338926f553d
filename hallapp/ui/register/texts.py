"""How the register and the case view word and colour what the services return.

The services hand back stored codes ("female", "resident_id", "accept", amounts in fen);
the clerk reads 女, 居民身份证, 受理 and ¥20.00. Unknown codes are shown as they are,
never hidden, so a newer database still reads.
"""

from __future__ import annotations

from datetime import date, datetime

from hallapp.core.clock import WarningLevel
from hallapp.core.identity import DocumentType
from hallapp.core.intake import REFUSAL_REASONS, ApplicantKind, MaterialStatus, PaymentMethod
from hallapp.core.lifecycle import Action, State
from hallapp.core.workdays import DueDate

DASH = "—"

# Background, text colour for each warning level (电子监察): green, amber, red, dark red.
LEVEL_COLOURS: dict[WarningLevel, tuple[str, str]] = {
    WarningLevel.NORMAL: ("#e3f2e5", "#1e5b2a"),
    WarningLevel.WARNING: ("#fff1c7", "#7a5200"),
    WarningLevel.OVERDUE: ("#fbd9d5", "#a3160b"),
    WarningLevel.LEGAL_OVERDUE: ("#a3160b", "#ffffff"),
}
GREEN_CHANNEL_COLOURS = ("#d4efd8", "#17612a")
PROVISIONAL_COLOUR = "#9a5b00"  # as DueDateLabel
CLOSED_COLOUR = "#6b6b6b"  # a case that has ended reads greyed out


def chip_style(background: str, foreground: str) -> str:
    """A small coloured label ("chip") for a state, a warning level or 绿色通道."""
    return (
        f"background:{background}; color:{foreground}; border-radius:4px;"
        " padding:2px 8px; font-weight:bold;"
    )


def state_label(value: str) -> str:
    if not value:
        return ""
    try:
        return State(value).label
    except ValueError:
        return value


# Steps of the timeline that are not lifecycle actions: they leave the state as it is.
_OTHER_STEPS = {
    "extension_request": "申请延期",
    "extension_approved": "批准延期",
    "extension_refused": "不批准延期",
    "print": "打印",  # a copy handed out (services.printing.record_print)
    "agent_service": "登记代办",
    "agent_reassign": "更换代办员",
    "agent_accept": "代办员接收",
    "handover": "材料交接",
}


def action_label(value: str) -> str:
    try:
        return Action(value).label
    except ValueError:
        return _OTHER_STEPS.get(value, value)


def material_status_label(value: str) -> str:
    try:
        return MaterialStatus(value).label
    except ValueError:
        return value


def applicant_kind_label(value: str) -> str:
    try:
        return ApplicantKind(value).label
    except ValueError:
        return value


def doc_type_label(value: str) -> str:
    try:
        return DocumentType(value).label
    except ValueError:
        return value


def payment_label(value: str) -> str:
    try:
        return PaymentMethod(value).label
    except ValueError:
        return value


def refusal_reason_label(key: str) -> str:
    return REFUSAL_REASONS.get(key, key)


def sex_label(value: str) -> str:
    return {"female": "女", "male": "男"}.get(value, value)


def yuan(fen: int) -> str:
    """Fen to yuan with two decimals: 2000 → ¥20.00."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}¥{whole:,}.{cents:02d}"


def day_text(day: date | None) -> str:
    return day.isoformat() if day else DASH


def time_text(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else DASH


def due_text(due: DueDate | None) -> str:
    if due is None:
        return DASH
    return due.day.isoformat() + ("（暂定）" if due.provisional else "")
