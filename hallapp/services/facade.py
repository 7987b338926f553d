"""One object that binds the units of work and the acting user, for the UI.

The UI never holds a session or a unit of work: it calls these methods, each of which is
one service call (and, for writes, one transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from hallapp.core.workdays import DueDate
from hallapp.db.uow import UnitOfWork
from hallapp.services import calendar, catalogue, halls
from hallapp.services.actors import Actor
from hallapp.services.catalogue import ImportResult, ItemGuide, ItemRow


class HallServices:
    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        read_uow: Callable[[], UnitOfWork],
        actor: Actor,
        db_path: Path,
    ) -> None:
        self._uow = uow
        self._read = read_uow
        self.actor = actor
        self.db_path = db_path

    # catalogue
    def search_items(self, query: str, limit: int = 200) -> list[ItemRow]:
        return catalogue.search_items(self._read(), query, limit)

    def count_items(self) -> int:
        return catalogue.count_items(self._read())

    def item_guide(self, version_id: int) -> ItemGuide:
        return catalogue.item_guide(self._read(), version_id)

    def import_catalogue(self, path: Path) -> ImportResult:
        return catalogue.import_catalogue_file(self._uow(), self.actor, path)

    def export_catalogue(self, path: Path) -> int:
        return catalogue.export_catalogue_file(self._read(), path)

    # hall
    def hall_profile(self) -> halls.HallProfile | None:
        return halls.hall_profile(self._read())

    def update_hall_profile(self, profile: halls.HallProfile) -> halls.HallProfile:
        return halls.update_hall_profile(self._uow(), self.actor, profile)

    # working-day calendar
    def year_view(self, year: int, today: date) -> calendar.YearView:
        return calendar.year_view(self._read(), year, today)

    def set_calendar_day(
        self, day: date, is_workday: bool, name: str, reason: str
    ) -> calendar.DayInfo:
        return calendar.set_day(self._uow(), self.actor, day, is_workday, name, reason)

    def reset_calendar_day(self, day: date, reason: str) -> calendar.DayInfo:
        return calendar.reset_day(self._uow(), self.actor, day, reason)

    def import_calendar(self, path: Path) -> calendar.ImportedYear:
        return calendar.import_calendar_file(self._uow(), self.actor, path)

    def add_workdays(self, start: date, n: int) -> DueDate:
        return calendar.add_workdays(self._read(), start, n)
