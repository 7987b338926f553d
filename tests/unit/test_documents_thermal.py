"""80 mm counter slips: the receipt and the fee bill as a narrow PDF and as ESC/POS bytes.

The PDFs are read back with poppler's and qpdf's tools, as a print spooler would. The
printer bytes are read back by a small decoder that knows every command the slips use
and fails on any other, so a stray control byte in the text cannot go unnoticed.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import socket
import struct
import subprocess
import threading
import time
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from hallapp.core.identity import mask_id
from hallapp.documents.escpos_out import (
    EscposTarget,
    PrinterOutOfPaper,
    PrinterUnavailable,
    code128_command,
    escpos_bytes,
    send_escpos,
)
from hallapp.documents.escpos_text import wrap
from hallapp.documents.model import (
    THERMAL_KINDS,
    CaseDocument,
    DocumentKind,
    FeeItem,
    HallInfo,
    MaterialItem,
    PartyInfo,
    Reprint,
)
from hallapp.documents.thermal import render_80mm, render_80mm_bytes

TOOLS = ("pdftotext", "pdfinfo", "pdffonts", "qpdf", "pdftoppm")
HALL = HallInfo("长沙县黄花镇政务服务中心", "0731-84012345", "黄花镇黄花大道1号", "430121104000")
NUMBER = "430121104000-20261128-0007"
FULL_ID = "43012119900307123X"
MASKED_ID = mask_id(FULL_ID)
HINT = "拨打咨询电话或到一号窗口，报办件编号和查询密码"
LONG_ITEM = "农村集体经济组织成员宅基地使用权及地上房屋所有权不动产首次登记（含历史遗留问题处理）"
RARE_NAME = "刘䶮吉𠮷"  # Extension A and B: only the fallback font has them
MATERIALS = (
    MaterialItem("居民身份证", "原件", 1, "已收", original_seen=True),
    MaterialItem("户口簿", "复印件", 1, "已收"),
    MaterialItem("一寸免冠照片", "原件", 2, "已收"),
    MaterialItem("结婚证", "复印件", 1, "缺少", problem="未带"),
)
FEES = (
    FeeItem("工本费", 1000),
    FeeItem("证书费", 500, waived=True, waiver_reason="低保户"),
    FeeItem("邮寄费", 1250),
)
PAGE_WIDTH_PT = 80 / 25.4 * 72


def make_doc(kind: DocumentKind = DocumentKind.RECEIPT, **changes: Any) -> CaseDocument:
    fields: dict[str, Any] = dict(
        kind=kind,
        hall=HALL,
        case_number=NUMBER,
        query_password="382915",
        query_hint=HINT,
        item_name="城乡居民基本养老保险参保登记",
        department="县人力资源和社会保障局",
        applicant=PartyInfo("张三", "居民身份证", MASKED_ID, "138****5678"),
        clerk_name="李四",
        printed_on=date(2026, 11, 28),
        received_at=datetime(2026, 11, 28, 9, 30),
        accepted_on=date(2026, 11, 28),
        promised_days="10个工作日",
        promised_due=date(2026, 12, 12),
        promised_provisional=True,
        delivery_method="窗口领取",
        materials=MATERIALS,
        fees=FEES,
        payment_method="微信支付",
        receipt_number="SF-20261128-0031",
    )
    fields.update(changes)
    return CaseDocument(**fields)


def run(*args: str | Path) -> str:
    """The command's output; skips the test if poppler or qpdf is missing, except under CI."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"missing {', '.join(missing)}: run tools/system-deps.sh test"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def pdf(tmp_path: Path, doc: CaseDocument, name: str = "slip.pdf") -> Path:
    return render_80mm(doc, tmp_path / name)


def text_of(path: Path) -> str:
    return run("pdftotext", "-raw", "-enc", "UTF-8", path, "-")


def squeezed(text: str) -> str:
    return "".join(text.split())


def page_size(path: Path) -> tuple[float, float, int]:
    info = run("pdfinfo", path)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    pages = re.search(r"Pages:\s+(\d+)", info)
    assert size and pages, info
    return float(size[1]), float(size[2]), int(pages[1])


