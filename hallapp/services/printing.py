"""Printing a case's documents (打印文书): which ones a case may have, the document as
the applicant will hold it, and the record of every copy handed out.

What a document says comes from the database as it stands: the current due dates
(pauses and extensions included), the materials as last checked, the fees on the one
bill. A copy printed after the first is marked 补打 on the paper, so a replacement can
never pass for the original. Rendering records nothing (a preview is not a print);
:func:`record_print` records the copy once it has gone to a printer or a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallapp.core.catalogue import Handling
from hallapp.core.intake import MaterialStatus
from hallapp.core.lifecycle import Action, State
from hallapp.core.limits import LimitUnit, TimeLimit
from hallapp.db import repositories as repo
from hallapp.db.models import Case, CaseEvent, CasePrint, ItemVersion, ServiceItem
from hallapp.db.uow import UnitOfWork
from hallapp.documents.model import (
    DocumentKind,
    FeeItem,
    GuideDocument,
    MaterialItem,
    PaperFormat,
)
from hallapp.documents.output import write_atomically
from hallapp.documents.render import UnsupportedFormat, formats_for, render
from hallapp.errors import InvalidInput, NotFound
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.case_records import add_audit, add_event
from hallapp.services.document_data import FINISHED, case_document, form_label, hall_info

if TYPE_CHECKING:
    from hallapp.documents.escpos_send import EscposTarget

__all__ = [
    "CASE_KINDS",
    "COUNTER_KINDS",
    "DocumentChoice",
    "NotApplicable",
    "PrintRecord",
    "RenderedDocument",
    "document_choices",
    "find_case",
    "print_history",
    "record_print",
    "render_document",
    "render_guide",
    "send_to_counter_printer",
    "write_document",
    "write_guide",
]

# The documents of a case, in the order the print menu lists them.
CASE_KINDS = (
    DocumentKind.RECEIPT,
    DocumentKind.NOTICE,
    DocumentKind.REFUSAL,
    DocumentKind.BILL,
    DocumentKind.PICKUP,
    DocumentKind.DELIVERY,
    DocumentKind.AUTHORISATION,
    DocumentKind.HANDOVER,
)
# What the counter's receipt printer (小票打印机) takes: the slips handed over the counter.
COUNTER_KINDS = (DocumentKind.RECEIPT, DocumentKind.BILL)
_PRINTERS = (Role.CLERK, Role.SUPERVISOR, Role.AGENT)
_OUTSTANDING = frozenset({MaterialStatus.MISSING.value, MaterialStatus.DEFECTIVE.value})
# How a print record names its destination when it is not a printer.
FILE_PRINTER = "文件："
ESCPOS_PRINTER = "ESC/POS："
# How a guide's materials list marks a material as required or not (the status column).
GUIDE_REQUIRED = "必需"
GUIDE_OPTIONAL = "视情提供"


class NotApplicable(InvalidInput):
    """The case is not in a state that has this document, e.g. a receipt before 受理."""


@dataclass(frozen=True)
class DocumentChoice:
    """One line of the print menu: the document, whether this case has it and, if not,
    why (in words the clerk can repeat to the applicant)."""

    kind: DocumentKind
    applies: bool
    reason_if_not: str
    formats: tuple[PaperFormat, ...]

    @property
    def title(self) -> str:
        return self.kind.title


@dataclass(frozen=True)
class RenderedDocument:
    kind: DocumentKind
    fmt: PaperFormat
    data: bytes
    copy_no: int  # the copy this will be once printed: 1 for the first, 2 for 补打第1次
    file_name: str  # e.g. 受理通知书-430121104000-20260302-0001.pdf

    @property
    def is_reprint(self) -> bool:
        return self.copy_no > 1


@dataclass(frozen=True)
class PrintRecord:
    id: int
    case_id: int
    kind: DocumentKind
    fmt: PaperFormat
    copy_no: int
    printer: str
    printed_by: str
    printed_at: datetime

    @property
    def label(self) -> str:
        """受理通知书, or 受理通知书（补打第1次）."""
        return _copy_label(self.kind, self.copy_no)


def _copy_label(kind: DocumentKind, copy_no: int) -> str:
    return kind.title + (f"（补打第{copy_no - 1}次）" if copy_no > 1 else "")


# --- which documents a case has ------------------------------------------------------------


def _notice_issued(session: Session, case: Case) -> bool:
    if case.state == State.AWAITING_SUPPLEMENT.value:
        return True
    found = session.scalar(
        select(CaseEvent.id)
        .where(CaseEvent.case_id == case.id, CaseEvent.action == Action.ISSUE_NOTICE.value)
        .limit(1)
    )
    return found is not None


def _why_not(session: Session, case: Case, kind: DocumentKind) -> str:
    """Empty when ``case`` has the document ``kind``, otherwise the reason it has not."""
    state = State(case.state)
    title = kind.title
    if state is State.VOIDED:
        return f"办件已作废，不能打印{title}"
    accepted = case.accepted_on is not None
    if kind is DocumentKind.RECEIPT:
        if state is State.REFUSED:
            return f"办件已不予受理，不能打印{title}，请打印不予受理通知书"
        return "" if accepted else f"办件尚未受理，不能打印{title}"
    if kind is DocumentKind.NOTICE:
        if state is State.SUPPLEMENT_AFTER_ACCEPTANCE:
            return ""  # 补正 after acceptance: the open pause says what is needed
        if not _notice_issued(session, case):
            return f"办件没有作出一次性告知，不能打印{title}"
        if not any(m.status in _OUTSTANDING for m in case.materials):
            return f"办件没有缺少或不符合要求的材料，不能打印{title}"
        return ""
    if kind is DocumentKind.REFUSAL:
        return "" if state is State.REFUSED else f"办件没有被不予受理，不能打印{title}"
    if kind is DocumentKind.BILL:
        if not case.fees:
            return f"办件没有收费项目，不能打印{title}"
        # Fees are paid on acceptance (一票制); before it nothing was collected to receipt.
        return "" if accepted else f"办件尚未受理，费用尚未收取，不能打印{title}"
    if kind in (DocumentKind.PICKUP, DocumentKind.DELIVERY):
        return "" if state in FINISHED else f"办件尚未办结，不能打印{title}"
    if kind in (DocumentKind.AUTHORISATION, DocumentKind.HANDOVER):
        if case.proxy_name or case.agent_id is not None:
            return ""
        return f"办件没有委托代理人或代办员，不能打印{title}"
    return f"{title}不是办件的文书"


def find_case(uow: UnitOfWork, number: str) -> int:
    """The id of the case with this 办件编号, typed with or without its hyphens."""
    digits = number.strip().replace("-", "")
    wanted = number.strip()
    if digits.isdigit() and 21 <= len(digits) <= 24:
        wanted = f"{digits[:12]}-{digits[12:20]}-{int(digits[20:]):04d}"
    with uow:
        found = uow.session.scalar(select(Case.id).where(Case.number == wanted))
    if found is None:
        raise NotFound(f"找不到办件：{number.strip()}")
    return found


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"找不到办件 {case_id}")
    return case


def _check_applies(session: Session, case: Case, kind: DocumentKind) -> None:
    reason = _why_not(session, case, kind)
    if reason:
        raise NotApplicable(reason)


def document_choices(uow: UnitOfWork, case_id: int) -> list[DocumentChoice]:
    """Every case document, each with whether this case has it, for the print menu."""
    with uow:
        session = uow.session
        case = _case(session, case_id)
        choices = []
        for kind in CASE_KINDS:
            reason = _why_not(session, case, kind)
            choices.append(DocumentChoice(kind, not reason, reason, formats_for(kind)))
        return choices


# --- the document as printed ---------------------------------------------------------------


def _earlier_prints(session: Session, case_id: int, kind: DocumentKind) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(CasePrint)
            .where(CasePrint.case_id == case_id, CasePrint.kind == kind.value)
        )
        or 0
    )


def _file_name(kind: DocumentKind, number: str, fmt: PaperFormat) -> str:
    if fmt is PaperFormat.ESCPOS:
        return f"{kind.title}-{number}.bin"
    suffix = "-80mm" if fmt is PaperFormat.THERMAL_80MM else ""
    return f"{kind.title}-{number}{suffix}.pdf"


def _signer(actor: Actor, case: Case) -> str:
    """Who signs as 经办人: the user printing; the command line acts for the hall, not for a
    person, so there the clerk who took the case in signs."""
    return actor.name if actor.staff_id is not None else case.clerk_name


def render_document(
    uow: UnitOfWork,
    actor: Actor,
    case_id: int,
    kind: DocumentKind,
    fmt: PaperFormat = PaperFormat.A4,
    today: date | None = None,
) -> RenderedDocument:
    """The document as it will print now, marked 补打 if this kind was printed before.

    Refuses a document the case does not have (:class:`NotApplicable`, with the reason)
    and a paper the document does not fit (:class:`~hallapp.documents.render.UnsupportedFormat`).
    Records nothing: call :func:`record_print` once the copy is out.
    """
    require_any(actor, "打印文书", *_PRINTERS)
    if kind not in CASE_KINDS:
        raise InvalidInput(f"{kind.title}不是办件的文书")
    today = today or date.today()
    with uow:
        session = uow.session
        case = _case(session, case_id)
        _check_applies(session, case, kind)
        earlier = _earlier_prints(session, case_id, kind)
        doc = case_document(session, case, kind, _signer(actor, case), today, earlier)
        number = case.number
    data = render(doc, fmt)
    return RenderedDocument(kind, fmt, data, earlier + 1, _file_name(kind, number, fmt))


def record_print(
    uow: UnitOfWork,
    actor: Actor,
    case_id: int,
    kind: DocumentKind,
    fmt: PaperFormat,
    printer: str,
    now: datetime | None = None,
) -> PrintRecord:
    """Record a copy handed out: the print row, the case's timeline step and the audit
    record, together. ``printer`` names the printer, or ``文件：<path>``, or
    ``ESC/POS：<target>``."""
    require_any(actor, "打印文书", *_PRINTERS)
    if kind not in CASE_KINDS:
        raise InvalidInput(f"{kind.title}不是办件的文书")
    if fmt not in formats_for(kind):
        raise UnsupportedFormat(kind, fmt)
    printer = printer.strip()
    if not printer:
        raise InvalidInput("请写明打印到哪台打印机或哪个文件")
    now = now or datetime.now()
    with uow:
        session = uow.session
        case = _case(session, case_id)
        _check_applies(session, case, kind)
        copy_no = _earlier_prints(session, case_id, kind) + 1
        row = CasePrint(
            case_id=case_id,
            kind=kind.value,
            format=fmt.value,
            copy_no=copy_no,
            printer=printer,
            printed_by=actor.name,
            printed_at=now,
        )
        session.add(row)
        session.flush()
        comment = f"打印{_copy_label(kind, copy_no)} → {printer}"
        add_event(session, case_id, actor, "print", case.state, case.state, comment, now)
        add_audit(
            session,
            actor,
            f"print.{kind.value}",
            case_id,
            {"number": case.number, "format": fmt.value, "copy_no": copy_no, "printer": printer},
            now,
        )
        record = _record(row)
        uow.commit()
        return record


def _record(row: CasePrint) -> PrintRecord:
    return PrintRecord(
        row.id,
        row.case_id,
        DocumentKind(row.kind),
        PaperFormat(row.format),
        row.copy_no,
        row.printer,
        row.printed_by,
        row.printed_at,
    )


def print_history(uow: UnitOfWork, case_id: int) -> list[PrintRecord]:
    """Every copy printed of the case's documents, oldest first."""
    with uow:
        session = uow.session
        _case(session, case_id)
        rows = session.scalars(
            select(CasePrint).where(CasePrint.case_id == case_id).order_by(CasePrint.id)
        )
        return [_record(r) for r in rows]


