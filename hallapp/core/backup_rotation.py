"""Which backups to keep: a few dailies, some weeklies, a year of monthlies.

A scheduled backup is named by its kind: the first of a month is the monthly one, the
first of an ISO week the weekly one, the others daily. Each kind keeps its newest N.
Backups made before a migration are kept apart (their own count); backups made by hand
are never deleted here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class BackupKind(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    MIGRATION = "migration"  # 升级前备份
    MANUAL = "manual"  # 手动备份: kept until someone deletes it

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    BackupKind.DAILY: "每日备份",
    BackupKind.WEEKLY: "每周备份",
    BackupKind.MONTHLY: "每月备份",
    BackupKind.MIGRATION: "升级前备份",
    BackupKind.MANUAL: "手动备份",
}
SCHEDULED = (BackupKind.DAILY, BackupKind.WEEKLY, BackupKind.MONTHLY)


@dataclass(frozen=True)
class BackupEntry:
    name: str
    kind: BackupKind
    taken: datetime


@dataclass(frozen=True)
class RotationPolicy:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    migration: int = 5

    def keep(self, kind: BackupKind) -> int | None:
        """How many of ``kind`` to keep; None: all of them."""
        return {
            BackupKind.DAILY: self.daily,
            BackupKind.WEEKLY: self.weekly,
            BackupKind.MONTHLY: self.monthly,
            BackupKind.MIGRATION: self.migration,
        }.get(kind)


DEFAULT_POLICY = RotationPolicy()


def scheduled_kind(today: date, existing: Iterable[BackupEntry]) -> BackupKind:
    """The kind of today's scheduled backup, given the backups already there."""
    scheduled = [e for e in existing if e.kind in SCHEDULED]
    month = (today.year, today.month)
    if not any(
        e.kind is BackupKind.MONTHLY and (e.taken.year, e.taken.month) == month for e in scheduled
    ):
        return BackupKind.MONTHLY
    week = today.isocalendar()[:2]
    if not any(
        e.kind in (BackupKind.WEEKLY, BackupKind.MONTHLY) and e.taken.isocalendar()[:2] == week
        for e in scheduled
    ):
        return BackupKind.WEEKLY
    return BackupKind.DAILY


def backed_up_today(today: date, existing: Iterable[BackupEntry]) -> bool:
    return any(e.kind in SCHEDULED and e.taken.date() == today for e in existing)


def to_delete(
    entries: Iterable[BackupEntry],
    today: date,
    policy: RotationPolicy = DEFAULT_POLICY,
    protect: str | None = None,
) -> list[BackupEntry]:
    """The backups rotation removes: beyond the newest N of each kind.

    ``protect`` (the backup just written) is never removed. A backup dated after
    ``today`` was made under a wrong clock: it is kept and does not count, so a clock set
    to 2035 once cannot push out every real backup afterwards.
    """
    doomed: list[BackupEntry] = []
    by_kind: dict[BackupKind, list[BackupEntry]] = {}
    for entry in entries:
        if entry.taken.date() <= today:
            by_kind.setdefault(entry.kind, []).append(entry)
    for kind, group in by_kind.items():
        limit = policy.keep(kind)
        if limit is None:
            continue
        group.sort(key=lambda e: (e.taken, e.name), reverse=True)
        doomed.extend(e for e in group[max(limit, 0) :] if e.name != protect)
    return doomed
