"""好差评 and 回访整改: the applicant's rating of a closed case, and the return visit that a
bad rating opens, with a working-day limit the deadline monitor watches."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.orm import Session

from hallapp.core.evaluation import FOLLOW_UP_DAYS_DEFAULT, FOLLOW_UP_DAYS_RANGE
from hallapp.db import repositories as repo
from hallapp.db.models import Setting
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput
from hallapp.services import audit
from hallapp.services.actors import Actor, Role, require_any

FOLLOW_UP_KEY = "evaluation.follow_up_days"


def follow_up_days_in(session: Session) -> int:
    row = repo.setting(session, FOLLOW_UP_KEY)
    return FOLLOW_UP_DAYS_DEFAULT if row is None else int(json.loads(row.value))


def follow_up_days(uow: UnitOfWork) -> int:
    """回访整改期限: the working days a bad rating's return visit and fix may take."""
    with uow:
        return follow_up_days_in(uow.session)


def set_follow_up_days(uow: UnitOfWork, actor: Actor, days: int) -> int:
    """Change the limit for follow-ups opened from now on; open ones keep their due date,
    as a case keeps the limit it was accepted under."""
    require_any(actor, "修改回访整改期限", Role.SUPERVISOR, Role.ADMIN)
    low, high = FOLLOW_UP_DAYS_RANGE
    if not low <= days <= high:
        raise InvalidInput(f"回访整改期限须在{low}至{high}个工作日之间")
    with uow:
        session = uow.session
        row = repo.setting(session, FOLLOW_UP_KEY)
        before = row.value if row else None
        if row is None:
            row = Setting(key=FOLLOW_UP_KEY)
            session.add(row)
        row.value, row.updated_at = json.dumps(days), datetime.now()
        audit.record(
            session,
            actor,
            "settings.update",
            "setting",
            FOLLOW_UP_KEY,
            {"before": before, "after": row.value},
        )
        uow.commit()
    return days
