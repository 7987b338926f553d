"""A4 case documents and the 办事指南 as PDF: every field printed is real, extractable text,
nothing is cut off, rare characters print, both fonts travel with the file as subsets.

Read back with poppler's and qpdf's command-line tools, as a county office's viewer or
a print spooler would read the file.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCode
from reportlab.platypus import Flowable, KeepTogether, Table

from hallapp.core.money import capital_amount, yuan
from hallapp.documents.a4 import render_a4, render_a4_bytes
from hallapp.documents.a4_case import case_story
from hallapp.documents.a4_intake import DEFAULT_REMEDY, NOTHING_ELSE, PROVISIONAL_NOTE
from hallapp.documents.a4_parts import Styles
from hallapp.documents.fonts import (
    FALLBACK_PDF_FONT,
    PDF_FONT,
    font_runs,
    paragraph_markup,
    register_pdf_font,
)
from hallapp.documents.model import (
    CaseDocument,
    DocumentKind,
    FeeItem,
    GuideDocument,
    HallInfo,
    MaterialItem,
    PartyInfo,
    Reprint,
)
from hallapp.documents.output import DocumentWriteError

TOOLS = ("pdftotext", "pdffonts", "qpdf", "pdftoppm")
HALL = HallInfo(
    "长沙县黄花镇政务服务中心", "0731-84012345", "长沙县黄花镇黄兴大道8号", "430121104000"
)
CASE_NUMBER = "430121104000-20261128-0007"
FULL_ID = "430121198001011234"
MASKED_ID = "430***********1234"
RARE_NAME = "张𠮷䶮𬌗"
LONG_ADDRESS = ("湖南省长沙县黄花镇黄花村第三村民小组幸福路一百二十八号老粮站旁红砖房二楼东头" * 9)[
    :300
]
APPLICANT = PartyInfo(RARE_NAME, "居民身份证", MASKED_ID, "138****5678", LONG_ADDRESS)
AGENT = PartyInfo("李代办", "居民身份证", "430***********5678", "139****0000", "黄花村代办点")
MATERIALS = (
    MaterialItem("居民身份证", "原件和复印件", 1, "已收", original_seen=True),
    MaterialItem("户口簿", "复印件", 2, "已收"),
    MaterialItem("不动产权属证明", "原件", 1, "缺少", problem="提供不动产权证书原件"),
    MaterialItem("申请表", "原件", 1, "不符合要求", problem="申请人未签名，请签名并按手印"),
    MaterialItem("营业执照", "复印件", 1, "不适用"),
)
FEES = (
    FeeItem("不动产登记费", 8000),
    FeeItem("证书工本费", 1000),
    FeeItem("查询费", 500, waived=True, waiver_reason="低保对象"),
)
TOTAL_FEN = 9000


def case(kind: DocumentKind, **changes: object) -> CaseDocument:
    doc = CaseDocument(
        kind=kind,
        hall=HALL,
        case_number=CASE_NUMBER,
        query_password="Q7K2M9",
        query_hint="拨打0731-84012345或到服务中心窗口，报办件编号和查询密码查询",
        item_name="城乡居民基本养老保险参保登记",
        department="黄花镇社会保障服务站",
        applicant=APPLICANT,
        clerk_name="王晓红",
        printed_on=date(2026, 11, 28),
        received_at=datetime(2026, 11, 27, 9, 35),
        accepted_on=date(2026, 11, 27),
        promised_days="10个工作日",
        promised_due=date(2026, 12, 11),
        legal_due=date(2026, 12, 25),
        delivery_method="邮寄送达",
        proxy=AGENT,
        materials=MATERIALS,
        fees=FEES,
        payment_method="微信支付",
        receipt_number="HH2026-000123",
        refusal_reason="申请事项依法不属于本机关职权范围，请向长沙县医疗保障局申请。",
        decision_text="准予登记，发给参保凭证",
        completed_on=date(2026, 12, 8),
        handover_from="黄花村代办点 李代办",
        handover_to="黄花镇政务服务中心 综合窗口 王晓红",
        authorisation_scope="代为提交申请材料、领取办理结果",
        notes=("请保管好本通知书",),
    )
    return dataclasses.replace(doc, **changes)  # type: ignore[arg-type]


def guide(**changes: object) -> GuideDocument:
    doc = GuideDocument(
        hall=HALL,
        item_code="11430121MB1234567X4000117001",
        item_name="城乡居民基本养老保险参保登记",
        item_type="公共服务",
        department="黄花镇社会保障服务站",
        implementing_body="长沙县人力资源和社会保障局",
        legal_basis="《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）",
        conditions="年满16周岁（不含在校学生），非国家机关和事业单位工作人员，不属于职工基本养老保险覆盖范围的城乡居民。",
        flow="1. 申请人到窗口提交材料\n2. 窗口受理并审核\n3. 录入系统，办结",
        legal_limit="20个工作日",
        promised_limit="5个工作日",
        materials=MATERIALS[:2],
        fees=(),
        contact_phone="0731-84012399",
        agent_service=True,
        notes="可由村代办点代为办理。",
        printed_on=date(2026, 11, 28),
        extra={"办公时间": "周一至周五 8:30-12:00，14:30-17:30"},
    )
    return dataclasses.replace(doc, **changes)  # type: ignore[arg-type]


def run(*args: str | Path) -> str:
    """The command's output; skips the test if poppler or qpdf is missing, except under CI."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"missing {', '.join(missing)}: run tools/system-deps.sh test"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def write(tmp_path: Path, doc: CaseDocument | GuideDocument, name: str = "doc.pdf") -> Path:
    return render_a4(doc, tmp_path / name)


