"""Read-only queries behind the county overview pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, func, select

from hallapp.core.lifecycle import CaseState, is_open
from hallapp.hub.schema import halls, records

OPEN_STATES = [s.value for s in CaseState if is_open(s)]


@dataclass(frozen=True)
class StateCount:
    hall_code: str
    hall_name: str
    state: str | None
    cases: int


@dataclass(frozen=True)
class OverdueCase:
    hall_code: str
    hall_name: str
    number: str
    item_name: str
    state: str
    legal_due: date


def state_counts(engine: Engine) -> list[StateCount]:
    query = (
        select(halls.c.code, halls.c.name, records.c.state, func.count())
        .select_from(halls.join(records, records.c.hall_code == halls.c.code))
        .where(records.c.entity == "case")
        .group_by(halls.c.code, halls.c.name, records.c.state)
        .order_by(halls.c.code)
    )
    with engine.connect() as conn:
        return [StateCount(*row) for row in conn.execute(query)]


def overdue_cases(
    engine: Engine, today: date, offset: int, limit: int
) -> tuple[int, list[OverdueCase]]:
    """Open cases whose 法定时限 is before ``today``, longest overdue first, and their total."""
    where = (
        records.c.entity == "case",
        records.c.state.in_(OPEN_STATES),
        records.c.legal_due < today.isoformat(),
    )
    query = (
        select(
            halls.c.code,
            halls.c.name,
            records.c.entity_id,
            records.c.item_name,
            records.c.state,
            records.c.legal_due,
        )
        .select_from(records.join(halls, halls.c.code == records.c.hall_code))
        .where(*where)
        .order_by(records.c.legal_due, records.c.entity_id)
        .offset(offset)
        .limit(limit)
    )
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(records).where(*where)).scalar_one()
        rows = conn.execute(query).all()
    out = []
    for code, name, number, item, state, due in rows:
        try:
            due_day = date.fromisoformat(due[:10])
        except ValueError:
            continue  # a hall sent a date the hub cannot read; the hall's own list has it
        out.append(OverdueCase(code, name, number, item or "", state, due_day))
    return int(total), out
