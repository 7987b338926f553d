"""无操作自动锁定: a hall setting like the others, changed by a supervisor or an admin,
within bounds, with its audit record."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from hallapp.app import AppContext
from hallapp.db.models import AuditRecord
from hallapp.errors import InvalidInput, PermissionDenied
from hallapp.services import hall_settings
from hallapp.services.actors import Actor, Role
from hallapp.services.audit_verify import verify_chain
from hallapp.services.facade import HallServices
from hallapp.services.halls import actor_for


def settings_records(ctx: AppContext) -> list[AuditRecord]:
    with ctx.read_uow() as uow:
        rows = uow.session.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "settings.update")
            .where(AuditRecord.entity_id == hall_settings.IDLE_LOCK_KEY)
            .order_by(AuditRecord.id)
        ).all()
        uow.session.expunge_all()
        return list(rows)


def test_ten_minutes_until_someone_changes_it(demo: AppContext) -> None:
    assert hall_settings.idle_lock_minutes(demo.read_uow()) == 10
    assert hall_settings.DEFAULT_IDLE_LOCK_MINUTES == 10


def test_a_supervisor_and_an_admin_set_it_and_each_change_is_audited(
    demo: AppContext, supervisor: Actor
) -> None:
    admin = actor_for(demo.read_uow(), "admin")
    assert hall_settings.set_idle_lock_minutes(demo.uow(), supervisor, 3) == 3
    assert hall_settings.idle_lock_minutes(demo.read_uow()) == 3
    hall_settings.set_idle_lock_minutes(demo.uow(), admin, 120)
    assert hall_settings.idle_lock_minutes(demo.read_uow()) == 120

    first, second = settings_records(demo)
    assert json.loads(first.detail) == {"before": None, "after": "3"}
    assert first.actor_id == supervisor.staff_id
    assert json.loads(second.detail) == {"before": "3", "after": "120"}
    assert second.actor_id == admin.staff_id
    assert verify_chain(demo.read_uow()).intact


@pytest.mark.parametrize("minutes", [0, -5, 121, 24 * 60])
def test_out_of_range_is_refused_in_chinese(
    demo: AppContext, supervisor: Actor, minutes: int
) -> None:
    with pytest.raises(InvalidInput) as refused:
        hall_settings.set_idle_lock_minutes(demo.uow(), supervisor, minutes)
    assert refused.value.message == "无操作自动锁定时间须在1至120分钟之间"
    assert hall_settings.idle_lock_minutes(demo.read_uow()) == 10
    assert settings_records(demo) == []


@pytest.mark.parametrize("login", ["zhangmin", "wangfang"])
def test_a_clerk_or_agent_is_refused_naming_the_roles_needed(demo: AppContext, login: str) -> None:
    actor = actor_for(demo.read_uow(), login)
    with pytest.raises(PermissionDenied) as refused:
        hall_settings.set_idle_lock_minutes(demo.uow(), actor, 5)
    text = refused.value.message
    assert "修改自动锁定时间" in text
    assert Role.SUPERVISOR.label in text and Role.ADMIN.label in text
    assert hall_settings.idle_lock_minutes(demo.read_uow()) == 10
    assert settings_records(demo) == []


def test_the_facade_reads_and_writes_it_for_the_acting_user(
    demo: AppContext, supervisor: Actor, clerk: Actor
) -> None:
    boss = HallServices(demo.uow, demo.read_uow, supervisor, demo.db_path)
    assert boss.set_idle_lock_minutes(25) == 25
    window = HallServices(demo.uow, demo.read_uow, clerk, demo.db_path)
    assert window.idle_lock_minutes() == 25  # every window of the hall reads the same
    with pytest.raises(PermissionDenied):
        window.set_idle_lock_minutes(1)
