"""只读用户: the services, which have the last word, refuse every write of a read-only
account and name the role it would need; sending the hall's records to the county stays
open to every role, as the sync service intends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hallapp.app import AppContext
from hallapp.core.lifecycle import Action
from hallapp.core.workdays import DueDate
from hallapp.db.models import AuditRecord
from hallapp.documents.model import DocumentKind
from hallapp.errors import PermissionDenied
from hallapp.services import halls
from hallapp.services.actors import COMMAND_LINE, Actor, Role
from hallapp.services.cases import CaseQuery
from hallapp.services.facade import HallServices
from hallapp.services.sync_types import SyncNotConfigured
from tests.ui.test_register_support import make_case, services_for

SATURDAY = date(2026, 3, 7)


@pytest.fixture
def reader(demo: AppContext) -> Actor:
    member = halls.StaffMember("zhaoxiao", "赵晓", frozenset({Role.READONLY}))
    return halls.add_staff(demo.uow(), COMMAND_LINE, member)


def _audit_rows(ctx: AppContext) -> int:
    with ctx.read_uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(AuditRecord)) or 0)


Write = Callable[[HallServices, AppContext, int, Path], object]
# Each write of a screen, and the words of its refusal.
WRITES: dict[str, tuple[Write, str]] = {
    "intake": (
        lambda s, ctx, _case, _tmp: make_case(ctx, s.actor),
        "窗口受理需要窗口人员或中心负责人角色",
    ),
    "apply_action": (
        lambda s, _ctx, case, _tmp: s.apply_action(case, Action.START_HANDLING),
        "承办需要窗口人员或中心负责人或代办员角色",
    ),
    "calendar_day": (
        lambda s, _ctx, _case, _tmp: s.set_calendar_day(SATURDAY, True, "调休上班", "县里通知"),
        "修改工作日历需要中心负责人或管理员角色",
    ),
    "calendar_import": (
        lambda s, _ctx, _case, tmp: s.import_calendar(tmp / "2027.json"),
        "导入节假日安排需要中心负责人或管理员角色",
    ),
    "catalogue_import": (
        lambda s, _ctx, _case, tmp: s.import_catalogue(tmp / "catalogue.json"),
        "导入事项目录需要中心负责人或管理员角色",
    ),
    "print": (
        lambda s, _ctx, case, _tmp: s.render_document(case, DocumentKind.RECEIPT),
        "打印文书需要窗口人员或中心负责人或代办员角色",
    ),
    "sync_settings": (
        lambda s, _ctx, _case, tmp: s.configure_sync("https://hub.example", "430121104000", tmp),
        "设置同步需要中心负责人或管理员角色",
    ),
    "resend": (
        lambda s, _ctx, _case, _tmp: s.retry_parked(),
        "重新发送被拒收的批次需要中心负责人或管理员角色",
    ),
    "idle_lock": (
        lambda s, _ctx, _case, _tmp: s.set_idle_lock_minutes(5),
        "修改自动锁定时间需要中心负责人或管理员角色",
    ),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_each_write_is_refused_naming_the_role_needed(
    demo: AppContext, clerk: Actor, reader: Actor, tmp_path: Path, write: str
) -> None:
    case_id = make_case(demo, clerk).case_id
    services = services_for(demo, reader)
    attempt, said = WRITES[write]
    before = _audit_rows(demo)
    with pytest.raises(PermissionDenied) as refused:
        attempt(services, demo, case_id, tmp_path)
    assert said in refused.value.message
    assert "赵晓" in refused.value.message
    # Only the refusal itself is recorded; the change never happened.
    assert _audit_rows(demo) == before + 1


def test_a_read_only_account_may_send_to_the_county(
    demo: AppContext, reader: Actor, tmp_path: Path
) -> None:
    services = services_for(demo, reader)
    # Past the permission check, both stop at the missing hub, not at the role.
    with pytest.raises(SyncNotConfigured):
        services.sync_now()
    with pytest.raises(SyncNotConfigured):
        services.export_batches(tmp_path / "stick")


def test_a_read_only_account_reads_what_the_screens_show(
    demo: AppContext, clerk: Actor, reader: Actor
) -> None:
    case_id = make_case(demo, clerk).case_id
    services = services_for(demo, reader)
    assert services.case_detail(case_id).number
    assert case_id in services.case_ids(CaseQuery())
    assert services.search_items("临时救助")
    assert services.sync_status() is not None
    assert isinstance(services.add_workdays(SATURDAY, 1), DueDate)
    assert services.idle_lock_minutes() == 10
