"""The receipt and the fee bill sent to the counter's receipt printer (小票打印机) as
ESC/POS bytes, and recorded on the case only once the printer took them; here the printer
is a file, or a network port nobody listens on."""

from __future__ import annotations

import socket
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hallapp.app import AppContext
from hallapp.core.intake import Decision
from hallapp.db.models import AuditRecord, CaseEvent, CasePrint
from hallapp.documents.escpos_send import EscposTarget, PrinterUnavailable
from hallapp.documents.model import DocumentKind, PaperFormat
from hallapp.documents.render import UnsupportedFormat
from hallapp.services import cases, printing
from hallapp.services.actors import Actor
from tests.integration.test_printing import TRANSFER, take_in

AT = datetime(2026, 3, 2, 10, 15)
# GS ( k pL pH cn=49 fn=80 m=48: store the QR symbol's data (python-escpos's native QR).
QR_STORE = b"\x1d(k"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def qr_data(data: bytes) -> bytes:
    """What the slip's QR code holds, read from its store-data command."""
    at = 0
    while (at := data.find(QR_STORE, at)) >= 0:
        length = data[at + 3] + 256 * data[at + 4]
        body = data[at + 5 : at + 5 + length]
        if body[:2] == b"1P":  # cn=49 '1', fn=80 'P': store data, then m=48 '0'
            return body[3:]
        at += 5 + length
    raise AssertionError("no QR code data in the bytes")


def counted(ctx: AppContext, model: type[CasePrint] | type[CaseEvent] | type[AuditRecord]) -> int:
    with ctx.read_uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_receipt_sent_to_a_file_printer_is_escpos_and_recorded(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    case_id = take_in(demo, clerk, Decision.ACCEPT)
    detail = cases.case_detail(demo.read_uow(), case_id)
    out = tmp_path / "lp0"
    target = EscposTarget.file(out)

    record = printing.send_to_counter_printer(
        demo.uow(), clerk, case_id, DocumentKind.RECEIPT, target, now=AT
    )

    data = out.read_bytes()
    assert data.startswith(b"\x1b@\x1c&"), "initialise, then Chinese character mode"
    assert qr_data(data) == detail.number.encode("ascii")
    assert detail.applicant_name in data.decode("gb18030", errors="replace")
    assert "受理回执" in data.decode("gb18030", errors="replace")  # the slip's own title
    assert record.printer == f"ESC/POS：{target.describe()}"
    assert record.printer.startswith("ESC/POS：打印文件 ")
    assert (record.kind, record.fmt, record.copy_no) == (
        DocumentKind.RECEIPT,
        PaperFormat.ESCPOS,
        1,
    )
    assert record.printed_at == AT and record.printed_by == clerk.name
    assert printing.print_history(demo.read_uow(), case_id) == [record]
    with demo.read_uow() as uow:
        comment = uow.session.scalar(
            select(CaseEvent.comment).where(
                CaseEvent.case_id == case_id, CaseEvent.action == "print"
            )
        )
    assert comment == f"打印受理通知书 → {record.printer}"


def test_the_second_slip_is_marked_as_a_reprint(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    case_id = take_in(demo, clerk, Decision.ACCEPT, TRANSFER, fees=True)
    target = EscposTarget.file(tmp_path / "slip.bin")
    first = printing.send_to_counter_printer(demo.uow(), clerk, case_id, DocumentKind.BILL, target)
    assert "补打" not in (tmp_path / "slip.bin").read_bytes().decode("gb18030", "replace")
    second = printing.send_to_counter_printer(demo.uow(), clerk, case_id, DocumentKind.BILL, target)
    text = (tmp_path / "slip.bin").read_bytes().decode("gb18030", errors="replace")
    assert "补打" in text and "90.00" in text
    assert (first.copy_no, second.copy_no) == (1, 2)
    assert second.label == "收费收据（补打第1次）"


def test_an_unreachable_network_printer_records_nothing(demo: AppContext, clerk: Actor) -> None:
    case_id = take_in(demo, clerk, Decision.ACCEPT)
    before = [counted(demo, m) for m in (CasePrint, CaseEvent, AuditRecord)]
    target = EscposTarget.network("127.0.0.1", closed_port(), timeout=2)

    with pytest.raises(PrinterUnavailable, match="打印机未连接或无法访问") as raised:
        printing.send_to_counter_printer(demo.uow(), clerk, case_id, DocumentKind.RECEIPT, target)

    assert "网络打印机 127.0.0.1" in raised.value.message
    assert [counted(demo, m) for m in (CasePrint, CaseEvent, AuditRecord)] == before
    assert printing.print_history(demo.read_uow(), case_id) == []


def test_only_the_receipt_and_the_bill_go_to_the_counter_printer(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    case_id = take_in(demo, clerk, Decision.NOTICE, missing="困难情况证明材料")
    out = tmp_path / "slip.bin"
    with pytest.raises(UnsupportedFormat, match="一次性告知书只能用A4纸打印"):
        printing.send_to_counter_printer(
            demo.uow(), clerk, case_id, DocumentKind.NOTICE, EscposTarget.file(out)
        )
    assert not out.exists()
    assert printing.print_history(demo.read_uow(), case_id) == []


def test_a_receipt_the_case_does_not_have_is_refused_before_printing(
    demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    case_id = take_in(demo, clerk, Decision.NOTICE, missing="困难情况证明材料")
    out = tmp_path / "slip.bin"
    with pytest.raises(printing.NotApplicable, match="尚未受理"):
        printing.send_to_counter_printer(
            demo.uow(), clerk, case_id, DocumentKind.RECEIPT, EscposTarget.file(out)
        )
    assert not out.exists()
