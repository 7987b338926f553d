"""Hall settings that are rules of local practice, not national law: stored in the
database so every window of the hall counts the same way."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hallapp.core.clock import WarningThresholds
from hallapp.db import repositories as repo
from hallapp.db.models import Setting
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput
from hallapp.services import audit
from hallapp.services.actors import Actor, Role, require_any

WARNING_KEY = "clock.warning_thresholds"


def stored_value(session: Session, key: str, default: Any) -> Any:
    """The setting's JSON value, or ``default`` while nobody has set it."""
    row = repo.setting(session, key)
    return default if row is None else json.loads(row.value)


def store_value(session: Session, actor: Actor, key: str, value: Any) -> None:
    """Save the setting as JSON with its audit record (before and after), in the caller's
    transaction."""
    row = repo.setting(session, key)
    before = row.value if row else None
    if row is None:
        row = Setting(key=key)
        session.add(row)
    row.value, row.updated_at = json.dumps(value), datetime.now()
    audit.record(
        session, actor, "settings.update", "setting", key, {"before": before, "after": row.value}
    )


def thresholds_in(session: Session) -> WarningThresholds:
    data = stored_value(session, WARNING_KEY, None)
    if data is None:
        return WarningThresholds()
    return WarningThresholds(int(data["warn_days_left"]), float(data["warn_fraction_left"]))


def warning_thresholds(uow: UnitOfWork) -> WarningThresholds:
    """预警 thresholds: at most K working days left, or less than a fraction of the time."""
    with uow:
        return thresholds_in(uow.session)


def set_warning_thresholds(
    uow: UnitOfWork, actor: Actor, thresholds: WarningThresholds
) -> WarningThresholds:
    require_any(actor, "修改期限预警设置", Role.SUPERVISOR, Role.ADMIN)
    problems = []
    if not 0 <= thresholds.warn_days_left <= 30:
        problems.append("剩余工作日须在0至30之间")
    if not 0 <= thresholds.warn_fraction_left <= 1:
        problems.append("剩余时间比例须在0至100%之间")
    if problems:
        raise InvalidInput("期限预警设置有误", problems)
    value = {
        "warn_days_left": thresholds.warn_days_left,
        "warn_fraction_left": thresholds.warn_fraction_left,
    }
    with uow:
        session = uow.session
        store_value(session, actor, WARNING_KEY, value)
        # The stored 预警 day of every open case follows the new thresholds, in this
        # transaction. Imported here: clock_store reads the thresholds from this module.
        from hallapp.services.clock_store import rewarn_open_cases

        rewarn_open_cases(session, thresholds)
        uow.commit()
    return thresholds


CUSTODY_KEY = "custody.max_days"
DEFAULT_CUSTODY_DAYS = 5


def custody_max_days_in(session: Session) -> int:
    return int(stored_value(session, CUSTODY_KEY, DEFAULT_CUSTODY_DAYS))


def custody_max_days(uow: UnitOfWork) -> int:
    """How many working days anyone but the applicant may hold a material before the
    deadline monitor flags it (材料保管超期)."""
    with uow:
        return custody_max_days_in(uow.session)


def set_custody_max_days(uow: UnitOfWork, actor: Actor, days: int) -> int:
    require_any(actor, "修改材料保管期限", Role.SUPERVISOR)
    if not 1 <= days <= 60:
        raise InvalidInput("材料保管期限须在1至60个工作日之间")
    with uow:
        store_value(uow.session, actor, CUSTODY_KEY, days)
        uow.commit()
    return days


IDLE_LOCK_KEY = "session.idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10
# At least one minute: a window that locks at once could not be worked at. At most two
# hours: longer is no lock at all, and a counter left through the lunch break would show
# residents' ID numbers to whoever passes the desk.
IDLE_LOCK_RANGE = (1, 120)


def idle_lock_minutes_in(session: Session) -> int:
    return int(stored_value(session, IDLE_LOCK_KEY, DEFAULT_IDLE_LOCK_MINUTES))


def idle_lock_minutes(uow: UnitOfWork) -> int:
    """无操作自动锁定: after how many minutes without keyboard or mouse a window locks."""
    with uow:
        return idle_lock_minutes_in(uow.session)


def set_idle_lock_minutes(uow: UnitOfWork, actor: Actor, minutes: int) -> int:
    require_any(actor, "修改自动锁定时间", Role.SUPERVISOR, Role.ADMIN)
    low, high = IDLE_LOCK_RANGE
    if not low <= minutes <= high:
        raise InvalidInput(f"无操作自动锁定时间须在{low}至{high}分钟之间")
    with uow:
        store_value(uow.session, actor, IDLE_LOCK_KEY, minutes)
        uow.commit()
    return minutes