def text_of(pdf: Path) -> str:
    return run("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-")


def squeezed(text: str) -> str:
    return "".join(text.split())


def fonts_of(pdf: Path) -> list[dict[str, str]]:
    fonts = []
    for line in run("pdffonts", pdf).splitlines()[2:]:
        cells = line.split()
        fonts.append({"name": cells[0], "emb": cells[-5], "sub": cells[-4], "uni": cells[-3]})
    return fonts


def cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


COMMON = (
    HALL.name,
    CASE_NUMBER,
    RARE_NAME,
    "王晓红",
    "2026年11月28日",
    "城乡居民基本养老保险参保登记",
)
EXPECTED: dict[DocumentKind, tuple[str, ...]] = {
    DocumentKind.RECEIPT: (
        "受理通知书", MASKED_ID, LONG_ADDRESS, "李代办", "黄花镇社会保障服务站", "居民身份证",
        "户口簿", "原件和复印件", "已核验", "2026年11月27日", "10个工作日", "2026年12月11日",
        "2026年12月25日", "邮寄送达", HALL.phone, "Q7K2M9", "报办件编号和查询密码查询",
        "申请人签收", "经办人", "一式两份", "请保管好本通知书",
    ),
    DocumentKind.NOTICE: (
        "一次性告知书", MASKED_ID, "居民身份证", "户口簿", "不动产权属证明", "提供不动产权证书原件",
        "申请表", "申请人未签名，请签名并按手印", "缺少", "不符合要求", NOTHING_ELSE, "申请人签收",
        HALL.phone, "2026年11月27日",
    ),
    DocumentKind.REFUSAL: (
        "不予受理通知书", MASKED_ID, "申请事项依法不属于本机关职权范围，请向长沙县医疗保障局申请。",
        DEFAULT_REMEDY, "六十日", "六个月", "行政复议", "行政诉讼", "申请人签收",
    ),
    DocumentKind.BILL: (
        "收费收据", "一票制", MASKED_ID, "不动产登记费", "80.00", "证书工本费", "10.00", "查询费",
        "5.00", "减免：低保对象", f"¥{yuan(TOTAL_FEN)}", capital_amount(TOTAL_FEN), "玖拾元整",
        "微信支付", "HH2026-000123", "收款人",
    ),
    DocumentKind.PICKUP: (
        "办结通知书（取件凭证）", MASKED_ID, "准予登记，发给参保凭证", "2026年12月8日", "邮寄送达",
        HALL.address, "领取人签名", "Q7K2M9",
    ),
    DocumentKind.DELIVERY: (
        "送达回证", MASKED_ID, "准予登记，发给参保凭证", "送达方式", "邮寄送达", "送达地点",
        LONG_ADDRESS, "受送达人签名", "代收人", "年月日",
    ),
    DocumentKind.AUTHORISATION: (
        "代办委托书", MASKED_ID, "李代办", "430***********5678", "代为提交申请材料、领取办理结果",
        "居民身份证", "户口簿", "委托人（签名或按手印）", "受托人（签名）", LONG_ADDRESS,
    ),
    DocumentKind.HANDOVER: (
        "材料交接单", "黄花村代办点李代办", "黄花镇政务服务中心综合窗口王晓红", "居民身份证", "户口簿",
        "原件已核验", "共3项，其中原件2项、复印件2项", "移交人签名", "接收人签名", "李代办",
    ),
}  # fmt: skip
CASE_KINDS = tuple(EXPECTED)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[DocumentKind, Path]:
    """Each case document rendered once, shared by the read-only checks."""
    folder = tmp_path_factory.mktemp("a4")
    return {kind: write(folder, case(kind), f"{kind.value}.pdf") for kind in CASE_KINDS}