# --- the 80 mm PDF ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(THERMAL_KINDS))
def test_pdf_is_one_page_80_mm_wide_and_well_formed(tmp_path: Path, kind: DocumentKind) -> None:
    path = pdf(tmp_path, make_doc(kind))
    width, height, pages = page_size(path)
    assert width == pytest.approx(PAGE_WIDTH_PT, abs=0.01)  # pdfinfo: 226.77
    assert pages == 1
    assert 100 * 72 / 25.4 < height < 250 * 72 / 25.4
    assert "No syntax or stream encoding errors found" in run("qpdf", "--check", path)


def test_receipt_prints_every_field(tmp_path: Path) -> None:
    flat = squeezed(text_of(pdf(tmp_path, make_doc())))
    for expected in (
        HALL.name, "受理回执", NUMBER, "382915", "张三", MASKED_ID, "城乡居民基本养老保险参保登记",
        "2026年11月28日", "2026年12月12日（暂定）", "暂定日期", "居民身份证（原件1份）",
        "户口簿（复印件1份）", "已收材料（3项）", "窗口领取", HALL.phone, squeezed(HINT),
        "受理人：李四", "10个工作日",
    ):  # fmt: skip
        assert expected in flat, expected
    assert FULL_ID not in flat
    assert "结婚证" not in flat, "a missing material is no received material"
    assert "补打" not in flat


def test_a_full_id_number_handed_in_is_masked(tmp_path: Path) -> None:
    doc = make_doc(applicant=PartyInfo("张三", "居民身份证", FULL_ID))
    flat = squeezed(text_of(pdf(tmp_path, doc)))
    assert MASKED_ID in flat
    assert FULL_ID not in flat
    assert FULL_ID not in escpos_bytes(doc).decode("gb18030", errors="replace")


def test_firm_due_date_has_no_provisional_note(tmp_path: Path) -> None:
    flat = squeezed(text_of(pdf(tmp_path, make_doc(promised_provisional=False))))
    assert "2026年12月12日" in flat
    assert "暂定" not in flat


def test_bill_prints_fees_waivers_and_the_total_in_capitals(tmp_path: Path) -> None:
    doc = make_doc(DocumentKind.BILL, reprint=Reprint(2))
    flat = squeezed(text_of(pdf(tmp_path, doc)))
    for expected in (
        HALL.name, "收费收据", "补打（第2次）", "SF-20261128-0031", NUMBER, "张三", MASKED_ID,
        "工本费10.00", "证书费5.00", "减免（低保户）-5.00", "邮寄费12.50", "合计￥22.50",
        "贰拾贰元伍角", "微信支付", "收款人：李四", "2026年11月28日",
    ):  # fmt: skip
        assert expected in flat, expected


def test_long_item_name_wraps_within_the_paper(tmp_path: Path) -> None:
    path = pdf(tmp_path, make_doc(item_name=LONG_ITEM))
    text = text_of(path)
    assert LONG_ITEM in squeezed(text)
    assert not any(LONG_ITEM in line for line in text.splitlines()), "not wrapped"
    bbox = run("pdftotext", "-bbox", "-enc", "UTF-8", path, "-")
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert max(right_edges) <= PAGE_WIDTH_PT - 4 * 72 / 25.4 + 0.5


def test_rare_characters_print_with_the_fallback_font(tmp_path: Path) -> None:
    name = RARE_NAME + "欧阳诸葛司马慕容上官端木皇甫建国" * 2
    path = pdf(tmp_path, make_doc(applicant=PartyInfo(name, "居民身份证", MASKED_ID)))
    assert name in squeezed(text_of(path))
    fonts = run("pdffonts", path)
    assert "HallappFallback" in fonts
    assert "Helvetica" not in fonts