def send_to_counter_printer(
    uow: UnitOfWork,
    actor: Actor,
    case_id: int,
    kind: DocumentKind,
    target: EscposTarget,
    now: datetime | None = None,
) -> PrintRecord:
    """Print the 受理通知书 or 收费收据 on the counter's receipt printer (小票打印机) and
    record the copy, marked 补打 like any other copy after the first.

    The copy is recorded only once the printer has taken the job: a
    :class:`~hallapp.documents.escpos_send.PrinterError` (printer unreachable, out of
    paper) reaches the caller unchanged with its message for the clerk, and nothing is
    recorded, so the next attempt is still the copy it would have been. Other documents
    are refused with :class:`~hallapp.documents.render.UnsupportedFormat`.
    """
    require_any(actor, "打印文书", *_PRINTERS)
    if kind not in CASE_KINDS:
        raise InvalidInput(f"{kind.title}不是办件的文书")
    if kind not in COUNTER_KINDS:
        raise UnsupportedFormat(kind, PaperFormat.ESCPOS)
    now = now or datetime.now()
    with uow:
        session = uow.session
        case = _case(session, case_id)
        _check_applies(session, case, kind)
        earlier = _earlier_prints(session, case_id, kind)
        doc = case_document(session, case, kind, _signer(actor, case), now.date(), earlier)
    # Imported here: python-escpos takes about a quarter of a second to load, which only
    # a computer with a counter printer should pay, and only when it prints.
    from hallapp.documents.escpos_out import send_escpos

    # Sent outside the transaction: a printer that takes seconds to answer must not hold
    # the database.
    send_escpos(doc, target)
    printer = f"{ESCPOS_PRINTER}{target.describe()}"
    return record_print(uow, actor, case_id, kind, PaperFormat.ESCPOS, printer, now)