def test_every_case_kind_has_expectations() -> None:
    assert set(CASE_KINDS) == set(DocumentKind) - {DocumentKind.GUIDE}


@pytest.mark.parametrize("kind", CASE_KINDS, ids=lambda k: k.value)
def test_every_printed_field_is_in_the_text(
    kind: DocumentKind, rendered: dict[DocumentKind, Path]
) -> None:
    flat = squeezed(text_of(rendered[kind]))
    missing = [e for e in (*COMMON, *EXPECTED[kind]) if squeezed(e) not in flat]
    assert not missing
    assert FULL_ID not in flat
    assert "补打" not in flat


@pytest.mark.parametrize("kind", CASE_KINDS, ids=lambda k: k.value)
def test_qpdf_finds_no_errors(kind: DocumentKind, rendered: dict[DocumentKind, Path]) -> None:
    assert "No syntax or stream encoding errors found" in run("qpdf", "--check", rendered[kind])


@pytest.mark.parametrize("kind", CASE_KINDS, ids=lambda k: k.value)
def test_fonts_embedded_as_subsets_with_the_fallback(
    kind: DocumentKind, rendered: dict[DocumentKind, Path]
) -> None:
    fonts = fonts_of(rendered[kind])
    names = " ".join(f["name"] for f in fonts)
    assert PDF_FONT in names
    assert "HallappFallback" in names  # the applicant's name needs it
    for font in fonts:
        assert (font["emb"], font["sub"], font["uni"]) == ("yes", "yes", "yes"), font
        assert re.match(r"[A-Z]{6}\+", font["name"]), font
        assert "STSong" not in font["name"] and "Helvetica" not in font["name"]


@pytest.mark.parametrize("kind", CASE_KINDS, ids=lambda k: k.value)
def test_reprint_is_marked(kind: DocumentKind, tmp_path: Path) -> None:
    flat = squeezed(text_of(write(tmp_path, case(kind, reprint=Reprint(2)))))
    assert "补打（第2次）" in flat


def test_provisional_due_date_says_so(tmp_path: Path) -> None:
    firm = squeezed(text_of(write(tmp_path, case(DocumentKind.RECEIPT), "firm.pdf")))
    assert PROVISIONAL_NOTE not in firm
    doc = case(DocumentKind.RECEIPT, promised_due=date(2027, 1, 12), promised_provisional=True)
    flat = squeezed(text_of(write(tmp_path, doc)))
    assert "2027年1月12日" + PROVISIONAL_NOTE in flat