def test_long_list_makes_the_page_taller_not_cut(tmp_path: Path) -> None:
    many = tuple(MaterialItem(f"证明材料第{i}号", "原件", 1, "已收") for i in range(1, 61))
    _w, short, _p = page_size(pdf(tmp_path, make_doc(), "short.pdf"))
    path = pdf(tmp_path, make_doc(materials=many), "long.pdf")
    _width, tall, pages = page_size(path)
    assert pages == 1
    assert tall > short + 57 * 10  # 57 more entries, at least 10 pt each
    flat = squeezed(text_of(path))
    assert all(f"{i}.证明材料第{i}号（原件1份）" in flat for i in range(1, 61))
    assert flat.endswith("请妥善保管本回执，凭此查询进度、领取结果。")


@pytest.mark.parametrize("kind", sorted(set(DocumentKind) - THERMAL_KINDS))
def test_other_documents_are_refused(tmp_path: Path, kind: DocumentKind) -> None:
    doc = make_doc(kind)
    with pytest.raises(ValueError, match="80 mm slips exist only for"):
        render_80mm(doc, tmp_path / "x.pdf")
    with pytest.raises(ValueError, match="A4"):
        escpos_bytes(doc)
    with pytest.raises(ValueError):
        send_escpos(doc, EscposTarget.file(tmp_path / "x.bin"))
    assert list(tmp_path.iterdir()) == []


def test_rasterises_at_the_width_of_the_paper(tmp_path: Path) -> None:
    path = pdf(tmp_path, make_doc())
    run("pdftoppm", "-r", "100", "-png", "-singlefile", path, tmp_path / "slip")
    png = (tmp_path / "slip.png").read_bytes()
    width, height = struct.unpack(">II", png[16:24])
    assert width == 315  # 80 mm at 100 dpi
    assert height > 2 * width


def test_codes_scan_back_to_the_case_number(tmp_path: Path) -> None:
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (zbar-tools) not installed")
    run("pdftoppm", "-r", "300", "-png", "-singlefile", pdf(tmp_path, make_doc()), tmp_path / "s")
    found = subprocess.run(["zbarimg", "-q", tmp_path / "s.png"], capture_output=True, text=True)
    assert f"QR-Code:{NUMBER}" in found.stdout
    assert f"CODE-128:{NUMBER}" in found.stdout


def test_render_bytes_is_a_pdf() -> None:
    data = render_80mm_bytes(make_doc(DocumentKind.BILL))
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")


# --- ESC/POS -----------------------------------------------------------------------------


def decode(data: bytes) -> tuple[list[bytes], list[str]]:
    """The commands and the printed lines of ``data``; fails on a command it does not know."""
    commands: list[bytes] = []
    text = bytearray()
    i = 0
    while i < len(data):
        byte = data[i]
        if byte not in (0x1B, 0x1C, 0x1D):
            text.append(byte)
            i += 1
            continue
        prefix, op = data[i], data[i + 1]
        if prefix == 0x1B:
            n = {b"@": 2, b"E": 3, b"M": 3, b"a": 3, b"d": 3, b"!": 3}[bytes([op])]
        elif prefix == 0x1C:
            n = {b"&": 2, b".": 2}[bytes([op])]
        elif op == ord("("):
            n = 5 + data[i + 3] + 256 * data[i + 4]
        elif op == ord("k"):
            assert data[i + 2] >= 65, "function A bar codes are not used"
            n = 4 + data[i + 3]
        elif op == ord("V"):
            n = 3 if data[i + 2] in (0, 1, 48, 49) else 4
        else:
            n = {b"!": 3, b"B": 3, b"h": 3, b"w": 3, b"H": 3}[bytes([op])]
        commands.append(data[i : i + n])
        i += n
    lines = text.decode("gb18030").split("\n")
    assert lines[-1] == "", "text after the last line feed is never printed"
    return commands, lines[:-1]


def columns(line: str) -> int:
    # A GB18030 printer gives every non-ASCII character a full cell.
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" or ord(c) > 0x7F else 1 for c in line)


def printed(doc: CaseDocument, tmp_path: Path) -> tuple[bytes, list[bytes], list[str]]:
    out = tmp_path / "slip.bin"
    send_escpos(doc, EscposTarget.file(out))
    data = out.read_bytes()
    return data, *decode(data)


