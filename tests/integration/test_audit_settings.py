"""Every change of a hall setting leaves an audit record with what it was and what it
became; a permission refusal leaves one naming who tried what; the chain still holds."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hallapp.app import AppContext, open_database
from hallapp.config import Settings
from hallapp.core.clock import WarningThresholds
from hallapp.db.models import AuditRecord
from hallapp.errors import PermissionDenied
from hallapp.services import calendar, hall_settings, halls
from hallapp.services.actors import COMMAND_LINE, Actor, Role, set_refusal_recorder
from hallapp.services.audit_trail import action_label, user_trail
from hallapp.services.audit_verify import verify_chain
from hallapp.services.demo import seed_demo

SATURDAY = date(2026, 3, 7)


def records(ctx: AppContext, action: str) -> list[AuditRecord]:
    with ctx.read_uow() as uow:
        rows = uow.session.scalars(
            select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)
        ).all()
        uow.session.expunge_all()
        return list(rows)


def detail(row: AuditRecord) -> dict[str, Any]:
    data = json.loads(row.detail)
    assert isinstance(data, dict)
    return data


def test_settings_changes_are_recorded_with_before_and_after(
    demo: AppContext, supervisor: Actor
) -> None:
    profile = halls.hall_profile(demo.read_uow())
    assert profile is not None
    halls.update_hall_profile(demo.uow(), supervisor, replace(profile, closing_time="18:00"))
    hall_settings.set_warning_thresholds(demo.uow(), supervisor, WarningThresholds(5, 0.25))
    hall_settings.set_custody_max_days(demo.uow(), supervisor, 9)
    calendar.set_day(demo.uow(), supervisor, SATURDAY, True, "调休上班", "县里通知")
    calendar.reset_day(demo.uow(), supervisor, SATURDAY, "通知撤回")

    (hall,) = records(demo, "hall.update")
    assert detail(hall)["before"]["closing_time"] == profile.closing_time
    assert detail(hall)["after"]["closing_time"] == "18:00"

    by_key = {r.entity_id: detail(r) for r in records(demo, "settings.update")}
    warning = by_key[hall_settings.WARNING_KEY]
    assert json.loads(warning["after"]) == {"warn_days_left": 5, "warn_fraction_left": 0.25}
    custody = by_key[hall_settings.CUSTODY_KEY]
    assert (custody["before"], custody["after"]) == (None, "9")

    (set_day,) = records(demo, "calendar.set_day")
    assert detail(set_day)["before"] == calendar.KIND_LABELS[calendar.DayKind.WEEKEND]
    assert detail(set_day)["is_workday"] is True
    (reset,) = records(demo, "calendar.reset_day")
    assert detail(reset)["before"] != detail(reset)["after"]
    assert detail(reset)["after"] == calendar.KIND_LABELS[calendar.DayKind.WEEKEND]
    assert all(r.actor_id == supervisor.staff_id for r in [hall, set_day, reset])

    assert verify_chain(demo.read_uow()).intact


def test_a_refused_attempt_is_recorded_and_still_refused(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    with pytest.raises(PermissionDenied, match=Role.SUPERVISOR.label) as refused:
        hall_settings.set_custody_max_days(demo.uow(), clerk, 9)
    assert clerk.name in str(refused.value)

    (row,) = records(demo, "permission.refused")
    assert row.actor_id == clerk.staff_id and row.actor_name == clerk.name
    assert detail(row)["attempted"] == "修改材料保管期限"
    assert detail(row)["needed"] == Role.SUPERVISOR.label
    assert detail(row)["held"] == Role.CLERK.label
    # The refused change itself never happened.
    assert hall_settings.custody_max_days(demo.read_uow()) == hall_settings.DEFAULT_CUSTODY_DAYS
    assert records(demo, "settings.update") == []

    trail = user_trail(demo.read_uow(), supervisor, clerk.login)
    assert (
        [line.label for line in trail.lines][-1] == action_label("permission.refused") == "权限拒绝"
    )
    assert verify_chain(demo.read_uow()).intact


def test_a_recorder_that_fails_does_not_hide_the_refusal(demo: AppContext, clerk: Actor) -> None:
    def broken(actor: Actor, attempted: str, roles: tuple[Role, ...]) -> None:
        raise OSError("disk full")

    previous = set_refusal_recorder(broken)
    try:
        with pytest.raises(PermissionDenied, match="中心负责人"):
            calendar.set_day(demo.uow(), clerk, SATURDAY, True, "调休上班", "试试")
    finally:
        set_refusal_recorder(previous)
    assert records(demo, "permission.refused") == []
    assert records(demo, "calendar.set_day") == []


def test_refusals_go_to_the_open_database_and_never_to_a_closed_one(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    other = open_database(
        Settings(
            db_path=tmp_path / "other" / "hall.sqlite3",
            backup_dir=tmp_path / "other" / "backups",
            config_file=tmp_path / "other" / "config.toml",
        )
    )
    try:
        seed_demo(other.uow(), COMMAND_LINE)  # the same staff, so the record can name them
        with pytest.raises(PermissionDenied):
            hall_settings.set_custody_max_days(demo.uow(), clerk, 9)
        assert len(records(other, "permission.refused")) == 1  # the one opened last
    finally:
        other.close()
    with pytest.raises(PermissionDenied):
        hall_settings.set_custody_max_days(demo.uow(), clerk, 9)
    (row,) = records(demo, "permission.refused")
    assert detail(row)["attempted"] == "修改材料保管期限"