# --- the item guide --------------------------------------------------------------------------


def _guide_version(session: Session, item: int | str) -> ItemVersion:
    """The version with this id, or the current version of the item with this 实施编码."""
    version_id: int | None
    if isinstance(item, int):
        version_id = item
    else:
        version_id = session.scalar(
            select(ItemVersion.id)
            .join(ServiceItem, ServiceItem.id == ItemVersion.item_id)
            .where(ServiceItem.code == item.strip(), ItemVersion.is_current.is_(True))
        )
    version = repo.item_version_full(session, version_id) if version_id is not None else None
    if version is None:
        raise NotFound(f"找不到事项：{item}")
    return version


def render_guide(uow: UnitOfWork, item: int | str, today: date | None = None) -> bytes:
    """办事指南 of a catalogue item as an A4 PDF: ``item`` is a version id, or the item's
    实施编码 for its current version."""
    with uow:
        session = uow.session
        hall = hall_info(repo.the_hall(session))
        v = _guide_version(session, item)
        legal = TimeLimit(v.legal_limit, LimitUnit(v.legal_unit))
        promised = TimeLimit(v.promised_limit, LimitUnit(v.promised_unit))
        doc = GuideDocument(
            hall=hall,
            item_code=v.item.code,
            item_name=v.name,
            item_type=v.item_type,
            department=v.department,
            implementing_body=v.implementing_body,
            legal_basis=v.legal_basis,
            conditions=v.conditions,
            flow=v.flow,
            legal_limit=legal.describe(),
            promised_limit=promised.describe(),
            materials=tuple(
                MaterialItem(
                    name=m.name,
                    form=form_label(m.form),
                    copies=m.copies,
                    status=GUIDE_REQUIRED if m.required else GUIDE_OPTIONAL,
                    problem=m.notes,
                )
                for m in v.materials
            ),
            fees=tuple(FeeItem(f.name, f.amount_fen) for f in v.fees),
            contact_phone=v.contact_phone or hall.phone,
            agent_service=v.agent_service,
            notes=v.notes,
            printed_on=today or date.today(),
            extra={"办理方式": Handling(v.handling).label},
        )
    return render(doc, PaperFormat.A4)


