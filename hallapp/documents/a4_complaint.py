"""效能投诉登记处理单 (A4): the form a complaint is registered, handled and closed on, kept
in the hall's complaint file and signed by the handler and the supervisor.

What it says comes from the complaint as it stands when printed; parts not reached yet
(findings, reply, closing) print as blank ruled space to be filled in by hand. The
complainant's phone arrives masked unless the person printing may see it whole.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from hallapp.documents.a4_head import numbered_head
from hallapp.documents.a4_parts import (
    Field,
    Signer,
    Styles,
    cn_date,
    cn_datetime,
    field_grid,
    para,
    signature_lines,
)
from hallapp.documents.fonts import register_pdf_font
from hallapp.documents.model import HallInfo
from hallapp.documents.pages import PageFurniture, a4_document, furnished_canvas

__all__ = ["TITLE", "ComplaintDocument", "render_complaint_a4"]

TITLE = "效能投诉登记处理单"
_QR_SIZE = 24 * mm
# Room left for handwriting where a part is not reached yet.
_BLANK = "\n\n\n"


@dataclass(frozen=True)
class ComplaintDocument:
    hall: HallInfo
    number: str
    received_at: datetime
    channel: str  # label, e.g. 12345热线
    anonymous: bool
    complainant_name: str
    complainant_phone: str
    subject_kind: str  # label, e.g. 工作人员
    subject_label: str
    content: str
    days: int
    due_on: date
    due_provisional: bool
    extended_days: int
    extension_reason: str
    registered_by: str
    state: str  # label
    handler_name: str
    findings: str
    substantiated: bool | None
    reply: str
    replied_on: date | None
    closed_on_time: bool | None
    complainant_satisfied: bool | None
    closed_on: date | None
    printed_by: str
    printed_at: datetime


def render_complaint_a4(doc: ComplaintDocument) -> bytes:
    """The form as an A4 PDF with its font embedded."""
    styles = Styles(register_pdf_font())
    story = [*_head(doc, styles), *_body(doc, styles), *_closing(doc, styles)]
    furniture = PageFurniture(
        running_head=f"{doc.hall.name}　{TITLE}　投诉编号：{doc.number}",
        footer_left=f"打印人：{doc.printed_by}　打印时间：{doc.printed_at:%Y-%m-%d %H:%M}",
    )
    buffer = io.BytesIO()
    pdf = a4_document(buffer, title=f"{TITLE} {doc.number}", subject=doc.hall.name)
    pdf.build(story, canvasmaker=furnished_canvas(furniture))
    return buffer.getvalue()


def _head(doc: ComplaintDocument, styles: Styles) -> list[Flowable]:
    return numbered_head(
        doc.hall.name,
        TITLE,
        "投诉编号",
        doc.number,
        styles,
        side=_QR_SIZE + 4 * mm,
        qr_size=_QR_SIZE,
    )


def _yes_no(value: bool | None, yes: str, no: str, unknown: str = "") -> str:
    return unknown if value is None else (yes if value else no)


def _body(doc: ComplaintDocument, styles: Styles) -> list[Flowable]:
    due = cn_date(doc.due_on) + ("（暂定）" if doc.due_provisional else "")
    limit = f"{doc.days}个工作日，{due}前答复投诉人"
    if doc.extended_days:
        limit = f"{doc.days}个工作日，延期{doc.extended_days}个工作日，{due}前答复投诉人"
    registration = [
        Field("收到时间", cn_datetime(doc.received_at)),
        Field("投诉渠道", doc.channel),
        Field("投诉人", "匿名" if doc.anonymous else doc.complainant_name),
        Field("联系电话", "—" if doc.anonymous else (doc.complainant_phone or "未留")),
        Field("投诉对象", f"{doc.subject_kind}：{doc.subject_label}", wide=True),
        Field("投诉内容", doc.content, wide=True),
        Field("办理时限", limit, wide=True),
    ]
    if doc.extended_days:
        registration.append(Field("延期理由", doc.extension_reason, wide=True))
    registration += [Field("登记人", doc.registered_by), Field("当前状态", doc.state)]
    on_time = _yes_no(doc.closed_on_time, "按期答复", "超期答复")
    handling = [
        Field("承办人", doc.handler_name),
        Field("调查结论", _yes_no(doc.substantiated, "属实", "不属实")),
        Field("调查结果", doc.findings or _BLANK, wide=True),
    ]
    reply = [
        Field("答复日期", cn_date(doc.replied_on)),
        Field("是否按期", on_time),
        Field("答复内容", doc.reply or _BLANK, wide=True),
    ]
    closing = [
        Field("办结日期", cn_date(doc.closed_on)),
        Field(
            "投诉人意见",
            _yes_no(doc.complainant_satisfied, "满意", "不满意", "未征询" if doc.closed_on else ""),
        ),
    ]
    return [
        para("一、投诉登记", styles.heading),
        field_grid(registration, styles),
        para("二、调查处理", styles.heading),
        field_grid(handling, styles),
        para("三、答复投诉人", styles.heading),
        field_grid(reply, styles),
        para("四、办结", styles.heading),
        field_grid(closing, styles),
    ]


def _closing(doc: ComplaintDocument, styles: Styles) -> list[Flowable]:
    signers = (Signer("承办人（签名）", doc.handler_name), Signer("中心负责人（签名）"))
    return [
        KeepTogether(
            [
                Spacer(0, 5 * mm),
                para(f"{doc.hall.name}（盖章）", styles.right),
                para(cn_date(doc.printed_at.date()), styles.right),
                Spacer(0, 3 * mm),
                para(
                    "本单随投诉材料一并归档。投诉人的联系方式仅用于答复，不得告知被投诉人。",
                    styles.small,
                ),
                signature_lines(signers, styles),
            ]
        )
    ]
