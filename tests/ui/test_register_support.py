"""Shared by the register and case view tests: cases made the way the window makes them,
through ``submit_intake``. No tests here."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from hallapp.app import AppContext
from hallapp.core.identity import DocumentType, gb11643_check_char
from hallapp.core.intake import (
    Applicant,
    ApplicantKind,
    Decision,
    FeeLine,
    IntakeForm,
    MaterialLine,
    MaterialStatus,
    PaymentMethod,
)
from hallapp.services import catalogue, intake
from hallapp.services.actors import Actor
from hallapp.services.facade import HallServices
from hallapp.services.intake import IntakeResult

ID_ZHANG = "11010519491231002X"
ID_LI = "110101199003070011"
MONDAY = datetime(2026, 3, 2, 9, 30)


def resident_id(serial: int, birth: date = date(1980, 1, 1)) -> str:
    """A valid resident ID (GB 11643 check character) for the ``serial``-th person."""
    body = f"110105{birth:%Y%m%d}{serial % 1000:03d}"
    return body + gb11643_check_char(body)


def services_for(ctx: AppContext, actor: Actor) -> HallServices:
    return HallServices(ctx.uow, ctx.read_uow, actor, ctx.db_path)


def item_id(ctx: AppContext, name: str) -> int:
    return catalogue.search_items(ctx.read_uow(), name)[0].version_id


def checklist(ctx: AppContext, version_id: int) -> tuple[MaterialLine, ...]:
    guide = catalogue.item_guide(ctx.read_uow(), version_id)
    return tuple(
        MaterialLine(
            m.name,
            m.form.value,
            m.copies,
            m.required,
            MaterialStatus.RECEIVED if m.required else MaterialStatus.NOT_APPLICABLE,
            original_seen=True,
            copies_taken=m.copies,
        )
        for m in guide.spec.materials
    )


def make_case(
    ctx: AppContext,
    actor: Actor,
    *,
    name: str = "张三",
    doc: str = ID_ZHANG,
    phone: str = "13800138000",
    item: str = "临时救助",
    decision: Decision = Decision.ACCEPT,
    now: datetime = MONDAY,
    missing: str = "",
    green_reason: str = "",
    fees: bool = False,
) -> IntakeResult:
    """One case through 一窗受理. ``missing`` names what is wrong with the first material
    (for 一次性告知); ``fees`` charges the item's fees in cash."""
    vid = item_id(ctx, item)
    materials = checklist(ctx, vid)
    if missing:
        first = replace(materials[0], status=MaterialStatus.MISSING, problem=missing)
        materials = (first, *materials[1:])
    fee_lines: tuple[FeeLine, ...] = ()
    if fees:
        guide = catalogue.item_guide(ctx.read_uow(), vid)
        fee_lines = tuple(FeeLine(f.name, f.amount_fen) for f in guide.spec.fees)
    form = IntakeForm(
        item_version_id=vid,
        applicant=Applicant(
            ApplicantKind.PERSON,
            name,
            DocumentType.RESIDENT_ID,
            doc,
            phone,
            "示例镇人民路2号",
        ),
        materials=materials,
        fees=fee_lines,
        payment_method=PaymentMethod.CASH if fee_lines else PaymentMethod.NONE,
        green_channel=bool(green_reason),
        green_reason=green_reason,
        idempotency_key=intake.new_form_key(),
    )
    return intake.submit_intake(ctx.uow(), actor, form, decision, now=now)


def many_cases(ctx: AppContext, actor: Actor, n: int, start: datetime = MONDAY) -> list[int]:
    """``n`` accepted cases, one a minute from ``start``; ids in creation order."""
    return [
        make_case(
            ctx,
            actor,
            name="王" + "一二三四五六七八九十"[i % 10],
            doc=resident_id(i),
            phone=f"1390000{i:04d}",
            now=start + timedelta(minutes=i),
        ).case_id
        for i in range(n)
    ]