# --- to a file ---------------------------------------------------------------------------------


def write_document(
    uow: UnitOfWork,
    actor: Actor,
    case_id: int,
    kind: DocumentKind,
    fmt: PaperFormat,
    path: Path,
) -> PrintRecord:
    """Print to a file: render, save ``path`` whole or not at all, then record the copy
    with the printer ``文件：<path>``. A directory gets the document's own file name."""
    rendered = render_document(uow, actor, case_id, kind, fmt)
    if path.is_dir():
        path = path / rendered.file_name
    write_atomically(path, _writer(rendered.data))
    return record_print(uow, actor, case_id, kind, fmt, f"{FILE_PRINTER}{path.resolve()}")


def write_guide(uow: UnitOfWork, item: int | str, path: Path) -> Path:
    """Save the 办事指南 of ``item`` (see :func:`render_guide`) as an A4 PDF at ``path``."""
    data = render_guide(uow, item)
    return write_atomically(path, _writer(data))


def _writer(data: bytes) -> Callable[[BinaryIO], None]:
    def write(file: BinaryIO) -> None:
        file.write(data)

    return write


def send_test_slip(hall_name: str, title: str, connection: str, target: EscposTarget) -> str:
    """A few lines that show the counter printer is reached and prints Chinese, then the
    cut. Nothing of a case is on it, so nothing is recorded. Returns where it went."""
    from escpos.constants import HW_INIT, PAPER_FULL_CUT

    from hallapp.documents.escpos_out import CHINESE_MODE_ON, ENCODING
    from hallapp.documents.escpos_send import send_bytes

    lines = [hall_name or "便民服务中心", title, f"连接：{connection}", "中文显示正常即可使用"]
    text = "\n".join(lines) + "\n\n\n\n"
    send_bytes(
        HW_INIT + CHINESE_MODE_ON + text.encode(ENCODING, errors="replace") + PAPER_FULL_CUT, target
    )
    return target.describe()
