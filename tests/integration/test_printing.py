"""Printed documents of a case: which ones a case has, what they say, and every copy
recorded; the command line that prints them to files; the migration that added the
record of prints."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

from hallapp.app import AppContext, open_database
from hallapp.config import Settings
from hallapp.core.identity import DocumentType
from hallapp.core.intake import (
    Applicant,
    ApplicantKind,
    Decision,
    FeeLine,
    IntakeForm,
    MaterialLine,
    MaterialStatus,
    PaymentMethod,
    Refusal,
)
from hallapp.core.lifecycle import Action
from hallapp.core.money import capital_amount
from hallapp.db.models import AuditRecord, Case, CaseEvent, CasePrint
from hallapp.db.schema import HEAD_REVISION, current_revision
from hallapp.documents.model import DocumentKind, PaperFormat
from hallapp.documents.render import UnsupportedFormat
from hallapp.errors import PermissionDenied
from hallapp.services import cases, catalogue, intake, printing
from hallapp.services.actors import Actor, Role
from hallapp.services.printing import NotApplicable

ID_ZHANG = "11010519491231002X"
ID_PROXY = "430121198807150012"
MONDAY_MORNING = datetime(2026, 3, 2, 9, 30)
HALL = "示例镇便民服务中心"
RELIEF = "临时救助申请"
TRANSFER = "集镇住宅不动产转移登记"  # 80 + 10 yuan of fees on the one bill
REFUSAL_TEXT = "申请事项属于县不动产登记中心职权，请向该中心申请"


def version_of(ctx: AppContext, name: str) -> int:
    return catalogue.search_items(ctx.read_uow(), name)[0].version_id


def checklist(ctx: AppContext, version_id: int, missing: str = "") -> tuple[MaterialLine, ...]:
    guide = catalogue.item_guide(ctx.read_uow(), version_id)
    lines = []
    for m in guide.spec.materials:
        if m.name == missing:
            lines.append(
                MaterialLine(
                    m.name, m.form.value, m.copies, m.required, MaterialStatus.MISSING,
                    problem="须提供近三个月的收入证明",
                )
            )  # fmt: skip
        else:
            status = MaterialStatus.RECEIVED if m.required else MaterialStatus.NOT_APPLICABLE
            lines.append(
                MaterialLine(m.name, m.form.value, m.copies, m.required, status, True, m.copies)
            )
    return tuple(lines)


def applicant(**changes: object) -> Applicant:
    base = Applicant(
        ApplicantKind.PERSON,
        "张三",
        DocumentType.RESIDENT_ID,
        ID_ZHANG,
        "13800138000",
        "示例镇人民路2号",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def take_in(
    ctx: AppContext,
    clerk: Actor,
    decision: Decision,
    item: str = RELIEF,
    *,
    missing: str = "",
    proxy: bool = False,
    fees: bool = False,
) -> int:
    vid = version_of(ctx, item)
    guide = catalogue.item_guide(ctx.read_uow(), vid)
    form = IntakeForm(
        item_version_id=vid,
        applicant=applicant(),
        materials=checklist(ctx, vid, missing),
        fees=tuple(FeeLine(f.name, f.amount_fen) for f in guide.spec.fees) if fees else (),
        proxy=applicant(name="李四", doc_number=ID_PROXY, phone="13900139000") if proxy else None,
        payment_method=PaymentMethod.CASH if fees else PaymentMethod.NONE,
        idempotency_key=intake.new_form_key(),
    )
    refusal = Refusal("not_our_matter", REFUSAL_TEXT) if decision is Decision.REFUSE else None
    return intake.submit_intake(
        ctx.uow(), clerk, form, decision, refusal, now=MONDAY_MORNING
    ).case_id


def finish(ctx: AppContext, clerk: Actor, case_id: int, deliver: bool = False) -> None:
    steps = [Action.START_HANDLING, Action.SUBMIT_FOR_REVIEW, Action.APPROVE, Action.COMPLETE]
    for action in steps + ([Action.DELIVER] if deliver else []):
        cases.apply_action(ctx.uow(), clerk, case_id, action, "同意")


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text with all white space removed: CJK extraction spaces glyphs freely."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return "".join(out.split())


def shows_day(text_: str, day: date) -> bool:
    return f"{day.year}年{day.month}月{day.day}日" in text_ or day.isoformat() in text_


def number_of(ctx: AppContext, case_id: int) -> str:
    return cases.case_detail(ctx.read_uow(), case_id).number


def count(ctx: AppContext, model: type) -> int:
    with ctx.read_uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def assert_common(ctx: AppContext, case_id: int, words: str, id_shown: bool = True) -> None:
    """What every case document shows: hall, number, applicant, masked ID, item; never the
    whole ID number."""
    detail = cases.case_detail(ctx.read_uow(), case_id)
    assert HALL in words
    assert detail.number in words
    assert detail.applicant_name in words
    assert (detail.masked_doc in words) is id_shown  # 110***********002X
    assert ID_ZHANG not in words
    assert ID_ZHANG[6:14] not in words  # not even the birth date
    assert detail.item_name in words


# --- what each document says ------------------------------------------------------------------


def test_the_receipt_states_the_limit_and_the_due_date(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    case_id = take_in(demo, clerk, Decision.ACCEPT)
    doc = printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.RECEIPT)
    assert doc.copy_no == 1 and not doc.is_reprint
    assert doc.file_name == f"受理通知书-{number_of(demo, case_id)}.pdf"
    words = pdf_text(doc.data, tmp_path)
    assert_common(demo, case_id, words)
    assert "受理通知书" in words
    detail = cases.case_detail(demo.read_uow(), case_id)
    assert detail.promised_due is not None
    assert shows_day(words, detail.promised_due.day)
    assert "7个工作日" in words
    assert "补打" not in words
    assert "0731-86901234" in words  # where to ask about the case
    assert clerk.name in words


def test_the_notice_names_each_missing_material_and_what_is_wrong(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    case_id = take_in(demo, clerk, Decision.NOTICE, missing="困难情况证明材料")
    doc = printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.NOTICE)
    words = pdf_text(doc.data, tmp_path)
    assert_common(demo, case_id, words)
    assert "一次性告知书" in words
    assert "困难情况证明材料" in words
    assert "须提供近三个月的收入证明" in words
    assert "临时救助申请书" in words  # already received, listed as such


def test_the_refusal_states_the_reason_and_the_remedy(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    case_id = take_in(demo, clerk, Decision.REFUSE)
    doc = printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.REFUSAL)
    words = pdf_text(doc.data, tmp_path)
    assert_common(demo, case_id, words)
    assert "不予受理通知书" in words
    assert REFUSAL_TEXT in words
    assert "行政复议" in words and "六十日" in words
    assert "行政诉讼" in words and "六个月" in words


def test_the_bill_lists_every_fee_with_the_total_in_capitals(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    case_id = take_in(demo, clerk, Decision.ACCEPT, TRANSFER, fees=True)
    choices = {c.kind: c for c in printing.document_choices(demo.read_uow(), case_id)}
    assert choices[DocumentKind.BILL].applies
    assert choices[DocumentKind.BILL].formats == (
        PaperFormat.A4,
        PaperFormat.THERMAL_80MM,
        PaperFormat.ESCPOS,
    )
    for fmt in (PaperFormat.A4, PaperFormat.THERMAL_80MM):
        doc = printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.BILL, fmt)
        words = pdf_text(doc.data, tmp_path)
        assert_common(demo, case_id, words)
        assert "不动产登记费（住宅类）" in words and "80.00" in words
        assert "10.00" in words and "90.00" in words
        assert capital_amount(9000) in words  # 玖拾元整
        assert "现金" in words


def test_the_pickup_and_delivery_papers_state_the_decision(
    demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    case_id = take_in(demo, clerk, Decision.ACCEPT)
    finish(demo, supervisor, case_id)
    for kind, title in ((DocumentKind.PICKUP, "办结通知书"), (DocumentKind.DELIVERY, "送达回证")):
        doc = printing.render_document(demo.read_uow(), clerk, case_id, kind)
        words = pdf_text(doc.data, tmp_path)
        assert_common(demo, case_id, words)
        assert title in words
        assert "准予许可" in words or kind is DocumentKind.DELIVERY
        assert "窗口领取" in words


def test_authorisation_and_handover_name_the_person_acting_for_the_applicant(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    case_id = take_in(demo, clerk, Decision.ACCEPT, TRANSFER, proxy=True, fees=True)
    for kind in (DocumentKind.AUTHORISATION, DocumentKind.HANDOVER):
        doc = printing.render_document(demo.read_uow(), clerk, case_id, kind)
        words = pdf_text(doc.data, tmp_path)
        # The hand-over sheet lists materials between the two people who sign it.
        assert_common(demo, case_id, words, id_shown=kind is DocumentKind.AUTHORISATION)
        assert kind.title in words
        assert "李四" in words and ID_PROXY not in words
        if kind is DocumentKind.AUTHORISATION:
            assert "430***********0012" in words
            assert "代为办理" in words  # the scope of the authorisation


def test_a_village_agent_is_printed_as_the_one_acting_for_the_applicant(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    case_id = take_in(demo, clerk, Decision.ACCEPT)
    with demo.uow() as uow:
        agent = uow.session.scalar(text("SELECT id FROM agents WHERE name = '赵春兰'"))
        uow.session.execute(update(Case).where(Case.id == case_id).values(agent_id=agent))
        uow.commit()
    doc = printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.AUTHORISATION)
    words = pdf_text(doc.data, tmp_path)
    assert "赵春兰" in words and "13807310002" in words


# --- which documents a case has ---------------------------------------------------------------


def test_a_document_the_case_does_not_have_is_refused_with_the_reason(
    demo: AppContext, clerk: Actor
) -> None:
    case_id = take_in(demo, clerk, Decision.NOTICE, missing="困难情况证明材料")
    choices = {c.kind: c for c in printing.document_choices(demo.read_uow(), case_id)}
    assert [c.kind for c in choices.values()] == list(printing.CASE_KINDS)
    assert choices[DocumentKind.NOTICE].applies
    assert choices[DocumentKind.NOTICE].formats == (PaperFormat.A4,)
    expected = {
        DocumentKind.RECEIPT: "办件尚未受理，不能打印受理通知书",
        DocumentKind.REFUSAL: "办件没有被不予受理，不能打印不予受理通知书",
        DocumentKind.BILL: "办件没有收费项目，不能打印收费收据",
        DocumentKind.PICKUP: "办件尚未办结，不能打印办结通知书（取件凭证）",
        DocumentKind.DELIVERY: "办件尚未办结，不能打印送达回证",
        DocumentKind.AUTHORISATION: "办件没有委托代理人或代办员，不能打印代办委托书",
        DocumentKind.HANDOVER: "办件没有委托代理人或代办员，不能打印材料交接单",
    }
    for kind, reason in expected.items():
        assert not choices[kind].applies and choices[kind].reason_if_not == reason
    with pytest.raises(NotApplicable, match="办件尚未受理，不能打印受理通知书"):
        printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.RECEIPT)
    with pytest.raises(NotApplicable, match="办件尚未受理"):
        printing.record_print(
            demo.uow(), clerk, case_id, DocumentKind.RECEIPT, PaperFormat.A4, "HP LaserJet"
        )
    assert count(demo, CasePrint) == 0


def test_each_document_applies_in_its_own_states(
    demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:
    def applying(case_id: int) -> set[DocumentKind]:
        return {c.kind for c in printing.document_choices(demo.read_uow(), case_id) if c.applies}

    K = DocumentKind
    accepted = take_in(demo, clerk, Decision.ACCEPT)
    assert applying(accepted) == {K.RECEIPT}
    refused = take_in(demo, clerk, Decision.REFUSE, TRANSFER, fees=True)
    assert applying(refused) == {K.REFUSAL}  # no fee is collected on a refused case
    with_fees = take_in(demo, clerk, Decision.ACCEPT, TRANSFER, proxy=True, fees=True)
    assert applying(with_fees) == {K.RECEIPT, K.BILL, K.AUTHORISATION, K.HANDOVER}
    finish(demo, supervisor, accepted, deliver=True)
    assert applying(accepted) == {K.RECEIPT, K.PICKUP, K.DELIVERY}
    # Back after the notice with everything: the same case, accepted; the notice stays
    # printable only while something is still missing.
    noticed = take_in(demo, clerk, Decision.NOTICE, missing="困难情况证明材料")
    intake.resume_after_notice(
        demo.uow(), clerk, noticed, checklist(demo, version_of(demo, RELIEF)), Decision.ACCEPT
    )
    assert applying(noticed) == {K.RECEIPT}
    reason = printing.document_choices(demo.read_uow(), noticed)[1].reason_if_not
    assert reason == "办件没有缺少或不符合要求的材料，不能打印一次性告知书"
    cases.apply_action(demo.uow(), supervisor, with_fees, Action.VOID, "重复录入")
    assert applying(with_fees) == set()
    assert printing.document_choices(demo.read_uow(), with_fees)[0].reason_if_not == (
        "办件已作废，不能打印受理通知书"
    )


def test_only_the_receipt_and_the_bill_print_on_the_counter_roll(
    demo: AppContext, clerk: Actor
) -> None:
    case_id = take_in(demo, clerk, Decision.NOTICE, missing="困难情况证明材料")
    for fmt in (PaperFormat.THERMAL_80MM, PaperFormat.ESCPOS):
        with pytest.raises(UnsupportedFormat, match="一次性告知书只能用A4纸打印"):
            printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.NOTICE, fmt)
        with pytest.raises(UnsupportedFormat):
            printing.record_print(
                demo.uow(), clerk, case_id, DocumentKind.NOTICE, fmt, "ESC/POS：/dev/usb/lp0"
            )


def test_staff_without_a_counter_role_cannot_print(demo: AppContext, clerk: Actor) -> None:
    case_id = take_in(demo, clerk, Decision.ACCEPT)
    reader = Actor(None, "viewer", "查看员", frozenset({Role.READONLY}))
    with pytest.raises(PermissionDenied, match="打印文书"):
        printing.render_document(demo.read_uow(), reader, case_id, DocumentKind.RECEIPT)
    with pytest.raises(PermissionDenied):
        printing.record_print(
            demo.uow(), reader, case_id, DocumentKind.RECEIPT, PaperFormat.A4, "HP LaserJet"
        )
    agent = Actor(None, "wangfang", "王芳", frozenset({Role.AGENT}))
    printing.record_print(
        demo.uow(), agent, case_id, DocumentKind.RECEIPT, PaperFormat.A4, "HP LaserJet"
    )


# --- reprints and the record of prints --------------------------------------------------------


def test_a_second_print_of_a_document_is_marked_as_a_reprint(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    case_id = take_in(demo, clerk, Decision.ACCEPT)
    first = printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.RECEIPT)
    # A preview records nothing: rendering again is still the first copy.
    again = printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.RECEIPT)
    assert first.copy_no == again.copy_no == 1
    printing.record_print(
        demo.uow(), clerk, case_id, DocumentKind.RECEIPT, PaperFormat.A4, "HP LaserJet"
    )
    for fmt in (PaperFormat.A4, PaperFormat.THERMAL_80MM):
        second = printing.render_document(
            demo.read_uow(), clerk, case_id, DocumentKind.RECEIPT, fmt
        )
        assert second.copy_no == 2 and second.is_reprint
        assert "补打（第1次）" in pdf_text(second.data, tmp_path)
    # Each document counts its own copies.
    bill_case = take_in(demo, clerk, Decision.ACCEPT, TRANSFER, fees=True)
    bill = printing.render_document(demo.read_uow(), clerk, bill_case, DocumentKind.BILL)
    assert bill.copy_no == 1


def test_a_print_is_recorded_with_its_timeline_step_and_audit_record(
    demo: AppContext, clerk: Actor
) -> None:
    case_id = take_in(demo, clerk, Decision.ACCEPT)
    first = printing.record_print(
        demo.uow(), clerk, case_id, DocumentKind.RECEIPT, PaperFormat.A4, "HP LaserJet"
    )
    second = printing.record_print(
        demo.uow(),
        clerk,
        case_id,
        DocumentKind.RECEIPT,
        PaperFormat.ESCPOS,
        "ESC/POS：/dev/usb/lp0",
    )
    assert (first.copy_no, second.copy_no) == (1, 2)
    assert second.label == "受理通知书（补打第1次）"
    assert printing.print_history(demo.read_uow(), case_id) == [first, second]
    assert second.printed_by == clerk.name
    with demo.read_uow() as uow:
        events = uow.session.execute(
            select(CaseEvent.action, CaseEvent.comment, CaseEvent.from_state, CaseEvent.to_state)
            .where(CaseEvent.case_id == case_id, CaseEvent.action == "print")
            .order_by(CaseEvent.id)
        ).all()
        audits = uow.session.execute(
            select(AuditRecord.action, AuditRecord.detail)
            .where(AuditRecord.action.like("print.%"))
            .order_by(AuditRecord.id)
        ).all()
    assert [e.comment for e in events] == [
        "打印受理通知书 → HP LaserJet",
        "打印受理通知书（补打第1次） → ESC/POS：/dev/usb/lp0",
    ]
    assert all(e.from_state == e.to_state == "accepted" for e in events)
    assert [a.action for a in audits] == ["print.receipt", "print.receipt"]
    assert json.loads(audits[1].detail)["copy_no"] == 2


def test_a_failed_print_record_leaves_nothing_behind(
    demo: AppContext, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = take_in(demo, clerk, Decision.ACCEPT)
    events, audits = count(demo, CaseEvent), count(demo, AuditRecord)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(printing, "add_audit", broken)
    with pytest.raises(RuntimeError):
        printing.record_print(
            demo.uow(), clerk, case_id, DocumentKind.RECEIPT, PaperFormat.A4, "HP LaserJet"
        )
    assert count(demo, CasePrint) == 0
    assert (count(demo, CaseEvent), count(demo, AuditRecord)) == (events, audits)


# --- the item guide ---------------------------------------------------------------------------


def test_the_guide_of_an_item_prints_by_version_or_by_code(
    demo: AppContext, tmp_path: Path
) -> None:
    vid = version_of(demo, TRANSFER)
    spec = catalogue.item_guide(demo.read_uow(), vid).spec
    by_version = pdf_text(printing.render_guide(demo.read_uow(), vid), tmp_path)
    by_code = pdf_text(printing.render_guide(demo.read_uow(), spec.code), tmp_path)
    for words in (by_version, by_code):
        assert spec.name in words and HALL in words
        assert "不动产登记申请书" in words and "80.00" in words


# --- the command line -------------------------------------------------------------------------


def hallapp(db: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HALLAPP_DB=str(db))
    return subprocess.run(
        [sys.executable, "-m", "hallapp", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_the_command_line_prints_in_all_three_formats_and_records_each(
    demo: AppContext, clerk: Actor, settings: Settings, tmp_path: Path
) -> None:
    case_id = take_in(demo, clerk, Decision.ACCEPT, TRANSFER, fees=True)
    number = number_of(demo, case_id)
    out = tmp_path / "out"
    out.mkdir()
    a4 = hallapp(settings.db_path, "print", number, "receipt", cwd=out)
    assert a4.returncode == 0, a4.stderr
    thermal = hallapp(
        settings.db_path, "print", number.replace("-", ""), "receipt", "--format", "80mm",
        "--out", str(out),
    )  # fmt: skip
    assert thermal.returncode == 0, thermal.stderr
    escpos = hallapp(
        settings.db_path, "print", number, "bill", "--format", "escpos",
        "--out", str(out / "bill.bin"),
    )  # fmt: skip
    assert escpos.returncode == 0, escpos.stderr
    files = {
        "a4": out / f"受理通知书-{number}.pdf",
        "80mm": out / f"受理通知书-{number}-80mm.pdf",
        "escpos": out / "bill.bin",
    }
    assert files["a4"].read_bytes().startswith(b"%PDF")
    assert files["80mm"].read_bytes().startswith(b"%PDF")
    assert files["escpos"].read_bytes().startswith(b"\x1b@")  # ESC @: initialise the printer
    assert "已打印受理通知书（补打第1次）" in thermal.stdout
    history = printing.print_history(demo.read_uow(), case_id)
    assert [(h.kind, h.fmt, h.copy_no) for h in history] == [
        (DocumentKind.RECEIPT, PaperFormat.A4, 1),
        (DocumentKind.RECEIPT, PaperFormat.THERMAL_80MM, 2),
        (DocumentKind.BILL, PaperFormat.ESCPOS, 1),
    ]
    assert [h.printer for h in history] == [f"文件：{files[f].resolve()}" for f in files]
    # The command line signs for the hall with the clerk who took the case in.
    assert clerk.name in pdf_text(files["a4"].read_bytes(), tmp_path)


def test_the_command_line_refuses_a_document_the_case_does_not_have(
    demo: AppContext, clerk: Actor, settings: Settings, tmp_path: Path
) -> None:
    number = number_of(demo, take_in(demo, clerk, Decision.ACCEPT))
    refused = hallapp(settings.db_path, "print", number, "refusal", cwd=tmp_path)
    assert refused.returncode == 1
    assert "办件没有被不予受理，不能打印不予受理通知书" in refused.stderr
    notice = hallapp(settings.db_path, "print", number, "notice", "--format", "80mm")
    assert notice.returncode == 1 and "一次性告知书" in notice.stderr
    unknown = hallapp(settings.db_path, "print", "430121104000-20260302-0999", "receipt")
    assert unknown.returncode == 1 and "找不到办件" in unknown.stderr
    assert list(tmp_path.glob("*.pdf")) == []
    assert count(demo, CasePrint) == 0
    help_ = hallapp(settings.db_path, "print", "--help")
    assert "补打" in help_.stdout and "receipt 受理通知书" in help_.stdout


def test_the_command_line_prints_an_item_guide(
    demo: AppContext, settings: Settings, tmp_path: Path
) -> None:
    spec = catalogue.item_guide(demo.read_uow(), version_of(demo, RELIEF)).spec
    done = hallapp(settings.db_path, "print-guide", spec.code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert spec.name in pdf_text((tmp_path / f"办事指南-{spec.code}.pdf").read_bytes(), tmp_path)
    missing = hallapp(settings.db_path, "print-guide", "0000000000", cwd=tmp_path)
    assert missing.returncode == 1 and "找不到事项" in missing.stderr


# --- the migration ----------------------------------------------------------------------------


def test_upgrading_from_0004_keeps_the_cases_and_starts_an_empty_print_record(
    settings: Settings,
) -> None:
    from hallapp.db.schema import downgrade_database
    from hallapp.services.actors import COMMAND_LINE
    from hallapp.services.demo import seed_demo
    from hallapp.services.demo_cases import generate_cases
    from hallapp.services.halls import actor_for

    ctx = open_database(settings)
    try:
        seed_demo(ctx.uow(), COMMAND_LINE)
        generate_cases(ctx.uow(), COMMAND_LINE, 200, seed=5, today=date.today())
        with ctx.engine.connect() as conn:
            before = conn.execute(text("SELECT * FROM cases ORDER BY id")).all()
            events = conn.execute(text("SELECT count(*) FROM case_events")).scalar()
        downgrade_database(ctx.engine, "0004")
    finally:
        ctx.close()
    assert current_revision(settings.db_path) == "0004"
    raw = sqlite3.connect(settings.db_path)
    assert raw.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'case_prints'"
    ).fetchone() == (0,)
    raw.close()

    ctx = open_database(settings)
    try:
        assert (ctx.migration.before, ctx.migration.after) == ("0004", HEAD_REVISION)
        assert ctx.migration.backup is not None and ctx.migration.backup.exists()
        with ctx.engine.connect() as conn:
            assert conn.execute(text("SELECT * FROM cases ORDER BY id")).all() == before
            assert conn.execute(text("SELECT count(*) FROM case_events")).scalar() == events
            assert conn.execute(text("SELECT count(*) FROM case_prints")).scalar() == 0
        clerk = actor_for(ctx.read_uow(), "zhangmin")
        with ctx.read_uow() as uow:
            accepted = uow.session.scalar(
                select(Case.id)
                .where(Case.accepted_on.is_not(None), Case.state != "voided")
                .limit(1)
            )
        assert accepted is not None
        record = printing.record_print(
            ctx.uow(), clerk, accepted, DocumentKind.RECEIPT, PaperFormat.A4, "HP LaserJet"
        )
        assert record.copy_no == 1
    finally:
        ctx.close()