def test_refusal_prints_the_hall_s_own_remedy_when_given(tmp_path: Path) -> None:
    remedy = "如不服本决定，可在六十日内向长沙县人民政府申请行政复议。"
    flat = squeezed(text_of(write(tmp_path, case(DocumentKind.REFUSAL, remedy_text=remedy))))
    assert remedy in flat
    assert DEFAULT_REMEDY not in flat


def test_bill_without_fees_says_free(tmp_path: Path) -> None:
    flat = squeezed(text_of(write(tmp_path, case(DocumentKind.BILL, fees=()))))
    assert "本事项不收费" in flat


def test_delivery_at_the_window_names_the_hall_as_the_place(tmp_path: Path) -> None:
    doc = case(DocumentKind.DELIVERY, delivery_method="窗口领取")
    flat = squeezed(text_of(write(tmp_path, doc)))
    assert squeezed(HALL.address) in flat
    assert LONG_ADDRESS not in flat


def test_long_address_wraps_and_stays_on_the_page(rendered: dict[DocumentKind, Path]) -> None:
    pdf = rendered[DocumentKind.RECEIPT]
    text = text_of(pdf)
    assert not any(LONG_ADDRESS in line for line in text.splitlines()), "not wrapped"
    bbox = run("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-")
    page_width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))  # type: ignore[union-attr]
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert max(right_edges) <= page_width - 15 * 72 / 25.4 + 0.5


def long_materials() -> tuple[MaterialItem, ...]:
    return tuple(
        MaterialItem(f"第{i:02d}项证明材料（村民委员会出具）", "复印件", 1, "已收")
        for i in range(1, 61)
    )


@pytest.mark.parametrize(
    "kind", (DocumentKind.RECEIPT, DocumentKind.HANDOVER, DocumentKind.AUTHORISATION), ids=str
)
def test_long_material_list_continues_on_the_next_page(kind: DocumentKind, tmp_path: Path) -> None:
    pdf = write(tmp_path, case(kind, materials=long_materials()))
    pages = text_of(pdf).split("\f")[:-1]
    assert len(pages) >= 2
    flat = squeezed("".join(pages))
    assert all(f"第{i:02d}项证明材料" in flat for i in range(1, 61))
    assert "第60项证明材料" in squeezed("".join(pages[1:]))
    assert "材料名称" in pages[1], "the table's heading row is repeated"
    for number, page in enumerate(pages, start=1):
        assert re.search(rf"第\s*{number}\s*页\s*共\s*{len(pages)}\s*页", page)
    assert "经办人" in pages[-1]


def walk(flowables: list[Flowable]) -> Iterator[object]:
    for f in flowables:
        yield f
        if isinstance(f, Table):
            for row in f._cellvalues:
                for cell in row:
                    yield from walk(cell if isinstance(cell, list) else [cell])
        elif isinstance(f, KeepTogether):
            yield from walk(f._content)


def test_qr_and_barcode_carry_the_case_number(tmp_path: Path) -> None:
    story = case_story(case(DocumentKind.RECEIPT), Styles(register_pdf_font()))
    parts = list(walk(story))
    assert [w.value for w in parts if isinstance(w, QrCode)] == [CASE_NUMBER]
    assert [b.value for b in parts if isinstance(b, Code128)] == [CASE_NUMBER]
    if shutil.which("zbarimg"):  # decode the printed code where a decoder is installed
        pdf = write(tmp_path, case(DocumentKind.RECEIPT))
        run(
            "pdftoppm",
            "-r",
            "200",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf,
            tmp_path / "p",
        )
        out = subprocess.run(
            ["zbarimg", "-q", str(tmp_path / "p.png")], capture_output=True, text=True
        )
        assert f"QR-Code:{CASE_NUMBER}" in out.stdout
        assert f"CODE-128:{CASE_NUMBER}" in out.stdout


