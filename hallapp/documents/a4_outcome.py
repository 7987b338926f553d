"""Papers of money and of the result: 收费收据 (all fees of a case on one bill, 一票制),
办结通知书 with its 取件凭证, and 送达回证 (proof of delivery, signed by the recipient)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from hallapp.core.money import capital_amount, yuan
from hallapp.documents.a4_parts import (
    GRID,
    LABEL_FILL,
    Body,
    Field,
    Signer,
    Styles,
    cn_date,
    cn_datetime,
    date_blanks,
    field_grid,
    held,
    item_table,
    materials_table,
    numbered,
    para,
    party_fields,
)
from hallapp.documents.model import CaseDocument
from hallapp.documents.pages import FRAME_WIDTH

__all__ = ["bill_body", "delivery_body", "pickup_body"]


def bill_body(doc: CaseDocument, styles: Styles) -> Body:
    """收费收据: every fee item, waivers shown as 减免, the total in figures and capitals."""
    rows = []
    for i, fee in enumerate(doc.fees, start=1):
        waiver = (
            "减免" + (f"：{fee.waiver_reason}" if fee.waiver_reason else "") if fee.waived else ""
        )
        due = 0 if fee.waived else fee.amount_fen
        rows.append((str(i), fee.name, yuan(fee.amount_fen), waiver, yuan(due)))
    total = sum(fee.amount_fen for fee in doc.fees if not fee.waived)
    fees: Flowable = (
        item_table(
            ("序号", "收费项目", "金额（元）", "减免", "实收（元）"),
            rows,
            (1.2, 6.5, 2.4, 4, 2.4),
            styles,
            centered=(0,),
            right=(2, 4),
            footer=(
                (
                    f"合计人民币（大写）：{capital_amount(total)}",
                    "",
                    "",
                    "（小写）",
                    f"¥{yuan(total)}",
                ),
            ),
        )
        if rows
        else para("本事项不收费。", styles.body)
    )
    fields = [
        Field("缴款人", doc.applicant.name),
        Field("证件号码", f"{doc.applicant.document_type}　{doc.applicant.masked_number}"),
        Field("收费事项", doc.item_name, wide=True),
        Field("收费单位", doc.department or doc.hall.name),
        Field("收据号码", doc.receipt_number),
        Field("缴费方式", doc.payment_method),
        Field("收费日期", cn_date(doc.printed_on)),
    ]
    content: list[Flowable] = [
        para("（一票制）", styles.subtitle),
        Spacer(0, 2 * mm),
        field_grid(fields, styles),
        para("收费明细", styles.heading),
        fees,
    ]
    if doc.notes:
        content += [para("备注", styles.heading), *numbered(doc.notes, styles)]
    return Body(
        content,
        signers=(Signer("缴款人"), Signer("收款人", doc.clerk_name)),
        copies="一票制收费：本办件的全部收费合并开具本收据。",
    )


def pickup_body(doc: CaseDocument, styles: Styles) -> Body:
    """办结通知书（取件凭证）: the case is done, the result and where to collect it."""
    fields = [
        *party_fields("申请人", doc.applicant),
        Field("申请事项", doc.item_name, wide=True),
        Field("承办部门", doc.department),
        Field("受理日期", cn_date(doc.accepted_on)),
        Field("办结日期", cn_date(doc.completed_on)),
        Field("领取方式", doc.delivery_method),
        Field("办理结果", doc.decision_text, wide=True),
        Field("领取地点", f"{doc.hall.name}　{doc.hall.address}", wide=True),
        Field("咨询电话", doc.hall.phone),
        Field("查询密码", doc.query_password),
    ]
    content: list[Flowable] = [
        para(f"{doc.applicant.name}：", styles.body),
        para(
            f"您于{cn_datetime(doc.received_at)}申请办理的“{doc.item_name}”已于"
            f"{cn_date(doc.completed_on)}办结，办理结果：{doc.decision_text}。"
            "请凭本凭证和本人有效身份证件领取办理结果；委托他人领取的，"
            "受托人还需携带委托书和本人有效身份证件。",
            styles.letter,
        ),
        field_grid(fields, styles),
    ]
    handed = held(doc.materials)
    if handed:
        content += [para("交付的材料", styles.heading), materials_table(handed, styles)]
    if doc.notes:
        content += [para("说明", styles.heading), *numbered(doc.notes, styles)]
    return Body(
        content,
        signers=(Signer("领取人签名"), Signer("经办人", doc.clerk_name)),
        copies="领取时请出示本凭证；领取人签名后，本凭证由受理机关留存。",
        issued_on=doc.completed_on,
    )


def delivery_body(doc: CaseDocument, styles: Styles) -> Body:
    """送达回证: one ruled form that the recipient signs and the hall files."""
    recipient = doc.applicant
    if "窗口" in doc.delivery_method or not recipient.address:
        place = f"{doc.hall.name}　{doc.hall.address}"
    else:
        place = recipient.address
    document = doc.decision_text or "办理结果"
    rows: list[tuple[str, str | list[Flowable]]] = [
        ("送达文书", f"“{doc.item_name}”{document}"),
        ("受送达人", recipient.name),
        ("证件号码", f"{recipient.document_type}　{recipient.masked_number}"),
        ("送达地点", place),
        ("送达方式", doc.delivery_method),
        ("送达人", doc.clerk_name if doc.proxy is None else f"{doc.clerk_name}　{doc.proxy.name}"),
        ("受送达人签名", _signed(styles)),
        ("代收人签名及代收理由", _signed(styles)),
        ("备注", "；".join(doc.notes)),
    ]
    data = [
        [
            para(label, styles.cell_center),
            value if isinstance(value, list) else para(value, styles.cell),
        ]
        for label, value in rows
    ]
    label_width = 38 * mm
    form = Table(
        data,
        colWidths=[label_width, FRAME_WIDTH - label_width],
        splitInRow=1,
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.font),
                ("BOX", (0, 0), (-1, -1), 1.2, GRID),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, GRID),
                ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ]
        ),
    )
    return Body(
        [Spacer(0, 2 * mm), form],
        copies="受送达人签名或者盖章后，本回证由送达机关存档。",
        issued_on=doc.completed_on,
    )


def _signed(styles: Styles) -> list[Flowable]:
    """Room to sign, with the date to fill in below."""
    return [Spacer(0, 14 * mm), date_blanks(styles)]