def test_escpos_receipt_through_a_file_target(tmp_path: Path) -> None:
    doc = make_doc()
    data, commands, lines = printed(doc, tmp_path)
    assert data == escpos_bytes(doc)
    assert data.startswith(b"\x1b@\x1c&"), "initialise, then Chinese character mode"
    assert commands[-1] == b"\x1dV\x00", "ends with a cut"
    # GS ( k pL pH cn=1 fn=P m=0 data: store the symbol's data.
    assert b"\x1d(k" + struct.pack("<H", len(NUMBER) + 3) + b"1P0" + NUMBER.encode() in data
    assert any(c.startswith(b"\x1dkI") for c in commands), "Code 128"
    assert b"\x1d!\x01" in commands, "title in double height"
    assert lines[0] == HALL.name
    assert lines[1] == "受理回执"
    assert "-" * 48 in lines
    for expected in (
        f"办件编号：  {NUMBER}", "查询密码：  382915", "申请人：    张三",
        f"居民身份证：{MASKED_ID}", "预计办结：  2026年12月12日（暂定）",
        "1. 居民身份证（原件1份）", "送达方式：  窗口领取", f"咨询电话：  {HALL.phone}",
        "受理人：    李四", "打印日期：  2026年11月28日",
    ):  # fmt: skip
        assert expected in lines, expected
    assert squeezed(HINT) in squeezed("".join(lines))
    assert FULL_ID not in "".join(lines)


def test_escpos_bill_aligns_amounts_right(tmp_path: Path) -> None:
    _data, commands, lines = printed(make_doc(DocumentKind.BILL, reprint=Reprint(1)), tmp_path)
    assert "\u3000补打（第1次）\u3000" in lines
    assert b"\x1dB\x01" in commands, "the reprint mark white on black"
    for label, amount in (("工本费", "10.00"), ("证书费", "5.00"), ("减免（低保户）", "-5.00"),
                          ("邮寄费", "12.50"), ("合计", "￥22.50")):  # fmt: skip
        line = next(x for x in lines if x.strip().startswith(label))
        assert line.endswith(amount), line
        assert columns(line) == 48, line
    assert any(re.fullmatch(r"大写： +贰拾贰元伍角", x) for x in lines), lines
    assert any(re.fullmatch(r"缴费方式： *微信支付", x) for x in lines), lines


def test_no_escpos_line_is_wider_than_the_paper(tmp_path: Path) -> None:
    doc = make_doc(
        item_name=LONG_ITEM,
        applicant=PartyInfo("买买提·艾力" * 6, "港澳居民来往内地通行证", "H1234****"),
        query_hint=HINT + "，或登录 https://zwfw.example.gov.cn/query?no=" + NUMBER * 3,
        materials=tuple(MaterialItem(LONG_ITEM, "原件和复印件", 2, "已收") for _ in range(12)),
        fees=(FeeItem(LONG_ITEM, 123456789), *FEES),
    )
    for kind in sorted(THERMAL_KINDS):
        _data, _commands, lines = printed(dataclasses.replace(doc, kind=kind), tmp_path)
        too_wide = [line for line in lines if columns(line) > 48]
        assert not too_wide
    assert LONG_ITEM in squeezed("".join(lines))


def test_control_characters_never_reach_the_printer(tmp_path: Path) -> None:
    doc = make_doc(applicant=PartyInfo("张\x1b@三\x1dV\x00", "居民身份证", MASKED_ID))
    data, commands, lines = printed(doc, tmp_path)
    assert data.count(b"\x1b@") == 1
    assert sum(c.startswith(b"\x1dV") for c in commands) == 1
    assert any(line.startswith("申请人：") and "张" in line and "三" in line for line in lines)


def test_rare_characters_go_out_as_gb18030(tmp_path: Path) -> None:
    _data, _commands, lines = printed(make_doc(applicant=PartyInfo(RARE_NAME, "", "")), tmp_path)
    assert any(x.startswith("申请人：") and x.endswith(RARE_NAME) for x in lines), lines


