"""The county's working-day calendar: the official data every hall has built in, plus the
years the county published (``hallapp hub publish-calendar``), the newest version of each
year winning, as a hall that applied every update has it."""

from __future__ import annotations

import json

from sqlalchemy import Engine, func, select

from hallapp.core.workdays import DayOverride, WorkdayCalendar
from hallapp.hub.publications import CALENDAR
from hallapp.hub.schema import publications
from hallapp.services.calendar_files import parse_arrangement

_cache: dict[tuple[str, int | None], WorkdayCalendar] = {}


def county_calendar(engine: Engine) -> WorkdayCalendar:
    """Built once per published version: the tables take a few milliseconds."""
    with engine.connect() as conn:
        newest = conn.execute(
            select(func.max(publications.c.version)).where(publications.c.kind == CALENDAR)
        ).scalar()
        key = (str(engine.url), newest)
        found = _cache.get(key)
        if found is not None:
            return found
        rows = conn.execute(
            select(publications.c.year, publications.c.label, publications.c.content)
            .where(publications.c.kind == CALENDAR)
            .order_by(publications.c.version)
        ).all()
    by_year: dict[int, list[DayOverride]] = {}
    for year, label, content in rows:
        # Published only after the halls' own reader accepted it; read the same way.
        arrangement = parse_arrangement(json.loads(content), label, "county")
        by_year[year if year is not None else arrangement.year] = list(arrangement.days)
    calendar = WorkdayCalendar(
        [d for days in by_year.values() for d in days], extra_known_years=by_year
    )
    _cache.clear()
    _cache[key] = calendar
    return calendar
