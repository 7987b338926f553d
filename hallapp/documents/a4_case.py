"""What every A4 case document shares: the head with the hall, the title and the codes,
the 补打 mark, the parties, the closing lines, and the choice of body by kind.

The head is laid out in three columns: the 补打 mark (when there is one) on the left,
the hall's name and the title centred on the page, the QR code on the right; below it
the case number in figures beside its Code 128 barcode.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from hallapp.documents.a4_agent import authorisation_body, handover_body
from hallapp.documents.a4_head import numbered_head
from hallapp.documents.a4_intake import notice_body, receipt_body, refusal_body
from hallapp.documents.a4_outcome import bill_body, delivery_body, pickup_body
from hallapp.documents.a4_parts import GRID, Body, Styles, cn_date, para, signature_lines
from hallapp.documents.model import CaseDocument, DocumentKind
from hallapp.documents.pages import PageFurniture

__all__ = ["case_furniture", "case_story"]

_SIDE = 34 * mm
_QR_SIZE = 27 * mm

_BODIES: dict[DocumentKind, Callable[[CaseDocument, Styles], Body]] = {
    DocumentKind.RECEIPT: receipt_body,
    DocumentKind.NOTICE: notice_body,
    DocumentKind.REFUSAL: refusal_body,
    DocumentKind.BILL: bill_body,
    DocumentKind.PICKUP: pickup_body,
    DocumentKind.DELIVERY: delivery_body,
    DocumentKind.AUTHORISATION: authorisation_body,
    DocumentKind.HANDOVER: handover_body,
}


def case_story(doc: CaseDocument, styles: Styles) -> list[Flowable]:
    """The flowables of a case document: head, the body of its kind, closing lines."""
    body = _BODIES.get(doc.kind)
    if body is None:
        raise ValueError(f"{doc.kind.value} is not a case document")
    made = body(doc, styles)
    return [*_head(doc, styles), *made.content, *_closing(doc, made, styles)]


def case_furniture(doc: CaseDocument) -> PageFurniture:
    reprint = f"　补打（第{doc.reprint.number}次）" if doc.reprint else ""
    return PageFurniture(
        running_head=f"{doc.hall.name}　{doc.kind.title}　办件编号：{doc.case_number}",
        # The clerk signs in the body; the footer only ties a loose page to its case.
        footer_left=f"{doc.kind.title}　办件编号：{doc.case_number}{reprint}",
    )


def _head(doc: CaseDocument, styles: Styles) -> list[Flowable]:
    left: Flowable | str = _reprint_mark(doc.reprint.number, styles) if doc.reprint else ""
    return numbered_head(
        doc.hall.name,
        doc.kind.title,
        "办件编号",
        doc.case_number,
        styles,
        side=_SIDE,
        qr_size=_QR_SIZE,
        left=left,
    )


def _reprint_mark(number: int, styles: Styles) -> Table:
    """A boxed 补打 mark, so a copy printed again is never taken for the original."""
    return Table(
        [[para(f"补打（第{number}次）", styles.stamp)]],
        colWidths=[_SIDE - 2 * mm],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.font),
                ("BOX", (0, 0), (-1, -1), 1.6, GRID),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )


def _closing(doc: CaseDocument, body: Body, styles: Styles) -> list[Flowable]:
    """The hall and the date where the seal goes, the signature lines, then who printed
    the paper and when. Kept together so no one signs a page that has only lines on it."""
    seal = [
        Spacer(0, 5 * mm),
        para(f"{doc.hall.name}（盖章）", styles.right),
        para(cn_date(body.issued_on or doc.printed_on), styles.right),
    ]
    signing: list[Flowable] = [Spacer(0, 3 * mm)]
    if body.copies:
        signing.append(para(body.copies, styles.small))
    if body.signers:
        signing.append(signature_lines(body.signers, styles))
    printed = para(
        f"经办人：{doc.clerk_name}　　打印日期：{cn_date(doc.printed_on)}"
        f"　　咨询电话：{doc.hall.phone}",
        styles.small,
    )
    return [KeepTogether([*seal, *signing, Spacer(0, 3 * mm), printed])]
