"""What an 80 mm counter slip says, line by line, before any layout.

The receipt (受理回执) and the fee bill (收费收据) are printed either as a narrow PDF or as
ESC/POS bytes straight to a counter printer. Both renderers lay out the same :class:`Slip`,
so the two never disagree on what the applicant takes home.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from hallapp.core.identity import mask_id
from hallapp.core.money import capital_amount, yuan
from hallapp.documents.model import THERMAL_KINDS, CaseDocument, DocumentKind, PartyInfo

__all__ = [
    "Slip",
    "SlipAmount",
    "SlipCodes",
    "SlipField",
    "SlipLine",
    "SlipRule",
    "SlipText",
    "check_thermal_kind",
    "format_day",
    "slip_for",
]

# The name the applicant knows the document by; 受理通知书 is the A4 form's title.
_TITLES = {DocumentKind.RECEIPT: "受理回执", DocumentKind.BILL: "收费收据"}
_RECEIVED = "已收"
PROVISIONAL_NOTE = "暂定日期：如需补正材料或依法中止、延长，办结日期相应顺延，届时另行告知。"


@dataclass(frozen=True)
class SlipField:
    """``label：value``; a long value wraps under itself, not under the label."""

    label: str
    value: str
    strong: bool = False


@dataclass(frozen=True)
class SlipText:
    """A paragraph: a list heading, a numbered list entry, a small note or a centred line."""

    text: str
    role: Literal["heading", "item", "note", "centre"]


@dataclass(frozen=True)
class SlipAmount:
    """A fee line: the name on the left, the amount in figures flush right."""

    label: str
    amount: str
    strong: bool = False
    detail: bool = False  # a waiver under its fee line, set in from the left


@dataclass(frozen=True)
class SlipRule:
    """A dashed line between the parts of the slip."""


@dataclass(frozen=True)
class SlipCodes:
    """The case number as QR code and, where it fits, as Code 128."""

    value: str


SlipLine = SlipField | SlipText | SlipAmount | SlipRule | SlipCodes


@dataclass(frozen=True)
class Slip:
    hall_name: str
    title: str
    mark: str  # 补打 mark, empty on the first print
    lines: tuple[SlipLine, ...]


def check_thermal_kind(doc: CaseDocument) -> None:
    """Refuse the documents that have no 80 mm layout (everything but receipt and bill)."""
    if doc.kind not in THERMAL_KINDS:
        allowed = "、".join(f"{k.value}（{_TITLES[k]}）" for k in sorted(THERMAL_KINDS))
        raise ValueError(
            f"80 mm slips exist only for {allowed}; {doc.kind.value} ({doc.kind.title}) "
            "needs the A4 layout"
        )


def format_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def slip_for(doc: CaseDocument) -> Slip:
    """The slip of a receipt or bill; ``ValueError`` for any other kind of document."""
    check_thermal_kind(doc)
    lines = _receipt_lines(doc) if doc.kind is DocumentKind.RECEIPT else _bill_lines(doc)
    mark = f"补打（第{doc.reprint.number}次）" if doc.reprint is not None else ""
    return Slip(doc.hall.name, _TITLES[doc.kind], mark, tuple(lines))


def _receipt_lines(doc: CaseDocument) -> list[SlipLine]:
    accepted = doc.accepted_on or doc.received_at.date()
    lines: list[SlipLine] = [
        SlipRule(),
        SlipField("办件编号", doc.case_number, strong=True),
        SlipCodes(doc.case_number),
        SlipField("查询密码", doc.query_password, strong=True),
        SlipRule(),
        SlipField("申请人", doc.applicant.name),
        *_id_field(doc.applicant),
    ]
    if doc.proxy is not None:
        lines += [SlipField("代理人", doc.proxy.name), *_id_field(doc.proxy)]
    lines.append(SlipField("办理事项", doc.item_name))
    if doc.department:
        lines.append(SlipField("承办部门", doc.department))
    lines.append(SlipField("受理日期", format_day(accepted)))
    if doc.promised_days:
        lines.append(SlipField("承诺时限", doc.promised_days))
    if doc.promised_due is not None:
        due = format_day(doc.promised_due)
        if doc.promised_provisional:
            due += "（暂定）"
        lines.append(SlipField("预计办结", due, strong=True))
        if doc.promised_provisional:
            lines.append(SlipText(PROVISIONAL_NOTE, "note"))

    received = [m for m in doc.materials if m.status == _RECEIVED]
    lines += [SlipRule(), SlipText(f"已收材料（{len(received)}项）", "heading")]
    if not received:
        lines.append(SlipText("无", "item"))
    for number, material in enumerate(received, start=1):
        # Form and copies in brackets keep each entry to one line on the slip.
        detail = f"{material.form}{material.copies}份" if material.form else f"{material.copies}份"
        lines.append(SlipText(f"{number}. {material.name}（{detail}）", "item"))

    lines.append(SlipRule())
    if doc.delivery_method:
        lines.append(SlipField("送达方式", doc.delivery_method))
    if doc.hall.phone:
        lines.append(SlipField("咨询电话", doc.hall.phone))
    if doc.query_hint:
        lines.append(SlipField("查询方式", doc.query_hint))
    lines += [SlipText(note, "note") for note in doc.notes]
    lines += [
        SlipRule(),
        SlipField("受理人", doc.clerk_name),
        SlipField("打印日期", format_day(doc.printed_on)),
        SlipText("请妥善保管本回执，凭此查询进度、领取结果。", "centre"),
    ]
    return lines


def _bill_lines(doc: CaseDocument) -> list[SlipLine]:
    lines: list[SlipLine] = [SlipRule()]
    if doc.receipt_number:
        lines.append(SlipField("收据编号", doc.receipt_number, strong=True))
    lines += [
        SlipField("办件编号", doc.case_number),
        SlipCodes(doc.case_number),
        SlipField("缴款人", doc.applicant.name),
        *_id_field(doc.applicant),
        SlipField("办理事项", doc.item_name),
        SlipRule(),
        SlipAmount("收费项目", "金额（元）"),
    ]
    total = 0
    for fee in doc.fees:
        lines.append(SlipAmount(fee.name, yuan(fee.amount_fen)))
        if fee.waived:
            reason = f"（{fee.waiver_reason}）" if fee.waiver_reason else ""
            lines.append(SlipAmount(f"减免{reason}", yuan(-fee.amount_fen), detail=True))
        else:
            total += fee.amount_fen
    if not doc.fees:
        lines.append(SlipText("无收费项目", "item"))
    lines += [
        SlipRule(),
        SlipAmount("合计", f"￥{yuan(total)}", strong=True),
        SlipField("大写", capital_amount(total), strong=True),
    ]
    if doc.payment_method:
        lines.append(SlipField("缴费方式", doc.payment_method))
    lines += [
        SlipRule(),
        SlipField("收款人", doc.clerk_name),
        SlipField("日期", format_day(doc.printed_on)),
    ]
    lines += [SlipText(note, "note") for note in doc.notes]
    return lines


def _id_field(party: PartyInfo) -> list[SlipField]:
    """The party's ID line, none for a party without a number."""
    number = party.masked_number
    if not number:
        return []
    # A slip leaves the hall in the applicant's pocket: a number that reaches it unmasked
    # by mistake is masked here rather than printed whole.
    if "*" not in number:
        number = mask_id(number)
    return [SlipField(party.document_type or "证件号码", number)]
