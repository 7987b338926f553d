"""Who may read which report, as the reports service asks (its own tuples, so a greyed
control names the roles a refusal would name). Only for shaping the screen: the service
checks every call again."""

from __future__ import annotations

from hallapp.services.actors import Actor, Role
from hallapp.services.reports import LEDGER_ROLES, STATS_ROLES

# reports.period_stats and reports.export_stats
STATS_READERS: tuple[Role, ...] = STATS_ROLES
# reports.daily_ledger and reports.export_ledger
LEDGER_READERS: tuple[Role, ...] = LEDGER_ROLES
# Those whose ledger is the whole hall's; a clerk's holds their own steps (daily_ledger).
WHOLE_HALL_LEDGER = (Role.SUPERVISOR, Role.ADMIN, Role.READONLY)


def may(actor: Actor, roles: tuple[Role, ...]) -> bool:
    return actor.has_any(*roles)