def test_code128_uses_code_set_c_for_digits_and_refuses_what_will_not_fit() -> None:
    command = code128_command(NUMBER)
    assert command is not None
    data = command[command.index(b"\x1dkI") + 4 :]
    assert data == b"{C" + bytes([43, 1, 21, 10, 40, 0]) + b"{B-{C" + bytes(
        [20, 26, 11, 28]
    ) + b"{B-{C" + bytes([0, 7])  # fmt: skip
    assert code128_command("X" * 40) is None  # 40 symbols in code set B: wider than 72 mm
    assert code128_command("张三") is None
    assert code128_command("1234567") == code128_command("1234567")
    odd = code128_command("A12345")
    assert odd is not None and odd.endswith(b"{BA1{C" + bytes([23, 45]))


def test_wrap_keeps_punctuation_and_ascii_words_together() -> None:
    assert wrap("一二三四五六七八九十一二三四，好", 28) == ["一二三四五六七八九十一二三", "四，好"]
    assert wrap("电话 0731-84012345 咨询", 14) == ["电话", "0731-84012345", "咨询"]
    assert wrap("a\tb\nc") == ["a b", "c"]
    assert wrap("") == [""]


# --- sending -----------------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


class FakePrinter:
    """A network printer on localhost that answers the paper query with ``status``, or
    not at all when ``status`` is None, and keeps what it receives."""

    def __init__(self, status: int | None) -> None:
        self.status = status
        self.received = b""
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        conn, _ = self._server.accept()
        with conn:
            conn.settimeout(5)
            query = conn.recv(3)
            self.received += query
            if query == b"\x10\x04\x04" and self.status is not None:
                conn.sendall(bytes([self.status]))
            while chunk := conn.recv(65536):
                self.received += chunk
        self._server.close()

    def join(self) -> None:
        self._thread.join(5)


def test_closed_port_is_reported_in_chinese_at_once() -> None:
    target = EscposTarget.network("127.0.0.1", closed_port(), timeout=2)
    started = time.monotonic()
    with pytest.raises(PrinterUnavailable, match="打印机未连接或无法访问") as raised:
        send_escpos(make_doc(), target)
    assert time.monotonic() - started < 2
    assert "网络打印机 127.0.0.1" in raised.value.message
    assert "连接被拒绝" in raised.value.message


def test_printer_without_paper_is_reported_and_gets_no_job() -> None:
    printer = FakePrinter(status=0x72)  # paper end sensor set
    with pytest.raises(PrinterOutOfPaper, match="打印机缺纸"):
        send_escpos(make_doc(), EscposTarget.network("127.0.0.1", printer.port))
    printer.join()
    assert printer.received == b"\x10\x04\x04"


@pytest.mark.parametrize("status", [0x12, None], ids=["paper present", "no status answer"])
def test_network_printer_receives_the_whole_job(status: int | None) -> None:
    printer = FakePrinter(status)
    doc = make_doc(DocumentKind.BILL)
    started = time.monotonic()
    send_escpos(doc, EscposTarget.network("127.0.0.1", printer.port))
    printer.join()
    assert time.monotonic() - started < 2
    assert printer.received == b"\x10\x04\x04" + escpos_bytes(doc)


@pytest.mark.parametrize(
    "target",
    [
        EscposTarget.usb(0x0416, 0x5011),
        EscposTarget.serial("/dev/no-such-printer"),
        EscposTarget.file(Path("/no/such/folder/printer")),
    ],
    ids=["usb", "serial", "file"],
)
def test_unreachable_printers_are_reported_in_chinese(target: EscposTarget) -> None:
    with pytest.raises(PrinterUnavailable, match=r"^打印机未连接或无法访问："):
        send_escpos(make_doc(), target)


@pytest.mark.parametrize(
    "make",
    [
        lambda: EscposTarget.network("", 9100),
        lambda: EscposTarget.network("10.0.0.9", 70000),
        lambda: EscposTarget.usb(0, 5),
        lambda: EscposTarget.serial(""),
        lambda: EscposTarget.network("10.0.0.9", timeout=0),
    ],
)
def test_impossible_targets_are_refused(make: Any) -> None:
    with pytest.raises(ValueError):
        make()
