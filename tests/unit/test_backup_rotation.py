"""The rotation rule: which backups stay, which go."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hallapp.core.backup_rotation import (
    BackupEntry,
    BackupKind,
    RotationPolicy,
    backed_up_today,
    scheduled_kind,
    to_delete,
)

TODAY = date(2026, 3, 18)
START = datetime(2024, 1, 1)

entries = st.lists(
    st.builds(
        lambda kind, minutes: BackupEntry(
            f"hall-{minutes}-{kind.value}.sqlite3", kind, START + timedelta(minutes=minutes)
        ),
        st.sampled_from(list(BackupKind)),
        st.integers(0, 60 * 24 * 900),  # reaches past TODAY: a wrong clock
    ),
    unique_by=lambda e: e.name,
    max_size=60,
)
policies = st.builds(
    RotationPolicy, st.integers(0, 8), st.integers(0, 5), st.integers(0, 13), st.integers(0, 6)
)


@given(entries, policies, st.data())
def test_rotation_keeps_the_newest_of_each_kind_and_nothing_else_goes(
    backups: list[BackupEntry], policy: RotationPolicy, data: st.DataObject
) -> None:
    protect = data.draw(st.sampled_from([None] + [e.name for e in backups]))
    doomed = to_delete(backups, TODAY, policy, protect)
    names = {e.name for e in doomed}
    assert len(names) == len(doomed) and set(doomed) <= set(backups)
    assert protect not in names
    for entry in doomed:
        assert entry.kind not in (BackupKind.MANUAL,)
        assert entry.taken.date() <= TODAY
    kept = [e for e in backups if e.name not in names]
    for kind in BackupKind:
        limit = policy.keep(kind)
        counted = sorted(
            (e for e in backups if e.kind is kind and e.taken.date() <= TODAY),
            key=lambda e: (e.taken, e.name),
            reverse=True,
        )
        if limit is None:
            assert all(e in kept for e in backups if e.kind is kind)
            continue
        # The newest ``limit`` stay; of the older, only the protected one.
        assert all(e in kept for e in counted[:limit])
        assert all(e.name == protect for e in counted[limit:] if e in kept)
    # Applying the rule again to what it kept removes nothing more.
    assert to_delete(kept, TODAY, policy, protect) == []


def test_seven_daily_four_weekly_twelve_monthly_by_default() -> None:
    backups = []
    day = date(2025, 1, 1)
    while day <= TODAY:
        kind = scheduled_kind(day, backups)
        backups.append(BackupEntry(f"b-{day}", kind, datetime.combine(day, datetime.min.time())))
        doomed = to_delete(backups, day, protect=f"b-{day}")
        backups = [b for b in backups if b not in doomed]
        day += timedelta(days=1)
    by_kind = {k: [b for b in backups if b.kind is k] for k in BackupKind}
    assert len(by_kind[BackupKind.DAILY]) == 7
    assert len(by_kind[BackupKind.WEEKLY]) == 4
    assert len(by_kind[BackupKind.MONTHLY]) == 12
    assert max(b.taken.date() for b in backups) == TODAY
    # One backup a month reaches back a year.
    assert min(b.taken.date() for b in by_kind[BackupKind.MONTHLY]) == date(2025, 4, 1)


def test_the_first_backup_of_a_month_is_monthly_then_weekly_then_daily() -> None:
    monday = date(2026, 3, 2)  # also the month's first backup below
    backups: list[BackupEntry] = []
    assert scheduled_kind(monday, backups) is BackupKind.MONTHLY
    backups.append(BackupEntry("a", BackupKind.MONTHLY, datetime(2026, 3, 2, 8)))
    assert scheduled_kind(monday + timedelta(days=1), backups) is BackupKind.DAILY
    assert scheduled_kind(monday + timedelta(days=7), backups) is BackupKind.WEEKLY
    assert scheduled_kind(date(2026, 4, 1), backups) is BackupKind.MONTHLY


def test_backed_up_today_counts_scheduled_backups_only() -> None:
    manual = BackupEntry("m", BackupKind.MANUAL, datetime(2026, 3, 18, 9))
    migration = BackupEntry("g", BackupKind.MIGRATION, datetime(2026, 3, 18, 9))
    daily = BackupEntry("d", BackupKind.DAILY, datetime(2026, 3, 17, 23, 59))
    assert not backed_up_today(TODAY, [manual, migration, daily])
    assert backed_up_today(TODAY, [BackupEntry("t", BackupKind.WEEKLY, datetime(2026, 3, 18))])
