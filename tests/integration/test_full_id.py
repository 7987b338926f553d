"""显示完整证件号: only the roles whose work needs the whole number see it, each showing is
in the audit trail with its purpose, and the number itself never enters the trail."""

from __future__ import annotations

import json
from typing import NamedTuple

import pytest
from sqlalchemy import select

from hallapp.app import AppContext
from hallapp.db.models import AuditRecord
from hallapp.errors import InvalidInput, NotFound, PermissionDenied
from hallapp.services.actors import Actor, Role
from hallapp.services.full_id import RevealPurpose, reveal_doc_numbers
from hallapp.services.halls import actor_for
from tests.integration.test_audit_trail import accepted_case
from tests.integration.test_intake import ID_ZHANG


class Line(NamedTuple):
    actor_name: str
    entity_id: str
    detail: str


def trail(ctx: AppContext, action: str) -> list[Line]:
    with ctx.read_uow() as uow:
        rows = uow.session.execute(
            select(AuditRecord.actor_name, AuditRecord.entity_id, AuditRecord.detail).where(
                AuditRecord.action == action
            )
        )
        return [Line(*r) for r in rows]


def test_a_clerk_sees_the_full_number_and_the_showing_is_recorded(
    demo: AppContext, clerk: Actor
) -> None:
    case = accepted_case(demo, clerk)
    shown = reveal_doc_numbers(demo.uow(), clerk, case.case_id, RevealPurpose.CHECK_IDENTITY)
    assert shown.applicant == ID_ZHANG and shown.proxy == ""
    [record] = trail(demo, "case.reveal_id")
    assert record.actor_name == clerk.name and record.entity_id == str(case.case_id)
    detail = json.loads(record.detail)
    assert detail["purpose"] == "check_identity" and detail["number"] == case.number
    assert ID_ZHANG not in record.detail  # the trail says who looked, never what they saw


def test_the_supervisor_states_a_reason_for_other_purposes(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    case = accepted_case(demo, clerk)
    with pytest.raises(InvalidInput, match="写明查看原因"):
        reveal_doc_numbers(demo.uow(), supervisor, case.case_id, RevealPurpose.OTHER)
    assert trail(demo, "case.reveal_id") == []
    shown = reveal_doc_numbers(
        demo.uow(), supervisor, case.case_id, RevealPurpose.OTHER, "申请人电话查询办理进度"
    )
    assert shown.applicant == ID_ZHANG
    assert json.loads(trail(demo, "case.reveal_id")[0].detail)["note"] == "申请人电话查询办理进度"


@pytest.mark.parametrize("login", ["wangfang", "admin"])
def test_agents_and_the_admin_are_told_which_roles_may(
    demo: AppContext, clerk: Actor, login: str
) -> None:
    case = accepted_case(demo, clerk)
    who = actor_for(demo.read_uow(), login)
    with pytest.raises(PermissionDenied) as refused:
        reveal_doc_numbers(demo.uow(), who, case.case_id, RevealPurpose.CHECK_IDENTITY)
    assert Role.CLERK.label in refused.value.message
    assert Role.SUPERVISOR.label in refused.value.message
    assert trail(demo, "case.reveal_id") == []
    # The refusal itself is in the trail, as every refusal is.
    assert [r.actor_name for r in trail(demo, "permission.refused")] == [who.name]


def test_a_read_only_user_is_refused(demo: AppContext, clerk: Actor) -> None:
    case = accepted_case(demo, clerk)
    viewer = Actor(None, "viewer", "查询员", frozenset({Role.READONLY}))
    with pytest.raises(PermissionDenied, match="窗口人员"):
        reveal_doc_numbers(demo.uow(), viewer, case.case_id, RevealPurpose.COUNTY_INQUIRY)


def test_an_unknown_case_writes_nothing(demo: AppContext, clerk: Actor) -> None:
    with pytest.raises(NotFound):
        reveal_doc_numbers(demo.uow(), clerk, 999_999, RevealPurpose.CHECK_IDENTITY)
    assert trail(demo, "case.reveal_id") == []