def test_guide_prints_every_section(tmp_path: Path) -> None:
    doc = guide(fees=(FeeItem("工本费", 1000, waived=True, waiver_reason="首次申领"),))
    flat = squeezed(text_of(write(tmp_path, doc)))
    for expected in (HALL.name, "办事指南", doc.item_name, doc.item_code, doc.item_type,
                     doc.implementing_body, doc.legal_basis, doc.conditions, "申请人到窗口提交材料",
                     "录入系统，办结", "20个工作日", "5个工作日", "居民身份证", "户口簿", "工本费",
                     "10.00", "可减免：首次申领", "0731-84012399", "免费代办", "可由村代办点代为办理",
                     "办公时间", "2026年11月28日"):  # fmt: skip
        assert squeezed(expected) in flat, expected


def test_long_guide_runs_over_pages_with_numbered_footers(tmp_path: Path) -> None:
    flow = "\n".join(
        f"{i}. 第{i}个环节：审核人员在系统中登记并流转至下一环节" for i in range(1, 41)
    )
    doc = guide(materials=long_materials(), flow=flow, conditions="符合条件的城乡居民。" * 80)
    pdf = write(tmp_path, doc)
    pages = text_of(pdf).split("\f")[:-1]
    assert len(pages) >= 3
    flat = squeezed("".join(pages))
    assert "第40个环节" in flat and "第60项证明材料" in flat
    for number, page in enumerate(pages, start=1):
        assert re.search(rf"第\s*{number}\s*页\s*共\s*{len(pages)}\s*页", page)
    assert "No syntax or stream encoding errors found" in run("qpdf", "--check", pdf)


def test_receipt_is_small(tmp_path: Path) -> None:
    data = render_a4_bytes(case(DocumentKind.RECEIPT))
    assert data.startswith(b"%PDF-")
    assert len(data) < 60_000
    assert b"/Subtype /Image" not in data


@pytest.mark.parametrize(
    "doc",
    [case(k) for k in CASE_KINDS] + [guide()],
    ids=lambda d: getattr(d, "kind", DocumentKind.GUIDE).value,
)
def test_first_page_rasterises(doc: CaseDocument | GuideDocument, tmp_path: Path) -> None:
    pdf = write(tmp_path, doc)
    run("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, tmp_path / "p1")
    png = (tmp_path / "p1.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 10_000  # a blank A4 page at 50 dpi compresses to far less


def test_unwritable_place_is_reported_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(DocumentWriteError, match="无法保存文件"):
        render_a4(case(DocumentKind.RECEIPT), tmp_path / "no such folder" / "x.pdf")
    assert list(tmp_path.iterdir()) == []


def test_markup_characters_print_as_typed(tmp_path: Path) -> None:
    applicant = dataclasses.replace(APPLICANT, name="A&B <黄花> 合作社")
    assert "A&B <黄花> 合作社" in text_of(
        write(tmp_path, case(DocumentKind.RECEIPT, applicant=applicant))
    )


def test_font_runs_send_only_missing_characters_to_the_fallback() -> None:
    assert font_runs("") == []
    assert font_runs("张三") == [(PDF_FONT, "张三")]
    assert font_runs("张𠮷䶮a𬌗") == [
        (PDF_FONT, "张"),
        (FALLBACK_PDF_FONT, "𠮷䶮"),
        (PDF_FONT, "a"),
        (FALLBACK_PDF_FONT, "𬌗"),
    ]
    assert paragraph_markup("𠮷&\n") == f'<font name="{FALLBACK_PDF_FONT}">𠮷</font>&amp;<br/>'


def test_a_guide_kind_is_not_a_case_document() -> None:
    with pytest.raises(ValueError, match="guide"):
        render_a4_bytes(case(DocumentKind.GUIDE))
