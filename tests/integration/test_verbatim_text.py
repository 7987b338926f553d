"""Text that looks like SQL, HTML or holds control characters is stored and read back
exactly, printed as typed on the receipt, and escaped on the county's pages; where a
check refuses such text (a person's name), the clerk is told why."""

from __future__ import annotations

import copy
import json
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from hallapp.app import AppContext
from hallapp.core.identity import DocumentType, gb32100_check_char
from hallapp.core.intake import (
    Applicant,
    ApplicantKind,
    Decision,
    IntakeForm,
    MaterialLine,
    MaterialStatus,
)
from hallapp.db.models import Case, OutboxEntry
from hallapp.documents.model import DocumentKind
from hallapp.hub.app import create_app
from hallapp.hub.store import HubStore
from hallapp.resources import SAMPLE_CATALOGUE
from hallapp.services import cases, catalogue, intake, printing
from hallapp.services.actors import Actor
from hallapp.services.intake import IntakeRefused
from hallapp.sync.protocol import Entry, make_batch

SQL = "'); DROP TABLE cases;--"
HTML = "<script>alert(1)</script>"
ENTITY = "&amp; &lt;b&gt;"
CONTROLS = "甲\t乙\x1b[31m丙\u202e丁\u200d戊"
PRINTABLE = {"sql": SQL, "html": HTML, "entity": ENTITY}
MONDAY_MORNING = datetime(2026, 3, 2, 9, 30)
HALL = "430121104000"
CREDIT_BODY = "91430121MA4L0000X"
CREDIT_CODE = CREDIT_BODY + gb32100_check_char(CREDIT_BODY)
ID_ZHANG = "11010519491231002X"


