"""What a printed document says: plain data that the services fill from a case and the
templates lay out. Nothing here reads the database or knows about Qt.

Every document names the hall, carries the case number (as text, QR code and, where the
layout has room, Code 128) and is signed off by the clerk's name and the date. ID numbers
arrive already masked unless the document's purpose needs the full number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class DocumentKind(StrEnum):
    """The documents the hall prints; the values are the command-line names."""

    RECEIPT = "receipt"  # 受理通知书（受理回执）
    NOTICE = "notice"  # 一次性告知书
    REFUSAL = "refusal"  # 不予受理通知书
    BILL = "bill"  # 收费收据（一票制）
    PICKUP = "pickup"  # 办结通知书（取件凭证）
    DELIVERY = "delivery"  # 送达回证
    AUTHORISATION = "authorisation"  # 代办委托书
    HANDOVER = "handover"  # 材料交接单
    GUIDE = "guide"  # 办事指南

    # The heading printed on the document. It shadows str.title on purpose: nothing here
    # title-cases a document name.
    @property
    def title(self) -> str:  # type: ignore[override]
        return _TITLES[self]


_TITLES = {
    DocumentKind.RECEIPT: "受理通知书",
    DocumentKind.NOTICE: "一次性告知书",
    DocumentKind.REFUSAL: "不予受理通知书",
    DocumentKind.BILL: "收费收据",
    DocumentKind.PICKUP: "办结通知书（取件凭证）",
    DocumentKind.DELIVERY: "送达回证",
    DocumentKind.AUTHORISATION: "代办委托书",
    DocumentKind.HANDOVER: "材料交接单",
    DocumentKind.GUIDE: "办事指南",
}


class PaperFormat(StrEnum):
    A4 = "a4"
    THERMAL_80MM = "80mm"  # counter receipt printers; receipt and bill only
    ESCPOS = "escpos"  # the same, as printer bytes; receipt and bill only


THERMAL_KINDS = frozenset({DocumentKind.RECEIPT, DocumentKind.BILL})


@dataclass(frozen=True)
class HallInfo:
    name: str
    phone: str
    address: str
    code: str


@dataclass(frozen=True)
class PartyInfo:
    """An applicant, an authorised person or an agent, as printed."""

    name: str
    document_type: str  # e.g. 居民身份证
    masked_number: str  # e.g. 430***********123X
    phone: str = ""  # masked where the document does not need it whole
    address: str = ""


@dataclass(frozen=True)
class MaterialItem:
    name: str
    form: str  # 原件 / 复印件 / 原件和复印件 …
    copies: int
    status: str  # 已收 / 缺少 / 不符合要求 / 不适用
    problem: str = ""  # what is wrong or needed (一次性告知)
    original_seen: bool = False


@dataclass(frozen=True)
class FeeItem:
    name: str
    amount_fen: int
    waived: bool = False
    waiver_reason: str = ""


@dataclass(frozen=True)
class Reprint:
    """补打: the n-th copy after the first print (1 for the first reprint)."""

    number: int


@dataclass(frozen=True)
class CaseDocument:
    """Everything any case document may show; each template uses what it needs."""

    kind: DocumentKind
    hall: HallInfo
    case_number: str
    query_password: str
    query_hint: str  # how to ask about the case (phone, counter, online), one line
    item_name: str
    department: str
    applicant: PartyInfo
    clerk_name: str
    printed_on: date
    received_at: datetime
    accepted_on: date | None = None
    promised_days: str = ""  # e.g. "10个工作日", "即办"
    promised_due: date | None = None
    promised_provisional: bool = False
    legal_due: date | None = None
    delivery_method: str = ""  # 窗口领取 / 邮寄 / 代办员送达 …
    proxy: PartyInfo | None = None  # 委托代理人 or 代办员
    materials: tuple[MaterialItem, ...] = ()
    fees: tuple[FeeItem, ...] = ()
    payment_method: str = ""
    receipt_number: str = ""
    refusal_reason: str = ""
    remedy_text: str = ""
    decision_text: str = ""  # 办结: the result (准予 / 不予许可 …)
    completed_on: date | None = None
    notes: tuple[str, ...] = ()
    reprint: Reprint | None = None
    handover_from: str = ""
    handover_to: str = ""
    authorisation_scope: str = ""


@dataclass(frozen=True)
class GuideDocument:
    """办事指南 of one catalogue item, for the wall board and the applicant."""

    hall: HallInfo
    item_code: str
    item_name: str
    item_type: str
    department: str
    implementing_body: str
    legal_basis: str
    conditions: str
    flow: str
    legal_limit: str  # e.g. "20个工作日"
    promised_limit: str
    materials: tuple[MaterialItem, ...]
    fees: tuple[FeeItem, ...]
    contact_phone: str
    agent_service: bool
    notes: str
    printed_on: date
    extra: dict[str, str] = field(default_factory=dict)