def form(ctx: AppContext, applicant: Applicant, item: str = "临时救助") -> IntakeForm:
    version_id = catalogue.search_items(ctx.read_uow(), item)[0].version_id
    guide = catalogue.item_guide(ctx.read_uow(), version_id)
    materials = tuple(
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
    return IntakeForm(version_id, applicant, materials, idempotency_key=intake.new_form_key())


def person(name: str = "张三", address: str = "示例镇人民路2号") -> Applicant:
    return Applicant(
        ApplicantKind.PERSON, name, DocumentType.RESIDENT_ID, ID_ZHANG, "13800138000", address
    )


def organisation(name: str, address: str = "示例镇工业园1号") -> Applicant:
    return Applicant(
        ApplicantKind.ORGANISATION,
        name,
        DocumentType.CREDIT_CODE,
        CREDIT_CODE,
        "0731-86901234",
        address,
    )


def take_in(ctx: AppContext, clerk: Actor, applicant: Applicant, item: str = "临时救助") -> int:
    f = form(ctx, applicant, item)
    return intake.submit_intake(ctx.uow(), clerk, f, Decision.ACCEPT, now=MONDAY_MORNING).case_id


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text with all white space removed: CJK extraction spaces glyphs freely."""
    path = tmp_path / "receipt.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return "".join(out.split())


def squeezed(text: str) -> str:
    return "".join(text.split())


# --- stored and read back ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text", [SQL, HTML, ENTITY, CONTROLS], ids=["sql", "html", "entity", "controls"]
)
def test_an_address_is_stored_and_read_back_exactly(
    demo: AppContext, clerk: Actor, text: str
) -> None:
    case_id = take_in(demo, clerk, person(address=f"示例镇{text}号"))
    detail = cases.case_detail(demo.read_uow(), case_id)
    assert detail.applicant_address == f"示例镇{text}号"
    with demo.read_uow() as uow:
        assert uow.session.scalar(select(Case.id).where(Case.id == case_id)) == case_id
        payload = json.loads(
            uow.session.scalars(
                select(OutboxEntry.payload).where(OutboxEntry.entity == "case")
            ).one()
        )
    assert payload["applicant_address"] == f"示例镇{text}号"


@pytest.mark.parametrize("text", [SQL, HTML, ENTITY], ids=["sql", "html", "entity"])
def test_an_organisation_name_is_stored_and_read_back_exactly(
    demo: AppContext, clerk: Actor, text: str
) -> None:
    name = f"示例{text}有限公司"
    case_id = take_in(demo, clerk, organisation(name))
    assert cases.case_detail(demo.read_uow(), case_id).applicant_name == name
    rows = cases.case_rows(demo.read_uow(), [case_id])
    assert rows[0].applicant_name == name


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        (HTML, "姓名含有不允许的字符“<”"),
        (SQL, "姓名含有不允许的字符“)”"),
        ("张\x1b三", "姓名含有控制字符（U+001B）"),
        ("张\u202e三", "姓名含有不可见的格式字符（U+202E）"),
    ],
)
def test_a_person_name_with_markup_or_control_characters_is_refused_with_the_reason(
    demo: AppContext, clerk: Actor, name: str, problem: str
) -> None:
    with pytest.raises(IntakeRefused) as refused:
        take_in(demo, clerk, person(name=name))
    assert problem in refused.value.problems[0]


def test_an_organisation_name_with_control_characters_is_refused_with_the_reason(
    demo: AppContext, clerk: Actor
) -> None:
    with pytest.raises(IntakeRefused) as refused:
        take_in(demo, clerk, organisation("示例\x1b[31m有限公司"))
    assert "单位名称含有控制字符（U+001B）" in refused.value.problems[0]


def test_a_joiner_in_a_name_is_dropped_and_a_tab_becomes_a_space(
    demo: AppContext, clerk: Actor
) -> None:
    """Invisible characters pasted with a name are dropped, as the name check says; what
    is stored is what the clerk sees."""
    case_id = take_in(demo, clerk, person(name="阿卜杜\u200d·热合曼\t买买提"))
    assert cases.case_detail(demo.read_uow(), case_id).applicant_name == "阿卜杜·热合曼 买买提"


# --- printed ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [SQL, HTML, ENTITY], ids=["sql", "html", "entity"])
def test_the_receipt_prints_name_and_address_as_typed(
    demo: AppContext, clerk: Actor, tmp_path: Path, text: str
) -> None:
    case_id = take_in(demo, clerk, organisation(f"示例{text}有限公司", f"示例镇{text}号"))
    doc = printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.RECEIPT)
    printed = pdf_text(doc.data, tmp_path)
    assert squeezed(f"示例{text}有限公司") in printed
    assert squeezed(f"示例镇{text}号") in printed


def test_the_receipt_prints_every_visible_character_of_an_address_with_controls(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    """The controls reach the PDF as they are (no placeholder is printed for them);
    every visible character around them is on the paper, in order within its run."""
    case_id = take_in(demo, clerk, person(address=CONTROLS))
    doc = printing.render_document(demo.read_uow(), clerk, case_id, DocumentKind.RECEIPT)
    printed = pdf_text(doc.data, tmp_path)
    for visible in ("甲乙", "[31m丙", "丁\u200d戊"):
        assert visible in printed
    assert "\ufffd" not in printed and "?" not in printed


# --- the county's pages -----------------------------------------------------------------


def catalogue_with_item_named(tmp_path: Path, name: str) -> tuple[Path, str]:
    data = copy.deepcopy(json.loads(SAMPLE_CATALOGUE.read_text(encoding="utf-8")))
    item = next(i for i in data["items"] if i["name"].startswith("临时救助"))
    item["name"] = name
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path, item["code"]


def test_the_county_pages_escape_what_a_hall_sent(
    demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    item_name = f"临时救助{HTML}{ENTITY}{SQL}"
    path, code = catalogue_with_item_named(tmp_path, item_name)
    catalogue.import_catalogue_file(demo.uow(), supervisor, path)
    take_in(demo, clerk, organisation(f"示例{HTML}有限公司", f"示例镇{SQL}号"), item=code)
    with demo.read_uow() as uow:
        rows = uow.session.execute(
            select(
                OutboxEntry.seq,
                OutboxEntry.entity,
                OutboxEntry.entity_id,
                OutboxEntry.op,
                OutboxEntry.payload,
            )
            .where(OutboxEntry.entity.in_(("case", "event")))
            .order_by(OutboxEntry.seq)
        ).all()
    sent = [
        Entry(i, e, eid, op, json.loads(p), "2026-03-02T09:30:00")
        for i, (_, e, eid, op, p) in enumerate(rows, start=1)
    ]
    assert sent[0].payload["item_name"] == item_name

    hub_url = f"sqlite+pysqlite:///{tmp_path / 'hub.sqlite3'}"
    store = HubStore(hub_url)
    try:
        credential = store.add_hall(HALL, "示例镇便民服务中心")
        store.add_user("xianji", "county-2026")
        ack = store.receive(make_batch(HALL, credential.secret, sent))
        assert ack.last_seq == len(sent) and not ack.duplicate
        app = create_app(hub_url, store=store, today=lambda: date(2026, 12, 1))
        with TestClient(app, raise_server_exceptions=True) as client:
            client.post(
                "/login",
                data={"username": "xianji", "password": "county-2026", "next": "/overdue"},
            )
            page = client.get("/overdue").text
    finally:
        store.close()
    assert sent[0].entity_id in page  # the case is listed
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp; &amp;lt;b&amp;gt;" in page
    assert "&#x27;); DROP TABLE cases;--" in page
    assert HTML not in page and "<b>" not in page
    # The applicant's details never reach the county's pages, escaped or not.
    assert "有限公司" not in page and "DROP TABLE cases;--号" not in page
